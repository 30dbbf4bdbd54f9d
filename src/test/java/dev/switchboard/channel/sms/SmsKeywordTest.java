package dev.switchboard.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which messages are consent keywords. */
class SmsKeywordTest {

    private final SmsKeyword.Matcher keywords = new SmsKeyword.Matcher(List.of("STOP", "UNSUBSCRIBE", "退订", "TD"),
            List.of("START", "订阅"));

    @Test
    void wholeMessageKeywordsMatchWhateverTheCaseWidthSpacingOrPunctuation() {
        assertThat(keywords.match("STOP")).isEqualTo(SmsKeyword.STOP);
        assertThat(keywords.match(" stop! ")).isEqualTo(SmsKeyword.STOP);
        assertThat(keywords.match("ＳＴＯＰ")).isEqualTo(SmsKeyword.STOP);
        assertThat(keywords.match("Un-subscribe.")).isEqualTo(SmsKeyword.STOP);
        assertThat(keywords.match("退订")).isEqualTo(SmsKeyword.STOP);
        assertThat(keywords.match("退订。")).isEqualTo(SmsKeyword.STOP);
        assertThat(keywords.match("td")).isEqualTo(SmsKeyword.STOP);
        assertThat(keywords.match("Start")).isEqualTo(SmsKeyword.START);
        assertThat(keywords.match("订阅")).isEqualTo(SmsKeyword.START);
    }

    @Test
    void messagesThatMerelyContainAKeywordAreOrdinaryMessages() {
        assertThat(keywords.match("please stop by the branch")).isNull();
        assertThat(keywords.match("STOPS")).isNull();
        assertThat(keywords.match("我想退订基金")).isNull();
        assertThat(keywords.match("")).isNull();
        assertThat(keywords.match(null)).isNull();
    }
}
