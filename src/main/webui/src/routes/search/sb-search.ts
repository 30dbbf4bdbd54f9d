import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { t } from '../../i18n';
import { rest } from '../../api/rest';
import { customers, loadCustomer } from '../../state/customers';
import { reasonOf, startCall, startConversation } from '../../state/interaction';
import { looksLikeContact, mergeHits, type CustomerHit } from '../../state/interaction-search';
import type { Store } from '../../state/store';
import '../../components/sb-tier-badge';
import '../../components/sb-customer-panel';

type Starting = 'SMS' | 'EMAIL' | null;

/**
 * Find customers by name or by any contact point in any format; open one's panel; call them, or start an SMS or
 * an email conversation, which then opens in the workspace.
 */
@customElement('sb-search')
export class SbSearch extends SbElement {
  static styles = css`
    *, *::before, *::after { box-sizing: border-box; }
    :host { display: grid; grid-template-columns: minmax(280px, 380px) minmax(0, 1fr); min-height: 0; }
    .left { border-right: 1px solid var(--sb-border); background: var(--sb-surface); padding: 12px; overflow: auto;
      display: flex; flex-direction: column; gap: 10px; }
    h2 { font-size: 16px; margin: 0; }
    form { display: flex; gap: 6px; }
    input, select, textarea { font: inherit; border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
      padding: 6px 8px; background: var(--sb-surface); color: var(--sb-text); min-width: 0; }
    form input { flex: 1; }
    button { font: inherit; padding: 6px 12px; border-radius: var(--sb-radius); border: 1px solid var(--sb-border);
      background: var(--sb-surface); color: var(--sb-text); cursor: pointer; }
    button.primary { background: var(--sb-accent); color: var(--sb-accent-text); border-color: var(--sb-accent); }
    button:disabled { opacity: .55; cursor: default; }
    ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 4px; }
    .search-result { width: 100%; text-align: left; display: flex; gap: 8px; align-items: center; }
    .search-result[aria-pressed='true'] { border-color: var(--sb-accent); background: #e6f0fb; }
    .search-result .name { flex: 1; font-weight: 600; }
    .search-result .prov { font-size: 11px; color: var(--sb-warn); }
    .hint { color: var(--sb-muted); font-size: 13px; }
    .error { color: var(--sb-danger); font-size: 13px; }
    .right { display: grid; grid-template-rows: auto minmax(0, 1fr); min-height: 0; }
    .start { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; padding: 10px 14px;
      border-bottom: 1px solid var(--sb-border); background: var(--sb-surface); }
    .start-form { display: grid; grid-template-columns: auto 1fr; gap: 6px 10px; width: 100%; max-width: 640px; margin-top: 6px; }
    .start-form textarea { min-height: 4em; resize: vertical; }
    .bar { grid-column: 2; display: flex; gap: 8px; align-items: center; }
    .warn { color: var(--sb-danger); font-size: 13px; grid-column: 1 / -1; }
    sb-customer-panel { border-left: none; min-height: 0; }
    .empty { margin: auto; color: var(--sb-muted); padding: 24px; }
  `;

  @state() private query = '';
  @state() private hits: CustomerHit[] | null = null;
  @state() private searching = false;
  @state() private error = '';
  @state() private selected: number | null = null;
  @state() private starting: Starting = null;
  @state() private to = '';
  @state() private subject = '';
  @state() private text = '';
  @state() private busy = false;
  @state() private startError = '';
  private timer?: number;
  private asked = 0;

  protected stores() {
    return [customers] as Array<Store<unknown>>;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearTimeout(this.timer);
  }

  render() {
    return html`
      <div class="left">
        <h2 id="search-title">${t('search.title')}</h2>
        <form role="search" aria-labelledby="search-title" @submit=${(e: Event) => { e.preventDefault(); void this.search(); }}>
          <input id="search-input" type="search" autocomplete="off" aria-label=${t('search.label')}
              placeholder=${t('search.placeholder')} .value=${this.query} @input=${this.onInput}>
          <button id="search-submit" class="primary" type="submit" ?disabled=${!this.query.trim()}>${t('search.submit')}</button>
        </form>
        <p class="hint">${t('search.hint')}</p>
        ${this.error ? html`<p class="error" role="alert">${t('common.error', { detail: this.error })}</p>` : ''}
        ${this.searching ? html`<p class="hint" role="status">${t('search.searching')}</p>` : ''}
        ${this.hits && !this.searching ? html`<p class="hint" role="status" id="search-count">${t('search.count', { n: this.hits.length })}</p>` : ''}
        <ul id="search-results" aria-label=${t('search.results')}>
          ${(this.hits ?? []).map((c) => html`<li><button class="search-result" data-customer=${c.id}
              aria-pressed=${String(c.id === this.selected)} @click=${() => this.select(c.id)}>
            <span class="name">${c.name || t('common.customer', { id: c.id })}</span>
            ${c.provisional ? html`<span class="prov">${t('search.provisional')}</span>` : ''}
            <sb-tier-badge tier=${c.tier}></sb-tier-badge></button></li>`)}
        </ul>
      </div>
      <div class="right">
        ${this.selected != null ? this.renderStart(this.selected) : html`<div></div>`}
        ${this.selected != null
          ? html`<sb-customer-panel .customerId=${this.selected}></sb-customer-panel>`
          : html`<p class="empty">${t('search.pick')}</p>`}
      </div>`;
  }

  private renderStart(id: number) {
    const c = customers.get()[id];
    const phones = (c?.contactPoints ?? []).filter((cp) => cp.type === 'PHONE');
    const emails = (c?.contactPoints ?? []).filter((cp) => cp.type === 'EMAIL');
    const options = this.starting === 'SMS' ? phones : emails;
    const optedOut = this.starting === 'SMS' ? !!c?.smsOptOut : this.starting === 'EMAIL' ? !!c?.emailOptOut : false;
    return html`<section class="start" aria-label=${t('search.startTitle')}>
      <strong>${t('search.startTitle')}</strong>
      <button id="start-call" ?disabled=${this.busy || phones.length === 0} @click=${() => this.call(id)}>${t('search.call')}</button>
      <button id="start-sms" aria-expanded=${String(this.starting === 'SMS')} ?disabled=${phones.length === 0}
          @click=${() => this.open('SMS', phones[0]?.value)}>${t('search.newSms')}</button>
      <button id="start-email" aria-expanded=${String(this.starting === 'EMAIL')} ?disabled=${emails.length === 0}
          @click=${() => this.open('EMAIL', emails[0]?.value)}>${t('search.newEmail')}</button>
      ${this.startError && !this.starting ? html`<span class="error" role="alert">${this.startError}</span>` : ''}
      ${this.starting ? html`<form class="start-form" id="start-form" @submit=${(e: Event) => { e.preventDefault(); void this.start(id); }}>
        ${optedOut ? html`<span class="warn" role="alert">${this.starting === 'SMS' ? t('search.smsOptedOut') : t('search.emailOptedOut')}</span>` : ''}
        <label for="start-to">${t('search.to')}</label>
        <select id="start-to" @change=${(e: Event) => { this.to = (e.target as HTMLSelectElement).value; }}>
          ${options.map((cp) => html`<option value=${cp.value} ?selected=${cp.value === this.to}>${cp.value}</option>`)}
        </select>
        ${this.starting === 'EMAIL' ? html`<label for="start-subject">${t('search.subject')}</label>
          <input id="start-subject" required maxlength="900" .value=${this.subject}
              @input=${(e: Event) => { this.subject = (e.target as HTMLInputElement).value; }}>` : nothing}
        <label for="start-text">${t('search.message')}</label>
        <textarea id="start-text" .value=${this.text} @input=${(e: Event) => { this.text = (e.target as HTMLTextAreaElement).value; }}></textarea>
        <div class="bar">
          <button id="start-send" class="primary" type="submit"
              ?disabled=${this.busy || !this.text.trim() || (this.starting === 'EMAIL' && !this.subject.trim())}>
            ${this.busy ? t('search.starting') : t('search.startSend')}</button>
          <button id="start-cancel" type="button" @click=${() => { this.starting = null; }}>${t('common.cancel')}</button>
          ${this.startError ? html`<span class="error" role="alert">${this.startError}</span>` : ''}
        </div>
      </form>` : nothing}
    </section>`;
  }

  private onInput(e: Event): void {
    this.query = (e.target as HTMLInputElement).value;
    window.clearTimeout(this.timer);
    if (this.query.trim().length >= 2) this.timer = window.setTimeout(() => void this.search(), 350);
  }

  private async search(): Promise<void> {
    const q = this.query.trim();
    if (!q) return;
    window.clearTimeout(this.timer);
    const n = ++this.asked;
    this.searching = true;
    this.error = '';
    try {
      // A whole contact point is looked up exactly (any format); names (and anything else) through q.
      const exact = looksLikeContact(q)
        ? await rest.get<CustomerHit[]>(`/api/customers?contact=${encodeURIComponent(q)}`).catch(() => [] as CustomerHit[])
        : [];
      const byName = await rest.get<CustomerHit[]>(`/api/customers?q=${encodeURIComponent(q)}&size=50`)
        .catch((e) => (exact.length ? [] as CustomerHit[] : Promise.reject(e)));
      if (n !== this.asked) return;
      this.hits = mergeHits(exact, byName);
      if (this.hits.length === 1) this.select(this.hits[0].id);
    } catch (e) {
      if (n === this.asked) this.error = reasonOf(e);
    } finally {
      if (n === this.asked) this.searching = false;
    }
  }

  private select(id: number): void {
    if (this.selected !== id) {
      this.starting = null;
      this.startError = '';
    }
    this.selected = id;
    void loadCustomer(id, true);
  }

  private open(kind: Starting, to: string | undefined): void {
    this.starting = this.starting === kind ? null : kind;
    this.to = to ?? '';
    this.startError = '';
  }

  private async call(id: number): Promise<void> {
    this.busy = true;
    this.startError = '';
    try {
      await startCall(id);
    } catch (e) {
      this.startError = reasonOf(e);
    } finally {
      this.busy = false;
    }
  }

  private async start(id: number): Promise<void> {
    if (!this.starting) return;
    this.busy = true;
    this.startError = '';
    try {
      const data = this.starting === 'EMAIL' ? { subject: this.subject.trim() } : undefined;
      await startConversation(id, this.starting, this.text.trim(), data, this.to || undefined);
      this.starting = null;
      this.text = '';
      this.subject = '';
    } catch (e) {
      this.startError = reasonOf(e);
    } finally {
      this.busy = false;
    }
  }
}
