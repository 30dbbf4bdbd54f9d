/**
 * "Request a call-back" as pure functions: the time windows of `GET /api/chat/callbacks/slots` grouped by day and
 * written in the customer's locale and the queue's time zone, the booking's states, and the service's refusals as
 * the form's own messages (docs/channels/chat.md, "Call-backs").
 */

export interface Slot {
  from: string;
  to: string;
}

/** `GET /api/chat/callbacks/slots`. */
export interface Slots {
  asap: boolean;
  timeZone: string;
  slots: Slot[];
}

/** `POST /api/chat/callbacks` → 201. */
export interface Booked {
  id: number;
  token: string;
  state: string;
  notBefore: string;
  notAfter: string;
  message?: string;
}

export type CallbackState = 'SCHEDULED' | 'QUEUED' | 'CALLING' | 'DONE' | 'FAILED' | 'EXPIRED' | 'CANCELLED';

/** The customer may still cancel (the service answers 409 later). */
export function cancellable(state: string): boolean {
  return state === 'SCHEDULED' || state === 'QUEUED';
}

/** The booking will not change any more: the widget stops asking and offers a new one. */
export function settled(state: string): boolean {
  return state === 'DONE' || state === 'FAILED' || state === 'EXPIRED' || state === 'CANCELLED';
}

/**
 * The locale to write dates in: the browser's own when it is of the widget's language (en-GB writes 14:00 and
 * 4 March), else the widget's language (a host that set zh-CN gets Chinese dates in an English browser).
 */
export function localeFor(lang: string, browser: string | undefined): string {
  const family = lang.toLowerCase().slice(0, 2);
  if (browser && browser.toLowerCase().startsWith(family)) {
    try {
      return Intl.DateTimeFormat.supportedLocalesOf([browser]).length ? browser : lang;
    } catch {
      return lang;
    }
  }
  return lang;
}

/**
 * A zone Intl knows: an IANA name as it is; Java's offset ids ("Z", "+08:00", "UTC+08:00") as UTC or Etc/GMT∓h
 * (whole hours; Etc names have the sign reversed); undefined for anything else (the browser's own zone is used).
 */
export function safeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  let zone = timeZone.trim();
  const offset = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?00)?$/.exec(zone);
  if (zone === 'Z') zone = 'UTC';
  else if (offset) zone = Number(offset[2]) === 0 ? 'UTC' : `Etc/GMT${offset[1] === '+' ? '-' : '+'}${Number(offset[2])}`;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

/** "Tuesday, 4 March" / "3月4日星期二": the day of an instant in the zone. */
export function dayLabel(iso: string, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', month: 'long', day: 'numeric', timeZone: safeZone(timeZone) })
    .format(new Date(iso));
}

/**
 * "14:00–15:00" / "2:00 PM–3:00 PM": the hours of a window in the zone (each end on its own: formatRange would
 * write the dates too for a window across midnight).
 */
export function hoursLabel(from: string, to: string, locale: string, timeZone?: string): string {
  const f = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: safeZone(timeZone) });
  return `${f.format(new Date(from))}–${f.format(new Date(to))}`;
}

/** The zone's name in the locale ("China Standard Time", "中国标准时间"); the zone's id when Intl has no name. */
export function zoneName(iso: string, locale: string, timeZone: string): string {
  const zone = safeZone(timeZone);
  if (!zone) return timeZone;
  const part = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'long' }).formatToParts(new Date(iso))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

export interface SlotGroup {
  day: string;
  options: Array<{ value: string; label: string }>;
}

/** The windows grouped by day (in the queue's zone), each option's value `from|to`. */
export function slotGroups(slots: Slot[], locale: string, timeZone?: string): SlotGroup[] {
  const groups: SlotGroup[] = [];
  for (const s of slots) {
    if (Number.isNaN(Date.parse(s.from)) || Number.isNaN(Date.parse(s.to))) continue;
    const day = dayLabel(s.from, locale, timeZone);
    let group = groups.at(-1);
    if (!group || group.day !== day) {
      group = { day, options: [] };
      groups.push(group);
    }
    group.options.push({ value: `${s.from}|${s.to}`, label: hoursLabel(s.from, s.to, locale, timeZone) });
  }
  return groups;
}

/** The value of the window select: `asap`, or a window `from|to`. */
export function parseWindow(value: string): { notBefore: string; notAfter: string } | null {
  const [notBefore, notAfter] = value.split('|');
  return notBefore && notAfter ? { notBefore, notAfter } : null;
}

export interface WindowText {
  /** "Tuesday, 4 March, 14:00–15:00" in the queue's zone */
  text: string;
  /** the queue's zone, named */
  zone: string;
  /** the same window in the browser's own zone when that differs, else null */
  local: string | null;
}

/** A booked window for the confirmation: in the queue's zone (the firm's hours), and the customer's own if other. */
export function windowText(from: string, to: string, locale: string, timeZone: string, browserZone?: string): WindowText {
  const text = dayAndHours(from, to, locale, timeZone);
  const zone = zoneName(from, locale, timeZone);
  // An unknown zone was written in the browser's own already; the same offsets are the same time.
  const other = browserZone != null && safeZone(browserZone) != null && safeZone(timeZone) != null
    && (offsetAt(from, browserZone) !== offsetAt(from, timeZone) || offsetAt(to, browserZone) !== offsetAt(to, timeZone));
  return { text, zone, local: other ? dayAndHours(from, to, locale, browserZone!) : null };
}

/** "Tuesday 3 March, 14:00–15:00"; in Chinese without the comma ("3月3日星期二 14:00–15:00"). */
function dayAndHours(from: string, to: string, locale: string, timeZone: string): string {
  const sep = locale.toLowerCase().startsWith('zh') ? ' ' : ', ';
  return `${dayLabel(from, locale, timeZone)}${sep}${hoursLabel(from, to, locale, timeZone)}`;
}

/** The zone's UTC offset at an instant as Intl writes it ("GMT+8"), to compare two zones. */
function offsetAt(iso: string, timeZone: string): string {
  const zone = safeZone(timeZone);
  if (!zone) return timeZone;
  return new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(new Date(iso))
    .find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

export type CallbackField = 'phone' | 'window' | 'note';
/** Translation keys (`cb.*`) of the form's messages. */
export type CallbackMessage =
  | 'cb.needPhone' | 'cb.badPhone' | 'cb.needWindow' | 'cb.badWindow' | 'cb.tooLong' | 'cb.booked'
  | 'cb.rateLimited' | 'cb.unavailable' | 'error.network' | 'error.server' | 'error.invalid';

/** The service's refusal of a booking, per field in the form's own words (never the server's text). */
export function refusal(status: number, fields: string[]): { fields: Partial<Record<CallbackField, CallbackMessage>>; form: CallbackMessage | null } {
  if (status === 409) return { fields: { phone: 'cb.booked' }, form: null };
  if (status === 429) return { fields: {}, form: 'cb.rateLimited' };
  if (status === 0) return { fields: {}, form: 'error.network' };
  if (status === 400 || status === 422) {
    const out: Partial<Record<CallbackField, CallbackMessage>> = {};
    for (const f of fields) {
      if (f === 'phone') out.phone = 'cb.badPhone';
      else if (f === 'notBefore' || f === 'notAfter') out.window = 'cb.badWindow';
      else if (f === 'note') out.note = 'cb.tooLong';
    }
    // a queue that takes no call-backs (any more)
    if (!Object.keys(out).length && fields.includes('queueId')) return { fields: {}, form: 'cb.unavailable' };
    return { fields: out, form: Object.keys(out).length ? null : 'error.invalid' };
  }
  if (status === 404) return { fields: {}, form: 'cb.unavailable' };
  return { fields: {}, form: 'error.server' };
}

const PHONE = /^\+?[\d\s().-]{5,30}$/;

/** The form checked before it goes: a callable number, a window (or "as soon as possible"), a note of ≤ 500. */
export function checkForm(v: { phone: string; window: string; note: string }): Partial<Record<CallbackField, CallbackMessage>> {
  const errors: Partial<Record<CallbackField, CallbackMessage>> = {};
  if (!v.phone) errors.phone = 'cb.needPhone';
  else if (!PHONE.test(v.phone) || v.phone.replace(/\D/g, '').length < 5) errors.phone = 'cb.badPhone';
  if (!v.window) errors.window = 'cb.needWindow';
  if (v.note.length > 500) errors.note = 'cb.tooLong';
  return errors;
}
