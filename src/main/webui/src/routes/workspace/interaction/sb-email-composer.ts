import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { t } from '../../../i18n';
import { ApiError } from '../../../api/rest';
import { readFile, reasonOf, sendWithFiles } from '../../../state/interaction';
import { fileSize } from '../../../components/sb-file-link';
import { composerStyles } from './sb-composer';

/**
 * The email reply: subject (prefilled `Re: …`), text and attachments, sent over REST with the files as base64.
 * A reply to an address that bounced is held by the service (409 conflict): the agent may then send it anyway.
 */
@customElement('sb-email-composer')
export class SbEmailComposer extends LitElement {
  static styles = [composerStyles, css`
    .grid { display: grid; grid-template-columns: auto 1fr; gap: 6px 8px; align-items: center; }
    textarea { min-height: 6em; }
    ul { list-style: none; margin: 4px 0 0; padding: 0; display: flex; gap: 6px; flex-wrap: wrap; font-size: 12px; }
    li { border: 1px solid var(--sb-border); border-radius: 999px; padding: 1px 4px 1px 8px; display: flex; gap: 4px; align-items: center; }
    li button { padding: 0 6px; border: none; }
    .confirm { background: #fff4e0; border: 1px solid #f0d3a0; border-radius: var(--sb-radius); padding: 6px 8px;
      font-size: 13px; display: grid; gap: 6px; margin-top: 6px; }
    .bar { display: flex; gap: 8px; justify-content: flex-end; align-items: center; margin-top: 6px; }
  `];

  @property({ type: Number }) interactionId = 0;
  /** The subject the reply starts with. */
  @property() initialSubject = '';
  @state() private subject = '';
  @state() private text = '';
  @state() private files: File[] = [];
  @state() private busy = false;
  @state() private error = '';
  /** The detail of a held reply to a failing address, waiting for the agent's confirmation. */
  @state() private failing = '';
  private subjectTouched = false;

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('initialSubject') && !this.subjectTouched) this.subject = this.initialSubject;
    if (changed.has('interactionId') && changed.get('interactionId') !== undefined) {
      this.text = '';
      this.files = [];
      this.subjectTouched = false;
      this.subject = this.initialSubject;
    }
  }

  render() {
    return html`
      <div class="grid">
        <label for="email-subject">${t('interaction.subject')}</label>
        <input id="email-subject" .value=${this.subject}
            @input=${(e: Event) => { this.subject = (e.target as HTMLInputElement).value; this.subjectTouched = true; }}>
        <label for="composer-text">${t('interaction.message')}</label>
        <textarea id="composer-text" .value=${this.text} placeholder=${t('interaction.typeEmail')}
            @input=${(e: Event) => { this.text = (e.target as HTMLTextAreaElement).value; }}
            @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void this.send(false); } }}></textarea>
        <label for="email-files">${t('interaction.attach')}</label>
        <input id="email-files" type="file" multiple @change=${this.pick}>
      </div>
      ${this.files.length ? html`<ul aria-label=${t('interaction.attachments')}>${this.files.map((f, i) => html`<li class="file">
          ${f.name} <span>${fileSize(f.size)}</span>
          <button aria-label=${t('interaction.removeFile', { name: f.name })} @click=${() => { this.files = this.files.filter((_, j) => j !== i); }}>×</button></li>`)}</ul>` : ''}
      ${this.failing ? html`<div class="confirm" role="alert" id="failing-address">
          <span>${t('interaction.failingAddress', { detail: this.failing })}</span>
          <div class="bar"><button @click=${() => { this.failing = ''; }}>${t('common.cancel')}</button>
            <button class="primary" id="send-anyway" @click=${() => this.send(true)}>${t('interaction.sendAnyway')}</button></div>
        </div>` : ''}
      <div class="bar">
        ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : ''}
        <span class="hint">${t('interaction.ctrlEnterHint')}</span>
        <button id="send" class="primary" ?disabled=${this.busy || (!this.text.trim() && this.files.length === 0)}
            @click=${() => this.send(false)}>${this.busy ? t('interaction.sending') : t('interaction.sendEmail')}</button>
      </div>`;
  }

  private pick(e: Event): void {
    const input = e.target as HTMLInputElement;
    this.files = [...this.files, ...Array.from(input.files ?? [])];
    input.value = '';
  }

  private async send(confirmed: boolean): Promise<void> {
    if (this.busy || (!this.text.trim() && this.files.length === 0)) return;
    this.busy = true;
    this.error = '';
    try {
      const files = await Promise.all(this.files.map(readFile));
      const data: Record<string, unknown> = {};
      if (this.subject.trim()) data.subject = this.subject.trim();
      if (confirmed) data.sendToFailingAddress = true;
      await sendWithFiles(this.interactionId, this.text.trim(), files, data);
      this.text = '';
      this.files = [];
      this.failing = '';
    } catch (e) {
      // the one conflict the agent may overrule: a reply to an address a bounce marked failing
      if (e instanceof ApiError && e.status === 409 && e.detail.includes('sendToFailingAddress') && !confirmed) this.failing = e.detail;
      else this.error = reasonOf(e);
    } finally {
      this.busy = false;
    }
  }
}
