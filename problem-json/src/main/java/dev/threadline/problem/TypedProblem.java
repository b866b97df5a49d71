package dev.threadline.problem;

/**
 * An exception whose problem has a type of its own, so that a client can tell it from others with the same status
 * without parsing the detail (RFC 9457 {@code type}); problems without one are {@code about:blank}.
 */
public interface TypedProblem {

    /** The problem type URI, e.g. {@code urn:threadline:problem:kafka-unavailable}. */
    String problemType();
}
