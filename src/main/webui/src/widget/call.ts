import { UA, WebSocketInterface } from 'jssip';
import type { CallEvent, CallSettings } from './call-state';

/*
 * The call itself, loaded with import() only when the customer presses Call (its own chunk: JsSIP weighs more
 * than the rest of the widget). It imports nothing of the widget but types, so the chunk does not pull the
 * widget's modules in a second time.
 */

export interface CallHandle {
  hangup(): void;
  mute(on: boolean): void;
}

/** How long to wait for the SIP socket before giving up on the call. */
const CONNECT_MS = 15_000;

/**
 * Places the call with the service's settings: a JsSIP user agent that does not register, one INVITE to `target`
 * carrying the single-use ticket in the settings' header, the customer's microphone (`stream`, already granted), and
 * the far side's audio played as it comes. Every step is reported through `emit`; the UA stops when the call ends.
 */
export function placeCall(s: CallSettings, stream: MediaStream, emit: (e: CallEvent) => void): CallHandle {
  const ua = new UA({
    sockets: [new WebSocketInterface(s.wssUrl)],
    uri: s.fromUri,
    register: false,
    display_name: s.displayName ?? undefined,
    user_agent: 'Switchboard web widget (JsSIP)',
    // one call, one socket: no reconnecting behind the customer's back
    connection_recovery_min_interval: 2,
    connection_recovery_max_interval: 30,
  });
  const audio = new Audio();
  audio.autoplay = true;
  let session: ReturnType<UA['call']> | null = null;
  let over = false;
  let muted = false;

  const finish = (e: CallEvent) => {
    if (over) return;
    over = true;
    clearTimeout(timer);
    emit(e);
    stream.getTracks().forEach((t) => t.stop());
    audio.srcObject = null;
    try {
      ua.stop();
    } catch {
      // stopped already
    }
  };

  const timer = setTimeout(() => {
    if (!session) finish({ type: 'failed', cause: 'Connection Error', at: Date.now() });
  }, CONNECT_MS);

  ua.on('connected', () => {
    if (session || over) return;
    emit({ type: 'calling' });
    session = ua.call(s.target, {
      mediaStream: stream,
      mediaConstraints: { audio: true, video: false },
      pcConfig: {
        iceServers: (s.iceServers ?? []).map((i) => ({
          urls: i.urls, ...(i.username ? { username: i.username } : {}), ...(i.credential ? { credential: i.credential } : {}),
        })),
      },
      extraHeaders: [`${s.header}: ${s.ticket}`],
      eventHandlers: {
        peerconnection: (e) => {
          e.peerconnection.addEventListener('track', (ev: RTCTrackEvent) => {
            if (ev.track.kind !== 'audio') return;
            audio.srcObject = ev.streams[0] ?? new MediaStream([ev.track]);
            void audio.play().catch(() => undefined);
          });
        },
        progress: () => emit({ type: 'ringing' }),
        accepted: () => emit({ type: 'connected', at: Date.now() }),
        ended: (e) => finish({ type: 'ended', by: e.originator, cause: e.cause, at: Date.now() }),
        failed: (e) => finish({ type: 'failed', cause: e.cause, at: Date.now() }),
        muted: () => emit({ type: 'muted', on: true }),
        unmuted: () => emit({ type: 'muted', on: false }),
      },
    });
    if (muted) session.mute({ audio: true });
  });
  ua.on('disconnected', () => {
    // before the INVITE went out; once a session exists JsSIP ends it with its own cause
    if (!session) finish({ type: 'failed', cause: 'Connection Error', at: Date.now() });
  });
  ua.start();

  return {
    hangup() {
      if (session && !session.isEnded()) {
        session.terminate();
      } else {
        finish({ type: 'ended', by: 'local', at: Date.now() });
      }
    },
    mute(on: boolean) {
      muted = on;
      if (session && !session.isEnded()) {
        if (on) session.mute({ audio: true });
        else session.unmute({ audio: true });
      } else {
        stream.getAudioTracks().forEach((t) => { t.enabled = !on; });
        emit({ type: 'muted', on });
      }
    },
  };
}
