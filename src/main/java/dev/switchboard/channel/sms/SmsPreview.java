package dev.switchboard.channel.sms;

/**
 * What a draft SMS will cost, as the agent's composer shows it.
 *
 * @param encoding    "GSM-7" or "UCS-2"
 * @param units       septets (GSM-7) or UTF-16 code units (UCS-2)
 * @param perPart     units per part at this length (160/153 or 70/67)
 * @param left        units still free in the last part
 * @param fits        whether it fits the most parts allowed ({@code maxSegments}); a longer text is refused
 */
public record SmsPreview(String encoding, int segments, int units, int perPart, int left, int maxSegments, boolean fits) {

    public static SmsPreview of(String text, int maxSegments) {
        SmsSegments s = SmsSegments.of(text);
        return new SmsPreview(s.encoding().label(), s.segments(), s.units(), s.perPart(), s.left(), maxSegments,
                s.segments() <= maxSegments);
    }
}
