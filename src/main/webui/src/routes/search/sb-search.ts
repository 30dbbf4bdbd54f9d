import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { t } from '../../i18n';

/** Find customers by name or any contact point; start a call, an SMS or an email. */
@customElement('sb-search')
export class SbSearch extends SbElement {
  render() {
    return html`<h2>${t('common.nav.search')}</h2>`;
  }
}
