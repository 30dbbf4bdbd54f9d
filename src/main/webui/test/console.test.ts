import { describe, expect, it } from 'vitest';
import { initialState, offerRemainingMs, offerWaitedMs, reduce, withHistory } from '../src/state/console';
import type { Frame } from '../src/state/types';

const offer: Frame = {
  type: 'offer', interactionId: 7, customerId: 3, channel: 'CHAT', tier: 'GOLD', queueId: 2,
  arrivedAt: '2026-12-02T10:00:00Z', dueBy: '2026-12-02T10:02:00Z', expiresAt: '2026-12-02T10:00:40Z', waitedMs: 10_000,
};

function agent(work: unknown[] = []): Frame {
  return {
    type: 'state',
    agent: {
      agentId: 1, name: 'Lin Na', presence: 'AVAILABLE', channels: ['CHAT'], state: 'AVAILABLE',
      since: '2026-12-02T09:00:00Z', secondsInState: 5, usedCapacity: 0, capacity: 100, work,
    },
  };
}

describe('the console state', () => {
  it('shows an offer until it ends, keyed by interaction, so a replayed offer is one card', () => {
    let s = reduce(reduce(initialState, agent()), offer, 1000);
    s = reduce(s, { ...offer, replayed: true }, 2000);
    expect(Object.keys(s.offers)).toEqual(['7']);
    expect(s.offers[7].replayed).toBe(true);
    s = reduce(s, { type: 'offer-ended', interactionId: 7, reason: 'timeout' });
    expect(s.offers).toEqual({});
  });

  it('turns an accepted offer into work, then wrap-up, then a finished tab', () => {
    let s = reduce(reduce(initialState, agent()), offer);
    s = reduce(s, { ...offer, type: 'assigned' });
    expect(s.offers).toEqual({});
    expect(s.work[7].phase).toBe('ACTIVE');
    s = reduce(s, { type: 'wrap-up', interactionId: 7, until: '2026-12-02T10:05:00Z' });
    expect(s.work[7].phase).toBe('WRAP_UP');
    s = reduce(s, { type: 'wrapped', interactionId: 7, early: true });
    expect(s.work[7]).toBeUndefined();
    expect(s.finished[7].reason).toBe('wrapped');
  });

  it('rebuilds work from the state frame after a reconnect and keeps a pending offer it knew', () => {
    let s = reduce(reduce(initialState, agent()), offer);
    s = reduce(s, agent([
      { interactionId: 7, customerId: 3, queueId: 2, channel: 'CHAT', tier: 'GOLD', phase: 'OFFERED' },
      { interactionId: 8, customerId: 4, queueId: 2, channel: 'SMS', tier: 'STANDARD', phase: 'ACTIVE' },
    ]));
    expect(Object.keys(s.work)).toEqual(['8']);
    expect(s.offers[7]).toBeDefined();
  });

  it('merges live and loaded touchpoints in seq order without duplicates', () => {
    let s = reduce(initialState, { type: 'touchpoint', touchpoint: {
      eventId: 'b', customerId: 3, interactionId: 7, seq: 2, kind: 'MESSAGE_IN', occurredAt: '2026-12-02T10:01:00Z' } });
    s = withHistory(s, 7, [
      { eventId: 'a', customerId: 3, interactionId: 7, seq: 1, kind: 'QUEUED', occurredAt: '2026-12-02T10:00:00Z' },
      { eventId: 'b', customerId: 3, interactionId: 7, seq: 2, kind: 'MESSAGE_IN', occurredAt: '2026-12-02T10:01:00Z' },
    ]);
    expect(s.touchpoints[7].map((t) => t.seq)).toEqual([1, 2]);
  });

  it('counts the offer down by the service clock, not the desktop clock', () => {
    const s = reduce(initialState, offer, 1_000_000);
    // 40 s from arrival, 10 s already waited at the offer: 30 s left at reception, 25 s five seconds later
    expect(offerRemainingMs(s.offers[7], 1_005_000)).toBe(25_000);
    expect(offerWaitedMs(s.offers[7], 1_005_000)).toBe(15_000);
    expect(offerRemainingMs(s.offers[7], 1_100_000)).toBe(0);
  });

  it('notes a pause by routing (missed offers) in the agent status', () => {
    let s = reduce(initialState, agent());
    s = reduce(s, { type: 'agent-state', state: 'PAUSED', reason: 'missed-offers', since: '2026-12-02T10:00:00Z' });
    expect(s.agent?.presence).toBe('PAUSED');
    expect(s.agent?.reason).toBe('missed-offers');
  });
});
