import type { Frame } from './state';

export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'offline' | 'closed';

/**
 * The customer's socket: signs in with `hello {after: 0}` (the whole conversation is replayed each time, so the
 * page rebuilds it after a reload), reconnects with backoff, and waits for the browser to be online again.
 */
export class ChatConnection {
  socket: WebSocket | null = null;
  status: ConnectionStatus = 'idle';
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly onFrame: (frame: Frame) => void,
    private readonly onStatus: (status: ConnectionStatus) => void,
  ) {}

  start(): void {
    this.stopped = false;
    window.addEventListener('online', this.online);
    window.addEventListener('offline', this.offline);
    this.open();
  }

  /** Closes for good (the chat is over, or a new one starts). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    window.removeEventListener('online', this.online);
    window.removeEventListener('offline', this.offline);
    const s = this.socket;
    this.socket = null;
    s?.close();
    this.setStatus('closed');
  }

  send(frame: Record<string, unknown>): boolean {
    if (this.socket?.readyState === WebSocket.OPEN && this.status === 'open') {
      this.socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  private open(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    if (!navigator.onLine) {
      this.setStatus('offline');
      return;
    }
    this.setStatus(this.retry === 0 ? 'connecting' : 'reconnecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'hello', token: this.token, after: 0 }));
    socket.onmessage = (ev) => {
      let frame: Frame;
      try {
        frame = JSON.parse(String(ev.data)) as Frame;
      } catch {
        return;
      }
      if (frame.type === 'welcome') {
        this.retry = 0;
        this.setStatus('open');
      }
      this.onFrame(frame);
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      if (ev.code === 4401) {
        this.stopped = true;
        this.setStatus('closed');
        this.onFrame({ type: 'error', code: 'unauthorized' });
        return;
      }
      this.later();
    };
  }

  private later(): void {
    if (!navigator.onLine) {
      this.setStatus('offline');
      return;
    }
    // 0.5 s, 1 s, 2 s … up to 15 s, with jitter so that a restarted service is not hit by every page at once.
    const delay = Math.min(15000, 500 * 2 ** this.retry) * (0.75 + Math.random() * 0.5);
    this.retry++;
    this.setStatus('reconnecting');
    this.timer = setTimeout(() => this.open(), delay);
  }

  private readonly online = () => {
    if (this.stopped || this.socket) return;
    this.retry = Math.max(this.retry, 1);
    this.open();
  };

  private readonly offline = () => {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const s = this.socket;
    this.socket = null;
    s?.close();
    this.setStatus('offline');
  };

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.onStatus(status);
  }
}
