import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatTime, t } from '../../../i18n';
import type { ConversationItem, MessageItem } from '../../../state/interaction-conversation';
import { conversationStyles } from './styles';
import { systemLine } from './system-line';
import '../../../components/sb-file-link';

/** A delivery status in words, for a bubble. */
export function statusText(status: MessageItem['status']): string {
  return status ? t(`interaction.status.${status}`) : '';
}

/**
 * Chat and SMS (and the API channel, and a call's events) as a log: the customer's messages on the left, ours on
 * the right with their delivery status, everything else as a system line. Fires `retry` and `discard` with the
 * key of a send the service refused.
 */
@customElement('sb-message-list')
export class SbMessageList extends LitElement {
  static styles = conversationStyles;

  @property({ attribute: false }) items: ConversationItem[] = [];
  @property() channel = 'CHAT';
  /** Whether a refused send may be tried again (the interaction is still ours and open). */
  @property({ type: Boolean }) canRetry = false;

  private marked = new Set<number>();

  protected updated(): void {
    // marks when a customer's message is painted, for the browser test's message-to-screen figure
    for (const item of this.items) {
      if (item.type === 'system' || item.dir !== 'in' || item.touchpointId == null) continue;
      if (this.marked.has(item.touchpointId)) continue;
      this.marked.add(item.touchpointId);
      const id = item.touchpointId;
      requestAnimationFrame(() => performance.mark(`sb:bubble-in:${id}`));
    }
  }

  render() {
    return html`<div role="log" aria-live="polite" aria-label=${t('interaction.conversation')}><ol class="log" id="conversation">
      ${this.items.map((item) => (item.type === 'system' ? systemLine(item.touchpoint) : this.bubble(item)))}
      ${this.items.length === 0 ? html`<li class="empty">${t('interaction.noMessages')}</li>` : ''}
    </ol></div>`;
  }

  private bubble(m: MessageItem) {
    const segments = m.touchpoint?.data?.segments as number | undefined;
    const failed = m.status === 'failed';
    return html`<li class="bubble ${m.dir} ${m.pending ? 'pending' : ''} ${failed ? 'failed' : ''}"
        data-touchpoint=${m.touchpointId ?? ''} data-status=${m.status ?? ''}>
      ${m.text ? html`<div class="text">${m.text}</div>` : ''}
      ${m.attachments.length ? html`<div class="files">${m.attachments.map((a) => html`<sb-file-link sha256=${a.sha256}
          filename=${a.filename} .size=${a.size}></sb-file-link>`)}</div>` : ''}
      ${m.pending?.files?.length ? html`<div class="files">${m.pending.files.map((f) => html`<span>📎 ${f}</span>`)}</div>` : ''}
      <div class="meta">
        ${m.dir === 'out' && m.employee ? html`<span class="who">${m.employee}</span>` : ''}
        ${segments && this.channel === 'SMS' ? html`<span>${t('interaction.smsParts', { n: segments })}</span>` : ''}
        ${m.at ? html`<time datetime=${m.at}>${formatTime(m.at)}</time>` : ''}
        ${m.dir === 'out' ? html`<span class="status status-${m.status}" title=${m.reason ?? ''}>${statusText(m.status)}</span>` : ''}
      </div>
      ${failed ? html`<div class="meta reason" role="alert">${m.reason ?? ''}</div>
        <div class="actions">
          ${this.canRetry ? html`<button class="small retry" @click=${() => this.fire('retry', m)}>${t('interaction.retry')}</button>` : ''}
          <button class="small discard" @click=${() => this.fire('discard', m)}>${t('interaction.discard')}</button>
        </div>` : ''}
    </li>`;
  }

  private fire(name: string, m: MessageItem): void {
    this.dispatchEvent(new CustomEvent(name, { detail: m.pending }));
  }
}
