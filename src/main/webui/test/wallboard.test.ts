import { describe, expect, it } from 'vitest';
import { breached, chartSeries, initialWallboard, oldestWait, queueShown, reduceWallboard, secondsInState, visibleAgents,
  type AgentFigures, type QueueFigures, type QueueMeta } from '../src/state/wallboard';

const figures = (waiting = 0, oldest = 0) => ({ waiting, oldestWaitSeconds: oldest, answered: 0, answeredInTarget: 0,
  abandoned: 0, abandonedInTarget: 0, serviceLevel: null, abandonmentRate: null, averageSpeedOfAnswerSeconds: null,
  averageHandleSeconds: null });

function queue(id: number, waiting = 0, oldest = 0): QueueFigures {
  return { queueId: id, name: `Q${id}`, at: '', waiting, oldestWaitSeconds: oldest,
    agents: { staffed: 0, available: 0, onContact: 0, wrapUp: 0, paused: 0 }, total: figures(waiting, oldest),
    byTier: { GOLD: figures(waiting, oldest), DIAMOND: figures(), STANDARD: figures() } };
}

function agent(id: number, state: AgentFigures['state'], seconds = 0, teamId: number | null = 1): AgentFigures {
  return { agentId: id, name: `A${id}`, teamId, presence: state === 'OFFLINE' ? 'OFFLINE' : 'AVAILABLE', channels: [],
    state, since: '', secondsInState: seconds, usedCapacity: 0, capacity: 1, work: [] };
}

const AT = '2026-12-02T08:00:00Z';
const atMs = Date.parse(AT);

describe('the wallboard state', () => {
  it('takes everything from a snapshot and drops what it no longer lists', () => {
    let s = reduceWallboard(initialWallboard, { type: 'snapshot', at: AT, queues: [queue(1), queue(2)],
      agents: [agent(1, 'AVAILABLE'), agent(2, 'PAUSED')] });
    s = reduceWallboard(s, { type: 'snapshot', at: AT, queues: [queue(2)], agents: [agent(2, 'PAUSED')] });
    expect(s.loaded).toBe(true);
    expect([...s.queues.keys()]).toEqual([2]);
    expect([...s.agents.keys()]).toEqual([2]);
  });

  it('replaces on a delta only the queues and agents it names', () => {
    const s0 = reduceWallboard(initialWallboard, { type: 'snapshot', at: AT, queues: [queue(1), queue(2)],
      agents: [agent(1, 'AVAILABLE'), agent(2, 'AVAILABLE')] });
    const s1 = reduceWallboard(s0, { type: 'delta', at: AT, queues: [queue(2, 3, 10)], agents: [agent(1, 'ON_CONTACT')] });
    expect(s1.queues.get(2)!.value.waiting).toBe(3);
    expect(s1.queues.get(1)).toBe(s0.queues.get(1));
    expect(s1.agents.get(1)!.value.state).toBe('ON_CONTACT');
    expect(s1.agents.get(2)).toBe(s0.agents.get(2));
    expect(s1.changedQueues).toEqual([2]);
    expect(s1.version).toBe(s0.version + 1);
    expect(s0.agents.get(1)!.value.state).toBe('AVAILABLE');
  });

  it('ignores frames that are not figures', () => {
    expect(reduceWallboard(initialWallboard, { type: 'ack', ref: 's1' })).toBe(initialWallboard);
  });

  it('counts time in state and waits up from the frame\'s at', () => {
    const s = reduceWallboard(initialWallboard, { type: 'snapshot', at: AT, queues: [queue(1, 1, 20)],
      agents: [agent(1, 'PAUSED', 30)] });
    expect(secondsInState(s.agents.get(1)!, atMs + 5_500)).toBe(35);
    expect(oldestWait(s.queues.get(1)!, atMs + 10_000)).toBe(30);
    expect(oldestWait(s.queues.get(1)!, atMs + 10_000, 'DIAMOND')).toBe(0);
  });

  it('says a tier is breached once its oldest wait passes the strictest answer target', () => {
    const s = reduceWallboard(initialWallboard, { type: 'snapshot', at: AT, queues: [queue(1, 1, 20)], agents: [] });
    const meta: QueueMeta = { id: 1, name: 'Q1', channels: [], teams: [], effectiveAnswerTargets: [
      { tier: 'GOLD', channel: 'CHAT', seconds: 30, source: 'QUEUE' },
      { tier: 'GOLD', channel: 'EMAIL', seconds: 3600, source: 'DEFAULT' }] };
    expect(breached(s.queues.get(1)!, meta, atMs + 5_000, 'GOLD')).toBe(false);
    expect(breached(s.queues.get(1)!, meta, atMs + 11_000, 'GOLD')).toBe(true);
  });

  it('filters agents by team and sorts them by state or by time in state', () => {
    const s = reduceWallboard(initialWallboard, { type: 'snapshot', at: AT, queues: [],
      agents: [agent(1, 'AVAILABLE', 5), agent(2, 'ON_CONTACT', 50), agent(3, 'PAUSED', 500, 2)] });
    const ids = (sort: 'state' | 'time', teamIds: number[] = []) =>
      visibleAgents(s, { teamIds, queueIds: [] }, sort, atMs).map((a) => a.value.agentId);
    expect(ids('state')).toEqual([2, 1, 3]);
    expect(ids('time')).toEqual([3, 2, 1]);
    expect(ids('time', [1])).toEqual([2, 1]);
  });

  it('shows the tiles of the chosen queue, else of the queues the chosen team serves', () => {
    const meta = (id: number, teams: number[]): QueueMeta => ({ id, name: `Q${id}`, channels: ['CHAT'], teams,
      effectiveAnswerTargets: [] });
    expect(queueShown(1, meta(1, [7]), 0, 0)).toBe(true);
    expect(queueShown(1, meta(1, [7]), 7, 0)).toBe(true);
    expect(queueShown(2, meta(2, [8]), 7, 0)).toBe(false);
    expect(queueShown(3, meta(3, []), 7, 0)).toBe(true); // open to every team
    expect(queueShown(2, meta(2, [8]), 7, 2)).toBe(true); // the chosen queue wins
    expect(queueShown(1, meta(1, [7]), 7, 2)).toBe(false);
    expect(queueShown(4, undefined, 7, 0)).toBe(true); // records not loaded yet
  });

  it('charts arrivals and service level in percent per interval', () => {
    expect(chartSeries([{ start: AT, arrived: 3, answered: 2, answeredInTarget: 2, abandoned: 1, abandonedInTarget: 0,
      serviceLevel: 0.6667 }, { start: '2026-12-02T08:15:00Z', arrived: 0, answered: 0, answeredInTarget: 0,
      abandoned: 0, abandonedInTarget: 0, serviceLevel: null }]))
      .toEqual([[atMs / 1000, atMs / 1000 + 900], [3, 0], [66.7, null]]);
  });
});
