import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { SbElement } from '../../components/sb-element';
import '../../components/sb-tier-badge';
import { supervisorSocket } from '../../api/supervisor-socket';
import { rest } from '../../api/rest';
import { formatDuration, t } from '../../i18n';
import { secondsInState, type AgentFigures, type AgentWork, type Timed } from '../../state/wallboard';

const VOICE = new Set(['VOICE', 'VOIP']);

/**
 * Agents as routing sees them: state and time in state, channels, current work with its customer's tier, misses and
 * pauses today. Outside big-screen mode, a supervisor changes an agent's state, listens to, whispers on or barges
 * into its calls, and reads its chats live.
 */
@customElement('sb-agents-grid')
export class SbAgentsGrid extends SbElement {
  static styles = css`
    :host { display: block; }
    table { border-collapse: collapse; width: 100%; font-size: .9em; }
    th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--sb-border); vertical-align: top; }
    th { font-weight: 500; color: var(--sb-muted); position: sticky; top: 0; background: var(--sb-surface); }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    .state { font-weight: 600; padding: 0 .4em; border-radius: 4px; white-space: nowrap; }
    .AVAILABLE { background: #dcfce7; color: #14532d; }
    .ON_CONTACT { background: #dbeafe; color: #1e3a8a; }
    .WRAP_UP { background: #fef3c7; color: #78350f; }
    .PAUSED { background: #fee2e2; color: #7f1d1d; }
    .OFFLINE { background: #e5e7eb; color: #374151; }
    .work { display: flex; gap: 4px; align-items: center; flex-wrap: wrap; }
    button, select { font: inherit; font-size: .85em; padding: 1px 6px; border-radius: var(--sb-radius);
      border: 1px solid var(--sb-border); background: var(--sb-surface); color: var(--sb-text); cursor: pointer; }
    .error { color: var(--sb-danger); font-size: .85em; }
  `;

  @property({ attribute: false }) agents: Array<Timed<AgentFigures>> = [];
  @property({ type: Number }) now = Date.now();
  @property({ type: Boolean }) big = false;
  @property({ attribute: false }) queueNames = new Map<number, string>();
  @state() private errors: Record<number, string> = {};

  render() {
    return html`<table id="agents-grid">
      <caption class="visually-hidden" style="position:absolute;left:-9999px">${t('wallboard.agents.title')}</caption>
      <thead><tr>
        <th scope="col">${t('wallboard.agents.name')}</th><th scope="col">${t('wallboard.agents.state')}</th>
        <th scope="col">${t('wallboard.agents.time')}</th><th scope="col">${t('wallboard.agents.channels')}</th>
        <th scope="col">${t('wallboard.agents.work')}</th>
        <th scope="col">${t('wallboard.agents.missed')}</th><th scope="col">${t('wallboard.agents.paused')}</th>
        ${this.big ? '' : html`<th scope="col">${t('wallboard.agents.actions')}</th>`}
      </tr></thead>
      <tbody>${repeat(this.agents, (a) => a.value.agentId, (a) => this.row(a))}</tbody>
    </table>`;
  }

  private row(timed: Timed<AgentFigures>) {
    const a = timed.value;
    const reason = a.state === 'PAUSED' && a.reason ? ` (${this.reasonText(a.reason)})` : '';
    return html`<tr data-agent=${a.agentId} data-state=${a.state}>
      <td>${a.name}</td>
      <td><span class="state ${a.state}" data-figure="state">${t(`wallboard.state.${a.state}`)}${reason}</span></td>
      <td class="num" data-figure="time">${formatDuration(secondsInState(timed, this.now) * 1000)}</td>
      <td>${a.channels.map((c) => t(`common.channel.${c}`)).join(', ')}</td>
      <td><div class="work">${a.work.map((w) => this.work(a, w))}</div></td>
      <td class="num" data-figure="missed">${a.missedToday ?? 0}</td>
      <td class="num" data-figure="pauses">${a.pausedToday ?? 0}</td>
      ${this.big ? '' : html`<td>
        <select aria-label=${t('wallboard.agents.setState', { name: a.name })} class="set-presence"
          @change=${(e: Event) => this.setPresence(a, e.target as HTMLSelectElement)}>
          <option value="">${t('wallboard.agents.setStateShort')}</option>
          <option value="AVAILABLE">${t('common.presence.AVAILABLE')}</option>
          <option value="PAUSED">${t('common.presence.PAUSED')}</option>
          <option value="OFFLINE">${t('common.presence.OFFLINE')}</option>
        </select>
        ${this.errors[a.agentId] ? html`<div class="error" role="alert">${this.errors[a.agentId]}</div>` : ''}
      </td>`}
    </tr>`;
  }

  private work(a: AgentFigures, w: AgentWork) {
    const queue = this.queueNames.get(w.queueId) ?? t('common.queue', { id: w.queueId });
    const controls = this.big || w.phase !== 'ACTIVE' ? '' : VOICE.has(w.channel)
      ? (['LISTEN', 'WHISPER', 'BARGE'] as const).map((mode) => html`<button class="monitor" data-mode=${mode}
          @click=${() => this.monitor(a, w, mode)}>${t(`wallboard.monitor.${mode}`)}</button>`)
      : w.channel === 'CHAT' ? html`<button class="read-chat" @click=${() => this.readChat(w)}>${t('wallboard.agents.readChat')}</button>`
        : '';
    return html`<span data-work=${w.interactionId}>${t(`common.channel.${w.channel}`)} · ${queue}
      <sb-tier-badge tier=${w.tier}></sb-tier-badge> ${t(`wallboard.phase.${w.phase}`)}</span>${controls}`;
  }

  private reasonText(reason: string): string {
    const key = `common.reason.${reason}`;
    const text = t(key);
    return text === key ? reason : text;
  }

  private async setPresence(a: AgentFigures, select: HTMLSelectElement): Promise<void> {
    const presence = select.value;
    select.value = '';
    if (!presence) return;
    try {
      await supervisorSocket.send({ type: 'agent-presence', agentId: a.agentId, presence,
        reason: presence === 'PAUSED' ? 'coaching' : null });
      this.errors = { ...this.errors, [a.agentId]: '' };
    } catch (e) {
      this.errors = { ...this.errors, [a.agentId]: (e as Error).message };
    }
  }

  private async monitor(a: AgentFigures, w: AgentWork, mode: string): Promise<void> {
    try {
      await rest.post(`/api/calls/${w.interactionId}/monitor`, { mode });
      this.errors = { ...this.errors, [a.agentId]: '' };
    } catch (e) {
      this.errors = { ...this.errors, [a.agentId]: (e as Error).message };
    }
  }

  private readChat(w: AgentWork): void {
    this.dispatchEvent(new CustomEvent('read-chat', { detail: w.interactionId, bubbles: true, composed: true }));
  }
}
