import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SbElement } from './sb-element';
import { formatDuration, t } from '../i18n';
import { phoneState, softphone } from '../api/sip';
import { consoleState } from '../api/agent-socket';
import { customerName, customers } from '../state/customers';
import { selection, go } from '../state/selection';
import { currentCall, type PhoneCall } from '../state/phone';
import { chime } from '../routes/workspace/alerts';
import type { Store } from '../state/store';
import './sb-phone-keypad';

const ENDED_NOTICE_MS = 6_000;

/** JsSIP's cause of a call's end ('Terminated', 'Canceled', 'RTP Timeout', …) in the agent's language. */
export function endCause(cause: string): string {
  const key = `phone.cause.${cause.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  const text = t(key);
  return text === key ? cause : text;
}

/**
 * The call on this browser's phone, under the header on every screen: a ringing call with the caller and Answer /
 * Decline, then the connected call with its timer, mute, hold, keypad and hang-up. Works for any call that rings
 * here, whether or not it belongs to an interaction (the call panel in the interaction has the rest).
 */
@customElement('sb-phone-bar')
export class SbPhoneBar extends SbElement {
  static styles = css`
    :host { display: block; }
    .bar { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; padding: 8px 14px;
      border-bottom: 1px solid var(--sb-border); }
    .ringing { background: #e7f6ec; border-bottom-color: #9fd8b2; animation: pulse 1.2s ease-in-out infinite alternate; }
    @keyframes pulse { to { background: #d2f0dc; } }
    .active { background: #eef5ff; border-bottom-color: #bcd3f0; }
    .ended { background: var(--sb-surface); color: var(--sb-muted); }
    .who { display: grid; }
    .who strong { font-size: 15px; }
    .label { font-size: 12px; color: var(--sb-muted); }
    .timer { font-variant-numeric: tabular-nums; font-weight: 600; }
    .spacer { flex: 1; }
    button { font: inherit; padding: 6px 14px; border-radius: var(--sb-radius); cursor: pointer;
      border: 1px solid var(--sb-border); background: var(--sb-surface); color: var(--sb-text); }
    button[aria-pressed='true'] { background: #fff1d6; border-color: var(--sb-warn); color: #6b3b00; }
    .answer { background: var(--sb-ok); color: #fff; border-color: var(--sb-ok); font-weight: 600; }
    .hangup { background: var(--sb-danger); color: #fff; border-color: var(--sb-danger); font-weight: 600; }
    .keypad { position: relative; }
    sb-phone-keypad { position: absolute; right: 0; top: calc(100% + 6px); z-index: 15; background: var(--sb-surface);
      border: 1px solid var(--sb-border); border-radius: var(--sb-radius); padding: 8px; box-shadow: 0 6px 24px rgba(0,0,0,.18); }
    .more { font-size: 12px; color: var(--sb-muted); }
  `;

  @state() private keypad = false;
  private ticker?: number;
  private ring?: number;

  protected stores() {
    return [phoneState, consoleState, customers] as Array<Store<unknown>>;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.ticker = window.setInterval(() => this.tick(), 1000);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearInterval(this.ticker);
    window.clearInterval(this.ring);
    this.ring = undefined;
  }

  private tick(): void {
    const p = phoneState.get();
    if (p.calls.length > 0 || (p.lastEnd && Date.now() - p.lastEnd.at < ENDED_NOTICE_MS + 1000)) this.requestUpdate();
  }

  protected willUpdate(): void {
    if (phoneState.get().calls.length === 0) this.keypad = false;
  }

  protected updated(): void {
    // A ringing phone rings audibly too (two tones every 3 s; sound needs the gesture of going Available).
    const ringing = phoneState.get().calls.some((c) => c.state === 'ringing');
    if (ringing && this.ring === undefined) {
      chime();
      this.ring = window.setInterval(() => chime(), 3000);
    } else if (!ringing && this.ring !== undefined) {
      window.clearInterval(this.ring);
      this.ring = undefined;
    }
  }

  render() {
    const p = phoneState.get();
    const call = currentCall(p);
    if (!call) {
      if (p.lastEnd && Date.now() - p.lastEnd.at < ENDED_NOTICE_MS) {
        return html`<div class="bar ended" id="phone-ended" role="status">${t('phone.ended', { cause: endCause(p.lastEnd.cause) })}</div>`;
      }
      return nothing;
    }
    const more = p.calls.length - 1;
    return call.state === 'ringing' ? this.ringing(call, more) : this.talking(call, more);
  }

  /** The customer the call is for, when it belongs to an interaction this console knows. */
  private customer(call: PhoneCall): string | null {
    if (call.interactionId == null) return null;
    const s = consoleState.get();
    const id = s.offers[call.interactionId]?.customerId ?? s.work[call.interactionId]?.customerId;
    return id == null ? null : customerName(id) ?? t('common.customer', { id });
  }

  private ringing(call: PhoneCall, more: number) {
    const customer = this.customer(call);
    return html`
      <section class="bar ringing" id="phone-incoming" role="alert" data-call=${call.id}
          data-interaction=${call.interactionId ?? ''} aria-label=${t('phone.incoming')}>
        <div class="who">
          <span class="label">${call.direction === 'outbound' ? t('phone.outboundRinging') : t('phone.incoming')}</span>
          <strong id="phone-caller">${customer && call.direction === 'outbound' ? customer : call.caller || t('phone.unknownCaller')}</strong>
          ${customer && call.direction === 'inbound' ? html`<span class="label">${customer}</span>` : ''}
        </div>
        <span class="spacer"></span>
        ${more > 0 ? html`<span class="more">${t('phone.more', { n: more })}</span>` : ''}
        <button class="answer" id="phone-answer" @click=${() => this.answer(call)}>${t('phone.answer')}</button>
        <button class="hangup" id="phone-reject" @click=${() => softphone.hangup(call.id)}>${t('phone.reject')}</button>
      </section>`;
  }

  private talking(call: PhoneCall, more: number) {
    const customer = this.customer(call);
    const connected = call.state === 'active';
    return html`
      <section class="bar active" id="phone-call" data-call=${call.id} data-state=${call.state}
          data-interaction=${call.interactionId ?? ''} aria-label=${t('phone.inCall')}>
        <div class="who">
          <span class="label">${connected ? (call.held ? t('phone.onHold') : t('phone.connected')) : t('phone.answering')}</span>
          <strong id="phone-caller">${customer ?? (call.caller || t('phone.unknownCaller'))}</strong>
        </div>
        <span class="timer" id="phone-timer">${formatDuration(call.answeredAt ? Date.now() - call.answeredAt : 0)}</span>
        <span class="spacer"></span>
        ${more > 0 ? html`<span class="more">${t('phone.more', { n: more })}</span>` : ''}
        ${call.interactionId != null ? html`<button id="phone-open" @click=${() => this.open(call.interactionId!)}>
            ${t('phone.open')}</button>` : ''}
        <button id="phone-mute" aria-pressed=${call.muted ? 'true' : 'false'} ?disabled=${!connected}
            @click=${() => softphone.mute(call.id, !call.muted)}>${call.muted ? t('phone.unmute') : t('phone.mute')}</button>
        <button id="phone-hold" aria-pressed=${call.held ? 'true' : 'false'} ?disabled=${!connected}
            @click=${() => softphone.hold(call.id, !call.held)}>${call.held ? t('phone.resume') : t('phone.hold')}</button>
        <span class="keypad">
          <button id="phone-keypad-toggle" aria-expanded=${this.keypad ? 'true' : 'false'} ?disabled=${!connected}
              @click=${() => { this.keypad = !this.keypad; }}>${t('phone.keypad')}</button>
          ${this.keypad && connected ? html`<sb-phone-keypad id="phone-keypad"
              @tone=${(e: CustomEvent<string>) => softphone.dtmf(call.id, e.detail)}></sb-phone-keypad>` : ''}
        </span>
        <button class="hangup" id="phone-hangup" @click=${() => softphone.hangup(call.id)}>${t('phone.hangup')}</button>
      </section>`;
  }

  private answer(call: PhoneCall): void {
    softphone.answer(call.id);
    if (call.interactionId != null) this.open(call.interactionId);
  }

  private open(interactionId: number): void {
    selection.set(interactionId);
    go('workspace');
  }
}
