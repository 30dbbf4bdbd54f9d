package dev.switchboard.routing.engine;

/** A routing command that does not fit the current state, e.g. accepting an offer that has expired. */
public class RoutingRefusal extends RuntimeException {

    /** A wrap-up's disposition that the contact's queue does not list: a validation problem to the caller. */
    public static final String INVALID_DISPOSITION = "invalid-disposition";

    private final String code;

    public RoutingRefusal(String code, String detail) {
        super(detail);
        this.code = code;
    }

    /** A stable code for clients: {@code unknown-agent}, {@code not-offered}, {@code already-routed}, … */
    public String code() {
        return code;
    }
}
