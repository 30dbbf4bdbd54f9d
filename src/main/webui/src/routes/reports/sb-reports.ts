import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { locale, formatDuration, t } from '../../i18n';
import { ApiError, download, rest } from '../../api/rest';
import { session } from '../../api/session';
import { reasonOf } from '../../state/interaction';
import {
  CHANNELS, QUICK_RANGES, RATE_COLUMNS, REPORTS, SECONDS_COLUMNS, chartAxis, chartOf, csvFileName, filterFromQuery,
  normalGrouping, queryOf, quickRange, quickRangeOf, reportPath, reportsFor, rowMap, switchReport,
  type Cell, type ChartCategory, type ChartSeries, type QuickRange, type ReportFilter, type ReportName, type ReportTable,
} from '../../state/reports';
import type { Store } from '../../state/store';
import './sb-report-chart';

/** A text of the catalogue, or the fallback when it has none (a code the catalogue does not know yet). */
function term(key: string, fallback: string): string {
  const text = t(key);
  return text === key ? fallback : text;
}

function queryOfHash(): string {
  const hash = location.hash;
  const at = hash.indexOf('?');
  return at < 0 ? '' : hash.substring(at + 1);
}

/** A local day (YYYY-MM-DD) as the language writes it. */
function formatDay(day: string, short = false): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(y, m - 1, d);
  return date.toLocaleDateString(locale.get(), short ? { month: 'short', day: 'numeric' }
    : { year: 'numeric', month: 'short', day: 'numeric' });
}

/**
 * Reports per role (docs/reports.md): a report, a range of days with quick picks, its grouping and, for the contact
 * reports, a queue and a channel; a chart of the main figures and the table the API answers, and the same table as
 * CSV. The filters live in the URL (`#/reports?report=queues&from=…`), so a view can be bookmarked and shared.
 */
@customElement('sb-reports')
export class SbReports extends SbElement {
  static styles = css`
    *, *::before, *::after { box-sizing: border-box; }
    :host { display: flex; flex-direction: column; min-height: 0; padding: 12px 16px; gap: 12px; overflow: auto; }
    :host > * { flex-shrink: 0; }
    h2 { font-size: 16px; margin: 0; }
    .controls { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: flex-end; background: var(--sb-surface);
      border: 1px solid var(--sb-border); border-radius: var(--sb-radius); padding: 10px 12px; }
    fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; align-items: flex-end; min-width: 0; }
    legend { font-size: 12px; color: var(--sb-muted); padding: 0; margin-bottom: 3px; }
    label { font-size: 12px; color: var(--sb-muted); display: flex; flex-direction: column; gap: 3px; }
    label.check { flex-direction: row; align-items: center; gap: 4px; color: var(--sb-text); font-size: 13px; }
    select, input[type='date'] { font: inherit; font-size: 13px; border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
      padding: 4px 8px; background: var(--sb-surface); color: var(--sb-text); }
    button { font: inherit; font-size: 13px; padding: 4px 12px; border-radius: var(--sb-radius); border: 1px solid var(--sb-border);
      background: var(--sb-surface); color: var(--sb-text); cursor: pointer; }
    button[aria-pressed='true'] { background: var(--sb-accent); color: var(--sb-accent-text); border-color: var(--sb-accent); }
    button.primary { background: var(--sb-accent); color: var(--sb-accent-text); border-color: var(--sb-accent); }
    button:disabled { opacity: .55; cursor: default; }
    .actions { display: flex; gap: 8px; margin-left: auto; }
    .card { background: var(--sb-surface); border: 1px solid var(--sb-border); border-radius: var(--sb-radius); padding: 10px 12px; }
    .card h3 { font-size: 14px; margin: 0 0 6px; }
    .muted { color: var(--sb-muted); font-size: 12px; margin: 0; }
    .error { color: var(--sb-danger); margin: 0; }
    .table-wrap { overflow-x: auto; background: var(--sb-surface); border: 1px solid var(--sb-border); border-radius: var(--sb-radius); }
    table { border-collapse: collapse; width: 100%; }
    caption { text-align: left; padding: 8px 10px; font-size: 13px; font-weight: 600; }
    th, td { padding: 5px 10px; border-bottom: 1px solid var(--sb-border); font-size: 13px; white-space: nowrap; text-align: left; }
    th { color: var(--sb-muted); font-weight: 600; font-size: 12px; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    @media (max-width: 640px) {
      :host { padding: 8px; }
      .controls { flex-direction: column; align-items: stretch; }
      .actions { margin-left: 0; }
      label { width: 100%; }
      label.check { width: auto; }
      fieldset#report-grouping { flex-direction: row; gap: 4px 12px; }
    }
  `;

  @state() private filter: ReportFilter = filterFromQuery(queryOfHash(), this.allowed());
  @state() private table: ReportTable | null = null;
  @state() private loading = false;
  @state() private error = '';
  @state() private queues: Array<{ id: number; name: string }> = [];
  @state() private downloadNote = '';
  @state() private downloading = false;
  private asked = 0;
  private onHash = () => {
    if (!location.hash.startsWith('#/reports')) return;
    const next = filterFromQuery(queryOfHash(), this.allowed());
    if (queryOf(next) !== queryOf(this.filter)) {
      this.filter = next;
      void this.load();
    }
  };

  protected stores() {
    return [session] as Array<Store<unknown>>;
  }

  private allowed(): ReportName[] {
    return reportsFor(session.get()?.roles ?? []);
  }

  connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    this.filter = filterFromQuery(queryOfHash(), this.allowed());
    this.remember();
    void this.load();
    if (this.allowed().length > 1) void this.loadQueues();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
  }

  private async loadQueues(): Promise<void> {
    try {
      const list = await rest.get<Array<{ id: number; name: string }>>('/api/queues');
      this.queues = list.map((q) => ({ id: q.id, name: q.name }));
    } catch {
      // the picker then offers all queues only; the report itself says what went wrong
    }
  }

  /** The filter into the URL, without a new history entry per change. */
  private remember(): void {
    history.replaceState(null, '', `#/reports?${queryOf(this.filter)}`);
  }

  private async load(): Promise<void> {
    const n = ++this.asked;
    if (this.filter.from > this.filter.to) {
      this.error = t('reports.badRange');
      this.table = null;
      return;
    }
    this.loading = true;
    this.error = '';
    try {
      const table = await rest.get<ReportTable>(reportPath(this.filter));
      if (n !== this.asked) return;
      this.table = table;
    } catch (e) {
      if (n !== this.asked) return;
      this.table = null;
      this.error = t('reports.failed', { detail: e instanceof ApiError ? (e.detail || e.title) : reasonOf(e) });
    } finally {
      if (n === this.asked) this.loading = false;
    }
  }

  private change(next: ReportFilter): void {
    this.filter = next;
    this.downloadNote = '';
    this.remember();
    void this.load();
  }

  private pickReport(report: ReportName): void {
    this.table = null;
    this.change(switchReport(this.filter, report));
  }

  private toggleGroup(dimension: string, on: boolean): void {
    const groupBy = on ? [...this.filter.groupBy, dimension] : this.filter.groupBy.filter((d) => d !== dimension);
    this.change({ ...this.filter, groupBy: normalGrouping(this.filter.report, groupBy) });
  }

  private async downloadCsv(): Promise<void> {
    this.downloading = true;
    this.downloadNote = t('reports.downloading');
    try {
      const file = await download(reportPath(this.filter, 'csv'));
      const name = csvFileName(file.disposition, this.filter);
      const a = document.createElement('a');
      a.href = file.url;
      a.download = name;
      a.hidden = true;
      document.body.append(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(file.url), 60_000);
      this.downloadNote = t('reports.downloaded', { file: name });
    } catch (e) {
      this.downloadNote = t('reports.failed', { detail: e instanceof ApiError ? e.title : reasonOf(e) });
    } finally {
      this.downloading = false;
    }
  }

  // --- formatting per language ---

  private number(v: number, digits = 0): string {
    return new Intl.NumberFormat(locale.get(), { maximumFractionDigits: digits }).format(v);
  }

  private percent(v: number): string {
    return new Intl.NumberFormat(locale.get(), { style: 'percent', maximumFractionDigits: 1 }).format(v);
  }

  private key(column: string, value: Cell, row: Record<string, Cell>): string {
    if (value === null || value === undefined) {
      return column === 'queueName' || column === 'queueId' ? t('reports.noQueue') : '';
    }
    switch (column) {
      case 'day': return formatDay(String(value));
      case 'hour': return `${String(value).padStart(2, '0')}:00`;
      case 'channel': return term(`common.channel.${value}`, String(value));
      case 'tier': return term(`common.tier.${value}`, String(value));
      case 'type': return term(`reports.type.${value}`, String(value));
      case 'disposition': return value === '' ? t('reports.noDisposition') : String(value);
      case 'agentName': return String(value || `#${row.agentId}`);
      default: return String(value);
    }
  }

  /** A cell as the table shows it: keys in words, counts and shares per language, seconds as durations. */
  private cell(column: string, value: Cell, row: Record<string, Cell>): string {
    if (['day', 'hour', 'channel', 'tier', 'type', 'disposition', 'queueName', 'agentName'].includes(column)) {
      return this.key(column, value, row);
    }
    if (value === null || value === undefined) return '–';
    if (typeof value === 'object') {
      return Object.entries(value).sort((a, b) => b[1] - a[1])
        .map(([code, count]) => `${code === '' ? t('reports.noDisposition') : code}: ${this.number(count)}`).join(', ');
    }
    if (typeof value !== 'number') return String(value);
    if (RATE_COLUMNS.has(column)) return this.percent(value);
    if (SECONDS_COLUMNS.has(column)) return formatDuration(value * 1000);
    if (column === 'queueId' || column === 'agentId') return String(value);
    return this.number(value);
  }

  private categoryLabel = (c: ChartCategory): string => {
    const k = c.keys;
    const parts: string[] = [];
    if ('day' in k) parts.push(k.day ? formatDay(String(k.day), true) : '');
    if ('hour' in k) parts.push(this.key('hour', k.hour, k));
    if ('queueId' in k) parts.push(this.key('queueName', k.queueName, k));
    if ('agentId' in k) parts.push(this.key('agentName', k.agentName, k));
    for (const d of ['channel', 'tier', 'type']) if (d in k) parts.push(this.key(d, k[d], k));
    return parts.filter(Boolean).join(' ') || t('reports.total');
  };

  private seriesLabel = (s: ChartSeries): string =>
    s.kind === 'channel' ? term(`common.channel.${s.id}`, s.id) : term(`reports.series.${s.id}`, s.id);

  render() {
    const f = this.filter;
    const allowed = this.allowed();
    const spec = REPORTS[f.report];
    const pressed = quickRangeOf(f.from, f.to);
    const table = this.table;
    const chart = table ? chartOf(f.report, table) : null;
    const chartHeading = t(`reports.chart.${f.report}`);
    const axis = chartAxis(f.report, table?.groupBy ?? f.groupBy).map((d) => t(`reports.dim.${d}`)).join(', ')
      || t('reports.total');
    const valueLabel = chart?.unit === 'rate' ? (v: number) => this.percent(v) : (v: number) => this.number(v);
    const title = allowed.length > 1 ? t('reports.title') : t('reports.myFigures');
    return html`
      <h2 id="reports-title">${title}</h2>
      <section class="controls" aria-label=${t('reports.filters')}>
        ${allowed.length > 1 ? html`<label>${t('reports.report')}
          <select id="report-picker" @change=${(e: Event) => this.pickReport((e.target as HTMLSelectElement).value as ReportName)}>
            ${allowed.map((r) => html`<option value=${r} ?selected=${r === f.report}>${t(`reports.report.${r}`)}</option>`)}
          </select></label>` : ''}
        <label>${t('reports.from')}
          <input type="date" id="report-from" .value=${f.from} max=${f.to}
            @change=${(e: Event) => { const v = (e.target as HTMLInputElement).value; if (v) this.change({ ...f, from: v }); }}></label>
        <label>${t('reports.to')}
          <input type="date" id="report-to" .value=${f.to} min=${f.from}
            @change=${(e: Event) => { const v = (e.target as HTMLInputElement).value; if (v) this.change({ ...f, to: v }); }}></label>
        <fieldset id="report-quick">
          <legend>${t('reports.quickRange')}</legend>
          ${QUICK_RANGES.map((q: QuickRange) => html`<button type="button" class="quick" data-range=${q}
              aria-pressed=${String(pressed === q)} @click=${() => this.change({ ...f, ...quickRange(q) })}>${t(`reports.quick.${q}`)}</button>`)}
        </fieldset>
        <fieldset id="report-grouping">
          <legend>${t('reports.groupBy')}</legend>
          ${spec.dimensions.map((d) => html`<label class="check"><input type="checkbox" data-dim=${d}
              .checked=${f.groupBy.includes(d)} ?disabled=${spec.fixed.includes(d)}
              @change=${(e: Event) => this.toggleGroup(d, (e.target as HTMLInputElement).checked)}>${t(`reports.dim.${d}`)}</label>`)}
        </fieldset>
        ${spec.filters.includes('queue') ? html`<label>${t('reports.queue')}
          <select id="report-queue" @change=${(e: Event) => {
            const v = Number((e.target as HTMLSelectElement).value);
            this.change({ ...f, queueId: v > 0 ? v : null });
          }}>
            <option value="" ?selected=${!f.queueId}>${t('reports.allQueues')}</option>
            ${this.queues.map((q) => html`<option value=${q.id} ?selected=${q.id === f.queueId}>${q.name}</option>`)}
            ${f.queueId && !this.queues.some((q) => q.id === f.queueId)
              ? html`<option value=${f.queueId} selected>${t('common.queue', { id: f.queueId })}</option>` : ''}
          </select></label>` : ''}
        ${spec.filters.includes('channel') ? html`<label>${t('reports.channel')}
          <select id="report-channel" @change=${(e: Event) => this.change({ ...f, channel: (e.target as HTMLSelectElement).value })}>
            <option value="" ?selected=${!f.channel}>${t('reports.allChannels')}</option>
            ${CHANNELS.map((c) => html`<option value=${c} ?selected=${c === f.channel}>${term(`common.channel.${c}`, c)}</option>`)}
          </select></label>` : ''}
        <div class="actions">
          <button type="button" id="report-refresh" ?disabled=${this.loading} @click=${() => this.load()}>${t('reports.refresh')}</button>
          <button type="button" class="primary" id="report-download" ?disabled=${this.downloading || !table}
            @click=${() => this.downloadCsv()}>${t('reports.downloadCsv')}</button>
        </div>
      </section>
      <p class="muted" id="report-download-note" role="status">${this.downloadNote}</p>
      ${this.error ? html`<p class="error" role="alert" id="report-error">${this.error}</p>` : ''}
      ${this.loading && !table ? html`<p class="muted" role="status">${t('reports.loading')}</p>` : ''}
      ${table && chart ? html`
        <section class="card" aria-labelledby="chart-heading">
          <h3 id="chart-heading">${chartHeading}</h3>
          <sb-report-chart .chart=${chart} heading=${chartHeading} .axisLabel=${axis}
            .categoryLabel=${this.categoryLabel} .seriesLabel=${this.seriesLabel} .valueLabel=${valueLabel}></sb-report-chart>
        </section>
        ${this.renderTable(table)}
        <p class="muted" id="report-zone">${t('reports.zone', { zone: table.zone })}</p>` : ''}`;
  }

  private renderTable(table: ReportTable) {
    const f = this.filter;
    const numeric = (c: string) => !['day', 'hour', 'channel', 'tier', 'type', 'disposition', 'queueName', 'agentName',
      'dispositions'].includes(c);
    const caption = t('reports.caption', { report: t(`reports.report.${f.report}`), from: formatDay(table.from),
      to: formatDay(table.to) });
    return html`
      <div class="table-wrap" tabindex="0" role="region" aria-label=${caption}>
        <table id="report-table" aria-busy=${String(this.loading)} data-report=${table.report}>
          <caption>${caption} · ${t('reports.rows', { count: this.number(table.rows.length) })}</caption>
          <thead><tr>${table.columns.map((c) => html`<th scope="col" data-col=${c} class=${numeric(c) ? 'num' : ''}>${term(`reports.col.${c}`, c)}</th>`)}</tr></thead>
          <tbody>
            ${table.rows.map((row) => {
              const r = rowMap(table, row);
              return html`<tr class="report-row" data-queue=${r.queueId === undefined ? '' : String(r.queueId ?? 0)}
                  data-agent=${r.agentId === undefined ? '' : String(r.agentId)}>
                ${table.columns.map((c, i) => html`<td data-col=${c} class=${numeric(c) ? 'num' : ''}>${this.cell(c, row[i], r)}</td>`)}
              </tr>`;
            })}
            ${table.rows.length === 0 ? html`<tr><td colspan=${table.columns.length} class="muted" id="report-empty">${t('reports.empty')}</td></tr>` : ''}
          </tbody>
        </table>
      </div>`;
  }
}
