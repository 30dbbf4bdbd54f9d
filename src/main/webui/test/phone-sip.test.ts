import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import * as JsSIP from 'jssip';
import { Softphone, uaConfig, type PhoneDeps, type SessionLike, type SoftphoneSettings, type UaLike } from '../src/api/sip';
import { Store } from '../src/state/store';
import { initialPhone, type PhoneState } from '../src/state/phone';
import type { Offer } from '../src/state/types';

/**
 * The softphone module driving the real JsSIP user agent over a fake WebSocket that plays the registrar: it answers
 * REGISTER with 200 OK, can drop like a network does, and refuse connections while "offline".
 */
class RegistrarSocket {
  via_transport = 'WSS';
  url = 'wss://pbx.test/ws';
  sip_uri = 'sip:pbx.test;transport=ws';
  onconnect: () => void = () => undefined;
  ondisconnect: (error: boolean, code?: number, reason?: string) => void = () => undefined;
  ondata: (data: string) => void = () => undefined;
  online = true;
  registerStatus = '200 OK';
  sent: string[] = [];
  connects = 0;

  connect(): void {
    this.connects++;
    setTimeout(() => (this.online ? this.onconnect() : this.ondisconnect(true, 1006, 'unreachable')), 10);
  }

  disconnect(): void {}

  send(message: string): boolean {
    this.sent.push(message);
    if (message.startsWith('REGISTER')) {
      setTimeout(() => this.ondata(response(message, this.registerStatus, ['Contact'])), 5);
    }
    return true;
  }

  /** The network goes: the socket closes with an error. */
  drop(): void {
    this.ondisconnect(true, 1006, 'network');
  }

  registers(): number {
    return this.sent.filter((m) => m.startsWith('REGISTER')).length;
  }

  deliver(message: string): void {
    this.ondata(message);
  }
}

function header(message: string, name: string): string {
  const line = message.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.substring(line.indexOf(':') + 1).trim() : '';
}

function response(request: string, status: string, echo: string[] = []): string {
  const lines = [`SIP/2.0 ${status}`, `Via: ${header(request, 'Via')}`, `From: ${header(request, 'From')}`,
    `To: ${header(request, 'To')};tag=registrar`, `Call-ID: ${header(request, 'Call-ID')}`,
    `CSeq: ${header(request, 'CSeq')}`, ...echo.map((h) => `${h}: ${header(request, h)}`), 'Content-Length: 0'];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function invite(callId: string, extra: string[] = []): string {
  const sdp = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 40000 RTP/AVP 0',
    'a=rtpmap:0 PCMU/8000', ''].join('\r\n');
  return [
    'INVITE sip:6017@pbx.test SIP/2.0',
    'Via: SIP/2.0/WSS 127.0.0.1:8089;branch=z9hG4bK-' + callId + ';rport',
    'Max-Forwards: 70',
    'From: "Li Wei" <sip:+8613800138000@pbx.test>;tag=caller-' + callId,
    'To: <sip:6017@pbx.test>',
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    'Contact: <sip:asterisk@127.0.0.1:8089;transport=ws>',
    ...extra,
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    '',
    sdp,
  ].join('\r\n');
}

const settings: SoftphoneSettings = {
  kind: 'WEBRTC', wssUrl: 'wss://pbx.test/ws', registrar: null, sipUri: 'sip:6017@pbx.test', username: '6017',
  password: 'secret', realm: 'asterisk', displayName: 'Lin Na', iceServers: [{ urls: 'stun:stun.pbx.test:3478' }],
  codecs: ['ulaw'], dtmfMode: 'auto',
};

function voiceOffer(interactionId: number): Offer {
  return { interactionId, customerId: 3, channel: 'VOICE', tier: 'GOLD', queueId: 1, arrivedAt: '2026-12-02T10:00:00Z',
    dueBy: '2026-12-02T10:00:20Z', expiresAt: '2026-12-02T10:00:15Z', waitedMs: 0, receivedAt: 0 };
}

function deps(offers: Offer[] = [], more: Partial<PhoneDeps> = {}): PhoneDeps {
  return { settings: async () => settings, offers: () => offers, watchOffers: () => () => undefined, ...more };
}

beforeEach(() => {
  vi.useFakeTimers();
  // JsSIP takes an INVITE only where the browser has WebRTC; the module listens for 'online'.
  vi.stubGlobal('window', { RTCPeerConnection: class {}, addEventListener() {}, removeEventListener() {} });
  vi.stubGlobal('navigator', {});
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the softphone on JsSIP', () => {
  let socket: RegistrarSocket;
  let state: Store<PhoneState>;
  let phone: Softphone;

  beforeEach(() => {
    socket = new RegistrarSocket();
    state = new Store<PhoneState>(initialPhone);
    phone = new Softphone(state, async (s) => new JsSIP.UA(uaConfig(s, socket) as never) as unknown as UaLike);
  });

  afterEach(() => phone.stop());

  it('registers with the settings of GET /api/agents/me/softphone', async () => {
    await phone.start(deps());
    expect(state.get().registration).toBe('connecting');
    await vi.advanceTimersByTimeAsync(100);
    expect(state.get().registration).toBe('registered');
    const register = socket.sent.find((m) => m.startsWith('REGISTER'))!;
    expect(register).toContain('From: "Lin Na" <sip:6017@pbx.test>');
    expect(header(register, 'Expires')).toBe('120');
  });

  it('registers again by itself after a network drop, and the state shows each step', async () => {
    await phone.start(deps());
    await vi.advanceTimersByTimeAsync(100);
    expect(socket.registers()).toBe(1);

    socket.online = false;
    socket.drop();
    expect(state.get().registration).toBe('connecting');
    // JsSIP's reconnects fail while the network is down (2 s, then backing off): the badge turns to failed
    await vi.advanceTimersByTimeAsync(20_000);
    expect(socket.connects).toBeGreaterThan(2);
    expect(state.get().registration).toBe('failed');
    expect(socket.registers()).toBe(1);

    socket.online = true;
    await vi.advanceTimersByTimeAsync(16_000);
    expect(socket.registers()).toBe(2);
    expect(state.get().registration).toBe('registered');
    expect(state.get().failures).toBe(0);
  });

  it('retries a refused REGISTER with backoff (JsSIP alone would wait for the next reconnect)', async () => {
    socket.registerStatus = '503 Service Unavailable';
    await phone.start(deps());
    await vi.advanceTimersByTimeAsync(100);
    expect(state.get().registration).toBe('failed');
    expect(state.get().error).toBe('503 Service Unavailable');
    socket.registerStatus = '200 OK';
    await vi.advanceTimersByTimeAsync(2_100);
    expect(socket.registers()).toBe(2);
    expect(state.get().registration).toBe('registered');
  });

  it('shows an incoming INVITE ringing with its caller, linked to the only pending voice offer', async () => {
    await phone.start(deps([voiceOffer(7)]));
    await vi.advanceTimersByTimeAsync(100);
    socket.deliver(invite('call-1'));
    await vi.advanceTimersByTimeAsync(10);
    expect(socket.sent.some((m) => m.startsWith('SIP/2.0 180'))).toBe(true);
    expect(state.get().calls).toEqual([expect.objectContaining({ state: 'ringing', caller: 'Li Wei (+8613800138000)',
      number: '+8613800138000', interactionId: 7, direction: 'inbound' })]);
  });

  it('takes the interaction from the X-Switchboard-Interaction header when the INVITE carries it', async () => {
    await phone.start(deps([voiceOffer(7), voiceOffer(8)]));
    await vi.advanceTimersByTimeAsync(100);
    socket.deliver(invite('call-2', ['X-Switchboard-Interaction: 8']));
    await vi.advanceTimersByTimeAsync(10);
    expect(state.get().calls[0].interactionId).toBe(8);
  });

  it('declines a ringing offer through routing, and with 486 if the phone still rings after a moment', async () => {
    const declined: number[] = [];
    await phone.start(deps([voiceOffer(7)], { decline: (id) => declined.push(id) }));
    await vi.advanceTimersByTimeAsync(100);
    socket.deliver(invite('call-3'));
    await vi.advanceTimersByTimeAsync(10);
    phone.hangup(state.get().calls[0].id);
    await vi.advanceTimersByTimeAsync(10);
    expect(declined).toEqual([7]);
    // routing withdraws the offer and Asterisk cancels the INVITE; here nothing does, so the phone refuses it
    expect(socket.sent.some((m) => m.startsWith('SIP/2.0 486'))).toBe(false);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(socket.sent.some((m) => m.startsWith('SIP/2.0 486'))).toBe(true);
    expect(state.get().calls).toEqual([]);
    expect(state.get().lastEnd?.interactionId).toBe(7);
  });

  it('refuses a ringing call that is no offer with 486 at once', async () => {
    await phone.start(deps());
    await vi.advanceTimersByTimeAsync(100);
    socket.deliver(invite('call-4'));
    await vi.advanceTimersByTimeAsync(10);
    phone.hangup(state.get().calls[0].id);
    await vi.advanceTimersByTimeAsync(10);
    expect(socket.sent.some((m) => m.startsWith('SIP/2.0 486'))).toBe(true);
    expect(state.get().calls).toEqual([]);
  });

  it('un-REGISTERs on sign-out', async () => {
    await phone.start(deps());
    await vi.advanceTimersByTimeAsync(100);
    phone.stop();
    const last = socket.sent.filter((m) => m.startsWith('REGISTER')).pop()!;
    expect(last).toMatch(/expires=0|Expires: 0/);
    expect(state.get().registration).toBe('off');
  });

  it('is a desk phone, with no user agent, when the agent phone kind is SIP', async () => {
    const create = vi.fn();
    phone = new Softphone(state, create);
    await phone.start(deps([], { settings: async () => ({ ...settings, kind: 'SIP', wssUrl: null, registrar: 'sip:pbx.test' }) }));
    expect(create).not.toHaveBeenCalled();
    expect(state.get().registration).toBe('desk');
    expect(await phone.answerFor(voiceOffer(7))).toBe(false);
  });

  it('is off when the service has no softphone for this user', async () => {
    await phone.start(deps([], { settings: async () => null }));
    expect(state.get().registration).toBe('off');
  });
});

/** A stand-in for JsSIP's RTCSession that records what the phone asked of it. */
class FakeSession extends EventEmitter implements SessionLike {
  calls: Array<[string, unknown]> = [];
  held = false;
  muted = false;
  connection = null;
  remote_identity = { display_name: 'sipp', uri: { user: 'sipp' } };

  constructor(readonly id: string) {
    super();
  }

  answer(options: object): void {
    this.calls.push(['answer', options]);
  }

  terminate(options?: object): void {
    this.calls.push(['terminate', options]);
    this.emit('ended', { cause: 'Terminated' });
  }

  hold(): boolean {
    this.held = true;
    this.emit('hold', { originator: 'local' });
    return true;
  }

  unhold(): boolean {
    this.held = false;
    this.emit('unhold', { originator: 'local' });
    return true;
  }

  isOnHold() {
    return { local: this.held, remote: false };
  }

  mute(): void {
    this.muted = true;
    this.emit('muted', { audio: true });
  }

  unmute(): void {
    this.muted = false;
    this.emit('unmuted', { audio: true });
  }

  isMuted() {
    return { audio: this.muted };
  }

  sendDTMF(tones: string, options?: object): void {
    this.calls.push(['dtmf', { tones, ...options }]);
  }
}

class FakeUa extends EventEmitter implements UaLike {
  start(): void {
    this.emit('connecting', {});
    this.emit('connected', {});
    this.emit('registered', {});
  }

  stop(): void {}

  register(): void {}

  isConnected(): boolean {
    return true;
  }

  isRegistered(): boolean {
    return true;
  }

  ring(session: FakeSession, header?: string): void {
    this.emit('newRTCSession', { originator: 'remote', session, request: { getHeader: () => header } });
  }
}

describe('the controls of a call', () => {
  let ua: FakeUa;
  let state: Store<PhoneState>;
  let phone: Softphone;

  beforeEach(async () => {
    ua = new FakeUa();
    state = new Store<PhoneState>(initialPhone);
    phone = new Softphone(state, async () => ua);
  });

  it('answers the offer card\'s call with the microphone and the ICE servers, then holds, mutes and sends DTMF', async () => {
    await phone.start(deps([voiceOffer(7)]));
    const session = new FakeSession('s1');
    ua.ring(session);
    expect(await phone.answerFor(voiceOffer(7))).toBe(true);
    expect(session.calls[0]).toEqual(['answer', {
      mediaConstraints: { audio: true, video: false },
      pcConfig: { iceServers: [{ urls: 'stun:stun.pbx.test:3478' }] },
    }]);
    session.emit('accepted', {});
    expect(state.get().calls[0].state).toBe('active');

    phone.hold('s1', true);
    expect(state.get().calls[0].held).toBe(true);
    phone.hold('s1', false);
    expect(state.get().calls[0].held).toBe(false);
    phone.mute('s1', true);
    expect(state.get().calls[0].muted).toBe(true);
    phone.dtmf('s1', '12#');
    expect(session.calls.at(-1)).toEqual(['dtmf', expect.objectContaining({ tones: '12#', transportType: 'RFC2833' })]);

    phone.hangupInteraction(7);
    expect(session.calls.at(-1)).toEqual(['terminate', undefined]);
    expect(state.get().calls).toEqual([]);
  });

  it('waits a moment for the INVITE when the offer is accepted before the phone rings', async () => {
    await phone.start(deps([voiceOffer(7)]));
    const answered = phone.answerFor(voiceOffer(7));
    const session = new FakeSession('s2');
    await vi.advanceTimersByTimeAsync(500);
    ua.ring(session);
    expect(await answered).toBe(true);
    expect(session.calls[0][0]).toBe('answer');
  });

  it('says so when no call rings for the offer', async () => {
    await phone.start(deps([voiceOffer(7)]));
    const answered = phone.answerFor(voiceOffer(7));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await answered).toBe(false);
  });

  it('shows the click-to-call that rings the agent\'s phone as outbound and opens its interaction', async () => {
    const shown: number[] = [];
    await phone.start(deps([], { show: (id) => shown.push(id) }));
    phone.expectOutbound(31);
    ua.ring(new FakeSession('s3'));
    expect(state.get().calls[0]).toMatchObject({ interactionId: 31, direction: 'outbound', state: 'ringing' });
    expect(shown).toEqual([31]);
  });

  it('links a call that rang before its offer frame once the offer arrives', async () => {
    const offers: Offer[] = [];
    let changed = () => undefined as void;
    await phone.start(deps(offers, { watchOffers: (l) => { changed = l; return () => undefined; } }));
    ua.ring(new FakeSession('s4'));
    expect(state.get().calls[0].interactionId).toBeNull();
    offers.push(voiceOffer(9));
    changed();
    expect(state.get().calls[0].interactionId).toBe(9);
  });
});
