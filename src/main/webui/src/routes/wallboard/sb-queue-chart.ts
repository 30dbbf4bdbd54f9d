import { css, html, unsafeCSS, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { SbElement } from '../../components/sb-element';
import { ApiError, rest } from '../../api/rest';
import { locale, t } from '../../i18n';
import { chartSeries, type Interval } from '../../state/wallboard';

/** Refreshes the day's intervals at most this often (the current interval fills as contacts leave). */
const REFRESH_MS = 60_000;

/** A queue's day per 15 minutes: arrivals as bars, service level as a line (uPlot). */
@customElement('sb-queue-chart')
export class SbQueueChart extends SbElement {
  static styles = [unsafeCSS(uplotCss), css`
    :host { display: block; position: relative; min-height: 120px; }
    .note { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
      font-size: 12px; color: var(--sb-muted); text-align: center; pointer-events: none; }
    .u-legend { font-size: 11px; }
  `];

  @property({ type: Number }) queueId = 0;
  @property({ type: Number }) width = 300;
  @property({ type: Number }) height = 110;
  /** Bumped by the tile when the queue changed; a refresh follows at most once a minute. */
  @property({ type: Number }) changes = 0;
  @state() private note: string | null = null;
  @query('.plot') private plotHost!: HTMLElement;
  private plot: uPlot | null = null;
  private loadedAt = 0;
  private items: Interval[] = [];
  /** The chart takes the tile's width. */
  private resize = new ResizeObserver((entries) => {
    const w = Math.floor(entries[0]?.contentRect.width ?? 0);
    if (w > 0 && w !== this.width) this.width = w;
  });

  connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }

  protected updated(changed: PropertyValues): void {
    if (changed.has('queueId')) this.load();
    else if (changed.has('changes') && Date.now() - this.loadedAt > REFRESH_MS) this.load();
    if (changed.has('width') || changed.has('height')) this.plot?.setSize({ width: this.width, height: this.height });
  }

  private async load(): Promise<void> {
    this.loadedAt = Date.now();
    try {
      const day = await rest.get<{ items: Interval[] }>(`/api/queues/${this.queueId}/intervals`);
      this.items = day.items ?? [];
      this.note = this.items.length ? null : 'empty';
    } catch (e) {
      this.items = [];
      this.note = e instanceof ApiError && e.status === 404 ? 'unavailable' : 'failed';
    }
    this.draw();
  }

  private draw(): void {
    const data = chartSeries(this.items) as uPlot.AlignedData;
    if (this.plot) {
      this.plot.setData(data);
      return;
    }
    const opts: uPlot.Options = {
      width: this.width,
      height: this.height,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: true }, n: { range: (_u, _min, max) => [0, Math.max(4, max)] }, sl: { range: [0, 100] } },
      axes: [
        { size: 30, font: '10px sans-serif', stroke: '#555', values: (_u, splits) => splits.map((v) =>
          new Date(v * 1000).toLocaleTimeString(locale.get(), { hour: '2-digit', minute: '2-digit' })) },
        { scale: 'n', size: 28, font: '10px sans-serif', stroke: '#555' },
        { scale: 'sl', side: 1, size: 40, font: '10px sans-serif', stroke: '#555', values: (_u, v) => v.map((x) => `${x}%`) },
      ],
      series: [
        {},
        { label: t('wallboard.chart.volume'), scale: 'n', fill: 'rgba(37,99,235,.35)', stroke: '#2563eb',
          paths: uPlot.paths.bars!({ size: [0.8, 8] }) },
        { label: t('wallboard.chart.serviceLevel'), scale: 'sl', stroke: '#15803d', width: 2, spanGaps: true },
      ],
    };
    this.plot = new uPlot(opts, data, this.plotHost);
  }

  render() {
    const note = this.note === 'unavailable' ? t('wallboard.chart.unavailable')
      : this.note === 'failed' ? t('wallboard.chart.failed') : this.note === 'empty' ? t('wallboard.chart.empty') : '';
    return html`<div class="plot" role="img" aria-label=${t('wallboard.chart.label')}></div>
      ${note ? html`<div class="note" data-chart-note=${this.note!}>${note}</div>` : ''}`;
  }
}
