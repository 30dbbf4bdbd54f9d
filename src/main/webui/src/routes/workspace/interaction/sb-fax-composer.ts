import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { t } from '../../../i18n';
import { readFile, reasonOf, sendWithFiles } from '../../../state/interaction';
import { fileSize } from '../../../components/sb-file-link';
import { composerStyles } from './sb-composer';

/** A fax from a PDF (one document; the text stays on the record as a note, it is not sent). */
@customElement('sb-fax-composer')
export class SbFaxComposer extends LitElement {
  static styles = [composerStyles, css`
    .grid { display: grid; grid-template-columns: auto 1fr; gap: 6px 8px; align-items: center; }
    .bar { display: flex; gap: 8px; justify-content: flex-end; align-items: center; margin-top: 6px; }
  `];

  @property({ type: Number }) interactionId = 0;
  @state() private file: File | null = null;
  @state() private note = '';
  @state() private busy = false;
  @state() private error = '';

  render() {
    const notPdf = this.file != null && this.file.type !== 'application/pdf' && !this.file.name.toLowerCase().endsWith('.pdf');
    return html`
      <div class="grid">
        <label for="fax-file">${t('interaction.faxDocument')}</label>
        <input id="fax-file" type="file" accept="application/pdf,.pdf"
            @change=${(e: Event) => { this.file = (e.target as HTMLInputElement).files?.[0] ?? null; this.error = ''; }}>
        <label for="fax-note">${t('interaction.faxNote')}</label>
        <textarea id="fax-note" rows="2" .value=${this.note}
            @input=${(e: Event) => { this.note = (e.target as HTMLTextAreaElement).value; }}></textarea>
      </div>
      <div class="bar">
        ${this.file ? html`<span class="hint">${this.file.name} · ${fileSize(this.file.size)}</span>` : ''}
        ${notPdf ? html`<span class="error" role="alert">${t('interaction.faxNeedsPdf')}</span>` : ''}
        ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : ''}
        <button id="fax-send" class="primary" ?disabled=${this.busy || !this.file || notPdf} @click=${this.send}>
          ${this.busy ? t('interaction.sending') : t('interaction.sendFax')}</button>
      </div>`;
  }

  private async send(): Promise<void> {
    if (!this.file) return;
    this.busy = true;
    this.error = '';
    try {
      const pdf = await readFile(this.file);
      await sendWithFiles(this.interactionId, this.note.trim(), [{ ...pdf, contentType: 'application/pdf' }]);
      this.file = null;
      this.note = '';
      const input = this.renderRoot.querySelector<HTMLInputElement>('#fax-file');
      if (input) input.value = '';
    } catch (e) {
      this.error = reasonOf(e);
    } finally {
      this.busy = false;
    }
  }
}
