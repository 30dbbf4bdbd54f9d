/**
 * A call from the page (the widget's Call button) as a pure reducer: the widget feeds it what the customer did and
 * what JsSIP said (from call.ts, the chunk loaded only when Call is pressed), and renders the state. Nothing here
 * touches JsSIP or the DOM, so the chunk's import stays out of the main bundle.
 */

/** `POST /api/chat/calls` (docs/channels/telephony.md, "Calls from the web site"). */
export interface CallSettings {
  wssUrl: string;
  target: string;
  fromUri: string;
  displayName?: string | null;
  header: string;
  ticket: string;
  iceServers?: Array<{ urls: string | string[]; username?: string | null; credential?: string | null }>;
  expiresAt?: string;
}

/**
 * idle: no call; starting: Call pressed (microphone, ticket, JsSIP loading); calling: INVITE sent; ringing: the far
 * side rings (180); connected: answered; ended: over (with a problem when it never connected or broke).
 */
export type CallPhase = 'idle' | 'starting' | 'calling' | 'ringing' | 'connected' | 'ended';

/** Why a call did not happen, as the customer is told (translation keys `call.problem.*`). */
export type CallProblem =
  | 'microphone' // the customer (or the browser) refused the microphone
  | 'no-microphone' // no microphone, or a page that is not a secure context
  | 'unavailable' // the service takes no calls now (409): a call-back is the way
  | 'busy' // every line busy, or the far side refused
  | 'no-answer'
  | 'network' // the SIP socket could not be opened or dropped
  | 'failed'; // anything else

export interface CallState {
  phase: CallPhase;
  muted: boolean;
  /** when the far side answered (ms since epoch), for the timer */
  connectedAt: number | null;
  endedAt: number | null;
  /** who hung up a call that was connected */
  endedBy: 'you' | 'them' | null;
  problem: CallProblem | null;
}

export type CallEvent =
  | { type: 'start' }
  | { type: 'problem'; problem: CallProblem; at?: number }
  | { type: 'calling' }
  | { type: 'ringing' }
  | { type: 'connected'; at: number }
  | { type: 'muted'; on: boolean }
  | { type: 'ended'; by: 'local' | 'remote' | 'system'; cause?: string; at: number }
  | { type: 'failed'; cause?: string; at: number }
  | { type: 'reset' };

export const idleCall = (): CallState => ({
  phase: 'idle', muted: false, connectedAt: null, endedAt: null, endedBy: null, problem: null,
});

/** Whether a call is under way (the Call button hides, Hang up shows). */
export function inCall(s: CallState): boolean {
  return s.phase === 'starting' || s.phase === 'calling' || s.phase === 'ringing' || s.phase === 'connected';
}

/** JsSIP's cause of a call that failed before (or instead of) being answered, as the customer's problem. */
export function problemOf(cause: string | undefined): CallProblem {
  switch (cause) {
    case 'User Denied Media Access':
      return 'microphone';
    case 'Busy':
    case 'Rejected':
      return 'busy';
    case 'No Answer':
    case 'Expires':
      return 'no-answer';
    case 'Unavailable':
    case 'Not Found':
      return 'unavailable';
    case 'Connection Error':
    case 'Request Timeout':
    case 'RTP Timeout':
      return 'network';
    default:
      return 'failed';
  }
}

export function reduceCall(s: CallState, e: CallEvent): CallState {
  switch (e.type) {
    case 'start':
      return inCall(s) ? s : { ...idleCall(), phase: 'starting' };
    case 'problem':
      return { ...s, phase: 'ended', problem: e.problem, endedAt: e.at ?? null };
    case 'calling':
      return s.phase === 'starting' ? { ...s, phase: 'calling' } : s;
    case 'ringing':
      return s.phase === 'starting' || s.phase === 'calling' ? { ...s, phase: 'ringing' } : s;
    case 'connected':
      return s.phase === 'ended' || s.phase === 'idle' || s.phase === 'connected' ? s
        : { ...s, phase: 'connected', connectedAt: e.at };
    case 'muted':
      return inCall(s) ? { ...s, muted: e.on } : s;
    case 'ended':
      if (s.phase === 'ended' || s.phase === 'idle') return s;
      if (s.phase !== 'connected') {
        // hung up before the answer: by the customer it is no problem, else the call did not go through
        return e.by === 'local' ? { ...s, phase: 'ended', endedAt: e.at, endedBy: 'you', muted: false }
          : { ...s, phase: 'ended', endedAt: e.at, problem: problemOf(e.cause), muted: false };
      }
      return {
        ...s, phase: 'ended', endedAt: e.at, muted: false,
        endedBy: e.by === 'local' ? 'you' : 'them',
        // a connected call cut by the network (RTP timeout, socket gone) says so
        problem: e.by === 'system' && problemOf(e.cause) === 'network' ? 'network' : null,
      };
    case 'failed':
      if (s.phase === 'ended' || s.phase === 'idle') return s;
      if (s.phase === 'connected') return reduceCall(s, { type: 'ended', by: 'system', cause: e.cause, at: e.at });
      // JsSIP says "Canceled" for the customer's own hang-up while it rang
      if (e.cause === 'Canceled') return { ...s, phase: 'ended', endedAt: e.at, endedBy: 'you', muted: false };
      return { ...s, phase: 'ended', endedAt: e.at, problem: problemOf(e.cause), muted: false };
    case 'reset':
      return inCall(s) ? s : idleCall();
    default:
      return s;
  }
}

/** How long the call has been (or was) connected, in ms. */
export function callDuration(s: CallState, now: number): number {
  if (s.connectedAt == null) return 0;
  const end = s.phase === 'connected' ? now : (s.endedAt ?? now);
  return Math.max(0, end - s.connectedAt);
}

/** m:ss, or h:mm:ss past an hour. */
export function formatClock(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
