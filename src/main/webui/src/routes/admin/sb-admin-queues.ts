import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { locale, t } from '../../i18n';
import { rest } from '../../api/rest';
import { CHANNELS, emptyQueueForm, problemOf, queueBody, queueFormOf, targetKey, TIERS, validateQueue,
  MAX_TARGET_SECONDS, type DispositionRow, type FieldMessages, type FormProblem, type QueueForm, type QueueRecord,
  type TeamRecord } from '../../state/admin';
import { adminStyles, fieldError, invalid, messagesOf, problemBox, toggle } from './shared';

/**
 * Queues: the list; create and edit one with its channels, skills, answer targets per tier and channel, business
 * hours, the teams that serve it, overflow (queue and teams) and the dispositions agents give at wrap-up.
 */
@customElement('sb-admin-queues')
export class SbAdminQueues extends SbElement {
  static styles = adminStyles;

  @state() private queues: QueueRecord[] = [];
  @state() private teams: TeamRecord[] = [];
  @state() private editing: number | null = null;
  @state() private form = emptyQueueForm();
  @state() private checks: FieldMessages = {};
  @state() private problem: FormProblem | null = null;
  @state() private listProblem: FormProblem | null = null;
  @state() private confirming: number | null = null;
  @state() private done = '';
  @state() private busy = false;

  connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      [this.queues, this.teams] = await Promise.all([rest.get<QueueRecord[]>('/api/queues'), rest.get<TeamRecord[]>('/api/teams')]);
    } catch (e) {
      this.listProblem = problemOf(e);
    }
  }

  private teamNames(ids: number[] | null): string {
    return (ids ?? []).map((id) => this.teams.find((x) => x.id === id)?.name ?? `#${id}`).join(', ');
  }

  private label(d: { code: string; labels?: Record<string, string> }): string {
    return d.labels?.[locale.get()] ?? d.labels?.en ?? d.code;
  }

  render() {
    return html`
      <h2 id="admin-queues-title">${t('admin.queues.title')}</h2>
      ${problemBox('queues-problem', this.listProblem)}
      <div class="layout">
        <table id="queues-table" aria-labelledby="admin-queues-title">
          <thead><tr><th scope="col">${t('admin.id')}</th><th scope="col">${t('admin.name')}</th>
            <th scope="col">${t('admin.queues.channels')}</th><th scope="col">${t('admin.queues.teams')}</th>
            <th scope="col">${t('admin.queues.hours')}</th><th scope="col">${t('admin.queues.dispositions')}</th>
            <th scope="col">${t('admin.actions')}</th></tr></thead>
          <tbody>${this.queues.map((q) => html`
            <tr data-queue=${q.id} data-name=${q.name} class=${this.editing === q.id ? 'selected' : ''}>
              <td>${q.id}</td><td class="name">${q.name}</td>
              <td class="channels" data-channels=${[...q.channels].sort().join(',')}>${q.channels.map((c) => t(`common.channel.${c}`)).join(', ')}</td>
              <td class="teams">${q.teams?.length ? this.teamNames(q.teams) : t('admin.queues.everyTeam')}</td>
              <td class="hours">${q.businessHours || t('admin.queues.always')}</td>
              <td class="dispositions" data-codes=${q.dispositions.map((d) => d.code).join(',')}>
                ${q.dispositions.length ? q.dispositions.map((d) => this.label(d)).join(', ') : t('admin.queues.anyDisposition')}</td>
              <td class="actions">
                <button class="small edit" @click=${() => this.edit(q)} aria-label=${t('admin.editOf', { name: q.name })}>${t('admin.edit')}</button>
                ${this.confirming === q.id
                  ? html`<button class="small danger confirm-delete" @click=${() => this.deleteRecord(q)}>${t('admin.confirmDelete')}</button>`
                  : html`<button class="small danger delete" @click=${() => { this.confirming = q.id; }}
                      aria-label=${t('admin.deleteOf', { name: q.name })}>${t('admin.delete')}</button>`}
              </td>
            </tr>`)}</tbody>
        </table>
        ${this.renderForm()}
      </div>`;
  }

  private renderForm() {
    const f = this.form;
    const m = messagesOf(this.checks, this.problem);
    const editing = this.queues.find((q) => q.id === this.editing);
    const effective = (tier: string, channel: string) =>
      editing?.effectiveAnswerTargets?.find((x) => x.tier === tier && x.channel === channel)?.seconds;
    return html`
      <form id="queue-form" novalidate aria-labelledby="queue-form-title" @submit=${this.save}>
        <h3 id="queue-form-title">${this.editing === null ? t('admin.queues.create') : t('admin.queues.edit', { id: this.editing })}</h3>
        ${problemBox('queue-problem', this.problem)}
        <div class="field">
          <label for="queue-name">${t('admin.name')}</label>
          <input id="queue-name" autocomplete="off" required maxlength="200" .value=${f.name}
            @input=${(e: Event) => this.change({ name: (e.target as HTMLInputElement).value })}
            aria-invalid=${invalid(m.name)} aria-describedby="queue-name-error">
          ${fieldError('queue-name', m.name)}
        </div>
        <fieldset aria-describedby="queue-channels-error">
          <legend>${t('admin.queues.channels')}</legend>
          ${CHANNELS.map((c) => html`<label><input type="checkbox" id="queue-channel-${c}" .checked=${f.channels.includes(c)}
            @change=${(e: Event) => this.change({ channels: toggle(f.channels, c, (e.target as HTMLInputElement).checked, CHANNELS) })}>
            ${t(`common.channel.${c}`)}</label>`)}
          ${fieldError('queue-channels', m.channels)}
        </fieldset>
        <div class="field">
          <label for="queue-skills">${t('admin.queues.skills')}</label>
          <input id="queue-skills" autocomplete="off" placeholder="mandarin 6" .value=${f.skills}
            @input=${(e: Event) => this.change({ skills: (e.target as HTMLInputElement).value })}
            aria-invalid=${invalid(m.skills)} aria-describedby="queue-skills-hint queue-skills-error">
          <span class="hint" id="queue-skills-hint">${t('admin.skillsHint')}</span>
          ${fieldError('queue-skills', m.skills)}
        </div>
        ${f.channels.length ? html`
          <fieldset aria-describedby="queue-targets-hint queue-targets-error">
            <legend>${t('admin.queues.targets')}</legend>
            <span class="hint" id="queue-targets-hint">${t('admin.queues.targetsHint', { max: MAX_TARGET_SECONDS })}</span>
            <table class="grid-targets" id="queue-targets">
              <thead><tr><th scope="col">${t('admin.queues.tier')}</th>${f.channels.map((c) => html`<th scope="col">${t(`common.channel.${c}`)}</th>`)}</tr></thead>
              <tbody>${TIERS.map((tier) => html`<tr><th scope="row">${t(`common.tier.${tier}`)}</th>
                ${f.channels.map((c) => {
                  const key = targetKey(tier, c);
                  const def = effective(tier, c);
                  return html`<td><input type="number" min="1" max=${MAX_TARGET_SECONDS} id="queue-target-${tier}-${c}"
                    aria-label=${t('admin.queues.targetOf', { tier: t(`common.tier.${tier}`), channel: t(`common.channel.${c}`) })}
                    placeholder=${def !== undefined && !f.targets[key] ? String(def) : t('admin.queues.default')}
                    aria-invalid=${invalid(m[`target-${key}`])} .value=${f.targets[key] ?? ''}
                    @input=${(e: Event) => this.change({ targets: { ...f.targets, [key]: (e.target as HTMLInputElement).value } })}></td>`;
                })}</tr>`)}</tbody>
            </table>
            ${fieldError('queue-targets', m.answerTargets)}
          </fieldset>` : nothing}
        <div class="field">
          <label for="queue-hours">${t('admin.queues.hours')}</label>
          <input id="queue-hours" autocomplete="off" maxlength="500" placeholder="Mon-Fri 09:00-18:00 Asia/Shanghai" .value=${f.businessHours}
            @input=${(e: Event) => this.change({ businessHours: (e.target as HTMLInputElement).value })}
            aria-invalid=${invalid(m.businessHours)} aria-describedby="queue-hours-hint queue-hours-error">
          <span class="hint" id="queue-hours-hint">${t('admin.queues.hoursHint')}</span>
          ${fieldError('queue-hours', m.businessHours)}
        </div>
        <fieldset aria-describedby="queue-teams-hint queue-teams-error">
          <legend>${t('admin.queues.teams')}</legend>
          <span class="hint" id="queue-teams-hint">${t('admin.queues.teamsHint')}</span><br>
          ${this.teams.map((x) => html`<label><input type="checkbox" id="queue-team-${x.id}" .checked=${f.teams.includes(x.id)}
            @change=${(e: Event) => this.change({ teams: toggle(f.teams, x.id, (e.target as HTMLInputElement).checked) })}>
            ${x.name}</label>`)}
          ${fieldError('queue-teams', m.teams)}
        </fieldset>
        <div class="field">
          <label for="queue-overflow">${t('admin.queues.overflowQueue')}</label>
          <select id="queue-overflow" .value=${f.overflowQueueId}
            @change=${(e: Event) => this.change({ overflowQueueId: (e.target as HTMLSelectElement).value })}
            aria-invalid=${invalid(m.overflowQueueId)} aria-describedby="queue-overflow-error">
            <option value="" ?selected=${f.overflowQueueId === ''}>${t('admin.none')}</option>
            ${this.queues.filter((q) => q.id !== this.editing).map((q) =>
              html`<option value=${String(q.id)} ?selected=${f.overflowQueueId === String(q.id)}>${q.name}</option>`)}
          </select>
          ${fieldError('queue-overflow', m.overflowQueueId)}
        </div>
        <fieldset aria-describedby="queue-overflow-teams-hint queue-overflow-teams-error">
          <legend>${t('admin.queues.overflowTeams')}</legend>
          <span class="hint" id="queue-overflow-teams-hint">${t('admin.queues.overflowTeamsHint')}</span><br>
          ${this.teams.map((x) => html`<label><input type="checkbox" id="queue-overflow-team-${x.id}" .checked=${f.overflowTeams.includes(x.id)}
            @change=${(e: Event) => this.change({ overflowTeams: toggle(f.overflowTeams, x.id, (e.target as HTMLInputElement).checked) })}>
            ${x.name}</label>`)}
          ${fieldError('queue-overflow-teams', m.overflowTeams)}
        </fieldset>
        ${this.renderDispositions(m)}
        <div class="bar">
          <button class="primary" id="queue-save" type="submit" ?disabled=${this.busy}>
            ${this.editing === null ? t('admin.create') : t('common.save')}</button>
          ${this.editing !== null ? html`<button type="button" id="queue-cancel" @click=${this.reset}>${t('common.cancel')}</button>` : nothing}
          ${this.done ? html`<span class="done" id="queue-done" role="status">${this.done}</span>` : nothing}
        </div>
      </form>`;
  }

  private renderDispositions(m: FieldMessages) {
    const rows = this.form.dispositions;
    const set = (i: number, part: Partial<DispositionRow>) =>
      this.change({ dispositions: rows.map((d, j) => (j === i ? { ...d, ...part } : d)) });
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    return html`
      <fieldset aria-describedby="queue-dispositions-hint queue-dispositions-error">
        <legend>${t('admin.queues.dispositions')}</legend>
        <span class="hint" id="queue-dispositions-hint">${t('admin.queues.dispositionsHint')}</span>
        ${rows.length ? html`<table class="grid-targets" id="queue-dispositions">
          <thead><tr><th scope="col">${t('admin.queues.code')}</th><th scope="col">${t('admin.queues.labelZh')}</th>
            <th scope="col">${t('admin.queues.labelEn')}</th><th scope="col"><span class="hint">${t('admin.actions')}</span></th></tr></thead>
          <tbody>${rows.map((d, i) => html`<tr data-row=${i}>
            <td><input id="queue-disposition-code-${i}" maxlength="100" .value=${d.code} @input=${(e: Event) => set(i, { code: value(e) })}
              aria-label=${t('admin.queues.codeOf', { n: i + 1 })} aria-invalid=${invalid(m[`dispositions[${i}]`])}></td>
            <td><input id="queue-disposition-zh-${i}" maxlength="200" lang="zh-CN" .value=${d.zh} @input=${(e: Event) => set(i, { zh: value(e) })}
              aria-label=${t('admin.queues.labelZhOf', { n: i + 1 })}></td>
            <td><input id="queue-disposition-en-${i}" maxlength="200" lang="en" .value=${d.en} @input=${(e: Event) => set(i, { en: value(e) })}
              aria-label=${t('admin.queues.labelEnOf', { n: i + 1 })}></td>
            <td><button type="button" class="small remove-disposition" @click=${() => this.change({ dispositions: rows.filter((_, j) => j !== i) })}
              aria-label=${t('admin.queues.removeOf', { n: i + 1 })}>${t('admin.remove')}</button></td>
          </tr>${m[`dispositions[${i}]`] ? html`<tr><td colspan="4">${fieldError(`queue-disposition-${i}`, m[`dispositions[${i}]`])}</td></tr>` : nothing}`)}
          </tbody></table>` : nothing}
        <div class="bar"><button type="button" class="small" id="queue-add-disposition"
          @click=${() => this.change({ dispositions: [...rows, { code: '', zh: '', en: '' }] })}>${t('admin.queues.addDisposition')}</button></div>
        ${fieldError('queue-dispositions', m.dispositions)}
      </fieldset>`;
  }

  private change(part: Partial<QueueForm>): void {
    this.form = { ...this.form, ...part };
    this.done = '';
    if (Object.keys(this.checks).length) this.checks = validateQueue(this.form);
  }

  private edit(q: QueueRecord): void {
    this.editing = q.id;
    this.form = queueFormOf(q);
    this.checks = {};
    this.problem = null;
    this.done = '';
  }

  private reset = () => {
    this.editing = null;
    this.form = emptyQueueForm();
    this.checks = {};
    this.problem = null;
  };

  private save = async (e: Event) => {
    e.preventDefault();
    this.problem = null;
    this.checks = validateQueue(this.form);
    if (Object.keys(this.checks).length) return;
    this.busy = true;
    try {
      const body = queueBody(this.form);
      const saved = this.editing === null ? await rest.post<QueueRecord>('/api/queues', body)
        : await rest.put<QueueRecord>(`/api/queues/${this.editing}`, body);
      this.reset();
      this.done = t('admin.saved', { name: saved.name });
      await this.load();
    } catch (err) {
      this.problem = problemOf(err);
    } finally {
      this.busy = false;
    }
  };

  private async deleteRecord(q: QueueRecord): Promise<void> {
    this.confirming = null;
    this.listProblem = null;
    try {
      await rest.delete(`/api/queues/${q.id}`);
      if (this.editing === q.id) this.reset();
      await this.load();
    } catch (err) {
      this.listProblem = problemOf(err);
    }
  }
}

