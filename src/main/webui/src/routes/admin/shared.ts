import { css, html, nothing, type TemplateResult } from 'lit';
import { t } from '../../i18n';
import type { FieldMessage, FieldMessages, FormProblem } from '../../state/admin';

/** What the administration pages share: their look, a field's message, the API's refusal above a form. */
export const adminStyles = css`
  *, *::before, *::after { box-sizing: border-box; }
  :host { display: block; padding: 14px 18px; }
  h2 { font-size: 17px; margin: 0 0 10px; }
  h3 { font-size: 15px; margin: 0 0 8px; }
  .layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(320px, 440px); gap: 18px; align-items: start; }
  table { border-collapse: collapse; width: 100%; background: var(--sb-surface); border: 1px solid var(--sb-border); }
  th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--sb-border); vertical-align: top; font-size: 13px; }
  th { background: #eef2f7; font-weight: 600; }
  tr.selected td { background: #e6f0fb; }
  td.actions { white-space: nowrap; }
  td.actions button + button { margin-left: 4px; }
  form { background: var(--sb-surface); border: 1px solid var(--sb-border); border-radius: var(--sb-radius); padding: 12px;
    display: grid; gap: 8px; }
  .field { display: grid; gap: 3px; }
  .field > label, fieldset legend { font-weight: 600; font-size: 13px; }
  fieldset { border: 1px solid var(--sb-border); border-radius: var(--sb-radius); margin: 0; padding: 6px 10px; }
  fieldset label { margin-right: 10px; white-space: nowrap; font-size: 13px; }
  input, select, textarea { font: inherit; border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
    padding: 5px 7px; background: var(--sb-surface); color: var(--sb-text); min-width: 0; }
  input[type='checkbox'] { margin: 0 3px 0 0; vertical-align: middle; }
  [aria-invalid='true'] { border-color: var(--sb-danger); }
  .hint { color: var(--sb-muted); font-size: 12px; }
  .field-error { color: var(--sb-danger); font-size: 12px; }
  .problem { border: 1px solid var(--sb-danger); background: #fdecea; color: var(--sb-danger); border-radius: var(--sb-radius);
    padding: 6px 10px; font-size: 13px; }
  .problem ul { margin: 4px 0 0; padding-left: 18px; }
  .done { color: var(--sb-ok); font-size: 13px; }
  .bar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  button { font: inherit; padding: 5px 11px; border-radius: var(--sb-radius); border: 1px solid var(--sb-border);
    background: var(--sb-surface); color: var(--sb-text); cursor: pointer; }
  button.small { padding: 2px 8px; font-size: 12px; }
  button.primary { background: var(--sb-accent); color: var(--sb-accent-text); border-color: var(--sb-accent); }
  button.danger { color: var(--sb-danger); border-color: var(--sb-danger); }
  button:disabled { opacity: .55; cursor: default; }
  .disabled-user { color: var(--sb-muted); }
  .grid-targets input { width: 90px; }
  .grid-targets th, .grid-targets td { padding: 3px 5px; }
`;

export function message(m: FieldMessage | undefined): string {
  if (!m) return '';
  return m.key ? t(m.key, m.params) : (m.text ?? '');
}

/** The message under a field, with the id the field's aria-describedby names. */
export function fieldError(id: string, m: FieldMessage | undefined): TemplateResult | typeof nothing {
  return m ? html`<span class="field-error" id="${id}-error" role="alert">${message(m)}</span>` : nothing;
}

/** The attributes a field with a message carries. */
export function invalid(m: FieldMessage | undefined): 'true' | 'false' {
  return m ? 'true' : 'false';
}

/** The API's refusal: title, detail and each field it names. */
export function problemBox(id: string, p: FormProblem | null): TemplateResult | typeof nothing {
  if (!p) return nothing;
  const fields = Object.entries(p.fields).filter(([, m]) => m.text);
  return html`<div class="problem" id=${id} role="alert">
    <strong>${p.title || t('admin.refused')}</strong>${p.detail ? html`: <span class="detail">${p.detail}</span>` : nothing}
    ${fields.length ? html`<ul>${fields.map(([f, m]) => html`<li data-field=${f}>${m.text}</li>`)}</ul>` : nothing}
  </div>`;
}

/** Merges the page's own checks and the API's field messages (the API's win: it has the last word). */
export function messagesOf(local: FieldMessages, problem: FormProblem | null): FieldMessages {
  return { ...local, ...(problem?.fields ?? {}) };
}

/** Toggles a value in a list, keeping the order of `order`. */
export function toggle<T>(list: T[], value: T, on: boolean, order?: readonly T[]): T[] {
  const next = on ? (list.includes(value) ? list : [...list, value]) : list.filter((v) => v !== value);
  return order ? order.filter((v) => next.includes(v)) : next;
}
