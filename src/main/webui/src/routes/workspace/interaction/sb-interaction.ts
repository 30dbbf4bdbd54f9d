import { css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SbElement } from '../../../components/sb-element';
import { formatDuration, t } from '../../../i18n';
import { consoleState } from '../../../api/agent-socket';
import { customers, loadCustomer } from '../../../state/customers';
import { end, markRead } from '../../../state/actions';
import {
  closeView, discardPending, interactions, loadHistory, loadInteraction, loadQueues, messageStatuses, pendingSends,
  queues, reasonOf, sendText,
} from '../../../state/interaction';
import { conversation, emailHeaders, replySubject, startedAt, type PendingSend } from '../../../state/interaction-conversation';
import type { Store } from '../../../state/store';
import type { Touchpoint, WorkItem } from '../../../state/types';
import '../../../components/sb-tier-badge';
import { termOf } from '../../../components/sb-customer-panel';
import '../call/sb-call-panel';
import './sb-message-list';
import './sb-email-thread';
import './sb-fax-view';
import './sb-composer';
import './sb-email-composer';
import './sb-fax-composer';
import './sb-wrap-up';
import './sb-transfer';

/** How often a conversation the socket does not follow (one the agent started, after a reconnect) is reloaded. */
const POLL_MS = 5000;

/**
 * One interaction in the workspace: a header (channel, customer and tier, queue, state, time since it began), the
 * conversation for its channel, the composer, End / Transfer / wrap-up, and the customer beside it. It also shows
 * an interaction the agent no longer holds (from its history): conversation and customer, read-only.
 */
@customElement('sb-interaction')
export class SbInteraction extends SbElement {
  static styles = css`
    *, *::before, *::after { box-sizing: border-box; }
    :host { display: grid; grid-template-columns: minmax(0, 1fr) 340px; min-height: 0; height: 100%; }
    .main { display: flex; flex-direction: column; min-height: 0; min-width: 0; }
    header { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; padding: 8px 14px;
      border-bottom: 1px solid var(--sb-border); background: var(--sb-surface); }
    header .who { font-weight: 600; font-size: 16px; display: flex; gap: 6px; align-items: center; }
    .chip { font-size: 12px; border: 1px solid var(--sb-border); border-radius: 999px; padding: 1px 8px; color: var(--sb-muted); }
    .chip.channel { background: #13294b; color: #fff; border-color: #13294b; }
    .chip.state-WRAP_UP { color: #8a4b00; border-color: #e8c48a; background: #fff4e0; }
    .elapsed { font-variant-numeric: tabular-nums; color: var(--sb-muted); font-size: 13px; }
    .spacer { flex: 1; }
    header button { font: inherit; padding: 4px 12px; border-radius: var(--sb-radius); border: 1px solid var(--sb-border);
      background: var(--sb-surface); color: var(--sb-text); cursor: pointer; }
    header button.end { border-color: var(--sb-danger); color: var(--sb-danger); font-weight: 600; }
    .scroll { flex: 1; overflow: auto; min-height: 0; }
    .readonly { padding: 8px 14px; background: #eef1f5; color: var(--sb-muted); font-size: 13px;
      border-top: 1px solid var(--sb-border); }
    .error { color: var(--sb-danger); font-size: 13px; padding: 4px 14px; }
    sb-customer-panel { min-height: 0; }
    @media (max-width: 900px) { :host { grid-template-columns: 1fr; } sb-customer-panel { border-left: none; } }
  `;

  @property({ attribute: false }) interactionId = 0;
  @property({ attribute: false }) work: WorkItem | null = null;
  @state() private transferring = false;
  @state() private closing = false;
  @state() private error = '';
  private ticker?: number;
  private poller?: number;
  private stick = true;

  protected stores() {
    return [consoleState, customers, interactions, messageStatuses, pendingSends, queues] as Array<Store<unknown>>;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.ticker = window.setInterval(() => this.requestUpdate(), 1000);
    this.poller = window.setInterval(() => this.poll(), POLL_MS);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearInterval(this.ticker);
    window.clearInterval(this.poller);
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('interactionId') && this.interactionId) {
      this.transferring = false;
      this.closing = false;
      this.error = '';
      this.stick = true;
      const id = this.interactionId;
      void loadInteraction(id, true).then((v) => v && loadCustomer(v.customerId));
      void loadHistory(id).catch((e) => { this.error = reasonOf(e); });
      void loadQueues().catch(() => undefined);
    }
    if (changed.has('work') && this.work) void loadCustomer(this.work.customerId);
    // the routed state changed (ended, wrapped, transferred): the record's state follows
    const before = changed.get('work') as WorkItem | null | undefined;
    if (changed.has('work') && before !== undefined && before?.phase !== this.work?.phase) {
      void loadInteraction(this.interactionId, true);
      // handed on or wrapped: the socket sends no more of its touchpoints, the last ones come from the log
      if (before && !this.work) void loadHistory(this.interactionId).catch(() => undefined);
    }
  }

  /** An interaction the socket does not bring touchpoints for: reload its log while it is open and ours. */
  private poll(): void {
    if (document.hidden || !this.interactionId || this.work) return;
    if (!this.editable()) return;
    void loadHistory(this.interactionId).catch(() => undefined);
  }

  /** Whether the agent may act on it: routing gave it to it, or it started it and it is still open. */
  private editable(): boolean {
    if (this.work) return true;
    const v = interactions.get()[this.interactionId];
    const me = consoleState.get().agent?.agentId;
    return !!v && v.state === 'ACTIVE' && me != null && v.agentId === me && !consoleState.get().finished[this.interactionId];
  }

  protected updated(): void {
    const scroller = this.renderRoot.querySelector<HTMLElement>('.scroll');
    if (scroller && this.stick) scroller.scrollTop = scroller.scrollHeight;
    // A chat on screen: the customer sees its messages read (the widget's read ticks).
    if (this.work?.channel === 'CHAT' && this.work.phase === 'ACTIVE' && !document.hidden) {
      markRead(this.interactionId, consoleState.get().touchpoints[this.interactionId] ?? []);
    }
  }

  private onScroll(e: Event): void {
    const s = e.target as HTMLElement;
    this.stick = s.scrollHeight - s.scrollTop - s.clientHeight < 40;
  }

  render() {
    const id = this.interactionId;
    const view = interactions.get()[id];
    const state = consoleState.get();
    const touchpoints = state.touchpoints[id] ?? [];
    const channel = this.work?.channel ?? view?.channel ?? '';
    const customerId = this.work?.customerId ?? view?.customerId ?? 0;
    const customer = customers.get()[customerId];
    const tier = customer?.tier ?? this.work?.tier;
    const queueId = this.work?.queueId ?? view?.queueId ?? null;
    const queue = (queues.get() ?? []).find((q) => q.id === queueId);
    const editable = this.editable();
    const phase = this.work?.phase ?? null;
    const routed = !!this.work;
    const items = conversation(touchpoints, messageStatuses.get()[id] ?? [], pendingSends.get()[id] ?? []);
    const start = startedAt(view, touchpoints);
    // a finished interaction shows how long it lasted; one in hand counts up
    const stop = !this.work && view?.endedAt && view.state !== 'ACTIVE' ? Date.parse(view.endedAt) : Date.now();
    const stateKey = phase ?? view?.state ?? '';
    const active = editable && (phase === 'ACTIVE' || (!routed && !this.closing));
    return html`
      <div class="main" data-interaction=${id} data-channel=${channel} data-editable=${String(editable)}>
        <header>
          ${channel ? html`<span class="chip channel" id="interaction-channel">${termOf(`common.channel.${channel}`, channel)}</span>` : ''}
          <span class="who"><span id="interaction-customer">${customer?.name ?? (customerId ? t('common.customer', { id: customerId }) : '')}</span>
            ${tier ? html`<sb-tier-badge tier=${tier}></sb-tier-badge>` : ''}</span>
          ${queueId != null ? html`<span class="chip" id="interaction-queue">${queue?.name ?? t('common.queue', { id: queueId })}</span>` : ''}
          ${stateKey ? html`<span class="chip state-${stateKey}" id="interaction-state">${t(`interaction.state.${stateKey}`)}</span>` : ''}
          ${start ? html`<span class="elapsed" id="elapsed" title=${t('interaction.elapsedTitle')}>${formatDuration(stop - Date.parse(start))}</span>` : ''}
          <span class="chip">#${id}</span>
          <span class="spacer"></span>
          ${active && channel !== 'VOICE' && routed ? html`<button id="transfer-toggle" aria-expanded=${String(this.transferring)}
              @click=${() => { this.transferring = !this.transferring; }}>${t('interaction.transfer')}</button>` : ''}
          ${active && (channel !== 'VOICE' || !routed) ? html`<button id="end" class="end" @click=${this.endIt}>${t('interaction.end')}</button>` : ''}
          ${!routed ? html`<button id="close-view" @click=${() => closeView(id)}>${t('common.close')}</button>` : ''}
        </header>
        ${this.error ? html`<div class="error" role="alert">${t('common.error', { detail: this.error })}</div>` : ''}
        ${channel === 'VOICE' ? html`<sb-call-panel .interactionId=${id}></sb-call-panel>` : nothing}
        <div class="scroll" @scroll=${this.onScroll}>${this.renderConversation(channel, items, active)}</div>
        ${this.transferring && active ? html`<sb-transfer .interactionId=${id} .channel=${channel} .queueId=${queueId}
            @close=${() => { this.transferring = false; }}></sb-transfer>` : nothing}
        ${phase === 'WRAP_UP' ? html`<sb-wrap-up .interactionId=${id} .queueId=${queueId} .until=${this.work?.until ?? null}
            mode="wrap"></sb-wrap-up>` : nothing}
        ${!routed && editable && this.closing ? html`<sb-wrap-up .interactionId=${id} .queueId=${queueId} .until=${null}
            mode="close"></sb-wrap-up>` : nothing}
        ${active ? this.renderComposer(channel, touchpoints) : nothing}
        ${!editable ? html`<div class="readonly" id="read-only" role="note">${t('interaction.readOnly')}</div>` : nothing}
      </div>
      ${customerId ? html`<sb-customer-panel .customerId=${customerId} .interactionId=${id}></sb-customer-panel>` : html`<div></div>`}`;
  }

  private renderConversation(channel: string, items: ReturnType<typeof conversation>, active: boolean) {
    const onRetry = (e: CustomEvent<PendingSend>) => {
      discardPending(this.interactionId, e.detail.key);
      void sendText(this.interactionId, e.detail.text);
    };
    const onDiscard = (e: CustomEvent<PendingSend>) => discardPending(this.interactionId, e.detail.key);
    switch (channel) {
      case 'EMAIL':
        return html`<sb-email-thread .items=${items} .interactionId=${this.interactionId}></sb-email-thread>`;
      case 'FAX':
        return html`<sb-fax-view .items=${items}></sb-fax-view>`;
      default:
        return html`<sb-message-list .items=${items} .channel=${channel} .canRetry=${active} @retry=${onRetry} @discard=${onDiscard}></sb-message-list>`;
    }
  }

  private renderComposer(channel: string, touchpoints: Touchpoint[]) {
    switch (channel) {
      case 'VOICE':
        return nothing;
      case 'EMAIL': {
        const subjects = touchpoints.filter((tp) => tp.kind === 'MESSAGE_IN' || tp.kind === 'MESSAGE_OUT')
          .map((tp) => emailHeaders(tp).subject);
        return html`<sb-email-composer .interactionId=${this.interactionId} .initialSubject=${replySubject(subjects)}></sb-email-composer>`;
      }
      case 'FAX':
        return html`<sb-fax-composer .interactionId=${this.interactionId}></sb-fax-composer>`;
      default:
        return html`<sb-composer .interactionId=${this.interactionId} .channel=${channel}></sb-composer>`;
    }
  }

  private async endIt(): Promise<void> {
    this.error = '';
    if (!this.work) {
      this.closing = true;
      return;
    }
    try {
      await end(this.interactionId);
    } catch (e) {
      this.error = reasonOf(e);
    }
  }
}
