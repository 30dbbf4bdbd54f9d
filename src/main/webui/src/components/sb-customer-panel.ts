import { css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SbElement } from './sb-element';
import { formatTime, locale, t } from '../i18n';
import { rest } from '../api/rest';
import { consoleState } from '../api/agent-socket';
import { customers, loadCustomer } from '../state/customers';
import {
  addNote, interactions, loadInteraction, openInteraction, putInteraction, reasonOf, type InteractionView,
} from '../state/interaction';
import { mergeTimeline } from '../state/interaction-conversation';
import type { Store } from '../state/store';
import type { Touchpoint } from '../state/types';
import './sb-tier-badge';
import './sb-customer-requests';

const PAGE = 20;

/** A word for a touchpoint kind or result, falling back to the code itself when it has no translation. */
export function termOf(key: string, fallback: string, params?: Record<string, string | number>): string {
  const text = t(key, params);
  return text === key ? fallback : text;
}

/**
 * The customer beside the conversation: name, tier and metrics, contact points, consent, advisor team, service
 * requests, the interaction's notes, and the timeline across every channel (newest first, paging back).
 */
@customElement('sb-customer-panel')
export class SbCustomerPanel extends SbElement {
  static styles = css`
    *, *::before, *::after { box-sizing: border-box; }
    :host { display: block; overflow: auto; background: var(--sb-surface); border-left: 1px solid var(--sb-border);
      padding: 12px 14px; min-height: 0; }
    section { margin-bottom: 16px; }
    h2 { font-size: 18px; margin: 0; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--sb-muted); margin: 0 0 6px; }
    dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 8px 0 0; font-size: 13px; }
    dt { color: var(--sb-muted); }
    dd { margin: 0; font-variant-numeric: tabular-nums; }
    ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 4px; }
    .cp { font-size: 13px; display: flex; gap: 6px; flex-wrap: wrap; }
    .cp .type { color: var(--sb-muted); min-width: 3.5em; }
    .flag { font-size: 11px; border-radius: 999px; padding: 0 6px; border: 1px solid var(--sb-border); }
    .flag.off { background: #fde8e6; border-color: #f1b5ae; color: #8a1c13; }
    .flag.on { background: #e6f4ea; border-color: #a8d5b5; color: #1d5e33; }
    .provisional { font-size: 11px; color: var(--sb-warn); }
    .timeline-item { border-left: 3px solid var(--sb-border); padding: 2px 0 2px 8px; font-size: 13px; }
    .timeline-item.current { border-left-color: var(--sb-accent); }
    .timeline-item .meta { color: var(--sb-muted); font-size: 12px; display: flex; gap: 6px; flex-wrap: wrap; }
    .timeline-item .content { white-space: pre-wrap; overflow-wrap: anywhere; }
    .note { font-size: 13px; background: #fff8e1; border: 1px solid #f0e0a8; border-radius: var(--sb-radius); padding: 4px 8px; }
    .note .meta { color: var(--sb-muted); font-size: 12px; }
    textarea, input, select { font: inherit; border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
      padding: 4px 6px; background: var(--sb-surface); color: var(--sb-text); }
    textarea { width: 100%; resize: vertical; min-height: 3em; }
    button { font: inherit; padding: 4px 10px; border-radius: var(--sb-radius); border: 1px solid var(--sb-border);
      background: var(--sb-surface); color: var(--sb-text); cursor: pointer; }
    button.primary { background: var(--sb-accent); color: var(--sb-accent-text); border-color: var(--sb-accent); }
    button.link { border: none; background: none; color: var(--sb-accent); padding: 0; text-decoration: underline; }
    .row { display: flex; gap: 6px; align-items: center; margin-top: 6px; }
    .error { color: var(--sb-danger); font-size: 12px; }
    .muted { color: var(--sb-muted); font-size: 13px; }
  `;

  @property({ type: Number }) customerId = 0;
  /** The interaction beside it, if any: its notes and the service request it links to. */
  @property({ type: Number }) interactionId = 0;

  @state() private pages: Touchpoint[] = [];
  @state() private total = 0;
  @state() private page = 0;
  @state() private timelineError = '';
  @state() private loadingOlder = false;
  @state() private teamName: string | null = null;
  @state() private noteText = '';
  @state() private noteError = '';

  protected stores() {
    return [customers, consoleState, interactions] as Array<Store<unknown>>;
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('customerId') && this.customerId) {
      this.pages = [];
      this.total = 0;
      this.page = 0;
      this.teamName = null;
      void loadCustomer(this.customerId, true).then((c) => this.loadTeam(c?.advisorTeamId as number | null));
      void this.loadTimeline(0);
    }
    if (changed.has('interactionId') && this.interactionId) void loadInteraction(this.interactionId);
  }

  private async loadTeam(teamId: number | null | undefined): Promise<void> {
    if (!teamId) return;
    try {
      const team = await rest.get<{ name: string }>(`/api/teams/${teamId}`);
      this.teamName = team.name;
    } catch {
      this.teamName = t('customer.team', { id: teamId });
    }
  }

  private async loadTimeline(page: number): Promise<void> {
    const id = this.customerId;
    this.loadingOlder = true;
    try {
      const p = await rest.get<{ items: Touchpoint[]; total: number }>(`/api/customers/${id}/timeline?page=${page}&size=${PAGE}`);
      if (id !== this.customerId) return;
      this.pages = page === 0 ? p.items : [...this.pages, ...p.items];
      this.total = p.total;
      this.page = page;
      this.timelineError = '';
    } catch (e) {
      this.timelineError = reasonOf(e);
    } finally {
      this.loadingOlder = false;
    }
  }

  render() {
    const c = customers.get()[this.customerId];
    if (!c) return html`<p class="muted" role="status">${t('common.loading')}</p>`;
    const nf = new Intl.NumberFormat(locale.get(), { maximumFractionDigits: 2 });
    const money = (v: number | null | undefined) => (v == null ? '—' : nf.format(v));
    const view = this.interactionId ? interactions.get()[this.interactionId] : undefined;
    return html`
      <section aria-labelledby="customer-name">
        <h2 id="customer-name" data-customer=${c.id}><span class="name">${c.name || t('common.customer', { id: c.id })}</span>
          <sb-tier-badge id="customer-tier" tier=${c.tier}></sb-tier-badge></h2>
        ${c.provisional ? html`<div class="provisional">${t('customer.provisional')}</div>` : ''}
        <dl>
          <dt>${t('customer.assets')}</dt><dd id="customer-assets">${money(c.assets)}</dd>
          <dt>${t('customer.turnover')}</dt><dd id="customer-turnover">${money(c.turnover)}</dd>
          <dt>${t('customer.commission')}</dt><dd id="customer-commission">${money(c.commission)}</dd>
          <dt>${t('customer.advisorTeam')}</dt><dd id="customer-team">${c.advisorTeamId ? this.teamName ?? '…' : t('customer.noTeam')}</dd>
        </dl>
      </section>
      <section aria-labelledby="cp-title">
        <h3 id="cp-title">${t('customer.contactPoints')}</h3>
        <ul id="contact-points">
          ${(c.contactPoints ?? []).map((cp) => html`<li class="cp" data-type=${cp.type}>
            <span class="type">${termOf(`customer.cpType.${cp.type}`, cp.type)}</span><span>${cp.value}</span>
            ${(cp as { failing?: boolean }).failing ? html`<span class="flag off">${t('customer.failing')}</span>` : ''}</li>`)}
          ${(c.contactPoints ?? []).length === 0 ? html`<li class="muted">${t('customer.noContactPoints')}</li>` : ''}
        </ul>
        <div class="row" id="consent">
          <span id="consent-sms" class="flag ${c.smsOptOut ? 'off' : 'on'}" data-opted-out=${String(!!c.smsOptOut)}>
            ${c.smsOptOut ? t('customer.smsOptOut') : t('customer.smsAllowed')}</span>
          <span id="consent-email" class="flag ${c.emailOptOut ? 'off' : 'on'}" data-opted-out=${String(!!c.emailOptOut)}>
            ${c.emailOptOut ? t('customer.emailOptOut') : t('customer.emailAllowed')}</span>
        </div>
      </section>
      <sb-customer-requests .customerId=${this.customerId} .interactionId=${this.interactionId}
          .linkedId=${view?.serviceRequestId ?? null}
          @linked=${(e: CustomEvent<InteractionView>) => putInteraction(e.detail)}></sb-customer-requests>
      ${this.interactionId ? this.renderNotes() : nothing}
      ${this.renderTimeline()}`;
  }

  private renderNotes() {
    const notes = (consoleState.get().touchpoints[this.interactionId] ?? []).filter((tp) => tp.kind === 'NOTE');
    return html`<section aria-labelledby="notes-title">
      <h3 id="notes-title">${t('customer.notes')}</h3>
      <ul id="notes">
        ${notes.map((n) => html`<li class="note"><div class="meta">${n.employee ?? ''} · ${formatTime(n.occurredAt, true)}</div>
          <div>${n.content}</div></li>`)}
        ${notes.length === 0 ? html`<li class="muted">${t('customer.noNotes')}</li>` : ''}
      </ul>
      <label for="note-text" class="muted">${t('customer.addNote')}</label>
      <textarea id="note-text" .value=${this.noteText} @input=${(e: Event) => { this.noteText = (e.target as HTMLTextAreaElement).value; }}></textarea>
      <div class="row"><button id="note-add" ?disabled=${!this.noteText.trim()} @click=${this.saveNote}>${t('customer.saveNote')}</button>
        ${this.noteError ? html`<span class="error" role="alert">${this.noteError}</span>` : ''}</div>
    </section>`;
  }

  private async saveNote(): Promise<void> {
    try {
      await addNote(this.interactionId, this.noteText.trim());
      this.noteText = '';
      this.noteError = '';
    } catch (e) {
      this.noteError = reasonOf(e);
    }
  }

  private renderTimeline() {
    const live = Object.values(consoleState.get().touchpoints).flat().filter((tp) => tp.customerId === this.customerId);
    // delivery reports show as the status of their message, not as lines of their own
    const items = mergeTimeline(this.pages, live).filter((tp) => tp.kind !== 'DELIVERY');
    return html`<section aria-labelledby="timeline-title">
      <h3 id="timeline-title">${t('customer.timeline')}</h3>
      <ul id="timeline" aria-live="polite">
        ${items.map((tp) => html`<li class="timeline-item ${tp.interactionId === this.interactionId ? 'current' : ''}"
            data-kind=${tp.kind} data-interaction=${tp.interactionId ?? ''}>
          <div class="meta"><span>${formatTime(tp.occurredAt, true)}</span>
            ${tp.channel ? html`<span>${termOf(`common.channel.${tp.channel}`, tp.channel)}</span>` : ''}
            <span class="kind">${termOf(`interaction.kind.${tp.kind}`, tp.kind)}</span>
            ${tp.employee ? html`<span>${tp.employee}</span>` : ''}
            ${tp.interactionId && tp.interactionId !== this.interactionId
              ? html`<button class="link timeline-open" @click=${() => openInteraction(tp.interactionId!)}>#${tp.interactionId}</button>`
              : ''}</div>
          ${tp.content ? html`<div class="content">${snippet(tp.content)}</div>` : ''}
        </li>`)}
        ${items.length === 0 && !this.loadingOlder ? html`<li class="muted">${t('customer.noTimeline')}</li>` : ''}
      </ul>
      ${this.timelineError ? html`<p class="error" role="alert">${t('common.error', { detail: this.timelineError })}</p>` : ''}
      ${this.pages.length < this.total
        ? html`<button id="timeline-older" ?disabled=${this.loadingOlder} @click=${() => this.loadTimeline(this.page + 1)}>
            ${this.loadingOlder ? t('common.loading') : t('customer.loadOlder')}</button>`
        : this.pages.length > 0 ? html`<p class="muted" id="timeline-end">${t('customer.timelineEnd')}</p>` : ''}
    </section>`;
  }
}

function snippet(text: string): string {
  return text.length > 280 ? `${text.substring(0, 279)}…` : text;
}
