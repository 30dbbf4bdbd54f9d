import { Store } from './store';
import { rest } from '../api/rest';

/** A queue as `GET /api/queues` answers (the fields the console shows). */
export interface Queue {
  id: number;
  name: string;
  channels: string[];
  dispositions?: unknown[];
  [field: string]: unknown;
}

/** The centre's queues by id, loaded once per sign-in (agents may read them). */
export const queues = new Store<Record<number, Queue>>({});
let loading: Promise<void> | null = null;

export function loadQueues(): Promise<void> {
  loading ??= rest.get<Queue[]>('/api/queues')
    .then((list) => queues.set(Object.fromEntries(list.map((q) => [q.id, q]))))
    .catch(() => {
      loading = null;
    });
  return loading;
}

/** The queue's name if known, else null (and starts loading the queues). */
export function queueName(id: number): string | null {
  const q = queues.get()[id];
  if (q) return q.name;
  void loadQueues();
  return null;
}
