import type { Touchpoint } from './types';

/**
 * What the conversation of one interaction shows, derived from its touchpoints (live and loaded), the delivery
 * statuses `GET /api/interactions/{id}/messages` answered, and the messages this page is still sending. Pure
 * functions: the views call them on every render, the tests call them directly.
 */

/** A message out moves only forward: QUEUED → RETRYING → SENT → DELIVERED or FAILED (docs/channels/README.md). */
export type DeliveryStatus = 'QUEUED' | 'RETRYING' | 'SENT' | 'DELIVERED' | 'FAILED';

const RANK: Record<string, number> = { QUEUED: 0, RETRYING: 1, SENT: 2, DELIVERED: 3, FAILED: 3 };

/** A message out as `GET /api/interactions/{id}/messages` lists it. */
export interface MessageStatus {
  touchpointId: number;
  interactionId?: number;
  channel?: string;
  destination?: string;
  status: DeliveryStatus;
  reason?: string | null;
  attempts?: number;
  nextAttemptAt?: string | null;
  gatewayRef?: string | null;
  updatedAt?: string;
}

/** A file listed in a touchpoint's `data.attachments`, downloadable at `/api/attachments/{sha256}`. */
export interface Attachment {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** A message this page handed to the service and has not yet seen come back as a touchpoint. */
export interface PendingSend {
  /** This page's id for it (the idempotency key when it has one). */
  key: string;
  text: string;
  /** The highest seq of the interaction's touchpoints when it was written: its touchpoint comes after. */
  afterSeq: number;
  /** From the ack (socket) or the 202 (REST): the MESSAGE_OUT touchpoint it became. */
  touchpointId?: number;
  status: 'sending' | DeliveryStatus | 'failed';
  /** Why the service refused it (`failed`). */
  error?: string;
  /** File names sent with it, shown on the bubble meanwhile. */
  files?: string[];
}

export interface Delivery {
  status: DeliveryStatus;
  reason?: string | null;
  attempts?: number;
}

export interface MessageItem {
  type: 'message';
  /** The touchpoint id, or `pending:<key>` for one still being sent. */
  id: string;
  touchpointId?: number;
  dir: 'in' | 'out';
  text: string;
  at: string | null;
  employee?: string | null;
  attachments: Attachment[];
  /** Outbound only: its delivery status, `sending` while the service has not answered, `failed` if it refused. */
  status?: DeliveryStatus | 'sending' | 'failed';
  reason?: string | null;
  pending?: PendingSend;
  touchpoint?: Touchpoint;
}

export interface SystemItem {
  type: 'system';
  id: string;
  kind: string;
  at: string;
  touchpoint: Touchpoint;
}

export type ConversationItem = MessageItem | SystemItem;

/** The id of a touchpoint: `id` in REST answers, `touchpointId` in stream events. */
export function idOf(t: Touchpoint): number | undefined {
  return t.id ?? t.touchpointId;
}

/** Which of two statuses is the later: the higher rank; between the two final ones, the one seen last. */
function later(current: Delivery | undefined, next: Delivery): Delivery {
  if (!current) return next;
  return (RANK[next.status] ?? -1) >= (RANK[current.status] ?? -1) ? next : current;
}

/**
 * The delivery status of every message out, by its touchpoint id: its own result (QUEUED), each DELIVERY
 * touchpoint naming it (`data.messageTouchpointId`, result = the status), and the REST list. Statuses only move
 * forward, so a late or repeated report never moves one back.
 */
export function deliveries(touchpoints: Touchpoint[], messages: MessageStatus[] = []): Map<number, Delivery> {
  const out = new Map<number, Delivery>();
  for (const t of touchpoints) {
    if (t.kind === 'MESSAGE_OUT') {
      const id = idOf(t);
      if (id != null) out.set(id, later(out.get(id), { status: (t.result as DeliveryStatus) || 'QUEUED' }));
    }
  }
  for (const m of messages) {
    out.set(m.touchpointId, later(out.get(m.touchpointId),
      { status: m.status, reason: m.reason, attempts: m.attempts }));
  }
  for (const t of touchpoints) {
    if (t.kind !== 'DELIVERY' || !t.result) continue;
    const of = Number(t.data?.messageTouchpointId);
    if (!Number.isFinite(of)) continue;
    out.set(of, later(out.get(of), {
      status: t.result as DeliveryStatus,
      reason: (t.data?.reason as string) ?? null,
      attempts: t.data?.attempts as number | undefined,
    }));
  }
  return out;
}

/**
 * The pending sends still to show: each is matched to the MESSAGE_OUT touchpoint it became, by the id its ack
 * gave, or (the touchpoint came before the ack) by the same text after the seq it was written at, one touchpoint
 * per send. A matched send is shown as its touchpoint, never twice.
 */
export function unmatchedPending(pending: PendingSend[], touchpoints: Touchpoint[]): PendingSend[] {
  const outs = touchpoints.filter((t) => t.kind === 'MESSAGE_OUT');
  const ids = new Set(outs.map(idOf).filter((id): id is number => id != null));
  const claimed = new Set<number>();
  for (const p of pending) if (p.touchpointId != null) claimed.add(p.touchpointId);
  const left: PendingSend[] = [];
  for (const p of pending) {
    if (p.touchpointId != null) {
      if (!ids.has(p.touchpointId)) left.push(p);
      continue;
    }
    if (p.status === 'failed') {
      left.push(p);
      continue;
    }
    const match = outs.find((t) => {
      const id = idOf(t);
      return id != null && !claimed.has(id) && (t.seq ?? 0) > p.afterSeq && (t.content ?? '') === p.text;
    });
    if (match) claimed.add(idOf(match)!);
    else left.push(p);
  }
  return left;
}

/** Touchpoint kinds that are not a line of their own: statuses fold into their message. */
const FOLDED = new Set(['DELIVERY']);

/**
 * The conversation as a list: messages in and out as bubbles (outbound ones with their delivery status),
 * other touchpoints (queued, offered, accepted, notes, ended, …) as system lines, and the sends still pending
 * at the end.
 */
export function conversation(touchpoints: Touchpoint[], messages: MessageStatus[] = [],
                             pending: PendingSend[] = []): ConversationItem[] {
  const status = deliveries(touchpoints, messages);
  const items: ConversationItem[] = [];
  for (const t of touchpoints) {
    if (FOLDED.has(t.kind)) continue;
    const id = idOf(t);
    if (t.kind === 'MESSAGE_IN' || t.kind === 'MESSAGE_OUT') {
      const out = t.kind === 'MESSAGE_OUT';
      const d = out && id != null ? status.get(id) : undefined;
      items.push({
        type: 'message', id: String(id ?? t.eventId ?? t.seq), touchpointId: id, dir: out ? 'out' : 'in',
        text: t.content ?? '', at: t.occurredAt, employee: t.employee, attachments: attachmentsOf(t),
        status: out ? d?.status ?? 'QUEUED' : undefined, reason: d?.reason, touchpoint: t,
      });
    } else {
      items.push({ type: 'system', id: String(id ?? t.eventId ?? t.seq), kind: t.kind, at: t.occurredAt, touchpoint: t });
    }
  }
  for (const p of unmatchedPending(pending, touchpoints)) {
    items.push({
      type: 'message', id: `pending:${p.key}`, touchpointId: p.touchpointId, dir: 'out', text: p.text, at: null,
      attachments: [], status: p.status, reason: p.error, pending: p,
    });
  }
  return items;
}

export function attachmentsOf(t: Touchpoint): Attachment[] {
  const list = t.data?.attachments;
  return Array.isArray(list) ? (list as Attachment[]).filter((a) => a && typeof a.sha256 === 'string') : [];
}

/** The highest seq among the touchpoints (0 when none): where a message written now will come after. */
export function lastSeq(touchpoints: Touchpoint[]): number {
  return touchpoints.reduce((m, t) => Math.max(m, t.seq ?? 0), 0);
}

/** Our own tokens in a subject (`[#I-12]`, `[SR-3]`): the service adds them again to every reply. */
const TOKENS = /\s*\[(#I|SR)-\d+\]/gi;
const RE = /^\s*((re|aw|sv|回复|答复)\s*[:：]\s*)+/i;

/** The subject a reply starts with: `Re: ` and the thread's first subject, without our tokens or a second Re. */
export function replySubject(subjects: Array<string | null | undefined>): string {
  const first = subjects.find((s) => s && s.trim());
  if (!first) return '';
  const bare = first.replace(TOKENS, '').replace(RE, '').trim();
  return bare ? `Re: ${bare}` : '';
}

/** An email touchpoint's headers as the thread shows them. */
export interface EmailHeaders {
  subject: string | null;
  from: string | null;
  to: string | null;
  cc: string | null;
  date: string | null;
  html: boolean;
}

function text(v: unknown): string | null {
  if (v == null) return null;
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x ? (x as { address?: string }).address ?? JSON.stringify(x) : String(x))).join(', ') || null;
  if (typeof v === 'object') return (v as { address?: string }).address ?? JSON.stringify(v);
  return String(v);
}

export function emailHeaders(t: Touchpoint): EmailHeaders {
  const d = t.data ?? {};
  return {
    subject: text(d.subject), from: text(d.from), to: text(d.to), cc: text(d.cc),
    date: text(d.date) ?? t.occurredAt, html: d.html === true,
  };
}

/** A received fax's pages and PDF (docs/channels/fax.md: `data.fax`). */
export interface FaxInfo {
  status: string | null;
  pagesReceived: number | null;
  pagesExpected: number | null;
  pdfSha256: string | null;
  pages: Array<{ page: number; width?: number; height?: number; filename?: string; sha256: string }>;
  error: string | null;
}

export function faxOf(t: Touchpoint): FaxInfo | null {
  const fax = t.data?.fax as Record<string, unknown> | undefined;
  const attachments = attachmentsOf(t);
  const pdf = attachments.find((a) => a.contentType === 'application/pdf');
  if (!fax) {
    return pdf ? { status: null, pagesReceived: null, pagesExpected: null, pdfSha256: pdf.sha256, pages: [], error: null } : null;
  }
  const pages = Array.isArray(fax.pages) ? (fax.pages as FaxInfo['pages']).filter((p) => p && p.sha256) : [];
  return {
    status: (fax.status as string) ?? null,
    pagesReceived: typeof fax.pagesReceived === 'number' ? fax.pagesReceived : typeof fax.pages === 'number' ? fax.pages : null,
    pagesExpected: (fax.pagesExpected as number) ?? null,
    pdfSha256: (fax.pdfSha256 as string) ?? pdf?.sha256 ?? null,
    pages: [...pages].sort((a, b) => a.page - b.page),
    error: (fax.error as string) ?? (fax.conversionError as string) ?? null,
  };
}

/** The SMS composer's figures (`sms-preview`). */
export interface SmsPreview {
  encoding: string;
  segments: number;
  units: number;
  perPart: number;
  left: number;
  maxSegments: number;
  fits: boolean;
}

/** Newest first, no duplicates: the timeline pages loaded so far and what arrived live since. */
export function mergeTimeline(loaded: Touchpoint[], live: Touchpoint[] = []): Touchpoint[] {
  const byKey = new Map<string, Touchpoint>();
  for (const t of [...loaded, ...live]) byKey.set(t.eventId ?? String(idOf(t)), t);
  return [...byKey.values()].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt)
    || (idOf(b) ?? 0) - (idOf(a) ?? 0));
}

/** When the interaction began for the agent: answered, else created, else its first touchpoint. */
export function startedAt(view: { answeredAt?: string | null; createdAt?: string | null } | null | undefined,
                          touchpoints: Touchpoint[] = []): string | null {
  return view?.answeredAt ?? view?.createdAt ?? touchpoints[0]?.occurredAt ?? null;
}
