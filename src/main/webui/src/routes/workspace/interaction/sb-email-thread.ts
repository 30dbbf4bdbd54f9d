import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatTime, t } from '../../../i18n';
import { emailHeaders, type ConversationItem, type MessageItem } from '../../../state/interaction-conversation';
import { emailHtml } from '../../../state/interaction';
import { conversationStyles } from './styles';
import { systemLine } from './system-line';
import { statusText } from './sb-message-list';
import '../../../components/sb-file-link';

/**
 * An email's sanitised HTML in a frame that may run nothing: `sandbox=""` (no scripts, no forms, an opaque
 * origin, so the mail cannot read the console or its token), fed through `srcdoc` with what the API served.
 */
@customElement('sb-email-html')
export class SbEmailHtml extends LitElement {
  static styles = css`
    *, *::before, *::after { box-sizing: border-box; }
    iframe { width: 100%; height: 320px; border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
      background: #fff; resize: vertical; display: block; }
    .muted { color: var(--sb-muted); font-size: 13px; }
  `;

  @property({ type: Number }) interactionId = 0;
  @property({ type: Number }) touchpointId = 0;
  @property() fallback = '';
  @state() private doc: string | null | undefined = undefined;
  @state() private failed = false;

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('touchpointId') || changed.has('interactionId')) {
      this.doc = undefined;
      emailHtml(this.interactionId, this.touchpointId)
        .then((d) => { this.doc = d; })
        .catch(() => { this.failed = true; this.doc = null; });
    }
  }

  render() {
    if (this.doc === undefined) return html`<p class="muted">${t('common.loading')}</p>`;
    if (this.doc === null) {
      return html`${this.failed ? html`<p class="muted" role="alert">${t('interaction.htmlFailed')}</p>` : ''}
        <div class="plain">${this.fallback}</div>`;
    }
    return html`<iframe class="email-html" sandbox="" referrerpolicy="no-referrer" title=${t('interaction.emailHtml')}
        .srcdoc=${this.doc}></iframe>`;
  }
}

/** Email as a thread: each message with subject, from, to and date, its HTML (or text) and its files. */
@customElement('sb-email-thread')
export class SbEmailThread extends LitElement {
  static styles = [conversationStyles, css`
    article.email { border: 1px solid var(--sb-border); border-radius: var(--sb-radius); background: var(--sb-surface);
      padding: 10px 12px; display: grid; gap: 6px; }
    article.email.out { border-left: 4px solid var(--sb-accent); }
    article.email.in { border-left: 4px solid var(--sb-muted); }
    article.email.pending { border-style: dashed; opacity: .85; }
    h3 { margin: 0; font-size: 15px; overflow-wrap: anywhere; }
    .headers { font-size: 12px; color: var(--sb-muted); display: grid; gap: 1px; }
    .headers b { color: var(--sb-text); font-weight: 600; }
    .plain, pre { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; margin: 0; }
    .bar { display: flex; gap: 8px; justify-content: space-between; align-items: center; }
    li.mail { list-style: none; }
  `];

  @property({ attribute: false }) items: ConversationItem[] = [];
  @property({ type: Number }) interactionId = 0;
  /** Messages shown as text although they have HTML (the agent switched), by touchpoint id. */
  @state() private plain = new Set<number>();

  render() {
    return html`<div role="log" aria-live="polite" aria-label=${t('interaction.conversation')}><ol class="log" id="conversation">
      ${this.items.map((item) => (item.type === 'system' ? systemLine(item.touchpoint) : this.mail(item)))}
      ${this.items.length === 0 ? html`<li class="empty">${t('interaction.noMessages')}</li>` : ''}
    </ol></div>`;
  }

  private mail(m: MessageItem) {
    const h = m.touchpoint ? emailHeaders(m.touchpoint) : null;
    const id = m.touchpointId;
    const showHtml = h?.html && id != null && !this.plain.has(id);
    return html`<li class="mail"><article class="email ${m.dir} ${m.pending ? 'pending' : ''} bubble-like"
        data-touchpoint=${id ?? ''} data-status=${m.status ?? ''}>
      <div class="bar">
        <h3 class="subject">${h?.subject || t('interaction.noSubject')}</h3>
        ${m.dir === 'out' ? html`<span class="status status-${m.status}" title=${m.reason ?? ''}>${statusText(m.status)}</span>` : ''}
      </div>
      <div class="headers">
        ${h?.from ? html`<span><b>${t('interaction.from')}</b> ${h.from}</span>` : ''}
        ${h?.to ? html`<span><b>${t('interaction.to')}</b> ${h.to}</span>` : ''}
        ${h?.cc ? html`<span><b>${t('interaction.cc')}</b> ${h.cc}</span>` : ''}
        ${m.dir === 'out' && m.employee ? html`<span><b>${t('interaction.sentBy')}</b> ${m.employee}</span>` : ''}
        <span><b>${t('interaction.date')}</b> ${formatTime(h?.date ?? m.at, true) || t('interaction.sending')}</span>
      </div>
      ${showHtml
        ? html`<sb-email-html .interactionId=${this.interactionId} .touchpointId=${id!} .fallback=${m.text}></sb-email-html>`
        : html`<div class="plain">${m.text}</div>`}
      ${h?.html && id != null ? html`<div><button class="small toggle-html" @click=${() => this.toggle(id)}>
          ${showHtml ? t('interaction.showText') : t('interaction.showHtml')}</button></div>` : ''}
      ${m.attachments.length ? html`<div class="files" aria-label=${t('interaction.attachments')}>
          ${m.attachments.map((a) => html`<sb-file-link sha256=${a.sha256} filename=${a.filename} .size=${a.size}></sb-file-link>`)}</div>` : ''}
      ${m.pending?.files?.length ? html`<div class="files">${m.pending.files.map((f) => html`<span>📎 ${f}</span>`)}</div>` : ''}
    </article></li>`;
  }

  private toggle(id: number): void {
    const next = new Set(this.plain);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.plain = next;
  }
}
