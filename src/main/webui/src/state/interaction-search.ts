/** Pure helpers of the customer search (routes/search) and the agent's history (routes/history). */

/** A customer as the search lists it (`GET /api/customers?q=` answers summary rows, without contact points). */
export interface CustomerHit {
  id: number;
  name: string;
  tier: string;
  provisional?: boolean;
  mergedIntoId?: number | null;
  contactPoints?: Array<{ type: string; value: string }> | null;
}

/**
 * Whether a query is a whole contact point rather than part of a name: an email address, a SIP URI, or a phone
 * or fax number in any format (+86 138-0013-8000, (010) 6552 8888). Those are looked up exactly by `?contact=`.
 */
export function looksLikeContact(q: string): boolean {
  const s = q.trim();
  if (!s) return false;
  if (/^sips?:/i.test(s)) return true;
  if (/^[^\s@]+@[^\s@]+$/.test(s)) return true;
  const digits = s.replace(/\D/g, '');
  return /^[+(]?[\d\s().\-/]+$/.test(s) && digits.length >= 5;
}

/** The exact contact match first, then the name matches, each customer once, merged ones left out. */
export function mergeHits(...lists: Array<CustomerHit[] | null | undefined>): CustomerHit[] {
  const seen = new Set<number>();
  const out: CustomerHit[] = [];
  for (const list of lists) {
    for (const c of list ?? []) {
      if (!c || seen.has(c.id) || c.mergedIntoId) continue;
      seen.add(c.id);
      out.push(c);
    }
  }
  return out;
}
