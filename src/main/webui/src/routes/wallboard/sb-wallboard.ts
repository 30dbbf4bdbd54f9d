import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { t } from '../../i18n';

/** The supervisor's live view of queues, agents and waiting work (issue 17). */
@customElement('sb-wallboard')
export class SbWallboard extends SbElement {
  render() {
    return html`<h2>${t('common.nav.wallboard')}</h2>`;
  }
}
