import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { locale, t } from '../../../i18n';
import { consoleState } from '../../../api/agent-socket';
import { transfer } from '../../../state/actions';
import { agents, loadAgents, loadQueues, queues, reasonOf } from '../../../state/interaction';
import { StoreController, type Store } from '../../../state/store';

/**
 * Hands a chat, SMS, email or fax on: to a queue (waiting again, first in line) and/or one agent there. Fires
 * `close` when done or cancelled.
 */
@customElement('sb-transfer')
export class SbTransfer extends LitElement {
  static styles = css`
    *, *::before, *::after { box-sizing: border-box; }
    :host { display: block; border-top: 1px solid var(--sb-border); background: #f2f7fd; padding: 10px 14px; }
    h3 { margin: 0 0 8px; font-size: 14px; }
    .grid { display: grid; grid-template-columns: auto 1fr; gap: 6px 10px; align-items: center; max-width: 520px; }
    select { font: inherit; border: 1px solid var(--sb-border); border-radius: var(--sb-radius); padding: 5px 8px;
      background: var(--sb-surface); color: var(--sb-text); }
    .bar { display: flex; gap: 8px; align-items: center; margin-top: 8px; }
    button { font: inherit; padding: 5px 12px; border-radius: var(--sb-radius); border: 1px solid var(--sb-border);
      background: var(--sb-surface); color: var(--sb-text); cursor: pointer; }
    button.primary { background: var(--sb-accent); color: var(--sb-accent-text); border-color: var(--sb-accent); }
    .error { color: var(--sb-danger); font-size: 13px; }
  `;

  @property({ type: Number }) interactionId = 0;
  @property() channel = '';
  @property({ attribute: false }) queueId: number | null = null;
  @state() private queue = '';
  @state() private agent = '';
  @state() private busy = false;
  @state() private error = '';

  constructor() {
    super();
    new StoreController(this, [queues, agents, locale] as Array<Store<unknown>>);
  }

  connectedCallback(): void {
    super.connectedCallback();
    void loadQueues(true).catch((e) => { this.error = reasonOf(e); });
    void loadAgents().catch((e) => { this.error = reasonOf(e); });
    this.queue = this.queueId != null ? String(this.queueId) : '';
  }

  render() {
    const me = consoleState.get().agent?.agentId;
    const qs = (queues.get() ?? []).filter((q) => !q.channels || q.channels.includes(this.channel));
    const as = (agents.get() ?? []).filter((a) => a.id !== me && (!a.channels || a.channels.includes(this.channel)));
    return html`<section role="region" aria-labelledby="transfer-title" id="transfer">
      <h3 id="transfer-title">${t('interaction.transferTitle')}</h3>
      <div class="grid">
        <label for="transfer-queue">${t('interaction.transferQueue')}</label>
        <select id="transfer-queue" @change=${(e: Event) => { this.queue = (e.target as HTMLSelectElement).value; }}>
          <option value="" ?selected=${this.queue === ''}>${t('interaction.sameQueue')}</option>
          ${qs.map((q) => html`<option value=${q.id} ?selected=${String(q.id) === this.queue}>${q.name}</option>`)}
        </select>
        <label for="transfer-agent">${t('interaction.transferAgent')}</label>
        <select id="transfer-agent" @change=${(e: Event) => { this.agent = (e.target as HTMLSelectElement).value; }}>
          <option value="" ?selected=${this.agent === ''}>${t('interaction.anyAgent')}</option>
          ${as.map((a) => html`<option value=${a.id} ?selected=${String(a.id) === this.agent}>${a.name}</option>`)}
        </select>
      </div>
      <div class="bar">
        <button class="primary" id="transfer-submit" ?disabled=${this.busy || (!this.queue && !this.agent)} @click=${this.submit}>
          ${t('interaction.transfer')}</button>
        <button id="transfer-cancel" @click=${() => this.dispatchEvent(new CustomEvent('close'))}>${t('common.cancel')}</button>
        ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : ''}
      </div>
    </section>`;
  }

  private async submit(): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      const target: { queueId?: number; agentId?: number } = {};
      if (this.queue) target.queueId = Number(this.queue);
      if (this.agent) target.agentId = Number(this.agent);
      await transfer(this.interactionId, target);
      this.dispatchEvent(new CustomEvent('close'));
    } catch (e) {
      this.error = reasonOf(e);
    } finally {
      this.busy = false;
    }
  }
}
