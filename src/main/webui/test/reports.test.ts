import { describe, expect, it } from 'vitest';
import {
  barCount, chartAxis, chartMax, chartOf, csvFileName, defaultFilter, filterFromQuery, normalGrouping, queryOf,
  quickRange, quickRangeOf, reportPath, reportsFor, switchReport, ticks, type ReportTable,
} from '../src/state/reports';

const TODAY = new Date(2026, 11, 15, 10, 30); // 15 Dec 2026, local

function table(report: string, groupBy: string[], columns: string[], rows: ReportTable['rows']): ReportTable {
  return { report, from: '2026-12-01', to: '2026-12-15', zone: 'Asia/Shanghai', groupBy, columns, rows };
}

describe('which reports a role reads', () => {
  it('gives supervisors and admins every report and an agent only its own figures', () => {
    expect(reportsFor(['supervisor'])).toEqual(['volume', 'queues', 'agents', 'service-requests']);
    expect(reportsFor(['admin', 'agent'])).toHaveLength(4);
    expect(reportsFor(['agent'])).toEqual(['agents']);
    expect(reportsFor(['datacentre'])).toEqual([]);
  });
});

describe('date ranges', () => {
  it('has quick picks ending today, both days included', () => {
    expect(quickRange('today', TODAY)).toEqual({ from: '2026-12-15', to: '2026-12-15' });
    expect(quickRange('last7', TODAY)).toEqual({ from: '2026-12-09', to: '2026-12-15' });
    expect(quickRange('month', TODAY)).toEqual({ from: '2026-12-01', to: '2026-12-15' });
    expect(quickRange('last30', TODAY)).toEqual({ from: '2026-11-16', to: '2026-12-15' });
    // across a year's end
    expect(quickRange('last7', new Date(2027, 0, 3))).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });

  it('knows which quick pick a range is', () => {
    expect(quickRangeOf('2026-12-09', '2026-12-15', TODAY)).toBe('last7');
    expect(quickRangeOf('2026-12-01', '2026-12-15', TODAY)).toBe('month');
    expect(quickRangeOf('2026-12-02', '2026-12-15', TODAY)).toBeNull();
  });
});

describe('filters, URL and API path', () => {
  it('reads the URL within what the roles allow and writes it back the same', () => {
    const f = filterFromQuery('report=queues&from=2026-12-01&to=2026-12-10&groupBy=day,queue&queueId=7&channel=CHAT',
      reportsFor(['supervisor']), TODAY);
    expect(f).toEqual({ report: 'queues', from: '2026-12-01', to: '2026-12-10', groupBy: ['queue', 'day'],
      queueId: 7, channel: 'CHAT' });
    expect(filterFromQuery(queryOf(f), reportsFor(['supervisor']), TODAY)).toEqual(f);
  });

  it('falls back to defaults for what the URL gets wrong or the role may not read', () => {
    const agent = filterFromQuery('report=volume&from=2026-12-10&to=2026-12-01&groupBy=agent,colour&queueId=3',
      reportsFor(['agent']), TODAY);
    expect(agent).toEqual({ report: 'agents', from: '2026-12-09', to: '2026-12-15', groupBy: ['agent'],
      queueId: null, channel: '' });
    expect(filterFromQuery('', reportsFor(['supervisor']), TODAY)).toEqual(defaultFilter('volume', TODAY));
    expect(filterFromQuery('report=volume&channel=PIGEON', reportsFor(['admin']), TODAY).channel).toBe('');
  });

  it('keeps the agents report per agent and keys in the report order', () => {
    expect(normalGrouping('agents', ['disposition'])).toEqual(['agent', 'disposition']);
    expect(normalGrouping('volume', ['channel', 'hour', 'day', 'agent'])).toEqual(['day', 'hour', 'channel']);
  });

  it('asks the API for JSON or CSV with the same filters, and only the filters the report takes', () => {
    const f = { report: 'volume' as const, from: '2026-12-01', to: '2026-12-07', groupBy: ['day', 'channel'],
      queueId: 4, channel: 'SMS' };
    expect(reportPath(f)).toBe('/api/reports/volume?from=2026-12-01&to=2026-12-07&groupBy=day%2Cchannel&queueId=4&channel=SMS');
    expect(reportPath(f, 'csv')).toBe(`${reportPath(f)}&format=csv`);
    const agents = switchReport(f, 'agents');
    expect(agents).toEqual({ report: 'agents', from: '2026-12-01', to: '2026-12-07', groupBy: ['agent'], queueId: null, channel: '' });
    expect(reportPath({ ...agents, queueId: 4, channel: 'SMS' })).toBe('/api/reports/agents?from=2026-12-01&to=2026-12-07&groupBy=agent');
    expect(switchReport(f, 'queues')).toMatchObject({ groupBy: ['queue'], queueId: 4, channel: 'SMS' });
  });

  it('names the download as the service does', () => {
    const f = defaultFilter('queues', TODAY);
    expect(csvFileName('attachment; filename="queues_2026-12-01_2026-12-02.csv"', f)).toBe('queues_2026-12-01_2026-12-02.csv');
    expect(csvFileName(null, f)).toBe('queues_2026-12-09_2026-12-15.csv');
  });
});

describe('the chart of a report', () => {
  it('stacks volume per channel along the days, a bar per channel and day with contacts', () => {
    const t = table('volume', ['day', 'channel'], ['day', 'channel', 'arrived', 'outbound', 'answered', 'abandoned'], [
      ['2026-12-01', 'SMS', 4, 0, 4, 0],
      ['2026-12-01', 'CHAT', 10, 1, 9, 1],
      ['2026-12-02', 'CHAT', 7, 0, 7, 0],
    ]);
    const chart = chartOf('volume', t);
    expect(chart.stacked).toBe(true);
    expect(chart.unit).toBe('count');
    expect(chart.axis).toEqual(['day']);
    expect(chart.categories.map((c) => c.id)).toEqual(['2026-12-01', '2026-12-02']);
    // channels in the console's order, whatever order the rows came in
    expect(chart.series.map((s) => [s.id, s.kind, s.values])).toEqual([
      ['CHAT', 'channel', [10, 7]],
      ['SMS', 'channel', [4, null]],
    ]);
    expect(barCount(chart)).toBe(3);
    expect(chartMax(chart)).toBe(14);
  });

  it('adds up what is not on the axis: volume by hour and queue drawn per hour', () => {
    const t = table('volume', ['hour', 'queue'], ['hour', 'queueId', 'queueName', 'arrived', 'outbound', 'answered', 'abandoned'], [
      [9, 1, 'Cards', 3, 0, 3, 0],
      [9, 2, 'Loans', 2, 0, 2, 0],
      [10, 1, 'Cards', 5, 0, 5, 0],
    ]);
    const chart = chartOf('volume', t);
    expect(chart.axis).toEqual(['hour']);
    expect(chart.series).toEqual([{ id: 'arrived', kind: 'figure', values: [5, 5] }]);
    expect(chartAxis('volume', ['queue', 'channel', 'tier'])).toEqual(['queue', 'tier']);
  });

  it('draws service level and abandonment per queue from the summed counts, none where nothing was offered', () => {
    const columns = ['queueId', 'queueName', 'day', 'arrived', 'answered', 'answeredInTarget', 'abandoned',
      'abandonedInTarget', 'serviceLevel', 'abandonmentRate', 'averageSpeedOfAnswerSeconds', 'handled',
      'averageHandleSeconds', 'closed', 'resolvedFirstContact', 'firstContactResolution'];
    const t = table('queues', ['queue', 'day'], columns, [
      [1, 'Cards', '2026-12-01', 4, 3, 3, 1, 0, 0.75, 0.25, 10, 3, 100, 3, 2, 0.6667],
      [1, 'Cards', '2026-12-02', 6, 5, 4, 1, 1, 0.8333, 0.1667, 12, 5, 90, 5, 5, 1],
      [2, 'Loans', '2026-12-01', 2, 0, 0, 0, 0, null, null, null, 0, null, 0, 0, null],
    ]);
    const chart = chartOf('queues', t);
    expect(chart).toMatchObject({ unit: 'rate', stacked: false, axis: ['queue'] });
    expect(chart.categories.map((c) => c.keys)).toEqual([{ queueId: 1, queueName: 'Cards' }, { queueId: 2, queueName: 'Loans' }]);
    const [sl, ar] = chart.series;
    expect(sl.id).toBe('serviceLevel');
    expect(sl.values[0]).toBeCloseTo(8 / 10);
    expect(ar.values[0]).toBeCloseTo(2 / 10);
    expect(sl.values[1]).toBeNull();
    expect(barCount(chart)).toBe(2);
    expect(chartMax(chart)).toBe(1);
  });

  it('draws handled per agent over days and dispositions, and service requests per type', () => {
    const agents = chartOf('agents', table('agents', ['agent', 'day'],
      ['agentId', 'agentName', 'day', 'handled', 'handleSeconds', 'averageHandleSeconds', 'dispositions'], [
        [3, 'Wang Fang', '2026-12-01', 2, 100, 50, { resolved: 2 }],
        [3, 'Wang Fang', '2026-12-02', 1, 30, 30, { '': 1 }],
        [4, 'Lin Na', '2026-12-01', 5, 200, 40, { resolved: 5 }],
      ]));
    expect(agents.series).toEqual([{ id: 'handled', kind: 'figure', values: [3, 5] }]);
    const requests = chartOf('service-requests', table('service-requests', ['type'],
      ['type', 'opened', 'resolved', 'breached', 'averageResolveSeconds'], [['COMPLAINT', 2, 1, 1, 60], ['ENQUIRY', 1, 1, 0, 30]]));
    expect(requests.series.map((s) => [s.id, s.values])).toEqual([['opened', [2, 1]], ['resolved', [1, 1]], ['breached', [1, 0]]]);
    expect(barCount(requests)).toBe(6);
  });

  it('draws one category when nothing is grouped, and nothing for an empty table', () => {
    const total = chartOf('service-requests', table('service-requests', [], ['opened', 'resolved', 'breached', 'averageResolveSeconds'],
      [[3, 2, 0, 10]]));
    expect(total.categories).toEqual([{ id: '', keys: {} }]);
    expect(barCount(total)).toBe(3);
    const empty = chartOf('volume', table('volume', ['day', 'channel'], ['day', 'channel', 'arrived', 'outbound', 'answered', 'abandoned'], []));
    expect(barCount(empty)).toBe(0);
  });

  it('has round axis steps', () => {
    expect(ticks(14, 'count')).toEqual([0, 5, 10, 15]);
    expect(ticks(3, 'count')).toEqual([0, 1, 2, 3]);
    expect(ticks(0, 'count')).toEqual([0, 1]);
    expect(ticks(1234, 'count')).toEqual([0, 500, 1000, 1500]);
    expect(ticks(0.4, 'rate')).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});
