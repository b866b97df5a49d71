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
import io.micronaut.serde.exceptions.path.ReferencePath;
import io.micronaut.serde.support.DefaultSerdeRegistry;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Micronaut Serde coerces between JSON scalars: {@code 123} or {@code true} bind to a String,
 * {@code "5"} or {@code 1.5} to an Integer (as 1), {@code 1} or {@code "yes"} to a Boolean, a number to an Instant
 * (as epoch seconds). The API documents types, so a value of another JSON type is a 400, never a guess. This registry
 * is Micronaut's own with strict deserializers for the scalar types of the request bodies: strings, flags, integers,
 * instants (ISO-8601 text only) and enums (their exact names only), and lists read item by item, so that a wrong
 * item is named by its index; records and maps bind as before, a command's {@code type} checked first
 * ({@link CommandTypeCheck}). The failure reaches the caller as a 400 problem
 * naming the property.
 */
@Singleton
@Replaces(DefaultSerdeRegistry.class)
class StrictScalarSerdeRegistry extends DefaultSerdeRegistry {

    private static final String INTEGER = "an integer";
    private static final Strict<String> STRING = new Strict<>("a string", String.class, value -> value instanceof String text ? text : null);
    private static final Strict<Boolean> FLAG = new Strict<>("true or false", Boolean.class, value -> value instanceof Boolean flag ? flag : null);
    private static final Strict<Integer> INT = new Strict<>(INTEGER, Number.class, StrictScalarSerdeRegistry::toInteger);
    private static final Strict<Long> LONG = new Strict<>(INTEGER, Number.class, StrictScalarSerdeRegistry::toLong);
    private static final Map<Class<?>, Deserializer<?>> STRICT = Map.of(
            String.class, STRING,
            Boolean.class, FLAG,
            boolean.class, FLAG,
            Integer.class, INT,
            int.class, INT,
            Long.class, LONG,
            long.class, LONG,
            Instant.class, new Strict<>("an ISO-8601 instant such as 2026-01-31T12:00:00Z", String.class, StrictScalarSerdeRegistry::toInstant));
    private static final ClassValue<Deserializer<?>> ENUMS = new ClassValue<>() {
        @Override
        protected Deserializer<?> computeValue(Class<?> type) {
            Map<String, Object> constants = new LinkedHashMap<>();
            Arrays.stream(type.getEnumConstants()).forEach(constant -> constants.put(((Enum<?>) constant).name(), constant));
            return new Strict<>("one of " + String.join(", ", constants.keySet()), String.class, constants::get);
        }
    };

    StrictScalarSerdeRegistry(BeanContext beanContext, SerdeIntrospections introspections, ConversionService conversionService,
                              SerdeConfiguration serdeConfiguration, SerializationConfiguration serializationConfiguration,
                              DeserializationConfiguration deserializationConfiguration) {
        super(beanContext, introspections, conversionService, serdeConfiguration, serializationConfiguration, deserializationConfiguration);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Deserializer<? extends T> findDeserializer(Argument<? extends T> type) throws SerdeException {
        Deserializer<?> strict = STRICT.get(type.getType());
        if (strict == null && type.getType().isEnum()) {
            strict = ENUMS.get(type.getType());
        } else if (strict == null && isList(type)) {
            // Serde reads a List<String> with a fast path of its own that coerces, and names a list that is no array
            // by its item [0]; the strict items' failures are named by their index.
            strict = new Items(findDeserializer(type.getTypeParameters()[0]));
        } else if (strict == null && CommandTypeCheck.applies(type)) {
            strict = new CommandTypeCheck<>(super.findDeserializer(type));
        }
        return strict != null ? (Deserializer<? extends T>) strict : super.findDeserializer(type);
    }

    private static boolean isList(Argument<?> type) {
        return (type.getType() == List.class || type.getType() == Collection.class) && type.getTypeParameters().length == 1;
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

    static Instant toInstant(Object value) {
        try {
            return value instanceof String text ? Instant.parse(text) : null;
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** A JSON array read item by item; an item that is wrong is named by its index ({@code tags[1]}). */
    private static final class Items implements Deserializer<List<Object>> {

        private final Deserializer<Object> items;

        @SuppressWarnings("unchecked")
        Items(Deserializer<?> items) {
            this.items = (Deserializer<Object>) items;
        }

        @Override
        public Deserializer<List<Object>> createSpecific(DecoderContext context, Argument<? super List<Object>> type) throws SerdeException {
            return new Items(items.createSpecific(context, itemType(type)));
        }

        @Override
        public List<Object> deserialize(Decoder decoder, DecoderContext context, Argument<? super List<Object>> type) throws IOException {
            Decoder array = decoder.decodeArray();
            List<Object> list = new ArrayList<>();
            while (array.hasNextArrayValue()) {
                try {
                    list.add(items.deserializeNullable(array, context, itemType(type)));
                } catch (SerdeException e) {
                    e.getPath().add(ReferencePath.ofCollection(List.class, type, list.size()));
                    throw e;
                }
            }
            array.finishStructure();
            return list;
        }

        @SuppressWarnings("unchecked")
        private static Argument<Object> itemType(Argument<?> listType) {
            return (Argument<Object>) listType.getTypeParameters()[0];
        }
    }

    /**
     * Accepts a JSON value only if {@code accept} maps it; anything else is an error saying what was expected.
     *
     * @param json the JSON type the expected values have; a value of that type that is still refused is out of range
     *             or not one of the names, and its message does not say what type it was
     */
    private record Strict<T>(String expected, Class<?> json, Function<Object, T> accept) implements Deserializer<T> {

        @Override
        public T deserialize(Decoder decoder, DecoderContext context, Argument<? super T> type) throws IOException {
            Object value = decoder.decodeArbitrary();
            T accepted = value == null ? null : accept.apply(value);
            if (accepted == null) {
                String why = expected.equals(INTEGER) ? isInteger(value) ? " in range" : ", not " + describe(value)
                        : json.isInstance(value) ? ""
                        : ", not " + describe(value);
                throw decoder.createDeserializationException("must be " + expected + why, null);
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
