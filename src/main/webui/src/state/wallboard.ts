/**
 * The supervisor's live picture from `/ws/supervisor` (docs/routing.md "Supervisor socket"): a `snapshot` replaces
 * everything, a `delta` replaces the queues and agents it names. Pure: the socket module owns the store.
 */

export type Tier = 'DIAMOND' | 'GOLD' | 'STANDARD';
export const TIERS: Tier[] = ['DIAMOND', 'GOLD', 'STANDARD'];
export type AgentStateName = 'OFFLINE' | 'AVAILABLE' | 'PAUSED' | 'ON_CONTACT' | 'WRAP_UP';

export interface Figures {
  waiting: number;
  oldestWaitSeconds: number;
  answered: number;
  answeredInTarget: number;
  abandoned: number;
  abandonedInTarget: number;
  serviceLevel: number | null;
  abandonmentRate: number | null;
  averageSpeedOfAnswerSeconds: number | null;
  averageHandleSeconds: number | null;
}

export interface QueueFigures {
  queueId: number;
  name: string;
  at: string;
  periodStart?: string;
  waiting: number;
  oldestWaitSeconds: number;
  agents: { staffed: number; available: number; onContact: number; wrapUp: number; paused: number };
  total: Figures;
  byTier: Partial<Record<Tier, Figures>>;
}

export interface AgentWork {
  interactionId: number;
  customerId: number;
  queueId: number;
  channel: string;
  tier: Tier;
  phase: string;
  until?: string | null;
}

export interface AgentFigures {
  agentId: number;
  name: string;
  teamId: number | null;
  presence: string;
  reason?: string | null;
  channels: string[];
  state: AgentStateName;
  since: string;
  secondsInState: number;
  usedCapacity: number;
  capacity: number;
  work: AgentWork[];
  missedToday?: number;
  pausedToday?: number;
}

/** A queue or an agent as last told, with the instant (ms since epoch) its counting figures were true. */
export interface Timed<T> {
  value: T;
  atMs: number;
}

export interface WallboardState {
  connection: 'idle' | 'connecting' | 'open' | 'closed';
  /** Set once a snapshot arrived; views show "loading" until then. */
  loaded: boolean;
  queues: Map<number, Timed<QueueFigures>>;
  agents: Map<number, Timed<AgentFigures>>;
  /** Bumped by every snapshot or delta; views key their memos on it. */
  version: number;
  /** The queue ids the last delta named (so views refresh those queues' waiting lists). */
  changedQueues: number[];
}

export const initialWallboard: WallboardState = {
  connection: 'idle',
  loaded: false,
  queues: new Map(),
  agents: new Map(),
  version: 0,
  changedQueues: [],
};

export interface SupervisorFrame {
  type: string;
  at?: string;
  queues?: QueueFigures[];
  agents?: AgentFigures[];
  [k: string]: unknown;
}

function atOf(frame: SupervisorFrame): number {
  const ms = frame.at ? Date.parse(frame.at) : NaN;
  return Number.isFinite(ms) ? ms : Date.now();
}

/** Applies a `snapshot` or `delta`; any other frame leaves the state as it is. */
export function reduceWallboard(state: WallboardState, frame: SupervisorFrame): WallboardState {
  if (frame.type !== 'snapshot' && frame.type !== 'delta') return state;
  const atMs = atOf(frame);
  const snapshot = frame.type === 'snapshot';
  const queues = snapshot ? new Map<number, Timed<QueueFigures>>() : new Map(state.queues);
  const agents = snapshot ? new Map<number, Timed<AgentFigures>>() : new Map(state.agents);
  for (const q of frame.queues ?? []) queues.set(q.queueId, { value: q, atMs });
  for (const a of frame.agents ?? []) agents.set(a.agentId, { value: a, atMs });
  return {
    ...state,
    loaded: state.loaded || snapshot,
    queues,
    agents,
    version: state.version + 1,
    changedQueues: (frame.queues ?? []).map((q) => q.queueId),
  };
}

export function withConnection(state: WallboardState, connection: WallboardState['connection']): WallboardState {
  return state.connection === connection ? state : { ...state, connection };
}

/** Seconds an agent has been in its state at `nowMs`: the frame's figure counted up from the frame's `at`. */
export function secondsInState(agent: Timed<AgentFigures>, nowMs: number): number {
  return agent.value.secondsInState + Math.max(0, Math.floor((nowMs - agent.atMs) / 1000));
}

/** The oldest wait of a queue (or of one tier's contacts) at `nowMs`; 0 while nobody waits. */
export function oldestWait(queue: Timed<QueueFigures>, nowMs: number, tier?: Tier): number {
  const f = tier ? queue.value.byTier[tier] : queue.value.total;
  if (!f || f.waiting === 0) return 0;
  return f.oldestWaitSeconds + Math.max(0, Math.floor((nowMs - queue.atMs) / 1000));
}

/** The answer targets of a queue per tier (the strictest over its channels), from GET /api/queues. */
export interface QueueMeta {
  id: number;
  name: string;
  channels: string[];
  teams: number[];
  effectiveAnswerTargets: Array<{ tier: Tier; channel: string; seconds: number; source: string }>;
}

export function targetOf(meta: QueueMeta | undefined, tier: Tier): number | null {
  const seconds = (meta?.effectiveAnswerTargets ?? []).filter((t) => t.tier === tier).map((t) => t.seconds);
  return seconds.length ? Math.min(...seconds) : null;
}

/** Whether the queue's longest wait of a tier is beyond that tier's answer target. */
export function breached(queue: Timed<QueueFigures>, meta: QueueMeta | undefined, nowMs: number, tier: Tier): boolean {
  const target = targetOf(meta, tier);
  return target != null && oldestWait(queue, nowMs, tier) > target;
}

/**
 * Whether a queue's tile is shown: the chosen queue only; with a team chosen, the queues that team serves (those
 * naming it, and those open to every team); else all.
 */
export function queueShown(queueId: number, meta: QueueMeta | undefined, teamId: number, chosenQueue: number): boolean {
  if (chosenQueue) return queueId === chosenQueue;
  if (!teamId || !meta) return true;
  return meta.teams.length === 0 || meta.teams.includes(teamId);
}

export type AgentSort = 'state' | 'time' | 'name';
const STATE_ORDER: Record<string, number> = { ON_CONTACT: 0, WRAP_UP: 1, AVAILABLE: 2, PAUSED: 3, OFFLINE: 4 };

export interface AgentFilter {
  teamIds: number[];
  queueIds: number[];
}

/**
 * The agents to show: of the chosen teams (any when none chosen); for chosen queues, those holding work of them or
 * serving them (a team of theirs when the queue names teams) — the server filters the same way once subscribed.
 */
export function visibleAgents(state: WallboardState, filter: AgentFilter, sort: AgentSort, nowMs: number,
                              metas: Map<number, QueueMeta> = new Map()): Array<Timed<AgentFigures>> {
  let list = [...state.agents.values()];
  if (filter.teamIds.length) list = list.filter((a) => a.value.teamId != null && filter.teamIds.includes(a.value.teamId));
  if (filter.queueIds.length) {
    list = list.filter((a) => a.value.work.some((w) => filter.queueIds.includes(w.queueId))
      || filter.queueIds.some((q) => {
        const teams = metas.get(q)?.teams ?? [];
        return teams.length === 0 || (a.value.teamId != null && teams.includes(a.value.teamId));
      }));
  }
  const byName = (x: Timed<AgentFigures>, y: Timed<AgentFigures>) => x.value.name.localeCompare(y.value.name);
  if (sort === 'state') {
    list.sort((x, y) => (STATE_ORDER[x.value.state] ?? 9) - (STATE_ORDER[y.value.state] ?? 9) || byName(x, y));
  } else if (sort === 'time') {
    list.sort((x, y) => secondsInState(y, nowMs) - secondsInState(x, nowMs) || byName(x, y));
  } else {
    list.sort(byName);
  }
  return list;
}

/** A waiting contact as GET /api/queues/{id}/waiting lists it, in routing order. */
export interface WaitingContact {
  interactionId: number;
  customerId: number;
  queueId: number;
  channel: string;
  tier: Tier;
  arrivedAt: string;
  targetAt: string;
  dueBy: string;
}

/** A 15-minute interval of GET /api/queues/{id}/intervals. */
export interface Interval {
  start: string;
  arrived: number;
  answered: number;
  answeredInTarget: number;
  abandoned: number;
  abandonedInTarget: number;
  serviceLevel: number | null;
}

/** The chart's series: x (unix seconds), volume (arrived), service level in percent (null where none left). */
export function chartSeries(items: Interval[]): [number[], number[], Array<number | null>] {
  return [
    items.map((i) => Math.floor(Date.parse(i.start) / 1000)),
    items.map((i) => i.arrived),
    items.map((i) => (i.serviceLevel == null ? null : Math.round(i.serviceLevel * 1000) / 10)),
  ];
}
