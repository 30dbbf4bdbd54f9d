package dev.switchboard.organisation.scope;

/**
 * The records an operation may name, how each finds the customer it belongs to (or the queue or agent a
 * supervisor oversees), and the word its 404 uses.
 */
public enum ScopedRecord {
    CUSTOMER("Customer", "select 1 from customer r where r.id = $1 and %s", "r.id"),
    INTERACTION("Interaction", "select 1 from interaction r where r.id = $1 and %s", "r.customer_id"),
    SERVICE_REQUEST("Service request", "select 1 from service_request r where r.id = $1 and %s", "r.customer_id"),
    /** A message (a touchpoint) by its id, as the delivery statuses name it. */
    TOUCHPOINT("Message", "select 1 from touchpoint r where r.id = $1 and %s", "r.customer_id"),
    /** A file, by its SHA-256: visible when any message carrying it is. */
    ATTACHMENT("Attachment", "select 1 from attachment a join touchpoint r on r.id = a.touchpoint_id"
            + " where a.sha256 = $1 and %s limit 1", "r.customer_id"),
    /** A merge: visible with its surviving customer. */
    MERGE("Merge", "select 1 from customer_merge m where m.id = $1 and %s", "m.survivor_id"),
    QUEUE("Queue", null, null),
    AGENT("Agent", null, null);

    private final String word;
    private final String check;
    private final String customerColumn;

    ScopedRecord(String word, String check, String customerColumn) {
        this.word = word;
        this.check = check;
        this.customerColumn = customerColumn;
    }

    public String word() {
        return word;
    }

    /** The statement that returns a row when the record exists and the scope covers it; null for queues and agents. */
    String check(DataScope scope) {
        return check == null ? null : check.formatted(scope.sql(customerColumn));
    }

    /** True when ids of this record are text (a SHA-256), not numbers. */
    boolean textual() {
        return this == ATTACHMENT;
    }
}
