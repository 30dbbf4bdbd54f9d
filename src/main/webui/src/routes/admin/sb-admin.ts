import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { t } from '../../i18n';

/** The administrator's pages: users, teams, agents, queues, the audit log (issue 17). */
@customElement('sb-admin')
export class SbAdmin extends SbElement {
  render() {
    return html`<h2>${t('common.nav.admin')}</h2>`;
  }
}
