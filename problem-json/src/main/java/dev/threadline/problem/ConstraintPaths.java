package dev.threadline.problem;

import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Names the value a violated constraint is about the way the rest of a problem does ({@code firstMessage.content},
 * {@code tags[1]}, {@code attributes[k]}). A validator's own rendering adds what a caller never wrote: the method
 * and parameter of a controller ({@code start.command.…}) and a node per container element
 * ({@code tags[1]<list element>}).
 */
public final class ConstraintPaths {

    private ConstraintPaths() {
    }

    /** The path inside the request: without the method, and without the parameter unless it is the value itself. */
    public static String field(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            boolean last = i == nodes.size() - 1;
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER && !last) {
                continue;
            }
            if (node.isInIterable()) {
                field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.toString();
    }
}
