import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { t } from '../../../i18n';
import { sendText, smsPreview } from '../../../state/interaction';
import type { SmsPreview } from '../../../state/interaction-conversation';

/** Styles every composer shares. */
export const composerStyles = css`
    *, *::before, *::after { box-sizing: border-box; }
  :host { display: block; border-top: 1px solid var(--sb-border); background: var(--sb-surface); padding: 8px 12px; }
  .row { display: flex; gap: 8px; align-items: flex-end; }
  textarea, input, select { font: inherit; border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
    padding: 6px 8px; background: var(--sb-surface); color: var(--sb-text); min-width: 0; }
  textarea { flex: 1; resize: vertical; min-height: 2.6em; max-height: 40vh; }
  button { font: inherit; padding: 6px 14px; border-radius: var(--sb-radius); border: 1px solid var(--sb-border);
    background: var(--sb-surface); color: var(--sb-text); cursor: pointer; }
  button.primary { background: var(--sb-accent); color: var(--sb-accent-text); border-color: var(--sb-accent); font-weight: 600; }
  button:disabled { opacity: .55; cursor: default; }
  .hint { font-size: 12px; color: var(--sb-muted); display: flex; gap: 12px; flex-wrap: wrap; margin-top: 4px; }
  .warn { color: var(--sb-danger); font-weight: 600; }
  .error { color: var(--sb-danger); font-size: 12px; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/**
 * The chat and SMS composer: Enter sends, Shift+Enter is a new line (and so is Enter while an input method is
 * composing, as when typing Chinese). For SMS the part counter follows the text, from the service's own preview.
 */
@customElement('sb-composer')
export class SbComposer extends LitElement {
  static styles = composerStyles;

  @property({ type: Number }) interactionId = 0;
  @property() channel = 'CHAT';
  @state() private text = '';
  @state() private preview: SmsPreview | null = null;
  private timer?: number;
  private asked = 0;

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearTimeout(this.timer);
  }

  render() {
    const sms = this.channel === 'SMS';
    const p = this.preview;
    return html`
      <label class="sr-only" for="composer-text">${t('interaction.message')}</label>
      <div class="row">
        <textarea id="composer-text" rows="2" .value=${this.text} placeholder=${t('interaction.typeMessage')}
            @input=${this.onInput} @keydown=${this.onKey}></textarea>
        <button id="send" class="primary" ?disabled=${!this.text.trim() || (sms && p != null && !p.fits)}
            @click=${this.send}>${t('interaction.send')}</button>
      </div>
      <div class="hint">
        <span>${t('interaction.enterHint')}</span>
        ${sms && this.text ? html`<span id="sms-counter" data-segments=${p?.segments ?? ''} class=${p && !p.fits ? 'warn' : ''}>
          ${p ? t('interaction.smsCounter', { segments: p.segments, left: p.left, encoding: p.encoding, max: p.maxSegments })
              : t('interaction.smsCounting')}
          ${p && !p.fits ? ` · ${t('interaction.smsTooLong', { max: p.maxSegments })}` : ''}</span>` : ''}
      </div>`;
  }

  private onInput(e: Event): void {
    this.text = (e.target as HTMLTextAreaElement).value;
    if (this.channel !== 'SMS') return;
    window.clearTimeout(this.timer);
    if (!this.text) {
      this.preview = null;
      return;
    }
    const text = this.text;
    this.timer = window.setTimeout(async () => {
      const n = ++this.asked;
      const p = await smsPreview(text);
      if (n === this.asked) this.preview = p;
    }, 250);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      this.send();
    }
  }

  private send(): void {
    const text = this.text.trim();
    if (!text || (this.channel === 'SMS' && this.preview && !this.preview.fits)) return;
    this.text = '';
    this.preview = null;
    window.clearTimeout(this.timer);
    void sendText(this.interactionId, text);
    this.renderRoot.querySelector<HTMLTextAreaElement>('#composer-text')?.focus();
  }
}
