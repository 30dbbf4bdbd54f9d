import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { t } from '../../i18n';
import { ADMIN_PAGES, adminPage, type AdminPage } from '../../state/admin';
import type { Store } from '../../state/store';
import './sb-admin-users';
import './sb-admin-teams';
import './sb-admin-agents';
import './sb-admin-queues';
import './sb-admin-audit';

/** The administrator's pages (issue 17): users, teams, agents, queues and the audit log, at #/admin/<page>. */
@customElement('sb-admin')
export class SbAdmin extends SbElement {
  static styles = css`
    :host { display: grid; grid-template-columns: 190px minmax(0, 1fr); min-height: 0; overflow: hidden; }
    nav { background: var(--sb-surface); border-right: 1px solid var(--sb-border); padding: 12px 8px; }
    nav h2 { font-size: 14px; margin: 0 8px 8px; color: var(--sb-muted); }
    nav ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 2px; }
    nav a { display: block; padding: 6px 10px; border-radius: var(--sb-radius); color: var(--sb-text); text-decoration: none; }
    nav a[aria-current='page'] { background: #e6f0fb; color: var(--sb-accent); font-weight: 600; }
    nav a:hover { background: #eef2f7; }
    .page { min-height: 0; overflow: auto; }
  `;

  protected stores() {
    return [adminPage] as Array<Store<unknown>>;
  }

  render() {
    const current = adminPage.get();
    return html`
      <nav aria-labelledby="admin-nav-title">
        <h2 id="admin-nav-title">${t('common.nav.admin')}</h2>
        <ul>${ADMIN_PAGES.map((p) => html`<li><a href="#/admin/${p}" id="admin-nav-${p}"
          aria-current=${p === current ? 'page' : 'false'}>${t(`admin.nav.${p}`)}</a></li>`)}</ul>
      </nav>
      <div class="page" id="admin-page" data-page=${current}>${this.page(current)}</div>`;
  }

  private page(p: AdminPage) {
    switch (p) {
      case 'teams': return html`<sb-admin-teams></sb-admin-teams>`;
      case 'agents': return html`<sb-admin-agents></sb-admin-agents>`;
      case 'queues': return html`<sb-admin-queues></sb-admin-queues>`;
      case 'audit': return html`<sb-admin-audit></sb-admin-audit>`;
      default: return html`<sb-admin-users></sb-admin-users>`;
    }
  }
}
