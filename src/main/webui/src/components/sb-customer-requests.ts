import { css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SbElement } from './sb-element';
import { formatTime, t } from '../i18n';
import { rest } from '../api/rest';
import { reasonOf, type InteractionView } from '../state/interaction';

/** A service request as `/api/service-requests` shows it. */
export interface ServiceRequest {
  id: number;
  customerId: number;
  type: string;
  subject: string;
  description?: string | null;
  status: string;
  priority: string;
  dueAt?: string | null;
  createdAt: string;
}

const TYPES = ['ENQUIRY', 'REQUEST', 'COMPLAINT'];
const PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'URGENT'];
const STATUSES = ['OPEN', 'PENDING', 'RESOLVED', 'CLOSED'];

/**
 * A customer's service requests: the list (newest first) with their status to change, a link to the interaction
 * beside them, and a form to open a new one (linked to that interaction at once when asked). Fires `linked` with
 * the interaction as the service answered.
 */
@customElement('sb-customer-requests')
export class SbCustomerRequests extends SbElement {
  static styles = css`
    *, *::before, *::after { box-sizing: border-box; }
    :host { display: block; margin-bottom: 16px; }
    h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--sb-muted); margin: 0 0 6px; }
    ul { list-style: none; padding: 0; margin: 0 0 8px; display: grid; gap: 6px; }
    li.sr { border: 1px solid var(--sb-border); border-radius: var(--sb-radius); padding: 6px 8px; font-size: 13px;
      display: grid; gap: 4px; }
    li.sr.linked { border-color: var(--sb-accent); background: #eef5ff; }
    .title { font-weight: 600; overflow-wrap: anywhere; }
    .meta { color: var(--sb-muted); font-size: 12px; display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
    .badge { font-size: 11px; border-radius: 999px; padding: 0 6px; background: var(--sb-accent); color: #fff; }
    .prio-HIGH, .prio-URGENT { color: var(--sb-danger); font-weight: 600; }
    form { display: grid; gap: 6px; border-top: 1px dashed var(--sb-border); padding-top: 8px; }
    .grid { display: grid; grid-template-columns: auto 1fr; gap: 4px 8px; align-items: center; font-size: 13px; }
    textarea, input, select { font: inherit; border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
      padding: 4px 6px; background: var(--sb-surface); color: var(--sb-text); min-width: 0; }
    textarea { resize: vertical; min-height: 2.5em; }
    button { font: inherit; padding: 4px 10px; border-radius: var(--sb-radius); border: 1px solid var(--sb-border);
      background: var(--sb-surface); color: var(--sb-text); cursor: pointer; }
    button.primary { background: var(--sb-accent); color: var(--sb-accent-text); border-color: var(--sb-accent); }
    .error { color: var(--sb-danger); font-size: 12px; }
    .muted { color: var(--sb-muted); font-size: 13px; }
    label.check { display: flex; gap: 6px; align-items: center; font-size: 13px; }
  `;

  @property({ type: Number }) customerId = 0;
  @property({ type: Number }) interactionId = 0;
  /** The service request the interaction links to now. */
  @property({ attribute: false }) linkedId: number | null = null;

  @state() private list: ServiceRequest[] = [];
  @state() private error = '';
  @state() private busy = false;
  @state() private type = 'ENQUIRY';
  @state() private priority = 'NORMAL';
  @state() private subject = '';
  @state() private description = '';
  @state() private linkNew = true;
  @state() private formOpen = false;

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('customerId') && this.customerId) void this.load();
  }

  private async load(): Promise<void> {
    try {
      const list = await rest.get<ServiceRequest[]>(`/api/service-requests?customerId=${this.customerId}`);
      this.list = [...(list ?? [])].reverse();
    } catch (e) {
      this.error = reasonOf(e);
    }
  }

  render() {
    return html`
      <h3 id="sr-title">${t('customer.serviceRequests')}</h3>
      <ul id="service-requests" aria-labelledby="sr-title">
        ${this.list.map((sr) => this.renderOne(sr))}
        ${this.list.length === 0 ? html`<li class="muted">${t('customer.noRequests')}</li>` : ''}
      </ul>
      <button id="sr-new" aria-expanded=${String(this.formOpen)}
          @click=${() => { this.formOpen = !this.formOpen; }}>${t('customer.newRequest')}</button>
      ${this.formOpen ? this.renderForm() : ''}
      ${this.error && !this.formOpen ? html`<div class="error" role="alert">${t('common.error', { detail: this.error })}</div>` : ''}`;
  }

  private renderForm() {
    return html`
      <form id="sr-form" @submit=${this.create} aria-label=${t('customer.newRequest')}>
        <div class="grid">
          <label for="sr-type">${t('customer.srType')}</label>
          <select id="sr-type" @change=${(e: Event) => { this.type = (e.target as HTMLSelectElement).value; }}>
            ${TYPES.map((ty) => html`<option value=${ty} ?selected=${ty === this.type}>${t(`customer.type.${ty}`)}</option>`)}
          </select>
          <label for="sr-priority">${t('customer.srPriority')}</label>
          <select id="sr-priority" @change=${(e: Event) => { this.priority = (e.target as HTMLSelectElement).value; }}>
            ${PRIORITIES.map((p) => html`<option value=${p} ?selected=${p === this.priority}>${t(`customer.priority.${p}`)}</option>`)}
          </select>
          <label for="sr-subject">${t('customer.srSubject')}</label>
          <input id="sr-subject" required maxlength="500" .value=${this.subject}
              @input=${(e: Event) => { this.subject = (e.target as HTMLInputElement).value; }}>
          <label for="sr-description">${t('customer.srDescription')}</label>
          <textarea id="sr-description" .value=${this.description}
              @input=${(e: Event) => { this.description = (e.target as HTMLTextAreaElement).value; }}></textarea>
        </div>
        ${this.interactionId ? html`<label class="check"><input type="checkbox" id="sr-link-new" .checked=${this.linkNew}
            @change=${(e: Event) => { this.linkNew = (e.target as HTMLInputElement).checked; }}>
            ${t('customer.linkNew', { id: this.interactionId })}</label>` : ''}
        <div><button class="primary" id="sr-create" type="submit" ?disabled=${this.busy || !this.subject.trim()}>
          ${t('customer.createRequest')}</button></div>
        ${this.error ? html`<div class="error" role="alert">${t('common.error', { detail: this.error })}</div>` : ''}
      </form>`;
  }

  private renderOne(sr: ServiceRequest) {
    const linked = this.linkedId === sr.id;
    return html`<li class="sr ${linked ? 'linked' : ''}" data-sr=${sr.id} data-status=${sr.status}>
      <div class="title">SR-${sr.id} · ${sr.subject}</div>
      <div class="meta">
        <span>${t(`customer.type.${sr.type}`)}</span>
        <span class="prio-${sr.priority}">${t(`customer.priority.${sr.priority}`)}</span>
        <span>${formatTime(sr.createdAt, true)}</span>
        ${linked ? html`<span class="badge sr-linked">${t('customer.linked')}</span>` : ''}
      </div>
      <div class="meta">
        <label for="sr-status-${sr.id}">${t('customer.srStatus')}</label>
        <select id="sr-status-${sr.id}" class="sr-status" data-sr=${sr.id} ?disabled=${this.busy}
            @change=${(e: Event) => this.changeStatus(sr, (e.target as HTMLSelectElement).value)}>
          ${STATUSES.map((s) => html`<option value=${s} ?selected=${s === sr.status}>${t(`customer.status.${s}`)}</option>`)}
        </select>
        ${this.interactionId && !linked ? html`<button class="sr-link" data-sr=${sr.id} ?disabled=${this.busy}
            @click=${() => this.link(sr.id)}>${t('customer.link')}</button>` : ''}
      </div>
    </li>`;
  }

  private async create(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.subject.trim()) return;
    this.busy = true;
    try {
      const sr = await rest.post<ServiceRequest>('/api/service-requests', {
        customerId: this.customerId, type: this.type, priority: this.priority, subject: this.subject.trim(),
        ...(this.description.trim() ? { description: this.description.trim() } : {}),
      });
      this.list = [sr, ...this.list];
      this.subject = '';
      this.description = '';
      this.error = '';
      this.formOpen = false;
      if (this.interactionId && this.linkNew) await this.link(sr.id);
    } catch (err) {
      this.error = reasonOf(err);
    } finally {
      this.busy = false;
    }
  }

  private async changeStatus(sr: ServiceRequest, status: string): Promise<void> {
    this.busy = true;
    try {
      const changed = await rest.patch<ServiceRequest>(`/api/service-requests/${sr.id}`, { status });
      this.list = this.list.map((x) => (x.id === sr.id ? changed : x));
      this.error = '';
    } catch (err) {
      this.error = reasonOf(err);
      this.list = [...this.list];
    } finally {
      this.busy = false;
    }
  }

  private async link(id: number): Promise<void> {
    this.busy = true;
    try {
      const v = await rest.put<InteractionView>(`/api/interactions/${this.interactionId}/service-request`, { serviceRequestId: id });
      this.dispatchEvent(new CustomEvent('linked', { detail: v }));
      this.error = '';
    } catch (err) {
      this.error = reasonOf(err);
    } finally {
      this.busy = false;
    }
  }
}
