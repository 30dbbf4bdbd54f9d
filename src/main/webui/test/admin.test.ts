import { describe, expect, it, vi } from 'vitest';

// the session module follows other tabs through window's storage events
vi.hoisted(() => {
  (globalThis as Record<string, unknown>).window ??= { addEventListener() {}, removeEventListener() {} };
});
import { ApiError } from '../src/api/rest';
import { en } from '../src/i18n/locale/en';
import { adminPageOf, agentBody, auditQuery, emptyAgentForm, emptyQueueForm, formField, parseSkills, problemOf,
  queueBody, queueFormOf, skillsText, validateAgent, validateNewUser, validatePassword, validateQueue, validateTeam,
  type FieldMessages, type QueueRecord } from '../src/state/admin';

/** Every message key the checks give exists in the catalogue (they are not literal t('…') calls). */
function expectKnown(messages: FieldMessages): void {
  for (const m of Object.values(messages)) {
    expect(m.key, JSON.stringify(m)).toBeDefined();
    expect(Object.keys(en.admin)).toContain(m.key!.replace(/^admin\./, ''));
  }
}

describe('the administration pages', () => {
  it('open the sub-page the URL names, users when none', () => {
    expect(adminPageOf('#/admin/queues')).toBe('queues');
    expect(adminPageOf('#/admin/audit')).toBe('audit');
    expect(adminPageOf('#/admin')).toBe('users');
    expect(adminPageOf('#/admin/nothing')).toBe('users');
    expect(adminPageOf('#/workspace/teams')).toBe('users');
  });

  it('read skills with levels as the API stores them: lower-case, 1 to 10, each once', () => {
    expect(parseSkills('Mandarin 8, options:5，billing=10')).toEqual({ skills: { mandarin: 8, options: 5, billing: 10 } });
    expect(parseSkills('  ').skills).toEqual({});
    expect(parseSkills('mandarin 11').error?.key).toBe('admin.invalid.skillLevel');
    expect(parseSkills('mandarin 0').error?.key).toBe('admin.invalid.skillLevel');
    expect(parseSkills('mandarin').error?.key).toBe('admin.invalid.skill');
    expect(parseSkills('Mandarin 3, mandarin 4').error?.key).toBe('admin.invalid.skillTwice');
    expect(skillsText({ mandarin: 8, options: 5 })).toBe('mandarin 8, options 5');
  });

  it('check a new user as the API does: username, a password of 8 or more, a role', () => {
    const ok = validateNewUser({ username: 'lin.na', displayName: '', password: '12345678', roles: ['agent'] });
    expect(ok).toEqual({});
    const bad = validateNewUser({ username: ' ', displayName: '', password: 'short', roles: [] });
    expect(Object.keys(bad).sort()).toEqual(['password', 'roles', 'username']);
    expectKnown(bad);
    expect(validatePassword('1234567').password?.key).toBe('admin.invalid.password');
    expect(validatePassword('12345678')).toEqual({});
    expect(validateTeam({ name: '', serviceTier: 'SENIOR' }).name?.key).toBe('admin.invalid.required');
  });

  it('check an agent: name, a tier and a channel at least, capacity 1 to 1000, skills', () => {
    const f = { ...emptyAgentForm(), name: 'Li Wei' };
    expect(validateAgent(f)).toEqual({});
    const bad = validateAgent({ ...f, name: '', tierClearance: [], channels: [], capacity: '1001', skills: 'x 12' });
    expect(Object.keys(bad).sort()).toEqual(['capacity', 'channels', 'name', 'skills', 'tierClearance']);
    expectKnown(bad);
    expect(validateAgent({ ...f, capacity: '2.5' }).capacity?.params).toEqual({ min: 1, max: 1000 });
  });

  it('send an agent with ids as numbers and the empty fields as absent', () => {
    const body = agentBody({ ...emptyAgentForm(), name: ' Li Wei ', userId: '7', teamId: '3', channels: ['SMS', 'CHAT'],
      tierClearance: ['DIAMOND', 'GOLD', 'STANDARD'], capacity: '50', phoneKind: 'SIP', skills: 'Mandarin 8' });
    expect(body).toEqual({ name: 'Li Wei', userId: 7, teamId: 3, serviceTier: null, tierClearance: ['DIAMOND', 'GOLD', 'STANDARD'],
      channels: ['SMS', 'CHAT'], capacity: 50, sipEndpoint: null, phoneKind: 'SIP', skills: { mandarin: 8 } });
  });

  it('check a queue: a channel, targets within a week on its channels, disposition codes valid and once', () => {
    const f = { ...emptyQueueForm(), name: 'Diamond desk', channels: ['CHAT' as const] };
    expect(validateQueue(f)).toEqual({});
    expect(Object.keys(validateQueue(emptyQueueForm())).sort()).toEqual(['channels', 'name']);
    const targets = validateQueue({ ...f, targets: { 'DIAMOND:CHAT': '0', 'GOLD:VOICE': 'abc' } });
    expect(Object.keys(targets).sort()).toEqual(['answerTargets', 'target-DIAMOND:CHAT']);
    const codes = validateQueue({ ...f, dispositions: [{ code: 'resolved', zh: '', en: '' },
      { code: 'resolved', zh: '', en: '' }, { code: '-bad', zh: '', en: '' }] });
    expect(Object.keys(codes).sort()).toEqual(['dispositions', 'dispositions[1]', 'dispositions[2]']);
    expectKnown(codes);
  });

  it('send a queue with its targets per tier and channel, teams and labelled dispositions', () => {
    const body = queueBody({ ...emptyQueueForm(), name: 'Diamond desk', channels: ['VOICE', 'CHAT'], skills: 'mandarin 6',
      targets: { 'DIAMOND:VOICE': '15', 'GOLD:CHAT': ' ', 'STANDARD:CHAT': '300', 'GOLD:SMS': '9' },
      teams: [2], overflowTeams: [4, 1], overflowQueueId: '9', businessHours: ' Mon-Fri 09:00-18:00 Asia/Shanghai ',
      dispositions: [{ code: 'resolved', zh: '已解决', en: 'Resolved' }, { code: 'callback', zh: '', en: '' }] });
    expect(body).toEqual({
      name: 'Diamond desk', channels: ['VOICE', 'CHAT'], skills: { mandarin: 6 },
      answerTargets: [{ tier: 'DIAMOND', channel: 'VOICE', seconds: 15 }, { tier: 'STANDARD', channel: 'CHAT', seconds: 300 }],
      overflowQueueId: 9, teams: [2], overflowTeams: [4, 1], businessHours: 'Mon-Fri 09:00-18:00 Asia/Shanghai',
      dispositions: [{ code: 'resolved', labels: { 'zh-CN': '已解决', en: 'Resolved' } }, { code: 'callback', labels: {} }],
    });
  });

  it('edit a queue as the API shows it and send it back unchanged', () => {
    const q: QueueRecord = { id: 5, name: 'Gold', channels: ['CHAT'], skills: { options: 4 },
      answerTargets: [{ tier: 'GOLD', channel: 'CHAT', seconds: 90 }], overflowQueueId: null, overflowTeams: [3],
      businessHours: null, teams: [], dispositions: [{ code: 'resolved', labels: { en: 'Resolved', 'zh-CN': '已解决' } }] };
    const body = queueBody(queueFormOf(q));
    expect(body).toMatchObject({ name: 'Gold', channels: ['CHAT'], skills: { options: 4 }, answerTargets: q.answerTargets,
      overflowQueueId: null, overflowTeams: [3], businessHours: null, teams: [], dispositions: q.dispositions });
  });

  it('show the API\'s refusal: its title and detail, and each field next to the form field it belongs to', () => {
    expect(formField('skills[billing]')).toBe('skills');
    expect(formField('answerTargets[0].seconds')).toBe('answerTargets');
    expect(formField('dispositions[1].code')).toBe('dispositions[1]');
    expect(formField('username')).toBe('username');
    const p = problemOf(new ApiError(400, 'validation', 'Invalid request', 'skills[billing]: must be at most 10', undefined,
      [{ field: 'skills[billing]', message: 'must be at most 10' }, { field: 'name', message: 'must not be blank' },
        { field: 'dispositions[0].code', message: 'must match' }]));
    expect(p.title).toBe('Invalid request');
    expect(p.fields.skills.text).toBe('skills[billing]: must be at most 10');
    expect(p.fields.name.text).toBe('must not be blank');
    expect(p.fields['dispositions[0]'].text).toBe('dispositions[0].code: must match');
    expect(p.fields.dispositions).toBeDefined();
    const conflict = problemOf(new ApiError(409, 'conflict', 'Conflict with the current state', 'The username lin.na is taken'));
    expect(conflict).toEqual({ title: 'Conflict with the current state', detail: 'The username lin.na is taken', fields: {} });
  });

  it('ask the audit log for the filters given, a page at a time', () => {
    expect(auditQuery({ actor: ' admin ', action: 'user-created', target: '', page: 2, size: 25 }))
      .toBe('/api/audit?actor=admin&action=user-created&page=2&size=25');
    expect(auditQuery({ actor: '', action: '', target: 'user:7', page: 0, size: 100 })).toBe('/api/audit?target=user%3A7&page=0&size=100');
  });
});
