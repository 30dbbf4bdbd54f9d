import { css } from 'lit';

/**
 * The widget's look, inside its shadow root: `all: initial` on the host stops the page's inherited styles
 * (fonts, colours, line height) from leaking in, and nothing here leaks out. The host's colour arrives as
 * --sbc-brand and --sbc-on-brand (black or white, whichever reads on it).
 */
export const styles = css`
  :host {
    all: initial;
    --sbc-brand: #1f4e79;
    --sbc-on-brand: #fff;
    --sbc-text: #1c1e21;
    --sbc-muted: #575b61;
    --sbc-line: #d6d9de;
    --sbc-bg: #fff;
    --sbc-soft: #f1f3f6;
    --sbc-error: #b3261e;
    font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif;
    font-size: 15px;
    line-height: 1.4;
    color: var(--sbc-text);
  }
  *, *::before, *::after { box-sizing: border-box; }
  [hidden] { display: none !important; }
  .sr-only {
    position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
    clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0;
  }
  button, input, textarea { font: inherit; color: inherit; }
  button { cursor: pointer; }
  :focus-visible { outline: 3px solid #3b82f6; outline-offset: 2px; }

  #sbc-launcher {
    position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
    width: 60px; height: 60px; border-radius: 50%; border: 0;
    background: var(--sbc-brand); color: var(--sbc-on-brand);
    box-shadow: 0 4px 16px rgba(0, 0, 0, .25); display: grid; place-items: center;
    transition: transform .15s ease;
  }
  #sbc-launcher:hover { transform: scale(1.06); }
  #sbc-launcher svg { width: 28px; height: 28px; fill: currentColor; }
  #sbc-badge {
    position: absolute; top: -4px; right: -4px; min-width: 22px; height: 22px; padding: 0 6px;
    border-radius: 11px; background: #c62828; color: #fff; font-size: 13px; font-weight: 600;
    display: grid; place-items: center; border: 2px solid #fff;
  }

  #sbc-panel {
    position: fixed; right: 20px; bottom: 92px; z-index: 2147483001;
    width: 380px; height: min(640px, calc(100vh - 116px)); max-height: calc(100vh - 116px);
    display: flex; flex-direction: column; overflow: hidden;
    background: var(--sbc-bg); border-radius: 16px; box-shadow: 0 8px 32px rgba(0, 0, 0, .22);
  }
  header {
    display: flex; align-items: center; gap: 10px; padding: 12px 12px 12px 16px;
    background: var(--sbc-brand); color: var(--sbc-on-brand);
  }
  header img { width: 36px; height: 36px; border-radius: 8px; object-fit: contain; background: #fff; }
  header .sbc-heading { flex: 1; min-width: 0; }
  header h2 { margin: 0; font-size: 17px; font-weight: 600; line-height: 1.3; }
  header p { margin: 0; font-size: 13px; opacity: .92; }
  .sbc-head-button {
    min-width: 36px; min-height: 36px; padding: 0 10px; border-radius: 8px; border: 1px solid transparent;
    background: transparent; color: var(--sbc-on-brand); font-size: 14px;
  }
  .sbc-head-button:hover { background: rgba(255, 255, 255, .16); }
  .sbc-head-button svg { width: 20px; height: 20px; fill: currentColor; vertical-align: middle; }
  #sbc-status {
    padding: 6px 16px; font-size: 13px; background: #fff4ce; color: #5c4400; border-bottom: 1px solid #f0dd8a;
  }
  #sbc-status:empty { display: none; }
  #sbc-status[data-status='offline'] { background: #fde7e9; color: #8a1c1c; border-color: #f3b8bd; }

  .sbc-body { flex: 1; min-height: 0; display: flex; flex-direction: column; position: relative; }
  .sbc-scroll { flex: 1; overflow-y: auto; padding: 16px; }
  .sbc-intro { background: var(--sbc-soft); border-radius: 12px; padding: 12px 14px; margin: 0 0 14px; }
  .sbc-intro p { margin: 0 0 4px; }
  .sbc-intro p:last-child { margin: 0; color: var(--sbc-muted); font-size: 14px; }

  form.sbc-form { display: flex; flex-direction: column; gap: 12px; }
  .sbc-field { display: flex; flex-direction: column; gap: 4px; }
  .sbc-field label { font-size: 14px; font-weight: 600; }
  .sbc-field label span { font-weight: 400; color: var(--sbc-muted); }
  .sbc-field input, .sbc-field textarea, #sbc-input, #sbc-rating-comment {
    font-size: 16px; padding: 10px 12px; border: 1px solid #8c9199; border-radius: 10px; background: #fff; width: 100%;
  }
  .sbc-field input[aria-invalid='true'], .sbc-field textarea[aria-invalid='true'] { border-color: var(--sbc-error); }
  .sbc-field-error, .sbc-form-error { color: var(--sbc-error); font-size: 13px; margin: 0; }
  .sbc-primary {
    min-height: 44px; padding: 10px 18px; border: 0; border-radius: 10px; font-weight: 600;
    background: var(--sbc-brand); color: var(--sbc-on-brand);
  }
  .sbc-primary[disabled] { opacity: .6; cursor: default; }
  .sbc-secondary {
    min-height: 44px; padding: 10px 16px; border: 1px solid #8c9199; border-radius: 10px; background: #fff; font-weight: 600;
  }

  #sbc-log { display: flex; flex-direction: column; gap: 10px; outline-offset: -3px; }
  .sbc-row { display: flex; gap: 8px; align-items: flex-end; max-width: 88%; }
  .sbc-row.sbc-mine { align-self: flex-end; flex-direction: row-reverse; }
  .sbc-avatar {
    flex: none; width: 32px; height: 32px; border-radius: 50%; display: grid; place-items: center;
    background: var(--sbc-brand); color: var(--sbc-on-brand); font-size: 13px; font-weight: 600;
  }
  .sbc-msg { padding: 8px 12px; border-radius: 16px; min-width: 60px; overflow-wrap: anywhere; }
  .sbc-agent { background: var(--sbc-soft); border-bottom-left-radius: 4px; }
  .sbc-customer { background: var(--sbc-brand); color: var(--sbc-on-brand); border-bottom-right-radius: 4px; }
  .sbc-customer.sbc-failed { background: #fde7e9; color: var(--sbc-text); border: 1px solid var(--sbc-error); }
  .sbc-meta { font-size: 12px; display: flex; gap: 8px; align-items: baseline; margin-bottom: 2px; }
  .sbc-name { font-weight: 600; }
  .sbc-text { white-space: pre-wrap; }
  .sbc-foot { font-size: 12px; display: flex; justify-content: flex-end; gap: 6px; margin-top: 2px; opacity: .9; }
  .sbc-tick[data-state='read'] { font-weight: 700; }
  .sbc-retry { background: none; border: 0; padding: 0; text-decoration: underline; font-size: 12px; color: var(--sbc-error); }
  .sbc-event { align-self: center; text-align: center; color: var(--sbc-muted); font-size: 13px; padding: 2px 10px; }
  .sbc-thumb { display: block; border: 2px solid #fff; max-width: 220px; max-height: 200px; border-radius: 10px; margin-top: 4px; background: #fff; }
  .sbc-file { color: inherit; text-decoration: underline; display: inline-block; margin-top: 4px; }
  .sbc-progress { width: 100%; height: 4px; }

  #sbc-typing { min-height: 20px; padding: 0 16px; font-size: 13px; color: var(--sbc-muted); font-style: italic; }
  #sbc-errors { padding: 0 16px; color: var(--sbc-error); font-size: 13px; }
  #sbc-errors:empty { display: none; }

  .sbc-composer { border-top: 1px solid var(--sbc-line); padding: 8px 10px 10px; display: flex; flex-direction: column; gap: 6px; }
  .sbc-compose-row { display: flex; gap: 6px; align-items: flex-end; }
  #sbc-input { resize: none; min-height: 44px; max-height: 140px; flex: 1; }
  .sbc-icon {
    flex: none; width: 40px; height: 40px; border-radius: 10px; border: 0; background: transparent; color: var(--sbc-muted);
    display: grid; place-items: center; font-size: 20px;
  }
  .sbc-icon:hover:not([disabled]) { background: var(--sbc-soft); }
  .sbc-icon svg { width: 22px; height: 22px; fill: currentColor; }
  #sbc-send { background: var(--sbc-brand); color: var(--sbc-on-brand); }
  button[disabled] { opacity: .5; cursor: default; }
  #sbc-emoji-list {
    display: grid; grid-template-columns: repeat(8, 1fr); gap: 2px; padding: 6px; border: 1px solid var(--sbc-line);
    border-radius: 12px; background: #fff;
  }
  #sbc-emoji-list button { border: 0; background: transparent; font-size: 20px; height: 36px; border-radius: 8px; }
  #sbc-emoji-list button:hover { background: var(--sbc-soft); }
  .sbc-drop {
    position: absolute; inset: 8px; border: 3px dashed var(--sbc-brand); border-radius: 14px; background: rgba(255, 255, 255, .93);
    display: grid; place-items: center; font-weight: 600; pointer-events: none; z-index: 2;
  }

  .sbc-end-confirm, .sbc-ended { border-top: 1px solid var(--sbc-line); padding: 12px 16px; display: flex; flex-direction: column; gap: 10px; }
  .sbc-end-confirm p, .sbc-ended p { margin: 0; }
  .sbc-buttons { display: flex; gap: 8px; flex-wrap: wrap; }
  .sbc-check { display: flex; gap: 8px; align-items: center; font-size: 14px; min-height: 32px; }
  .sbc-check input { width: 20px; height: 20px; margin: 0; }
  .sbc-note { font-size: 14px; color: var(--sbc-muted); }
  fieldset { border: 0; margin: 0; padding: 0; }
  legend { font-weight: 600; padding: 0; margin-bottom: 4px; }
  .sbc-stars { display: flex; gap: 4px; }
  .sbc-stars label { font-size: 30px; line-height: 1; width: 44px; height: 44px; display: grid; place-items: center; color: #8c9199; cursor: pointer; border-radius: 8px; }
  .sbc-stars label.sbc-on { color: #b7791f; }
  .sbc-stars input:focus-visible + label { outline: 3px solid #3b82f6; }
  #sbc-rating-comment { min-height: 60px; resize: vertical; }
  #sbc-thanks { font-weight: 600; }

  /* calling from the page */
  .sbc-call { padding: 8px 12px 10px 16px; background: #e8f3ec; border-bottom: 1px solid #b9dcc5; display: flex; flex-direction: column; gap: 6px; }
  .sbc-call[data-state='ended'] { background: var(--sbc-soft); border-color: var(--sbc-line); }
  .sbc-call[data-problem]:not([data-problem='']) { background: #fde7e9; border-color: #f3b8bd; }
  .sbc-call-line { display: flex; align-items: center; gap: 8px; }
  .sbc-call-icon svg { width: 20px; height: 20px; fill: #1d6b3a; display: block; }
  .sbc-call-text { flex: 1; min-width: 0; display: flex; flex-direction: column; font-size: 14px; }
  #sbc-call-state { font-weight: 600; }
  #sbc-call-timer { font-variant-numeric: tabular-nums; color: var(--sbc-muted); font-size: 13px; }
  .sbc-call-button {
    min-height: 40px; padding: 0 10px; border-radius: 10px; border: 1px solid #8c9199; background: #fff;
    display: inline-flex; align-items: center; gap: 4px; font-size: 14px; font-weight: 600; white-space: nowrap; flex: none;
  }
  .sbc-call-button svg { width: 18px; height: 18px; fill: currentColor; }
  .sbc-call-button[aria-pressed='true'] { background: #1c1e21; color: #fff; border-color: #1c1e21; }
  .sbc-hangup { background: #b3261e; border-color: #b3261e; color: #fff; }
  #sbc-call-problem { margin: 0; font-size: 13px; }
  #sbc-call-problem.sbc-call-error { color: #8a1c1c; }
  .sbc-voice-choices { margin-top: 14px; }
  .sbc-voice-choices button { display: inline-flex; align-items: center; gap: 6px; }
  .sbc-voice-choices svg { width: 18px; height: 18px; fill: currentColor; }
  /* call-backs */
  .sbc-cb-strip {
    display: flex; align-items: center; gap: 8px; padding: 8px 12px 8px 16px; font-size: 13px;
    background: #eef4fb; border-bottom: 1px solid #c7d8ee;
  }
  .sbc-cb-strip > span { flex: 1; min-width: 0; }
  .sbc-cb-strip-state { color: var(--sbc-muted); }
  .sbc-link { background: none; border: 0; padding: 6px 4px; min-height: 36px; color: #1f4e79; text-decoration: underline; font-weight: 600; font-size: 14px; }
  #sbc-callback h3 { margin: 0; font-size: 16px; }
  #sbc-callback h3:focus { outline: none; }
  .sbc-cb-booking { display: flex; flex-direction: column; gap: 8px; }
  .sbc-cb-booking p { margin: 0; }
  #sbc-cb-state { font-weight: 600; }
  .sbc-cb-back { margin: -8px 0 6px -4px; }
  .sbc-hint { margin: 0; font-size: 13px; color: var(--sbc-muted); }
  .sbc-field select {
    font-size: 16px; padding: 10px 12px; border: 1px solid #8c9199; border-radius: 10px; background: #fff; width: 100%;
    font-family: inherit; color: inherit;
  }
  .sbc-field select[aria-invalid='true'] { border-color: var(--sbc-error); }
  .sbc-danger { color: var(--sbc-error); border-color: var(--sbc-error); }

  @media (max-width: 480px) {
    #sbc-panel { inset: 0; width: 100%; height: 100%; max-height: none; border-radius: 0; }
    #sbc-panel { height: 100dvh; }
    :host([data-open]) #sbc-launcher { display: none; }
    .sbc-head-button, .sbc-icon, #sbc-emoji-list button, .sbc-call-button, .sbc-link { min-width: 44px; min-height: 44px; }
    .sbc-iconic span { display: none; }
    .sbc-icon { width: 44px; height: 44px; }
    .sbc-check { min-height: 44px; }
  }
`;
