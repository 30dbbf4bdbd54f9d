import { Store } from '../state/store';
import { initialState, reduce, type ConsoleState } from '../state/console';
import type { Frame } from '../state/types';
import { session } from './session';

/** What the console knows from `/ws/agent`; views read it, only this module writes it. */
export const consoleState = new Store<ConsoleState>(initialState);

/** The answer to a frame sent with a ref: its `ack`, or the `error` as a rejection. */
export class FrameError extends Error {
  constructor(readonly code: string, readonly detail: string) {
    super(detail);
  }
}

type Pending = { resolve: (ack: Frame) => void; reject: (e: FrameError) => void; timer: number };

/**
 * The agent socket: connects with the session's token (as the bearer-token-carrier subprotocol, the way a browser
 * can send it), reconnects with backoff, and turns every frame into state. Other modules may listen to frames
 * (the latency probe of the browser test, sounds) through {@link onFrame}.
 */
class AgentSocket {
  private socket: WebSocket | null = null;
  private pending = new Map<string, Pending>();
  private nextRef = 1;
  private retry = 0;
  private retryTimer: number | undefined;
  private listeners = new Set<(frame: Frame) => void>();

  start(): void {
    this.stop();
    this.open();
  }

  stop(): void {
    window.clearTimeout(this.retryTimer);
    const s = this.socket;
    this.socket = null;
    s?.close(1000, 'signed out');
    for (const p of this.pending.values()) p.reject(new FrameError('closed', 'the connection closed'));
    this.pending.clear();
    consoleState.set(initialState);
  }

  onFrame(listener: (frame: Frame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a frame and waits for its ack (10 s), or sends it without waiting when `wait` is false. */
  send(frame: Frame, wait = true): Promise<Frame> {
    const s = this.socket;
    if (!s || s.readyState !== WebSocket.OPEN) {
      return Promise.reject(new FrameError('offline', 'not connected'));
    }
    if (!wait) {
      s.send(JSON.stringify(frame));
      return Promise.resolve({ type: 'sent' });
    }
    const ref = `c${this.nextRef++}`;
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => {
        this.pending.delete(ref);
        reject(new FrameError('timeout', 'no answer from the service'));
      }, 10_000);
      this.pending.set(ref, { resolve, reject, timer });
      s.send(JSON.stringify({ ...frame, ref }));
    });
  }

  private open(): void {
    const token = session.get()?.token;
    if (!token) return;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/agent`;
    consoleState.update((s) => ({ ...s, connection: 'connecting' }));
    const socket = new WebSocket(url, ['bearer-token-carrier',
      encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${token}`)]);
    this.socket = socket;
    socket.onopen = () => {
      this.retry = 0;
    };
    socket.onmessage = (e) => this.receive(e.data as string);
    socket.onclose = (e) => {
      if (this.socket !== socket) return;
      this.socket = null;
      consoleState.update((s) => ({ ...s, connection: 'closed' }));
      for (const p of this.pending.values()) {
        window.clearTimeout(p.timer);
        p.reject(new FrameError('closed', 'the connection closed'));
      }
      this.pending.clear();
      if (e.code === 1008 || e.code === 4403) {
        // revoked token or no agent record: reconnecting would be refused again
        if (e.code === 1008) session.set(null);
        consoleState.update((s) => ({ ...s, lastError: { code: String(e.code), detail: e.reason } }));
        return;
      }
      const delay = Math.min(15_000, 500 * 2 ** this.retry++);
      this.retryTimer = window.setTimeout(() => this.open(), delay);
    };
  }

  private receive(text: string): void {
    let frame: Frame;
    try {
      frame = JSON.parse(text) as Frame;
    } catch {
      return;
    }
    if (frame.type === 'offer') performance.mark(`sb:offer-frame:${frame.interactionId}`);
    const ref = frame.ref as string | undefined;
    if (ref != null && this.pending.has(ref)) {
      const p = this.pending.get(ref)!;
      this.pending.delete(ref);
      window.clearTimeout(p.timer);
      if (frame.type === 'error') p.reject(new FrameError(frame.code as string, frame.detail as string));
      else p.resolve(frame);
    }
    consoleState.update((s) => reduce(s, frame));
    for (const listener of this.listeners) listener(frame);
  }
}

export const agentSocket = new AgentSocket();
