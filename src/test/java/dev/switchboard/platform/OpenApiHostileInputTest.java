package dev.switchboard.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Walks every operation of the generated OpenAPI document, signed in as an admin, with hostile values derived from
 * each parameter's and body property's schema: NUL characters, over-long strings, huge and negative numbers, wrong
 * types and deeply nested JSON. No answer may be a 5xx, and every 4xx must be a problem document.
 *
 * <p>Which hostile value of a kind is sent is drawn from a seeded random: the seed is printed, and
 * {@code -Dfuzz.seed=N} repeats a run. The number of requests is bounded.
 */
@QuarkusTest
class OpenApiHostileInputTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261202L);
    private static final int MAX_PER_OPERATION = 8;
    private static final int MAX_REQUESTS = 1200;
    /**
     * Operations that would end the session the walk runs under, and sign-in: its failures would be throttled
     * for the whole suite's one client address (its hostile input is BadInputTest's and SignInAttackTest's).
     */
    private static final List<String> SKIPPED = List.of("post /api/auth/logout", "post /api/auth/login");

    private final Random random = new Random(SEED);
    private Map<String, Object> schemas;

    @Test
    void noOperationAnswersHostileInputWithA5xxAndEvery4xxIsAProblemDocument() {
        System.out.println("OpenApiHostileInputTest seed: " + SEED + " (repeat with -Dfuzz.seed=" + SEED + ")");
        Map<String, Object> document = given().accept(ContentType.JSON).get("/q/openapi?format=json").then()
                .statusCode(200).extract().jsonPath().getMap("$");
        schemas = map(map(document.get("components")).get("schemas"));
        String token = Api.token("admin", Api.ADMIN_PASSWORD);

        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        int requests = 0;
        int operations = 0;
        for (Map.Entry<String, Object> path : map(document.get("paths")).entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Map.Entry<String, Object> op : map(path.getValue()).entrySet()) {
                String method = op.getKey();
                if (!List.of("get", "post", "put", "patch", "delete").contains(method)
                        || SKIPPED.contains(method + " " + path.getKey())) {
                    continue;
                }
                operations++;
                for (HostileRequest request : requestsFor(path.getKey(), map(op.getValue()))) {
                    if (requests++ >= MAX_REQUESTS) {
                        break;
                    }
                    statuses.merge(check(method, request, token, failures), 1, Integer::sum);
                }
            }
        }
        System.out.println("OpenApiHostileInputTest: " + requests + " requests to " + operations + " operations,"
                + " in " + (System.nanoTime() - started) / 1_000_000 + " ms, answers by status " + statuses);
        assertThat(operations).as("operations walked").isGreaterThan(30);
        // The walk must have sent input the service refused, not requests it could not even route.
        assertThat(statuses.getOrDefault(400, 0)).as("400 answers").isGreaterThan(requests / 3);
        assertThat(failures).as("answers that were a 5xx or a 4xx without a problem document (seed " + SEED + ")")
                .isEmpty();
    }

    /** One request: a concrete path with its query, and a raw body (or none). */
    record HostileRequest(String what, String path, Map<String, String> query, Map<String, String> headers,
                          String contentType, String body) {
    }

    /** Sends the request and records what is wrong with its answer; returns the status (0: no answer). */
    private int check(String method, HostileRequest r, String token, List<String> failures) {
        RequestSpecification spec = given().urlEncodingEnabled(false).header("Authorization", "Bearer " + token);
        StringBuilder url = new StringBuilder(r.path());
        String separator = "?";
        for (Map.Entry<String, String> q : r.query().entrySet()) {
            url.append(separator).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
            separator = "&";
        }
        r.headers().forEach(spec::header);
        if (r.body() != null) {
            spec.contentType(r.contentType()).body(r.body().getBytes(StandardCharsets.UTF_8));
        }
        Response response;
        try {
            response = spec.request(method.toUpperCase(), url.toString());
        } catch (RuntimeException e) {
            failures.add(method.toUpperCase() + " " + r.path() + " [" + r.what() + "]: no answer (" + e + ")");
            return 0;
        }
        int status = response.statusCode();
        String type = response.contentType() == null ? "" : response.contentType();
        String body = response.asString();
        String where = method.toUpperCase() + " " + r.path() + " [" + r.what() + "] -> " + status;
        if (status >= 500) {
            failures.add(where + ": " + shorten(body));
        } else if (status >= 400) {
            if (!type.startsWith("application/problem+json")) {
                failures.add(where + " with " + type + ": " + shorten(body));
            } else if (!body.contains("\"status\":" + status) || !body.contains("\"type\":")) {
                failures.add(where + ": not a problem document: " + shorten(body));
            }
        }
        return status;
    }

    private List<HostileRequest> requestsFor(String template, Map<String, Object> operation) {
        List<Map<String, Object>> parameters = new ArrayList<>();
        for (Object p : list(operation.get("parameters"))) {
            parameters.add(map(p));
        }
        // Path parameters get a hostile value too (an id that names no record): never a real record's id.
        Map<String, String> pathValues = new LinkedHashMap<>();
        for (Map<String, Object> p : parameters) {
            if ("path".equals(p.get("in"))) {
                pathValues.put((String) p.get("name"), "9223372036854775807");
            }
        }
        List<HostileRequest> out = new ArrayList<>();
        String plainPath = fill(template, pathValues, null, null);

        // Each path parameter in turn: NUL, not a number, overflowing.
        for (Map<String, Object> p : parameters) {
            if ("path".equals(p.get("in"))) {
                String name = (String) p.get("name");
                for (String v : List.of("a\u0000b", pick("abc", "-1", "99999999999999999999999", "1e308"))) {
                    out.add(new HostileRequest("path " + name + "=" + shorten(v), fill(template, pathValues, name, v),
                            Map.of(), Map.of(), null, null));
                }
            }
        }
        // Each query parameter and header in turn, with a value for its schema.
        for (Map<String, Object> p : parameters) {
            String in = (String) p.get("in");
            String name = (String) p.get("name");
            if ("query".equals(in)) {
                for (String v : hostileText(schema(p.get("schema")))) {
                    out.add(new HostileRequest("query " + name + "=" + shorten(v), plainPath, Map.of(name, v), Map.of(),
                            null, null));
                }
            } else if ("header".equals(in) && !"Authorization".equalsIgnoreCase(name)) {
                out.add(new HostileRequest("header " + name, plainPath, Map.of(), Map.of(name, "x".repeat(3000)),
                        null, null));
            }
        }
        // The body: each property in turn with a hostile value of its type, all at once, wrong types, deep nesting.
        Map<String, Object> requestBody = map(operation.get("requestBody"));
        Map<String, Object> content = map(requestBody.get("content"));
        if (!content.isEmpty()) {
            String mediaType = content.keySet().iterator().next();
            Map<String, Object> schema = schema(map(content.get(mediaType)).get("schema"));
            if (mediaType.contains("json")) {
                Map<String, Object> properties = map(schema.get("properties"));
                StringBuilder all = new StringBuilder("{");
                for (Map.Entry<String, Object> property : properties.entrySet()) {
                    String value = hostileJson(schema(property.getValue()), 0);
                    out.add(new HostileRequest("body " + property.getKey() + "=" + shorten(value), plainPath, Map.of(),
                            Map.of(), "application/json", "{" + quote(property.getKey()) + ":" + value + "}"));
                    all.append(all.length() > 1 ? "," : "").append(quote(property.getKey())).append(':')
                            .append(hostileJson(schema(property.getValue()), 0));
                }
                out.add(new HostileRequest("body, every property hostile", plainPath, Map.of(), Map.of(),
                        "application/json", all.append('}').toString()));
                out.add(new HostileRequest("body of the wrong type", plainPath, Map.of(), Map.of(), "application/json",
                        pick("[1,2,3]", "\"a\\u0000b\"", "12", "true")));
                out.add(new HostileRequest("body nested 5000 deep", plainPath, Map.of(), Map.of(), "application/json",
                        "[".repeat(5000) + "]".repeat(5000)));
                out.add(new HostileRequest("body nested 500 deep in a property", plainPath, Map.of(), Map.of(),
                        "application/json", "{" + quote(properties.isEmpty() ? "x" : properties.keySet().iterator()
                        .next()) + ":" + "{\"a\":".repeat(500) + "1" + "}".repeat(500) + "}"));
                out.add(new HostileRequest("body not JSON", plainPath, Map.of(), Map.of(), "application/json",
                        "{\"unterminated"));
            } else if (!mediaType.contains("multipart")) {
                out.add(new HostileRequest("body with a NUL", plainPath, Map.of(), Map.of(), mediaType,
                        "a\u0000b" + "x".repeat(random.nextInt(2000))));
            } else {
                out.add(new HostileRequest("JSON instead of multipart", plainPath, Map.of(), Map.of(),
                        "application/json", "{\"file\":\"a\\u0000b\"}"));
            }
        }
        if (out.isEmpty()) {
            out.add(new HostileRequest("as it is", plainPath, Map.of(), Map.of(), null, null));
        }
        return out.size() > MAX_PER_OPERATION ? out.subList(0, MAX_PER_OPERATION) : out;
    }

    /** Hostile text for a query parameter of this schema. */
    private List<String> hostileText(Map<String, Object> schema) {
        String type = String.valueOf(schema.get("type"));
        List<String> values = new ArrayList<>();
        values.add("a\u0000b");
        switch (type) {
            case "integer", "number" -> {
                values.add(pick("abc", "1.5", "true"));
                values.add(pick("2147483647", "-2147483648", "9223372036854775808", "1e308", "-1"));
            }
            case "boolean" -> values.add(pick("maybe", "2"));
            default -> values.add("x".repeat(random.nextInt(1000) + 2000));
        }
        return values;
    }

    /** A hostile JSON value (raw text) for a property of this schema. */
    private String hostileJson(Map<String, Object> schema, int depth) {
        String type = String.valueOf(schema.get("type"));
        if (schema.containsKey("enum")) {
            return pick("\"NO_SUCH_VALUE\"", "\"a\\u0000b\"", "7");
        }
        return switch (type) {
            case "string" -> "date-time".equals(schema.get("format")) || "date".equals(schema.get("format"))
                    ? pick("\"2026-13-45T99:99:99Z\"", "\"a\\u0000b\"", "\"+999999999-01-01T00:00:00Z\"")
                    : pick("\"a\\u0000b\"", quote("x".repeat(30_000 + random.nextInt(1000))), "12", "{}", "[\"a\"]");
            case "integer" -> pick("1e308", "-9223372036854775809", "99999999999999999999999", "-1", "\"abc\"", "1.5");
            case "number" -> pick("1e308", "-1e308", "1e20", "-1", "\"abc\"", "1e-400", "0.001");
            case "boolean" -> pick("\"yes\"", "2", "null", "[]");
            case "array" -> depth > 2 ? "[\"a\\u0000b\"]" : pick("{}", "\"a\\u0000b\"",
                    "[" + hostileJson(schema(schema.get("items")), depth + 1) + "]",
                    "[" + String.join(",", java.util.Collections.nCopies(2000, "null")) + "]");
            case "object" -> depth > 2 ? "{\"a\\u0000b\":1}" : pick("\"a\\u0000b\"", "[]", "{\"a\\u0000b\":\"v\"}",
                    "{\"k\":\"a\\u0000b\"}", objectOf(schema, depth));
            default -> pick("\"a\\u0000b\"", "1e308", "[]", "{\"x\":" + "[".repeat(300) + "]".repeat(300) + "}");
        };
    }

    /** An object of this schema whose every property is hostile. */
    private String objectOf(Map<String, Object> schema, int depth) {
        StringBuilder s = new StringBuilder("{");
        for (Map.Entry<String, Object> property : map(schema.get("properties")).entrySet()) {
            s.append(s.length() > 1 ? "," : "").append(quote(property.getKey())).append(':')
                    .append(hostileJson(schema(property.getValue()), depth + 1));
        }
        return s.append('}').toString();
    }

    /** The schema, with a $ref (possibly under allOf) resolved against components.schemas. */
    private Map<String, Object> schema(Object raw) {
        Map<String, Object> schema = map(raw);
        for (int i = 0; i < 5; i++) {
            if (schema.get("$ref") instanceof String ref) {
                schema = map(schemas.get(ref.substring(ref.lastIndexOf('/') + 1)));
            } else if (schema.get("allOf") instanceof List<?> all && !all.isEmpty()) {
                schema = map(all.get(0));
            } else if (schema.get("anyOf") instanceof List<?> any && !any.isEmpty()) {
                schema = map(any.get(0));
            } else if (schema.get("oneOf") instanceof List<?> one && !one.isEmpty()) {
                schema = map(one.get(0));
            } else {
                break;
            }
        }
        return schema;
    }

    private String pick(String... values) {
        return values[random.nextInt(values.length)];
    }

    private static String fill(String template, Map<String, String> values, String name, String value) {
        String path = template;
        for (Map.Entry<String, String> v : values.entrySet()) {
            String actual = v.getKey().equals(name) ? value : v.getValue();
            path = path.replace("{" + v.getKey() + "}", encode(actual).replace("+", "%20"));
        }
        return path;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String shorten(String text) {
        String visible = text.replace("\u0000", "\\u0000");
        return visible.length() > 80 ? visible.substring(0, 80) + "…(" + visible.length() + ")" : visible;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}
