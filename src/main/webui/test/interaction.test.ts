import { describe, expect, it } from 'vitest';
import {
  conversation, deliveries, emailHeaders, faxOf, lastSeq, mergeTimeline, replySubject, startedAt, unmatchedPending,
  type MessageItem, type PendingSend,
} from '../src/state/interaction-conversation';
import type { Touchpoint } from '../src/state/types';

let seq = 0;
function tp(kind: string, fields: Partial<Touchpoint> = {}): Touchpoint {
  seq += 1;
  return {
    id: 100 + seq, eventId: `e${100 + seq}`, customerId: 1, interactionId: 7, seq, kind, channel: 'SMS',
    occurredAt: `2026-12-02T10:00:${String(seq).padStart(2, '0')}Z`, ...fields,
  };
}

function messages(items: ReturnType<typeof conversation>): MessageItem[] {
  return items.filter((i): i is MessageItem => i.type === 'message');
}

describe('the conversation', () => {
  it('puts the customer on the left, us on the right, and everything else on system lines', () => {
    seq = 0;
    const list = [
      tp('MESSAGE_IN', { content: 'Where is my transfer?', direction: 'INBOUND' }),
      tp('QUEUED', { result: 'arrived' }),
      tp('ACCEPTED', { employee: 'Lin Na' }),
      tp('MESSAGE_OUT', { content: 'It arrived this morning.', result: 'QUEUED', direction: 'OUTBOUND' }),
      tp('NOTE', { content: 'asked twice', employee: 'Lin Na' }),
    ];
    const items = conversation(list);
    expect(items.map((i) => (i.type === 'message' ? i.dir : i.kind))).toEqual(['in', 'QUEUED', 'ACCEPTED', 'out', 'NOTE']);
    expect(messages(items)[1].status).toBe('QUEUED');
    expect(messages(items)[0].status).toBeUndefined();
  });

  it('folds DELIVERY touchpoints into the status of the message they name, never moving it back', () => {
    seq = 0;
    const out = tp('MESSAGE_OUT', { content: 'hi', result: 'QUEUED' });
    const list = [
      out,
      tp('DELIVERY', { result: 'RETRYING', data: { messageTouchpointId: out.id, reason: 'Kannel down', attempts: 1 } }),
      tp('DELIVERY', { result: 'DELIVERED', data: { messageTouchpointId: out.id } }),
      // a late gateway answer after the handset's report
      tp('DELIVERY', { result: 'SENT', data: { messageTouchpointId: out.id } }),
    ];
    const items = conversation(list);
    expect(items).toHaveLength(1);
    expect(messages(items)[0].status).toBe('DELIVERED');
  });

  it('shows a retry with its reason, and a failure as final', () => {
    seq = 0;
    const out = tp('MESSAGE_OUT', { content: 'hi', result: 'QUEUED' });
    const retry = tp('DELIVERY', { result: 'RETRYING', data: { messageTouchpointId: out.id, reason: 'busy' } });
    expect(deliveries([out, retry]).get(out.id!)).toMatchObject({ status: 'RETRYING', reason: 'busy' });
    const failed = tp('DELIVERY', { result: 'FAILED', data: { messageTouchpointId: out.id, reason: 'opted out' } });
    expect(deliveries([out, retry, failed]).get(out.id!)).toMatchObject({ status: 'FAILED', reason: 'opted out' });
  });

  it('takes statuses from the messages list when the touchpoints have not come yet', () => {
    seq = 0;
    const out = tp('MESSAGE_OUT', { content: 'hi', result: 'QUEUED' });
    const items = conversation([out], [{ touchpointId: out.id!, status: 'SENT', attempts: 1 }]);
    expect(messages(items)[0].status).toBe('SENT');
  });

  it('reads stream events, which name the touchpoint touchpointId instead of id', () => {
    seq = 0;
    const out = { ...tp('MESSAGE_OUT', { content: 'hi', result: 'QUEUED' }), id: undefined, touchpointId: 55 };
    const report = tp('DELIVERY', { result: 'SENT', data: { messageTouchpointId: 55 } });
    expect(messages(conversation([out, report]))[0]).toMatchObject({ touchpointId: 55, status: 'SENT' });
  });
});

describe('a message being sent', () => {
  const pending = (fields: Partial<PendingSend>): PendingSend => ({ key: 'k', text: 'On my way', afterSeq: 3, status: 'sending', ...fields });

  it('shows as a pending bubble until its touchpoint arrives, then once as the touchpoint', () => {
    seq = 3;
    const p = pending({ touchpointId: 90, status: 'QUEUED' });
    let items = conversation([], [], [p]);
    expect(messages(items)).toHaveLength(1);
    expect(messages(items)[0]).toMatchObject({ dir: 'out', status: 'QUEUED', pending: p });
    items = conversation([tp('MESSAGE_OUT', { id: 90, content: 'On my way', result: 'QUEUED' })], [], [p]);
    expect(messages(items)).toHaveLength(1);
    expect(messages(items)[0].pending).toBeUndefined();
  });

  it('is matched by its text when the touchpoint beats the ack, one touchpoint per send', () => {
    seq = 3;
    const a = pending({ key: 'a' });
    const b = pending({ key: 'b' });
    const first = tp('MESSAGE_OUT', { content: 'On my way' });
    expect(unmatchedPending([a, b], [first]).map((p) => p.key)).toEqual(['b']);
    const second = tp('MESSAGE_OUT', { content: 'On my way' });
    expect(unmatchedPending([a, b], [first, second])).toEqual([]);
  });

  it('is not matched by an older message with the same text', () => {
    seq = 0;
    const old = tp('MESSAGE_OUT', { content: 'On my way' });
    expect(unmatchedPending([pending({ afterSeq: lastSeq([old]) })], [old])).toHaveLength(1);
  });

  it('does not let an acked send claim the touchpoint another send is waiting for by id', () => {
    seq = 3;
    const out = tp('MESSAGE_OUT', { content: 'On my way' });
    const acked = pending({ key: 'acked', touchpointId: out.id, status: 'QUEUED' });
    const unacked = pending({ key: 'unacked' });
    expect(unmatchedPending([unacked, acked], [out]).map((p) => p.key)).toEqual(['unacked']);
  });

  it('keeps a refused send with its reason, to try again or discard', () => {
    const failed = pending({ status: 'failed', error: 'opted out of SMS' });
    const items = messages(conversation([], [], [failed]));
    expect(items[0]).toMatchObject({ status: 'failed', reason: 'opted out of SMS' });
  });
});

describe('email and fax', () => {
  it('starts a reply with Re: and the first subject, without our tokens or a second Re', () => {
    expect(replySubject([null, 'Statement for March'])).toBe('Re: Statement for March');
    expect(replySubject(['RE: Re: Statement [#I-12] [SR-3]'])).toBe('Re: Statement');
    expect(replySubject(['回复：对账单'])).toBe('Re: 对账单');
    expect(replySubject([])).toBe('');
  });

  it('reads an email touchpoint\'s headers', () => {
    const h = emailHeaders(tp('MESSAGE_IN', { channel: 'EMAIL', data: {
      subject: 'Hello', from: 'li.wei@example.com', to: ['support@bank.example', 'b@bank.example'], html: true } }));
    expect(h).toMatchObject({ subject: 'Hello', from: 'li.wei@example.com', to: 'support@bank.example, b@bank.example', html: true });
  });

  it('finds a received fax\'s pages in order and its PDF', () => {
    const fax = faxOf(tp('MESSAGE_IN', { channel: 'FAX', data: {
      fax: { status: 'PARTIAL', pagesReceived: 2, pdfSha256: 'pdf', pages: [{ page: 2, sha256: 'p2' }, { page: 1, sha256: 'p1' }] },
      attachments: [{ filename: 'f.pdf', contentType: 'application/pdf', size: 10, sha256: 'pdf' }],
    } }));
    expect(fax?.pages.map((p) => p.sha256)).toEqual(['p1', 'p2']);
    expect(fax).toMatchObject({ status: 'PARTIAL', pagesReceived: 2, pdfSha256: 'pdf' });
  });

  it('takes a sent fax\'s PDF from its attachments', () => {
    const fax = faxOf(tp('MESSAGE_OUT', { channel: 'FAX', data: {
      fax: { pages: 3 }, attachments: [{ filename: 'letter.pdf', contentType: 'application/pdf', size: 10, sha256: 'x' }] } }));
    expect(fax).toMatchObject({ pagesReceived: 3, pdfSha256: 'x', pages: [] });
  });
});

describe('the timeline and the header', () => {
  it('merges loaded pages and live touchpoints newest first, each once', () => {
    seq = 0;
    const a = tp('MESSAGE_IN');
    const b = tp('QUEUED');
    const c = tp('ACCEPTED');
    expect(mergeTimeline([b, a], [c, b]).map((x) => x.kind)).toEqual(['ACCEPTED', 'QUEUED', 'MESSAGE_IN']);
  });

  it('counts time from the answer, else the creation, else the first touchpoint', () => {
    expect(startedAt({ answeredAt: 'A', createdAt: 'C' })).toBe('A');
    expect(startedAt({ createdAt: 'C' })).toBe('C');
    expect(startedAt(null, [tp('MESSAGE_IN', { occurredAt: 'T' })])).toBe('T');
  });
});
