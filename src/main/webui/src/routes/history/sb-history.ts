import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { t } from '../../i18n';

/** The agent's own recent interactions, to reopen work after a reload. */
@customElement('sb-history')
export class SbHistory extends SbElement {
  render() {
    return html`<h2>${t('common.nav.history')}</h2>`;
  }
}
