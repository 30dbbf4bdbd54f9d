package dev.switchboard.platform.problem;

/** The stable problem types clients can rely on; the URI is {@link Problem#TYPE_BASE} plus the slug. */
public enum ProblemType {
    VALIDATION("validation", 400, "The request is not valid"),
    MALFORMED("malformed-request", 400, "The request body cannot be read"),
    UNAUTHORIZED("unauthorized", 401, "Sign-in required"),
    BAD_CREDENTIALS("bad-credentials", 401, "Wrong username or password"),
    FORBIDDEN("forbidden", 403, "Not allowed for your role"),
    NOT_FOUND("not-found", 404, "No such resource"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    CONFLICT("conflict", 409, "Conflict with the current state"),
    DUPLICATE_CONTACT_POINT("duplicate-contact-point", 409, "The contact point belongs to a customer already"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "The request is too large"),
    URI_TOO_LONG("uri-too-long", 414, "The request's URI is too long"),
    UNREADABLE_DOCUMENT("unreadable-document", 422, "The document cannot be read"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", 422, "The idempotency key was sent with another request"),
    TOO_MANY_REQUESTS("too-many-requests", 429, "Too many requests"),
    INTERNAL("internal-error", 500, "Internal error"),
    GATEWAY("gateway-refused", 502, "The gateway refused the request"),
    UNAVAILABLE("gateway-unavailable", 503, "The gateway is not connected"),
    ROUTING_UNAVAILABLE("routing-unavailable", 503, "Routing did not answer in time");

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return Problem.TYPE_BASE + slug;
    }

    /** The last part of the type URI, a stable code (used as the error code on sockets). */
    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Problem problem(String detail) {
        return new Problem(uri(), title, status, detail, null);
    }
}
