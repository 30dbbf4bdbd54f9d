import type { AgentStatus, Frame, Offer, Touchpoint, WorkItem } from './types';

/**
 * What the agent socket has told this console: the agent's status, its pending offers and the work it holds,
 * and the live touchpoints of that work. Only {@link reduce} changes it, one frame at a time.
 */
export interface ConsoleState {
  connection: 'connecting' | 'open' | 'closed';
  agent: AgentStatus | null;
  offers: Record<number, Offer>;
  work: Record<number, WorkItem>;
  /** Touchpoints by interaction, in seq order, without duplicates (a reconnect may repeat some). */
  touchpoints: Record<number, Touchpoint[]>;
  /** Interactions the agent handed on or finished in this session, kept as closed tabs until dismissed. */
  finished: Record<number, { reason: string }>;
  /** The last error the socket answered without a ref (nobody waits for it). */
  lastError: { code: string; detail: string } | null;
}

export const initialState: ConsoleState = {
  connection: 'connecting',
  agent: null,
  offers: {},
  work: {},
  touchpoints: {},
  finished: {},
  lastError: null,
};

function without<T>(map: Record<number, T>, key: number): Record<number, T> {
  if (!(key in map)) return map;
  const copy = { ...map };
  delete copy[key];
  return copy;
}

function offerOf(frame: Frame, now: number): Offer {
  return {
    interactionId: frame.interactionId as number,
    customerId: frame.customerId as number,
    channel: frame.channel as string,
    tier: frame.tier as string,
    queueId: frame.queueId as number,
    arrivedAt: frame.arrivedAt as string,
    dueBy: frame.dueBy as string,
    expiresAt: frame.expiresAt as string,
    waitedMs: (frame.waitedMs as number) ?? 0,
    direction: frame.direction === 'OUTBOUND' ? 'OUTBOUND' : 'INBOUND',
    replayed: frame.replayed === true,
    receivedAt: now,
  };
}

/** Adds touchpoints to an interaction's list, keeping seq order and dropping ones it already has. */
export function mergeTouchpoints(list: Touchpoint[] | undefined, add: Touchpoint[]): Touchpoint[] {
  const byKey = new Map<string, Touchpoint>();
  for (const t of [...(list ?? []), ...add]) byKey.set(keyOf(t), t);
  return [...byKey.values()].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)
    || a.occurredAt.localeCompare(b.occurredAt));
}

function keyOf(t: Touchpoint): string {
  return t.eventId ?? String(t.id ?? t.touchpointId ?? `${t.interactionId}:${t.seq}`);
}

/** The next state after one frame from the agent socket. */
export function reduce(state: ConsoleState, frame: Frame, now = Date.now()): ConsoleState {
  switch (frame.type) {
    case 'state': {
      const agent = frame.agent as AgentStatus;
      const work: Record<number, WorkItem> = {};
      const offers: Record<number, Offer> = {};
      for (const w of agent.work ?? []) {
        if (w.phase === 'OFFERED') {
          // the offer frame that follows a (re)connect carries the details; keep a known one meanwhile
          if (state.offers[w.interactionId]) offers[w.interactionId] = state.offers[w.interactionId];
        } else {
          work[w.interactionId] = w;
        }
      }
      return { ...state, connection: 'open', agent, work, offers };
    }
    case 'offer': {
      const offer = offerOf(frame, now);
      return { ...state, offers: { ...state.offers, [offer.interactionId]: offer } };
    }
    case 'offer-ended':
      return { ...state, offers: without(state.offers, frame.interactionId as number) };
    case 'assigned': {
      const o = offerOf(frame, now);
      const item: WorkItem = {
        interactionId: o.interactionId, customerId: o.customerId, queueId: o.queueId, channel: o.channel,
        tier: o.tier, phase: 'ACTIVE', until: null, direction: o.direction,
      };
      return {
        ...state,
        offers: without(state.offers, o.interactionId),
        work: { ...state.work, [o.interactionId]: item },
        finished: without(state.finished, o.interactionId),
      };
    }
    case 'wrap-up': {
      const id = frame.interactionId as number;
      const item = state.work[id];
      if (!item) return state;
      return { ...state, work: { ...state.work, [id]: { ...item, phase: 'WRAP_UP', until: frame.until as string } } };
    }
    case 'wrapped':
      return finish(state, frame.interactionId as number, 'wrapped');
    case 'transferred':
      return finish(state, frame.interactionId as number, 'transferred');
    case 'agent-state': {
      if (!state.agent) return state;
      const presence = frame.state === 'PAUSED' || frame.state === 'OFFLINE' ? frame.state : 'AVAILABLE';
      return {
        ...state,
        agent: {
          ...state.agent, state: frame.state as string, presence: presence as AgentStatus['presence'],
          reason: (frame.reason as string) ?? null, since: frame.since as string,
        },
      };
    }
    case 'touchpoint': {
      const t = frame.touchpoint as Touchpoint;
      if (t?.interactionId == null) return state;
      const id = t.interactionId;
      return { ...state, touchpoints: { ...state.touchpoints, [id]: mergeTouchpoints(state.touchpoints[id], [t]) } };
    }
    case 'error':
      if (frame.ref != null) return state;
      return { ...state, lastError: { code: frame.code as string, detail: frame.detail as string } };
    default:
      return state;
  }
}

function finish(state: ConsoleState, id: number, reason: string): ConsoleState {
  if (!state.work[id]) return state;
  return { ...state, work: without(state.work, id), finished: { ...state.finished, [id]: { reason } } };
}

/** Touchpoints loaded over REST (history of an interaction), merged with what the socket brought. */
export function withHistory(state: ConsoleState, interactionId: number, history: Touchpoint[]): ConsoleState {
  return {
    ...state,
    touchpoints: { ...state.touchpoints, [interactionId]: mergeTouchpoints(state.touchpoints[interactionId], history) },
  };
}

export function dismiss(state: ConsoleState, id: number): ConsoleState {
  return { ...state, finished: without(state.finished, id) };
}

/** A call-back: an offer on VOICE the agent places (no phone rings for it; Accept makes the service call). */
export function isCallback(offer: Pick<Offer, 'channel' | 'direction'>): boolean {
  return offer.channel === 'VOICE' && offer.direction === 'OUTBOUND';
}

/** What the customer asked for, from the interaction's `CONTACT` touchpoint with result `callback-requested`. */
export interface CallbackRequest {
  phone: string | null;
  notBefore: string | null;
  notAfter: string | null;
  note: string | null;
  language: string | null;
}

export function callbackRequest(touchpoints: Touchpoint[] | undefined): CallbackRequest | null {
  const t = [...(touchpoints ?? [])].reverse().find((x) => x.kind === 'CONTACT' && x.result === 'callback-requested');
  if (!t) return null;
  const d = t.data ?? {};
  const str = (k: string) => (typeof d[k] === 'string' && (d[k] as string).trim() ? (d[k] as string) : null);
  return { phone: str('phone'), notBefore: str('notBefore'), notAfter: str('notAfter'), note: str('note'),
    language: str('language') };
}

/**
 * Milliseconds left before an offer expires, never below zero. Counted from the service's own clock at the
 * offer (arrivedAt + waitedMs) and this page's time since the frame, so a skewed desktop clock does not matter.
 */
export function offerRemainingMs(offer: Offer, now = Date.now()): number {
  const serverNowAtOffer = Date.parse(offer.arrivedAt) + offer.waitedMs;
  return Math.max(0, Date.parse(offer.expiresAt) - serverNowAtOffer - (now - offer.receivedAt));
}

/** How long the contact has waited, counting up from the offer frame. */
export function offerWaitedMs(offer: Offer, now = Date.now()): number {
  return offer.waitedMs + Math.max(0, now - offer.receivedAt);
}
