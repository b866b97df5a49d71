package dev.threadline.problem;

import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.serde.exceptions.path.CollectionItemReferencePath;
import io.micronaut.serde.exceptions.path.MapItemReferencePath;
import io.micronaut.serde.exceptions.path.PropertyReferencePath;
import io.micronaut.serde.exceptions.path.ReferencePath;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names the field of a request body that could not be bound. Micronaut reports a body of the wrong
 * shape as a conversion error of the whole {@code body} argument; the Serde exception underneath
 * knows the path to the offending value, which is what a caller needs to fix the request.
 */
final class BodyValueErrors {

    private static final Pattern JAVA_TYPES = Pattern.compile(
            "Error decoding property \\[[^\\]]*] of type \\[[^\\]]*]: |Cannot deserialize value of type `[^`]*` due to: ");

    private BodyValueErrors() {
    }

    /** The field error of the Serde failure in {@code cause}'s chain, if it knows where in the body it happened. */
    static Optional<Problem.FieldError> of(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SerdeException serde && !serde.getPath().isEmpty()) {
                return Optional.of(new Problem.FieldError(path(serde.getPath()), message(serde)));
            }
        }
        return Optional.empty();
    }

    /** {@code firstMessage.tokensUsed}, {@code tags[1]}, {@code attributes[k]}: the notation of the other field errors. */
    static String path(List<ReferencePath> references) {
        StringBuilder path = new StringBuilder();
        // Serde lists the innermost reference first.
        for (int i = references.size() - 1; i >= 0; i--) {
            switch (references.get(i)) {
                case PropertyReferencePath property -> path.append(path.isEmpty() ? "" : ".").append(property.property().getName());
                case CollectionItemReferencePath item -> path.append('[').append(item.index()).append(']');
                case MapItemReferencePath item -> path.append('[').append(item.key()).append(']');
                default -> { }
            }
        }
        return path.toString();
    }

    /**
     * The reason without the parser's location and without Serde's wrappers naming Java types
     * ({@code Error decoding property [String content] of type [class …]: }), which mean nothing to the caller.
     */
    private static String message(SerdeException serde) {
        String message = JAVA_TYPES.matcher(String.valueOf(serde.getMessage())).replaceAll("");
        int location = message.indexOf("\n at [");
        return (location < 0 ? message : message.substring(0, location)).strip();
    }
}
