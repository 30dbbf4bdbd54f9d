import { Store } from './store';
import { rest } from '../api/rest';

/** A customer as `GET /api/customers/{id}` answers (the fields the console shows). */
export interface Customer {
  id: number;
  name: string;
  tier: string;
  provisional?: boolean;
  assets?: number | null;
  turnover?: number | null;
  commission?: number | null;
  teamId?: number | null;
  smsOptOut?: boolean;
  emailOptOut?: boolean;
  attributes?: Record<string, unknown> | null;
  contactPoints?: Array<{ id: number; type: string; value: string; verified?: boolean; source?: string }>;
  [field: string]: unknown;
}

/** Customers the console has loaded, by id; a view asks with {@link loadCustomer} and re-renders on arrival. */
export const customers = new Store<Record<number, Customer>>({});
const inFlight = new Map<number, Promise<Customer | null>>();

export function loadCustomer(id: number, fresh = false): Promise<Customer | null> {
  if (!fresh && customers.get()[id]) return Promise.resolve(customers.get()[id]);
  if (!fresh && inFlight.has(id)) return inFlight.get(id)!;
  const p = rest.get<Customer>(`/api/customers/${id}`)
    .then((c) => {
      customers.update((all) => ({ ...all, [id]: c }));
      return c;
    })
    .catch(() => null)
    .finally(() => inFlight.delete(id));
  inFlight.set(id, p);
  return p;
}

/** The customer's name if loaded, else null (and starts loading it). */
export function customerName(id: number): string | null {
  const c = customers.get()[id];
  if (c) return c.name;
  void loadCustomer(id);
  return null;
}
