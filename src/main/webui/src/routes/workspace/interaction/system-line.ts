import { html } from 'lit';
import { formatTime, formatWindow, t } from '../../../i18n';
import { callbackRequest } from '../../../state/console';
import { termOf } from '../../../components/sb-customer-panel';
import type { Touchpoint } from '../../../state/types';

/** What a result code says in the agent's language (`longest-idle`, `timeout`, a disposition…), else the code. */
export function resultText(result: string | null | undefined): string {
  if (!result) return '';
  return termOf(`interaction.result.${result}`, result);
}

/**
 * A touchpoint that is not a message (queued, offered, accepted, a note, ended, wrapped…) as one line in the
 * conversation: what happened, who, the result, and its text when it has one (a note).
 */
export function systemLine(tp: Touchpoint) {
  const result = resultText(tp.result);
  const callback = tp.result === 'callback-requested' ? callbackRequest([tp]) : null;
  return html`<li class="system ${tp.kind === 'NOTE' ? 'note' : ''}" data-kind=${tp.kind} data-seq=${tp.seq ?? ''}>
    <span class="kind">${termOf(`interaction.kind.${tp.kind}`, tp.kind)}</span>
    ${tp.employee ? html`<span class="who">${tp.employee}</span>` : ''}
    ${result && tp.kind !== 'NOTE' ? html`<span class="result">${result}</span>` : ''}
    ${tp.content ? html`<span class="text">${tp.content}</span>` : ''}
    ${callback ? html`<span class="text callback-request">${t('interaction.callbackRequest', { phone: callback.phone ?? '',
      window: callback.notBefore && callback.notAfter ? formatWindow(callback.notBefore, callback.notAfter) : '' })}</span>`
      : ''}
    <time datetime=${tp.occurredAt}>${formatTime(tp.occurredAt)}</time>
  </li>`;
}
