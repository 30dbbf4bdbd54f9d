import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ChatApi, HttpError } from './api';
import { CallController, ICON_PHONE } from './call-controller';
import { inCall } from './call-state';
import { CallbackController } from './callback-controller';
import { ChatConnection, type ConnectionStatus } from './connection';
import { EMOJI } from './emoji';
import { errorKey, translate, type Key, type Lang } from './i18n';
import {
  acknowledge, addPending, fail, initialState, initials, pendingTexts, reduce, setProgress, tick, unread,
  type Attachment, type ChatState, type Entry, type Frame,
} from './state';
import { ChatStorage } from './storage';
import { styles } from './styles';

/** What the website sets on the script tag (channels/webchat/README.md). */
export interface WidgetConfig {
  base: string;
  queue: string | null;
  title: string | null;
  color: string | null;
  logo: string | null;
  greeting: string | null;
  lang: Lang;
  replyTime: string | null;
}

type View = 'prechat' | 'offline' | 'offline-done' | 'chat' | 'callback';

/** `GET /api/chat/calls`: what the page may offer besides the chat. */
interface Voice {
  calls: boolean;
  callbacks: boolean;
  openNow?: boolean;
}
type Field = 'name' | 'phone' | 'email' | 'message';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]{5,30}$/;

function newId(): string {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** Black or white, whichever reads better on the host's colour; null when the colour is not #rgb or #rrggbb. */
export function onColour(colour: string): string | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour.trim());
  if (!m) return null;
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // contrast with white (1.05 / (lum + .05)) against contrast with black ((lum + .05) / .05)
  return 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.05 ? '#fff' : '#111';
}

const ICON_CHAT = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 2-2z"/></svg>`;
const ICON_DOWN = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6.4 8.6 12 14.2l5.6-5.6L19 10l-7 7-7-7z"/></svg>`;
const ICON_SEND = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 20.5 21 12 3 3.5 3 10l12 2-12 2z"/></svg>`;
const ICON_CALLBACK = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M17 1a6 6 0 1 0 0 12 6 6 0 0 0 0-12zm2.3 8.3L16.2 7.5V3.5h1.6v3.1l2.3 1.4zM6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25c.7.23 1.43.39 2.2.47V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"/></svg>`;
const ICON_CLIP = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z"/></svg>`;

/**
 * The customer's chat on a website: a launcher bubble and a panel (a full-screen sheet on phones) in its own shadow
 * root. State comes from the socket's frames through the reducer of state.ts; the page keeps the session in
 * localStorage so that the conversation is rebuilt from the server's replay after a reload or on another page.
 */
export class SwitchboardChat extends LitElement {
  static styles = styles;
  static properties = {
    view: { state: true }, panelOpen: { state: true }, chat: { state: true }, status: { state: true },
    fieldErrors: { state: true }, formError: { state: true }, busy: { state: true }, offlineMessage: { state: true },
    confirmEnd: { state: true }, emojiOpen: { state: true }, dragging: { state: true }, score: { state: true },
    fileError: { state: true }, voice: { state: true },
  };

  config!: WidgetConfig;
  api!: ChatApi;
  storage!: ChatStorage;
  /** The socket (public for the browser test, which drops it to see the widget reconnect). */
  connection: ChatConnection | null = null;

  view: View = 'prechat';
  panelOpen = false;
  chat: ChatState = initialState();
  status: ConnectionStatus = 'idle';
  fieldErrors: Partial<Record<Field, Key>> = {};
  formError: Key | null = null;
  busy = false;
  offlineMessage: string | null = null;
  confirmEnd = false;
  emojiOpen = false;
  dragging = false;
  score = 0;
  fileError: Key | null = null;
  voice: Voice = { calls: false, callbacks: false };
  /** The page's call (public for the browser test, which reads its state). */
  call!: CallController;
  callbacks!: CallbackController;
  /** where "Back" leaves the call-back view for */
  private backView: View = 'prechat';
  /** the pre-chat's Call: start the chat, then call */
  private callAfterStart = false;

  private files = new Map<string, string>();
  private fetching = new Set<string>();
  private typingOn = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private agentTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private pageTitle = document.title;
  private alerting = false;
  private lastCount = 0;

  private t(key: Key, params?: Record<string, string | number>): string {
    return translate(this.config.lang, key, params);
  }

  /** Called once, before the element is put on the page. */
  configure(config: WidgetConfig): void {
    this.config = config;
    this.api = new ChatApi(config.base);
    this.storage = new ChatStorage(safeLocalStorage(), config.queue);
    const t = (key: Key, params?: Record<string, string | number>) => this.t(key, params);
    this.call = new CallController(this, {
      api: this.api, t, session: () => this.storage.load().session,
      callbacks: () => this.voice.callbacks, openCallback: () => this.openCallback(),
    });
    this.callbacks = new CallbackController(this, {
      api: this.api, storage: this.storage, lang: config.lang, queueId: () => this.queueId(), t,
    });
    const brand = config.color && onColour(config.color) ? config.color : null;
    if (brand) {
      this.style.setProperty('--sbc-brand', brand);
      this.style.setProperty('--sbc-on-brand', onColour(brand)!);
    }
  }

  connectedCallback(): void {
    super.connectedCallback();
    const saved = this.storage.load();
    this.panelOpen = saved.panelOpen;
    if (saved.session) {
      this.view = 'chat';
      let chat = initialState();
      for (const p of saved.pending) chat = addPending(chat, p.clientMessageId, p.text, undefined, p.at);
      this.chat = { ...chat, rated: saved.rated ?? null };
      this.connect();
    }
    document.addEventListener('visibilitychange', this.visibility);
    void this.loadVoice();
    this.callbacks.watch(this.panelOpen);
  }

  /** Whether calls and call-backs are offered now (asked on each page and each time the panel opens). */
  private async loadVoice(): Promise<void> {
    const queue = this.queueId();
    try {
      const v = await this.api.get<Voice>(`/api/chat/calls${queue != null ? `?queueId=${queue}` : ''}`);
      this.voice = { calls: v.calls === true, callbacks: v.callbacks === true, openNow: v.openNow };
    } catch {
      this.voice = { calls: false, callbacks: false };
    }
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.connection?.stop();
    document.removeEventListener('visibilitychange', this.visibility);
  }

  // --- the socket ---------------------------------------------------------------------------------------------

  private connect(): void {
    const session = this.storage.load().session;
    if (!session) return;
    this.connection?.stop();
    const url = new URL(session.socket, this.config.base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.connection = new ChatConnection(url.toString(), session.token, (f) => this.onFrame(f),
      (s) => { this.status = s; });
    this.connection.start();
  }

  private onFrame(f: Frame): void {
    const before = this.chat;
    this.chat = reduce(this.chat, f);
    if (f.type === 'welcome') {
      // Whatever was not acknowledged goes again with the same id: the service keeps each message once.
      for (const p of pendingTexts(this.chat)) {
        this.connection?.send({ type: 'message', clientMessageId: p.clientMessageId, text: p.text });
      }
    } else if ((f.type === 'ack' || f.type === 'message') && typeof f.clientMessageId === 'string') {
      this.storage.removePending(f.clientMessageId);
    } else if (f.type === 'error' && typeof f.clientMessageId === 'string' && f.code !== 'failed') {
      this.storage.removePending(f.clientMessageId);
    } else if (f.type === 'error' && f.code === 'unauthorized') {
      // The session is gone (expired or unknown): start afresh, saying why.
      this.storage.clearSession();
      this.connection?.stop();
      this.connection = null;
      this.chat = initialState();
      this.view = 'prechat';
      this.formError = 'error.unauthorized';
    } else if (f.type === 'rated') {
      this.storage.update((s) => ({ ...s, rated: this.chat.rated ?? undefined }));
    } else if (f.type === 'typing') {
      clearTimeout(this.agentTypingTimer);
      // A lost "off" must not leave "typing…" on screen for ever.
      if (this.chat.agentTyping) this.agentTypingTimer = setTimeout(() => {
        this.chat = { ...this.chat, agentTyping: false };
      }, 15000);
    }
    if (!before.ended && this.chat.ended) {
      this.confirmEnd = false;
      this.emojiOpen = false;
    }
    this.noteUnread();
  }

  // --- unread badge and title alert ----------------------------------------------------------------------------

  private readonly visibility = () => this.noteUnread();

  private noteUnread(): void {
    const seeing = this.panelOpen && this.view === 'chat' && !document.hidden;
    if (seeing && this.chat.lastSeq > this.storage.load().seenSeq) this.storage.seen(this.chat.lastSeq);
    const n = this.unreadCount();
    if (document.hidden && n > 0) {
      document.title = this.t('titleAlert', { n });
      this.alerting = true;
    } else if (this.alerting && (!document.hidden || n === 0)) {
      document.title = this.pageTitle;
      this.alerting = false;
    }
  }

  private unreadCount(): number {
    return this.view === 'chat' ? unread(this.chat, this.storage.load().seenSeq) : 0;
  }

  // --- opening and closing -------------------------------------------------------------------------------------

  private async toggle(): Promise<void> {
    this.panelOpen = !this.panelOpen;
    this.storage.update((s) => ({ ...s, panelOpen: this.panelOpen }));
    this.noteUnread();
    this.callbacks.watch(this.panelOpen);
    if (this.panelOpen) void this.loadVoice();
    await this.updateComplete;
    if (this.panelOpen) this.focusFirst();
    else this.q<HTMLElement>('#sbc-launcher')?.focus();
  }

  private async minimise(): Promise<void> {
    if (this.panelOpen) await this.toggle();
  }

  private focusFirst(): void {
    const target = this.view === 'chat' ? (this.chat.ended ? '#sbc-new-chat' : '#sbc-input')
      : this.view === 'offline-done' ? '#sbc-offline-done'
      : this.view === 'callback' ? (this.callbacks.booking() ? '#sbc-cb-booking' : '#sbc-cb-phone')
      : 'form input, form textarea';
    this.q<HTMLElement>(target)?.focus();
  }

  private q<T extends Element>(selector: string): T | null {
    return this.renderRoot.querySelector<T>(selector);
  }

  // --- pre-chat and offline forms ------------------------------------------------------------------------------

  private readForm(form: HTMLFormElement): Record<Field, string> {
    const value = (name: string) => ((form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '').trim();
    return { name: value('name'), phone: value('phone'), email: value('email'), message: value('message') };
  }

  private validate(v: Record<Field, string>, offline: boolean): boolean {
    const errors: Partial<Record<Field, Key>> = {};
    if (v.name.length > 200) errors.name = 'badName';
    if (v.phone && (!PHONE.test(v.phone) || v.phone.replace(/\D/g, '').length < 5)) errors.phone = 'badPhone';
    if (v.email && !EMAIL.test(v.email)) errors.email = 'badEmail';
    if (offline) {
      if (!v.message) errors.message = 'needMessage';
      if (!v.phone && !v.email) errors.email = 'needContact';
    }
    this.fieldErrors = errors;
    this.formError = null;
    return Object.keys(errors).length === 0;
  }

  /** A refused form: the server's fields are named with our own texts, never its English. */
  private refused(e: unknown): void {
    if (e instanceof HttpError && e.fields.length) {
      const own: Record<string, Key> = { name: 'badName', phone: 'badPhone', email: 'badEmail', message: 'needMessage' };
      const errors: Partial<Record<Field, Key>> = {};
      for (const f of e.fields) if (own[f]) errors[f as Field] = own[f];
      this.fieldErrors = errors;
      this.formError = Object.keys(errors).length ? null : 'error.invalid';
    } else {
      this.formError = errorKey(e instanceof HttpError ? e.code : 'network');
    }
  }

  private async start(ev: Event): Promise<void> {
    ev.preventDefault();
    const v = this.readForm(ev.target as HTMLFormElement);
    this.storage.update((s) => ({ ...s, visitor: { name: v.name, phone: v.phone, email: v.email } }));
    if (!this.validate(v, false)) {
      this.callAfterStart = false;
      return this.focusInvalid();
    }
    return this.submit(async () => {
      const r = await this.api.post<{ offline?: boolean; message?: string; sessionId: string; token: string; socket: string }>(
        '/api/chat/sessions', {
          name: v.name || null, phone: v.phone || null, email: v.email || null, page: location.href.slice(0, 500),
          queueId: this.queueId(), language: this.config.lang,
        });
      if (r.offline) {
        this.offlineMessage = r.message ?? null;
        this.view = 'offline';
      } else {
        this.storage.startSession({
          sessionId: r.sessionId, token: r.token, socket: r.socket, name: v.name || undefined,
          email: v.email || undefined, language: this.config.lang,
        });
        this.chat = initialState();
        this.view = 'chat';
        this.connect();
        if (this.callAfterStart) void this.call.place();
      }
    });
  }

  /** The pre-chat's Call button: the form starts the chat (the call is the chat's customer's), then the call. */
  private callFromPrechat(): void {
    const form = this.q<HTMLFormElement>('#sbc-prechat');
    if (!form) return;
    this.callAfterStart = true;
    form.requestSubmit();
  }

  // --- call-backs ------------------------------------------------------------------------------------------------

  private async openCallback(): Promise<void> {
    if (this.view !== 'callback') this.backView = this.view;
    this.view = 'callback';
    this.callbacks.open();
    await this.updateComplete;
    this.focusFirst();
  }

  private async closeCallback(): Promise<void> {
    this.view = this.backView === 'callback' ? 'prechat' : this.backView;
    await this.updateComplete;
    this.focusFirst();
  }

  private async bookCallback(ev: Event): Promise<void> {
    const session = this.storage.load().session;
    const booked = await this.callbacks.submit(ev, session && !this.chat.ended ? session : undefined);
    await this.updateComplete;
    if (booked) this.q<HTMLElement>('#sbc-cb-booking')?.focus();
    else this.q<HTMLElement>('#sbc-callback [aria-invalid="true"], #sbc-cb-error')?.focus();
  }

  private async leaveMessage(ev: Event): Promise<void> {
    ev.preventDefault();
    const v = this.readForm(ev.target as HTMLFormElement);
    if (!this.validate(v, true)) return this.focusInvalid();
    return this.submit(async () => {
      const r = await this.api.post<{ message?: string }>('/api/chat/offline', {
        name: v.name || null, phone: v.phone || null, email: v.email || null, message: v.message,
        queueId: this.queueId(), language: this.config.lang,
      });
      this.offlineMessage = r.message ?? null;
      this.view = 'offline-done';
    });
  }

  /** A form's request: the form is busy meanwhile, a refusal is shown in its words, focus goes to the next view. */
  private async submit(request: () => Promise<void>): Promise<void> {
    this.busy = true;
    try {
      await request();
      await this.updateComplete;
      this.focusFirst();
    } catch (e) {
      this.refused(e);
    } finally {
      this.busy = false;
      this.callAfterStart = false;
    }
  }

  private queueId(): number | null {
    return this.config.queue ? Number(this.config.queue) : null;
  }

  private async focusInvalid(): Promise<void> {
    await this.updateComplete;
    this.q<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  // --- writing -------------------------------------------------------------------------------------------------

  private sendText(): void {
    const input = this.q<HTMLTextAreaElement>('#sbc-input');
    const text = input?.value.trim() ?? '';
    if (!input || !text || this.chat.ended) return;
    input.value = '';
    this.autosize(input);
    const id = newId();
    const at = new Date().toISOString();
    this.chat = addPending({ ...this.chat, error: undefined }, id, text, undefined, at);
    this.storage.addPending({ clientMessageId: id, text, at });
    this.connection?.send({ type: 'message', clientMessageId: id, text });
    this.typing(false);
  }

  private retry(e: Entry): void {
    if (!e.clientMessageId || e.text == null) return;
    this.chat = {
      ...this.chat, error: undefined,
      entries: this.chat.entries.map((x) => (x === e ? { ...x, status: 'pending', error: undefined } : x)),
    };
    this.storage.addPending({ clientMessageId: e.clientMessageId, text: e.text, at: e.at ?? new Date().toISOString() });
    this.connection?.send({ type: 'message', clientMessageId: e.clientMessageId, text: e.text });
  }

  private keydown(ev: KeyboardEvent): void {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      this.sendText();
    }
  }

  private input(ev: Event): void {
    this.autosize(ev.target as HTMLTextAreaElement);
    const now = Date.now();
    if (now - this.typingOn > 3000) {
      this.typingOn = now;
      this.connection?.send({ type: 'typing', on: true });
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.typing(false), 2500);
  }

  private typing(on: boolean): void {
    clearTimeout(this.typingTimer);
    if (!on && this.typingOn) {
      this.typingOn = 0;
      this.connection?.send({ type: 'typing', on: false });
    }
  }

  private autosize(input: HTMLTextAreaElement): void {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight + 2, 140)}px`;
  }

  private insertEmoji(emoji: string): void {
    const input = this.q<HTMLTextAreaElement>('#sbc-input');
    if (!input) return;
    const start = input.selectionStart ?? input.value.length;
    const end = input.selectionEnd ?? start;
    input.value = input.value.slice(0, start) + emoji + input.value.slice(end);
    input.selectionStart = input.selectionEnd = start + emoji.length;
    this.emojiOpen = false;
    input.focus();
  }

  // --- files ---------------------------------------------------------------------------------------------------

  private upload(file: File): void {
    const session = this.storage.load().session;
    if (!session || this.chat.ended) return;
    this.fileError = null;
    const id = newId();
    const localUrl = file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined;
    this.chat = addPending(this.chat, id, undefined,
      [{ filename: file.name || 'file', contentType: file.type, size: file.size, localUrl }]);
    this.api.upload(session.sessionId, session.token, id, file, (p) => { this.chat = setProgress(this.chat, id, p); })
      .then((r) => { this.chat = acknowledge(this.chat, id, r.seq); })
      .catch((e: unknown) => {
        const code = e instanceof HttpError ? e.code : 'network';
        const own = ['network', 'unauthorized', 'file-too-large', 'file-type', 'rate-limited'];
        this.chat = fail(this.chat, id, own.includes(code) ? code : 'file-failed');
      });
  }

  private pickFiles(ev: Event): void {
    const input = ev.target as HTMLInputElement;
    for (const f of Array.from(input.files ?? [])) this.upload(f);
    input.value = '';
  }

  private paste(ev: ClipboardEvent): void {
    const files = Array.from(ev.clipboardData?.files ?? []);
    if (files.length) {
      ev.preventDefault();
      files.forEach((f) => this.upload(f));
    }
  }

  private dragOver(ev: DragEvent): void {
    if (this.view !== 'chat' || this.chat.ended || !ev.dataTransfer?.types.includes('Files')) return;
    ev.preventDefault();
    this.dragging = true;
  }

  private dragLeave(ev: DragEvent): void {
    if (!(ev.currentTarget as Element).contains(ev.relatedTarget as Node | null)) this.dragging = false;
  }

  private drop(ev: DragEvent): void {
    this.dragging = false;
    if (this.view !== 'chat' || this.chat.ended) return;
    ev.preventDefault();
    Array.from(ev.dataTransfer?.files ?? []).forEach((f) => this.upload(f));
  }

  /** Image thumbnails and files of the conversation, fetched with the chat token into object URLs. */
  private loadImages(): void {
    const session = this.storage.load().session;
    if (!session) return;
    for (const e of this.chat.entries) {
      for (const a of e.attachments ?? []) {
        if (!a.sha256 || a.localUrl || !a.contentType?.startsWith('image/')) continue;
        this.fetchFile(session.sessionId, session.token, a.sha256);
      }
    }
  }

  private fetchFile(sessionId: string, token: string, sha256: string): Promise<string | undefined> {
    if (this.files.has(sha256)) return Promise.resolve(this.files.get(sha256));
    if (this.fetching.has(sha256)) return Promise.resolve(undefined);
    this.fetching.add(sha256);
    return this.api.fileUrl(sessionId, token, sha256).then((url) => {
      this.files.set(sha256, url);
      this.requestUpdate();
      return url;
    }).catch(() => undefined).finally(() => this.fetching.delete(sha256));
  }

  /** A PDF (or any file that is not an image) is downloaded under its name, not opened in a blob: tab. */
  private async download(ev: Event, a: Attachment): Promise<void> {
    ev.preventDefault();
    const session = this.storage.load().session;
    if (!session || !a.sha256) return;
    const url = this.files.get(a.sha256) ?? await this.fetchFile(session.sessionId, session.token, a.sha256);
    if (!url) {
      this.fileError = 'error.file-failed';
      return;
    }
    const link = document.createElement('a');
    link.href = url;
    link.download = a.filename;
    link.rel = 'noopener';
    this.renderRoot.appendChild(link);
    link.click();
    link.remove();
  }

  // --- the end -------------------------------------------------------------------------------------------------

  private endChat(): void {
    const transcript = this.q<HTMLInputElement>('#sbc-transcript')?.checked ?? false;
    if (this.connection?.send({ type: 'end', transcript })) this.confirmEnd = false;
    else this.chat = { ...this.chat, error: 'network' };
  }

  private rate(ev: Event): void {
    ev.preventDefault();
    if (this.score < 1) {
      this.chat = { ...this.chat, error: 'rate-need-score' };
      return;
    }
    const comment = this.q<HTMLTextAreaElement>('#sbc-rating-comment')?.value.trim();
    const frame: Record<string, unknown> = { type: 'rating', score: this.score };
    if (comment) frame.comment = comment.slice(0, 1000);
    if (!this.connection?.send(frame)) this.chat = { ...this.chat, error: 'network' };
  }

  private async newChat(): Promise<void> {
    this.connection?.stop();
    this.connection = null;
    this.storage.clearSession();
    this.chat = initialState();
    this.score = 0;
    this.view = 'prechat';
    this.formError = null;
    this.fieldErrors = {};
    await this.updateComplete;
    this.focusFirst();
  }

  // --- rendering -----------------------------------------------------------------------------------------------

  protected updated(changed: PropertyValues): void {
    this.toggleAttribute('data-open', this.panelOpen);
    if (changed.has('chat')) {
      this.loadImages();
      const count = this.chat.entries.length;
      if (count !== this.lastCount) {
        this.lastCount = count;
        const scroll = this.q<HTMLElement>('.sbc-scroll');
        if (scroll) scroll.scrollTop = scroll.scrollHeight;
      }
    }
    if (changed.has('panelOpen') || changed.has('view')) {
      this.lastCount = -1;
      const scroll = this.q<HTMLElement>('.sbc-scroll');
      if (scroll && this.view === 'chat') scroll.scrollTop = scroll.scrollHeight;
    }
  }

  render(): TemplateResult {
    const n = this.unreadCount();
    const label = this.panelOpen ? this.t('minimise') : this.t('open');
    return html`
      ${this.panelOpen ? this.panel() : nothing}
      <button id="sbc-launcher" type="button" aria-expanded=${this.panelOpen ? 'true' : 'false'} aria-controls="sbc-panel"
        aria-label=${n && !this.panelOpen ? `${label} (${this.t('unread', { n })})` : label} lang=${this.config.lang}
        @click=${this.toggle}>
        ${this.panelOpen ? ICON_DOWN : ICON_CHAT}
        ${n && !this.panelOpen ? html`<span id="sbc-badge" aria-hidden="true">${n}</span>` : nothing}
      </button>`;
  }

  private panel(): TemplateResult {
    const title = this.config.title || this.t('title');
    return html`
      <aside id="sbc-panel" aria-labelledby="sbc-title" lang=${this.config.lang}
        @keydown=${(e: KeyboardEvent) => { if (e.key === 'Escape') this.minimise(); }}
        @dragover=${this.dragOver} @dragenter=${this.dragOver} @dragleave=${this.dragLeave} @drop=${this.drop}>
        <header>
          ${this.config.logo ? html`<img src=${this.config.logo} alt="">` : nothing}
          <div class="sbc-heading">
            <h2 id="sbc-title">${title}</h2>
            ${this.view === 'chat' && this.chat.agent ? html`<p>${this.chat.agent}</p>`
              : this.config.replyTime ? html`<p>${this.t('replyTime', { time: this.config.replyTime })}</p>` : nothing}
          </div>
          ${this.view === 'chat' && !this.chat.ended && this.voice.calls && !inCall(this.call.state) ? html`
            <button id="sbc-call-button" class="sbc-head-button" type="button" aria-label=${this.t('call')}
              title=${this.t('call')} @click=${() => this.call.place()}>${ICON_PHONE}</button>` : nothing}
          ${this.view === 'chat' && this.voice.callbacks ? html`
            <button id="sbc-callback-button" class="sbc-head-button" type="button" aria-label=${this.t('cb.request')}
              title=${this.t('cb.request')} @click=${this.openCallback}>${ICON_CALLBACK}</button>` : nothing}
          ${this.view === 'chat' && !this.chat.ended && !this.confirmEnd ? html`
            <button id="sbc-end" class="sbc-head-button" type="button" @click=${() => { this.confirmEnd = true; }}>
              ${this.t('endChat')}</button>` : nothing}
          <button id="sbc-minimise" class="sbc-head-button" type="button" aria-label=${this.t('minimise')}
            @click=${this.minimise}>${ICON_DOWN}</button>
        </header>
        ${this.view === 'chat' ? html`<div id="sbc-status" role="status" data-status=${this.status}>${this.statusText()}</div>` : nothing}
        <div id="sbc-call-live" class="sr-only" role="status">${this.call.announcement()}</div>
        ${this.call.render()}
        ${this.view !== 'callback' ? this.callbacks.strip(() => this.openCallback()) : nothing}
        <div class="sbc-body">
          ${this.view === 'prechat' ? this.prechat()
            : this.view === 'offline' ? this.offlineForm()
            : this.view === 'offline-done' ? this.offlineDone()
            : this.view === 'callback' ? this.callbacks.view((e) => this.bookCallback(e), () => this.closeCallback(),
              this.storage.load().visitor ?? {})
            : this.conversation()}
          ${this.dragging ? html`<div class="sbc-drop" aria-hidden="true">${this.t('dropHere')}</div>` : nothing}
        </div>
      </aside>`;
  }

  private statusText(): string {
    switch (this.status) {
      case 'connecting': return this.t('connecting');
      case 'reconnecting': return this.t('reconnecting');
      case 'offline': return this.t('offline');
      default: return '';
    }
  }

  private intro(): TemplateResult {
    return html`<div class="sbc-intro">
      <p>${this.config.greeting || this.t('greeting')}</p>
      ${this.config.replyTime ? html`<p>${this.t('replyTime', { time: this.config.replyTime })}</p>` : nothing}
    </div>`;
  }

  private field(name: Field, key: Key, type: string, optional: boolean, value = '', autocomplete = ''): TemplateResult {
    const error = this.fieldErrors[name];
    const id = `sbc-f-${name}`;
    return html`<div class="sbc-field">
      <label for=${id}>${this.t(key)}${optional ? html` <span>(${this.t('optional')})</span>` : nothing}</label>
      ${type === 'textarea'
        ? html`<textarea id=${id} name=${name} rows="4" maxlength="5000" aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${error ? `${id}-error` : nothing}>${value}</textarea>`
        : html`<input id=${id} name=${name} type=${type} .value=${value} autocomplete=${autocomplete || nothing}
            aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${id}-error` : nothing}>`}
      ${error ? html`<p class="sbc-field-error" id="${id}-error">${this.t(error)}</p>` : nothing}
    </div>`;
  }

  private prechat(): TemplateResult {
    const visitor = this.storage.load().visitor ?? {};
    return html`<div class="sbc-scroll">
      ${this.intro()}
      <form id="sbc-prechat" class="sbc-form" novalidate @submit=${this.start}>
        <p class="sbc-note">${this.t('prechatIntro')}</p>
        ${this.field('name', 'name', 'text', true, visitor.name, 'name')}
        ${this.field('phone', 'phone', 'tel', true, visitor.phone, 'tel')}
        ${this.field('email', 'email', 'email', true, visitor.email, 'email')}
        ${this.formError ? html`<p class="sbc-form-error" role="alert">${this.t(this.formError)}</p>` : nothing}
        <button id="sbc-start" class="sbc-primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? this.t('starting') : this.t('start')}</button>
      </form>
      ${this.voiceChoices(true)}
    </div>`;
  }

  /** The other ways to reach the centre, under the pre-chat and offline forms: call now, or be called back. */
  private voiceChoices(call: boolean): TemplateResult | typeof nothing {
    const calls = call && this.voice.calls;
    if (!calls && !this.voice.callbacks) return nothing;
    return html`<div class="sbc-buttons sbc-voice-choices">
      ${calls ? html`<button id="sbc-prechat-call" class="sbc-secondary" type="button" ?disabled=${this.busy}
        @click=${this.callFromPrechat}>${ICON_PHONE}<span>${this.t('call')}</span></button>` : nothing}
      ${this.voice.callbacks && !this.callbacks.booking() ? html`<button id="sbc-open-callback" class="sbc-secondary"
        type="button" @click=${this.openCallback}>${this.t('cb.request')}</button>` : nothing}
    </div>`;
  }

  private offlineForm(): TemplateResult {
    const visitor = this.storage.load().visitor ?? {};
    return html`<div class="sbc-scroll">
      <div class="sbc-intro" id="sbc-offline-message"><p>${this.offlineMessage || this.t('offlineIntro')}</p></div>
      <form id="sbc-offline" class="sbc-form" novalidate @submit=${this.leaveMessage}>
        ${this.field('name', 'name', 'text', true, visitor.name, 'name')}
        ${this.field('email', 'email', 'email', false, visitor.email, 'email')}
        ${this.field('phone', 'phone', 'tel', false, visitor.phone, 'tel')}
        ${this.field('message', 'message', 'textarea', false)}
        ${this.formError ? html`<p class="sbc-form-error" role="alert">${this.t(this.formError)}</p>` : nothing}
        <button id="sbc-offline-send" class="sbc-primary" type="submit" ?disabled=${this.busy}>${this.t('sendMessage')}</button>
      </form>
      ${this.voiceChoices(false)}
    </div>`;
  }

  private offlineDone(): TemplateResult {
    return html`<div class="sbc-scroll">
      <div class="sbc-intro" id="sbc-offline-done" tabindex="-1" role="status">
        <p>${this.t('offlineDone')}</p>
        ${this.offlineMessage ? html`<p>${this.offlineMessage}</p>` : nothing}
      </div>
      <button id="sbc-new-chat" class="sbc-secondary" type="button" @click=${this.newChat}>${this.t('newChat')}</button>
    </div>`;
  }

  private conversation(): TemplateResult {
    const ended = this.chat.ended;
    let agent: string | null = null;
    const rows = this.chat.entries.map((e) => {
      if (e.kind === 'agent-joined') agent = e.agent ?? agent;
      return this.entry(e, agent ?? this.chat.agent);
    });
    const error = this.chat.error === 'rate-need-score' ? this.t('rateNeedScore')
      : this.chat.error ? this.t(errorKey(this.chat.error)) : this.fileError ? this.t(this.fileError) : '';
    return html`
      <div class="sbc-scroll">
        ${this.intro()}
        <div id="sbc-log" role="log" aria-live="polite" aria-label=${this.t('log')} tabindex="0">${rows}</div>
      </div>
      <div id="sbc-typing" role="status">${this.chat.agentTyping && !ended
        ? this.t('typing', { agent: this.chat.agent || this.t('agent') }) : ''}</div>
      <div id="sbc-errors" role="alert">${error}</div>
      ${ended ? this.endedPart() : this.confirmEnd ? this.endConfirm() : this.composer()}`;
  }

  private composer(): TemplateResult {
    return html`<div class="sbc-composer">
      ${this.emojiOpen ? html`<div id="sbc-emoji-list" role="group" aria-label=${this.t('emojiList')}>
        ${EMOJI.map((e) => html`<button type="button" @click=${() => this.insertEmoji(e)}>${e}</button>`)}
      </div>` : nothing}
      <div class="sbc-compose-row">
        <button id="sbc-emoji" class="sbc-icon" type="button" aria-label=${this.t('emoji')}
          aria-expanded=${this.emojiOpen ? 'true' : 'false'} @click=${() => { this.emojiOpen = !this.emojiOpen; }}>😊</button>
        <button id="sbc-attach" class="sbc-icon" type="button" aria-label=${this.t('attach')}
          @click=${() => this.q<HTMLInputElement>('#sbc-file')?.click()}>${ICON_CLIP}</button>
        <input id="sbc-file" class="sr-only" type="file" tabindex="-1" aria-label=${this.t('attach')}
          accept="image/png,image/jpeg,image/gif,image/webp,application/pdf" multiple @change=${this.pickFiles}>
        <label class="sr-only" for="sbc-input">${this.t('inputLabel')}</label>
        <textarea id="sbc-input" rows="1" maxlength="2000" placeholder=${this.t('inputLabel')}
          @keydown=${this.keydown} @input=${this.input} @paste=${this.paste}></textarea>
        <button id="sbc-send" class="sbc-icon" type="button" aria-label=${this.t('send')} @click=${this.sendText}>${ICON_SEND}</button>
      </div>
    </div>`;
  }

  private endConfirm(): TemplateResult {
    const email = this.storage.load().session?.email;
    return html`<div class="sbc-end-confirm" id="sbc-end-confirm">
      <p>${this.t('endConfirm')}</p>
      ${email ? html`<label class="sbc-check"><input id="sbc-transcript" type="checkbox">${this.t('transcript')}</label>` : nothing}
      <div class="sbc-buttons">
        <button id="sbc-end-yes" class="sbc-primary" type="button" @click=${this.endChat}>${this.t('endYes')}</button>
        <button id="sbc-end-no" class="sbc-secondary" type="button" @click=${() => { this.confirmEnd = false; }}>${this.t('endNo')}</button>
      </div>
    </div>`;
  }

  private endedPart(): TemplateResult {
    const transcript: Record<string, Key> = {
      queued: 'transcriptQueued', 'no-email': 'transcriptNoEmail', unavailable: 'transcriptUnavailable',
    };
    const t = this.chat.transcript ? transcript[this.chat.transcript] : undefined;
    return html`<div class="sbc-ended" id="sbc-ended">
      ${t ? html`<p id="sbc-transcript-result" role="status">${this.t(t)}</p>` : nothing}
      ${this.chat.rated != null ? html`<p id="sbc-thanks" role="status">${this.t('rateThanks')}</p>` : this.rating()}
      <div class="sbc-buttons">
        <button id="sbc-new-chat" class="sbc-secondary" type="button" @click=${this.newChat}>${this.t('newChat')}</button>
      </div>
    </div>`;
  }

  private rating(): TemplateResult {
    const stars = [1, 2, 3, 4, 5];
    return html`<form id="sbc-rating" novalidate @submit=${this.rate}>
      <fieldset>
        <legend>${this.t('rateTitle')}</legend>
        <div class="sbc-stars" role="radiogroup" aria-label=${this.t('rateStars')}>
          ${stars.map((s) => html`
            <input class="sr-only" type="radio" name="score" id="sbc-star-${s}" value=${s} .checked=${this.score === s}
              @change=${() => { this.score = s; this.chat = { ...this.chat, error: undefined }; }}>
            <label for="sbc-star-${s}" class="sbc-star ${s <= this.score ? 'sbc-on' : ''}" data-score=${s}>
              <span aria-hidden="true">${s <= this.score ? '★' : '☆'}</span>
              <span class="sr-only">${this.t(`star${s}` as Key)}</span></label>`)}
        </div>
      </fieldset>
      <label class="sr-only" for="sbc-rating-comment">${this.t('rateComment')}</label>
      <textarea id="sbc-rating-comment" maxlength="1000" placeholder=${this.t('rateComment')}></textarea>
      <div class="sbc-buttons"><button id="sbc-rating-send" class="sbc-primary" type="submit">${this.t('rateSend')}</button></div>
    </form>`;
  }

  private entry(e: Entry, agent: string | null): TemplateResult {
    if (e.kind !== 'message') {
      const text = e.kind === 'agent-joined' ? this.t('joined', { agent: e.agent || this.t('agent') })
        : e.kind === 'transferred' ? this.t('transferred')
        : e.reason === 'idle' ? this.t('endedIdle')
        // The stored end does not say who ended (reason "ended" either way); "customer" is the widget's own end.
        : e.reason === 'customer' ? this.t('endedByYou') : this.t('ended');
      return html`<div class="sbc-event sbc-event-${e.kind}" data-seq=${e.seq ?? ''}>${text}${this.time(e)}</div>`;
    }
    const mine = e.from === 'customer';
    const state = tick(this.chat, e);
    const name = mine ? null : agent || this.t('agent');
    return html`<div class="sbc-row ${mine ? 'sbc-mine' : ''}" data-seq=${e.seq ?? ''}>
      ${mine ? nothing : html`<span class="sbc-avatar" aria-hidden="true">${initials(name)}</span>`}
      <div class="sbc-msg ${mine ? 'sbc-customer' : 'sbc-agent'} ${state === 'pending' ? 'sbc-pending' : ''}
        ${state === 'failed' ? 'sbc-failed' : ''}" data-client-id=${e.clientMessageId ?? ''}>
        ${mine ? nothing : html`<div class="sbc-meta"><span class="sbc-name">${name}</span></div>`}
        ${e.text != null ? html`<div class="sbc-text">${e.text}</div>` : nothing}
        ${(e.attachments ?? []).map((a) => this.attachment(a))}
        ${e.progress != null && state === 'pending' ? html`<progress class="sbc-progress" max="100" value=${e.progress}
          aria-label=${this.t('uploading', { name: e.attachments?.[0]?.filename ?? '', percent: e.progress })}></progress>` : nothing}
        <div class="sbc-foot">
          ${this.time(e)}
          ${state ? this.tickMark(state) : nothing}
        </div>
        ${state === 'failed' ? html`<div>${this.t(errorKey(e.error))}
          ${e.text != null ? html`<button class="sbc-retry" type="button" @click=${() => this.retry(e)}>${this.t('retry')}</button>` : nothing}
        </div>` : nothing}
      </div>
    </div>`;
  }

  private tickMark(state: 'pending' | 'delivered' | 'read' | 'failed'): TemplateResult {
    const mark = { pending: '🕓', delivered: '✓', read: '✓✓', failed: '!' }[state];
    const key: Key = { pending: 'sending', delivered: 'delivered', read: 'read', failed: 'failedMessage' }[state] as Key;
    return html`<span class="sbc-tick" data-state=${state}><span aria-hidden="true">${mark}</span><span class="sr-only">${this.t(key)}</span></span>`;
  }

  private time(e: Entry): TemplateResult | typeof nothing {
    if (!e.at) return nothing;
    const d = new Date(e.at);
    if (Number.isNaN(d.getTime())) return nothing;
    const text = new Intl.DateTimeFormat(this.config.lang, { hour: 'numeric', minute: '2-digit' }).format(d);
    return html` <time datetime=${e.at}>${text}</time>`;
  }

  private attachment(a: Attachment): TemplateResult {
    const url = a.localUrl ?? (a.sha256 ? this.files.get(a.sha256) : undefined);
    const size = a.size >= 1024 * 1024 ? `${(a.size / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.ceil(a.size / 1024))} KB`;
    if (a.contentType?.startsWith('image/') && url) {
      return html`<a href=${url} download=${a.filename}><img class="sbc-thumb" src=${url}
        alt=${this.t('image', { name: a.filename })}></a>`;
    }
    if (!a.sha256) return html`<div class="sbc-file">📄 ${a.filename} (${size})</div>`;
    return html`<a class="sbc-file" href="#" download=${a.filename} aria-label=${this.t('download', { name: a.filename })}
      @click=${(ev: Event) => this.download(ev, a)}>📄 ${a.filename} (${size})</a>`;
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
