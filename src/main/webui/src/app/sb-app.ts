import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { SbElement } from '../components/sb-element';
import { t } from '../i18n';
import { ApiError, rest } from '../api/rest';
import { session, type Session } from '../api/session';
import { agentSocket, consoleState } from '../api/agent-socket';
import { go, route, routesFor, selection, type Route } from '../state/selection';
import { softphone, type SoftphoneSettings } from '../api/sip';
import { decline, setOutboundExpecter, setVoiceAcceptor } from '../state/actions';
import type { Store } from '../state/store';
import '../components/sb-language';
import '../components/sb-phone-status';
import '../components/sb-phone-bar';
import '../routes/signin/sb-signin';

/**
 * The screens behind the sign-in, loaded on their own so that the first load shows the sign-in quickly; fetched
 * while the sign-in waits, or at once when a session is already there. The wallboard and the administration pages
 * load only for the roles that use them.
 */
const loaders: Record<Route, () => Promise<unknown>> = {
  workspace: () => Promise.all([import('../routes/workspace/sb-presence'), import('../routes/workspace/sb-workspace')]),
  search: () => import('../routes/search/sb-search'),
  history: () => import('../routes/history/sb-history'),
  wallboard: () => import('../routes/wallboard/sb-wallboard'),
  reports: () => import('../routes/reports/sb-reports'),
  admin: () => import('../routes/admin/sb-admin'),
};
const loaded = new Map<Route, Promise<unknown>>();
function loadScreens(routes: Route[]): void {
  for (const r of routes) if (!loaded.has(r)) loaded.set(r, loaders[r]());
}

function isAgent(s: Session | null): boolean {
  return !!s?.roles?.includes('agent');
}

/** The softphone signs in with the session: its settings from the API, offers from the agent socket. */
function startPhone(): void {
  void softphone.start({
    settings: async () => {
      try {
        return await rest.get<SoftphoneSettings>('/api/agents/me/softphone');
      } catch (e) {
        // 404: telephony off or softphones not provisioned; 403: a user without an agent record
        if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return null;
        throw e;
      }
    },
    offers: () => Object.values(consoleState.get().offers),
    watchOffers: (listener) => {
      let last = consoleState.get().offers;
      return consoleState.subscribe((s) => {
        if (s.offers === last) return;
        last = s.offers;
        listener();
      });
    },
    show: (interactionId) => {
      selection.set(interactionId);
      go('workspace');
    },
    decline: (interactionId) => {
      const offer = consoleState.get().offers[interactionId];
      if (offer) decline(offer).catch(() => undefined);
    },
  });
  setVoiceAcceptor((offer) => softphone.answerFor(offer));
  setOutboundExpecter((interactionId) => softphone.expectOutbound(interactionId));
}

function stopPhone(): void {
  setVoiceAcceptor(null);
  setOutboundExpecter(null);
  softphone.stop();
}

/** The console: the sign-in, or the header and the screen the URL names. */
@customElement('sb-app')
export class SbApp extends SbElement {
  static styles = css`
    :host { display: flex; flex-direction: column; height: 100%; }
    header { display: flex; align-items: center; gap: 16px; padding: 6px 14px; background: #13294b; color: #fff; }
    header h1 { font-size: 16px; margin: 0 8px 0 0; white-space: nowrap; }
    nav { display: flex; gap: 4px; }
    nav a { color: #dbe6f5; text-decoration: none; padding: 5px 10px; border-radius: var(--sb-radius); }
    nav a[aria-current='page'] { background: rgba(255,255,255,.16); color: #fff; font-weight: 600; }
    .spacer { flex: 1; }
    .user { white-space: nowrap; }
    button.signout { font: inherit; background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.5);
      border-radius: var(--sb-radius); padding: 3px 10px; cursor: pointer; }
    .banner { padding: 6px 14px; background: #fff4e0; color: #6b3b00; border-bottom: 1px solid #f0d3a0; }
    main { flex: 1; min-height: 0; display: flex; }
    main > * { flex: 1; min-width: 0; }
    [hidden] { display: none !important; }
    @media (max-width: 640px) {
      header { flex-wrap: wrap; gap: 6px 10px; padding: 6px 8px; }
      nav { order: 1; width: 100%; overflow-x: auto; }
      .spacer { display: none; }
    }
  `;

  protected stores() {
    return [session, route, consoleState] as Array<Store<unknown>>;
  }

  private unsubscribe?: () => void;

  connectedCallback(): void {
    super.connectedCallback();
    const begin = (s: Session) => {
      loadScreens(routesFor(s.roles ?? []));
      // the agent socket and the phone are an agent's; a supervisor or an admin works without them
      if (isAgent(s)) {
        agentSocket.start();
        startPhone();
      }
      const home = routesFor(s.roles ?? [])[0];
      if (home && !routesFor(s.roles ?? []).includes(route.get())) go(home);
    };
    const current = session.get();
    if (current) begin(current);
    else window.setTimeout(() => loadScreens(['workspace', 'search', 'history']), 300);
    let signedIn = current?.token;
    this.unsubscribe = session.subscribe((s) => {
      if (s?.token === signedIn) return;
      signedIn = s?.token;
      agentSocket.stop();
      stopPhone();
      if (s) begin(s);
    });
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  render() {
    const s = session.get();
    if (!s) return html`<sb-signin></sb-signin>`;
    const state = consoleState.get();
    const r = route.get();
    const routes = routesFor(s.roles ?? []);
    const agent = isAgent(s);
    const link = (to: Route) => html`<a href="#/${to}" id="nav-${to}"
        aria-current=${r === to ? 'page' : 'false'} @click=${() => go(to)}>${t(`common.nav.${to}`)}</a>`;
    return html`
      <header>
        <h1>${t('common.appName')}</h1>
        <nav>${routes.map(link)}</nav>
        <span class="spacer"></span>
        ${agent ? html`<sb-presence></sb-presence><sb-phone-status></sb-phone-status>` : ''}
        <sb-language></sb-language>
        <span class="user" id="user">${state.agent?.name ?? s.username}</span>
        <button class="signout" id="signout" @click=${this.signOut}>${t('common.signOut')}</button>
      </header>
      ${agent ? html`<sb-phone-bar></sb-phone-bar>` : ''}
      ${agent && state.connection === 'closed' ? html`<div class="banner" role="status">${t('common.offline')}</div>` : ''}
      ${state.lastError?.code === '4403' ? html`<div class="banner" role="alert">${t('signin.noAgent')}</div>` : ''}
      ${routes.length === 0 ? html`<div class="banner" role="alert" id="no-role">${t('signin.noRole')}</div>` : ''}
      <main>
        ${agent ? html`<sb-workspace ?hidden=${r !== 'workspace'}></sb-workspace>
          <sb-history ?hidden=${r !== 'history'}></sb-history>` : ''}
        ${routes.includes('search') ? html`<sb-search ?hidden=${r !== 'search'}></sb-search>` : ''}
        ${routes.includes('wallboard') && r === 'wallboard' ? html`<sb-wallboard></sb-wallboard>` : ''}
        ${routes.includes('reports') && r === 'reports' ? html`<sb-reports></sb-reports>` : ''}
        ${routes.includes('admin') && r === 'admin' ? html`<sb-admin></sb-admin>` : ''}
      </main>`;
  }

  private async signOut(): Promise<void> {
    try {
      await rest.post('/api/auth/logout');
    } catch {
      // revoked or expired already: signing out locally is all that is left
    }
    session.set(null);
  }
}
