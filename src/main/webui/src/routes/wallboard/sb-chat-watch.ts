import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { supervisorSocket, watched } from '../../api/supervisor-socket';
import type { Store } from '../../state/store';
import { formatTime, t } from '../../i18n';

/** A chat read live: the interaction's messages as bubbles (customer left, agent right), read-only. */
@customElement('sb-chat-watch')
export class SbChatWatch extends SbElement {
  static styles = css`
    :host { display: flex; flex-direction: column; gap: 6px; min-height: 0; }
    header { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
    h3 { margin: 0; font-size: 1em; }
    button { font: inherit; font-size: .85em; padding: 2px 8px; border-radius: var(--sb-radius);
      border: 1px solid var(--sb-border); background: var(--sb-surface); color: var(--sb-text); cursor: pointer; }
    .log { display: flex; flex-direction: column; gap: 4px; overflow: auto; max-height: 60vh; }
    .bubble { max-width: 85%; padding: 4px 8px; border-radius: 10px; font-size: .9em; white-space: pre-wrap; }
    .bubble.in { align-self: flex-start; background: #f1f5f9; }
    .bubble.out { align-self: flex-end; background: #dbeafe; }
    .bubble time { display: block; font-size: .75em; color: var(--sb-muted); }
    .event { align-self: center; font-size: .75em; color: var(--sb-muted); }
  `;

  protected stores() {
    return [watched as Store<unknown>];
  }

  render() {
    const w = watched.get();
    if (!w) return html``;
    return html`<header><h3>${t('wallboard.chat.title', { id: w.interactionId })}</h3>
        <button id="close-chat" @click=${() => supervisorSocket.unwatch()}>${t('common.close')}</button></header>
      <div class="log" role="log" aria-live="polite" id="chat-log">
        ${w.touchpoints.length === 0 ? html`<span class="event">${t('common.loading')}</span>` : ''}
        ${w.touchpoints.map((tp) => tp.content && tp.kind.startsWith('MESSAGE')
          ? html`<div class="bubble ${tp.direction === 'OUTBOUND' || tp.kind.endsWith('_OUT') ? 'out' : 'in'}">${tp.content}
              <time>${tp.employee ?? ''} ${formatTime(tp.occurredAt)}</time></div>`
          : html`<span class="event">${tp.kind} ${formatTime(tp.occurredAt)}</span>`)}
      </div>`;
  }
}
