/** The shapes the service sends (docs/routing.md: the agent socket; docs/api.md: REST). */

export type Channel = 'VOICE' | 'CHAT' | 'EMAIL' | 'SMS' | 'FAX' | 'API' | string;
export type Tier = 'DIAMOND' | 'GOLD' | 'STANDARD' | string;
export type Presence = 'AVAILABLE' | 'PAUSED' | 'OFFLINE';

export interface WorkItem {
  interactionId: number;
  customerId: number;
  queueId: number;
  channel: Channel;
  tier: Tier;
  phase: 'OFFERED' | 'ACTIVE' | 'WRAP_UP';
  until?: string | null;
  /** OUTBOUND for a call-back the agent places (docs/routing.md); INBOUND otherwise */
  direction?: Direction;
}

export type Direction = 'INBOUND' | 'OUTBOUND';

export interface AgentStatus {
  agentId: number;
  name: string;
  teamId?: number | null;
  presence: Presence;
  reason?: string | null;
  channels: Channel[];
  state: string;
  since: string;
  secondsInState: number;
  usedCapacity: number;
  capacity: number;
  work: WorkItem[];
}

export interface Offer {
  interactionId: number;
  customerId: number;
  channel: Channel;
  tier: Tier;
  queueId: number;
  arrivedAt: string;
  dueBy: string;
  expiresAt: string;
  waitedMs: number;
  /** OUTBOUND: the agent's accept places the call (a call-back); INBOUND (or absent): the customer is waiting */
  direction: Direction;
  replayed?: boolean;
  /** When this client received the frame (ms since epoch), to count the wait up from waitedMs. */
  receivedAt: number;
}

/** A touchpoint as the stream and `GET /api/interactions/{id}/touchpoints` carry it. */
export interface Touchpoint {
  id?: number;
  touchpointId?: number;
  eventId?: string;
  customerId: number;
  interactionId?: number | null;
  seq?: number | null;
  kind: string;
  channel?: Channel;
  direction?: string | null;
  occurredAt: string;
  place?: string | null;
  agentId?: number | null;
  employee?: string | null;
  content?: string | null;
  result?: string | null;
  data?: Record<string, unknown> | null;
}

export type Frame = { type: string; [field: string]: unknown };
