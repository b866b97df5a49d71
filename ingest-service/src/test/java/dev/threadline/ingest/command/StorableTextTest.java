package dev.threadline.ingest.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.Role;
import dev.threadline.problem.Problem.FieldError;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorableTextTest {

    private static final String CONVERSATION = "0192f5a4-7c1e-7b3a-9f00-1a2b3c4d5e6f";

    @Test
    void textEveryConsumerCanStorePasses() {
        assertThat(StorableText.check(post("plain, é, 日本, an emoji \uD83D\uDE00 (a surrogate pair)", Map.of("k", "v"))))
                .isEmpty();
        assertThat(StorableText.problem("\uD7FF\uE000\uFFFF")).isEmpty();
    }

    @Test
    void eachStringThatCannotBeStoredIsNamedByItsPath() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("fine", "also\u0000not");
        attributes.put("bad\uDC00key", "v");
        assertThat(StorableText.check(post("lone \uD83D high surrogate", attributes))).containsExactly(
                new FieldError("message.content", StorableText.LONE_SURROGATE),
                new FieldError("message.attributes[fine]", StorableText.NUL),
                new FieldError("message.attributes", "a key " + StorableText.LONE_SURROGATE));
        assertThat(StorableText.problem("ends high \uD83D")).contains(StorableText.LONE_SURROGATE);
        assertThat(StorableText.problem("\u0000")).contains(StorableText.NUL);
    }

    /**
     * Posts are checked in plain code rather than by the generic walk: every string a post's records hold (found by
     * reflection, so one added later is included), made unstorable in turn, is named as the walk names it.
     */
    @Test
    void everyStringOfAPostIsChecked() throws Exception {
        ConversationCommand.Post valid = new ConversationCommand.Post(CONVERSATION, new NewMessageBody(CONVERSATION, "user-1",
                Role.user, "content", "text/plain", 3, "model", CONVERSATION, Map.of("k", "v"), Instant.EPOCH));
        assertThat(StorableText.check(valid)).isEmpty();
        int strings = 0;
        for (RecordComponent component : NewMessageBody.class.getRecordComponents()) {
            for (Object bad : unstorable(component)) {
                NewMessageBody message = with(valid.message(), component, bad);
                assertThat(StorableText.check(new ConversationCommand.Post(CONVERSATION, message)))
                        .as("message.%s = %s", component.getName(), bad)
                        .extracting(FieldError::field)
                        .singleElement().asString().startsWith("message." + component.getName());
                strings++;
            }
        }
        assertThat(StorableText.check(new ConversationCommand.Post("a\u0000b".translateEscapes(), valid.message())))
                .containsExactly(new FieldError("conversationId", StorableText.NUL));
        assertThat(ConversationCommand.Post.class.getRecordComponents()).extracting(RecordComponent::getName)
                .containsExactly("conversationId", "message");
        assertThat(strings).isGreaterThanOrEqualTo(8);
    }

    /** Values of the component's type holding NUL or a lone surrogate; none if it can hold no text. */
    private static List<Object> unstorable(RecordComponent component) {
        if (component.getType() == String.class) {
            return List.of("a\u0000b".translateEscapes(), "lone \uD800".translateEscapes());
        }
        if (component.getType() == Map.class) {
            return List.of(Map.of("k", "\u0000".translateEscapes()), Map.of("\uDC00".translateEscapes(), "v"));
        }
        assertThat(component.getType()).as(component.getName() + " holds no text")
                .isIn(Role.class, Integer.class, Instant.class);
        return List.of();
    }

    private static NewMessageBody with(NewMessageBody message, RecordComponent changed, Object value) throws Exception {
        RecordComponent[] components = NewMessageBody.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = components[i].getName().equals(changed.getName()) ? value : components[i].getAccessor().invoke(message);
            types[i] = components[i].getType();
        }
        return NewMessageBody.class.getDeclaredConstructor(types).newInstance(values);
    }

    private static ConversationCommand.Post post(String content, Map<String, String> attributes) {
        return new ConversationCommand.Post(CONVERSATION, new NewMessageBody(null, "user-1", Role.user, content, null, null,
                null, null, attributes, null));
    }
}
