/**
 * The conversation as the customer sees it, built from the socket's frames by a pure reducer: the server's replay
 * and live frames are ordered by seq and kept once (a replay after a reload or a reconnect shows nothing twice);
 * the customer's own messages are pending until acknowledged, then take their seq.
 */

export interface Attachment {
  filename: string;
  contentType: string;
  size: number;
  sha256?: string;
  /** a local object URL of the customer's own file while it uploads */
  localUrl?: string;
}

export type EntryKind = 'message' | 'agent-joined' | 'transferred' | 'ended';

export interface Entry {
  /** stable key for rendering: `s<seq>` or `c<clientMessageId>` */
  key: string;
  kind: EntryKind;
  seq?: number;
  at?: string;
  from?: 'customer' | 'agent';
  text?: string;
  attachments?: Attachment[];
  clientMessageId?: string;
  agent?: string;
  reason?: string;
  /** the customer's own messages: pending (not acknowledged), sent (has a seq), failed (refused: code) */
  status?: 'pending' | 'sent' | 'failed';
  error?: string;
  /** upload progress 0..100 while a file is on its way */
  progress?: number;
}

export interface ChatState {
  entries: Entry[];
  open: boolean;
  ended: boolean;
  endedReason?: string;
  transcript?: string;
  agent: string | null;
  agentTyping: boolean;
  readSeq: number;
  rated: number | null;
  lastSeq: number;
  /** the last error to show (a translation key suffix: the server's code) */
  error?: string;
}

export interface Frame {
  type: string;
  seq?: number;
  at?: string;
  [field: string]: unknown;
}

export const initialState = (): ChatState => ({
  entries: [], open: true, ended: false, agent: null, agentTyping: false, readSeq: 0, rated: null, lastSeq: 0,
});

/** Inserts in seq order; entries without a seq (pending) stay at the end in the order they were written. */
function insert(entries: Entry[], entry: Entry): Entry[] {
  const out = entries.slice();
  if (entry.seq == null) {
    out.push(entry);
    return out;
  }
  const at = out.findIndex((e) => e.seq == null || e.seq > entry.seq!);
  if (at < 0) out.push(entry);
  else out.splice(at, 0, entry);
  return out;
}

function withSeq(state: ChatState, seq: number | undefined): number {
  return seq != null && seq > state.lastSeq ? seq : state.lastSeq;
}

/** The customer's message written now, pending until acknowledged. */
export function addPending(state: ChatState, clientMessageId: string, text: string | undefined,
                           attachments?: Attachment[], at = new Date().toISOString()): ChatState {
  if (state.entries.some((e) => e.clientMessageId === clientMessageId)) return state;
  return {
    ...state,
    entries: insert(state.entries, {
      key: `c${clientMessageId}`, kind: 'message', from: 'customer', text, attachments, clientMessageId, at,
      status: 'pending', progress: attachments ? 0 : undefined,
    }),
  };
}

export function setProgress(state: ChatState, clientMessageId: string, progress: number): ChatState {
  return {
    ...state,
    entries: state.entries.map((e) => (e.clientMessageId === clientMessageId && e.status === 'pending'
      ? { ...e, progress } : e)),
  };
}

/** The customer's message acknowledged with its seq (from an `ack` frame or the upload's answer). */
export function acknowledge(state: ChatState, clientMessageId: string, seq: number): ChatState {
  const mine = state.entries.find((e) => e.clientMessageId === clientMessageId && e.seq == null);
  if (!mine) return state;
  const rest = state.entries.filter((e) => e !== mine);
  // The stored message may have come first (live echo or replay): then the pending copy simply goes.
  if (rest.some((e) => e.seq === seq)) return { ...state, entries: rest, lastSeq: withSeq(state, seq) };
  return {
    ...state,
    entries: insert(rest, { ...mine, key: `s${seq}`, seq, status: 'sent', progress: undefined, error: undefined }),
    lastSeq: withSeq(state, seq),
  };
}

export function fail(state: ChatState, clientMessageId: string, code: string): ChatState {
  return {
    ...state,
    error: code,
    entries: state.entries.map((e) => (e.clientMessageId === clientMessageId && e.seq == null
      ? { ...e, status: 'failed', error: code, progress: undefined } : e)),
  };
}

function stored(state: ChatState, f: Frame, entry: Entry): ChatState {
  const seq = f.seq!;
  const known = state.entries.find((e) => e.seq === seq);
  if (known) {
    // An upload acknowledged by its HTTP answer learns its stored attachments (sha256) from the echo.
    if (!known.clientMessageId || known.clientMessageId !== entry.clientMessageId || !entry.attachments) return state;
    const merged = { ...known, attachments: mergeLocal(entry.attachments, known.attachments) };
    return { ...state, entries: state.entries.map((e) => (e === known ? merged : e)) };
  }
  let entries = state.entries;
  if (entry.clientMessageId) {
    // Our own message coming back stored: it replaces the pending copy (keeping its local preview).
    const mine = entries.find((e) => e.clientMessageId === entry.clientMessageId && e.seq == null);
    if (mine) {
      entries = entries.filter((e) => e !== mine);
      entry = { ...entry, attachments: mergeLocal(entry.attachments, mine.attachments) };
    }
  }
  return { ...state, entries: insert(entries, entry), lastSeq: withSeq(state, seq) };
}

function mergeLocal(server?: Attachment[], local?: Attachment[]): Attachment[] | undefined {
  if (!server || !local) return server;
  return server.map((a, i) => ({ ...a, localUrl: local[i]?.localUrl }));
}

/** The next state after a frame from the customer's socket. */
export function reduce(state: ChatState, f: Frame): ChatState {
  switch (f.type) {
    case 'welcome': {
      const open = f.open !== false;
      return {
        ...state,
        open,
        ended: state.ended || !open,
        agent: typeof f.agent === 'string' ? f.agent : state.agent,
        readSeq: Math.max(state.readSeq, typeof f.readSeq === 'number' ? f.readSeq : 0),
        rated: typeof f.rated === 'number' ? f.rated : state.rated,
        error: undefined,
      };
    }
    case 'message': {
      if (f.seq == null) return state;
      const from = f.from === 'customer' ? 'customer' : 'agent';
      const next = stored(state, f, {
        key: `s${f.seq}`, kind: 'message', seq: f.seq, at: f.at, from, text: typeof f.text === 'string' ? f.text : undefined,
        attachments: Array.isArray(f.attachments) ? (f.attachments as Attachment[]) : undefined,
        clientMessageId: typeof f.clientMessageId === 'string' ? f.clientMessageId : undefined,
        status: from === 'customer' ? 'sent' : undefined,
      });
      return from === 'agent' ? { ...next, agentTyping: false } : next;
    }
    case 'agent-joined': {
      if (f.seq == null) return state;
      const next = stored(state, f, { key: `s${f.seq}`, kind: 'agent-joined', seq: f.seq, at: f.at, agent: f.agent as string });
      // The agent now is the one who joined last (by seq, whatever order the frames came in).
      const last = next.entries.filter((e) => e.kind === 'agent-joined' && e.agent).at(-1);
      return { ...next, agent: last?.agent ?? next.agent };
    }
    case 'transferred':
      if (f.seq == null) return state;
      return { ...stored(state, f, { key: `s${f.seq}`, kind: 'transferred', seq: f.seq, at: f.at }), agentTyping: false };
    case 'ended': {
      const next = f.seq == null ? state
        : stored(state, f, { key: `s${f.seq}`, kind: 'ended', seq: f.seq, at: f.at, reason: f.reason as string });
      return {
        ...next, ended: true, open: false, agentTyping: false,
        endedReason: (f.reason as string) ?? next.endedReason,
        transcript: typeof f.transcript === 'string' ? f.transcript : next.transcript,
      };
    }
    case 'ack':
      return typeof f.clientMessageId === 'string' && typeof f.seq === 'number'
        ? acknowledge(state, f.clientMessageId, f.seq) : state;
    case 'read':
      return typeof f.seq === 'number' && f.seq > state.readSeq ? { ...state, readSeq: f.seq } : state;
    case 'typing':
      return { ...state, agentTyping: f.on !== false && !state.ended };
    case 'rated':
      return { ...state, rated: typeof f.score === 'number' ? f.score : state.rated ?? 0, error: undefined };
    case 'error': {
      const code = typeof f.code === 'string' ? f.code : 'server';
      const id = typeof f.clientMessageId === 'string' ? f.clientMessageId : null;
      // `failed` was not stored: the message stays pending and goes again on the next connection.
      if (id && code !== 'failed') return fail(state, id, code);
      if (code === 'already-rated') return { ...state, rated: state.rated ?? 0, error: code };
      if (code === 'chat-ended') return { ...state, ended: true, open: false, error: code };
      return { ...state, error: code };
    }
    default:
      return state;
  }
}

/** Delivered once acknowledged (it has a seq), read once the agent has read up to it. */
export function tick(state: ChatState, e: Entry): 'pending' | 'delivered' | 'read' | 'failed' | null {
  if (e.from !== 'customer') return null;
  if (e.status === 'failed') return 'failed';
  if (e.seq == null) return 'pending';
  return e.seq <= state.readSeq ? 'read' : 'delivered';
}

/** The agent's messages the customer has not seen (after the highest seq seen with the panel open). */
export function unread(state: ChatState, seenSeq: number): number {
  return state.entries.filter((e) => e.kind === 'message' && e.from === 'agent' && (e.seq ?? 0) > seenSeq).length;
}

/** Pending text messages, to re-send (same clientMessageId) after a reconnect. */
export function pendingTexts(state: ChatState): Array<{ clientMessageId: string; text: string }> {
  return state.entries
    .filter((e) => e.status === 'pending' && e.seq == null && e.text != null && !e.attachments && e.clientMessageId)
    .map((e) => ({ clientMessageId: e.clientMessageId!, text: e.text! }));
}

/** Initials for an avatar: the first letters of the first two words, or the first character of CJK names. */
export function initials(name: string | null | undefined): string {
  const n = (name ?? '').trim();
  if (!n) return '?';
  if (/^[\u3400-\u9fff]/.test(n)) return n[0];
  const words = n.split(/\s+/).filter(Boolean);
  return words.slice(0, 2).map((w) => [...w][0]!.toUpperCase()).join('');
}
