import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SbElement } from '../../components/sb-element';
import { t } from '../../i18n';
import { ApiError, rest } from '../../api/rest';
import { session } from '../../api/session';
import '../../components/sb-language';

interface LoginResponse {
  token: string;
  userId: number;
  username: string;
  roles: string[];
}

/** Username and password, then the console. */
@customElement('sb-signin')
export class SbSignin extends SbElement {
  static styles = css`
    :host { display: grid; place-items: center; min-height: 100%; }
    form { background: var(--sb-surface); border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
      padding: 28px 32px; width: min(380px, 92vw); display: grid; gap: 14px; }
    h1 { font-size: 20px; margin: 0; }
    label { display: grid; gap: 4px; font-weight: 600; }
    input { font: inherit; padding: 8px 10px; border: 1px solid var(--sb-border); border-radius: var(--sb-radius); }
    button { font: inherit; font-weight: 600; padding: 9px; border: 0; border-radius: var(--sb-radius);
      background: var(--sb-accent); color: var(--sb-accent-text); cursor: pointer; }
    button[disabled] { opacity: .7; cursor: progress; }
    .error { color: var(--sb-danger); margin: 0; }
    .top { display: flex; justify-content: space-between; align-items: center; }
  `;

  @state() private busy = false;
  @state() private error = '';

  protected firstUpdated(): void {
    // the browser test reads this mark: first load of /console/ to an interactive sign-in
    performance.mark('sb:signin-ready');
  }

  render() {
    return html`
      <form @submit=${this.submit} aria-labelledby="title">
        <div class="top"><h1 id="title">${t('signin.title')}</h1><sb-language></sb-language></div>
        <label>${t('signin.username')}
          <input id="username" name="username" autocomplete="username" required autofocus></label>
        <label>${t('signin.password')}
          <input id="password" name="password" type="password" autocomplete="current-password" required></label>
        ${this.error ? html`<p class="error" role="alert" id="signin-error">${this.error}</p>` : ''}
        <button id="signin" type="submit" ?disabled=${this.busy}>
          ${this.busy ? t('signin.busy') : t('signin.submit')}</button>
      </form>`;
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    this.error = '';
    try {
      const r = await rest.post<LoginResponse>('/api/auth/login',
        { username: data.get('username'), password: data.get('password') });
      session.set({ token: r.token, userId: r.userId, username: r.username, roles: r.roles });
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) {
        this.error = t('signin.throttled', { seconds: err.retryAfter ?? 1 });
      } else if (err instanceof ApiError && err.status === 401) {
        this.error = t('signin.refused');
      } else {
        this.error = t('common.error', { detail: err instanceof Error ? err.message : String(err) });
      }
    } finally {
      this.busy = false;
    }
  }
}
