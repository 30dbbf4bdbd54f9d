import { afterEach, describe, expect, it, vi } from 'vitest';
import { callbackRequest, initialState, isCallback, reduce } from '../src/state/console';
import { linkCall } from '../src/state/phone';
import type { Frame, Offer, Touchpoint } from '../src/state/types';

const frame = (direction?: string, channel = 'VOICE'): Frame => ({
  type: 'offer', interactionId: 41, customerId: 3, channel, tier: 'GOLD', queueId: 2, direction,
  arrivedAt: '2026-12-02T10:00:00Z', dueBy: '2026-12-02T10:02:00Z', expiresAt: '2026-12-02T10:00:40Z', waitedMs: 0,
});

describe('a call-back offer', () => {
  it('is an OUTBOUND offer on VOICE; an offer without a direction is inbound', () => {
    const s = reduce(reduce(reduce(initialState, frame('OUTBOUND')), { ...frame('INBOUND'), interactionId: 42 }),
      { ...frame(undefined), interactionId: 43 });
    expect(s.offers[41].direction).toBe('OUTBOUND');
    expect(isCallback(s.offers[41])).toBe(true);
    expect(isCallback(s.offers[42])).toBe(false);
    expect(s.offers[43].direction).toBe('INBOUND');
    expect(isCallback({ channel: 'CHAT', direction: 'OUTBOUND' })).toBe(false);
    const assigned = reduce(s, { ...frame('OUTBOUND'), type: 'assigned' });
    expect(assigned.work[41].direction).toBe('OUTBOUND');
  });

  it('carries what the customer asked for in its callback-requested touchpoint', () => {
    const tps: Touchpoint[] = [
      { customerId: 3, kind: 'QUEUED', occurredAt: '2026-12-02T10:00:00Z' },
      { customerId: 3, kind: 'CONTACT', result: 'callback-requested', occurredAt: '2026-12-02T09:00:00Z',
        data: { phone: '+8613800138000', notBefore: '2026-12-02T10:00:00Z', notAfter: '2026-12-02T11:00:00Z',
          note: 'About my fund', language: 'zh-CN' } },
    ];
    expect(callbackRequest(tps)).toEqual({ phone: '+8613800138000', notBefore: '2026-12-02T10:00:00Z',
      notAfter: '2026-12-02T11:00:00Z', note: 'About my fund', language: 'zh-CN' });
    expect(callbackRequest([tps[0]])).toBeNull();
    expect(callbackRequest(undefined)).toBeNull();
    expect(callbackRequest([{ ...tps[1], data: { phone: ' ' } }])?.phone).toBeNull();
  });

  it('is not the offer a ringing inbound call belongs to; its own ring is an expected outbound one', () => {
    const callback = { ...reduce(initialState, frame('OUTBOUND')).offers[41] } as Offer;
    expect(linkCall(null, [], [callback], [])).toBeNull();
    expect(linkCall(null, [41], [callback], [])).toEqual({ interactionId: 41, direction: 'outbound' });
    expect(linkCall('41', [41], [callback], [])).toEqual({ interactionId: 41, direction: 'outbound' });
  });
});

describe('accepting a call-back', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('sends accept at once, without waiting for a ringing phone, after telling the phone to expect its ring', async () => {
    vi.stubGlobal('location', { hash: '' });
    vi.stubGlobal('window', { location: { hash: '' }, addEventListener: () => undefined });
    vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => undefined, removeItem: () => undefined });
    const { agentSocket } = await import('../src/api/agent-socket');
    const actions = await import('../src/state/actions');
    const order: string[] = [];
    vi.spyOn(agentSocket, 'send').mockImplementation(async (f: Frame) => {
      order.push(`${f.type} ${f.interactionId}`);
      return { type: 'ack' };
    });
    const acceptor = vi.fn(async () => true);
    actions.setVoiceAcceptor(acceptor);
    actions.setOutboundExpecter((id) => order.push(`expect ${id}`));
    await actions.accept(reduce(initialState, frame('OUTBOUND')).offers[41]);
    expect(order).toEqual(['expect 41', 'accept 41']);
    expect(acceptor).not.toHaveBeenCalled();

    // an inbound call is still taken by answering the phone
    order.length = 0;
    await actions.accept(reduce(initialState, frame('INBOUND')).offers[41]);
    expect(acceptor).toHaveBeenCalledOnce();
    expect(order).toEqual([]);
    actions.setVoiceAcceptor(null);
    actions.setOutboundExpecter(null);
  });
});
