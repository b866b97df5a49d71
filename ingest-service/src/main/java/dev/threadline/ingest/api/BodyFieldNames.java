package dev.threadline.ingest.api;

import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.beans.BeanProperty;
import io.micronaut.core.type.Argument;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Names a place in a request body the way every field error does: properties joined by dots, list items and map
 * entries in brackets ({@code firstMessage.content}, {@code tags[1]}, {@code attributes[k]},
 * {@code commands[0].message.content}). A JSON path alone cannot tell a map's key from a property, so the body's
 * type decides; of a sealed command type, the subtype that has the property.
 */
final class BodyFieldNames {

    private BodyFieldNames() {
    }

    /** @param path names and indexes from the body's root */
    static String name(List<Object> path, Argument<?> body) {
        StringBuilder name = new StringBuilder();
        Argument<?> type = body;
        for (Object segment : path) {
            if (segment instanceof Integer index) {
                name.append('[').append(index).append(']');
                type = typeParameter(type, 0);
            } else if (Map.class.isAssignableFrom(type.getType())) {
                name.append('[').append(segment).append(']');
                type = typeParameter(type, 1);
            } else {
                name.append(name.isEmpty() ? "" : ".").append(segment);
                type = property(type.getType(), (String) segment);
            }
        }
        return name.toString();
    }

    private static Argument<?> typeParameter(Argument<?> type, int index) {
        Argument<?>[] parameters = type.getTypeParameters();
        return index < parameters.length ? parameters[index] : Argument.OBJECT_ARGUMENT;
    }

    private static Argument<?> property(Class<?> type, String name) {
        Stream<Class<?>> candidates = type.isSealed() ? Arrays.stream(type.getPermittedSubclasses()) : Stream.of(type);
        return candidates.map(candidate -> BeanIntrospector.SHARED.findIntrospection(candidate)
                        .flatMap(introspection -> introspection.getProperty(name))
                        .map(BeanProperty::asArgument))
                .flatMap(Optional::stream)
                .<Argument<?>>map(argument -> argument)
                .findFirst()
                .orElse(Argument.OBJECT_ARGUMENT);
    }
}
