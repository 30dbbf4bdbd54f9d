import { css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { formatDuration, t } from '../../i18n';
import { breached, oldestWait, targetOf, TIERS, type QueueFigures, type QueueMeta, type Timed }
  from '../../state/wallboard';
import './sb-queue-chart';

function percent(v: number | null): string {
  return v == null ? '–' : `${Math.round(v * 100)}%`;
}

function seconds(v: number | null): string {
  return v == null ? '–' : formatDuration(v * 1000);
}

/**
 * One queue: waiting contacts by tier with the oldest wait against the tier's answer target, today's service level,
 * speed of answer, handle time and abandonment, and the day's chart. Red where a target is breached.
 */
@customElement('sb-queue-tile')
export class SbQueueTile extends SbElement {
  static styles = css`
    :host { display: block; background: var(--sb-surface); border: 1px solid var(--sb-border);
      border-radius: var(--sb-radius); padding: 10px 12px; }
    :host([selected]) { outline: 2px solid var(--sb-accent); }
    :host([breached]) { border-color: var(--sb-danger); box-shadow: inset 4px 0 0 var(--sb-danger); }
    h3 { margin: 0 0 6px; font-size: 1em; display: flex; justify-content: space-between; gap: 8px; }
    h3 button { font: inherit; font-size: .8em; background: none; border: 1px solid var(--sb-border);
      border-radius: var(--sb-radius); cursor: pointer; color: var(--sb-accent); }
    table { border-collapse: collapse; width: 100%; font-size: .9em; }
    th, td { text-align: right; padding: 1px 4px; }
    th:first-child, td:first-child { text-align: left; }
    th { font-weight: 500; color: var(--sb-muted); }
    .breach { color: var(--sb-danger); font-weight: 700; }
    dl { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2px 8px; margin: 8px 0 4px; }
    dt { font-size: .75em; color: var(--sb-muted); }
    dd { margin: 0; font-size: 1.15em; font-weight: 600; font-variant-numeric: tabular-nums; }
    .agents { font-size: .8em; color: var(--sb-muted); }
  `;

  @property({ attribute: false }) queue!: Timed<QueueFigures>;
  @property({ attribute: false }) meta?: QueueMeta;
  @property({ type: Number }) now = Date.now();
  @property({ type: Boolean }) big = false;
  @property({ type: Boolean, reflect: true }) selected = false;
  private changes = 0;
  private lastQueue?: Timed<QueueFigures>;

  render() {
    const q = this.queue.value;
    if (this.lastQueue !== this.queue) {
      this.lastQueue = this.queue;
      this.changes++;
    }
    const anyBreach = TIERS.some((tier) => breached(this.queue, this.meta, this.now, tier));
    this.toggleAttribute('breached', anyBreach);
    const total = q.total;
    const slBreach = total.serviceLevel != null && total.serviceLevel < 0.8;
    return html`
      <h3><span data-queue-name>${q.name}</span>
        ${this.big ? '' : html`<button class="show-waiting" @click=${this.showWaiting}
          aria-label=${t('wallboard.queue.showWaiting', { name: q.name })}>${t('wallboard.queue.waitingWork')}</button>`}
      </h3>
      <table>
        <thead><tr><th scope="col">${t('wallboard.queue.tier')}</th><th scope="col">${t('wallboard.queue.waiting')}</th>
          <th scope="col">${t('wallboard.queue.oldest')}</th><th scope="col">${t('wallboard.queue.target')}</th></tr></thead>
        <tbody>
          ${TIERS.map((tier) => {
            const f = q.byTier[tier];
            const target = targetOf(this.meta, tier);
            const late = breached(this.queue, this.meta, this.now, tier);
            return html`<tr data-tier=${tier}>
              <td>${t(`common.tier.${tier}`)}</td>
              <td data-figure="waiting">${f?.waiting ?? 0}</td>
              <td data-figure="oldest" class=${late ? 'breach' : ''}>${formatDuration(oldestWait(this.queue, this.now, tier) * 1000)}</td>
              <td>${target == null ? '–' : formatDuration(target * 1000)}</td></tr>`;
          })}
          <tr data-tier="ALL"><td>${t('wallboard.queue.total')}</td><td data-figure="waiting">${q.waiting}</td>
            <td data-figure="oldest">${formatDuration(oldestWait(this.queue, this.now) * 1000)}</td><td></td></tr>
        </tbody>
      </table>
      <dl>
        <div><dt>${t('wallboard.queue.serviceLevel')}</dt>
          <dd data-figure="serviceLevel" class=${slBreach ? 'breach' : ''}>${percent(total.serviceLevel)}</dd></div>
        <div><dt>${t('wallboard.queue.asa')}</dt><dd data-figure="asa">${seconds(total.averageSpeedOfAnswerSeconds)}</dd></div>
        <div><dt>${t('wallboard.queue.aht')}</dt><dd data-figure="aht">${seconds(total.averageHandleSeconds)}</dd></div>
        <div><dt>${t('wallboard.queue.abandoned')}</dt>
          <dd data-figure="abandonment">${percent(total.abandonmentRate)}</dd></div>
      </dl>
      <div class="agents" data-figure="agents">${t('wallboard.queue.agents', { staffed: q.agents.staffed,
        available: q.agents.available, onContact: q.agents.onContact, wrapUp: q.agents.wrapUp, paused: q.agents.paused })}</div>
      <div class="agents" data-figure="answered">${t('wallboard.queue.answered', { answered: total.answered,
        abandoned: total.abandoned })}</div>
      <sb-queue-chart .queueId=${q.queueId} .changes=${this.changes}
        .height=${this.big ? 150 : 110}></sb-queue-chart>`;
  }

  private showWaiting(): void {
    this.dispatchEvent(new CustomEvent('show-waiting', { detail: this.queue.value.queueId, bubbles: true, composed: true }));
  }
}
