import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatDuration, locale, t } from '../../../i18n';
import { wrapUp } from '../../../state/actions';
import { addNote, closeInteraction, loadQueue, queues, reasonOf, type QueueView } from '../../../state/interaction';
import { StoreController, type Store } from '../../../state/store';

/** The label of a disposition in the agent's language: its own label for it, else English, else the code. */
export function dispositionLabel(d: { code: string; labels?: Record<string, string> }, lang: string): string {
  return d.labels?.[lang] ?? d.labels?.[lang.split('-')[0]] ?? d.labels?.en ?? d.code;
}

/**
 * Wrap-up: a disposition from the queue's list (free text when the queue lists none), a note, the wrap-up time
 * running down, and Finish. For a conversation routing does not hold (one the agent started) it closes it instead.
 */
@customElement('sb-wrap-up')
export class SbWrapUp extends LitElement {
  static styles = css`
    *, *::before, *::after { box-sizing: border-box; }
    :host { display: block; border-top: 2px solid var(--sb-warn); background: #fffaf0; padding: 10px 14px; }
    h3 { margin: 0 0 8px; font-size: 15px; display: flex; gap: 10px; align-items: baseline; }
    .remaining { font-variant-numeric: tabular-nums; color: #8a4b00; font-weight: 600; }
    .grid { display: grid; grid-template-columns: auto 1fr; gap: 6px 10px; align-items: start; max-width: 640px; }
    select, input, textarea { font: inherit; border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
      padding: 5px 8px; background: var(--sb-surface); color: var(--sb-text); }
    textarea { resize: vertical; min-height: 3em; }
    .bar { display: flex; gap: 8px; align-items: center; margin-top: 8px; }
    button { font: inherit; padding: 6px 14px; border-radius: var(--sb-radius); border: 1px solid var(--sb-ok);
      background: var(--sb-ok); color: #fff; font-weight: 600; cursor: pointer; }
    button:disabled { opacity: .6; cursor: default; }
    .error { color: var(--sb-danger); font-size: 13px; }
  `;

  @property({ type: Number }) interactionId = 0;
  @property({ attribute: false }) queueId: number | null = null;
  /** When the wrap-up time ends (ISO); null for a conversation routing does not hold. */
  @property({ attribute: false }) until: string | null = null;
  /** `wrap`: the routed wrap-up; `close`: closing a conversation the agent started. */
  @property() mode: 'wrap' | 'close' = 'wrap';

  @state() private disposition = '';
  @state() private note = '';
  @state() private busy = false;
  @state() private error = '';
  private timer?: number;

  constructor() {
    super();
    new StoreController(this, [queues, locale] as Array<Store<unknown>>);
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.timer = window.setInterval(() => this.requestUpdate(), 1000);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearInterval(this.timer);
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('queueId') && this.queueId != null) void loadQueue(this.queueId);
    if (changed.has('interactionId')) {
      this.disposition = '';
      this.note = '';
      this.error = '';
    }
  }

  render() {
    const queue: QueueView | undefined = (queues.get() ?? []).find((q) => q.id === this.queueId);
    const list = queue?.dispositions ?? [];
    const left = this.until ? Date.parse(this.until) - Date.now() : null;
    return html`<section role="region" aria-labelledby="wrap-up-title" id="wrap-up">
      <h3><span id="wrap-up-title">${this.mode === 'wrap' ? t('interaction.wrapUp') : t('interaction.closeTitle')}</span>
        ${left != null ? html`<span class="remaining" id="wrap-up-remaining" role="timer">
          ${t('interaction.wrapUpLeft', { time: formatDuration(left) })}</span>` : ''}</h3>
      <div class="grid">
        <label for="disposition">${t('interaction.disposition')}</label>
        ${list.length
          ? html`<select id="disposition" @change=${(e: Event) => { this.disposition = (e.target as HTMLSelectElement).value; }}>
              <option value="" ?selected=${this.disposition === ''}>${t('interaction.noDisposition')}</option>
              ${list.map((d) => html`<option value=${d.code} ?selected=${d.code === this.disposition}>${dispositionLabel(d, locale.get())}</option>`)}
            </select>`
          : html`<input id="disposition" maxlength="100" .value=${this.disposition} placeholder=${t('interaction.dispositionFree')}
              @input=${(e: Event) => { this.disposition = (e.target as HTMLInputElement).value; }}>`}
        <label for="wrap-up-note">${t('interaction.wrapUpNote')}</label>
        <textarea id="wrap-up-note" .value=${this.note} @input=${(e: Event) => { this.note = (e.target as HTMLTextAreaElement).value; }}></textarea>
      </div>
      <div class="bar">
        <button id="finish-wrap-up" ?disabled=${this.busy} @click=${this.finish}>
          ${this.mode === 'wrap' ? t('interaction.finishWrapUp') : t('interaction.closeConversation')}</button>
        ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : ''}
      </div>
    </section>`;
  }

  private async finish(): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      if (this.note.trim()) {
        await addNote(this.interactionId, this.note.trim());
        this.note = '';
      }
      const disposition = this.disposition.trim() || undefined;
      if (this.mode === 'wrap') await wrapUp(this.interactionId, disposition);
      else await closeInteraction(this.interactionId, disposition);
    } catch (e) {
      this.error = reasonOf(e);
    } finally {
      this.busy = false;
    }
  }
}
