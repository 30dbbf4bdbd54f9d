import { Store } from '../state/store';
import { initialWallboard, reduceWallboard, withConnection, type SupervisorFrame, type WallboardState }
  from '../state/wallboard';
import { mergeTouchpoints } from '../state/console';
import type { Touchpoint } from '../state/types';
import { rest } from './rest';
import { session } from './session';

/** What the wallboard knows from `/ws/supervisor`; views read it, only this module writes it. */
export const wallboardState = new Store<WallboardState>(initialWallboard);

/** The chat a supervisor reads live: its touchpoints, history first then as they come. */
export interface Watched {
  interactionId: number;
  touchpoints: Touchpoint[];
}
export const watched = new Store<Watched | null>(null);

/** A refused supervisor frame: the service's `error` code and detail text. */
export class SupervisorError extends Error {
  constructor(readonly code: string, readonly detail: string) {
    super(detail);
  }
}

type Pending = { resolve: (ack: SupervisorFrame) => void; reject: (e: SupervisorError) => void; timer: number };

/** The chosen teams and queues: sent as `subscribe` after every (re)connect and whenever it changes. */
export interface Subscription {
  teamIds: number[];
  queueIds: number[];
}

/**
 * The supervisor socket: connects with the session's token (the bearer-token-carrier subprotocol, as the agent
 * socket), re-subscribes and re-watches after a reconnect (with backoff), and applies each snapshot and delta to
 * {@link wallboardState}, measuring every delta (`sb:delta-applied`: reducer, Lit render and layout).
 */
class SupervisorSocket {
  private socket: WebSocket | null = null;
  private pending = new Map<string, Pending>();
  private nextRef = 1;
  private retry = 0;
  private retryTimer: number | undefined;
  private subscription: Subscription = { teamIds: [], queueIds: [] };
  private benchInstalled = false;

  start(): void {
    this.stop();
    this.installBench();
    this.open();
  }

  stop(): void {
    window.clearTimeout(this.retryTimer);
    const s = this.socket;
    this.socket = null;
    s?.close(1000, 'left the wallboard');
    this.rejectPending();
    wallboardState.set(initialWallboard);
    watched.set(null);
  }

  /** Leaves the service's figures for injected ones (the benchmark, through the bench hook): no frames, no reconnect. */
  private detach(): void {
    window.clearTimeout(this.retryTimer);
    const s = this.socket;
    this.socket = null;
    s?.close(1000, 'benchmark');
  }

  /** Closes the connection as a network drop would (the reconnect follows); for tests through the bench hook. */
  drop(): void {
    this.socket?.close(4000, 'dropped');
  }

  get filter(): Subscription {
    return this.subscription;
  }

  /** Chooses the teams and queues to follow (empty = all); the service answers with a fresh snapshot. */
  subscribe(next: Subscription): Promise<SupervisorFrame> {
    this.subscription = { teamIds: [...next.teamIds], queueIds: [...next.queueIds] };
    return this.send({ type: 'subscribe', ...this.subscription });
  }

  /** Reads a chat live: its history over REST, then its touchpoints as they come. */
  async watch(interactionId: number): Promise<void> {
    const previous = watched.get();
    if (previous && previous.interactionId !== interactionId) this.unwatch();
    watched.set({ interactionId, touchpoints: [] });
    await this.send({ type: 'watch', interactionId });
    const history = await rest.get<Touchpoint[]>(`/api/interactions/${interactionId}/touchpoints`);
    const w = watched.get();
    if (w?.interactionId === interactionId) watched.set({ ...w, touchpoints: mergeTouchpoints(w.touchpoints, history) });
  }

  unwatch(): void {
    const w = watched.get();
    watched.set(null);
    if (w) this.send({ type: 'unwatch', interactionId: w.interactionId }).catch(() => undefined);
  }

  /** Sends a frame and waits for its ack (10 s); rejects with the service's error. */
  send(frame: SupervisorFrame): Promise<SupervisorFrame> {
    const s = this.socket;
    if (!s || s.readyState !== WebSocket.OPEN) return Promise.reject(new SupervisorError('offline', 'not connected'));
    const ref = `s${this.nextRef++}`;
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => {
        this.pending.delete(ref);
        reject(new SupervisorError('timeout', 'no answer from the service'));
      }, 10_000);
      this.pending.set(ref, { resolve, reject, timer });
      s.send(JSON.stringify({ ...frame, ref }));
    });
  }

  private rejectPending(): void {
    for (const p of this.pending.values()) {
      window.clearTimeout(p.timer);
      p.reject(new SupervisorError('closed', 'the connection closed'));
    }
    this.pending.clear();
  }

  private open(): void {
    const token = session.get()?.token;
    if (!token) return;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/supervisor`;
    wallboardState.update((s) => withConnection(s, 'connecting'));
    const socket = new WebSocket(url, ['bearer-token-carrier',
      encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${token}`)]);
    this.socket = socket;
    socket.onopen = () => {
      this.retry = 0;
      wallboardState.update((s) => withConnection(s, 'open'));
      const f = this.subscription;
      if (f.teamIds.length || f.queueIds.length) this.send({ type: 'subscribe', ...f }).catch(() => undefined);
      const w = watched.get();
      if (w) this.send({ type: 'watch', interactionId: w.interactionId }).catch(() => undefined);
    };
    socket.onmessage = (e) => {
      if (this.socket === socket) this.receive(e.data as string);
    };
    socket.onclose = (e) => {
      if (this.socket !== socket) return;
      this.socket = null;
      wallboardState.update((s) => withConnection(s, 'closed'));
      this.rejectPending();
      if (e.code === 1008) {
        session.set(null); // revoked token: reconnecting would be refused again
        return;
      }
      const delay = Math.min(10_000, 250 * 2 ** this.retry++);
      this.retryTimer = window.setTimeout(() => this.open(), delay);
    };
  }

  private receive(text: string): void {
    let frame: SupervisorFrame;
    try {
      frame = JSON.parse(text) as SupervisorFrame;
    } catch {
      return;
    }
    this.apply(frame);
  }

  /** One frame into state; a delta is timed from here until Lit has rendered it and the page is laid out. */
  apply(frame: SupervisorFrame): void {
    const ref = frame.ref as string | undefined;
    if (ref != null && this.pending.has(ref)) {
      const p = this.pending.get(ref)!;
      this.pending.delete(ref);
      window.clearTimeout(p.timer);
      if (frame.type === 'error') p.reject(new SupervisorError(String(frame.code), String(frame.detail ?? '')));
      else p.resolve(frame);
    }
    if (frame.type === 'touchpoint') {
      const tp = frame.touchpoint as Touchpoint;
      const w = watched.get();
      if (w && tp.interactionId === w.interactionId) {
        watched.set({ ...w, touchpoints: mergeTouchpoints(w.touchpoints, [tp]) });
      }
      return;
    }
    if (frame.type !== 'snapshot' && frame.type !== 'delta') return;
    const start = performance.now();
    wallboardState.update((s) => reduceWallboard(s, frame));
    if (frame.type === 'delta') afterRender(() => {
      void document.body.offsetHeight; // style and layout of what the views rendered
      performance.measure('sb:delta-applied', { start, end: performance.now() });
    });
  }

  /**
   * `?bench` in the URL: frames injected with an `sb:supervisor-frame` event, a drop with `sb:supervisor-drop`, the
   * service's frames stopped with `sb:supervisor-detach`.
   */
  private installBench(): void {
    if (this.benchInstalled || !/[?&]bench\b/.test(location.search + location.hash)) return;
    this.benchInstalled = true;
    window.addEventListener('sb:supervisor-frame', (e) => this.apply((e as CustomEvent<SupervisorFrame>).detail));
    window.addEventListener('sb:supervisor-drop', () => this.drop());
    window.addEventListener('sb:supervisor-detach', () => this.detach());
  }
}

/** Runs after the pending microtasks (Lit's updates) are done: a message-channel task, not clamped like a timer. */
function afterRender(run: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    run();
  };
  channel.port2.postMessage(null);
}

export const supervisorSocket = new SupervisorSocket();
