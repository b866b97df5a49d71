package dev.threadline.ingest.command;

import dev.threadline.problem.Problem.FieldError;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Text every consumer can store. PostgreSQL's text and jsonb cannot hold NUL (U+0000), and a lone
 * UTF-16 surrogate has no UTF-8 encoding, so Avro would write it as {@code ?}: an event carrying
 * either would be acknowledged here and then dead-lettered or corrupted downstream. This walks
 * every string of a command (its records, lists, map keys and values) and names each one that
 * holds such a character. Overlong or invalid UTF-8 never gets this far as text: the JSON parser
 * rejects invalid bytes, and the overlong NUL {@code C0 80} decodes to U+0000, which is caught here.
 */
public final class StorableText {

    public static final String NUL = "must not contain NUL (U+0000)";
    /** Each command record's components, looked up once per class: this runs for every command. */
    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            return Arrays.stream(type.getRecordComponents()).map(component -> {
                try {
                    return new Component(component.getName(), lookup.unreflect(component.getAccessor()));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("Command records are public with plain accessors: " + component, e);
                }
            }).toList();
        }
    };

    private record Component(String name, MethodHandle accessor) {
    }

    public static final String LONE_SURROGATE = "must not contain a lone UTF-16 surrogate (U+D800 to U+DFFF)";

    private StorableText() {
    }

    /** One error per string of {@code command} that a consumer could not store, named by its path. */
    public static List<FieldError> check(ConversationCommand command) {
        if (command instanceof ConversationCommand.Post post ? storable(post) : storable((Object) command)) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        visit(command, "", errors);
        return errors;
    }

    /**
     * Whether every string of a post (most commands) can be stored, its strings named in plain code: the walk's class
     * look-ups and accessor calls per component cost as much as looking at the text. {@code StorableTextTest} puts an
     * unstorable character in every string a post's records have, so a string added to them and not here fails it.
     */
    private static boolean storable(ConversationCommand.Post post) {
        NewMessageBody message = post.message();
        return storable(post.conversationId())
                && (message == null || storable(message.id()) && storable(message.senderId()) && storable(message.content())
                        && storable(message.contentType()) && storable(message.model()) && storable(message.replyTo())
                        && storable((Object) message.attributes()));
    }

    private static boolean storable(String text) {
        return text == null || problem(text).isEmpty();
    }

    /** Whether every string of {@code value} can be stored: the walk of {@link #visit} without naming anything. */
    private static boolean storable(Object value) {
        switch (value) {
            case null -> {
                return true;
            }
            case String text -> {
                return storable(text);
            }
            case List<?> list -> {
                for (Object item : list) {
                    if (!storable(item)) {
                        return false;
                    }
                }
                return true;
            }
            case Map<?, ?> map -> {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!storable(String.valueOf(entry.getKey())) || !storable(entry.getValue())) {
                        return false;
                    }
                }
                return true;
            }
            case Record record -> {
                for (Component component : COMPONENTS.get(record.getClass())) {
                    if (!storable(read(component, record))) {
                        return false;
                    }
                }
                return true;
            }
            default -> {
                return true;
            }
        }
    }

    private static void visit(Object value, String path, List<FieldError> errors) {
        switch (value) {
            case null -> { }
            case String text -> problem(text).ifPresent(message -> errors.add(new FieldError(path, message)));
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    visit(list.get(i), path + "[" + i + "]", errors);
                }
            }
            case Map<?, ?> map -> map.forEach((key, entry) -> {
                Optional<String> keyProblem = problem(String.valueOf(key));
                keyProblem.ifPresent(message -> errors.add(new FieldError(path, "a key " + message)));
                visit(entry, keyProblem.isPresent() ? path : path + "[" + key + "]", errors);
            });
            case Record record -> {
                for (Component component : COMPONENTS.get(record.getClass())) {
                    visit(read(component, record), path.isEmpty() ? component.name() : path + "." + component.name(), errors);
                }
            }
            default -> {
                // Enums, numbers, booleans and instants hold no free text.
            }
        }
    }

    /** Why a consumer could not store {@code text}, if it could not. */
    public static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // Only NUL and the surrogates need a closer look: U+0001 to U+D7FF pass at once.
            if (c != 0 && c < Character.MIN_SURROGATE) {
                continue;
            }
            if (c == 0) {
                return Optional.of(NUL);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(LONE_SURROGATE);
            }
        }
        return Optional.empty();
    }

    private static Object read(Component component, Record record) {
        try {
            return component.accessor().invoke(record);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Reading " + component.name() + " of a command record failed", e);
        }
    }
}
