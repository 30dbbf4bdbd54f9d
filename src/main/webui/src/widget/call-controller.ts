import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { HttpError, type ChatApi } from './api';
import {
  callDuration, formatClock, idleCall, inCall, reduceCall, type CallEvent, type CallProblem, type CallSettings,
  type CallState,
} from './call-state';
import type { CallHandle } from './call';
import type { Key } from './i18n';
import type { SavedSession } from './storage';

export interface CallDeps {
  api: ChatApi;
  t: (key: Key, params?: Record<string, string | number>) => string;
  /** the chat the call belongs to (the service files the call as the chat's customer's) */
  session: () => SavedSession | undefined;
  /** whether a call-back can be offered instead, and how to open its form */
  callbacks: () => boolean;
  openCallback: () => void;
}

export const ICON_PHONE = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"/></svg>`;
const ICON_MIC = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1A7 7 0 0 0 19 11z"/></svg>`;
const ICON_MIC_OFF = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M19 11h-2c0 .7-.15 1.37-.42 1.97l1.5 1.5A6.9 6.9 0 0 0 19 11zM15 11V5a3 3 0 0 0-5.9-.8L15 10.1zM4.3 3 3 4.3l6 6V11a3 3 0 0 0 4.4 2.65l1.6 1.6A5 5 0 0 1 7 11H5a7 7 0 0 0 6 6.9V21h2v-3.1a6.9 6.9 0 0 0 3.4-1.3L19.7 21 21 19.7z"/></svg>`;
const ICON_HANGUP = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 9c-1.6 0-3.15.25-4.6.72v3.1a1 1 0 0 1-.56.9 11.5 11.5 0 0 0-2.66 1.85 1 1 0 0 1-1.41 0L.29 13.08a1 1 0 0 1 0-1.41A16.9 16.9 0 0 1 12 7c4.5 0 8.6 1.75 11.7 4.67a1 1 0 0 1 0 1.41l-2.48 2.49a1 1 0 0 1-1.41 0 11.3 11.3 0 0 0-2.67-1.85 1 1 0 0 1-.56-.9v-3.1A15 15 0 0 0 12 9z"/></svg>`;

const PROBLEM_TEXT: Record<CallProblem, Key> = {
  microphone: 'call.problem.microphone', 'no-microphone': 'call.problem.no-microphone',
  unavailable: 'call.problem.unavailable', busy: 'call.problem.busy', 'no-answer': 'call.problem.no-answer',
  network: 'call.problem.network', failed: 'call.problem.failed',
};

/**
 * The Call button's call: asks for the microphone, takes a single-use ticket from the service, loads JsSIP (its own
 * chunk, with import()) and places the call; renders the call bar (state, timer, mute, hang-up) and keeps a live
 * region that announces each step. One call at a time; a new call takes a new ticket.
 */
export class CallController implements ReactiveController {
  state: CallState = idleCall();
  private handle: CallHandle | null = null;
  private clock: ReturnType<typeof setInterval> | undefined;
  private stream: MediaStream | null = null;

  constructor(private readonly host: ReactiveControllerHost, private readonly deps: CallDeps) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.hangup();
    clearInterval(this.clock);
  }

  private dispatch(e: CallEvent): void {
    const before = this.state;
    this.state = reduceCall(this.state, e);
    if (this.state === before) return;
    if (this.state.phase === 'connected' && before.phase !== 'connected') {
      clearInterval(this.clock);
      this.clock = setInterval(() => this.host.requestUpdate(), 1000);
    }
    if (this.state.phase === 'ended' || this.state.phase === 'idle') {
      clearInterval(this.clock);
      this.handle = null;
      this.releaseMicrophone();
    }
    this.host.requestUpdate();
  }

  private releaseMicrophone(): void {
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
  }

  /** The Call button. */
  async place(): Promise<void> {
    if (inCall(this.state)) return;
    this.dispatch({ type: 'start' });
    const session = this.deps.session();
    if (!session) return this.problem('failed');
    if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) return this.problem('no-microphone');
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    } catch (e) {
      const name = e instanceof DOMException ? e.name : '';
      return this.problem(name === 'NotFoundError' || name === 'OverconstrainedError' ? 'no-microphone' : 'microphone');
    }
    if (this.state.phase !== 'starting') return this.releaseMicrophone();
    let settings: CallSettings;
    try {
      settings = await this.deps.api.post<CallSettings>('/api/chat/calls', { sessionId: session.sessionId },
        { 'X-Chat-Token': session.token });
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 0;
      return this.problem(status === 409 ? 'unavailable' : status === 0 ? 'network' : 'failed');
    }
    if (this.state.phase !== 'starting') return this.releaseMicrophone();
    let placeCall: typeof import('./call').placeCall;
    try {
      ({ placeCall } = await import('./call'));
    } catch {
      return this.problem('network');
    }
    if (this.state.phase !== 'starting' || !this.stream) return this.releaseMicrophone();
    const stream = this.stream;
    this.handle = placeCall(settings, stream, (e) => this.dispatch(e));
  }

  private problem(problem: CallProblem): void {
    this.dispatch({ type: 'problem', problem, at: Date.now() });
  }

  hangup(): void {
    if (this.handle) this.handle.hangup();
    else if (inCall(this.state)) this.dispatch({ type: 'ended', by: 'local', at: Date.now() });
  }

  toggleMute(): void {
    this.handle?.mute(!this.state.muted);
  }

  dismiss(): void {
    this.dispatch({ type: 'reset' });
  }

  /** What the live region says: the step, and why a call did not happen (not the ticking timer). */
  announcement(): string {
    const s = this.state;
    if (s.phase === 'idle') return '';
    const t = this.deps.t;
    const parts = [this.phaseText()];
    if (s.phase === 'ended' && s.endedBy) parts.push(t(s.endedBy === 'you' ? 'call.endedByYou' : 'call.endedByThem'));
    if (s.problem) parts.push(t(PROBLEM_TEXT[s.problem]));
    return parts.join(' ');
  }

  private phaseText(): string {
    const t = this.deps.t;
    switch (this.state.phase) {
      case 'starting': return t('call.starting');
      case 'calling': return t('call.calling');
      case 'ringing': return t('call.ringing');
      case 'connected': return t('call.connected');
      default: return t('call.ended');
    }
  }

  /** The call bar under the header while a call is on (or just ended); nothing when idle. */
  render(): TemplateResult | typeof nothing {
    const s = this.state;
    if (s.phase === 'idle') return nothing;
    const t = this.deps.t;
    const clock = s.connectedAt != null ? formatClock(callDuration(s, Date.now())) : null;
    return html`<div id="sbc-call" class="sbc-call" data-state=${s.phase} data-problem=${s.problem ?? ''}>
      <div class="sbc-call-line">
        <span class="sbc-call-icon">${ICON_PHONE}</span>
        <div class="sbc-call-text">
          <span id="sbc-call-state">${this.phaseText()}</span>
          ${clock ? html`<span id="sbc-call-timer" role="timer" aria-label=${t('call.timer', { time: clock })}>${clock}</span>` : nothing}
        </div>
        ${inCall(s) ? html`
          <button id="sbc-call-mute" class="sbc-call-button sbc-iconic" type="button" aria-pressed=${s.muted ? 'true' : 'false'}
            ?disabled=${s.phase === 'starting'} @click=${() => this.toggleMute()}
            aria-label=${t('call.mute')}>${s.muted ? ICON_MIC_OFF : ICON_MIC}<span>${t('call.mute')}</span></button>
          <button id="sbc-call-hangup" class="sbc-call-button sbc-iconic sbc-hangup" type="button" aria-label=${t('call.hangup')}
            @click=${() => this.hangup()}>
            ${ICON_HANGUP}<span>${t('call.hangup')}</span></button>`
          : html`<button id="sbc-call-close" class="sbc-call-button" type="button" @click=${() => this.dismiss()}>
            <span>${t('call.close')}</span></button>`}
      </div>
      ${s.phase === 'ended' && (s.problem || s.endedBy) ? html`<p id="sbc-call-problem" class=${s.problem ? 'sbc-call-error' : ''}>
        ${s.endedBy ? t(s.endedBy === 'you' ? 'call.endedByYou' : 'call.endedByThem') : nothing}
        ${s.problem ? t(PROBLEM_TEXT[s.problem]) : nothing}</p>` : nothing}
      ${s.phase === 'ended' ? html`<div class="sbc-buttons">
        ${s.problem !== 'no-microphone' && s.problem !== 'unavailable'
          ? html`<button id="sbc-call-again" class="sbc-secondary" type="button" @click=${() => this.place()}>${t('call.again')}</button>`
          : nothing}
        ${s.problem && this.deps.callbacks() ? html`<button id="sbc-call-callback" class="sbc-secondary" type="button"
          @click=${() => this.deps.openCallback()}>${t('cb.request')}</button>` : nothing}
      </div>` : nothing}
    </div>`;
  }
}
