package dev.switchboard.channel.sms;

/**
 * One mobile-originated SMS as Kannel's smsbox reports it.
 *
 * @param id      Kannel's message id (%I): the same on every retry of the callback
 * @param from    the handset's number as the carrier gave it (%p)
 * @param to      our number it was sent to (%P)
 * @param text    the whole text, concatenated parts joined, decoded
 * @param coding  Kannel's coding (%c): 0 GSM-7, 1 8-bit, 2 UCS-2 (0 after mo-recode)
 * @param smsc    the SMSC it came through (%i)
 */
public record InboundSms(String id, String from, String to, String text, Integer coding, String smsc) {
}
