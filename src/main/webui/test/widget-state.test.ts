import { describe, expect, it } from 'vitest';
import {
  acknowledge, addPending, initialState, initials, pendingTexts, reduce, tick, unread, type ChatState, type Frame,
} from '../src/widget/state';
import { ChatStorage, type KeyValue } from '../src/widget/storage';

const at = '2026-12-03T09:30:00Z';
const msg = (seq: number, from: 'agent' | 'customer', text: string, clientMessageId?: string): Frame =>
  ({ type: 'message', seq, at, from, text, clientMessageId });
const run = (frames: Frame[], state: ChatState = initialState()) => frames.reduce(reduce, state);
const texts = (s: ChatState) => s.entries.map((e) => e.text ?? e.kind);

describe('the conversation reducer', () => {
  const history: Frame[] = [
    { type: 'agent-joined', seq: 1, at, agent: 'Chen Jie' },
    msg(2, 'customer', 'Hello', 'c-1'),
    msg(3, 'agent', 'Hi, how can I help?'),
    { type: 'transferred', seq: 4, at },
    { type: 'agent-joined', seq: 5, at, agent: 'Lin Na' },
  ];

  it('rebuilds the whole conversation from a replay, in seq order', () => {
    const s = run([{ type: 'welcome', open: true }, ...[...history].reverse()]);
    expect(s.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(s.agent).toBe('Lin Na');
    expect(s.lastSeq).toBe(5);
  });

  it('shows nothing twice when the replay comes again after a reconnect, or a live frame meets the replay', () => {
    const once = run([{ type: 'welcome', open: true }, ...history]);
    const twice = run([{ type: 'welcome', open: true }, ...history, msg(3, 'agent', 'Hi, how can I help?')], once);
    expect(texts(twice)).toEqual(texts(once));
    expect(twice.entries).toHaveLength(5);
  });

  it('keeps a message pending until acknowledged, then gives it its seq (ack first or the stored echo first)', () => {
    let s = addPending(run(history), 'c-2', 'Where is my transfer?');
    expect(tick(s, s.entries[5])).toBe('pending');
    expect(pendingTexts(s)).toEqual([{ clientMessageId: 'c-2', text: 'Where is my transfer?' }]);

    const ackFirst = run([{ type: 'ack', clientMessageId: 'c-2', seq: 6 }, msg(6, 'customer', 'Where is my transfer?', 'c-2')], s);
    const echoFirst = run([msg(6, 'customer', 'Where is my transfer?', 'c-2'), { type: 'ack', clientMessageId: 'c-2', seq: 6 }], s);
    for (const done of [ackFirst, echoFirst]) {
      expect(done.entries.filter((e) => e.text === 'Where is my transfer?')).toHaveLength(1);
      expect(done.entries.at(-1)!.seq).toBe(6);
      expect(tick(done, done.entries.at(-1)!)).toBe('delivered');
      expect(pendingTexts(done)).toEqual([]);
    }
    s = addPending(s, 'c-2', 'Where is my transfer?');
    expect(s.entries.filter((e) => e.clientMessageId === 'c-2')).toHaveLength(1);
  });

  it('keeps pending messages after the replay, and a pending message the replay already holds goes', () => {
    // After a reload: the page had c-1 pending; the server had stored it (seq 2) before the connection dropped.
    let s = addPending(initialState(), 'c-1', 'Hello');
    s = addPending(s, 'c-9', 'Not stored yet');
    s = run([{ type: 'welcome', open: true }, ...history], s);
    expect(texts(s)).toEqual(['agent-joined', 'Hello', 'Hi, how can I help?', 'transferred', 'agent-joined', 'Not stored yet']);
    expect(pendingTexts(s).map((p) => p.clientMessageId)).toEqual(['c-9']);
  });

  it('marks messages read up to the seq the agent read (live or from welcome)', () => {
    let s = run([{ type: 'welcome', open: true, readSeq: 0 }, ...history, msg(6, 'customer', 'More', 'c-3')]);
    expect(tick(s, s.entries[1])).toBe('delivered');
    s = reduce(s, { type: 'read', seq: 2 });
    expect(tick(s, s.entries[1])).toBe('read');
    expect(tick(s, s.entries[5])).toBe('delivered');
    expect(tick(s, s.entries[2])).toBeNull();
    s = reduce(s, { type: 'read', seq: 1 });
    expect(s.readSeq).toBe(2);
    const again = run([{ type: 'welcome', open: true, readSeq: 6 }], s);
    expect(tick(again, again.entries[5])).toBe('read');
  });

  it('marks a refused message failed with its code, and keeps a not-stored one pending', () => {
    let s = addPending(addPending(initialState(), 'a', 'x'.repeat(3000)), 'b', 'try again');
    s = run([
      { type: 'error', code: 'too-long', clientMessageId: 'a', detail: 'a message may have at most 2000 characters' },
      { type: 'error', code: 'failed', clientMessageId: 'b' },
    ], s);
    expect(s.entries[0].status).toBe('failed');
    expect(s.entries[0].error).toBe('too-long');
    expect(tick(s, s.entries[0])).toBe('failed');
    expect(pendingTexts(s).map((p) => p.clientMessageId)).toEqual(['b']);
  });

  it('ends the chat with the transcript answer, and a closed session ends it on welcome', () => {
    const s = run([...history, { type: 'ended', seq: 6, at, reason: 'customer' }, { type: 'ended', reason: 'customer', transcript: 'queued' }]);
    expect(s.ended).toBe(true);
    expect(s.transcript).toBe('queued');
    expect(s.entries.filter((e) => e.kind === 'ended')).toHaveLength(1);
    expect(run([{ type: 'welcome', open: false, rated: null }]).ended).toBe(true);
    expect(run([{ type: 'welcome', open: false, rated: 4 }]).rated).toBe(4);
    expect(run([{ type: 'rated', score: 5 }]).rated).toBe(5);
  });

  it('typing comes and goes, and an agent message ends it', () => {
    let s = reduce(initialState(), { type: 'typing', on: true });
    expect(s.agentTyping).toBe(true);
    s = reduce(s, msg(1, 'agent', 'Hi'));
    expect(s.agentTyping).toBe(false);
  });

  it('counts the agent messages after the last seq seen as unread', () => {
    const s = run([...history, msg(6, 'agent', 'Are you there?')]);
    expect(unread(s, 0)).toBe(2);
    expect(unread(s, 3)).toBe(1);
    expect(unread(s, 6)).toBe(0);
  });

  it('acknowledges an upload by its answer', () => {
    let s = addPending(initialState(), 'f', undefined, [{ filename: 'a.png', contentType: 'image/png', size: 10, localUrl: 'blob:x' }]);
    s = acknowledge(s, 'f', 7);
    s = reduce(s, { type: 'message', seq: 7, at, from: 'customer', clientMessageId: 'f',
      attachments: [{ filename: 'a.png', contentType: 'image/png', size: 10, sha256: 'abc' }] });
    expect(s.entries).toHaveLength(1);
    expect(s.entries[0].attachments?.[0].sha256).toBe('abc');
  });

  it('makes initials of Latin and Chinese names', () => {
    expect(initials('Chen Jie')).toBe('CJ');
    expect(initials('陈杰')).toBe('陈');
    expect(initials('')).toBe('?');
  });
});

class MemoryStore implements KeyValue {
  readonly map = new Map<string, string>();
  getItem(k: string) { return this.map.get(k) ?? null; }
  setItem(k: string, v: string) { this.map.set(k, v); }
  removeItem(k: string) { this.map.delete(k); }
}

describe("the page's storage", () => {
  it('keeps the session and the pending messages per queue, and forgets them for a new chat', () => {
    const memory = new MemoryStore();
    const queue3 = new ChatStorage(memory, '3');
    queue3.startSession({ sessionId: 's', token: 't', socket: '/ws/chat/s', name: 'Zhou Min' });
    queue3.addPending({ clientMessageId: 'a', text: 'one', at });
    queue3.addPending({ clientMessageId: 'a', text: 'one', at });
    queue3.addPending({ clientMessageId: 'b', text: 'two', at });
    queue3.removePending('a');
    queue3.seen(5);
    queue3.seen(2);
    const again = new ChatStorage(memory, '3').load();
    expect(again.session?.token).toBe('t');
    expect(again.pending.map((p) => p.clientMessageId)).toEqual(['b']);
    expect(again.seenSeq).toBe(5);
    expect(new ChatStorage(memory, '4').load().session).toBeUndefined();

    queue3.update((s) => ({ ...s, visitor: { name: 'Zhou Min' } }));
    const cleared = queue3.clearSession();
    expect(cleared.session).toBeUndefined();
    expect(cleared.pending).toEqual([]);
    expect(cleared.visitor?.name).toBe('Zhou Min');
  });

  it('survives broken or missing storage', () => {
    const memory = new MemoryStore();
    memory.setItem('switchboard-chat:default', '{not json');
    expect(new ChatStorage(memory, null).load().pending).toEqual([]);
    const none = new ChatStorage(null, null);
    expect(none.update((s) => ({ ...s, seenSeq: 3 })).seenSeq).toBe(3);
  });
});
