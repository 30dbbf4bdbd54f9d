import { describe, expect, it } from 'vitest';
import { looksLikeContact, mergeHits } from '../src/state/interaction-search';
import { historyPath, pageCount, stillHeld, type HistoryItem } from '../src/state/history';

describe('the customer search', () => {
  it('looks a whole contact point up exactly, in any format, and anything else by name', () => {
    for (const q of ['+86 138 0013 8000', '138-0013-8000', '(010) 6552 8888', 'Li.Wei@Example.com', 'sip:1001@pbx.example']) {
      expect(looksLikeContact(q), q).toBe(true);
    }
    for (const q of ['Li Wei', '李伟', 'wei', '138', '']) expect(looksLikeContact(q), q).toBe(false);
  });

  it('lists the exact match first and each customer once, leaving merged records out', () => {
    const hits = mergeHits(
      [{ id: 2, name: 'Li Wei', tier: 'GOLD' }],
      [{ id: 1, name: 'Li Wei (old)', tier: 'STANDARD', mergedIntoId: 2 }, { id: 2, name: 'Li Wei', tier: 'GOLD' },
        { id: 3, name: 'Li Weiwei', tier: 'DIAMOND' }],
    );
    expect(hits.map((h) => h.id)).toEqual([2, 3]);
  });
});

describe('the agent\'s history', () => {
  it('asks for a page with only the filters set', () => {
    expect(historyPath({ channel: '', state: '' }, 0)).toBe('/api/agents/me/interactions?page=0&size=20');
    expect(historyPath({ channel: 'SMS', state: 'CLOSED' }, 2, 10))
      .toBe('/api/agents/me/interactions?channel=SMS&state=CLOSED&page=2&size=10');
  });

  it('counts pages, at least one', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(20)).toBe(1);
    expect(pageCount(21)).toBe(2);
  });

  it('tells an interaction still in hand from one handed on or finished', () => {
    const item = { id: 1, agentId: 4, state: 'ACTIVE' } as HistoryItem;
    expect(stillHeld(item, 4)).toBe(true);
    expect(stillHeld({ ...item, agentId: 5 }, 4)).toBe(false);
    expect(stillHeld({ ...item, state: 'CLOSED' }, 4)).toBe(false);
  });
});
