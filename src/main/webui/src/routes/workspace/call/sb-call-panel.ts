import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/** Placeholder for the call panel (timer, hold, mute, keypad, transfer, recording, hang-up) another change brings. */
@customElement('sb-call-panel')
export class SbCallPanel extends LitElement {
  @property({ attribute: false }) interactionId = 0;

  render() {
    return html``;
  }
}
