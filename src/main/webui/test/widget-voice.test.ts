import { describe, expect, it } from 'vitest';
import {
  callDuration, formatClock, idleCall, inCall, problemOf, reduceCall, type CallEvent, type CallState,
} from '../src/widget/call-state';
import {
  cancellable, checkForm, localeFor, parseWindow, refusal, settled, slotGroups, windowText,
} from '../src/widget/callback';
import { ChatStorage, type KeyValue } from '../src/widget/storage';

const run = (events: CallEvent[], s: CallState = idleCall()) => events.reduce(reduceCall, s);

describe('the call state', () => {
  it('goes from Call through ringing to connected, then ended by the customer with the time it lasted', () => {
    const s = run([{ type: 'start' }, { type: 'calling' }, { type: 'ringing' }, { type: 'connected', at: 1_000 }]);
    expect(s.phase).toBe('connected');
    expect(inCall(s)).toBe(true);
    expect(formatClock(callDuration(s, 66_500))).toBe('1:05');
    const ended = reduceCall(s, { type: 'ended', by: 'local', cause: 'Terminated', at: 43_000 });
    expect(ended).toMatchObject({ phase: 'ended', endedBy: 'you', problem: null });
    expect(callDuration(ended, 999_999)).toBe(42_000);
    expect(inCall(ended)).toBe(false);
  });

  it('says the agent hung up when the far side sends BYE', () => {
    const s = run([{ type: 'start' }, { type: 'calling' }, { type: 'connected', at: 0 },
      { type: 'ended', by: 'remote', cause: 'Terminated', at: 5_000 }]);
    expect(s).toMatchObject({ phase: 'ended', endedBy: 'them', problem: null });
  });

  it('turns a refused microphone, a 409 and SIP failures into problems the customer is told', () => {
    expect(run([{ type: 'start' }, { type: 'problem', problem: 'microphone' }])).toMatchObject(
      { phase: 'ended', problem: 'microphone' });
    expect(run([{ type: 'start' }, { type: 'problem', problem: 'unavailable' }]).problem).toBe('unavailable');
    const busy = run([{ type: 'start' }, { type: 'calling' }, { type: 'failed', cause: 'Busy', at: 1 }]);
    expect(busy).toMatchObject({ phase: 'ended', problem: 'busy', endedBy: null });
    expect(problemOf('User Denied Media Access')).toBe('microphone');
    expect(problemOf('Connection Error')).toBe('network');
    expect(problemOf('No Answer')).toBe('no-answer');
    expect(problemOf('Not Found')).toBe('unavailable');
    expect(problemOf('Something JsSIP adds one day')).toBe('failed');
  });

  it('treats the customer hanging up while it rings as no problem (JsSIP says Canceled)', () => {
    const s = run([{ type: 'start' }, { type: 'calling' }, { type: 'ringing' }, { type: 'failed', cause: 'Canceled', at: 1 }]);
    expect(s).toMatchObject({ phase: 'ended', problem: null, endedBy: 'you' });
    expect(run([{ type: 'start' }, { type: 'ended', by: 'local', at: 1 }])).toMatchObject({ phase: 'ended', problem: null });
  });

  it('tells a connected call cut by the network from one that was hung up', () => {
    const s = run([{ type: 'start' }, { type: 'calling' }, { type: 'connected', at: 0 },
      { type: 'failed', cause: 'RTP Timeout', at: 9_000 }]);
    expect(s).toMatchObject({ phase: 'ended', problem: 'network', endedBy: 'them' });
  });

  it('keeps mute only during a call and ignores late events after the end', () => {
    let s = run([{ type: 'start' }, { type: 'calling' }, { type: 'connected', at: 0 }, { type: 'muted', on: true }]);
    expect(s.muted).toBe(true);
    s = reduceCall(s, { type: 'ended', by: 'local', at: 1 });
    expect(s.muted).toBe(false);
    expect(reduceCall(s, { type: 'connected', at: 2 })).toBe(s);
    expect(reduceCall(s, { type: 'muted', on: true })).toBe(s);
    expect(reduceCall(s, { type: 'failed', cause: 'Busy', at: 3 })).toBe(s);
  });

  it('starts a second call only after the first is over, and is dismissed back to idle', () => {
    const calling = run([{ type: 'start' }, { type: 'calling' }]);
    expect(reduceCall(calling, { type: 'start' })).toBe(calling);
    expect(reduceCall(calling, { type: 'reset' })).toBe(calling);
    const ended = reduceCall(calling, { type: 'ended', by: 'local', at: 1 });
    expect(reduceCall(ended, { type: 'reset' })).toEqual(idleCall());
    expect(reduceCall(ended, { type: 'start' }).phase).toBe('starting');
  });

  it('writes the timer as m:ss, and h:mm:ss past an hour', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(59_999)).toBe('0:59');
    expect(formatClock(3_725_000)).toBe('1:02:05');
  });
});

describe('call-back windows', () => {
  // 06:00Z = 14:00 in Shanghai; two windows on one day, one the next day
  const slots = [
    { from: '2026-03-03T06:00:00Z', to: '2026-03-03T07:00:00Z' },
    { from: '2026-03-03T07:00:00Z', to: '2026-03-03T08:00:00Z' },
    { from: '2026-03-04T01:00:00Z', to: '2026-03-04T02:00:00Z' },
  ];

  it('are grouped by day in the queue\'s time zone and written in the customer\'s language', () => {
    const en = slotGroups(slots, 'en-GB', 'Asia/Shanghai');
    expect(en.map((g) => g.day)).toEqual(['Tuesday 3 March', 'Wednesday 4 March']);
    expect(en[0].options.map((o) => o.label)).toEqual(['14:00–15:00', '15:00–16:00']);
    expect(en[1].options[0]).toEqual({ value: '2026-03-04T01:00:00Z|2026-03-04T02:00:00Z', label: '09:00–10:00' });
    const zh = slotGroups(slots, 'zh-CN', 'Asia/Shanghai');
    expect(zh[0].day).toBe('3月3日星期二');
    expect(zh[0].options[0].label).toBe('14:00–15:00');
    // the same instants in New York fall on other hours; a window across midnight is still only hours
    expect(slotGroups(slots, 'en-US', 'America/New_York')[0].options[0].label).toMatch(/^1:00\sAM–2:00\sAM$/);
    const midnight = slotGroups([{ from: '2026-03-03T15:00:00Z', to: '2026-03-03T16:00:00Z' }], 'en-GB', 'Asia/Shanghai');
    expect(midnight).toEqual([{ day: 'Tuesday 3 March', options: [
      { value: '2026-03-03T15:00:00Z|2026-03-03T16:00:00Z', label: '23:00–00:00' }] }]);
  });

  it('read the service\'s offset zones (Java writes UTC as Z) as zones Intl knows', () => {
    const utc = windowText(slots[0].from, slots[0].to, 'en-GB', 'Z', 'UTC');
    expect(utc).toEqual({ text: 'Tuesday 3 March, 06:00–07:00', zone: 'Coordinated Universal Time', local: null });
    expect(windowText(slots[0].from, slots[0].to, 'en-GB', '+08:00', 'Asia/Shanghai'))
      .toMatchObject({ text: 'Tuesday 3 March, 14:00–15:00', local: null });
    expect(windowText(slots[0].from, slots[0].to, 'en-GB', 'UTC-05:00').text).toBe('Tuesday 3 March, 01:00–02:00');
  });

  it('skip what is not a time and survive an unknown zone', () => {
    expect(slotGroups([{ from: 'soon', to: 'later' }], 'en', 'Asia/Shanghai')).toEqual([]);
    expect(slotGroups(slots.slice(0, 1), 'en-GB', 'Not/AZone')[0].options).toHaveLength(1);
  });

  it('read back from the select: a window, or as soon as possible', () => {
    expect(parseWindow('2026-03-03T06:00:00Z|2026-03-03T07:00:00Z')).toEqual(
      { notBefore: '2026-03-03T06:00:00Z', notAfter: '2026-03-03T07:00:00Z' });
    expect(parseWindow('asap')).toBeNull();
  });

  it('confirm a booking in the queue\'s zone, with the customer\'s own time when it differs', () => {
    const here = windowText(slots[0].from, slots[0].to, 'en-GB', 'Asia/Shanghai', 'Asia/Shanghai');
    expect(here).toEqual({ text: 'Tuesday 3 March, 14:00–15:00', zone: 'China Standard Time', local: null });
    const away = windowText(slots[0].from, slots[0].to, 'en-GB', 'Asia/Shanghai', 'Europe/London');
    expect(away.local).toBe('Tuesday 3 March, 06:00–07:00');
    // another zone name with the same offset is the same time
    expect(windowText(slots[0].from, slots[0].to, 'en-GB', 'Asia/Shanghai', 'Asia/Hong_Kong').local).toBeNull();
    expect(windowText(slots[0].from, slots[0].to, 'zh-CN', 'Asia/Shanghai')).toEqual(
      { text: '3月3日星期二 14:00–15:00', zone: '中国标准时间', local: null });
  });

  it('use the browser\'s locale when it is of the widget\'s language', () => {
    expect(localeFor('en', 'en-GB')).toBe('en-GB');
    expect(localeFor('zh-CN', 'zh-TW')).toBe('zh-TW');
    expect(localeFor('zh-CN', 'en-US')).toBe('zh-CN');
    expect(localeFor('en', undefined)).toBe('en');
  });
});

describe('the call-back form', () => {
  it('asks for a callable number and a time, and a short note', () => {
    expect(checkForm({ phone: '', window: '', note: '' })).toEqual({ phone: 'cb.needPhone', window: 'cb.needWindow' });
    expect(checkForm({ phone: 'call me', window: 'asap', note: '' })).toEqual({ phone: 'cb.badPhone' });
    expect(checkForm({ phone: '+86 139 1234 5678', window: 'asap', note: 'x'.repeat(501) })).toEqual({ note: 'cb.tooLong' });
    expect(checkForm({ phone: '+86 139 1234 5678', window: 'a|b', note: '' })).toEqual({});
  });

  it('shows the service\'s refusals per field in its own words', () => {
    expect(refusal(422, ['phone'])).toEqual({ fields: { phone: 'cb.badPhone' }, form: null });
    expect(refusal(422, ['notBefore', 'notAfter'])).toEqual({ fields: { window: 'cb.badWindow' }, form: null });
    expect(refusal(422, ['somethingElse'])).toEqual({ fields: {}, form: 'error.invalid' });
    expect(refusal(400, ['queueId'])).toEqual({ fields: {}, form: 'cb.unavailable' });
    expect(refusal(400, ['notAfter'])).toEqual({ fields: { window: 'cb.badWindow' }, form: null });
    expect(refusal(409, [])).toEqual({ fields: { phone: 'cb.booked' }, form: null });
    expect(refusal(429, [])).toEqual({ fields: {}, form: 'cb.rateLimited' });
    expect(refusal(0, []).form).toBe('error.network');
    expect(refusal(500, []).form).toBe('error.server');
  });

  it('knows which states may still be cancelled and which are over', () => {
    expect(['SCHEDULED', 'QUEUED'].every(cancellable)).toBe(true);
    expect(['CALLING', 'DONE', 'FAILED', 'EXPIRED', 'CANCELLED'].some(cancellable)).toBe(false);
    expect(['DONE', 'FAILED', 'EXPIRED', 'CANCELLED'].every(settled)).toBe(true);
    expect(['SCHEDULED', 'QUEUED', 'CALLING'].some(settled)).toBe(false);
  });
});

describe('the booking in storage', () => {
  const memory = (): KeyValue & { data: Map<string, string> } => {
    const data = new Map<string, string>();
    return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => { data.set(k, v); }, removeItem: (k) => { data.delete(k); } };
  };
  const booking = { id: 7, token: 'tok', state: 'SCHEDULED', notBefore: '2026-03-03T06:00:00Z',
    notAfter: '2026-03-03T07:00:00Z', phone: '+86 139 1234 5678', timeZone: 'Asia/Shanghai' };

  it('is kept across page loads and across chats, and follows its state', () => {
    const kv = memory();
    new ChatStorage(kv, '3').saveCallback(booking);
    const again = new ChatStorage(kv, '3');
    expect(again.load().callback).toEqual(booking);
    again.startSession({ sessionId: 's', token: 't', socket: '/ws/chat/s' });
    again.clearSession();
    expect(again.load().callback).toEqual(booking);
    again.callbackState(7, 'QUEUED');
    again.callbackState(8, 'DONE');
    expect(again.load().callback?.state).toBe('QUEUED');
    expect(new ChatStorage(kv, 'other').load().callback).toBeUndefined();
  });

  it('is forgotten on request, and a damaged one is ignored', () => {
    const kv = memory();
    const s = new ChatStorage(kv, null);
    s.saveCallback(booking);
    s.forgetCallback(99);
    expect(s.load().callback).toBeDefined();
    s.forgetCallback(7);
    expect(s.load().callback).toBeUndefined();
    kv.setItem(s.key, JSON.stringify({ pending: [], seenSeq: 0, panelOpen: false, callback: { id: 'x' } }));
    expect(s.load().callback).toBeUndefined();
  });
});
