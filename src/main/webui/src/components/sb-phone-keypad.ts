import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SbElement } from './sb-element';
import { t } from '../i18n';
import { DTMF_TONES } from '../state/phone';

/**
 * A DTMF keypad: twelve keys, and the digits typed on the keyboard while it has focus. Fires `tone` with the
 * key in `detail`; the digits sent so far are shown above the keys.
 */
@customElement('sb-phone-keypad')
export class SbPhoneKeypad extends SbElement {
  static styles = css`
    :host { display: inline-grid; gap: 6px; }
    .sent { min-height: 1.4em; font-family: ui-monospace, monospace; letter-spacing: .15em; text-align: center;
      color: var(--sb-text); background: var(--sb-bg); border-radius: var(--sb-radius); padding: 2px 6px; }
    .keys { display: grid; grid-template-columns: repeat(3, 44px); gap: 6px; }
    button { font: inherit; font-size: 16px; height: 38px; border-radius: var(--sb-radius); border: 1px solid var(--sb-border);
      background: var(--sb-surface); color: var(--sb-text); cursor: pointer; }
    button:hover:not(:disabled) { background: #e6f0fb; }
    button:disabled { opacity: .5; cursor: default; }
  `;

  @property({ type: Boolean }) disabled = false;
  @state() private sent = '';

  render() {
    return html`
      <div class="sent" role="status" aria-label=${t('phone.keypadSent')}>${this.sent}</div>
      <div class="keys" role="group" aria-label=${t('phone.keypad')} @keydown=${this.key}>
        ${DTMF_TONES.map((tone) => html`<button type="button" data-tone=${tone} ?disabled=${this.disabled}
            aria-label=${t('phone.tone', { tone })} @click=${() => this.press(tone)}>${tone}</button>`)}
      </div>`;
  }

  private key(e: KeyboardEvent): void {
    if (DTMF_TONES.includes(e.key)) {
      e.preventDefault();
      this.press(e.key);
    }
  }

  private press(tone: string): void {
    if (this.disabled) return;
    this.sent = (this.sent + tone).slice(-24);
    this.dispatchEvent(new CustomEvent('tone', { detail: tone }));
  }
}
