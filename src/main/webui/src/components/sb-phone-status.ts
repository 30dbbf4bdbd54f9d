import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SbElement } from './sb-element';
import { formatTime, t } from '../i18n';
import { phoneState, softphone, Softphone } from '../api/sip';
import type { AudioDevice } from '../state/phone';
import type { Store } from '../state/store';

/**
 * The phone in the header: a badge with the registration state (data-state: off, desk, unregistered, connecting,
 * registered, failed) that opens a menu with the SIP address, the last error, the microphone permission and the
 * choice of microphone and speaker.
 */
@customElement('sb-phone-status')
export class SbPhoneStatus extends SbElement {
  static styles = css`
    :host { position: relative; display: inline-block; white-space: nowrap; }
    #phone-status { font: inherit; font-size: 13px; display: inline-flex; align-items: center; gap: 6px; cursor: pointer;
      background: transparent; color: inherit; border: 1px solid rgba(255,255,255,.5); border-radius: var(--sb-radius);
      padding: 3px 10px; }
    .dot { width: 10px; height: 10px; border-radius: 50%; background: #9aa4b1; display: inline-block; }
    .registered .dot { background: #3ccf6e; }
    .connecting .dot, .unregistered .dot { background: #f0a400; }
    .failed .dot { background: #ff6b5e; }
    .desk .dot { background: #8fb8ef; }
    .menu { position: absolute; right: 0; top: calc(100% + 6px); z-index: 20; width: 320px; background: var(--sb-surface);
      color: var(--sb-text); border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
      box-shadow: 0 6px 24px rgba(0,0,0,.18); padding: 12px; display: grid; gap: 10px; white-space: normal; }
    .menu h2 { font-size: 14px; margin: 0; }
    .muted { color: var(--sb-muted); font-size: 12px; margin: 0; }
    .error { color: var(--sb-danger); font-size: 12px; margin: 0; }
    label { display: grid; gap: 3px; font-size: 12px; color: var(--sb-muted); }
    select { font: inherit; font-size: 13px; padding: 4px 6px; border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
      background: var(--sb-surface); color: var(--sb-text); }
    button.action { font: inherit; font-size: 13px; padding: 5px 10px; border-radius: var(--sb-radius); cursor: pointer;
      border: 1px solid var(--sb-accent); background: var(--sb-accent); color: var(--sb-accent-text); justify-self: start; }
    .row { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
    code { font-size: 12px; word-break: break-all; }
  `;

  @state() private open = false;

  protected stores() {
    return [phoneState] as Array<Store<unknown>>;
  }

  connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('click', this.outside);
    document.addEventListener('keydown', this.escape);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('click', this.outside);
    document.removeEventListener('keydown', this.escape);
  }

  private outside = (e: MouseEvent) => {
    if (this.open && !e.composedPath().includes(this)) this.open = false;
  };

  private escape = (e: KeyboardEvent) => {
    if (this.open && e.key === 'Escape') this.open = false;
  };

  render() {
    const p = phoneState.get();
    const reg = p.registration;
    return html`
      <button id="phone-status" class=${reg} data-state=${reg} aria-haspopup="dialog" aria-expanded=${this.open ? 'true' : 'false'}
          title=${t('phone.statusTitle')} @click=${this.toggle}>
        <span class="dot" aria-hidden="true"></span>
        <span>${t('phone.statusLabel', { state: t(`phone.reg.${reg}`) })}</span>
      </button>
      ${this.open ? this.menu() : ''}`;
  }

  private toggle(): void {
    this.open = !this.open;
    if (this.open) void softphone.refreshDevices();
  }

  private menu() {
    const p = phoneState.get();
    return html`
      <div class="menu" id="phone-menu" role="dialog" aria-label=${t('phone.settings')}>
        <div class="row"><h2>${t('phone.settings')}</h2>
          <span class="muted">${p.since ? t('phone.since', { time: formatTime(new Date(p.since).toISOString()) }) : ''}</span></div>
        ${p.kind === null ? html`<p class="muted" id="phone-none">${t('phone.none')}</p>` : ''}
        ${p.kind === 'SIP' ? html`<p class="muted" id="phone-desk">${t('phone.deskHint', { registrar: p.registrar ?? '' })}</p>` : ''}
        ${p.sipUri ? html`<p class="muted">${t('phone.address')} <code id="phone-uri">${p.sipUri}</code></p>` : ''}
        ${p.kind === 'WEBRTC' && p.registration !== 'registered' ? html`
          ${p.error ? html`<p class="error" id="phone-error">${t('phone.lastError', { cause: p.error })}</p>` : ''}
          <p class="muted">${t('phone.retrying')}</p>
          <button class="action" id="phone-reconnect" @click=${() => softphone.reconnect()}>${t('phone.reconnect')}</button>`
          : ''}
        ${p.kind === 'WEBRTC' ? this.devices() : ''}
      </div>`;
  }

  private devices() {
    const p = phoneState.get();
    const option = (d: AudioDevice, i: number, chosen: string | null, key: string) =>
      html`<option value=${d.deviceId} ?selected=${d.deviceId === chosen}>${d.label || t(key, { n: i + 1 })}</option>`;
    const canOutput = Softphone.canChooseOutput();
    return html`
      <div class="row">
        <span class="muted" id="phone-mic-state" data-state=${p.microphone}>${t(`phone.mic.${p.microphone}`)}</span>
        ${p.microphone !== 'granted' ? html`<button class="action" id="phone-mic"
            @click=${() => softphone.requestMicrophone()}>${t('phone.allowMic')}</button>` : ''}
      </div>
      <label>${t('phone.input')}
        <select id="phone-input" @change=${(e: Event) => softphone.chooseInput((e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!p.input}>${t('phone.systemDefault')}</option>
          ${p.inputs.map((d, i) => option(d, i, p.input, 'phone.inputN'))}
        </select></label>
      <label>${t('phone.output')}
        <select id="phone-output" ?disabled=${!canOutput}
            @change=${(e: Event) => softphone.chooseOutput((e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!p.output}>${t('phone.systemDefault')}</option>
          ${p.outputs.map((d, i) => option(d, i, p.output, 'phone.outputN'))}
        </select></label>
      ${canOutput ? '' : html`<p class="muted">${t('phone.noOutputChoice')}</p>`}`;
  }
}
