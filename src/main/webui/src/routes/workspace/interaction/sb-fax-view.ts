import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatTime, t } from '../../../i18n';
import { blobUrl } from '../../../api/rest';
import { faxOf, type ConversationItem, type MessageItem } from '../../../state/interaction-conversation';
import { conversationStyles } from './styles';
import { systemLine } from './system-line';
import { statusText } from './sb-message-list';
import '../../../components/sb-file-link';

/** One page of a fax as a thumbnail: the stored PNG (fetched with the token), opened full size on click. */
@customElement('sb-fax-thumb')
export class SbFaxThumb extends LitElement {
  static styles = css`
    *, *::before, *::after { box-sizing: border-box; }
    :host { display: block; }
    a, .ph { display: block; width: 120px; min-height: 160px; border: 1px solid var(--sb-border); background: #fff;
      border-radius: 3px; overflow: hidden; }
    img { width: 100%; display: block; }
    .n { font-size: 11px; color: var(--sb-muted); text-align: center; }
  `;

  @property() sha256 = '';
  @property({ type: Number }) page = 1;
  @state() private url: string | null = null;

  connectedCallback(): void {
    super.connectedCallback();
    blobUrl(`/api/attachments/${encodeURIComponent(this.sha256)}`).then((u) => { this.url = u; }).catch(() => undefined);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
  }

  render() {
    const label = t('interaction.faxPage', { n: this.page });
    return html`${this.url
      ? html`<a href=${this.url} target="_blank" rel="noopener" class="fax-page" data-page=${this.page}>
          <img src=${this.url} alt=${label}></a>`
      : html`<div class="ph" role="img" aria-label=${label}></div>`}<div class="n">${label}</div>`;
  }
}

/** Faxes: received ones as page thumbnails with their PDF, sent ones with their PDF and delivery status. */
@customElement('sb-fax-view')
export class SbFaxView extends LitElement {
  static styles = [conversationStyles, css`
    article.fax { border: 1px solid var(--sb-border); border-radius: var(--sb-radius); background: var(--sb-surface);
      padding: 10px 12px; display: grid; gap: 8px; }
    article.fax.out { border-left: 4px solid var(--sb-accent); }
    .pages { display: flex; gap: 8px; flex-wrap: wrap; }
    .bar { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; font-size: 13px; }
    .fax-status { font-weight: 600; }
    .fax-status.PARTIAL, .fax-status.FAILED { color: var(--sb-danger); }
    li.mail { list-style: none; }
    .muted { color: var(--sb-muted); font-size: 12px; }
  `];

  @property({ attribute: false }) items: ConversationItem[] = [];

  render() {
    return html`<div role="log" aria-live="polite" aria-label=${t('interaction.conversation')}><ol class="log" id="conversation">
      ${this.items.map((item) => (item.type === 'system' ? systemLine(item.touchpoint) : this.fax(item)))}
      ${this.items.length === 0 ? html`<li class="empty">${t('interaction.noMessages')}</li>` : ''}
    </ol></div>`;
  }

  private fax(m: MessageItem) {
    const info = m.touchpoint ? faxOf(m.touchpoint) : null;
    const pdf = m.attachments.find((a) => a.sha256 === info?.pdfSha256) ?? m.attachments.find((a) => a.contentType === 'application/pdf');
    const others = m.attachments.filter((a) => a !== pdf && !info?.pages.some((p) => p.sha256 === a.sha256));
    return html`<li class="mail"><article class="fax ${m.dir}" data-touchpoint=${m.touchpointId ?? ''} data-status=${m.status ?? ''}>
      <div class="bar">
        <strong>${m.dir === 'in' ? t('interaction.faxReceived') : t('interaction.faxSent')}</strong>
        ${info?.status ? html`<span class="fax-status ${info.status}">${t(`interaction.fax.${info.status}`)}</span>` : ''}
        ${info?.pagesReceived != null ? html`<span>${t('interaction.faxPages', { n: info.pagesReceived })}</span>` : ''}
        ${m.at ? html`<time class="muted" datetime=${m.at}>${formatTime(m.at, true)}</time>` : ''}
        ${m.dir === 'out' ? html`<span class="status status-${m.status}" title=${m.reason ?? ''}>${statusText(m.status)}</span>` : ''}
      </div>
      ${m.text ? html`<div class="muted">${m.text}</div>` : ''}
      ${info?.error ? html`<div class="muted">${info.error}</div>` : ''}
      ${info?.pages.length ? html`<div class="pages">${info.pages.map((p) => html`<sb-fax-thumb sha256=${p.sha256} .page=${p.page}></sb-fax-thumb>`)}</div>` : ''}
      ${pdf ? html`<div class="bar"><span>${t('interaction.faxPdf')}</span>
          <sb-file-link class="fax-pdf" open sha256=${pdf.sha256} filename=${pdf.filename} .size=${pdf.size}></sb-file-link></div>` : ''}
      ${others.length ? html`<div class="files">${others.map((a) => html`<sb-file-link sha256=${a.sha256} filename=${a.filename} .size=${a.size}></sb-file-link>`)}</div>` : ''}
      ${m.pending?.files?.length ? html`<div class="files">${m.pending.files.map((f) => html`<span>📎 ${f}</span>`)}</div>` : ''}
    </article></li>`;
  }
}
