package dev.switchboard.channel.sms;

/** How an SMS text goes over the air: the GSM 7-bit default alphabet or UCS-2 (UTF-16). */
public enum SmsEncoding {
    /** GSM 03.38: 160 septets in one SMS, 153 per part of a concatenated one. */
    GSM_7BIT(160, 153),
    /** UCS-2: 70 UTF-16 code units in one SMS, 67 per part of a concatenated one. */
    UCS_2(70, 67);

    private final int single;
    private final int perPart;

    SmsEncoding(int single, int perPart) {
        this.single = single;
        this.perPart = perPart;
    }

    /** Units (septets or UTF-16 code units) that fit one SMS on its own. */
    public int single() {
        return single;
    }

    /** Units per part of a concatenated SMS: the user data header takes the rest. */
    public int perPart() {
        return perPart;
    }

    /** The name agents see, e.g. "GSM-7" or "UCS-2". */
    public String label() {
        return this == GSM_7BIT ? "GSM-7" : "UCS-2";
    }
}
