import { Store } from './store';

/** The interaction whose tab is open in the workspace. */
export const selection = new Store<number | null>(null);

/** The screen shown: the workspace, customer search, or the agent's own history (from the URL's hash). */
export type Route = 'workspace' | 'search' | 'history';

function routeOf(hash: string): Route {
  const r = hash.replace(/^#\/?/, '').split('/')[0];
  return r === 'search' || r === 'history' ? r : 'workspace';
}

export const route = new Store<Route>(routeOf(location.hash));
window.addEventListener('hashchange', () => route.set(routeOf(location.hash)));

export function go(r: Route): void {
  location.hash = `#/${r}`;
}
