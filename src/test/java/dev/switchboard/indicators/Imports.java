package dev.switchboard.indicators;

import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.testing.Api;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Helpers of the indicators tests: customers with numbers, and uploads through the API. */
final class Imports {

    static final String CSV = "text/csv";
    static final String JSON_LINES = "application/x-ndjson";

    private Imports() {
    }

    /** A customer number no other test uses, with a prefix saying which test made it. */
    static String number(String prefix) {
        return prefix + "-" + Api.unique();
    }

    /** Creates a customer carrying the number; returns its id. */
    static int customer(String customerNo) {
        return Api.asAdmin().body(Map.of("name", "Customer " + customerNo, "customerNo", customerNo))
                .post("/api/customers").then().statusCode(201).body("customerNo", equalTo(customerNo))
                .extract().path("id");
    }

    /** Uploads a file as the data centre's service account. */
    static Response upload(String kind, String source, String asOf, String contentType, String body) {
        return uploadAs(Api.asRole("datacentre"), kind, source, asOf, contentType, body);
    }

    static Response uploadAs(RequestSpecification as, String kind, String source, String asOf, String contentType,
                             String body) {
        // As curl sends it: the Content-Type as given (REST Assured would add ISO-8859-1 to text/csv), UTF-8 bytes.
        return as.config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/indicators/imports?kind=" + kind + "&source=" + source + "&asOf=" + asOf);
    }

    static ValidatableResponse uploaded(String kind, String source, String asOf, String contentType, String body) {
        return upload(kind, source, asOf, contentType, body).then().statusCode(201);
    }

    /** A file name no other test uses. */
    static String source(String name) {
        return name + "-" + Api.unique() + ".csv";
    }
}
