/** The agent's own interactions (`GET /api/agents/me/interactions`): the page it answers and how it is asked. */

export interface HistoryItem {
  id: number;
  channel: string;
  direction: string;
  state: string;
  customerId: number;
  customerName: string;
  customerTier: string;
  queueId: number | null;
  /** The interaction's agent now: another agent's id, or null, when this agent handed it on. */
  agentId: number | null;
  createdAt: string;
  answeredAt?: string | null;
  endedAt?: string | null;
  disposition?: string | null;
  lastTouchpoint?: { at: string; kind: string; preview: string | null } | null;
}

export interface HistoryPage {
  items: HistoryItem[];
  page: number;
  size: number;
  total: number;
}

export interface HistoryFilter {
  channel: string;
  state: string;
}

export const HISTORY_PAGE_SIZE = 20;

/** The list's address for a filter and page (empty filters are left out). */
export function historyPath(filter: HistoryFilter, page: number, size = HISTORY_PAGE_SIZE): string {
  const q = new URLSearchParams();
  if (filter.channel) q.set('channel', filter.channel);
  if (filter.state) q.set('state', filter.state);
  q.set('page', String(page));
  q.set('size', String(size));
  return `/api/agents/me/interactions?${q}`;
}

/** How many pages a total fills (at least one, so that an empty list still says "page 1 of 1"). */
export function pageCount(total: number, size = HISTORY_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}

/** Whether the agent still holds an interaction of its history (it opens with the composer, not read-only). */
export function stillHeld(item: HistoryItem, agentId: number | null | undefined): boolean {
  return agentId != null && item.agentId === agentId && ['OFFERED', 'ACTIVE', 'WRAP_UP'].includes(item.state);
}
