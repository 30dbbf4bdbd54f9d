/**
 * The reports screen's logic (docs/reports.md): which reports a role reads, the filters as a URL and as the API's
 * query, the quick date ranges, and the chart drawn from a report's table. Pure: the view fetches and renders.
 */

export type ReportName = 'volume' | 'queues' | 'agents' | 'service-requests';
export const REPORT_NAMES: ReportName[] = ['volume', 'queues', 'agents', 'service-requests'];

/** A report's table as the API answers it: group keys first, then figures. */
export type Cell = string | number | null | Record<string, number>;
export interface ReportTable {
  report: string;
  from: string;
  to: string;
  zone: string;
  groupBy: string[];
  columns: string[];
  rows: Cell[][];
}

interface ReportSpec {
  /** What the report may be grouped by, in the order the API shows the keys. */
  dimensions: string[];
  /** The grouping the screen starts with. */
  defaults: string[];
  /** Always part of the grouping (the agents report is always per agent). */
  fixed: string[];
  /** The API's narrowing filters this report takes. */
  filters: Array<'queue' | 'channel'>;
}

export const REPORTS: Record<ReportName, ReportSpec> = {
  volume: { dimensions: ['day', 'hour', 'queue', 'channel', 'tier'], defaults: ['day', 'channel'], fixed: [],
    filters: ['queue', 'channel'] },
  // per queue over the whole range: one row a queue (the API's default adds the day)
  queues: { dimensions: ['queue', 'day', 'hour', 'channel', 'tier'], defaults: ['queue'], fixed: [],
    filters: ['queue', 'channel'] },
  agents: { dimensions: ['agent', 'day', 'disposition'], defaults: ['agent'], fixed: ['agent'], filters: [] },
  'service-requests': { dimensions: ['type', 'day'], defaults: ['type'], fixed: [], filters: [] },
};

/** The channels a contact report can be narrowed to. */
export const CHANNELS = ['VOICE', 'VOIP', 'CHAT', 'SMS', 'EMAIL', 'FAX', 'API'];

/** Columns holding a share (0..1), shown as percentages. */
export const RATE_COLUMNS = new Set(['serviceLevel', 'abandonmentRate', 'firstContactResolution']);
/** Columns holding seconds, shown as durations. */
export const SECONDS_COLUMNS = new Set(['averageSpeedOfAnswerSeconds', 'averageHandleSeconds', 'handleSeconds',
  'averageResolveSeconds']);

/** Supervisors and administrators read every report; an agent only its own figures (the agents report). */
export function reportsFor(roles: string[]): ReportName[] {
  if (roles.includes('supervisor') || roles.includes('admin')) return [...REPORT_NAMES];
  if (roles.includes('agent')) return ['agents'];
  return [];
}

export interface ReportFilter {
  report: ReportName;
  from: string;
  to: string;
  groupBy: string[];
  queueId: number | null;
  channel: string;
}

/** A local day as YYYY-MM-DD. */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function addDays(d: Date, days: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days);
}

export type QuickRange = 'today' | 'last7' | 'month' | 'last30';
export const QUICK_RANGES: QuickRange[] = ['today', 'last7', 'month', 'last30'];

/** The days a quick pick covers, both included, ending today. */
export function quickRange(pick: QuickRange, today = new Date()): { from: string; to: string } {
  const to = isoDay(today);
  switch (pick) {
    case 'today': return { from: to, to };
    case 'last7': return { from: isoDay(addDays(today, -6)), to };
    case 'month': return { from: isoDay(new Date(today.getFullYear(), today.getMonth(), 1)), to };
    case 'last30': return { from: isoDay(addDays(today, -29)), to };
  }
}

/** The quick pick a range is, if any (to mark the button pressed). */
export function quickRangeOf(from: string, to: string, today = new Date()): QuickRange | null {
  return QUICK_RANGES.find((p) => {
    const r = quickRange(p, today);
    return r.from === from && r.to === to;
  }) ?? null;
}

/** A report's grouping cleaned up: known keys only, in the report's order, its fixed keys always in. */
export function normalGrouping(report: ReportName, groupBy: string[]): string[] {
  const spec = REPORTS[report];
  return spec.dimensions.filter((d) => groupBy.includes(d) || spec.fixed.includes(d));
}

export function defaultFilter(report: ReportName, today = new Date()): ReportFilter {
  return { report, ...quickRange('last7', today), groupBy: [...REPORTS[report].defaults], queueId: null, channel: '' };
}

/** The filter another report starts with: the same range, its own default grouping, no filter it does not take. */
export function switchReport(f: ReportFilter, report: ReportName): ReportFilter {
  const filters = REPORTS[report].filters;
  return { report, from: f.from, to: f.to, groupBy: [...REPORTS[report].defaults],
    queueId: filters.includes('queue') ? f.queueId : null, channel: filters.includes('channel') ? f.channel : '' };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filter a URL's query names (`#/reports?report=queues&from=…`), within what the roles may read. */
export function filterFromQuery(query: string, allowed: ReportName[], today = new Date()): ReportFilter {
  const p = new URLSearchParams(query);
  const asked = p.get('report') as ReportName | null;
  const report = asked && allowed.includes(asked) ? asked : allowed[0] ?? 'agents';
  const f = defaultFilter(report, today);
  const from = p.get('from');
  const to = p.get('to');
  if (from && to && DAY.test(from) && DAY.test(to) && from <= to) {
    f.from = from;
    f.to = to;
  }
  if (p.has('groupBy')) f.groupBy = normalGrouping(report, (p.get('groupBy') ?? '').split(','));
  const spec = REPORTS[report];
  const queue = Number(p.get('queueId'));
  if (spec.filters.includes('queue') && Number.isInteger(queue) && queue > 0) f.queueId = queue;
  const channel = p.get('channel') ?? '';
  if (spec.filters.includes('channel') && CHANNELS.includes(channel)) f.channel = channel;
  return f;
}

/** The filter as the query of the screen's URL. */
export function queryOf(f: ReportFilter): string {
  const p = new URLSearchParams({ report: f.report, from: f.from, to: f.to, groupBy: f.groupBy.join(',') });
  if (f.queueId) p.set('queueId', String(f.queueId));
  if (f.channel) p.set('channel', f.channel);
  return p.toString();
}

/** The API path of the report for the filter, as JSON or CSV. */
export function reportPath(f: ReportFilter, format: 'json' | 'csv' = 'json'): string {
  const p = new URLSearchParams({ from: f.from, to: f.to, groupBy: normalGrouping(f.report, f.groupBy).join(',') });
  const spec = REPORTS[f.report];
  if (f.queueId && spec.filters.includes('queue')) p.set('queueId', String(f.queueId));
  if (f.channel && spec.filters.includes('channel')) p.set('channel', f.channel);
  if (format === 'csv') p.set('format', 'csv');
  return `/api/reports/${f.report}?${p.toString()}`;
}

/** A row as a map of column to value. */
export function rowMap(table: ReportTable, row: Cell[]): Record<string, Cell> {
  const m: Record<string, Cell> = {};
  table.columns.forEach((c, i) => { m[c] = row[i] ?? null; });
  return m;
}

/** One place along the chart's x axis: the group key values it stands for (day, hour, queue, …). */
export interface ChartCategory {
  id: string;
  keys: Record<string, Cell>;
}

/** One set of bars: a channel's contacts, or one figure (service level, handled). */
export interface ChartSeries {
  id: string;
  /** What the id is: a channel code, or a figure's column name. */
  kind: 'channel' | 'figure';
  values: Array<number | null>;
}

export interface ChartModel {
  /** Counts, or shares 0..1 (shown as percentages). */
  unit: 'count' | 'rate';
  /** Bars of a category stacked (counts that add up), or side by side. */
  stacked: boolean;
  /** The group keys along the x axis, in the report's order. */
  axis: string[];
  categories: ChartCategory[];
  series: ChartSeries[];
}

/** Key columns of a grouping key: `queue` is queueId and queueName, `agent` agentId and agentName. */
function keyColumns(dimension: string): string[] {
  if (dimension === 'queue') return ['queueId', 'queueName'];
  if (dimension === 'agent') return ['agentId', 'agentName'];
  return [dimension];
}

/** The keys along the x axis for a report's grouping: the rest are added up into them. */
export function chartAxis(report: ReportName, groupBy: string[]): string[] {
  const has = (d: string) => groupBy.includes(d);
  const time = groupBy.filter((d) => d === 'day' || d === 'hour');
  switch (report) {
    case 'volume':
      // contacts over time, a bar a channel; without time, by the other keys
      return time.length ? time : groupBy.filter((d) => d === 'queue' || d === 'tier');
    case 'queues':
      if (has('queue')) return ['queue'];
      if (time.length) return time;
      return has('channel') ? ['channel'] : has('tier') ? ['tier'] : [];
    case 'agents':
      return ['agent'];
    case 'service-requests':
      return has('type') ? ['type'] : has('day') ? ['day'] : [];
  }
}

const num = (v: Cell | undefined): number => (typeof v === 'number' ? v : 0);

/**
 * The chart of a report's table: contacts arrived per channel over time (volume, stacked); service level and
 * abandonment per queue, recomputed from the summed counts when rows are added up (queues); handled per agent
 * (agents); opened, resolved and breached per type (service requests).
 */
export function chartOf(report: ReportName, table: ReportTable): ChartModel {
  const groupBy = table.groupBy;
  const axis = chartAxis(report, groupBy);
  const axisColumns = axis.flatMap(keyColumns);
  const categories: ChartCategory[] = [];
  const byId = new Map<string, { category: ChartCategory; sums: Record<string, number> }>();
  const seriesIds: string[] = [];
  const splitByChannel = report === 'volume' && groupBy.includes('channel');
  for (const row of table.rows) {
    const r = rowMap(table, row);
    const keys: Record<string, Cell> = {};
    for (const c of axisColumns) keys[c] = r[c];
    const id = axis.map((d) => String(r[keyColumns(d)[0]] ?? '')).join('|');
    let entry = byId.get(id);
    if (!entry) {
      entry = { category: { id, keys }, sums: {} };
      byId.set(id, entry);
      categories.push(entry.category);
    }
    const add = (name: string, value: number) => { entry.sums[name] = (entry.sums[name] ?? 0) + value; };
    switch (report) {
      case 'volume': {
        const s = splitByChannel ? String(r.channel) : 'arrived';
        if (!seriesIds.includes(s)) seriesIds.push(s);
        add(s, num(r.arrived));
        break;
      }
      case 'queues':
        for (const c of ['answered', 'answeredInTarget', 'abandoned', 'abandonedInTarget']) add(c, num(r[c]));
        break;
      case 'agents':
        add('handled', num(r.handled));
        break;
      case 'service-requests':
        for (const c of ['opened', 'resolved', 'breached']) add(c, num(r[c]));
        break;
    }
  }
  const entries = categories.map((c) => byId.get(c.id)!.sums);
  const figure = (id: string, value: (s: Record<string, number>) => number | null): ChartSeries =>
    ({ id, kind: 'figure', values: entries.map(value) });
  switch (report) {
    case 'volume':
      if (splitByChannel) seriesIds.sort((a, b) => CHANNELS.indexOf(a) - CHANNELS.indexOf(b));
      return { unit: 'count', stacked: true, axis, categories, series: seriesIds.map((id) =>
        ({ id, kind: splitByChannel ? 'channel' : 'figure', values: entries.map((s) => s[id] ?? null) })) };
    case 'queues': {
      const offered = (s: Record<string, number>) => s.answered + s.abandoned;
      return { unit: 'rate', stacked: false, axis, categories, series: [
        figure('serviceLevel', (s) => offered(s) ? (s.answeredInTarget + s.abandonedInTarget) / offered(s) : null),
        figure('abandonmentRate', (s) => offered(s) ? s.abandoned / offered(s) : null),
      ] };
    }
    case 'agents':
      return { unit: 'count', stacked: false, axis, categories, series: [figure('handled', (s) => s.handled)] };
    case 'service-requests':
      return { unit: 'count', stacked: false, axis, categories,
        series: ['opened', 'resolved', 'breached'].map((c) => figure(c, (s) => s[c])) };
  }
}

/** The bars a chart draws: one per series and category with a figure. */
export function barCount(chart: ChartModel): number {
  return chart.series.reduce((n, s) => n + s.values.filter((v) => v !== null).length, 0);
}

/** Round steps for a count axis from 0 to at least max: [0, step, …, top]. */
export function ticks(max: number, unit: 'count' | 'rate'): number[] {
  if (unit === 'rate') return [0, 0.25, 0.5, 0.75, 1];
  if (max <= 0) return [0, 1];
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power);
  const out: number[] = [];
  for (let v = 0; v < max + step; v += step) out.push(v);
  return out;
}

/** The height a stacked or side-by-side chart needs on its value axis. */
export function chartMax(chart: ChartModel): number {
  if (chart.unit === 'rate') return 1;
  let max = 0;
  chart.categories.forEach((_, i) => {
    const values = chart.series.map((s) => s.values[i] ?? 0);
    max = Math.max(max, chart.stacked ? values.reduce((a, b) => a + b, 0) : Math.max(0, ...values));
  });
  return max;
}

/** The file name a download gets: from Content-Disposition, else the report and its range. */
export function csvFileName(disposition: string | null, f: ReportFilter): string {
  const m = /filename="?([^";]+)"?/.exec(disposition ?? '');
  return m ? m[1] : `${f.report}_${f.from}_${f.to}.csv`;
}
