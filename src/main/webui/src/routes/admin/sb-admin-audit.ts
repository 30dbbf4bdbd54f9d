import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { formatTime, t } from '../../i18n';
import { rest } from '../../api/rest';
import { auditQuery, problemOf, type AuditFilter, type AuditRecord, type FormProblem } from '../../state/admin';
import { adminStyles, problemBox } from './shared';

const SIZES = [25, 100, 500];

/** The audit log, newest first, filtered by actor, action and target, a page at a time. */
@customElement('sb-admin-audit')
export class SbAdminAudit extends SbElement {
  static styles = [adminStyles, css`
    form.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; margin-bottom: 10px; }
    td.detail code { font-size: 12px; white-space: pre-wrap; word-break: break-all; }
    td.at { white-space: nowrap; }
  `];

  @state() private filter: AuditFilter = { actor: '', action: '', target: '', page: 0, size: 100 };
  @state() private entries: AuditRecord[] = [];
  @state() private problem: FormProblem | null = null;
  @state() private loading = false;

  connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.loading = true;
    try {
      this.entries = await rest.get<AuditRecord[]>(auditQuery(this.filter));
      this.problem = null;
    } catch (e) {
      this.problem = problemOf(e);
    } finally {
      this.loading = false;
    }
  }

  render() {
    const f = this.filter;
    const text = (field: 'actor' | 'action' | 'target', placeholder: string) => html`
      <div class="field">
        <label for="audit-${field}">${t(`admin.audit.${field}`)}</label>
        <input id="audit-${field}" autocomplete="off" placeholder=${placeholder} .value=${f[field]}
          @input=${(e: Event) => { this.filter = { ...this.filter, [field]: (e.target as HTMLInputElement).value }; }}>
      </div>`;
    return html`
      <h2 id="admin-audit-title">${t('admin.audit.title')}</h2>
      <form class="filters" id="audit-filters" role="search" aria-labelledby="admin-audit-title"
        @submit=${(e: Event) => { e.preventDefault(); this.filter = { ...this.filter, page: 0 }; void this.load(); }}>
        ${text('actor', 'admin')}${text('action', 'user-created')}${text('target', 'user:7')}
        <div class="field">
          <label for="audit-size">${t('admin.audit.size')}</label>
          <select id="audit-size" .value=${String(f.size)}
            @change=${(e: Event) => { this.filter = { ...this.filter, size: Number((e.target as HTMLSelectElement).value), page: 0 }; void this.load(); }}>
            ${SIZES.map((s) => html`<option value=${String(s)} ?selected=${f.size === s}>${s}</option>`)}
          </select>
        </div>
        <button class="primary" id="audit-apply" type="submit">${t('admin.audit.apply')}</button>
        <button type="button" id="audit-clear" @click=${() => { this.filter = { actor: '', action: '', target: '', page: 0, size: f.size }; void this.load(); }}>
          ${t('admin.audit.clear')}</button>
      </form>
      ${problemBox('audit-problem', this.problem)}
      <table id="audit-table" aria-labelledby="admin-audit-title" aria-busy=${this.loading ? 'true' : 'false'}>
        <thead><tr><th scope="col">${t('admin.id')}</th><th scope="col">${t('admin.audit.at')}</th>
          <th scope="col">${t('admin.audit.actor')}</th><th scope="col">${t('admin.audit.action')}</th>
          <th scope="col">${t('admin.audit.target')}</th><th scope="col">${t('admin.audit.detail')}</th></tr></thead>
        <tbody>${this.entries.map((a) => html`
          <tr data-audit=${a.id} data-action=${a.action} data-target=${a.target ?? ''}>
            <td>${a.id}</td><td class="at">${formatTime(a.at, true)}</td><td class="actor">${a.actor}</td>
            <td class="action">${a.action}</td><td class="target">${a.target ?? ''}</td>
            <td class="detail">${a.detail ? html`<code>${crop(JSON.stringify(a.detail))}</code>` : nothing}</td>
          </tr>`)}</tbody>
      </table>
      ${!this.loading && this.entries.length === 0 ? html`<p class="hint" id="audit-empty">${t('admin.audit.empty')}</p>` : nothing}
      <div class="bar" style="margin-top: 8px">
        <button id="audit-prev" ?disabled=${f.page === 0} @click=${() => this.page(-1)}>${t('admin.audit.newer')}</button>
        <span id="audit-page">${t('admin.audit.page', { page: f.page + 1 })}</span>
        <button id="audit-next" ?disabled=${this.entries.length < f.size} @click=${() => this.page(1)}>${t('admin.audit.older')}</button>
      </div>`;
  }

  private page(step: number): void {
    this.filter = { ...this.filter, page: Math.max(0, this.filter.page + step) };
    void this.load();
  }
}

function crop(s: string): string {
  return s.length > 400 ? `${s.substring(0, 400)}…` : s;
}
