import { Store } from './store';
import { ApiError } from '../api/rest';

/**
 * The administration pages' model: the records as the API shows them (docs/organisation.md, docs/api.md), the
 * forms as the pages edit them, the same checks the API makes (so most mistakes are caught before a request),
 * the request bodies, and the API's problem+json turned into messages per form field.
 */

export const ROLES = ['agent', 'supervisor', 'admin'] as const;
export const SERVICE_TIERS = ['FIRST_LINE', 'SECOND_LINE', 'SENIOR'] as const;
export const TIERS = ['DIAMOND', 'GOLD', 'STANDARD'] as const;
export const CHANNELS = ['VOICE', 'VOIP', 'FAX', 'EMAIL', 'CHAT', 'SMS', 'API'] as const;
export const PHONE_KINDS = ['WEBRTC', 'SIP'] as const;
export const MAX_TARGET_SECONDS = 7 * 24 * 3600;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export type Tier = (typeof TIERS)[number];
export type Channel = (typeof CHANNELS)[number];

export interface UserRecord { id: number; username: string; displayName: string | null; roles: string[]; enabled: boolean; createdAt: string }
export interface TeamRecord { id: number; name: string; serviceTier: string; createdAt: string }
export interface AgentRecord {
  id: number; name: string; userId: number | null; teamId: number | null; serviceTier: string;
  tierClearance: Tier[]; channels: Channel[]; capacity: number; sipEndpoint: string | null; phoneKind: string | null;
  skills: Record<string, number>;
}
export interface AnswerTarget { tier: Tier; channel: Channel; seconds: number }
export interface Disposition { code: string; labels?: Record<string, string> }
export interface QueueRecord {
  id: number; name: string; channels: Channel[]; skills: Record<string, number>; answerTargets: AnswerTarget[];
  effectiveAnswerTargets?: Array<AnswerTarget & { source: string }>;
  overflowQueueId: number | null; overflowTeams: number[] | null; businessHours: string | null; teams: number[] | null;
  dispositions: Disposition[];
}
export interface AuditRecord { id: number; at: string; actor: string; action: string; target: string | null; detail: Record<string, unknown> | null }

/** The sub-page from the URL: `#/admin/teams` → teams; users when none. */
export type AdminPage = 'users' | 'teams' | 'agents' | 'queues' | 'audit';
export const ADMIN_PAGES: AdminPage[] = ['users', 'teams', 'agents', 'queues', 'audit'];

export function adminPageOf(hash: string): AdminPage {
  const parts = hash.replace(/^#\/?/, '').split('/');
  return parts[0] === 'admin' && (ADMIN_PAGES as string[]).includes(parts[1]) ? (parts[1] as AdminPage) : 'users';
}

const inBrowser = typeof window !== 'undefined' && typeof location !== 'undefined';
export const adminPage = new Store<AdminPage>(adminPageOf(inBrowser ? location.hash : ''));
if (inBrowser) window.addEventListener('hashchange', () => adminPage.set(adminPageOf(location.hash)));

/** A message for a field: a catalogue key (`admin.invalid.*`) and its parameters, or the API's own text. */
export interface FieldMessage { key?: string; params?: Record<string, string | number>; text?: string }
export type FieldMessages = Record<string, FieldMessage>;

const required = (): FieldMessage => ({ key: 'admin.invalid.required' });
const range = (min: number, max: number): FieldMessage => ({ key: 'admin.invalid.range', params: { min, max } });

function inRange(text: string, min: number, max: number): boolean {
  if (!/^\d+$/.test(text.trim())) return false;
  const n = Number(text);
  return n >= min && n <= max;
}

/**
 * Skills as the pages write them: `mandarin 8, options 5` (or `mandarin:8`). Names are trimmed and lower-cased as
 * the API stores them; a level is 1–10; a name twice is refused.
 */
export function parseSkills(text: string): { skills: Record<string, number>; error?: FieldMessage } {
  const skills: Record<string, number> = {};
  for (const part of text.split(/[,，;\n]/).map((p) => p.trim()).filter((p) => p)) {
    const m = /^(.+?)[\s:=]+(\d+)$/.exec(part);
    if (!m) return { skills, error: { key: 'admin.invalid.skill', params: { skill: part } } };
    const name = m[1].trim().toLowerCase();
    const level = Number(m[2]);
    if (name.length > 100) return { skills, error: { key: 'admin.invalid.skill', params: { skill: part } } };
    if (level < 1 || level > 10) return { skills, error: { key: 'admin.invalid.skillLevel', params: { skill: name } } };
    if (name in skills) return { skills, error: { key: 'admin.invalid.skillTwice', params: { skill: name } } };
    skills[name] = level;
  }
  return { skills };
}

export function skillsText(skills: Record<string, number> | null | undefined): string {
  return Object.entries(skills ?? {}).map(([name, level]) => `${name} ${level}`).join(', ');
}

// ---- users

export interface UserForm { username: string; displayName: string; password: string; roles: string[] }

export function validateNewUser(f: UserForm): FieldMessages {
  const e: FieldMessages = {};
  if (!f.username.trim()) e.username = required();
  else if (f.username.length > 100) e.username = { key: 'admin.invalid.length', params: { max: 100 } };
  if (f.displayName.length > 200) e.displayName = { key: 'admin.invalid.length', params: { max: 200 } };
  if (f.password.length < 8 || f.password.length > 200) e.password = { key: 'admin.invalid.password' };
  if (f.roles.length === 0) e.roles = { key: 'admin.invalid.roles' };
  return e;
}

/** A new password for a user (reset): 8–200 characters, like the API's. */
export function validatePassword(password: string): FieldMessages {
  return password.length < 8 || password.length > 200 ? { password: { key: 'admin.invalid.password' } } : {};
}

// ---- teams

export interface TeamForm { name: string; serviceTier: string }

export function validateTeam(f: TeamForm): FieldMessages {
  const e: FieldMessages = {};
  if (!f.name.trim()) e.name = required();
  else if (f.name.length > 200) e.name = { key: 'admin.invalid.length', params: { max: 200 } };
  return e;
}

// ---- agents

export interface AgentForm {
  name: string; userId: string; teamId: string; serviceTier: string; tierClearance: Tier[]; channels: Channel[];
  capacity: string; sipEndpoint: string; phoneKind: string; skills: string;
}

export function emptyAgentForm(): AgentForm {
  return { name: '', userId: '', teamId: '', serviceTier: '', tierClearance: ['STANDARD'],
    channels: CHANNELS.filter((c) => c !== 'API'), capacity: '100', sipEndpoint: '', phoneKind: 'WEBRTC', skills: '' };
}

export function agentFormOf(a: AgentRecord): AgentForm {
  return { name: a.name, userId: a.userId == null ? '' : String(a.userId), teamId: a.teamId == null ? '' : String(a.teamId),
    serviceTier: a.serviceTier ?? '', tierClearance: [...a.tierClearance], channels: [...a.channels],
    capacity: String(a.capacity), sipEndpoint: a.sipEndpoint ?? '', phoneKind: a.phoneKind ?? 'WEBRTC', skills: skillsText(a.skills) };
}

export function validateAgent(f: AgentForm): FieldMessages {
  const e: FieldMessages = {};
  if (!f.name.trim()) e.name = required();
  else if (f.name.length > 200) e.name = { key: 'admin.invalid.length', params: { max: 200 } };
  if (f.tierClearance.length === 0) e.tierClearance = { key: 'admin.invalid.oneOrMore' };
  if (f.channels.length === 0) e.channels = { key: 'admin.invalid.oneOrMore' };
  if (!inRange(f.capacity, 1, 1000)) e.capacity = range(1, 1000);
  if (f.sipEndpoint.length > 200) e.sipEndpoint = { key: 'admin.invalid.length', params: { max: 200 } };
  const skills = parseSkills(f.skills);
  if (skills.error) e.skills = skills.error;
  return e;
}

const idOrNull = (s: string): number | null => (s.trim() ? Number(s) : null);

export function agentBody(f: AgentForm): Record<string, unknown> {
  return {
    name: f.name.trim(), userId: idOrNull(f.userId), teamId: idOrNull(f.teamId), serviceTier: f.serviceTier || null,
    tierClearance: f.tierClearance, channels: f.channels, capacity: Number(f.capacity),
    sipEndpoint: f.sipEndpoint.trim() || null, phoneKind: f.phoneKind || null, skills: parseSkills(f.skills).skills,
  };
}

// ---- queues

export interface DispositionRow { code: string; zh: string; en: string }
export interface QueueForm {
  name: string; channels: Channel[]; skills: string; targets: Record<string, string>; overflowQueueId: string;
  teams: number[]; overflowTeams: number[]; businessHours: string; dispositions: DispositionRow[];
}

export const targetKey = (tier: string, channel: string) => `${tier}:${channel}`;

export function emptyQueueForm(): QueueForm {
  return { name: '', channels: [], skills: '', targets: {}, overflowQueueId: '', teams: [], overflowTeams: [],
    businessHours: '', dispositions: [] };
}

export function queueFormOf(q: QueueRecord): QueueForm {
  const targets: Record<string, string> = {};
  for (const t of q.answerTargets ?? []) targets[targetKey(t.tier, t.channel)] = String(t.seconds);
  return {
    name: q.name, channels: [...q.channels], skills: skillsText(q.skills), targets,
    overflowQueueId: q.overflowQueueId == null ? '' : String(q.overflowQueueId), teams: [...(q.teams ?? [])],
    overflowTeams: [...(q.overflowTeams ?? [])], businessHours: q.businessHours ?? '',
    dispositions: (q.dispositions ?? []).map((d) => ({ code: d.code, zh: d.labels?.['zh-CN'] ?? '', en: d.labels?.en ?? '' })),
  };
}

export function validateQueue(f: QueueForm): FieldMessages {
  const e: FieldMessages = {};
  if (!f.name.trim()) e.name = required();
  else if (f.name.length > 200) e.name = { key: 'admin.invalid.length', params: { max: 200 } };
  if (f.channels.length === 0) e.channels = { key: 'admin.invalid.oneOrMore' };
  const skills = parseSkills(f.skills);
  if (skills.error) e.skills = skills.error;
  for (const [key, value] of Object.entries(f.targets)) {
    const channel = key.split(':')[1] as Channel;
    if (value.trim() && f.channels.includes(channel) && !inRange(value, 1, MAX_TARGET_SECONDS)) {
      e.answerTargets = range(1, MAX_TARGET_SECONDS);
      e[`target-${key}`] = range(1, MAX_TARGET_SECONDS);
    }
  }
  if (f.businessHours.length > 500) e.businessHours = { key: 'admin.invalid.length', params: { max: 500 } };
  const codes = new Set<string>();
  f.dispositions.forEach((d, i) => {
    if (!CODE.test(d.code)) e[`dispositions[${i}]`] = { key: 'admin.invalid.code' };
    else if (codes.has(d.code)) e[`dispositions[${i}]`] = { key: 'admin.invalid.codeTwice', params: { code: d.code } };
    else if (d.zh.length > 200 || d.en.length > 200) e[`dispositions[${i}]`] = { key: 'admin.invalid.length', params: { max: 200 } };
    codes.add(d.code);
  });
  if (Object.keys(e).some((k) => k.startsWith('dispositions['))) e.dispositions = { key: 'admin.invalid.dispositions' };
  return e;
}

export function queueBody(f: QueueForm): Record<string, unknown> {
  const answerTargets: AnswerTarget[] = [];
  for (const tier of TIERS) {
    for (const channel of f.channels) {
      const v = f.targets[targetKey(tier, channel)]?.trim();
      if (v) answerTargets.push({ tier, channel, seconds: Number(v) });
    }
  }
  return {
    name: f.name.trim(), channels: f.channels, skills: parseSkills(f.skills).skills, answerTargets,
    overflowQueueId: idOrNull(f.overflowQueueId), teams: f.teams, overflowTeams: f.overflowTeams,
    businessHours: f.businessHours.trim() || null,
    dispositions: f.dispositions.map((d) => {
      const labels: Record<string, string> = {};
      if (d.zh.trim()) labels['zh-CN'] = d.zh.trim();
      if (d.en.trim()) labels.en = d.en.trim();
      return { code: d.code.trim(), labels };
    }),
  };
}

// ---- audit

export interface AuditFilter { actor: string; action: string; target: string; page: number; size: number }

export function auditQuery(f: AuditFilter): string {
  const p = new URLSearchParams();
  if (f.actor.trim()) p.set('actor', f.actor.trim());
  if (f.action.trim()) p.set('action', f.action.trim());
  if (f.target.trim()) p.set('target', f.target.trim());
  p.set('page', String(f.page));
  p.set('size', String(f.size));
  return `/api/audit?${p}`;
}

// ---- problems

/** A refusal as a form shows it: the problem's title and detail, and the API's message per form field. */
export interface FormProblem { title: string; detail: string; fields: FieldMessages }

/** The form field an API field belongs to: `skills[billing]` → skills, `answerTargets[0].seconds` → answerTargets. */
export function formField(apiField: string): string {
  const m = /^(dispositions\[\d+\])/.exec(apiField);
  return m ? m[1] : apiField.split(/[[.]/)[0];
}

export function problemOf(e: unknown): FormProblem {
  if (e instanceof ApiError) {
    const fields: FieldMessages = {};
    for (const f of e.errors) {
      const field = formField(f.field);
      const text = f.field === field ? f.message : `${f.field}: ${f.message}`;
      fields[field] = { text: fields[field]?.text ? `${fields[field].text}; ${text}` : text };
      if (field.startsWith('dispositions[')) fields.dispositions ??= { text };
    }
    return { title: e.title, detail: e.detail, fields };
  }
  return { title: '', detail: String(e), fields: {} };
}
