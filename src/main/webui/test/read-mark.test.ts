import { describe, expect, it } from 'vitest';
import { readMark } from '../src/state/read-mark';

describe('readMark', () => {
  const log = [
    { kind: 'ACCEPTED', seq: 3 },
    { kind: 'MESSAGE_IN', seq: 4 },
    { kind: 'MESSAGE_OUT', seq: 5 },
    { kind: 'MESSAGE_IN', seq: 6 },
    { kind: 'NOTE', seq: 7 },
  ];

  it('names the last customer message, not the agent\'s own or other touchpoints', () => {
    expect(readMark(log, 0)).toBe(6);
  });

  it('says nothing when the widget was told that far already', () => {
    expect(readMark(log, 6)).toBeNull();
    expect(readMark(log, 9)).toBeNull();
  });

  it('ignores touchpoints without a seq and a chat with no customer message yet', () => {
    expect(readMark([{ kind: 'MESSAGE_IN', seq: null }, { kind: 'MESSAGE_OUT', seq: 2 }], 0)).toBeNull();
  });
});
