package dev.threadline.ingest.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.Role;
import dev.threadline.problem.Problem.FieldError;
import java.util.LinkedHashMap;
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

    private static ConversationCommand.Post post(String content, Map<String, String> attributes) {
        return new ConversationCommand.Post(CONVERSATION, new NewMessageBody(null, "user-1", Role.user, content, null, null,
                null, null, attributes, null));
    }
}
