package dev.switchboard.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Encoding and part counts, at the edges where they change. */
class SmsSegmentsTest {

    @Test
    void plainTextUpTo160SeptetsIsOneGsmSms() {
        assertThat(SmsSegments.of("a".repeat(160)))
                .isEqualTo(new SmsSegments(SmsEncoding.GSM_7BIT, 1, 160, 160, 0));
        assertThat(SmsSegments.of("")).isEqualTo(new SmsSegments(SmsEncoding.GSM_7BIT, 1, 0, 160, 160));
    }

    @Test
    void longerGsmTextGoesIn153SeptetParts() {
        assertThat(SmsSegments.of("a".repeat(161))).isEqualTo(new SmsSegments(SmsEncoding.GSM_7BIT, 2, 161, 153, 145));
        assertThat(SmsSegments.of("a".repeat(306)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("a".repeat(307)).segments()).isEqualTo(3);
        assertThat(SmsSegments.of("a".repeat(440)).segments()).isEqualTo(3);
    }

    @Test
    void latinAccentsOfTheGsmTableStaySevenBit() {
        SmsSegments s = SmsSegments.of("Grüße aus Köln, Ça va? ¿Qué tal? Ñ Ø Å Δ");
        assertThat(s.encoding()).isEqualTo(SmsEncoding.GSM_7BIT);
    }

    @Test
    void extensionCharactersTakeTwoSeptets() {
        assertThat(SmsSegments.of("€").units()).isEqualTo(2);
        assertThat(SmsSegments.of("[]{}|~^\\€\f").units()).isEqualTo(20);
        assertThat(SmsSegments.of("a".repeat(158) + "€")).isEqualTo(new SmsSegments(SmsEncoding.GSM_7BIT, 1, 160, 160, 0));
        assertThat(SmsSegments.of("a".repeat(159) + "€").segments()).isEqualTo(2);
    }

    @Test
    void anEscapePairIsNotSplitBetweenParts() {
        // 152 septets, then a two-septet euro: it does not fit the first part's last septet.
        SmsSegments s = SmsSegments.of("a".repeat(152) + "€" + "a".repeat(10));
        assertThat(s.segments()).isEqualTo(2);
        assertThat(s.left()).isEqualTo(153 - 12);
    }

    @Test
    void chineseOrAnyCharacterOutsideTheGsmTableMakesTheWholeTextUcs2() {
        assertThat(SmsSegments.of("你好")).isEqualTo(new SmsSegments(SmsEncoding.UCS_2, 1, 2, 70, 68));
        assertThat(SmsSegments.of("Hello ç")).extracting(SmsSegments::encoding).isEqualTo(SmsEncoding.UCS_2);
        assertThat(SmsSegments.of("x".repeat(200) + "你").encoding()).isEqualTo(SmsEncoding.UCS_2);
    }

    @Test
    void ucs2TakesSeventyUnitsThenSixtySevenPerPart() {
        assertThat(SmsSegments.of("好".repeat(70)).segments()).isEqualTo(1);
        assertThat(SmsSegments.of("好".repeat(71))).isEqualTo(new SmsSegments(SmsEncoding.UCS_2, 2, 71, 67, 63));
        assertThat(SmsSegments.of("好".repeat(134)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("好".repeat(135)).segments()).isEqualTo(3);
    }

    @Test
    void anEmojiCountsTwoUnitsAndIsNotSplit() {
        assertThat(SmsSegments.of("😀").units()).isEqualTo(2);
        // 66 + 2 units do not fit a 67-unit part: the emoji opens the second part whole.
        SmsSegments s = SmsSegments.of("好".repeat(66) + "😀" + "好".repeat(3));
        assertThat(s.segments()).isEqualTo(2);
        assertThat(s.left()).isEqualTo(67 - 5);
    }
}
