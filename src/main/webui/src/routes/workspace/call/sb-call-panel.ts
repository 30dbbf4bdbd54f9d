import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SbElement } from '../../../components/sb-element';
import { formatDuration, t } from '../../../i18n';
import { ApiError, rest } from '../../../api/rest';
import { agentSocket, consoleState } from '../../../api/agent-socket';
import { phoneState, softphone } from '../../../api/sip';
import { callFor, callView, type CallView, type PhoneCall } from '../../../state/phone';
import type { Store } from '../../../state/store';
import { endCause } from '../../../components/sb-phone-bar';
import '../../../components/sb-phone-keypad';

interface Named {
  id: number;
  name: string;
  channels?: string[];
}

type TargetKind = 'queue' | 'agent' | 'number';
type Status = 'ringing' | 'connecting' | 'connected' | 'held' | 'ended' | 'waiting';

// Queues and agents change rarely; one load per page is enough for the transfer lists.
let queueList: Promise<Named[]> | null = null;
let agentList: Promise<Named[]> | null = null;

/** A translated value from a known set (`phone.result.customer`), else the value as the service sent it. */
function known(prefix: string, value: string | null): string {
  if (!value) return '–';
  const text = t(`${prefix}.${value}`);
  return text === `${prefix}.${value}` ? value : text;
}

function load(path: string): Promise<Named[]> {
  return rest.get<Named[]>(path).catch(() => []);
}

/**
 * The call of a VOICE (or VOIP) interaction: its state and timer, the phone's own controls when it rings or talks
 * in this browser (answer, mute, hold, keypad), and the service's controls for any phone (hang-up, blind and
 * attended transfer to a queue, an agent or a number, recording). The service's view comes from the call's
 * touchpoints, so a desk phone's call shows the same.
 */
@customElement('sb-call-panel')
export class SbCallPanel extends SbElement {
  static styles = css`
    :host { display: block; }
    .panel { display: grid; gap: 12px; padding: 12px 14px; border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
      background: var(--sb-surface); }
    .head { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    h2 { font-size: 15px; margin: 0; }
    .state { font-size: 12px; font-weight: 600; padding: 2px 8px; border-radius: 999px; background: #e6eaf0; color: var(--sb-muted); }
    .state.ringing { background: #d2f0dc; color: #14532d; }
    .state.connected { background: #dbeafe; color: #0b3d7a; }
    .state.held { background: #fff1d6; color: #6b3b00; }
    .state.ended { background: #eceff3; color: var(--sb-muted); }
    .timer { font-variant-numeric: tabular-nums; font-size: 20px; font-weight: 600; }
    .row { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
    button { font: inherit; padding: 6px 12px; border-radius: var(--sb-radius); cursor: pointer;
      border: 1px solid var(--sb-border); background: var(--sb-surface); color: var(--sb-text); }
    button:disabled { opacity: .5; cursor: default; }
    button[aria-pressed='true'] { background: #fff1d6; border-color: var(--sb-warn); color: #6b3b00; }
    .answer { background: var(--sb-ok); color: #fff; border-color: var(--sb-ok); font-weight: 600; }
    .hangup { background: var(--sb-danger); color: #fff; border-color: var(--sb-danger); font-weight: 600; }
    fieldset { border: 1px solid var(--sb-border); border-radius: var(--sb-radius); padding: 8px 10px 10px; margin: 0;
      display: grid; gap: 8px; }
    legend { font-size: 12px; color: var(--sb-muted); padding: 0 4px; }
    select, input[type='tel'] { font: inherit; padding: 5px 6px; border: 1px solid var(--sb-border); border-radius: var(--sb-radius);
      background: var(--sb-surface); color: var(--sb-text); min-width: 12em; }
    label { display: inline-flex; gap: 4px; align-items: center; }
    .note { font-size: 12px; color: var(--sb-muted); margin: 0; }
    .error { color: var(--sb-danger); font-size: 13px; margin: 0; }
    .notice { color: var(--sb-ok); font-size: 13px; margin: 0; }
    .rec { display: inline-flex; align-items: center; gap: 6px; font-size: 13px; }
    .rec .dot { width: 10px; height: 10px; border-radius: 50%; background: #9aa4b1; }
    .rec.on .dot { background: var(--sb-danger); }
    .rec.paused .dot { background: var(--sb-warn); }
    sb-phone-keypad { justify-self: start; }
  `;

  @property({ attribute: false }) interactionId = 0;

  @state() private keypad = false;
  @state() private kind: TargetKind = 'queue';
  @state() private target = '';
  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;
  @state() private queues: Named[] = [];
  @state() private agents: Named[] = [];
  private ticker?: number;
  private unlisten?: () => void;

  protected stores() {
    return [consoleState, phoneState] as Array<Store<unknown>>;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.ticker = window.setInterval(() => this.requestUpdate(), 1000);
    queueList ??= load('/api/queues');
    agentList ??= load('/api/agents');
    void queueList.then((l) => {
      this.queues = l.filter((q) => !q.channels || q.channels.some((c) => c === 'VOICE' || c === 'VOIP'));
    });
    void agentList.then((l) => {
      this.agents = l;
    });
    this.unlisten = agentSocket.onFrame((f) => {
      if (f.type === 'call-failed' && f.interactionId === this.interactionId) {
        this.notice = '';
        this.error = t('phone.actionFailed', { action: known('phone.action', String(f.action ?? '')) });
      }
    });
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearInterval(this.ticker);
    this.unlisten?.();
  }

  protected willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('interactionId')) {
      this.error = '';
      this.notice = '';
      this.keypad = false;
    }
  }

  render() {
    const id = this.interactionId;
    const state = consoleState.get();
    const phone = phoneState.get();
    const view = callView(state.touchpoints[id]);
    const call = callFor(phone, id);
    // the phone here hung up and the service has not said so yet (or never will: telephony off)
    const endedHere = !call && phone.lastEnd?.interactionId === id && !view.ended;
    const status = endedHere ? 'ended' : this.status(view, call);
    const answeredAt = view.answeredAt ? Date.parse(view.answeredAt) : call?.answeredAt ?? null;
    const endAt = view.ended ? Date.parse(view.ended.at) : endedHere ? phone.lastEnd!.at : Date.now();
    const live = status !== 'ended';
    const connected = status === 'connected' || status === 'held';
    const local = call?.state === 'active' ? call : undefined;
    return html`
      <section class="panel" id="call-panel" data-interaction=${id} data-state=${status} aria-labelledby="call-title">
        <div class="head">
          <h2 id="call-title">${t('phone.callTitle')}</h2>
          <span class="state ${status}" id="call-state" role="status">${t(`phone.status.${status}`)}</span>
          <span class="timer" id="call-timer" role="timer" aria-label=${t('phone.talkTime')}>
            ${formatDuration(answeredAt ? endAt - answeredAt : 0)}</span>
          ${call ? html`<span class="note">${t('phone.onThisBrowser')}</span>` : ''}
        </div>
        ${view.ended ? html`<p class="note" id="call-ended">${t('phone.endedBy', {
          who: known('phone.result', view.ended.result), cause: view.ended.cause ?? '–' })}</p>` : ''}
        ${endedHere ? html`<p class="note" id="call-ended">${t('phone.ended', { cause: endCause(phone.lastEnd!.cause) })}</p>` : ''}
        ${live ? this.controls(call, local, connected) : ''}
        ${live && connected ? this.transfer(view) : ''}
        ${live && connected ? this.recording(view) : ''}
        ${this.error ? html`<p class="error" id="call-error" role="alert">${this.error}</p>` : ''}
        ${this.notice ? html`<p class="notice" id="call-notice" role="status">${this.notice}</p>` : ''}
      </section>`;
  }

  private status(view: CallView, call: PhoneCall | undefined): Status {
    if (view.ended) return 'ended';
    if (call?.state === 'ringing') return 'ringing';
    if (call?.state === 'answering') return 'connecting';
    // a click-to-call: the agent's phone answered, the customer's has not yet
    if (call?.state === 'active' && call.direction === 'outbound' && !view.answeredAt) return 'waiting';
    if (call?.held || view.held) return 'held';
    if (call?.state === 'active' || view.answeredAt) return 'connected';
    if (view.ringing) return 'ringing';
    return 'waiting';
  }

  private controls(call: PhoneCall | undefined, local: PhoneCall | undefined, connected: boolean) {
    const desk = phoneState.get().kind === 'SIP';
    return html`
      <div class="row">
        ${call?.state === 'ringing' ? html`<button class="answer" id="call-answer"
            @click=${() => softphone.answer(call.id)}>${t('phone.answer')}</button>` : ''}
        <button id="call-mute" ?disabled=${!local} aria-pressed=${local?.muted ? 'true' : 'false'}
            @click=${() => local && softphone.mute(local.id, !local.muted)}>
          ${local?.muted ? t('phone.unmute') : t('phone.mute')}</button>
        <button id="call-hold" ?disabled=${!local} aria-pressed=${local?.held ? 'true' : 'false'}
            @click=${() => local && softphone.hold(local.id, !local.held)}>
          ${local?.held ? t('phone.resume') : t('phone.hold')}</button>
        <button id="call-keypad-toggle" ?disabled=${!local} aria-expanded=${this.keypad ? 'true' : 'false'}
            @click=${() => { this.keypad = !this.keypad; }}>${t('phone.keypad')}</button>
        <button class="hangup" id="call-hangup" ?disabled=${this.busy} @click=${() => this.hangup(call)}>
          ${call?.state === 'ringing' && !connected ? t('phone.reject') : t('phone.hangup')}</button>
      </div>
      ${this.keypad && local ? html`<sb-phone-keypad id="call-keypad"
          @tone=${(e: CustomEvent<string>) => softphone.dtmf(local.id, e.detail)}></sb-phone-keypad>` : ''}
      ${desk ? html`<p class="note" id="call-desk-note">${t('phone.deskControls')}</p>` : ''}`;
  }

  private transfer(view: CallView) {
    const agentSelf = consoleState.get().agent?.agentId;
    const radio = (kind: TargetKind) => html`<label><input type="radio" name="transfer-kind" value=${kind}
        data-kind=${kind} .checked=${this.kind === kind} @change=${() => { this.kind = kind; this.target = ''; }}>
        ${t(`phone.to.${kind}`)}</label>`;
    if (view.consulting) {
      return html`
        <fieldset id="call-consulting">
          <legend>${t('phone.consulting')}</legend>
          <p class="note">${view.consultAnswered ? t('phone.consultAnswered') : t('phone.consultRinging')}</p>
          <div class="row">
            <button id="call-consult-complete" ?disabled=${this.busy}
                @click=${() => this.post('consult/complete', undefined, 'phone.transferDone')}>${t('phone.consultComplete')}</button>
            <button id="call-consult-cancel" ?disabled=${this.busy}
                @click=${() => this.post('consult/cancel', undefined, 'phone.consultCancelled')}>${t('phone.consultCancel')}</button>
          </div>
        </fieldset>`;
    }
    return html`
      <fieldset id="call-transfer-form">
        <legend>${t('phone.transfer')}</legend>
        <div class="row" role="radiogroup" aria-label=${t('phone.transferTo')}>
          ${radio('queue')}${radio('agent')}${radio('number')}</div>
        <div class="row">
          ${this.kind === 'number'
            ? html`<input type="tel" id="transfer-target" aria-label=${t('phone.to.number')} autocomplete="off"
                placeholder=${t('phone.numberPlaceholder')} .value=${this.target}
                @input=${(e: Event) => { this.target = (e.target as HTMLInputElement).value; }}>`
            : html`<select id="transfer-target" aria-label=${t(`phone.to.${this.kind}`)}
                @change=${(e: Event) => { this.target = (e.target as HTMLSelectElement).value; }}>
                <option value="" ?selected=${this.target === ''}>${t('phone.choose')}</option>
                ${(this.kind === 'queue' ? this.queues : this.agents.filter((a) => a.id !== agentSelf)).map((o) =>
                  html`<option value=${String(o.id)} ?selected=${this.target === String(o.id)}>${o.name}</option>`)}
              </select>`}
          <button id="call-transfer" ?disabled=${this.busy || !this.target.trim()} @click=${this.blind}>
            ${t('phone.blindTransfer')}</button>
          ${this.kind === 'agent' ? html`<button id="call-consult" ?disabled=${this.busy || !this.target}
              @click=${() => this.post('consult', { agentId: Number(this.target) }, 'phone.consultStarted')}>
              ${t('phone.consult')}</button>` : ''}
        </div>
      </fieldset>`;
  }

  private recording(view: CallView) {
    const r = view.recording;
    const button = (action: string, id: string, label: string) => html`<button id=${id} ?disabled=${this.busy}
        @click=${() => this.post('recording', { action }, '')}>${t(label)}</button>`;
    return html`
      <div class="row">
        <span class="rec ${r}" id="call-recording" data-state=${r}><span class="dot" aria-hidden="true"></span>
          ${t(`phone.recording.${r}`)}</span>
        ${r === 'off' ? button('START', 'call-record-start', 'phone.recordStart') : ''}
        ${r === 'on' ? button('PAUSE', 'call-record-pause', 'phone.recordPause') : ''}
        ${r === 'paused' ? button('RESUME', 'call-record-resume', 'phone.recordResume') : ''}
        ${r !== 'off' ? button('STOP', 'call-record-stop', 'phone.recordStop') : ''}
      </div>`;
  }

  private blind(): void {
    const target = this.target.trim();
    const body = this.kind === 'number' ? { number: target }
      : this.kind === 'agent' ? { agentId: Number(target) } : { queueId: Number(target) };
    void this.post('transfer', body, 'phone.transferDone');
  }

  /** One of the service's call controls (POST /api/calls/{id}/…): 202 once Asterisk took it. */
  private async post(path: string, body: object | undefined, done: string): Promise<boolean> {
    this.busy = true;
    this.error = '';
    this.notice = '';
    try {
      await rest.post(`/api/calls/${this.interactionId}/${path}`, body);
      if (done) this.notice = t(done);
      if (path === 'transfer' || path === 'consult') this.target = '';
      return true;
    } catch (e) {
      this.error = e instanceof ApiError ? t('common.error', { detail: e.detail || e.title }) : String(e);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /**
   * Hang-up through the service (the call ends for everyone), and this browser's SIP session too: at once when the
   * service could not (no connected call yet, telephony down), else shortly after, if Asterisk's BYE has not come.
   */
  private async hangup(call: PhoneCall | undefined): Promise<void> {
    const id = this.interactionId;
    if (call?.state === 'ringing') {
      softphone.hangup(call.id);
      return;
    }
    const ok = await this.post('hangup', undefined, '');
    if (!call) return;
    if (!ok) {
      this.error = '';
      softphone.hangupInteraction(id);
    } else {
      window.setTimeout(() => softphone.hangupInteraction(id), 2000);
    }
  }
}
