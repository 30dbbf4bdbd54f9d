import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { t } from '../../i18n';
import { consoleState } from '../../api/agent-socket';
import { customers, customerName } from '../../state/customers';
import { selection } from '../../state/selection';
import { interactions, loadInteraction, opened } from '../../state/interaction';
import type { Store } from '../../state/store';
import './sb-offers';
import './interaction/sb-interaction';
import '../../components/sb-tier-badge';

/** The agent's desk: offers on the left, every interaction in hand as a tab, the open one beside them. */
@customElement('sb-workspace')
export class SbWorkspace extends SbElement {
  static styles = css`
    :host { display: grid; grid-template-columns: 300px 1fr; min-height: 0; }
    aside { border-right: 1px solid var(--sb-border); background: var(--sb-surface); padding: 12px; overflow: auto;
      display: grid; align-content: start; gap: 14px; }
    h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--sb-muted); margin: 0 0 6px; }
    [role='tablist'] { display: grid; gap: 4px; }
    [role='tab'] { font: inherit; text-align: left; border: 1px solid var(--sb-border); background: var(--sb-bg);
      border-radius: var(--sb-radius); padding: 6px 8px; cursor: pointer; display: grid; gap: 2px; color: var(--sb-text); }
    [role='tab'][aria-selected='true'] { border-color: var(--sb-accent); background: #e6f0fb; }
    .row { display: flex; gap: 6px; align-items: center; }
    .phase { font-size: 11px; color: var(--sb-muted); }
    .WRAP_UP .phase { color: var(--sb-warn); font-weight: 600; }
    .finished .phase { color: var(--sb-muted); }
    section.main { min-width: 0; min-height: 0; display: flex; }
    section.main > * { flex: 1; min-width: 0; }
    .empty { margin: auto; color: var(--sb-muted); }
  `;

  protected stores() {
    return [consoleState, customers, selection, opened, interactions] as Array<Store<unknown>>;
  }

  render() {
    const state = consoleState.get();
    const work = Object.values(state.work);
    const finished = Object.keys(state.finished).map(Number).filter((id) => !state.work[id]);
    // interactions opened from the search or the history that routing does not hand this agent
    const extra = opened.get().filter((id) => !state.work[id] && !state.finished[id]);
    let selected = selection.get();
    if (selected == null || (!state.work[selected] && !state.finished[selected] && !extra.includes(selected))) {
      selected = work[0]?.interactionId ?? null;
    }
    return html`
      <aside>
        <div><h2>${t('workspace.offers')}</h2><sb-offers></sb-offers></div>
        <div>
          <h2 id="tabs-title">${t('workspace.tabs')}</h2>
          <div role="tablist" aria-labelledby="tabs-title" id="work-tabs">
            ${work.map((w) => html`
              <button role="tab" class=${w.phase} aria-selected=${w.interactionId === selected ? 'true' : 'false'}
                  data-interaction=${w.interactionId} @click=${() => selection.set(w.interactionId)}>
                <span class="row">${t(`common.channel.${w.channel}`)} ·
                  ${customerName(w.customerId) ?? t('common.customer', { id: w.customerId })}
                  <sb-tier-badge tier=${w.tier}></sb-tier-badge></span>
                <span class="phase">${t(`workspace.phase${w.phase}`)}</span>
              </button>`)}
            ${finished.map((id) => html`
              <button role="tab" class="finished" aria-selected=${id === selected ? 'true' : 'false'}
                  data-interaction=${id} @click=${() => selection.set(id)}>
                <span class="row">${this.openedLabel(id)}</span><span class="phase">${t('workspace.finished')}</span>
              </button>`)}
            ${extra.map((id) => html`
              <button role="tab" class="opened" aria-selected=${id === selected ? 'true' : 'false'}
                  data-interaction=${id} @click=${() => selection.set(id)}>
                <span class="row">${this.openedLabel(id)}</span><span class="phase">${t('interaction.opened')}</span>
              </button>`)}
          </div>
        </div>
      </aside>
      <section class="main" role="tabpanel">
        ${selected != null
          ? html`<sb-interaction .interactionId=${selected} .work=${state.work[selected] ?? null}></sb-interaction>`
          : html`<p class="empty" id="no-work">${t('workspace.noWork')}</p>`}
      </section>`;
  }

  private openedLabel(id: number) {
    const v = interactions.get()[id];
    if (!v) {
      void loadInteraction(id);
      return `#${id}`;
    }
    return `${t(`common.channel.${v.channel}`)} · ${customerName(v.customerId) ?? t('common.customer', { id: v.customerId })}`;
  }
}
