import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { t } from '../../i18n';
import { agentSocket, consoleState } from '../../api/agent-socket';
import { setPresence } from '../../state/actions';
import type { Store } from '../../state/store';
import type { Presence } from '../../state/types';
import { enableAlerts } from './alerts';

const REASONS = ['break', 'lunch', 'training', 'meeting', 'coaching'];
const CHANNELS = ['VOICE', 'CHAT', 'EMAIL', 'SMS', 'FAX'];

/** Available / Paused with a reason / Offline, the channels it covers, and the capacity in use. */
@customElement('sb-presence')
export class SbPresence extends SbElement {
  static styles = css`
    :host { display: flex; align-items: center; gap: 8px; white-space: nowrap; }
    select { font: inherit; padding: 3px 6px; border-radius: var(--sb-radius); border: 1px solid var(--sb-border); }
    .dot { width: 10px; height: 10px; border-radius: 50%; background: #999; display: inline-block; }
    .AVAILABLE { background: #3ccf6e; } .PAUSED { background: #f0a400; } .OFFLINE { background: #9aa4b1; }
    .capacity { font-size: 12px; opacity: .9; }
    details { position: relative; }
    summary { cursor: pointer; font-size: 12px; list-style: none; padding: 3px 6px; border: 1px solid rgba(255,255,255,.5);
      border-radius: var(--sb-radius); }
    .menu { position: absolute; right: 0; top: 120%; background: var(--sb-surface); color: var(--sb-text); z-index: 10;
      border: 1px solid var(--sb-border); border-radius: var(--sb-radius); padding: 8px 12px; display: grid; gap: 4px; }
  `;

  @state() private error = '';

  protected stores() {
    return [consoleState] as Array<Store<unknown>>;
  }

  render() {
    const agent = consoleState.get().agent;
    if (!agent) return html`<span>${t('common.connecting')}</span>`;
    const presence = agent.presence;
    const value = presence === 'PAUSED' ? `PAUSED:${agent.reason ?? 'break'}` : presence;
    const on = new Set(agent.channels ?? []);
    return html`
      <span class="dot ${presence}" aria-hidden="true"></span>
      <select id="presence" aria-label=${t('workspace.presence')} @change=${this.change}>
        <option value="AVAILABLE" ?selected=${value === 'AVAILABLE'}>${t('common.presence.AVAILABLE')}</option>
        ${REASONS.map((r) => html`<option value="PAUSED:${r}" ?selected=${value === `PAUSED:${r}`}>
          ${t('common.presence.PAUSED')} · ${t(`common.reason.${r}`)}</option>`)}
        ${presence === 'PAUSED' && agent.reason && !REASONS.includes(agent.reason)
          ? html`<option value=${value} selected>${t('common.presence.PAUSED')} · ${t(`common.reason.${agent.reason}`)}</option>`
          : ''}
        <option value="OFFLINE" ?selected=${value === 'OFFLINE'}>${t('common.presence.OFFLINE')}</option>
      </select>
      <details>
        <summary>${t('workspace.channels')}</summary>
        <div class="menu" role="group" aria-label=${t('workspace.channels')}>
          ${CHANNELS.map((c) => html`<label><input type="checkbox" data-channel=${c} .checked=${on.has(c)}
              @change=${() => this.channels()}> ${t(`common.channel.${c}`)}</label>`)}
        </div>
      </details>
      <span class="capacity" id="capacity">${t('workspace.capacity', { used: agent.usedCapacity, total: agent.capacity })}</span>
      ${this.error ? html`<span role="alert">${this.error}</span>` : ''}`;
  }

  private async change(e: Event): Promise<void> {
    const [presence, reason] = (e.target as HTMLSelectElement).value.split(':');
    if (presence === 'AVAILABLE') enableAlerts();
    await this.apply(presence as Presence, reason);
  }

  private async channels(): Promise<void> {
    const boxes = [...this.renderRoot.querySelectorAll<HTMLInputElement>('input[data-channel]')];
    const chosen = boxes.filter((b) => b.checked).map((b) => b.dataset.channel!);
    const agent = consoleState.get().agent;
    if (!agent || chosen.length === 0) return;
    await this.apply(agent.presence, agent.reason ?? undefined, chosen);
  }

  private async apply(presence: Presence, reason?: string, channels?: string[]): Promise<void> {
    this.error = '';
    try {
      await setPresence(presence, reason, channels);
      // the ack carries no state; ask for it so capacity and channels show what routing now holds
      await agentSocket.send({ type: 'state' }, false);
    } catch (err) {
      this.error = t('common.error', { detail: err instanceof Error ? err.message : String(err) });
    }
  }
}
