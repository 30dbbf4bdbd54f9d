import { css, html, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { guard } from 'lit/directives/guard.js';
import { SbElement } from '../../components/sb-element';
import { supervisorSocket, wallboardState, watched } from '../../api/supervisor-socket';
import { rest } from '../../api/rest';
import { locale, t } from '../../i18n';
import type { Store } from '../../state/store';
import { queueShown, visibleAgents, type AgentSort, type QueueMeta } from '../../state/wallboard';
import './sb-queue-tile';
import './sb-agents-grid';
import './sb-waiting';
import './sb-chat-watch';

interface Team {
  id: number;
  name: string;
}

function bigFromUrl(): boolean {
  return /[?&]big\b/.test(location.hash + location.search);
}

/** A number parameter of the hash's query (`#/wallboard?big&team=3&queue=7`): a wall display is set up by its URL. */
function hashParam(name: string): number {
  const query = location.hash.split('?')[1] ?? '';
  return Number(new URLSearchParams(query).get(name)) || 0;
}

/**
 * The supervisor's live view (issue 17): a tile per queue, the agents grid, the waiting work of one queue, and a
 * chat read live. `#/wallboard?big` (or the toggle) is the wall display: large type, no controls.
 */
@customElement('sb-wallboard')
export class SbWallboard extends SbElement {
  static styles = css`
    *, *::before, *::after { box-sizing: border-box; }
    :host { display: flex; flex-direction: column; gap: 12px; padding: 12px 16px; overflow: auto; min-height: 0;
      font-size: 14px; }
    :host([big]) { font-size: 22px; padding: 16px 24px; }
    .bar { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
    h2 { font-size: 1.15em; margin: 0 auto 0 0; }
    h3.section { font-size: 1em; margin: 0 0 6px; }
    label { font-size: .9em; color: var(--sb-muted); display: flex; gap: 6px; align-items: center; }
    select, button { font: inherit; border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
      padding: 3px 8px; background: var(--sb-surface); color: var(--sb-text); }
    button { cursor: pointer; }
    .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 10px; }
    :host([big]) .tiles { grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); }
    sb-queue-tile { content-visibility: auto; contain-intrinsic-size: auto 350px; }
    .row { display: flex; gap: 12px; align-items: flex-start; flex-wrap: wrap; }
    .row > .grow { min-width: 640px; }
    .panel { background: var(--sb-surface); border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
      padding: 10px 12px; min-width: 0; }
    .grow { flex: 1; }
    .side { width: 360px; flex: none; display: flex; flex-direction: column; gap: 12px; }
    .mark { font-size: .8em; color: var(--sb-warn); border: 1px solid currentColor; border-radius: 999px;
      padding: 0 .6em; }
    .hint { color: var(--sb-muted); font-size: .9em; }
    .exit-big { position: fixed; right: 8px; bottom: 8px; opacity: .3; font-size: 12px; }
    .exit-big:hover, .exit-big:focus { opacity: 1; }
  `;

  @state() private big = bigFromUrl();
  @state() private now = Date.now();
  @state() private metas: QueueMeta[] = [];
  private metaMemo: { metas: QueueMeta[]; metaById: Map<number, QueueMeta>; queueNames: Map<number, string> } | undefined;
  @state() private teams: Team[] = [];
  @state() private teamId = hashParam('team');
  @state() private queueId = hashParam('queue');
  @state() private sort: AgentSort = 'state';
  @state() private waitingQueue = 0;
  @state() private waitingChanges = 0;
  private seenVersion = 0;
  private ticker: number | undefined;
  private onHash = () => {
    this.big = bigFromUrl();
    if (hashParam('team') !== this.teamId || hashParam('queue') !== this.queueId) {
      this.teamId = hashParam('team');
      this.queueId = hashParam('queue');
      this.resubscribe();
    }
  };

  protected stores() {
    return [wallboardState as Store<unknown>, watched as Store<unknown>];
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.resubscribe();
    supervisorSocket.start();
    this.ticker = window.setInterval(() => (this.now = Date.now()), 1000);
    window.addEventListener('hashchange', this.onHash);
    void this.loadMeta();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearInterval(this.ticker);
    window.removeEventListener('hashchange', this.onHash);
    supervisorSocket.stop();
  }

  private async loadMeta(): Promise<void> {
    try {
      this.metas = await rest.get<QueueMeta[]>('/api/queues');
    } catch {
      this.metas = [];
    }
    try {
      this.teams = await rest.get<Team[]>('/api/teams');
    } catch {
      this.teams = [];
    }
  }

  protected willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.toggleAttribute('big', this.big);
    const s = wallboardState.get();
    if (s.version !== this.seenVersion) {
      this.seenVersion = s.version;
      if (!this.waitingQueue) {
        const first = [...s.queues.values()].find((q) => q.value.waiting > 0);
        if (first) this.waitingQueue = first.value.queueId;
      }
      if (s.changedQueues.includes(this.waitingQueue)) this.waitingChanges++;
    }
  }

  render() {
    const s = wallboardState.get();
    const { metaById, queueNames } = this.metaMaps();
    const filter = { teamIds: this.teamId ? [this.teamId] : [], queueIds: this.queueId ? [this.queueId] : [] };
    const queues = [...s.queues.values()]
      .filter((q) => queueShown(q.value.queueId, metaById.get(q.value.queueId), this.teamId, this.queueId))
      .sort((a, b) => a.value.queueId - b.value.queueId);
    const agents = visibleAgents(s, filter, this.sort, this.now, metaById);
    const teamIds = [...new Set([...this.teams.map((x) => x.id),
      ...[...s.agents.values()].map((a) => a.value.teamId).filter((x): x is number => x != null)])].sort((a, b) => a - b);
    const names = new Map(this.teams.map((x) => [x.id, x.name]));
    const teamName = (id: number) => names.get(id) ?? t('wallboard.team', { id });
    const reconnecting = s.connection !== 'open' && s.connection !== 'idle';
    return html`
      <div class="bar">
        <h2>${t('wallboard.title')}</h2>
        ${reconnecting ? html`<span class="mark" id="reconnecting" role="status">${s.loaded
          ? t('wallboard.reconnecting') : t('common.connecting')}</span>` : ''}
        ${this.big ? '' : html`
          <label>${t('wallboard.filter.team')}
            <select id="filter-team" @change=${(e: Event) => this.filterTeam(Number((e.target as HTMLSelectElement).value))}>
              <option value="0" ?selected=${this.teamId === 0}>${t('wallboard.filter.all')}</option>
              ${guard([teamIds.join(','), this.teams, this.teamId, locale.get()], () => teamIds.map((id) => html`<option
                value=${id} ?selected=${this.teamId === id}>${teamName(id)}</option>`))}
            </select></label>
          <label>${t('wallboard.filter.queue')}
            <select id="filter-queue" @change=${(e: Event) => this.filterQueue(Number((e.target as HTMLSelectElement).value))}>
              <option value="0" ?selected=${this.queueId === 0}>${t('wallboard.filter.all')}</option>
              ${guard([this.metas, this.queueId], () => this.metas.map((m) => html`<option value=${m.id}
                ?selected=${this.queueId === m.id}>${m.name}</option>`))}
            </select></label>
          <label>${t('wallboard.sort.label')}
            <select id="sort" @change=${(e: Event) => (this.sort = (e.target as HTMLSelectElement).value as AgentSort)}>
              <option value="state" ?selected=${this.sort === 'state'}>${t('wallboard.sort.state')}</option>
              <option value="time" ?selected=${this.sort === 'time'}>${t('wallboard.sort.time')}</option>
              <option value="name" ?selected=${this.sort === 'name'}>${t('wallboard.sort.name')}</option>
            </select></label>
          <button id="big-toggle" @click=${() => this.setBig(true)}>${t('wallboard.big.enter')}</button>`}
      </div>
      ${!s.loaded ? html`<p class="hint">${t('common.loading')}</p>` : html`
        <section aria-label=${t('wallboard.queues.title')} class="tiles" id="queue-tiles"
          @show-waiting=${(e: CustomEvent<number>) => (this.waitingQueue = e.detail)}>
          ${repeat(queues, (q) => q.value.queueId, (q) => html`<sb-queue-tile data-queue=${q.value.queueId}
            .queue=${q} .meta=${metaById.get(q.value.queueId)} .big=${this.big}
            .now=${q.value.waiting > 0 ? this.now : q.atMs} .selected=${!this.big && q.value.queueId === this.waitingQueue}>
          </sb-queue-tile>`)}
        </section>
        <div class="row">
          <section class="panel grow" aria-labelledby="agents-title" @read-chat=${(e: CustomEvent<number>) =>
            supervisorSocket.watch(e.detail).catch(() => undefined)}>
            <h3 class="section" id="agents-title">${t('wallboard.agents.title')} (${agents.length})</h3>
            <sb-agents-grid .agents=${agents} .now=${this.now} .big=${this.big} .queueNames=${queueNames}></sb-agents-grid>
          </section>
          ${this.big ? '' : html`<div class="side">
            <section class="panel" aria-labelledby="waiting-title">
              <h3 class="section" id="waiting-title">${t('wallboard.waiting.title')}</h3>
              <label>${t('wallboard.filter.queue')}
                <select id="waiting-queue" @change=${(e: Event) => (this.waitingQueue = Number((e.target as HTMLSelectElement).value))}>
                  <option value="0" ?selected=${this.waitingQueue === 0}>–</option>
                  ${guard([this.metas, this.waitingQueue], () => this.metas.map((m) => html`<option value=${m.id}
                    ?selected=${this.waitingQueue === m.id}>${m.name}</option>`))}
                </select></label>
              <sb-waiting .queueId=${this.waitingQueue} .changes=${this.waitingChanges} .now=${this.now}
                .metas=${this.metas} .agents=${[...s.agents.values()]}></sb-waiting>
            </section>
            ${watched.get() ? html`<section class="panel" id="chat-panel"><sb-chat-watch></sb-chat-watch></section>` : ''}
          </div>`}
        </div>`}
      ${this.big ? html`<button class="exit-big" id="big-exit" @click=${() => this.setBig(false)}>${t('wallboard.big.exit')}</button>` : ''}`;
  }

  /**
   * The queues' records by id and their names, rebuilt only when the records are fetched again: a new map on every
   * render would make each agent row (guarded on the names) render again on every delta and every second.
   */
  private metaMaps(): { metaById: Map<number, QueueMeta>; queueNames: Map<number, string> } {
    if (this.metaMemo?.metas !== this.metas) {
      this.metaMemo = { metas: this.metas, metaById: new Map(this.metas.map((m) => [m.id, m])),
        queueNames: new Map(this.metas.map((m) => [m.id, m.name])) };
    }
    return this.metaMemo;
  }

  private filterTeam(id: number): void {
    this.teamId = id;
    this.resubscribe();
    history.replaceState(null, '', this.hashFor(this.big));
  }

  private filterQueue(id: number): void {
    this.queueId = id;
    this.resubscribe();
    history.replaceState(null, '', this.hashFor(this.big));
  }

  private resubscribe(): void {
    supervisorSocket.subscribe({ teamIds: this.teamId ? [this.teamId] : [], queueIds: this.queueId ? [this.queueId] : [] })
      .catch(() => undefined);
  }

  /** The wallboard's hash with big-screen mode and the chosen filters. */
  private hashFor(big: boolean): string {
    const query = [big ? 'big' : '', /[?&]bench\b/.test(location.hash) ? 'bench' : '',
      this.teamId ? `team=${this.teamId}` : '', this.queueId ? `queue=${this.queueId}` : ''].filter(Boolean).join('&');
    return `#/wallboard${query ? `?${query}` : ''}`;
  }

  private setBig(big: boolean): void {
    location.hash = this.hashFor(big);
  }
}
