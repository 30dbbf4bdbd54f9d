package dev.switchboard.channel.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** The widget's one URL is revalidated by browsers, so a new version reaches them at once. */
@QuarkusTest
class WidgetCachingTest {

    @Test
    void theWidgetIsRevalidatedNotCachedAsImmutable() {
        Response first = given().get("/chat/widget.js");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.header("Cache-Control")).isEqualTo("no-cache");
        String lastModified = first.header("Last-Modified");
        assertThat(lastModified).as("a validator to revalidate with").isNotBlank();

        // Unchanged since the browser's copy: 304, no body.
        Response again = given().header("If-Modified-Since", lastModified).get("/chat/widget.js");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.header("Cache-Control")).isEqualTo("no-cache");
    }
}
