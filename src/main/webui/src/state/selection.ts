import { Store } from './store';

/** The interaction whose tab is open in the workspace. */
export const selection = new Store<number | null>(null);

/**
 * The screen shown, from the URL's hash: the agent's workspace, customer search and own history; the supervisor's
 * wallboard; the reports (an agent's own figures, a supervisor's per queue and agent); the administrator's pages. Which of them a user may open depends on its roles ({@link routesFor}).
 */
export type Route = 'workspace' | 'search' | 'history' | 'wallboard' | 'reports' | 'admin';
const ROUTES: Route[] = ['workspace', 'search', 'history', 'wallboard', 'reports', 'admin'];

function routeOf(hash: string): Route {
  const r = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (ROUTES as string[]).includes(r) ? (r as Route) : 'workspace';
}

/** The screens a user with these roles works in, the first being its home. */
export function routesFor(roles: string[]): Route[] {
  const routes: Route[] = [];
  if (roles.includes('agent')) routes.push('workspace', 'search', 'history');
  if (roles.includes('supervisor') || roles.includes('admin')) routes.push('wallboard');
  if (routes.length > 0) routes.push('reports');
  if (roles.includes('admin')) routes.push('admin');
  if (!roles.includes('agent') && routes.length > 0) routes.push('search');
  return routes;
}

export const route = new Store<Route>(routeOf(location.hash));
window.addEventListener('hashchange', () => route.set(routeOf(location.hash)));

export function go(r: Route): void {
  location.hash = `#/${r}`;
}
