import { css } from 'lit';

/** The look of a conversation (bubbles, system lines, delivery statuses), shared by every channel's view. */
export const conversationStyles = css`
    *, *::before, *::after { box-sizing: border-box; }
  ol.log { list-style: none; margin: 0; padding: 12px 16px; display: flex; flex-direction: column; gap: 8px; }
  .bubble { max-width: min(75%, 560px); padding: 6px 10px; border-radius: 12px; display: grid; gap: 2px;
    overflow-wrap: anywhere; }
  .bubble .text { white-space: pre-wrap; }
  .bubble.in { align-self: flex-start; background: var(--sb-surface); border: 1px solid var(--sb-border);
    border-bottom-left-radius: 3px; }
  .bubble.out { align-self: flex-end; background: #dcebfb; border: 1px solid #b7d3f2; border-bottom-right-radius: 3px; }
  .bubble.pending { opacity: .8; border-style: dashed; }
  .bubble.failed { background: #fde8e6; border-color: #f1b5ae; }
  .meta { display: flex; gap: 8px; justify-content: flex-end; font-size: 11px; color: var(--sb-muted); align-items: center; }
  .bubble.in .meta { justify-content: flex-start; }
  .status { font-weight: 600; }
  .status-DELIVERED { color: #176434; }
  .status-FAILED, .status-failed { color: var(--sb-danger); }
  .status-RETRYING { color: #8a4b00; }
  .files { display: grid; gap: 2px; font-size: 13px; }
  li.system { align-self: center; font-size: 12px; color: var(--sb-muted); display: flex; gap: 6px; flex-wrap: wrap;
    justify-content: center; text-align: center; max-width: 90%; }
  li.system .kind { font-weight: 600; }
  li.system.note { background: #fff8e1; border: 1px solid #f0e0a8; border-radius: var(--sb-radius); padding: 2px 8px;
    color: var(--sb-text); }
  li.system .text { white-space: pre-wrap; }
  .actions { display: flex; gap: 6px; justify-content: flex-end; }
  button.small { font: inherit; font-size: 12px; padding: 1px 8px; border-radius: var(--sb-radius);
    border: 1px solid var(--sb-border); background: var(--sb-surface); color: var(--sb-text); cursor: pointer; }
  .empty { color: var(--sb-muted); text-align: center; align-self: center; }
`;
