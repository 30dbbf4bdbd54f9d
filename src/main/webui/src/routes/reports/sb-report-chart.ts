import { css, html, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { t } from '../../i18n';
import { barCount, CHANNELS, chartMax, ticks, type ChartCategory, type ChartModel, type ChartSeries } from '../../state/reports';

const HEIGHT = 250;
const MARGIN = { top: 12, right: 12, bottom: 40, left: 52 };
/** Colours with at least 3:1 contrast on white, a channel always the same one. */
const PALETTE = ['#1d4ed8', '#15803d', '#b45309', '#7c3aed', '#0e7490', '#be185d', '#4b5563', '#b91c1c'];
const FIGURE_COLOURS: Record<string, string> = {
  serviceLevel: '#15803d', abandonmentRate: '#b91c1c', handled: '#1d4ed8', arrived: '#1d4ed8',
  opened: '#1d4ed8', resolved: '#15803d', breached: '#b91c1c',
};

export function seriesColour(s: ChartSeries, index: number): string {
  if (s.kind === 'channel') return PALETTE[Math.max(0, CHANNELS.indexOf(s.id)) % PALETTE.length];
  return FIGURE_COLOURS[s.id] ?? PALETTE[index % PALETTE.length];
}

/**
 * A report's chart as bars in SVG (stacked for counts that add up, side by side otherwise), each bar a `rect.bar`
 * with its figure in `data-value` and a title to hover; a text summary for screen readers, the table under it for
 * every figure. Labels come from the screen, formatted for the language.
 */
@customElement('sb-report-chart')
export class SbReportChart extends SbElement {
  static styles = css`
    :host { display: block; }
    svg { display: block; width: 100%; height: auto; overflow: visible; }
    .axis text { font-size: 11px; fill: #4f5b6b; }
    .grid { stroke: #e3e7ed; }
    .baseline { stroke: #8a94a3; }
    .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; list-style: none; margin: 6px 0 0; padding: 0; font-size: 12px; }
    .legend li { display: flex; align-items: center; gap: 5px; }
    .swatch { width: 12px; height: 12px; border-radius: 2px; display: inline-block; }
    .summary { font-size: 12px; color: var(--sb-muted); margin: 4px 0 0; }
  `;

  @property({ attribute: false }) chart: ChartModel | null = null;
  @property() heading = '';
  @property({ attribute: false }) categoryLabel: (c: ChartCategory) => string = (c) => c.id;
  @property({ attribute: false }) seriesLabel: (s: ChartSeries) => string = (s) => s.id;
  @property({ attribute: false }) valueLabel: (v: number) => string = (v) => String(v);
  @property({ attribute: false }) axisLabel = '';
  @state() private width = 640;
  private resize = new ResizeObserver((entries) => {
    const w = Math.floor(entries[0]?.contentRect.width ?? 0);
    if (w > 0 && Math.abs(w - this.width) > 4) this.width = Math.max(260, w);
  });

  connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
  }

  private summary(chart: ChartModel): string {
    const bars = barCount(chart);
    if (bars === 0) return t('reports.chart.summaryEmpty', { title: this.heading });
    let max = -Infinity;
    let where = '';
    chart.series.forEach((s) => s.values.forEach((v, i) => {
      if (v !== null && v > max) {
        max = v;
        where = `${this.categoryLabel(chart.categories[i])}, ${this.seriesLabel(s)}: ${this.valueLabel(v)}`;
      }
    }));
    return t('reports.chart.summary', { title: this.heading, axis: this.axisLabel, bars, max: where });
  }

  render() {
    const chart = this.chart;
    if (!chart) return html``;
    const width = this.width;
    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
    const steps = ticks(chartMax(chart), chart.unit);
    const top = steps[steps.length - 1] || 1;
    const y = (v: number) => MARGIN.top + plotH - (v / top) * plotH;
    const n = Math.max(1, chart.categories.length);
    const band = plotW / n;
    const seriesCount = Math.max(1, chart.series.length);
    // bars no wider than 56 px, however few the categories
    const barW = Math.min(56, chart.stacked ? Math.max(1, band * 0.7) : Math.max(1, (band * 0.8) / seriesCount));
    const groupW = chart.stacked ? barW : barW * seriesCount;
    // as many category labels as fit, about one per 70 px
    const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(plotW / 70))));
    const maxChars = Math.max(4, Math.floor((band * every) / 6.5));
    const clip = (s: string) => (s.length > maxChars ? `${s.slice(0, maxChars - 1)}…` : s);
    const bars = chart.categories.flatMap((c, i) => {
      const x0 = MARGIN.left + i * band;
      let stack = 0;
      return chart.series.map((s, k) => {
        const v = s.values[i];
        if (v === null || v === undefined) return svg``;
        const x = x0 + (band - groupW) / 2 + (chart.stacked ? 0 : k * barW);
        const yTop = y(stack + v);
        const h = y(stack) - yTop;
        if (chart.stacked) stack += v;
        const label = t('reports.chart.bar', { category: this.categoryLabel(c), series: this.seriesLabel(s), value: this.valueLabel(v) });
        return svg`<rect class="bar" x=${x.toFixed(1)} y=${yTop.toFixed(1)} width=${Math.max(1, barW - (chart.stacked ? 0 : 1)).toFixed(1)}
            height=${Math.max(0, h).toFixed(1)} fill=${seriesColour(s, k)} data-series=${s.id} data-category=${c.id}
            data-value=${String(v)}><title>${label}</title></rect>`;
      });
    });
    return html`
      <svg viewBox="0 0 ${width} ${HEIGHT}" width=${width} height=${HEIGHT} role="img" aria-labelledby="chart-summary"
          id="report-chart" data-bars=${barCount(chart)}>
        <g class="axis" aria-hidden="true">
          ${steps.map((v) => svg`<line class="grid" x1=${MARGIN.left} x2=${width - MARGIN.right} y1=${y(v)} y2=${y(v)}></line>
            <text x=${MARGIN.left - 6} y=${y(v) + 4} text-anchor="end">${this.valueLabel(v)}</text>`)}
          <line class="baseline" x1=${MARGIN.left} x2=${width - MARGIN.right} y1=${y(0)} y2=${y(0)}></line>
          ${chart.categories.map((c, i) => i % every !== 0 ? svg`` : svg`<text
              x=${MARGIN.left + i * band + band / 2} y=${HEIGHT - MARGIN.bottom + 16} text-anchor="middle">${clip(this.categoryLabel(c))}</text>`)}
        </g>
        <g class="bars">${bars}</g>
      </svg>
      <ul class="legend" aria-label=${t('reports.chart.legend')}>
        ${chart.series.map((s, k) => html`<li data-series=${s.id}><span class="swatch" style="background:${seriesColour(s, k)}"></span>${this.seriesLabel(s)}</li>`)}
      </ul>
      <p class="summary" id="chart-summary">${this.summary(chart)}</p>`;
  }
}
