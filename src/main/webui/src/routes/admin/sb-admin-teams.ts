import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { t } from '../../i18n';
import { rest } from '../../api/rest';
import { problemOf, SERVICE_TIERS, validateTeam, type FieldMessages, type FormProblem, type TeamForm,
  type TeamRecord } from '../../state/admin';
import { adminStyles, fieldError, invalid, messagesOf, problemBox } from './shared';

const emptyForm = (): TeamForm => ({ name: '', serviceTier: 'FIRST_LINE' });

/** Teams: the list; create; rename and change the service tier; delete (the API refuses a team still in use). */
@customElement('sb-admin-teams')
export class SbAdminTeams extends SbElement {
  static styles = adminStyles;

  @state() private teams: TeamRecord[] = [];
  @state() private editing: number | null = null;
  @state() private form = emptyForm();
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
      this.teams = await rest.get<TeamRecord[]>('/api/teams');
    } catch (e) {
      this.listProblem = problemOf(e);
    }
  }

  render() {
    const m = messagesOf(this.checks, this.problem);
    return html`
      <h2 id="admin-teams-title">${t('admin.teams.title')}</h2>
      ${problemBox('teams-problem', this.listProblem)}
      <div class="layout">
        <table id="teams-table" aria-labelledby="admin-teams-title">
          <thead><tr><th scope="col">${t('admin.id')}</th><th scope="col">${t('admin.name')}</th>
            <th scope="col">${t('admin.serviceTier')}</th><th scope="col">${t('admin.actions')}</th></tr></thead>
          <tbody>${this.teams.map((team) => html`
            <tr data-team=${team.id} data-name=${team.name} class=${this.editing === team.id ? 'selected' : ''}>
              <td>${team.id}</td><td class="name">${team.name}</td>
              <td class="tier" data-tier=${team.serviceTier}>${t(`admin.serviceTier.${team.serviceTier}`)}</td>
              <td class="actions">
                <button class="small edit" @click=${() => this.edit(team)}
                  aria-label=${t('admin.editOf', { name: team.name })}>${t('admin.edit')}</button>
                ${this.confirming === team.id
                  ? html`<button class="small danger confirm-delete" @click=${() => this.deleteRecord(team)}>${t('admin.confirmDelete')}</button>`
                  : html`<button class="small danger delete" @click=${() => { this.confirming = team.id; }}
                      aria-label=${t('admin.deleteOf', { name: team.name })}>${t('admin.delete')}</button>`}
              </td>
            </tr>`)}</tbody>
        </table>
        <form id="team-form" novalidate aria-labelledby="team-form-title" @submit=${this.save}>
          <h3 id="team-form-title">${this.editing === null ? t('admin.teams.create') : t('admin.teams.edit', { id: this.editing })}</h3>
          ${problemBox('team-problem', this.problem)}
          <div class="field">
            <label for="team-name">${t('admin.name')}</label>
            <input id="team-name" autocomplete="off" required maxlength="200" .value=${this.form.name}
              aria-invalid=${invalid(m.name)} aria-describedby="team-name-error"
              @input=${(e: Event) => this.change({ name: (e.target as HTMLInputElement).value })}>
            ${fieldError('team-name', m.name)}
          </div>
          <div class="field">
            <label for="team-tier">${t('admin.serviceTier')}</label>
            <select id="team-tier" .value=${this.form.serviceTier}
              @change=${(e: Event) => this.change({ serviceTier: (e.target as HTMLSelectElement).value })}>
              ${SERVICE_TIERS.map((s) => html`<option value=${s} ?selected=${this.form.serviceTier === s}>${t(`admin.serviceTier.${s}`)}</option>`)}
            </select>
          </div>
          <div class="bar">
            <button class="primary" id="team-save" type="submit" ?disabled=${this.busy}>
              ${this.editing === null ? t('admin.create') : t('common.save')}</button>
            ${this.editing !== null ? html`<button type="button" id="team-cancel" @click=${this.reset}>${t('common.cancel')}</button>` : nothing}
            ${this.done ? html`<span class="done" id="team-done" role="status">${this.done}</span>` : nothing}
          </div>
        </form>
      </div>`;
  }

  private change(part: Partial<TeamForm>): void {
    this.form = { ...this.form, ...part };
    this.done = '';
    if (Object.keys(this.checks).length) this.checks = validateTeam(this.form);
  }

  private edit(team: TeamRecord): void {
    this.editing = team.id;
    this.form = { name: team.name, serviceTier: team.serviceTier };
    this.checks = {};
    this.problem = null;
    this.done = '';
  }

  private reset = () => {
    this.editing = null;
    this.form = emptyForm();
    this.checks = {};
    this.problem = null;
  };

  private save = async (e: Event) => {
    e.preventDefault();
    this.problem = null;
    this.checks = validateTeam(this.form);
    if (Object.keys(this.checks).length) return;
    this.busy = true;
    try {
      const body = { name: this.form.name.trim(), serviceTier: this.form.serviceTier };
      const saved = this.editing === null ? await rest.post<TeamRecord>('/api/teams', body)
        : await rest.put<TeamRecord>(`/api/teams/${this.editing}`, body);
      this.reset();
      this.done = t('admin.saved', { name: saved.name });
      await this.load();
    } catch (err) {
      this.problem = problemOf(err);
    } finally {
      this.busy = false;
    }
  };

  private async deleteRecord(team: TeamRecord): Promise<void> {
    this.confirming = null;
    this.listProblem = null;
    try {
      await rest.delete(`/api/teams/${team.id}`);
      if (this.editing === team.id) this.reset();
      await this.load();
    } catch (err) {
      this.listProblem = problemOf(err);
    }
  }
}
