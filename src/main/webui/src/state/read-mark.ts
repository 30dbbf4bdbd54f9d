/**
 * The seq to tell the customer's widget its messages were read up to: the last customer message among the
 * touchpoints, when it is beyond what was told already; else null.
 */
export function readMark(touchpoints: Array<{ kind: string; seq?: number | null }>, told: number): number | null {
  let last = 0;
  for (const tp of touchpoints) if (tp.kind === 'MESSAGE_IN' && tp.seq != null && tp.seq > last) last = tp.seq;
  return last > told ? last : null;
}
