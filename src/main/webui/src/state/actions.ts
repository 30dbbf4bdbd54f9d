import { readMark } from './read-mark';
import { agentSocket } from '../api/agent-socket';
import type { Frame, Offer, Presence } from './types';
import { selection } from './selection';
import { isCallback } from './console';

/**
 * What an agent does, as frames on the agent socket (docs/routing.md). A voice offer is taken by answering
 * the ringing phone; the phone module registers that way of accepting with {@link setVoiceAcceptor}. A call-back
 * (an OUTBOUND voice offer) is accepted at once, and the phone told to expect its own ring for it.
 */
let voiceAcceptor: ((offer: Offer) => Promise<boolean>) | null = null;
let outboundExpecter: ((interactionId: number) => void) | null = null;

export function setVoiceAcceptor(acceptor: ((offer: Offer) => Promise<boolean>) | null): void {
  voiceAcceptor = acceptor;
}

/** Who is told that the agent's own phone is about to ring for a call-back (the phone's `expectOutbound`). */
export function setOutboundExpecter(expecter: ((interactionId: number) => void) | null): void {
  outboundExpecter = expecter;
}

export async function accept(offer: Offer): Promise<void> {
  if (isCallback(offer)) {
    // Nothing rings for a call-back: the accept makes the service ring the agent's phone, then the customer's.
    outboundExpecter?.(offer.interactionId);
    await agentSocket.send({ type: 'accept', interactionId: offer.interactionId });
    selection.set(offer.interactionId);
    return;
  }
  if ((offer.channel === 'VOICE' || offer.channel === 'VOIP') && voiceAcceptor && await voiceAcceptor(offer)) {
    // the answered call is the accept: `assigned` follows once Asterisk bridges it
    selection.set(offer.interactionId);
    return;
  }
  await agentSocket.send({ type: 'accept', interactionId: offer.interactionId });
  selection.set(offer.interactionId);
}

export function decline(offer: Offer): Promise<Frame> {
  return agentSocket.send({ type: 'decline', interactionId: offer.interactionId });
}

export function setPresence(presence: Presence, reason?: string, channels?: string[]): Promise<Frame> {
  const frame: Frame = { type: 'presence', presence };
  if (reason) frame.reason = reason;
  if (channels) frame.channels = channels;
  return agentSocket.send(frame);
}

export function end(interactionId: number): Promise<Frame> {
  return agentSocket.send({ type: 'end', interactionId });
}

export function wrapUp(interactionId: number, disposition?: string): Promise<Frame> {
  const frame: Frame = { type: 'wrap-up', interactionId };
  if (disposition) frame.disposition = disposition;
  return agentSocket.send(frame);
}

export function send(interactionId: number, text: string, data?: Record<string, unknown>): Promise<Frame> {
  const frame: Frame = { type: 'send', interactionId, text, idempotencyKey: crypto.randomUUID() };
  if (data) frame.data = data;
  return agentSocket.send(frame);
}

export function transfer(interactionId: number, target: { queueId?: number; agentId?: number }): Promise<Frame> {
  return agentSocket.send({ type: 'transfer', interactionId, ...target });
}

const readTold = new Map<number, number>();

/** A chat shown to the agent (page visible): the widget's read ticks follow. Sent once per new customer message. */
export function markRead(interactionId: number, touchpoints: Array<{ kind: string; seq?: number | null }>): void {
  const mark = readMark(touchpoints, readTold.get(interactionId) ?? 0);
  if (mark == null) return;
  readTold.set(interactionId, mark);
  agentSocket.send({ type: 'read', interactionId, seq: mark })
    .catch(() => readTold.delete(interactionId)); // not told: the next render tries again
}
