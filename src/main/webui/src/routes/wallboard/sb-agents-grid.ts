import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { guard } from 'lit/directives/guard.js';
import { SbElement } from '../../components/sb-element';
import '../../components/sb-tier-badge';
import { supervisorSocket } from '../../api/supervisor-socket';
import { rest } from '../../api/rest';
import { formatDuration, locale, t } from '../../i18n';
import { secondsInState, type AgentFigures, type AgentWork, type Timed } from '../../state/wallboard';

const VOICE = new Set(['VOICE', 'VOIP']);
/** The pauses a supervisor may put an agent in (the service's switchboard.routing.pause-reasons, less missed-offers). */
const PAUSE_REASONS = ['coaching', 'meeting', 'training', 'break', 'lunch'];

/**
 * Agents as routing sees them: state and time in state, channels, current work with its customer's tier, misses and
 * pauses today. Outside big-screen mode, a supervisor changes an agent's state, listens to, whispers on or barges
 * into its calls, and reads its chats live.
 */
@customElement('sb-agents-grid')
export class SbAgentsGrid extends SbElement {
  static styles = css`
    :host { display: block; }
    .table { font-size: .9em; }
    .scroller { overflow: auto; max-height: 62vh; position: relative; }
    :host([big]) .scroller { max-height: 72vh; }
    /* border-box: the row's border is inside its fixed height, or the rows outgrow the grid by a pixel each. */
    .tr { height: 30px; white-space: nowrap; box-sizing: border-box; }
    :host([big]) .tr { height: 46px; }
    .error-line { color: var(--sb-danger); font-size: .85em; margin: 0 0 4px; }
    /* Each row lays out on its own (fixed columns) and off-screen rows not at all: a delta costs its rows only. */
    .tr { display: grid; grid-template-columns: minmax(7em, 1.2fr) 11em 7.5em minmax(5em, 1fr) minmax(12em, 2.5fr) 5.5em 5.5em 9em;
      border-bottom: 1px solid var(--sb-border); contain: layout style; content-visibility: auto;
      contain-intrinsic-size: auto 2em; }
    :host([big]) .tr { grid-template-columns: minmax(7em, 1.2fr) 9em 6.5em minmax(5em, 1fr) minmax(12em, 2.5fr) 5em 5em; }
    .th, .td { text-align: left; padding: 3px 6px; min-width: 0; overflow: hidden; text-overflow: ellipsis; }
    .th { font-weight: 500; color: var(--sb-muted); }
    .head { position: sticky; top: 0; z-index: 1; background: var(--sb-surface); }
    .head .tr { content-visibility: visible; }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
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
  @state() private error = '';
  @state() private scrolled = 0;
  @state() private viewport = 600;
  private resize = new ResizeObserver((entries) => {
    for (const e of entries) this.viewport = e.contentRect.height || 600;
  });

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
  }

  protected firstUpdated(): void {
    const scroller = this.renderRoot.querySelector('.scroller');
    if (scroller) this.resize.observe(scroller);
  }

  render() {
    this.toggleAttribute('big', this.big);
    // Only the rows in view (and a few around) are in the page: a delta or the clock costs those, not 500.
    const rh = this.big ? 46 : 30;
    const start = Math.max(0, Math.floor(this.scrolled / rh) - 5);
    const slice = this.agents.slice(start, start + Math.ceil(this.viewport / rh) + 10);
    const lang = locale.get();
    return html`
      ${this.error ? html`<p class="error-line" role="alert" id="agent-error">${this.error}</p>` : ''}
      <div class="scroller" @scroll=${(e: Event) => (this.scrolled = (e.target as HTMLElement).scrollTop)}>
      <div role="table" class="table" id="agents-grid" aria-label=${t('wallboard.agents.title')}
        aria-rowcount=${this.agents.length + 1}>
      <div role="rowgroup" class="head"><div role="row" class="tr" aria-rowindex="1">
        <span role="columnheader" class="th">${t('wallboard.agents.name')}</span>
        <span role="columnheader" class="th">${t('wallboard.agents.state')}</span>
        <span role="columnheader" class="th num">${t('wallboard.agents.time')}</span>
        <span role="columnheader" class="th">${t('wallboard.agents.channels')}</span>
        <span role="columnheader" class="th">${t('wallboard.agents.work')}</span>
        <span role="columnheader" class="th num">${t('wallboard.agents.missed')}</span>
        <span role="columnheader" class="th num">${t('wallboard.agents.paused')}</span>
        ${this.big ? '' : html`<span role="columnheader" class="th">${t('wallboard.agents.actions')}</span>`}
      </div></div>
      <div role="rowgroup" style="height:${this.agents.length * rh}px; position: relative">
        <div style="transform: translateY(${start * rh}px)">
          ${repeat(slice, (a) => a.value.agentId, (a, i) => guard([a, this.now, this.big, lang, this.queueNames, start + i],
            () => this.row(a, start + i + 2)))}
        </div>
      </div>
    </div></div>`;
  }

  private row(timed: Timed<AgentFigures>, index: number) {
    const a = timed.value;
    const reason = a.state === 'PAUSED' && a.reason ? ` (${this.reasonText(a.reason)})` : '';
    return html`<div role="row" class="tr" aria-rowindex=${index} data-agent=${a.agentId} data-state=${a.state}>
      <span role="cell" class="td">${a.name}</span>
      <span role="cell" class="td"><span class="state ${a.state}" data-figure="state">${t(`wallboard.state.${a.state}`)}${reason}</span></span>
      <span role="cell" class="td num" data-figure="time">${formatDuration(secondsInState(timed, this.now) * 1000)}</span>
      <span role="cell" class="td">${a.channels.map((c) => t(`common.channel.${c}`)).join(', ')}</span>
      <span role="cell" class="td"><span class="work">${a.work.map((w) => this.work(a, w))}</span></span>
      <span role="cell" class="td num" data-figure="missed">${a.missedToday ?? 0}</span>
      <span role="cell" class="td num" data-figure="pauses">${a.pausedToday ?? 0}</span>
      ${this.big ? '' : html`<span role="cell" class="td">
        <select aria-label=${t('wallboard.agents.setState', { name: a.name })} class="set-presence"
          @change=${(e: Event) => this.setPresence(a, e.target as HTMLSelectElement)}>
          <option value="">${t('wallboard.agents.setStateShort')}</option>
          <option value="AVAILABLE">${t('common.presence.AVAILABLE')}</option>
          ${PAUSE_REASONS.map((r) => html`<option value=${`PAUSED:${r}`}>${t('wallboard.agents.pauseFor',
            { reason: t(`common.reason.${r}`) })}</option>`)}
          <option value="OFFLINE">${t('common.presence.OFFLINE')}</option>
        </select>
      </span>`}
    </div>`;
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
    const [presence, reason] = select.value.split(':');
    select.value = '';
    if (!presence) return;
    try {
      await supervisorSocket.send({ type: 'agent-presence', agentId: a.agentId, presence, reason: reason ?? null });
      this.error = '';
    } catch (e) {
      this.error = `${a.name}: ${(e as Error).message}`;
    }
  }

  private async monitor(a: AgentFigures, w: AgentWork, mode: string): Promise<void> {
    try {
      await rest.post(`/api/calls/${w.interactionId}/monitor`, { mode });
      this.error = '';
    } catch (e) {
      this.error = `${a.name}: ${(e as Error).message}`;
    }
  }

  private readChat(w: AgentWork): void {
    this.dispatchEvent(new CustomEvent('read-chat', { detail: w.interactionId, bubbles: true, composed: true }));
  }
}
