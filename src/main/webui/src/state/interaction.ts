import { Store } from './store';
import { rest, ApiError } from '../api/rest';
import { agentSocket, consoleState, FrameError } from '../api/agent-socket';
import { session } from '../api/session';
import { dismiss, withHistory } from './console';
import { selection, go } from './selection';
import { send as sendFrame } from './actions';
import { softphone } from '../api/sip';
import type { Frame, Touchpoint } from './types';
import { lastSeq, type MessageStatus, type PendingSend, type SmsPreview } from './interaction-conversation';

/** An interaction as `GET /api/interactions/{id}` answers. */
export interface InteractionView {
  id: number;
  customerId: number;
  channel: string;
  direction: string;
  queueId: number | null;
  agentId: number | null;
  state: string;
  serviceRequestId: number | null;
  customerAddress?: string | null;
  channelAddress?: string | null;
  createdAt: string;
  answeredAt?: string | null;
  endedAt?: string | null;
  disposition?: string | null;
}

/** A queue as `GET /api/queues` lists it, with the wrap-up dispositions the queue offers (empty: any). */
export interface QueueView {
  id: number;
  name: string;
  channels: string[];
  dispositions?: Array<{ code: string; labels?: Record<string, string> }>;
}

export interface AgentView {
  id: number;
  name: string;
  teamId?: number | null;
  channels?: string[];
}

/** Interactions the console has loaded, by id (header times, queue, state, linked service request). */
export const interactions = new Store<Record<number, InteractionView>>({});
/** What was sent on each interaction with its delivery status (REST), by interaction. */
export const messageStatuses = new Store<Record<number, MessageStatus[]>>({});
/** Messages this page is sending, by interaction, until their touchpoints arrive. */
export const pendingSends = new Store<Record<number, PendingSend[]>>({});
export const queues = new Store<QueueView[] | null>(null);
export const agents = new Store<AgentView[] | null>(null);

const OPENED_KEY = 'sb.opened';

function loadOpened(): number[] {
  try {
    const list = JSON.parse(sessionStorage.getItem(OPENED_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((n) => typeof n === 'number') : [];
  } catch {
    return [];
  }
}

/**
 * Interactions opened in the workspace that routing does not hand this agent: a conversation it started, one
 * reopened from its history or a customer's timeline. Kept for the tab's life (and a reload) until closed.
 */
export const opened = new Store<number[]>(loadOpened());
opened.subscribe((ids) => sessionStorage.setItem(OPENED_KEY, JSON.stringify(ids)));

// Another user signing in on this tab starts with nothing of the previous one's.
let signedIn = session.get()?.userId;
session.subscribe((s) => {
  if (s?.userId === signedIn) return;
  signedIn = s?.userId;
  opened.set([]);
  interactions.set({});
  messageStatuses.set({});
  pendingSends.set({});
});

/** Shows an interaction in the workspace (a tab of its own unless the agent already holds it). */
export function openInteraction(id: number): void {
  if (!opened.get().includes(id) && !consoleState.get().work[id]) opened.set([...opened.get(), id]);
  selection.set(id);
  go('workspace');
}

/** Closes the tab of an interaction no longer held (opened, or finished in this session). */
export function closeView(id: number): void {
  if (opened.get().includes(id)) opened.set(opened.get().filter((x) => x !== id));
  consoleState.update((s) => dismiss(s, id));
  if (selection.get() === id) selection.set(null);
}

const inFlight = new Map<string, Promise<unknown>>();

function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  if (inFlight.has(key)) return inFlight.get(key) as Promise<T>;
  const p = load().finally(() => inFlight.delete(key));
  inFlight.set(key, p);
  return p;
}

export function loadInteraction(id: number, fresh = false): Promise<InteractionView | null> {
  if (!fresh && interactions.get()[id]) return Promise.resolve(interactions.get()[id]);
  return once(`i${id}`, () => rest.get<InteractionView>(`/api/interactions/${id}`)
    .then((v) => {
      putInteraction(v);
      return v;
    })
    .catch(() => null));
}

export function putInteraction(v: InteractionView): void {
  interactions.update((all) => ({ ...all, [v.id]: v }));
}

/** The interaction's log and its messages' statuses, merged with what the socket brought. */
export function loadHistory(id: number): Promise<void> {
  return once(`h${id}`, async () => {
    const [touchpoints, messages] = await Promise.all([
      rest.get<Touchpoint[]>(`/api/interactions/${id}/touchpoints`),
      rest.get<MessageStatus[]>(`/api/interactions/${id}/messages`).catch(() => [] as MessageStatus[]),
    ]);
    consoleState.update((s) => withHistory(s, id, touchpoints ?? []));
    messageStatuses.update((all) => ({ ...all, [id]: messages ?? [] }));
  });
}

export function loadQueues(fresh = false): Promise<QueueView[]> {
  if (!fresh && queues.get()) return Promise.resolve(queues.get()!);
  return once('queues', () => rest.get<QueueView[]>('/api/queues').then((q) => {
    queues.set(q ?? []);
    return q ?? [];
  }));
}

/** One queue with its dispositions (the list may have been loaded before they changed). */
export function loadQueue(id: number): Promise<QueueView | null> {
  return once(`q${id}`, () => rest.get<QueueView>(`/api/queues/${id}`).then((q) => {
    const list = queues.get() ?? [];
    queues.set(list.some((x) => x.id === id) ? list.map((x) => (x.id === id ? q : x)) : [...list, q]);
    return q;
  }).catch(() => null));
}

export function loadAgents(): Promise<AgentView[]> {
  if (agents.get()) return Promise.resolve(agents.get()!);
  return once('agents', () => rest.get<AgentView[]>('/api/agents').then((a) => {
    agents.set(a ?? []);
    return a ?? [];
  }));
}

function touchpointsOf(id: number): Touchpoint[] {
  return consoleState.get().touchpoints[id] ?? [];
}

function addPending(id: number, p: PendingSend): void {
  pendingSends.update((all) => ({ ...all, [id]: [...(all[id] ?? []), p] }));
}

function changePending(id: number, key: string, change: Partial<PendingSend>): void {
  pendingSends.update((all) => ({ ...all, [id]: (all[id] ?? []).map((p) => (p.key === key ? { ...p, ...change } : p)) }));
}

export function discardPending(id: number, key: string): void {
  pendingSends.update((all) => ({ ...all, [id]: (all[id] ?? []).filter((p) => p.key !== key) }));
}

/** A refusal as one line for the agent: the service's detail, else its code. */
export function reasonOf(e: unknown): string {
  if (e instanceof FrameError) return e.detail || e.code;
  if (e instanceof ApiError) return e.detail || e.title || String(e.status);
  return String(e);
}

/**
 * Sends a chat or SMS text over the agent socket (`send`), showing it at once as a pending bubble; the ack
 * names its touchpoint, and once that arrives the bubble is the touchpoint's (no duplicate).
 */
export async function sendText(id: number, text: string, data?: Record<string, unknown>): Promise<void> {
  const key = crypto.randomUUID();
  addPending(id, { key, text, afterSeq: lastSeq(touchpointsOf(id)), status: 'sending' });
  try {
    const ack = await sendFrame(id, text, data);
    changePending(id, key, { touchpointId: ack.touchpointId as number, status: (ack.status as PendingSend['status']) ?? 'QUEUED' });
  } catch (e) {
    changePending(id, key, { status: 'failed', error: reasonOf(e) });
  }
}

/** A file to send, base64 as `attachments` takes it. */
export interface OutgoingFile {
  filename: string;
  contentType: string;
  data: string;
}

export function readFile(file: File): Promise<OutgoingFile> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ filename: file.name, contentType: file.type || 'application/octet-stream', data: url.substring(url.indexOf(',') + 1) });
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * Sends a message with files (an email reply, a fax) over REST, since the socket's `send` carries none; shown
 * pending like a socket send. Rejects with the ApiError so that the composer can ask (a failing address).
 */
export async function sendWithFiles(id: number, text: string, files: OutgoingFile[],
                                    data?: Record<string, unknown>): Promise<void> {
  const key = crypto.randomUUID();
  addPending(id, { key, text, afterSeq: lastSeq(touchpointsOf(id)), status: 'sending', files: files.map((f) => f.filename) });
  try {
    const r = await rest.post<{ touchpointId: number; status: string }>(`/api/interactions/${id}/messages`,
      { ...(text ? { text } : {}), attachments: files, data: data ?? {} }, { 'Idempotency-Key': key });
    changePending(id, key, { touchpointId: r.touchpointId, status: (r.status as PendingSend['status']) ?? 'QUEUED' });
  } catch (e) {
    discardPending(id, key);
    throw e;
  }
}

/** The SMS part counter while typing: the socket's `sms-preview`, else the REST preview. */
export async function smsPreview(text: string): Promise<SmsPreview | null> {
  try {
    const ack = await agentSocket.send({ type: 'sms-preview', text });
    return ack as unknown as SmsPreview;
  } catch {
    try {
      return await rest.post<SmsPreview>('/api/channels/sms/preview', { text });
    } catch {
      return null;
    }
  }
}

/** Adds a note to the interaction; it shows as its NOTE touchpoint. */
export async function addNote(id: number, text: string): Promise<void> {
  const t = await rest.post<Touchpoint>(`/api/interactions/${id}/notes`, { text });
  if (t) consoleState.update((s) => withHistory(s, id, [t]));
}

/** Starts a conversation with a customer (the socket's `start`; REST with files) and opens it. */
export async function startConversation(customerId: number, channel: string, text: string,
                                        data?: Record<string, unknown>, to?: string): Promise<number> {
  const frame: Frame = { type: 'start', customerId, channel, text, idempotencyKey: crypto.randomUUID() };
  if (data) frame.data = data;
  if (to) frame.to = to;
  let interactionId: number;
  try {
    const ack = await agentSocket.send(frame);
    interactionId = ack.interactionId as number;
  } catch (e) {
    if (!(e instanceof FrameError) || e.code !== 'offline') throw e;
    const r = await rest.post<{ interactionId: number }>(`/api/customers/${customerId}/conversations`,
      { channel, text, data: data ?? {}, ...(to ? { to } : {}) }, { 'Idempotency-Key': frame.idempotencyKey as string });
    interactionId = r.interactionId;
  }
  await loadInteraction(interactionId, true);
  openInteraction(interactionId);
  return interactionId;
}

/** Click-to-call: the agent's phone rings, then the customer's (docs/channels/telephony.md). */
export async function startCall(customerId: number): Promise<number> {
  const r = await rest.post<{ interactionId: number }>(`/api/customers/${customerId}/calls`, {});
  // the agent's own phone rings first: that ring belongs to this interaction
  softphone.expectOutbound(r.interactionId);
  await loadInteraction(r.interactionId, true);
  openInteraction(r.interactionId);
  return r.interactionId;
}

/** Ends a conversation routing does not hold (one the agent started): closed at once with the disposition. */
export async function closeInteraction(id: number, disposition?: string): Promise<void> {
  const v = await rest.post<InteractionView>(`/api/interactions/${id}/close`, disposition ? { disposition } : {});
  if (v) putInteraction(v);
}

const htmlCache = new Map<string, Promise<string | null>>();

/**
 * An email touchpoint's sanitised HTML (`GET /api/interactions/{id}/touchpoints/{tp}/html`, fetched with the token),
 * null when it has none (404). Kept for the page's life: a message's HTML never changes.
 */
export function emailHtml(interactionId: number, touchpointId: number): Promise<string | null> {
  const key = `${interactionId}/${touchpointId}`;
  if (!htmlCache.has(key)) {
    const token = session.get()?.token;
    const p = fetch(`/api/interactions/${interactionId}/touchpoints/${touchpointId}/html`,
      { headers: token ? { authorization: `Bearer ${token}`, accept: 'text/html' } : { accept: 'text/html' } })
      .then((r) => {
        if (r.status === 404) return null;
        if (!r.ok) throw new ApiError(r.status, 'html', r.statusText, '');
        return r.text();
      });
    p.catch(() => htmlCache.delete(key));
    htmlCache.set(key, p);
  }
  return htmlCache.get(key)!;
}
