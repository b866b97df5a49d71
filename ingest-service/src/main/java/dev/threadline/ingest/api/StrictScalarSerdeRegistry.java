package dev.threadline.ingest.api;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.SerdeIntrospections;
import io.micronaut.serde.config.DeserializationConfiguration;
import io.micronaut.serde.config.SerdeConfiguration;
import io.micronaut.serde.config.SerializationConfiguration;
import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.serde.support.DefaultSerdeRegistry;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Micronaut Serde coerces between JSON scalars: {@code 123} or {@code true} bind to a String,
 * {@code "5"} or {@code 1.5} to an Integer (as 1), {@code 1} or {@code "yes"} to a Boolean.
 * The API documents types, so a value of another JSON type is a 400, never a guess. This registry
 * is Micronaut's own with strict deserializers for the scalar types of the request bodies; every
 * other type (records, lists, maps, enums, instants) binds as before. The failure reaches the
 * caller as a 400 problem naming the property.
 */
@Singleton
@Replaces(DefaultSerdeRegistry.class)
class StrictScalarSerdeRegistry extends DefaultSerdeRegistry {

    private static final String INTEGER = "an integer";
    private static final Strict<String> STRING = new Strict<>("a string", value -> value instanceof String text ? text : null);
    private static final Map<Class<?>, Deserializer<?>> STRICT = Map.of(
            String.class, STRING,
            Boolean.class, new Strict<>("true or false", value -> value instanceof Boolean flag ? flag : null),
            boolean.class, new Strict<>("true or false", value -> value instanceof Boolean flag ? flag : null),
            Integer.class, new Strict<>(INTEGER, StrictScalarSerdeRegistry::toInteger),
            int.class, new Strict<>(INTEGER, StrictScalarSerdeRegistry::toInteger),
            Long.class, new Strict<>(INTEGER, StrictScalarSerdeRegistry::toLong),
            long.class, new Strict<>(INTEGER, StrictScalarSerdeRegistry::toLong));

    StrictScalarSerdeRegistry(BeanContext beanContext, SerdeIntrospections introspections, ConversionService conversionService,
                              SerdeConfiguration serdeConfiguration, SerializationConfiguration serializationConfiguration,
                              DeserializationConfiguration deserializationConfiguration) {
        super(beanContext, introspections, conversionService, serdeConfiguration, serializationConfiguration, deserializationConfiguration);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Deserializer<? extends T> findDeserializer(Argument<? extends T> type) throws SerdeException {
        Deserializer<?> strict = STRICT.get(type.getType());
        if (strict == null && isListOfStrings(type)) {
            // Serde reads a List<String> with a fast path of its own that coerces too.
            strict = STRING_LIST;
        }
        return strict != null ? (Deserializer<? extends T>) strict : super.findDeserializer(type);
    }

    private static boolean isListOfStrings(Argument<?> type) {
        return (type.getType() == List.class || type.getType() == Collection.class)
                && type.getTypeParameters().length == 1 && type.getTypeParameters()[0].getType() == String.class;
    }

    private static Integer toInteger(Object value) {
        return value instanceof Integer number ? number
                : value instanceof Long number && number == number.intValue() ? number.intValue()
                : null;
    }

    private static Long toLong(Object value) {
        return value instanceof Integer number ? Long.valueOf(number)
                : value instanceof Long number ? number
                : null;
    }

    private static final Deserializer<List<String>> STRING_LIST = (decoder, context, type) -> {
        Decoder array = decoder.decodeArray();
        List<String> items = new ArrayList<>();
        while (array.hasNextArrayValue()) {
            items.add(array.decodeNull() ? null : STRING.deserialize(array, context, Argument.STRING));
        }
        array.finishStructure();
        return items;
    };

    /** Accepts a JSON value only if {@code accept} maps it; anything else is an error saying what was expected. */
    private record Strict<T>(String expected, Function<Object, T> accept) implements Deserializer<T> {

        @Override
        public T deserialize(Decoder decoder, DecoderContext context, Argument<? super T> type) throws IOException {
            Object value = decoder.decodeArbitrary();
            T accepted = value == null ? null : accept.apply(value);
            if (accepted == null) {
                throw decoder.createDeserializationException(
                        "must be " + expected + (expected.equals(INTEGER) && isInteger(value) ? " in range" : ", not " + describe(value)), null);
            }
            return accepted;
        }

        private static boolean isInteger(Object value) {
            return value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger;
        }

        private static String describe(Object value) {
            return switch (value) {
                case null -> "null";
                case String ignored -> "a string";
                case Boolean ignored -> "a boolean";
                case Number ignored -> isInteger(value) ? INTEGER : "a fraction";
                case Map<?, ?> ignored -> "an object";
                case Iterable<?> ignored -> "an array";
                default -> "a " + value.getClass().getSimpleName();
            };
        }
    }
}
