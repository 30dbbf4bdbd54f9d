import { LitElement } from 'lit';
import { locale } from '../i18n';
import { Store, StoreController } from '../state/store';

/**
 * The base of the console's elements: re-renders when the language changes and when any store it names in
 * {@link stores} changes. Properties go down, events come up; state comes from stores, never from a socket.
 */
export class SbElement extends LitElement {
  protected stores(): Array<Store<unknown>> {
    return [];
  }

  constructor() {
    super();
    new StoreController(this, [locale as Store<unknown>, ...this.stores()]);
  }
}
