import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A value that views read and only its owner module changes: state flows one way, from connections to views. */
export class Store<T> {
  private listeners = new Set<(value: T) => void>();

  constructor(private value: T) {}

  get(): T {
    return this.value;
  }

  set(next: T): void {
    if (next === this.value) return;
    this.value = next;
    for (const listener of [...this.listeners]) listener(next);
  }

  update(change: (value: T) => T): void {
    this.set(change(this.value));
  }

  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Re-renders a Lit element whenever one of the stores it reads changes. */
export class StoreController implements ReactiveController {
  private unsubscribes: Array<() => void> = [];

  constructor(private host: ReactiveControllerHost, private stores: Array<Store<unknown>>) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribes = this.stores.map((s) => s.subscribe(() => this.host.requestUpdate()));
  }

  hostDisconnected(): void {
    for (const u of this.unsubscribes) u();
    this.unsubscribes = [];
  }
}
