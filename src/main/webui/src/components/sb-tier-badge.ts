import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { t } from '../i18n';

/** The customer's value tier as a coloured badge (Diamond, Gold, Standard). */
@customElement('sb-tier-badge')
export class SbTierBadge extends LitElement {
  static styles = css`
    :host { display: inline-block; }
    span { display: inline-block; padding: 0 .5em; border-radius: 999px; font-size: 12px; font-weight: 600;
      line-height: 1.6; color: #fff; background: var(--sb-standard); }
    .DIAMOND { background: var(--sb-diamond); }
    .GOLD { background: var(--sb-gold); }
  `;

  @property() tier = 'STANDARD';

  render() {
    return html`<span class=${this.tier} data-tier=${this.tier}>${t(`common.tier.${this.tier}`)}</span>`;
  }
}
