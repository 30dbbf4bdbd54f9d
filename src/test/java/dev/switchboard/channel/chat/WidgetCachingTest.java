package dev.switchboard.channel.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The widget's one URL that firms embed (/chat/widget.js, a small loader) is revalidated by browsers, so a new
 * version reaches them at once; the bundle it names has its content's hash in its name and is cached for a year.
 */
@QuarkusTest
class WidgetCachingTest {

    private static final Pattern BUNDLE = Pattern.compile("\"(assets/widget-[\\w-]+\\.js)\"");

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

    @Test
    void theBundleTheLoaderNamesIsImmutableAndServedGzipped() {
        Matcher bundle = BUNDLE.matcher(given().get("/chat/widget.js").then().statusCode(200).extract().asString());
        assertThat(bundle.find()).as("the loader names a hashed bundle").isTrue();
        Response r = given().header("Accept-Encoding", "gzip").get("/chat/" + bundle.group(1));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(given().get("/chat/demo.html").header("Cache-Control")).isEqualTo("no-cache");
    }
}
