import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { SbElement } from '../../../components/sb-element';
import type { WorkItem } from '../../../state/types';

/** One interaction in hand: conversation, composer, customer, wrap-up. */
@customElement('sb-interaction')
export class SbInteraction extends SbElement {
  @property({ attribute: false }) interactionId = 0;
  @property({ attribute: false }) work: WorkItem | null = null;

  render() {
    return html`<div>#${this.interactionId}</div>`;
  }
}
