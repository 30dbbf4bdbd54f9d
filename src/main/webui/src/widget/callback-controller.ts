import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { HttpError, type ChatApi } from './api';
import {
  cancellable, checkForm, localeFor, parseWindow, refusal, settled, slotGroups, windowText, zoneName,
  type Booked, type CallbackField, type CallbackMessage, type CallbackState, type Slots,
} from './callback';
import type { Key, Lang } from './i18n';
import type { ChatStorage, SavedCallback } from './storage';

export interface CallbackDeps {
  api: ChatApi;
  storage: ChatStorage;
  lang: Lang;
  queueId: () => number | null;
  t: (key: Key, params?: Record<string, string | number>) => string;
}

const STATE_TEXT: Record<CallbackState, Key> = {
  SCHEDULED: 'cb.state.SCHEDULED', QUEUED: 'cb.state.QUEUED', CALLING: 'cb.state.CALLING', DONE: 'cb.state.DONE',
  FAILED: 'cb.state.FAILED', EXPIRED: 'cb.state.EXPIRED', CANCELLED: 'cb.state.CANCELLED',
};

/** How often a booking still under way is asked for its state while the panel is open. */
const POLL_MS = 30_000;

/**
 * "Request a call-back": the form (number, a window from the queue's free slots or as soon as possible, a note),
 * the booking kept in the page's storage with its id and token, its state asked again while the panel is open,
 * and Cancel. Works with or without a chat: with one, the call-back is the chat's customer's.
 */
export class CallbackController implements ReactiveController {
  slots: Slots | null = null;
  loading = false;
  busy = false;
  cancelling = false;
  fieldErrors: Partial<Record<CallbackField, CallbackMessage>> = {};
  formError: CallbackMessage | null = null;
  cancelError: Key | null = null;
  private poll: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly host: ReactiveControllerHost, private readonly deps: CallbackDeps) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearInterval(this.poll);
  }

  private get t() {
    return this.deps.t;
  }

  booking(): SavedCallback | undefined {
    return this.deps.storage.load().callback;
  }

  private locale(): string {
    return localeFor(this.deps.lang, typeof navigator === 'undefined' ? undefined : navigator.language);
  }

  private browserZone(): string | undefined {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch {
      return undefined;
    }
  }

  /** The panel shows (or hides): a booking under way is asked for its state now and every 30 s meanwhile. */
  watch(open: boolean): void {
    clearInterval(this.poll);
    const b = this.booking();
    if (!open || !b || settled(b.state)) return;
    void this.refresh();
    this.poll = setInterval(() => {
      const now = this.booking();
      if (!now || settled(now.state)) clearInterval(this.poll);
      else void this.refresh();
    }, POLL_MS);
  }

  /** The form opens: the free windows are loaded (again: they move with the clock). */
  open(): void {
    this.fieldErrors = {};
    this.formError = null;
    this.cancelError = null;
    const b = this.booking();
    if (b && !settled(b.state)) void this.refresh();
    else void this.loadSlots();
  }

  async loadSlots(): Promise<void> {
    this.loading = true;
    this.host.requestUpdate();
    const queue = this.deps.queueId();
    try {
      this.slots = await this.deps.api.get<Slots>(`/api/chat/callbacks/slots${queue != null ? `?queueId=${queue}` : ''}`);
      this.formError = null;
    } catch (e) {
      this.slots = null;
      this.formError = refusal(e instanceof HttpError ? e.status : 0, []).form;
    } finally {
      this.loading = false;
      this.host.requestUpdate();
    }
  }

  async refresh(): Promise<void> {
    const b = this.booking();
    if (!b) return;
    try {
      const r = await this.deps.api.get<{ id: number; state: string; notBefore?: string; notAfter?: string }>(
        `/api/chat/callbacks/${b.id}`, { 'X-Callback-Token': b.token });
      this.deps.storage.update((s) => (s.callback?.id === b.id ? {
        ...s, callback: { ...s.callback, state: r.state, notBefore: r.notBefore ?? s.callback.notBefore,
          notAfter: r.notAfter ?? s.callback.notAfter },
      } : s));
    } catch (e) {
      // unknown id or token (the database was reset, the booking purged): nothing to show any more
      if (e instanceof HttpError && e.status === 404) this.deps.storage.forgetCallback(b.id);
    }
    this.host.requestUpdate();
  }

  async submit(ev: Event, session: { sessionId: string; token: string } | undefined): Promise<boolean> {
    ev.preventDefault();
    const form = ev.target as HTMLFormElement;
    const value = (name: string) => ((form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '').trim();
    const v = { phone: value('phone'), name: value('name'), window: value('window'), note: value('note') };
    this.fieldErrors = checkForm(v);
    this.formError = null;
    this.deps.storage.update((s) => ({ ...s, visitor: { ...s.visitor, phone: v.phone, name: v.name || s.visitor?.name } }));
    if (Object.keys(this.fieldErrors).length) {
      this.host.requestUpdate();
      return false;
    }
    const window = v.window === 'asap' ? null : parseWindow(v.window);
    const body: Record<string, unknown> = {
      phone: v.phone, name: v.name || null, queueId: this.deps.queueId(), language: this.deps.lang,
      note: v.note || null, ...(window ?? {}),
    };
    const headers: Record<string, string> = {};
    if (session) {
      body.sessionId = session.sessionId;
      headers['X-Chat-Token'] = session.token;
    }
    this.busy = true;
    this.host.requestUpdate();
    try {
      const r = await this.deps.api.post<Booked>('/api/chat/callbacks', body, headers);
      this.deps.storage.saveCallback({
        id: r.id, token: r.token, state: r.state, notBefore: r.notBefore, notAfter: r.notAfter, phone: v.phone,
        timeZone: this.slots?.timeZone,
      });
      return true;
    } catch (e) {
      const out = refusal(e instanceof HttpError ? e.status : 0, e instanceof HttpError ? e.fields : []);
      this.fieldErrors = out.fields;
      this.formError = out.form;
      return false;
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  async cancel(): Promise<void> {
    const b = this.booking();
    if (!b) return;
    this.cancelling = true;
    this.cancelError = null;
    this.host.requestUpdate();
    try {
      await this.deps.api.request<void>('DELETE', `/api/chat/callbacks/${b.id}`, undefined, { 'X-Callback-Token': b.token });
      this.deps.storage.callbackState(b.id, 'CANCELLED');
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 0;
      if (status === 404) this.deps.storage.forgetCallback(b.id);
      else if (status === 409) {
        this.cancelError = 'cb.tooLate';
        await this.refresh();
      } else this.cancelError = status === 0 ? 'error.network' : 'error.server';
    } finally {
      this.cancelling = false;
      this.host.requestUpdate();
    }
  }

  /** A settled booking is put away: the form again. */
  again(): void {
    this.deps.storage.forgetCallback();
    this.open();
  }

  // --- rendering -----------------------------------------------------------------------------------------------

  private windowOf(b: SavedCallback) {
    const zone = b.timeZone ?? this.slots?.timeZone ?? this.browserZone() ?? 'UTC';
    return windowText(b.notBefore, b.notAfter, this.locale(), zone, this.browserZone());
  }

  /** The booking under the header of the other views: its window and state, and the way to its details. */
  strip(details: () => void): TemplateResult | typeof nothing {
    const b = this.booking();
    if (!b) return nothing;
    const w = this.windowOf(b);
    return html`<div id="sbc-cb-strip" class="sbc-cb-strip" data-state=${b.state}>
      <span>${this.t('cb.strip', { window: w.text })}<br>
        <span class="sbc-cb-strip-state">${this.t('cb.status', { state: this.stateText(b.state) })}</span></span>
      <button id="sbc-cb-details" class="sbc-link" type="button" @click=${details}>${this.t('cb.details')}</button>
    </div>`;
  }

  private stateText(state: string): string {
    const key = STATE_TEXT[state as CallbackState];
    return key ? this.t(key) : state;
  }

  /** The call-back view: the booking if there is one, else the form. */
  view(submit: (ev: Event) => void, back: () => void, visitor: { name?: string; phone?: string }): TemplateResult {
    const b = this.booking();
    return html`<div class="sbc-scroll" id="sbc-callback">
      <button id="sbc-cb-back" class="sbc-link sbc-cb-back" type="button" @click=${back}>
        <span aria-hidden="true">‹ </span>${this.t('cb.back')}</button>
      ${b ? this.bookingView(b) : this.form(submit, visitor)}
    </div>`;
  }

  private bookingView(b: SavedCallback): TemplateResult {
    const w = this.windowOf(b);
    const live = !settled(b.state);
    return html`<section id="sbc-cb-booking" class="sbc-intro sbc-cb-booking" data-state=${b.state} tabindex="-1"
      aria-labelledby="sbc-cb-booking-title">
      <h3 id="sbc-cb-booking-title">${live ? this.t('cb.confirmTitle') : this.t('cb.request')}</h3>
      <p id="sbc-cb-when">${this.t('cb.confirm', { phone: b.phone, window: w.text, zone: w.zone })}</p>
      ${w.local ? html`<p id="sbc-cb-local">${this.t('cb.localTime', { window: w.local })}</p>` : nothing}
      <p id="sbc-cb-state" role="status">${this.t('cb.status', { state: this.stateText(b.state) })}</p>
      ${this.cancelError ? html`<p class="sbc-form-error" role="alert">${this.t(this.cancelError)}</p>` : nothing}
      <div class="sbc-buttons">
        ${cancellable(b.state) ? html`<button id="sbc-cb-cancel" class="sbc-secondary sbc-danger" type="button"
          ?disabled=${this.cancelling} @click=${() => this.cancel()}>
          ${this.cancelling ? this.t('cb.cancelling') : this.t('cb.cancel')}</button>` : nothing}
        ${settled(b.state) ? html`<button id="sbc-cb-again" class="sbc-primary" type="button" @click=${() => this.again()}>
          ${this.t('cb.again')}</button>` : nothing}
      </div>
    </section>`;
  }

  /** A field the visitor changes loses its message (a new one comes with the next submit). */
  private readonly edited = (e: Event) => {
    const name = (e.target as HTMLInputElement).name as CallbackField;
    if (!this.fieldErrors[name]) return;
    const rest = { ...this.fieldErrors };
    delete rest[name];
    this.fieldErrors = rest;
    this.host.requestUpdate();
  };

  private form(submit: (ev: Event) => void, visitor: { name?: string; phone?: string }): TemplateResult {
    const slots = this.slots;
    const groups = slots ? slotGroups(slots.slots, this.locale(), slots.timeZone) : [];
    const none = !!slots && !slots.asap && groups.length === 0;
    const err = (f: CallbackField) => this.fieldErrors[f];
    const described = (f: CallbackField, extra?: string) =>
      [err(f) ? `sbc-cb-${f}-error` : '', extra ?? ''].filter(Boolean).join(' ') || nothing;
    const zone = slots ? zoneName(new Date().toISOString(), this.locale(), slots.timeZone) : null;
    return html`<form id="sbc-callback-form" class="sbc-form" novalidate @submit=${submit} @input=${this.edited}>
      <h3 id="sbc-cb-title" tabindex="-1">${this.t('cb.request')}</h3>
      <p class="sbc-note">${this.t('cb.intro')}</p>
      <div class="sbc-field">
        <label for="sbc-cb-phone">${this.t('cb.phone')}</label>
        <input id="sbc-cb-phone" name="phone" type="tel" autocomplete="tel" required aria-required="true"
          .value=${visitor.phone ?? ''} aria-invalid=${err('phone') ? 'true' : 'false'} aria-describedby=${described('phone')}>
        ${err('phone') ? html`<p class="sbc-field-error" id="sbc-cb-phone-error">${this.t(err('phone')!)}</p>` : nothing}
      </div>
      <div class="sbc-field">
        <label for="sbc-cb-name">${this.t('name')} <span>(${this.t('optional')})</span></label>
        <input id="sbc-cb-name" name="name" type="text" autocomplete="name" maxlength="200" .value=${visitor.name ?? ''}>
      </div>
      <div class="sbc-field">
        <label for="sbc-cb-window">${this.t('cb.window')}</label>
        <select id="sbc-cb-window" name="window" required aria-required="true" ?disabled=${this.loading || !slots || none}
          aria-invalid=${err('window') ? 'true' : 'false'} aria-describedby=${described('window', zone ? 'sbc-cb-zone' : '')}>
          ${this.loading ? html`<option value="">${this.t('cb.loading')}</option>` : html`
            <option value="">${this.t('cb.choose')}</option>
            ${slots?.asap ? html`<option value="asap">${this.t('cb.asap')}</option>` : nothing}
            ${groups.map((g) => html`<optgroup label=${g.day}>
              ${g.options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}</optgroup>`)}`}
        </select>
        ${zone ? html`<p class="sbc-hint" id="sbc-cb-zone">${this.t('cb.zone', { zone })}</p>` : nothing}
        ${none ? html`<p class="sbc-field-error" id="sbc-cb-none">${this.t('cb.noSlots')}</p>` : nothing}
        ${err('window') ? html`<p class="sbc-field-error" id="sbc-cb-window-error">${this.t(err('window')!)}</p>` : nothing}
      </div>
      <div class="sbc-field">
        <label for="sbc-cb-note">${this.t('cb.note')} <span>(${this.t('optional')})</span></label>
        <textarea id="sbc-cb-note" name="note" rows="3" maxlength="500" aria-invalid=${err('note') ? 'true' : 'false'}
          aria-describedby=${described('note')}></textarea>
        ${err('note') ? html`<p class="sbc-field-error" id="sbc-cb-note-error">${this.t(err('note')!)}</p>` : nothing}
      </div>
      ${this.formError ? html`<p class="sbc-form-error" id="sbc-cb-error" role="alert">${this.t(this.formError)}</p>` : nothing}
      <button id="sbc-cb-submit" class="sbc-primary" type="submit" ?disabled=${this.busy || this.loading || none}>
        ${this.busy ? this.t('cb.submitting') : this.t('cb.submit')}</button>
    </form>`;
  }
}
