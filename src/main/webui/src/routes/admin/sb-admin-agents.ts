import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { t } from '../../i18n';
import { rest } from '../../api/rest';
import { agentBody, agentFormOf, CHANNELS, emptyAgentForm, PHONE_KINDS, problemOf, SERVICE_TIERS, skillsText, TIERS,
  validateAgent, type AgentForm, type AgentRecord, type FieldMessages, type FormProblem, type TeamRecord,
  type UserRecord } from '../../state/admin';
import { adminStyles, fieldError, invalid, messagesOf, problemBox, toggle } from './shared';

/**
 * Agents: the list; create one for a user (name, team, service tier, tier clearance, channels, capacity, phone,
 * skills with levels); edit; delete.
 */
@customElement('sb-admin-agents')
export class SbAdminAgents extends SbElement {
  static styles = adminStyles;

  @state() private agents: AgentRecord[] = [];
  @state() private users: UserRecord[] = [];
  @state() private teams: TeamRecord[] = [];
  @state() private editing: number | null = null;
  @state() private form = emptyAgentForm();
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
      [this.agents, this.users, this.teams] = await Promise.all([rest.get<AgentRecord[]>('/api/agents'),
        rest.get<UserRecord[]>('/api/users'), rest.get<TeamRecord[]>('/api/teams')]);
    } catch (e) {
      this.listProblem = problemOf(e);
    }
  }

  private userName(id: number | null): string {
    return id == null ? '' : (this.users.find((u) => u.id === id)?.username ?? `#${id}`);
  }

  private teamName(id: number | null): string {
    return id == null ? '' : (this.teams.find((x) => x.id === id)?.name ?? `#${id}`);
  }

  render() {
    return html`
      <h2 id="admin-agents-title">${t('admin.agents.title')}</h2>
      ${problemBox('agents-problem', this.listProblem)}
      <div class="layout">
        <table id="agents-table" aria-labelledby="admin-agents-title">
          <thead><tr><th scope="col">${t('admin.id')}</th><th scope="col">${t('admin.name')}</th>
            <th scope="col">${t('admin.agents.user')}</th><th scope="col">${t('admin.agents.team')}</th>
            <th scope="col">${t('admin.agents.channels')}</th><th scope="col">${t('admin.agents.tierClearance')}</th>
            <th scope="col">${t('admin.agents.capacity')}</th><th scope="col">${t('admin.skills')}</th>
            <th scope="col">${t('admin.actions')}</th></tr></thead>
          <tbody>${this.agents.map((a) => html`
            <tr data-agent=${a.id} data-name=${a.name} data-user=${a.userId ?? ''} data-team=${a.teamId ?? ''}
              class=${this.editing === a.id ? 'selected' : ''}>
              <td>${a.id}</td><td class="name">${a.name}</td><td class="user">${this.userName(a.userId)}</td>
              <td class="team">${this.teamName(a.teamId)}</td>
              <td class="channels" data-channels=${[...a.channels].sort().join(',')}>${a.channels.map((c) => t(`common.channel.${c}`)).join(', ')}</td>
              <td class="tiers" data-tiers=${[...a.tierClearance].sort().join(',')}>${a.tierClearance.map((x) => t(`common.tier.${x}`)).join(', ')}</td>
              <td class="capacity">${a.capacity}</td><td class="skills">${skillsText(a.skills)}</td>
              <td class="actions">
                <button class="small edit" @click=${() => this.edit(a)} aria-label=${t('admin.editOf', { name: a.name })}>${t('admin.edit')}</button>
                ${this.confirming === a.id
                  ? html`<button class="small danger confirm-delete" @click=${() => this.deleteRecord(a)}>${t('admin.confirmDelete')}</button>`
                  : html`<button class="small danger delete" @click=${() => { this.confirming = a.id; }}
                      aria-label=${t('admin.deleteOf', { name: a.name })}>${t('admin.delete')}</button>`}
              </td>
            </tr>`)}</tbody>
        </table>
        ${this.renderForm()}
      </div>`;
  }

  private renderForm() {
    const f = this.form;
    const m = messagesOf(this.checks, this.problem);
    const linked = new Set(this.agents.filter((a) => a.id !== this.editing).map((a) => a.userId));
    const input = (field: keyof AgentForm) => (e: Event) => this.change({ [field]: (e.target as HTMLInputElement).value });
    return html`
      <form id="agent-form" novalidate aria-labelledby="agent-form-title" @submit=${this.save}>
        <h3 id="agent-form-title">${this.editing === null ? t('admin.agents.create') : t('admin.agents.edit', { id: this.editing })}</h3>
        ${problemBox('agent-problem', this.problem)}
        <div class="field">
          <label for="agent-name">${t('admin.name')}</label>
          <input id="agent-name" autocomplete="off" required maxlength="200" .value=${f.name} @input=${input('name')}
            aria-invalid=${invalid(m.name)} aria-describedby="agent-name-error">
          ${fieldError('agent-name', m.name)}
        </div>
        <div class="field">
          <label for="agent-user">${t('admin.agents.user')}</label>
          <select id="agent-user" .value=${f.userId} @change=${input('userId')} aria-invalid=${invalid(m.userId)}
            aria-describedby="agent-user-error">
            <option value="" ?selected=${f.userId === ''}>${t('admin.none')}</option>
            ${this.users.filter((u) => !linked.has(u.id)).map((u) =>
              html`<option value=${String(u.id)} ?selected=${f.userId === String(u.id)}>${u.username}${u.displayName ? ` (${u.displayName})` : ''}</option>`)}
          </select>
          ${fieldError('agent-user', m.userId)}
        </div>
        <div class="field">
          <label for="agent-team">${t('admin.agents.team')}</label>
          <select id="agent-team" .value=${f.teamId} @change=${input('teamId')} aria-invalid=${invalid(m.teamId)}
            aria-describedby="agent-team-error">
            <option value="" ?selected=${f.teamId === ''}>${t('admin.none')}</option>
            ${this.teams.map((x) => html`<option value=${String(x.id)} ?selected=${f.teamId === String(x.id)}>${x.name}</option>`)}
          </select>
          ${fieldError('agent-team', m.teamId)}
        </div>
        <div class="field">
          <label for="agent-service-tier">${t('admin.serviceTier')}</label>
          <select id="agent-service-tier" .value=${f.serviceTier} @change=${input('serviceTier')}>
            <option value="" ?selected=${f.serviceTier === ''}>${t('admin.agents.teamsTier')}</option>
            ${SERVICE_TIERS.map((s) => html`<option value=${s} ?selected=${f.serviceTier === s}>${t(`admin.serviceTier.${s}`)}</option>`)}
          </select>
        </div>
        <fieldset aria-describedby="agent-tiers-error">
          <legend>${t('admin.agents.tierClearance')}</legend>
          ${TIERS.map((x) => html`<label><input type="checkbox" id="agent-tier-${x}" .checked=${f.tierClearance.includes(x)}
            @change=${(e: Event) => this.change({ tierClearance: toggle(f.tierClearance, x, (e.target as HTMLInputElement).checked, TIERS) })}>
            ${t(`common.tier.${x}`)}</label>`)}
          ${fieldError('agent-tiers', m.tierClearance)}
        </fieldset>
        <fieldset aria-describedby="agent-channels-error">
          <legend>${t('admin.agents.channels')}</legend>
          ${CHANNELS.map((c) => html`<label><input type="checkbox" id="agent-channel-${c}" .checked=${f.channels.includes(c)}
            @change=${(e: Event) => this.change({ channels: toggle(f.channels, c, (e.target as HTMLInputElement).checked, CHANNELS) })}>
            ${t(`common.channel.${c}`)}</label>`)}
          ${fieldError('agent-channels', m.channels)}
        </fieldset>
        <div class="field">
          <label for="agent-capacity">${t('admin.agents.capacity')}</label>
          <input id="agent-capacity" type="number" min="1" max="1000" step="1" .value=${f.capacity} @input=${input('capacity')}
            aria-invalid=${invalid(m.capacity)} aria-describedby="agent-capacity-hint agent-capacity-error">
          <span class="hint" id="agent-capacity-hint">${t('admin.agents.capacityHint')}</span>
          ${fieldError('agent-capacity', m.capacity)}
        </div>
        <div class="field">
          <label for="agent-phone-kind">${t('admin.agents.phoneKind')}</label>
          <select id="agent-phone-kind" .value=${f.phoneKind} @change=${input('phoneKind')}>
            ${PHONE_KINDS.map((k) => html`<option value=${k} ?selected=${f.phoneKind === k}>${t(`admin.phoneKind.${k}`)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="agent-sip">${t('admin.agents.sipEndpoint')}</label>
          <input id="agent-sip" autocomplete="off" maxlength="200" placeholder="PJSIP/agent-17" .value=${f.sipEndpoint}
            @input=${input('sipEndpoint')} aria-invalid=${invalid(m.sipEndpoint)} aria-describedby="agent-sip-error">
          ${fieldError('agent-sip', m.sipEndpoint)}
        </div>
        <div class="field">
          <label for="agent-skills">${t('admin.skills')}</label>
          <input id="agent-skills" autocomplete="off" placeholder="mandarin 8, options 5" .value=${f.skills} @input=${input('skills')}
            aria-invalid=${invalid(m.skills)} aria-describedby="agent-skills-hint agent-skills-error">
          <span class="hint" id="agent-skills-hint">${t('admin.skillsHint')}</span>
          ${fieldError('agent-skills', m.skills)}
        </div>
        <div class="bar">
          <button class="primary" id="agent-save" type="submit" ?disabled=${this.busy}>
            ${this.editing === null ? t('admin.create') : t('common.save')}</button>
          ${this.editing !== null ? html`<button type="button" id="agent-cancel" @click=${this.reset}>${t('common.cancel')}</button>` : nothing}
          ${this.done ? html`<span class="done" id="agent-done" role="status">${this.done}</span>` : nothing}
        </div>
      </form>`;
  }

  private change(part: Partial<AgentForm>): void {
    this.form = { ...this.form, ...part };
    this.done = '';
    if (Object.keys(this.checks).length) this.checks = validateAgent(this.form);
  }

  private edit(a: AgentRecord): void {
    this.editing = a.id;
    this.form = agentFormOf(a);
    this.checks = {};
    this.problem = null;
    this.done = '';
  }

  private reset = () => {
    this.editing = null;
    this.form = emptyAgentForm();
    this.checks = {};
    this.problem = null;
  };

  private save = async (e: Event) => {
    e.preventDefault();
    this.problem = null;
    this.checks = validateAgent(this.form);
    if (Object.keys(this.checks).length) return;
    this.busy = true;
    try {
      const body = agentBody(this.form);
      const saved = this.editing === null ? await rest.post<AgentRecord>('/api/agents', body)
        : await rest.put<AgentRecord>(`/api/agents/${this.editing}`, body);
      this.reset();
      this.done = t('admin.saved', { name: saved.name });
      await this.load();
    } catch (err) {
      this.problem = problemOf(err);
    } finally {
      this.busy = false;
    }
  };

  private async deleteRecord(a: AgentRecord): Promise<void> {
    this.confirming = null;
    this.listProblem = null;
    try {
      await rest.delete(`/api/agents/${a.id}`);
      if (this.editing === a.id) this.reset();
      await this.load();
    } catch (err) {
      this.listProblem = problemOf(err);
    }
  }
}
