import { Store } from '../state/store';
import {
  initialPhone, linkCall, recovery, reducePhone, ringingFor, callerOf, dtmfTransport, validTones,
  type AudioDevice, type Microphone, type PhoneEvent, type PhoneState,
} from '../state/phone';
import type { Offer } from '../state/types';

/** `GET /api/agents/me/softphone` (docs/channels/telephony.md, "Softphones and desk phones"). */
export interface SoftphoneSettings {
  kind: 'WEBRTC' | 'SIP';
  wssUrl: string | null;
  registrar: string | null;
  sipUri: string;
  username: string;
  password: string;
  realm: string | null;
  displayName: string | null;
  iceServers: Array<{ urls: string; username?: string | null; credential?: string | null }>;
  codecs: string[];
  dtmfMode: string;
}

type Listener = (event: never) => void;

/** The parts of JsSIP's UA this module uses (the tests drive a fake one). */
export interface UaLike {
  on(event: string, listener: Listener): unknown;
  start(): void;
  stop(): void;
  register(): void;
  isConnected(): boolean;
  isRegistered(): boolean;
}

/** The parts of JsSIP's RTCSession this module uses. */
export interface SessionLike {
  id: string;
  remote_identity: { display_name?: string; uri: { user?: string | null } };
  connection?: RTCPeerConnection | null;
  on(event: string, listener: Listener): unknown;
  answer(options: object): void;
  terminate(options?: object): void;
  hold(): boolean;
  unhold(): boolean;
  isOnHold(): { local: boolean; remote: boolean };
  mute(options?: object): void;
  unmute(options?: object): void;
  isMuted(): { audio?: boolean };
  sendDTMF(tones: string, options?: object): void;
}

interface NewSessionEvent {
  originator: 'local' | 'remote';
  session: SessionLike;
  request?: { getHeader(name: string): string | undefined };
}

/** What the phone needs from the rest of the console, given when it starts (see sb-app). */
export interface PhoneDeps {
  /** The phone's settings; null when the service has none for this user (telephony off: 404). */
  settings(): Promise<SoftphoneSettings | null>;
  /** The pending offers, to tell which interaction a ringing call belongs to. */
  offers(): Offer[];
  watchOffers(listener: () => void): () => void;
  /** Opens an interaction's tab (a click-to-call's call rings: the agent sees it at once). */
  show?(interactionId: number): void;
  /** The agent rejected a ringing call that is an offer: decline the offer rather than let it count as missed. */
  decline?(interactionId: number): void;
}

/** The header JsSIP looks for if the dialplan names the interaction on the agent's leg (see channels/asterisk). */
export const INTERACTION_HEADER = 'X-Switchboard-Interaction';
const DEVICES_KEY = 'sb.phone.devices';
const EXPECT_MS = 60_000;
const ANSWER_WAIT_MS = 4_000;
const DECLINE_GRACE_MS = 3_000;

/** Whether the call's audio sender can put RFC 4733 events into the media (false when there is no peer connection). */
function canInsertDtmf(pc: RTCPeerConnection | null | undefined): boolean {
  if (!pc || typeof pc.getSenders !== 'function') return true;
  const sender = pc.getSenders().find((s) => s.track?.kind === 'audio');
  return sender?.dtmf?.canInsertDTMF === true;
}

/** JsSIP's UA configuration for the settings, over the given socket (a WebSocketInterface to `wssUrl`). */
export function uaConfig(s: SoftphoneSettings, socket: unknown): Record<string, unknown> {
  return {
    sockets: [socket],
    uri: s.sipUri,
    authorization_user: s.username,
    password: s.password,
    display_name: s.displayName ?? undefined,
    register: true,
    // A short registration: a socket that died without closing is found at the next refresh.
    register_expires: 120,
    // JsSIP reconnects a closed socket after 2 s, backing off to 15 s, and registers again each time.
    connection_recovery_min_interval: 2,
    connection_recovery_max_interval: 15,
    user_agent: 'Switchboard console (JsSIP)',
  };
}

async function jssipUa(s: SoftphoneSettings): Promise<UaLike> {
  const JsSIP = await import('jssip');
  const config = uaConfig(s, new JsSIP.WebSocketInterface(s.wssUrl!));
  return new JsSIP.UA(config as unknown as ConstructorParameters<typeof JsSIP.UA>[0]) as unknown as UaLike;
}

/**
 * The browser's softphone: JsSIP registered over WSS with the agent's settings, turned into {@link PhoneState}.
 * It answers, holds (re-INVITE), mutes, sends DTMF and hangs up on the calls that ring here, plays the far end
 * through an `<audio>` element, and recovers the registration by itself: JsSIP reconnects its socket and registers
 * again on every reconnect; a refused or timed-out REGISTER is retried with backoff, on a fresh socket when no call
 * would be cut; coming back online registers at once.
 */
export class Softphone {
  private ua: UaLike | null = null;
  private settings: SoftphoneSettings | null = null;
  private deps: PhoneDeps | null = null;
  private sessions = new Map<string, SessionLike>();
  private expected = new Map<number, number>();
  private generation = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private unwatch: (() => void) | null = null;
  private audio: HTMLAudioElement | null = null;

  constructor(readonly state: Store<PhoneState>,
              private readonly createUa: (s: SoftphoneSettings) => Promise<UaLike> = jssipUa,
              private readonly now: () => number = Date.now) {}

  private dispatch(event: PhoneEvent): void {
    this.state.update((s) => reducePhone(s, event, this.now()));
  }

  /** Signs the phone in for the session: fetches the settings and, for a WebRTC phone, registers. */
  async start(deps: PhoneDeps): Promise<void> {
    this.stop();
    this.deps = deps;
    const generation = this.generation;
    this.loadDevicePrefs();
    this.unwatch = deps.watchOffers(() => this.relink());
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this.online);
      navigator.mediaDevices?.addEventListener?.('devicechange', this.devicesChanged);
      void this.watchPermission();
      void this.refreshDevices();
    }
    await this.connect(generation);
  }

  /** Signs the phone out: un-REGISTERs, ends its calls, forgets the settings. */
  stop(): void {
    this.generation++;
    clearTimeout(this.retryTimer);
    this.unwatch?.();
    this.unwatch = null;
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.online);
      navigator.mediaDevices?.removeEventListener?.('devicechange', this.devicesChanged);
    }
    const ua = this.ua;
    this.ua = null;
    this.sessions.clear();
    this.expected.clear();
    this.settings = null;
    try {
      ua?.stop();
    } catch {
      // already stopped
    }
    if (this.audio) this.audio.srcObject = null;
    this.dispatch({ type: 'stopped' });
  }

  private async connect(generation: number): Promise<void> {
    let settings: SoftphoneSettings | null;
    try {
      settings = await this.deps!.settings();
    } catch (e) {
      if (generation !== this.generation) return;
      this.dispatch({ type: 'registration-failed', cause: e instanceof Error ? e.message : String(e) });
      this.scheduleRetry(generation);
      return;
    }
    if (generation !== this.generation) return;
    if (!settings) {
      this.dispatch({ type: 'unavailable', error: 'no softphone' });
      return;
    }
    this.settings = settings;
    this.dispatch({ type: 'settings', kind: settings.kind, sipUri: settings.sipUri, registrar: settings.registrar,
      dtmfMode: settings.dtmfMode });
    if (settings.kind !== 'WEBRTC' || !settings.wssUrl) return;
    let ua: UaLike;
    try {
      ua = await this.createUa(settings);
    } catch (e) {
      if (generation !== this.generation) return;
      this.dispatch({ type: 'registration-failed', cause: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (generation !== this.generation) return;
    this.ua = ua;
    this.wire(ua, generation);
    this.dispatch({ type: 'connecting' });
    ua.start();
  }

  private wire(ua: UaLike, generation: number): void {
    const live = (f: (e: never) => void): Listener => (e: never) => {
      if (generation === this.generation && this.ua === ua) f(e);
    };
    ua.on('connecting', live(() => this.dispatch({ type: 'connecting' })));
    ua.on('connected', live(() => this.dispatch({ type: 'connected' })));
    ua.on('disconnected', live((e: { reason?: string; code?: number }) =>
      this.dispatch({ type: 'disconnected', error: e?.reason || (e?.code ? `WebSocket ${e.code}` : undefined) })));
    ua.on('registered', live(() => {
      clearTimeout(this.retryTimer);
      this.dispatch({ type: 'registered' });
    }));
    ua.on('unregistered', live(() => this.dispatch({ type: 'unregistered' })));
    ua.on('registrationFailed', live((e: { cause?: string; response?: { status_code: number; reason_phrase: string } }) => {
      // JsSIP names most refusals 'SIP Failure Code': the status says more (503 Service Unavailable)
      const cause = e?.cause === 'SIP Failure Code' && e.response
        ? `${e.response.status_code} ${e.response.reason_phrase}` : e?.cause ?? 'failed';
      this.dispatch({ type: 'registration-failed', cause });
      this.scheduleRetry(generation);
    }));
    ua.on('newRTCSession', live((e: NewSessionEvent) => this.incoming(e)));
  }

  /** A refused or timed-out REGISTER: JsSIP does not try again by itself until its socket reconnects. */
  private scheduleRetry(generation: number): void {
    clearTimeout(this.retryTimer);
    const s = this.state.get();
    const plan = recovery(s.failures, this.sessions.size, s.error);
    this.retryTimer = setTimeout(() => {
      if (generation !== this.generation) return;
      if (!this.ua || plan.rebuild) this.rebuild();
      else if (this.ua.isConnected()) this.ua.register();
      // not connected: JsSIP's own reconnect registers when the socket is back
    }, plan.delayMs);
  }

  /** A fresh user agent (new socket, settings fetched again: the password may have changed). */
  private rebuild(): void {
    if (!this.deps) return;
    const old = this.ua;
    this.ua = null;
    this.generation++;
    try {
      old?.stop();
    } catch {
      // already stopped
    }
    this.sessions.clear();
    void this.connect(this.generation);
  }

  /** "Reconnect now" (and the browser coming back online): register at once, on a fresh socket if idle. */
  reconnect(): void {
    clearTimeout(this.retryTimer);
    if (!this.deps) return;
    if (this.ua && this.ua.isConnected()) {
      this.ua.register();
    } else if (this.sessions.size === 0) {
      this.rebuild();
    }
  }

  private online = () => {
    if (this.state.get().kind === 'WEBRTC') this.reconnect();
  };

  private incoming(e: NewSessionEvent): void {
    if (e.originator !== 'remote') return;
    const session = e.session;
    this.sessions.set(session.id, session);
    this.pruneExpected();
    const link = linkCall(e.request?.getHeader(INTERACTION_HEADER), [...this.expected.keys()],
      this.deps?.offers() ?? [], this.state.get().calls);
    if (link?.direction === 'outbound') this.expected.delete(link.interactionId);
    const id = session.id;
    const ended = (cause: string) => {
      if (!this.sessions.has(id)) return;
      this.sessions.delete(id);
      this.dispatch({ type: 'ended', id, cause });
      if (this.audio && this.sessions.size === 0) this.audio.srcObject = null;
    };
    session.on('accepted', (() => this.dispatch({ type: 'confirmed', id })) as Listener);
    session.on('confirmed', (() => this.dispatch({ type: 'confirmed', id })) as Listener);
    session.on('ended', ((ev: { cause?: string }) => ended(ev?.cause ?? 'Terminated')) as Listener);
    session.on('failed', ((ev: { cause?: string }) => ended(ev?.cause ?? 'Failed')) as Listener);
    const holdChanged = () => this.dispatch({ type: 'hold', id, held: session.isOnHold().local });
    session.on('hold', holdChanged as Listener);
    session.on('unhold', holdChanged as Listener);
    const muteChanged = () => this.dispatch({ type: 'mute', id, muted: session.isMuted().audio === true });
    session.on('muted', muteChanged as Listener);
    session.on('unmuted', muteChanged as Listener);
    session.on('peerconnection', ((ev: { peerconnection: RTCPeerConnection }) =>
      this.playRemote(ev.peerconnection)) as Listener);
    session.on('getusermediafailed', (() => this.dispatch({ type: 'microphone', state: 'denied' })) as Listener);
    this.dispatch({
      type: 'incoming', id, direction: link?.direction ?? 'inbound', interactionId: link?.interactionId ?? null,
      caller: callerOf(session.remote_identity.display_name, session.remote_identity.uri.user),
      number: session.remote_identity.uri.user ?? '',
    });
    if (link?.direction === 'outbound') this.deps?.show?.(link.interactionId);
  }

  /** An offer frame may come after the INVITE: link ringing calls that had none. */
  private relink(): void {
    for (const call of this.state.get().calls) {
      if (call.interactionId != null || call.state !== 'ringing') continue;
      const others = this.state.get().calls.filter((c) => c.id !== call.id);
      const link = linkCall(null, [], this.deps?.offers() ?? [], others);
      if (link) this.dispatch({ type: 'linked', id: call.id, interactionId: link.interactionId });
    }
  }

  private pruneExpected(): void {
    const now = this.now();
    for (const [id, until] of this.expected) if (until < now) this.expected.delete(id);
  }

  /** A click-to-call was placed: the agent's own phone rings for it next. */
  expectOutbound(interactionId: number): void {
    this.expected.set(interactionId, this.now() + EXPECT_MS);
    const ringing = this.state.get().calls.find((c) => c.state === 'ringing' && c.interactionId == null);
    if (ringing) {
      this.expected.delete(interactionId);
      this.dispatch({ type: 'linked', id: ringing.id, interactionId });
      this.deps?.show?.(interactionId);
    }
  }

  /**
   * The offer card's Accept for a call: answers the phone ringing for it (waiting a moment for the INVITE, which
   * may come just after the offer frame). False when this browser has no such call (a desk phone, not registered).
   */
  async answerFor(offer: Offer): Promise<boolean> {
    if (this.state.get().kind !== 'WEBRTC') return false;
    const call = ringingFor(this.state.get(), offer.interactionId) ?? await this.waitForRinging(offer.interactionId);
    if (!call) return false;
    if (call.interactionId == null) this.dispatch({ type: 'linked', id: call.id, interactionId: offer.interactionId });
    return this.answer(call.id);
  }

  private waitForRinging(interactionId: number): Promise<ReturnType<typeof ringingFor>> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        unsubscribe();
        resolve(undefined);
      }, ANSWER_WAIT_MS);
      const unsubscribe = this.state.subscribe((s) => {
        const call = ringingFor(s, interactionId);
        if (!call) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(call);
      });
    });
  }

  answer(id: string): boolean {
    const session = this.sessions.get(id);
    if (!session) return false;
    const { input } = this.state.get();
    this.dispatch({ type: 'answering', id });
    try {
      session.answer({
        mediaConstraints: { audio: input ? { deviceId: input } : true, video: false },
        pcConfig: { iceServers: (this.settings?.iceServers ?? []).map((s) => ({ urls: s.urls,
          ...(s.username ? { username: s.username } : {}), ...(s.credential ? { credential: s.credential } : {}) })) },
      });
      return true;
    } catch (e) {
      console.warn('answer failed', e);
      return false;
    }
  }

  /**
   * Ends this browser's call: BYE when connected, a refusal (486 Busy Here) while it rings. A ringing offer is
   * declined through routing first, which withdraws the call from this phone (Asterisk cancels the INVITE); the
   * refusal follows only if the phone still rings a moment later.
   */
  hangup(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    const call = this.state.get().calls.find((c) => c.id === id);
    const ringing = call?.state === 'ringing';
    const terminate = () => {
      try {
        session.terminate(ringing ? { status_code: 486, reason_phrase: 'Busy Here' } : undefined);
      } catch {
        // ended meanwhile
      }
    };
    if (ringing && call.interactionId != null && call.direction === 'inbound' && this.deps?.decline) {
      this.deps.decline(call.interactionId);
      setTimeout(() => {
        if (this.sessions.get(id) === session) terminate();
      }, DECLINE_GRACE_MS);
      return;
    }
    terminate();
  }

  /** Ends the call of an interaction on this browser, if it rings or talks here. */
  hangupInteraction(interactionId: number): void {
    const call = this.state.get().calls.find((c) => c.interactionId === interactionId);
    if (call) this.hangup(call.id);
  }

  hold(id: string, on: boolean): void {
    const session = this.sessions.get(id);
    if (!session) return;
    if (on) session.hold();
    else session.unhold();
  }

  mute(id: string, on: boolean): void {
    const session = this.sessions.get(id);
    if (!session) return;
    if (on) session.mute({ audio: true });
    else session.unmute({ audio: true });
  }

  /**
   * Sends DTMF the endpoint's way: RFC 4733 events in the media, or SIP INFO when the endpoint says `info` or the
   * media cannot carry them (no audio sender able to insert DTMF yet, for example before ICE completed).
   */
  dtmf(id: string, tones: string): void {
    const session = this.sessions.get(id);
    const valid = validTones(tones);
    if (!session || !valid) return;
    let transportType = dtmfTransport(this.state.get().dtmfMode);
    if (transportType === 'RFC2833' && !canInsertDtmf(session.connection)) transportType = 'INFO';
    try {
      session.sendDTMF(valid, { transportType, duration: 120, interToneGap: 80 });
    } catch (e) {
      console.warn('DTMF not sent', e);
    }
  }

  /** Plays the far end: the peer connection's incoming audio track into one hidden, autoplaying <audio>. */
  private playRemote(pc: RTCPeerConnection): void {
    if (typeof document === 'undefined') return;
    const audio = this.remoteAudio();
    pc.addEventListener('track', (e: RTCTrackEvent) => {
      if (e.track.kind !== 'audio') return;
      audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
      void audio.play().catch(() => undefined);
    });
  }

  private remoteAudio(): HTMLAudioElement {
    if (!this.audio) {
      const audio = document.createElement('audio');
      audio.id = 'phone-remote-audio';
      audio.autoplay = true;
      audio.hidden = true;
      document.body.append(audio);
      this.audio = audio;
      void this.applyOutput();
    }
    return this.audio;
  }

  // --- microphone and devices ---

  private async watchPermission(): Promise<void> {
    try {
      const status = await navigator.permissions.query({ name: 'microphone' as PermissionName });
      const set = () => this.dispatch({ type: 'microphone', state: status.state as Microphone });
      set();
      status.onchange = () => {
        set();
        void this.refreshDevices();
      };
    } catch {
      // Firefox and older browsers cannot query it: 'unknown' until asked
    }
  }

  /** Asks for the microphone (the browser's prompt), then lists the devices with their names. */
  async requestMicrophone(): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) {
      this.dispatch({ type: 'microphone', state: 'unavailable' });
      return;
    }
    try {
      const input = this.state.get().input;
      const stream = await navigator.mediaDevices.getUserMedia({ audio: input ? { deviceId: input } : true });
      stream.getTracks().forEach((t) => t.stop());
      this.dispatch({ type: 'microphone', state: 'granted' });
    } catch (e) {
      const name = e instanceof DOMException ? e.name : '';
      this.dispatch({ type: 'microphone', state: name === 'NotFoundError' ? 'unavailable' : 'denied' });
    }
    await this.refreshDevices();
  }

  async refreshDevices(): Promise<void> {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    try {
      const devices = await navigator.mediaDevices.enumerateDevices();
      const of = (kind: MediaDeviceKind): AudioDevice[] => devices.filter((d) => d.kind === kind && d.deviceId)
        .map((d) => ({ deviceId: d.deviceId, label: d.label }));
      this.dispatch({ type: 'devices', inputs: of('audioinput'), outputs: of('audiooutput') });
    } catch {
      // no device access: the lists stay as they were
    }
  }

  private devicesChanged = () => void this.refreshDevices();

  chooseInput(deviceId: string | null): void {
    this.dispatch({ type: 'choose', input: deviceId || null });
    this.saveDevicePrefs();
  }

  chooseOutput(deviceId: string | null): void {
    this.dispatch({ type: 'choose', output: deviceId || null });
    this.saveDevicePrefs();
    void this.applyOutput();
  }

  /** Whether this browser can pick the speaker (HTMLMediaElement.setSinkId; not in every browser). */
  static canChooseOutput(): boolean {
    return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
  }

  private async applyOutput(): Promise<void> {
    const audio = this.audio as (HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> }) | null;
    if (!audio?.setSinkId) return;
    try {
      await audio.setSinkId(this.state.get().output ?? '');
    } catch (e) {
      console.warn('cannot use the chosen speaker', e);
    }
  }

  private loadDevicePrefs(): void {
    try {
      const saved = JSON.parse(localStorage.getItem(DEVICES_KEY) ?? '{}') as { input?: string; output?: string };
      this.dispatch({ type: 'choose', input: saved.input ?? null, output: saved.output ?? null });
    } catch {
      // no storage (tests, private mode): defaults
    }
  }

  private saveDevicePrefs(): void {
    const { input, output } = this.state.get();
    try {
      localStorage.setItem(DEVICES_KEY, JSON.stringify({ input, output }));
    } catch {
      // no storage: the choice lasts for this page
    }
  }
}

/** The phone's state; views read it, only {@link softphone} writes it. */
export const phoneState = new Store<PhoneState>(initialPhone);

export const softphone = new Softphone(phoneState);
