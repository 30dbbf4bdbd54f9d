import { Store } from '../state/store';
import { en } from './locale/en';
import { zhCN } from './locale/zh-CN';

export type Locale = 'en' | 'zh-CN';
export type Messages = Record<string, Record<string, string>>;

const catalogs: Record<Locale, Messages> = { en, 'zh-CN': zhCN };
const KEY = 'sb.locale';

/** The language the browser prefers, unless the agent chose one (kept across reloads). */
export function initialLocale(saved = localStorage.getItem(KEY), languages = navigator.languages): Locale {
  if (saved === 'en' || saved === 'zh-CN') return saved;
  for (const l of languages ?? []) {
    if (l.toLowerCase().startsWith('zh')) return 'zh-CN';
    if (l.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

export const locale = new Store<Locale>(initialLocale());

locale.subscribe((l) => {
  localStorage.setItem(KEY, l);
  document.documentElement.lang = l;
});
document.documentElement.lang = locale.get();

/** Looks up `screen.key` in a catalogue and fills `{name}` placeholders. */
export function lookup(messages: Messages, key: string, params?: Record<string, string | number>): string {
  const dot = key.indexOf('.');
  const text = messages[key.substring(0, dot)]?.[key.substring(dot + 1)];
  if (text === undefined) return key;
  return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
}

/** A visible text in the current language; every text on screen comes through here. */
export function t(key: string, params?: Record<string, string | number>): string {
  return lookup(catalogs[locale.get()], key, params);
}

export function catalog(l: Locale): Messages {
  return catalogs[l];
}

/** A time of day or date in the current language. */
export function formatTime(iso: string | undefined | null, withDate = false): string {
  if (!iso) return '';
  const d = new Date(iso);
  return withDate
    ? d.toLocaleString(locale.get(), { dateStyle: 'medium', timeStyle: 'short' })
    : d.toLocaleTimeString(locale.get(), { hour: '2-digit', minute: '2-digit' });
}

/** A time window: its start with the date, its end as a time ("Dec 3, 2026, 7:33 AM–8:33 AM"). */
export function formatWindow(from: string, to: string): string {
  const end = new Date(to);
  return `${formatTime(from, true)}–${end.toLocaleTimeString(locale.get(), { timeStyle: 'short' })}`;
}

/** A duration as m:ss (or h:mm:ss). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
