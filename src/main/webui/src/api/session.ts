import { Store } from '../state/store';

/** The signed-in user as `GET /api/auth/me` answers, with the token that proves it. */
export interface Session {
  token: string;
  userId: number;
  username: string;
  displayName?: string;
  roles: string[];
}

const KEY = 'sb.session';

function load(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

/** The session, kept in localStorage so that a reload (or a second tab) stays signed in until sign-out. */
export const session = new Store<Session | null>(load());

session.subscribe((s) => {
  if (s) localStorage.setItem(KEY, JSON.stringify(s));
  else localStorage.removeItem(KEY);
});

// Another tab signed out (or in): follow it.
window.addEventListener('storage', (e) => {
  if (e.key === KEY) session.set(load());
});
