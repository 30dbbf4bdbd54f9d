import { describe, expect, it } from 'vitest';
import {
  callerOf, callView, dtmfTransport, FAILED_AFTER, initialPhone, linkCall, recovery, reducePhone, ringingFor, validTones,
  type PhoneEvent, type PhoneState,
} from '../src/state/phone';
import type { Offer, Touchpoint } from '../src/state/types';

function run(events: PhoneEvent[], from: PhoneState = initialPhone): PhoneState {
  return events.reduce((s, e, i) => reducePhone(s, e, 1000 + i), from);
}

const webrtc: PhoneEvent = { type: 'settings', kind: 'WEBRTC', sipUri: 'sip:6017@pbx.test', dtmfMode: 'auto' };

function offer(interactionId: number, channel = 'VOICE'): Offer {
  return { interactionId, customerId: 3, channel, tier: 'GOLD', queueId: 1, arrivedAt: '2026-12-02T10:00:00Z',
    dueBy: '2026-12-02T10:00:20Z', expiresAt: '2026-12-02T10:00:15Z', waitedMs: 0, receivedAt: 0 };
}

function ringing(id: string, interactionId: number | null = null): PhoneEvent {
  return { type: 'incoming', id, caller: 'Li Wei (+8613800138000)', number: '+8613800138000', interactionId,
    direction: 'inbound' };
}

describe('the phone registration', () => {
  it('goes unregistered, connecting, registered for a WebRTC phone', () => {
    let s = run([webrtc]);
    expect(s.registration).toBe('unregistered');
    s = run([{ type: 'connecting' }, { type: 'connected' }], s);
    expect(s.registration).toBe('connecting');
    s = reducePhone(s, { type: 'registered' }, 5000);
    expect(s.registration).toBe('registered');
    expect(s.since).toBe(5000);
  });

  it('says desk phone for a SIP phone and never registers here', () => {
    const s = run([{ type: 'settings', kind: 'SIP', sipUri: 'sip:6018@pbx.test', registrar: 'sip:pbx.test' },
      { type: 'connecting' }, { type: 'disconnected' }]);
    expect(s.registration).toBe('desk');
    expect(s.registrar).toBe('sip:pbx.test');
  });

  it('shows a network drop as connecting, then failed while it lasts, and registered again once JsSIP re-registers', () => {
    let s = run([webrtc, { type: 'connecting' }, { type: 'connected' }, { type: 'registered' }]);
    // the socket closes: JsSIP reports disconnected, then unregistered (its registrator saw the transport close)
    s = run([{ type: 'disconnected', error: 'network' }, { type: 'unregistered' }], s);
    expect(s.registration).toBe('connecting');
    // its reconnect attempts fail while the network is down
    s = run(Array.from({ length: FAILED_AFTER }, () => [{ type: 'connecting' }, { type: 'disconnected' }] as PhoneEvent[])
      .flat(), s);
    expect(s.registration).toBe('failed');
    expect(s.failures).toBeGreaterThanOrEqual(FAILED_AFTER);
    // the network is back: JsSIP's socket connects and it REGISTERs again
    s = run([{ type: 'connecting' }, { type: 'connected' }, { type: 'registered' }], s);
    expect(s.registration).toBe('registered');
    expect(s.failures).toBe(0);
    expect(s.error).toBeNull();
  });

  it('shows a refused REGISTER as failed with its cause', () => {
    const s = run([webrtc, { type: 'connecting' }, { type: 'connected' },
      { type: 'registration-failed', cause: 'Authentication Error' }]);
    expect(s.registration).toBe('failed');
    expect(s.error).toBe('Authentication Error');
  });

  it('is off without a softphone and back to the start on sign-out, keeping the chosen devices', () => {
    expect(run([{ type: 'unavailable', error: 'no softphone' }]).registration).toBe('off');
    const s = run([webrtc, { type: 'choose', input: 'mic-2', output: 'spk-1' }, { type: 'registered' }, ringing('a'),
      { type: 'stopped' }]);
    expect(s.registration).toBe('off');
    expect(s.calls).toEqual([]);
    expect([s.input, s.output]).toEqual(['mic-2', 'spk-1']);
  });

  it('retries a failed registration with a doubling wait, on a fresh socket only when no call would be cut', () => {
    expect(recovery(1, 0, 'Request Timeout')).toEqual({ delayMs: 2_000, rebuild: true });
    expect(recovery(3, 0, 'Forbidden')).toEqual({ delayMs: 8_000, rebuild: false });
    expect(recovery(3, 1, 'Request Timeout')).toEqual({ delayMs: 8_000, rebuild: false });
    expect(recovery(20, 0, 'Authentication Error').delayMs).toBe(60_000);
  });
});

describe('calls on the phone', () => {
  it('rings, is answered, holds, mutes and ends', () => {
    let s = run([webrtc, { type: 'registered' }, ringing('a', 7)]);
    expect(s.calls[0]).toMatchObject({ id: 'a', state: 'ringing', caller: 'Li Wei (+8613800138000)', interactionId: 7 });
    s = run([{ type: 'answering', id: 'a' }], s);
    expect(s.calls[0].state).toBe('answering');
    s = reducePhone(s, { type: 'confirmed', id: 'a' }, 9000);
    expect(s.calls[0]).toMatchObject({ state: 'active', answeredAt: 9000 });
    // JsSIP says accepted and then confirmed: the talk time starts once
    s = reducePhone(s, { type: 'confirmed', id: 'a' }, 9500);
    expect(s.calls[0].answeredAt).toBe(9000);
    s = run([{ type: 'hold', id: 'a', held: true }, { type: 'mute', id: 'a', muted: true }], s);
    expect(s.calls[0]).toMatchObject({ held: true, muted: true });
    s = run([{ type: 'ended', id: 'a', cause: 'Terminated' }], s);
    expect(s.calls).toEqual([]);
    expect(s.lastEnd).toMatchObject({ id: 'a', interactionId: 7, cause: 'Terminated' });
  });

  it('links a ringing call to the interaction the INVITE names, else to the only pending call offer', () => {
    expect(linkCall('42', [], [offer(7)], [])).toEqual({ interactionId: 42, direction: 'inbound' });
    expect(linkCall(undefined, [], [offer(7), offer(8, 'CHAT')], [])).toEqual({ interactionId: 7, direction: 'inbound' });
    expect(linkCall(null, [], [offer(9, 'VOIP')], [])).toEqual({ interactionId: 9, direction: 'inbound' });
    // two call offers pending: which one rings is unknown, so none is guessed
    expect(linkCall(null, [], [offer(7), offer(8)], [])).toBeNull();
    // an offer another call on this phone holds already is not the one
    const other = run([ringing('b', 7)]).calls;
    expect(linkCall(null, [], [offer(7), offer(8)], other)).toEqual({ interactionId: 8, direction: 'inbound' });
    expect(linkCall(null, [], [offer(8, 'EMAIL')], [])).toBeNull();
  });

  it('links the ring that follows a click-to-call to it, as an outbound call', () => {
    expect(linkCall(null, [31], [offer(7)], [])).toEqual({ interactionId: 31, direction: 'outbound' });
    expect(linkCall('31', [31], [], [])).toEqual({ interactionId: 31, direction: 'outbound' });
  });

  it('answers an offer on the call linked to it, or the only unlinked ringing call', () => {
    const s = run([ringing('a', 7), ringing('b')]);
    expect(ringingFor(s, 7)?.id).toBe('a');
    expect(ringingFor(s, 8)?.id).toBe('b');
    expect(ringingFor(run([ringing('b'), ringing('c')]), 8)).toBeUndefined();
  });

  it('sends DTMF as RFC 4733 events unless the endpoint asks for SIP INFO, and only valid tones', () => {
    expect(dtmfTransport('auto')).toBe('RFC2833');
    expect(dtmfTransport('rfc4733')).toBe('RFC2833');
    expect(dtmfTransport('info')).toBe('INFO');
    expect(validTones('12#x*9 a')).toBe('12#*9A');
  });

  it('names the caller by display name and number', () => {
    expect(callerOf('"Li Wei"', '+8613800138000')).toBe('Li Wei (+8613800138000)');
    expect(callerOf('+8613800138000', '+8613800138000')).toBe('+8613800138000');
    expect(callerOf('', 'sipp')).toBe('sipp');
  });
});

describe('the call as its touchpoints tell it', () => {
  const at = (s: number) => `2026-12-02T10:00:${String(s).padStart(2, '0')}Z`;
  const tp = (seq: number, kind: string, result?: string, data?: Record<string, unknown>): Touchpoint =>
    ({ customerId: 3, interactionId: 7, seq, kind, result, data, occurredAt: at(seq) });

  it('follows ringing, answer, hold, recording with a pause and the hang-up', () => {
    const tps = [tp(1, 'RINGING', 'agent'), tp(2, 'ANSWERED', 'agent'), tp(3, 'HELD', 'held'), tp(4, 'RECORDING', 'started'),
      tp(5, 'RECORDING', 'paused')];
    expect(callView(tps)).toMatchObject({ ringing: false, answeredAt: at(2), held: true, recording: 'paused', ended: null });
    const done = callView([...tps, tp(6, 'HELD', 'resumed'), tp(7, 'HUNG_UP', 'customer', { cause: 16, causeText: 'Normal Clearing' })]);
    expect(done).toMatchObject({ held: false, recording: 'off' });
    expect(done.ended).toEqual({ at: at(7), result: 'customer', cause: 'Normal Clearing' });
  });

  it('follows an attended transfer: consulting until completed, cancelled or failed', () => {
    const started = [tp(1, 'ANSWERED', 'agent'), tp(2, 'NOTE', 'consult-started')];
    expect(callView(started)).toMatchObject({ consulting: true, consultAnswered: false });
    expect(callView([...started, tp(3, 'NOTE', 'consult-answer')]).consultAnswered).toBe(true);
    expect(callView([...started, tp(3, 'NOTE', 'consult-cancelled')]).consulting).toBe(false);
    expect(callView([...started, tp(3, 'NOTE', 'consult-failed')]).consulting).toBe(false);
    expect(callView([...started, tp(3, 'TRANSFERRED', 'attended')])).toMatchObject({ consulting: false, transferred: true });
  });
});
