import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SbElement } from './sb-element';
import { t } from '../i18n';
import { blobUrl } from '../api/rest';

/** Formats a byte count for people (12 KB, 3.4 MB). */
export function fileSize(bytes: number | undefined | null): string {
  if (bytes == null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A file the API serves behind the token (`/api/attachments/{sha256}`): fetched with the token when clicked, then
 * saved under its name (or opened, for `open`). A plain link cannot carry the token.
 */
@customElement('sb-file-link')
export class SbFileLink extends SbElement {
  static styles = css`
    :host { display: inline-block; }
    button { font: inherit; background: none; border: none; padding: 0; color: var(--sb-accent); cursor: pointer;
      text-decoration: underline; text-align: left; }
    .size { color: var(--sb-muted); font-size: 12px; margin-left: 4px; }
    .error { color: var(--sb-danger); font-size: 12px; margin-left: 4px; }
  `;

  @property() sha256 = '';
  @property() filename = '';
  @property({ type: Number }) size: number | null = null;
  /** Open in a new tab (a PDF) rather than save. */
  @property({ type: Boolean }) open = false;
  @state() private error = '';
  @state() private busy = false;

  render() {
    return html`<button type="button" class="file" data-sha256=${this.sha256} ?disabled=${this.busy}
        @click=${this.fetchFile}>${this.filename || t('interaction.file')}</button>${this.size != null
      ? html`<span class="size">${fileSize(this.size)}</span>` : ''}${this.error
      ? html`<span class="error" role="alert">${t('interaction.downloadFailed')}</span>` : ''}`;
  }

  private async fetchFile(): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      const url = await blobUrl(`/api/attachments/${encodeURIComponent(this.sha256)}`);
      const a = document.createElement('a');
      a.href = url;
      if (this.open) {
        a.target = '_blank';
        a.rel = 'noopener';
      } else {
        a.download = this.filename || this.sha256;
      }
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      this.error = String(e);
    } finally {
      this.busy = false;
    }
  }
}
