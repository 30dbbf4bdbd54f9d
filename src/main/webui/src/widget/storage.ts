/**
 * What the page keeps between loads, per queue, in localStorage (shared by every page of the site, so the chat
 * follows the customer from page to page): the session and its token, the visitor's name, the messages not yet
 * acknowledged, how far the customer has read, and a call-back booked from the widget.
 */

export interface SavedSession {
  sessionId: string;
  token: string;
  socket: string;
  name?: string;
  email?: string;
  language?: string;
}

export interface SavedPending {
  clientMessageId: string;
  text: string;
  at: string;
}

/** A call-back booked from the widget: its id and token open `GET/DELETE /api/chat/callbacks/{id}`. */
export interface SavedCallback {
  id: number;
  token: string;
  state: string;
  notBefore: string;
  notAfter: string;
  phone: string;
  /** the queue's time zone the window was chosen in */
  timeZone?: string;
}

export interface Saved {
  session?: SavedSession;
  pending: SavedPending[];
  /** the highest seq seen with the panel open (the unread badge counts the agent's messages after it) */
  seenSeq: number;
  /** the panel was open on the last page */
  panelOpen: boolean;
  /** a rating given in this session (the server also says so in welcome.rated) */
  rated?: number;
  /** the last form the visitor filled in, to fill the next one */
  visitor?: { name?: string; phone?: string; email?: string };
  /** the call-back booked last (kept across chats until it is over and dismissed) */
  callback?: SavedCallback;
}

/** The minimal Storage this module needs (localStorage in the browser, a map in tests). */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const empty = (): Saved => ({ pending: [], seenSeq: 0, panelOpen: false });

export class ChatStorage {
  readonly key: string;

  constructor(private readonly store: KeyValue | null, queue: string | null) {
    this.key = `switchboard-chat:${queue || 'default'}`;
  }

  load(): Saved {
    try {
      const raw = this.store?.getItem(this.key);
      if (!raw) return empty();
      const parsed = JSON.parse(raw) as Partial<Saved>;
      return {
        ...empty(),
        ...parsed,
        pending: Array.isArray(parsed.pending) ? parsed.pending.filter((p) => p && typeof p.clientMessageId === 'string') : [],
        callback: validCallback(parsed.callback) ? parsed.callback : undefined,
      };
    } catch {
      return empty();
    }
  }

  update(change: (saved: Saved) => Saved): Saved {
    const next = change(this.load());
    try {
      this.store?.setItem(this.key, JSON.stringify(next));
    } catch {
      // Storage full or denied (private mode): the chat still works for this page.
    }
    return next;
  }

  startSession(session: SavedSession): Saved {
    return this.update((s) => ({ ...s, session, pending: [], seenSeq: 0, rated: undefined }));
  }

  /** Forgets the chat (a new one starts), keeping what the visitor typed in the form and a booked call-back. */
  clearSession(): Saved {
    return this.update((s) => ({ ...empty(), visitor: s.visitor, panelOpen: s.panelOpen, callback: s.callback }));
  }

  saveCallback(callback: SavedCallback): Saved {
    return this.update((s) => ({ ...s, callback }));
  }

  /** The booking's state as the service last said (only for the booking with this id). */
  callbackState(id: number, state: string): Saved {
    return this.update((s) => (s.callback?.id === id ? { ...s, callback: { ...s.callback, state } } : s));
  }

  forgetCallback(id?: number): Saved {
    return this.update((s) => (id == null || s.callback?.id === id ? { ...s, callback: undefined } : s));
  }

  addPending(p: SavedPending): Saved {
    return this.update((s) => (s.pending.some((x) => x.clientMessageId === p.clientMessageId) ? s
      : { ...s, pending: [...s.pending, p] }));
  }

  removePending(clientMessageId: string): Saved {
    return this.update((s) => ({ ...s, pending: s.pending.filter((p) => p.clientMessageId !== clientMessageId) }));
  }

  seen(seq: number): Saved {
    return this.update((s) => (seq > s.seenSeq ? { ...s, seenSeq: seq } : s));
  }
}

function validCallback(c: unknown): c is SavedCallback {
  const x = c as Partial<SavedCallback> | null | undefined;
  return !!x && typeof x.id === 'number' && typeof x.token === 'string' && typeof x.notBefore === 'string'
    && typeof x.notAfter === 'string' && typeof x.state === 'string';
}
