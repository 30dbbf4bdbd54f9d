import { SwitchboardChat } from './chat-widget';
import { pickLang } from './i18n';

/*
 * The widget's bundle, loaded by the stable /chat/widget.js (which copies the website's data-* attributes onto this
 * script's tag). A classic script, so that sites on other origins embed it without CORS; it talks to the origin it
 * was loaded from.
 */
const tag = document.currentScript as HTMLScriptElement | null;
const TAG_NAME = 'switchboard-chat';

function mount(): void {
  if (!tag || document.querySelector(TAG_NAME)) return;
  if (!customElements.get(TAG_NAME)) customElements.define(TAG_NAME, SwitchboardChat);
  const data = (name: string) => tag.getAttribute(`data-${name}`)?.trim() || null;
  const widget = document.createElement(TAG_NAME) as SwitchboardChat;
  widget.configure({
    base: new URL(tag.src, location.href).origin,
    queue: data('queue'),
    title: data('title'),
    color: data('color'),
    logo: data('logo'),
    greeting: data('greeting'),
    lang: pickLang(data('lang'), navigator.language),
    replyTime: data('reply-time'),
  });
  document.body.appendChild(widget);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
else mount();
