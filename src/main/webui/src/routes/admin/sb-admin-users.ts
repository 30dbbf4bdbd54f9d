import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { t } from '../../i18n';
import { rest } from '../../api/rest';
import { problemOf, ROLES, validateNewUser, validatePassword, type FieldMessages, type FormProblem, type UserForm,
  type UserRecord } from '../../state/admin';
import { adminStyles, fieldError, invalid, messagesOf, problemBox, toggle } from './shared';

const emptyForm = (): UserForm => ({ username: '', displayName: '', password: '', roles: ['agent'] });

/** Users: the list; create one with its roles; disable or enable; change roles; reset the password. */
@customElement('sb-admin-users')
export class SbAdminUsers extends SbElement {
  static styles = adminStyles;

  @state() private users: UserRecord[] = [];
  @state() private loadProblem: FormProblem | null = null;
  @state() private form = emptyForm();
  @state() private checks: FieldMessages = {};
  @state() private problem: FormProblem | null = null;
  @state() private done = '';
  @state() private busy = false;
  @state() private selected: number | null = null;
  @state() private editRoles: string[] = [];
  @state() private newPassword = '';
  @state() private editChecks: FieldMessages = {};
  @state() private editProblem: FormProblem | null = null;
  @state() private editDone = '';

  connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.users = await rest.get<UserRecord[]>('/api/users');
      this.loadProblem = null;
    } catch (e) {
      this.loadProblem = problemOf(e);
    }
  }

  render() {
    const m = messagesOf(this.checks, this.problem);
    const f = this.form;
    return html`
      <h2 id="admin-users-title">${t('admin.users.title')}</h2>
      ${problemBox('users-load-problem', this.loadProblem)}
      <div class="layout">
        <table id="users-table" aria-labelledby="admin-users-title">
          <thead><tr><th scope="col">${t('admin.id')}</th><th scope="col">${t('admin.users.username')}</th>
            <th scope="col">${t('admin.users.displayName')}</th><th scope="col">${t('admin.users.roles')}</th>
            <th scope="col">${t('admin.users.status')}</th><th scope="col">${t('admin.actions')}</th></tr></thead>
          <tbody>${this.users.map((u) => html`
            <tr data-user=${u.id} data-username=${u.username} class=${this.selected === u.id ? 'selected' : ''}>
              <td>${u.id}</td><td class="username">${u.username}</td><td class="display-name">${u.displayName ?? ''}</td>
              <td class="roles">${u.roles.map((r) => t(`admin.role.${r}`)).join(', ')}</td>
              <td class="status ${u.enabled ? '' : 'disabled-user'}">${u.enabled ? t('admin.users.enabled') : t('admin.users.disabled')}</td>
              <td class="actions">
                <button class="small edit" @click=${() => this.select(u)}
                  aria-label=${t('admin.users.editOf', { name: u.username })}>${t('admin.edit')}</button>
                <button class="small toggle-enabled" @click=${() => this.setEnabled(u, !u.enabled)}
                  aria-label=${t(u.enabled ? 'admin.users.disableOf' : 'admin.users.enableOf', { name: u.username })}>
                  ${u.enabled ? t('admin.users.disable') : t('admin.users.enable')}</button>
              </td>
            </tr>`)}</tbody>
        </table>
        <div>
          ${this.selected !== null ? this.renderEdit() : nothing}
          <form id="user-form" novalidate aria-labelledby="user-form-title" @submit=${this.create}>
            <h3 id="user-form-title">${t('admin.users.create')}</h3>
            ${problemBox('user-problem', this.problem)}
            <div class="field">
              <label for="user-username">${t('admin.users.username')}</label>
              <input id="user-username" autocomplete="off" required maxlength="100" .value=${f.username}
                aria-invalid=${invalid(m.username)} aria-describedby="user-username-error"
                @input=${(e: Event) => this.change({ username: (e.target as HTMLInputElement).value })}>
              ${fieldError('user-username', m.username)}
            </div>
            <div class="field">
              <label for="user-display-name">${t('admin.users.displayName')}</label>
              <input id="user-display-name" autocomplete="off" maxlength="200" .value=${f.displayName}
                aria-invalid=${invalid(m.displayName)} aria-describedby="user-display-name-error"
                @input=${(e: Event) => this.change({ displayName: (e.target as HTMLInputElement).value })}>
              ${fieldError('user-display-name', m.displayName)}
            </div>
            <div class="field">
              <label for="user-password">${t('admin.users.password')}</label>
              <input id="user-password" type="password" autocomplete="new-password" required minlength="8" .value=${f.password}
                aria-invalid=${invalid(m.password)} aria-describedby="user-password-hint user-password-error"
                @input=${(e: Event) => this.change({ password: (e.target as HTMLInputElement).value })}>
              <span class="hint" id="user-password-hint">${t('admin.users.passwordHint')}</span>
              ${fieldError('user-password', m.password)}
            </div>
            <fieldset aria-describedby="user-roles-error">
              <legend>${t('admin.users.roles')}</legend>
              ${ROLES.map((r) => html`<label><input type="checkbox" id="user-role-${r}" .checked=${f.roles.includes(r)}
                @change=${(e: Event) => this.change({ roles: toggle(f.roles, r, (e.target as HTMLInputElement).checked, ROLES) })}>
                ${t(`admin.role.${r}`)}</label>`)}
              ${fieldError('user-roles', m.roles)}
            </fieldset>
            <div class="bar">
              <button class="primary" id="user-create" type="submit" ?disabled=${this.busy}>${t('admin.users.createButton')}</button>
              ${this.done ? html`<span class="done" id="user-done" role="status">${this.done}</span>` : nothing}
            </div>
          </form>
        </div>
      </div>`;
  }

  private renderEdit() {
    const u = this.users.find((x) => x.id === this.selected);
    if (!u) return nothing;
    const m = messagesOf(this.editChecks, this.editProblem);
    return html`
      <form id="user-edit" novalidate aria-labelledby="user-edit-title" @submit=${(e: Event) => e.preventDefault()}
        data-user=${u.id} style="margin-bottom: 14px">
        <h3 id="user-edit-title">${t('admin.users.editTitle', { name: u.username })}</h3>
        ${problemBox('user-edit-problem', this.editProblem)}
        <fieldset aria-describedby="user-edit-roles-error">
          <legend>${t('admin.users.roles')}</legend>
          ${ROLES.map((r) => html`<label><input type="checkbox" id="user-edit-role-${r}" .checked=${this.editRoles.includes(r)}
            @change=${(e: Event) => { this.editRoles = toggle(this.editRoles, r, (e.target as HTMLInputElement).checked, ROLES); }}>
            ${t(`admin.role.${r}`)}</label>`)}
          ${fieldError('user-edit-roles', m.roles)}
        </fieldset>
        <div class="bar"><button id="user-save-roles" type="button" @click=${this.saveRoles}>${t('admin.users.saveRoles')}</button></div>
        <div class="field">
          <label for="user-new-password">${t('admin.users.newPassword')}</label>
          <input id="user-new-password" type="password" autocomplete="new-password" .value=${this.newPassword}
            aria-invalid=${invalid(m.password)} aria-describedby="user-new-password-error"
            @input=${(e: Event) => { this.newPassword = (e.target as HTMLInputElement).value; }}>
          ${fieldError('user-new-password', m.password)}
        </div>
        <div class="bar">
          <button id="user-reset-password" type="button" @click=${this.resetPassword}>${t('admin.users.resetPassword')}</button>
          <button type="button" id="user-edit-close" @click=${() => { this.selected = null; }}>${t('common.close')}</button>
          ${this.editDone ? html`<span class="done" id="user-edit-done" role="status">${this.editDone}</span>` : nothing}
        </div>
      </form>`;
  }

  private change(part: Partial<UserForm>): void {
    this.form = { ...this.form, ...part };
    this.done = '';
    if (Object.keys(this.checks).length) this.checks = validateNewUser(this.form);
  }

  private select(u: UserRecord): void {
    this.selected = u.id;
    this.editRoles = [...u.roles];
    this.newPassword = '';
    this.editChecks = {};
    this.editProblem = null;
    this.editDone = '';
  }

  private create = async (e: Event) => {
    e.preventDefault();
    this.problem = null;
    this.checks = validateNewUser(this.form);
    if (Object.keys(this.checks).length) return;
    this.busy = true;
    try {
      const f = this.form;
      const u = await rest.post<UserRecord>('/api/users', { username: f.username.trim(), password: f.password,
        displayName: f.displayName.trim() || null, roles: f.roles });
      this.done = t('admin.users.created', { name: u.username });
      this.form = emptyForm();
      this.checks = {};
      await this.load();
    } catch (err) {
      this.problem = problemOf(err);
    } finally {
      this.busy = false;
    }
  };

  private async patch(id: number, body: object, done: string): Promise<void> {
    this.editProblem = null;
    this.editDone = '';
    try {
      await rest.patch(`/api/users/${id}`, body);
      this.editDone = done;
      await this.load();
    } catch (err) {
      this.editProblem = problemOf(err);
      if (this.selected !== id) this.loadProblem = this.editProblem;
    }
  }

  private async setEnabled(u: UserRecord, enabled: boolean): Promise<void> {
    this.loadProblem = null;
    await this.patch(u.id, { enabled }, '');
  }

  private saveRoles = async () => {
    this.editChecks = this.editRoles.length ? {} : { roles: { key: 'admin.invalid.roles' } };
    if (this.selected === null || Object.keys(this.editChecks).length) return;
    await this.patch(this.selected, { roles: this.editRoles }, t('admin.users.rolesSaved'));
  };

  private resetPassword = async () => {
    this.editChecks = validatePassword(this.newPassword);
    if (this.selected === null || Object.keys(this.editChecks).length) return;
    await this.patch(this.selected, { password: this.newPassword }, t('admin.users.passwordReset'));
    if (!this.editProblem) this.newPassword = '';
  };
}
