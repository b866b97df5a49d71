package dev.threadline.ingest;

/**
 * What the service must answer a fuzzed request with: 202, or a problem+json of this status whose errors name
 * {@code field}, where null means the request as a whole (a rule over several fields, a body that is no JSON).
 */
record Expect(int status, String field, boolean anyField) {

    static Expect accepted() {
        return new Expect(202, null, false);
    }

    static Expect rejected(String field) {
        return new Expect(400, field, false);
    }

    /** A 400 whose field depends on where the parser gave up, as for a truncated body. */
    static Expect rejectedSomewhere() {
        return new Expect(400, null, true);
    }

    static Expect status(int status) {
        return new Expect(status, null, true);
    }

    boolean isAccepted() {
        return status == 202;
    }

    @Override
    public String toString() {
        return isAccepted() ? "202" : status + (anyField ? "" : " naming " + field);
    }
}
