import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { SbElement } from '../../components/sb-element';
import { formatDuration, formatWindow, t } from '../../i18n';
import { agentSocket, consoleState } from '../../api/agent-socket';
import { customers, customerName } from '../../state/customers';
import { loadQueue, queues } from '../../state/interaction';
import { callbackRequest, isCallback, offerRemainingMs, offerWaitedMs } from '../../state/console';
import { loadHistory } from '../../state/interaction';
import { accept, decline } from '../../state/actions';
import type { Store } from '../../state/store';
import type { Offer } from '../../state/types';
import { notifyOffer } from './alerts';
import '../../components/sb-tier-badge';

/** The offers waiting for this agent, as cards with a countdown; Alt+A / Alt+D act on the first. */
@customElement('sb-offers')
export class SbOffers extends SbElement {
  static styles = css`
    :host { display: grid; gap: 8px; }
    .card { border: 2px solid var(--sb-accent); border-radius: var(--sb-radius); background: #eef5ff; padding: 10px 12px;
      display: grid; gap: 6px; animation: arrive .25s ease-out; }
    @keyframes arrive { from { transform: translateY(-6px); opacity: .3; } }
    .title { font-weight: 600; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    .meta { color: var(--sb-muted); font-size: 12px; display: flex; gap: 12px; flex-wrap: wrap; }
    .bar { height: 4px; background: #d6e4f7; border-radius: 2px; overflow: hidden; }
    .bar > div { height: 100%; background: var(--sb-accent); transition: width 1s linear; }
    .actions { display: flex; gap: 8px; }
    button { font: inherit; padding: 6px 14px; border-radius: var(--sb-radius); cursor: pointer; border: 1px solid var(--sb-border); }
    .accept { background: var(--sb-ok); color: #fff; border-color: var(--sb-ok); font-weight: 600; }
    .decline { background: var(--sb-surface); color: var(--sb-danger); }
    .error { color: var(--sb-danger); font-size: 12px; }
    .empty { color: var(--sb-muted); margin: 0; }
    .hint { color: var(--sb-muted); font-size: 11px; }
    .card.callback { border-color: #6a4c93; background: #f4effa; }
    .card.callback .bar > div { background: #6a4c93; }
    .kind { font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: #4b3270;
      border: 1px solid #b9a3d6; border-radius: 4px; padding: 0 5px; }
    .request { font-size: 13px; display: grid; gap: 2px; }
    .number { font-weight: 600; font-variant-numeric: tabular-nums; }
  `;

  @state() private errors: Record<number, string> = {};
  private timer?: number;
  private seen = new Set<number>();
  private unlisten?: () => void;

  protected stores() {
    return [consoleState, customers, queues] as Array<Store<unknown>>;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.timer = window.setInterval(() => this.requestUpdate(), 1000);
    window.addEventListener('keydown', this.keys);
    this.unlisten = agentSocket.onFrame((f) => {
      if (f.type !== 'offer' || this.seen.has(f.interactionId as number)) return;
      this.seen.add(f.interactionId as number);
      const id = f.customerId as number;
      const name = customerName(id) ?? t('common.customer', { id });
      const callback = isCallback({ channel: f.channel as string, direction: f.direction === 'OUTBOUND' ? 'OUTBOUND' : 'INBOUND' });
      if (callback) void loadHistory(f.interactionId as number).catch(() => undefined);
      notifyOffer(f.channel as string, name, f.tier as string, formatDuration((f.waitedMs as number) ?? 0), callback);
    });
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearInterval(this.timer);
    window.removeEventListener('keydown', this.keys);
    this.unlisten?.();
  }

  private keys = (e: KeyboardEvent) => {
    if (!e.altKey) return;
    const first = this.offers()[0];
    if (!first) return;
    if (e.key === 'a' || e.key === 'A') {
      e.preventDefault();
      void this.act(first, accept);
    } else if (e.key === 'd' || e.key === 'D') {
      e.preventDefault();
      void this.act(first, decline);
    }
  };

  private shown = new Set<number>();

  protected updated(): void {
    // marks when a new card is painted, for the browser test's offer-to-screen figure
    for (const o of this.offers()) {
      if (this.shown.has(o.interactionId)) continue;
      this.shown.add(o.interactionId);
      requestAnimationFrame(() => performance.mark(`sb:offer-card:${o.interactionId}`));
    }
  }

  /** The queue's name once the queues are loaded (agents may read them), its number until then. */
  private queueName(id: number): string {
    const q = queues.get()?.find((x) => x.id === id);
    if (!q) void loadQueue(id).catch(() => undefined);
    return q?.name ?? t('common.queue', { id });
  }

  private offers(): Offer[] {
    return Object.values(consoleState.get().offers).sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
  }

  render() {
    const offers = this.offers();
    if (offers.length === 0) return html`<p class="empty" id="no-offers">${t('workspace.noOffers')}</p>`;
    const now = Date.now();
    return html`${offers.map((o) => this.card(o, now))}
      <span class="hint">${t('workspace.acceptHint')}</span>`;
  }

  private card(o: Offer, now: number) {
    const name = customerName(o.customerId) ?? t('common.customer', { id: o.customerId });
    const remaining = offerRemainingMs(o, now);
    const total = Math.max(1, Date.parse(o.expiresAt) - Date.parse(o.arrivedAt) - o.waitedMs);
    const callback = isCallback(o);
    const title = callback ? t('workspace.callbackTitle', { customer: name })
      : t('workspace.offerTitle', { channel: t(`common.channel.${o.channel}`), customer: name });
    return html`
      <section class="card ${callback ? 'callback' : ''}" role="alertdialog" aria-label=${title}
        data-interaction=${o.interactionId} data-direction=${o.direction}>
        <div class="title">
          ${callback ? html`<span class="kind">${t('workspace.callback')}</span>` : ''}
          <span>${title}</span>
          <sb-tier-badge tier=${o.tier}></sb-tier-badge>
        </div>
        ${callback ? this.request(o) : ''}
        <div class="meta">
          <span class="queue">${this.queueName(o.queueId)}</span>
          ${callback ? html`<span class="waited">${t('workspace.requested', { time: formatDuration(offerWaitedMs(o, now)) })}</span>`
            : html`<span class="waited">${t('workspace.waited', { time: formatDuration(offerWaitedMs(o, now)) })}</span>`}
          <span class="expires">${t('workspace.expiresIn', { seconds: Math.ceil(remaining / 1000) })}</span>
        </div>
        <div class="bar" aria-hidden="true"><div style=${styleMap({ width: `${Math.min(100, (remaining / total) * 100)}%` })}></div></div>
        <div class="actions">
          <button class="accept" @click=${() => this.act(o, accept)}>${callback ? t('workspace.acceptCallback') : t('workspace.accept')}</button>
          <button class="decline" @click=${() => this.act(o, decline)}>${t('workspace.decline')}</button>
        </div>
        ${this.errors[o.interactionId] ? html`<span class="error" role="alert">${this.errors[o.interactionId]}</span>` : ''}
      </section>`;
  }

  /** The number and window the customer asked for (the interaction's `callback-requested` touchpoint). */
  private request(o: Offer) {
    const r = callbackRequest(consoleState.get().touchpoints[o.interactionId]);
    if (!r) return '';
    return html`<div class="request">
      ${r.phone ? html`<span>${t('workspace.callbackNumber')} <span class="number">${r.phone}</span></span>` : ''}
      ${r.notBefore && r.notAfter ? html`<span class="window">${t('workspace.callbackWindow', {
        window: formatWindow(r.notBefore, r.notAfter) })}</span>` : ''}
      ${r.note ? html`<span class="note">${r.note}</span>` : ''}
    </div>`;
  }

  private async act(o: Offer, action: (o: Offer) => Promise<unknown>): Promise<void> {
    try {
      await action(o);
    } catch (err) {
      this.errors = { ...this.errors, [o.interactionId]: t('common.error', {
        detail: err instanceof Error ? err.message : String(err) }) };
    }
  }
}
