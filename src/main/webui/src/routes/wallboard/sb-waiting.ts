import { css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { SbElement } from '../../components/sb-element';
import '../../components/sb-tier-badge';
import { supervisorSocket } from '../../api/supervisor-socket';
import { rest } from '../../api/rest';
import { formatDuration, formatTime, t } from '../../i18n';
import type { AgentFigures, QueueMeta, Timed, WaitingContact } from '../../state/wallboard';

/**
 * A queue's waiting contacts in routing order with their due-by; a supervisor moves one to another queue, raises
 * its priority (due-by now) or pins it to an agent. Refusals show the service's text.
 */
@customElement('sb-waiting')
export class SbWaiting extends SbElement {
  static styles = css`
    :host { display: block; }
    table { border-collapse: collapse; width: 100%; font-size: .9em; }
    th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--sb-border); }
    th { font-weight: 500; color: var(--sb-muted); }
    button, select { font: inherit; font-size: .85em; padding: 1px 6px; border-radius: var(--sb-radius);
      border: 1px solid var(--sb-border); background: var(--sb-surface); color: var(--sb-text); cursor: pointer; }
    .late { color: var(--sb-danger); font-weight: 600; }
    .error { color: var(--sb-danger); }
    .empty { color: var(--sb-muted); font-size: .9em; }
    .actions { display: flex; gap: 4px; flex-wrap: wrap; }
    tr:not(.acts) td { border-bottom: none; }
    select { max-width: 9em; }
  `;

  @property({ type: Number }) queueId = 0;
  /** Bumped by the wallboard when a delta named this queue: the list is fetched again. */
  @property({ type: Number }) changes = 0;
  @property({ type: Number }) now = Date.now();
  @property({ attribute: false }) metas: QueueMeta[] = [];
  @property({ attribute: false }) agents: Array<Timed<AgentFigures>> = [];
  @state() private items: WaitingContact[] = [];
  @state() private error = '';
  @state() private loading = false;
  private seq = 0;

  protected updated(changed: PropertyValues): void {
    if ((changed.has('queueId') || changed.has('changes')) && this.queueId) void this.load();
  }

  private async load(): Promise<void> {
    const mine = ++this.seq;
    this.loading = true;
    try {
      const items = await rest.get<WaitingContact[]>(`/api/queues/${this.queueId}/waiting`);
      if (mine === this.seq) this.items = items;
    } catch (e) {
      if (mine === this.seq) this.error = (e as Error).message;
    } finally {
      if (mine === this.seq) this.loading = false;
    }
  }

  render() {
    if (!this.queueId) return html`<p class="empty">${t('wallboard.waiting.choose')}</p>`;
    const others = this.metas.filter((m) => m.id !== this.queueId);
    const agents = this.agents.filter((a) => a.value.presence !== 'OFFLINE');
    // The lists of options are rebuilt only when the agents or queues in them change, not every second or delta.
    const agentKey = agents.map((a) => `${a.value.agentId}:${a.value.name}`).join(',');
    return html`
      ${this.error ? html`<p class="error" role="alert" id="waiting-error">${this.error}</p>` : ''}
      ${this.items.length === 0
        ? html`<p class="empty" id="waiting-empty">${this.loading ? t('common.loading') : t('wallboard.waiting.none')}</p>`
        : html`<table id="waiting-list"><thead><tr>
            <th scope="col">#</th><th scope="col">${t('wallboard.waiting.channel')}</th>
            <th scope="col">${t('wallboard.waiting.tier')}</th><th scope="col">${t('wallboard.waiting.waited')}</th>
            <th scope="col">${t('wallboard.waiting.dueBy')}</th>
          </tr></thead><tbody>${this.items.map((c) => html`<tr data-waiting=${c.interactionId}>
            <td>${c.interactionId}</td><td>${t(`common.channel.${c.channel}`)}</td>
            <td><sb-tier-badge tier=${c.tier}></sb-tier-badge></td>
            <td>${formatDuration(this.now - Date.parse(c.arrivedAt))}</td>
            <td class=${Date.parse(c.dueBy) < this.now ? 'late' : ''} data-due-by=${c.dueBy}>${formatTime(c.dueBy)}</td></tr>
            <tr data-waiting=${c.interactionId} class="acts"><td colspan="5"><div class="actions">
              <select class="move-queue" aria-label=${t('wallboard.waiting.moveTo', { id: c.interactionId })}>
                ${guard([others.map((m) => `${m.id}:${m.name}`).join(',')],
                  () => others.map((m) => html`<option value=${m.id}>${m.name}</option>`))}</select>
              <button class="move" ?disabled=${others.length === 0}
                @click=${(e: Event) => this.move(c, (e.target as HTMLElement).previousElementSibling as HTMLSelectElement)}>
                ${t('wallboard.waiting.move')}</button>
              <button class="raise" @click=${() => this.raise(c)}>${t('wallboard.waiting.raise')}</button>
              <select class="pin-agent" aria-label=${t('wallboard.waiting.pinTo', { id: c.interactionId })}>
                ${guard([agentKey], () => agents.map((a) => html`<option value=${a.value.agentId}>${a.value.name}</option>`))}</select>
              <button class="pin" ?disabled=${agents.length === 0}
                @click=${(e: Event) => this.pin(c, (e.target as HTMLElement).previousElementSibling as HTMLSelectElement)}>
                ${t('wallboard.waiting.pin')}</button>
            </div></td></tr>`)}</tbody></table>`}`;
  }

  private async act(frame: Record<string, unknown>): Promise<void> {
    this.error = '';
    try {
      await supervisorSocket.send({ type: String(frame.type), ...frame });
    } catch (e) {
      this.error = (e as Error).message;
    }
    void this.load();
  }

  private move(c: WaitingContact, select: HTMLSelectElement): Promise<void> {
    return this.act({ type: 'move', interactionId: c.interactionId, queueId: Number(select.value) });
  }

  private raise(c: WaitingContact): Promise<void> {
    return this.act({ type: 'due-by', interactionId: c.interactionId, dueBy: new Date().toISOString() });
  }

  private pin(c: WaitingContact, select: HTMLSelectElement): Promise<void> {
    return this.act({ type: 'move', interactionId: c.interactionId, agentId: Number(select.value) });
  }
}
