import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { SbElement } from './sb-element';
import { locale, t, type Locale } from '../i18n';

/** The language switch: 中文 / English, remembered across reloads. */
@customElement('sb-language')
export class SbLanguage extends SbElement {
  static styles = css`
    select { font: inherit; padding: 3px 6px; border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
      background: var(--sb-surface); color: var(--sb-text); }
  `;

  render() {
    return html`<select id="language" aria-label=${t('common.language')}
        @change=${(e: Event) => locale.set((e.target as HTMLSelectElement).value as Locale)}>
      <option value="zh-CN" ?selected=${locale.get() === 'zh-CN'} lang="zh-CN">中文</option>
      <option value="en" ?selected=${locale.get() === 'en'} lang="en">English</option>
    </select>`;
  }
}
