import type { Offer, Touchpoint } from './types';

/**
 * The softphone as the console shows it: the registration with the SIP server, the calls ringing or connected on
 * this browser, the microphone and the audio devices. Only {@link reducePhone} changes it, one event at a time,
 * from what the SIP user agent (api/sip.ts) reports; views read it.
 */

/**
 * `off`: no softphone (telephony off, or not signed in); `desk`: the agent's phone is a SIP desk phone, nothing
 * registers here; `unregistered` → `connecting` → `registered`; `failed`: the last attempt failed and another follows
 * by itself (JsSIP reconnects its socket and registers again; a refused REGISTER is retried with backoff).
 */
export type Registration = 'off' | 'desk' | 'unregistered' | 'connecting' | 'registered' | 'failed';

export type CallState = 'ringing' | 'answering' | 'active';

export interface PhoneCall {
  /** The SIP session's id (JsSIP's Call-ID + tag). */
  id: string;
  /** `inbound`: a contact offered to this agent; `outbound`: the agent's own phone rings first for a click-to-call. */
  direction: 'inbound' | 'outbound';
  state: CallState;
  /** Who calls, as the INVITE's From shows it: the display name, else the number. */
  caller: string;
  /** The From URI's user part (the caller's number for a call from the trunk). */
  number: string;
  /** The interaction the call belongs to, once known (header, the only pending call offer, or a click-to-call). */
  interactionId: number | null;
  held: boolean;
  muted: boolean;
  ringingSince: number;
  answeredAt: number | null;
}

export interface AudioDevice {
  deviceId: string;
  label: string;
}

export type Microphone = 'unknown' | 'prompt' | 'granted' | 'denied' | 'unavailable';

export interface PhoneState {
  kind: 'WEBRTC' | 'SIP' | null;
  registration: Registration;
  /** When the registration last changed (ms since epoch). */
  since: number;
  /** Attempts that failed in a row (socket closed or REGISTER refused); reset by a registration. */
  failures: number;
  /** The last failure's cause, as JsSIP names it (`Connection Error`, `Request Timeout`, `Forbidden`, …). */
  error: string | null;
  sipUri: string | null;
  /** Where a desk phone registers (kind SIP). */
  registrar: string | null;
  dtmfMode: string;
  /** Calls on this browser in the order they arrived; an ended call leaves the list. */
  calls: PhoneCall[];
  /** Why the last call ended, while nothing else happened since (for a short notice). */
  lastEnd: { id: string; interactionId: number | null; cause: string; at: number } | null;
  microphone: Microphone;
  inputs: AudioDevice[];
  outputs: AudioDevice[];
  /** The chosen devices (null: the system default), remembered in localStorage. */
  input: string | null;
  output: string | null;
}

export const initialPhone: PhoneState = {
  kind: null,
  registration: 'off',
  since: 0,
  failures: 0,
  error: null,
  sipUri: null,
  registrar: null,
  dtmfMode: 'auto',
  calls: [],
  lastEnd: null,
  microphone: 'unknown',
  inputs: [],
  outputs: [],
  input: null,
  output: null,
};

/** After this many failures in a row the state says `failed` rather than `connecting` (it still retries). */
export const FAILED_AFTER = 2;

export type PhoneEvent =
  | { type: 'settings'; kind: 'WEBRTC' | 'SIP'; sipUri: string; registrar?: string | null; dtmfMode?: string }
  | { type: 'unavailable'; error: string }
  | { type: 'connecting' }
  | { type: 'connected' }
  | { type: 'disconnected'; error?: string }
  | { type: 'registered' }
  | { type: 'unregistered' }
  | { type: 'registration-failed'; cause: string }
  | { type: 'stopped' }
  | { type: 'incoming'; id: string; caller: string; number: string; interactionId: number | null;
      direction: 'inbound' | 'outbound' }
  | { type: 'linked'; id: string; interactionId: number }
  | { type: 'answering'; id: string }
  | { type: 'confirmed'; id: string }
  | { type: 'hold'; id: string; held: boolean }
  | { type: 'mute'; id: string; muted: boolean }
  | { type: 'ended'; id: string; cause: string }
  | { type: 'microphone'; state: Microphone }
  | { type: 'devices'; inputs: AudioDevice[]; outputs: AudioDevice[] }
  | { type: 'choose'; input?: string | null; output?: string | null };

function registration(state: PhoneState, next: Registration, now: number): PhoneState {
  return state.registration === next ? state : { ...state, registration: next, since: now };
}

function changeCall(state: PhoneState, id: string, change: (c: PhoneCall) => PhoneCall): PhoneState {
  const i = state.calls.findIndex((c) => c.id === id);
  if (i < 0) return state;
  const calls = [...state.calls];
  calls[i] = change(calls[i]);
  return { ...state, calls };
}

/** The next phone state after one event. */
export function reducePhone(state: PhoneState, event: PhoneEvent, now = Date.now()): PhoneState {
  switch (event.type) {
    case 'settings': {
      const s = { ...state, kind: event.kind, sipUri: event.sipUri, registrar: event.registrar ?? null,
        dtmfMode: event.dtmfMode ?? 'auto', error: null, failures: 0 };
      return registration(s, event.kind === 'SIP' ? 'desk' : 'unregistered', now);
    }
    case 'unavailable':
      return { ...registration(state, 'off', now), kind: null, error: event.error };
    case 'connecting':
      if (state.registration === 'registered' || state.registration === 'off' || state.registration === 'desk') {
        return state;
      }
      return registration(state, state.failures >= FAILED_AFTER ? 'failed' : 'connecting', now);
    case 'connected':
      return state;
    case 'disconnected': {
      if (state.registration === 'off' || state.registration === 'desk') return state;
      const failures = state.failures + 1;
      const s = { ...state, failures, error: event.error ?? 'Connection Error' };
      return registration(s, failures >= FAILED_AFTER ? 'failed' : 'connecting', now);
    }
    case 'registered':
      return { ...registration(state, 'registered', now), failures: 0, error: null };
    case 'unregistered':
      // JsSIP says so after the socket closed too; then 'disconnected' has said more already.
      return state.registration === 'registered' ? registration(state, 'unregistered', now) : state;
    case 'registration-failed':
      return { ...registration(state, 'failed', now), failures: state.failures + 1, error: event.cause };
    case 'stopped':
      return { ...initialPhone, since: now, microphone: state.microphone, inputs: state.inputs,
        outputs: state.outputs, input: state.input, output: state.output };
    case 'incoming': {
      if (state.calls.some((c) => c.id === event.id)) return state;
      const call: PhoneCall = { id: event.id, direction: event.direction, state: 'ringing', caller: event.caller,
        number: event.number, interactionId: event.interactionId, held: false, muted: false, ringingSince: now,
        answeredAt: null };
      return { ...state, calls: [...state.calls, call], lastEnd: null };
    }
    case 'linked':
      return changeCall(state, event.id, (c) => ({ ...c, interactionId: event.interactionId }));
    case 'answering':
      return changeCall(state, event.id, (c) => (c.state === 'ringing' ? { ...c, state: 'answering' } : c));
    case 'confirmed':
      return changeCall(state, event.id, (c) => (c.state === 'active' ? c
        : { ...c, state: 'active', answeredAt: now }));
    case 'hold':
      return changeCall(state, event.id, (c) => ({ ...c, held: event.held }));
    case 'mute':
      return changeCall(state, event.id, (c) => ({ ...c, muted: event.muted }));
    case 'ended': {
      const call = state.calls.find((c) => c.id === event.id);
      if (!call) return state;
      return { ...state, calls: state.calls.filter((c) => c.id !== event.id),
        lastEnd: { id: event.id, interactionId: call.interactionId, cause: event.cause, at: now } };
    }
    case 'microphone':
      return state.microphone === event.state ? state : { ...state, microphone: event.state };
    case 'devices':
      return { ...state, inputs: event.inputs, outputs: event.outputs };
    case 'choose':
      return { ...state, input: event.input !== undefined ? event.input : state.input,
        output: event.output !== undefined ? event.output : state.output };
    default:
      return state;
  }
}

/** The call on this browser that belongs to an interaction, if any. */
export function callFor(state: PhoneState, interactionId: number): PhoneCall | undefined {
  return state.calls.find((c) => c.interactionId === interactionId);
}

/** The call the header shows: a ringing one first (it needs an answer), else the oldest. */
export function currentCall(state: PhoneState): PhoneCall | undefined {
  return state.calls.find((c) => c.state === 'ringing') ?? state.calls[0];
}

/**
 * What to do after a failed registration: wait, then REGISTER again on the same socket, or, when no call would be
 * cut, start a fresh user agent: after a timeout or a transport error (the socket may be dead although open) or an
 * authentication error (the password changed with the service's secret: the settings are fetched again).
 * The wait doubles from 2 s up to 60 s.
 */
export function recovery(failures: number, liveCalls: number, cause: string | null): { delayMs: number; rebuild: boolean } {
  const delayMs = Math.min(60_000, 2_000 * 2 ** Math.max(0, failures - 1));
  const fresh = cause === 'Request Timeout' || cause === 'Connection Error' || cause === 'Authentication Error';
  return { delayMs, rebuild: liveCalls === 0 && fresh };
}

export const CALL_CHANNELS = new Set(['VOICE', 'VOIP']);

/**
 * The interaction a ringing call belongs to. The INVITE names it when Asterisk adds the
 * `X-Switchboard-Interaction` header; otherwise a click-to-call this console started and still expects; otherwise
 * the one pending call offer, when exactly one is pending and no other call on this phone holds it.
 */
export function linkCall(header: string | null | undefined, expected: number[], offers: Offer[],
                         calls: PhoneCall[]): { interactionId: number; direction: 'inbound' | 'outbound' } | null {
  const fromHeader = header != null && /^\d+$/.test(header.trim()) ? Number(header.trim()) : null;
  if (fromHeader != null) {
    return { interactionId: fromHeader, direction: expected.includes(fromHeader) ? 'outbound' : 'inbound' };
  }
  const taken = new Set(calls.map((c) => c.interactionId).filter((id): id is number => id != null));
  const waiting = expected.filter((id) => !taken.has(id));
  if (waiting.length > 0) return { interactionId: waiting[0], direction: 'outbound' };
  // a call-back's offer has no ringing call of its own: its ring comes after the accept, as an expected outbound one
  const pending = offers.filter((o) => CALL_CHANNELS.has(o.channel) && o.direction !== 'OUTBOUND'
    && !taken.has(o.interactionId));
  return pending.length === 1 ? { interactionId: pending[0].interactionId, direction: 'inbound' } : null;
}

/** The ringing call to answer for an offer: the one linked to it, else the only unlinked ringing call. */
export function ringingFor(state: PhoneState, interactionId: number): PhoneCall | undefined {
  const ringing = state.calls.filter((c) => c.state === 'ringing');
  const linked = ringing.find((c) => c.interactionId === interactionId);
  if (linked) return linked;
  const unlinked = ringing.filter((c) => c.interactionId == null);
  return unlinked.length === 1 ? unlinked[0] : undefined;
}

/** JsSIP's DTMF transport for the endpoint's `dtmfMode`: SIP INFO only when asked, else RFC 4733 (RFC 2833) events. */
export function dtmfTransport(mode: string | null | undefined): 'INFO' | 'RFC2833' {
  return (mode ?? '').toLowerCase() === 'info' ? 'INFO' : 'RFC2833';
}

/** The tones a keypad may send. */
export const DTMF_TONES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

export function validTones(text: string): string {
  return [...text.toUpperCase()].filter((c) => DTMF_TONES.includes(c) || 'ABCD'.includes(c)).join('');
}

/** Who calls, for the screen: the display name unless it is empty or just repeats the number. */
export function callerOf(displayName: string | null | undefined, user: string | null | undefined): string {
  const name = (displayName ?? '').trim().replace(/^"|"$/g, '');
  const number = (user ?? '').trim();
  if (name && name !== number) return number ? `${name} (${number})` : name;
  return number;
}

/** The call as its touchpoints tell it (the service's view, which covers desk phones too). */
export interface CallView {
  ringing: boolean;
  answeredAt: string | null;
  held: boolean;
  recording: 'off' | 'on' | 'paused';
  /** An attended transfer's consultation is going on (started, not completed, cancelled or failed). */
  consulting: boolean;
  consultAnswered: boolean;
  ended: { at: string; result: string | null; cause: string | null } | null;
  transferred: boolean;
}

export function callView(touchpoints: Touchpoint[] | undefined): CallView {
  const v: CallView = { ringing: false, answeredAt: null, held: false, recording: 'off', consulting: false,
    consultAnswered: false, ended: null, transferred: false };
  for (const tp of touchpoints ?? []) {
    switch (tp.kind) {
      case 'RINGING':
        if (!v.answeredAt) v.ringing = true;
        break;
      case 'ANSWERED':
        v.ringing = false;
        v.answeredAt ??= tp.occurredAt;
        if (v.consulting) v.consultAnswered = true;
        break;
      case 'HELD':
        v.held = tp.result === 'held';
        break;
      case 'RECORDING':
        v.recording = tp.result === 'stopped' ? 'off' : tp.result === 'paused' ? 'paused' : 'on';
        break;
      case 'NOTE':
        if (tp.result === 'consult-started') {
          v.consulting = true;
          v.consultAnswered = false;
        } else if (tp.result === 'consult-answer') {
          v.consultAnswered = true;
        } else if (tp.result === 'consult-failed' || tp.result === 'consult-cancelled') {
          v.consulting = false;
          v.consultAnswered = false;
        }
        break;
      case 'TRANSFERRED':
        v.consulting = false;
        v.transferred = true;
        break;
      case 'HUNG_UP': {
        const cause = tp.data?.causeText ?? tp.data?.cause;
        v.ended = { at: tp.occurredAt, result: tp.result ?? null, cause: cause == null ? null : String(cause) };
        v.ringing = false;
        v.held = false;
        v.consulting = false;
        if (v.recording !== 'off') v.recording = 'off';
        break;
      }
      default:
        break;
    }
  }
  return v;
}
