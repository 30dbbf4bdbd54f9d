import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { formatTime, t } from '../../i18n';
import { ApiError, rest } from '../../api/rest';
import { route } from '../../state/selection';
import { openInteraction, reasonOf } from '../../state/interaction';
import { historyPath, pageCount, type HistoryFilter, type HistoryPage } from '../../state/history';
import { termOf } from '../../components/sb-customer-panel';
import type { Store } from '../../state/store';
import '../../components/sb-tier-badge';

const CHANNELS = ['CHAT', 'SMS', 'EMAIL', 'VOICE', 'FAX', 'API'];
const STATES = ['ACTIVE', 'WRAP_UP', 'CLOSED', 'ABANDONED', 'QUEUED', 'FAILED'];

/** The agent's own recent interactions, newest activity first, to reopen work (after a reload, say). */
@customElement('sb-history')
export class SbHistory extends SbElement {
  static styles = css`
    *, *::before, *::after { box-sizing: border-box; }
    :host { display: flex; flex-direction: column; min-height: 0; padding: 12px 16px; gap: 10px; overflow: auto; }
    h2 { font-size: 16px; margin: 0; }
    .filters { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
    label { font-size: 13px; color: var(--sb-muted); display: flex; gap: 6px; align-items: center; }
    select { font: inherit; border: 1px solid var(--sb-border); border-radius: var(--sb-radius); padding: 4px 8px;
      background: var(--sb-surface); color: var(--sb-text); }
    button { font: inherit; padding: 4px 12px; border-radius: var(--sb-radius); border: 1px solid var(--sb-border);
      background: var(--sb-surface); color: var(--sb-text); cursor: pointer; }
    button:disabled { opacity: .55; cursor: default; }
    table { border-collapse: collapse; width: 100%; background: var(--sb-surface); border: 1px solid var(--sb-border); }
    th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--sb-border); font-size: 13px; vertical-align: top; }
    th { color: var(--sb-muted); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
    tr.history-row { cursor: pointer; }
    tr.history-row:hover, tr.history-row:focus { background: #eef5ff; outline: none; }
    .preview { color: var(--sb-muted); max-width: 420px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .who { display: flex; gap: 6px; align-items: center; }
    .pager { display: flex; gap: 8px; align-items: center; }
    .muted { color: var(--sb-muted); font-size: 13px; }
    .error { color: var(--sb-danger); }
  `;

  @state() private filter: HistoryFilter = { channel: '', state: '' };
  @state() private page = 0;
  @state() private data: HistoryPage | null = null;
  @state() private loading = false;
  @state() private error = '';
  private unsubscribe?: () => void;
  private asked = 0;

  protected stores() {
    return [] as Array<Store<unknown>>;
  }

  connectedCallback(): void {
    super.connectedCallback();
    // Reloaded each time the screen is shown: the list changes with every contact.
    this.unsubscribe = route.subscribe((r) => { if (r === 'history') void this.load(); });
    if (route.get() === 'history') void this.load();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  private async load(): Promise<void> {
    const n = ++this.asked;
    this.loading = true;
    try {
      const p = await rest.get<HistoryPage>(historyPath(this.filter, this.page));
      if (n !== this.asked) return;
      this.data = p;
      this.error = '';
    } catch (e) {
      if (n !== this.asked) return;
      this.error = e instanceof ApiError && e.status === 404 ? t('history.unavailable') : reasonOf(e);
    } finally {
      if (n === this.asked) this.loading = false;
    }
  }

  private setFilter(change: Partial<HistoryFilter>): void {
    this.filter = { ...this.filter, ...change };
    this.page = 0;
    void this.load();
  }

  private go(page: number): void {
    this.page = page;
    void this.load();
  }

  render() {
    const d = this.data;
    const pages = pageCount(d?.total ?? 0, d?.size);
    return html`
      <h2 id="history-title">${t('history.title')}</h2>
      <div class="filters">
        <label>${t('history.channel')}
          <select id="history-channel" @change=${(e: Event) => this.setFilter({ channel: (e.target as HTMLSelectElement).value })}>
            <option value="">${t('history.all')}</option>
            ${CHANNELS.map((c) => html`<option value=${c} ?selected=${c === this.filter.channel}>${t(`common.channel.${c}`)}</option>`)}
          </select></label>
        <label>${t('history.state')}
          <select id="history-state" @change=${(e: Event) => this.setFilter({ state: (e.target as HTMLSelectElement).value })}>
            <option value="">${t('history.all')}</option>
            ${STATES.map((s) => html`<option value=${s} ?selected=${s === this.filter.state}>${t(`interaction.state.${s}`)}</option>`)}
          </select></label>
        <button id="history-refresh" @click=${() => this.load()} ?disabled=${this.loading}>${t('history.refresh')}</button>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <table aria-labelledby="history-title" id="history-list" aria-busy=${String(this.loading)}>
        <thead><tr>
          <th scope="col">${t('history.when')}</th><th scope="col">${t('history.channel')}</th>
          <th scope="col">${t('history.customer')}</th><th scope="col">${t('history.state')}</th>
          <th scope="col">${t('history.last')}</th>
        </tr></thead>
        <tbody>
          ${(d?.items ?? []).map((i) => html`<tr class="history-row" tabindex="0" data-interaction=${i.id}
              data-state=${i.state} data-channel=${i.channel}
              @click=${() => openInteraction(i.id)}
              @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); openInteraction(i.id); } }}>
            <td>${formatTime(i.lastTouchpoint?.at ?? i.createdAt, true)}</td>
            <td>${termOf(`common.channel.${i.channel}`, i.channel)} ${i.direction === 'OUTBOUND' ? html`<span class="muted">${t('history.outbound')}</span>` : ''}</td>
            <td><span class="who">${i.customerName} <sb-tier-badge tier=${i.customerTier}></sb-tier-badge></span></td>
            <td>${termOf(`interaction.state.${i.state}`, i.state)}${i.disposition ? html`<div class="muted">${i.disposition}</div>` : ''}</td>
            <td class="preview">${i.lastTouchpoint ? html`${termOf(`interaction.kind.${i.lastTouchpoint.kind}`, i.lastTouchpoint.kind)}${i.lastTouchpoint.preview ? `: ${i.lastTouchpoint.preview}` : ''}` : ''}</td>
          </tr>`)}
          ${d && d.items.length === 0 ? html`<tr><td colspan="5" class="muted">${t('history.empty')}</td></tr>` : ''}
        </tbody>
      </table>
      <div class="pager">
        <button id="history-prev" ?disabled=${this.loading || this.page === 0} @click=${() => this.go(this.page - 1)}>${t('history.newer')}</button>
        <span class="muted" id="history-page">${t('history.page', { page: this.page + 1, pages })}</span>
        <button id="history-next" ?disabled=${this.loading || this.page + 1 >= pages} @click=${() => this.go(this.page + 1)}>${t('history.older')}</button>
      </div>`;
  }
}
