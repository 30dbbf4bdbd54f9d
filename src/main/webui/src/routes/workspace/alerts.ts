import { t } from '../../i18n';

/**
 * The sound and the desktop notification of a new offer while the console's tab is hidden. Browsers allow
 * sound and ask for notification permission only after a gesture: going Available is that gesture.
 */
let audio: AudioContext | null = null;

export function enableAlerts(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    audio = null;
  }
  if ('Notification' in window && Notification.permission === 'default') {
    void Notification.requestPermission();
  }
}

/** Two short tones. */
export function chime(): void {
  if (!audio) return;
  const now = audio.currentTime;
  for (const [i, freq] of [880, 1175].entries()) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, now + i * 0.18);
    gain.gain.exponentialRampToValueAtTime(0.2, now + i * 0.18 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.18 + 0.16);
    osc.connect(gain).connect(audio.destination);
    osc.start(now + i * 0.18);
    osc.stop(now + i * 0.18 + 0.17);
  }
}

export function notifyOffer(channel: string, customer: string, tier: string, waited: string, callback = false): void {
  if (!document.hidden) return;
  chime();
  if ('Notification' in window && Notification.permission === 'granted') {
    const title = callback ? t('workspace.callbackNotification')
      : t('workspace.notificationTitle', { channel: t(`common.channel.${channel}`) });
    const n = new Notification(title, {
      body: t('workspace.notificationBody', { customer, tier: t(`common.tier.${tier}`), time: waited }),
      tag: 'sb-offer',
    });
    n.onclick = () => {
      window.focus();
      n.close();
    };
  }
}
