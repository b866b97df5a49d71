package dev.threadline.ingest.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Role;
import dev.threadline.testkit.TestProperties;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.validation.Constraint;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link CommandRules#passesConstraints}: the plain-code check of a post never lets through what the constraints refuse,
 * judged by the service's own validator.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandRulesIT implements TestPropertyProvider {

    @Inject
    Validator validator;

    @Override
    public Map<String, String> getProperties() {
        return TestProperties.service("ingest_command_rules_it");
    }

    @Test
    void thePlainCheckKnowsEveryConstraintOfAPost() {
        // If this list changes, CommandRules.passesConstraints must check the new constraint too.
        assertThat(constraints(ConversationCommand.Post.class)).containsExactlyInAnyOrder(
                "conversationId: NotNull, Uuid",
                "message: NotNull, Valid");
        assertThat(constraints(NewMessageBody.class)).containsExactlyInAnyOrder(
                "attributes: Size(max=100)",
                "attributes[*]: NotNull, Size(max=2000)",
                "content: NotBlank",
                "contentType: Size(max=100)",
                "id: Uuid",
                "model: Size(max=200)",
                "replyTo: Uuid",
                "senderId: Size(max=200)",
                "senderRole: NotNull",
                "tokensUsed: PositiveOrZero");
    }

    @Test
    void thePlainCheckKnowsEveryConstraintOfAnUpdateAndARead() {
        assertThat(constraints(ConversationCommand.Update.class)).containsExactlyInAnyOrder(
                "conversationId: NotNull, Uuid",
                "changes: NotNull, Valid");
        assertThat(constraints(UpdateConversationBody.class)).containsExactlyInAnyOrder(
                "title: Size(max=500)",
                "summary: Size(max=10000)",
                "keyTopics: Size(max=100)",
                "keyTopics[*]: NotBlank, Size(max=200)",
                "tags: Size(max=100)",
                "tags[*]: NotBlank, Size(max=100)",
                "attributes: Size(max=100)",
                "attributes[*]: NotNull, Size(max=2000)",
                "reason: Size(max=1000)",
                "actor: Valid");
        assertThat(constraints(ActorSpec.class)).containsExactlyInAnyOrder(
                "id: Size(max=200)",
                "role: NotNull");
        assertThat(constraints(ConversationCommand.Read.class)).containsExactlyInAnyOrder(
                "conversationId: NotNull, Uuid",
                "read: NotNull, Valid");
        assertThat(constraints(MarkReadBody.class)).containsExactlyInAnyOrder(
                "userId: NotBlank, Size(max=200)",
                "upToSeq: Positive",
                "upToMessageId: Uuid");
    }

    @Test
    void thePlainCheckKnowsEveryConstraintOfAStart() {
        assertThat(constraints(ConversationCommand.Start.class)).containsExactlyInAnyOrder("conversation: NotNull, Valid");
        assertThat(constraints(StartConversationBody.class)).containsExactlyInAnyOrder(
                "id: Uuid",
                "kind: NotNull",
                "title: Size(max=500)",
                "createdBy: Size(max=200)",
                "participants: Size(max=1000)",
                "participants[*]: NotNull, Valid",
                "tags: Size(max=100)",
                "tags[*]: NotBlank, Size(max=100)",
                "attributes: Size(max=100)",
                "attributes[*]: NotNull, Size(max=2000)",
                "model: Size(max=200)",
                "contextWindow: Positive",
                "firstMessage: Valid");
        assertThat(constraints(ParticipantSpec.class)).containsExactlyInAnyOrder(
                "userId: NotBlank, Size(max=200)",
                "role: NotNull",
                "actor: Valid");
    }

    @Test
    void aStartThePlainCheckPassesHasNoViolation() {
        // A start has a dozen fields to vary, so fewer pass untouched than of the other commands.
        assertPlainCheckNeverPassesMore(new SplittableRandom(20261205), 5_000, CommandRulesIT::mutatedStart, 250);
    }

    @Test
    void anUpdateOrAReadThePlainCheckPassesHasNoViolation() {
        assertPlainCheckNeverPassesMore(new SplittableRandom(20261204), 20_000,
                random -> random.nextBoolean() ? mutatedUpdate(random) : mutatedRead(random), 2_000);
    }

    @Test
    void aPostThePlainCheckPassesHasNoViolation() {
        assertPlainCheckNeverPassesMore(new SplittableRandom(20261203), 20_000, CommandRulesIT::mutated, 2_000);
    }

    /**
     * Every command of {@code cases} the plain check passes has no violation. More than {@code minPassed} pass and more than
     * 2,000 are refused by both, so the comparison covers the edges on both sides.
     */
    private void assertPlainCheckNeverPassesMore(SplittableRandom random, int cases,
                                                 Function<SplittableRandom, ? extends ConversationCommand> command,
                                                 int minPassed) {
        int passed = 0;
        int refused = 0;
        for (int i = 0; i < cases; i++) {
            ConversationCommand next = command.apply(random);
            boolean plain = CommandRules.passesConstraints(next);
            boolean constraints = validator.validate(next).isEmpty();
            if (plain) {
                passed++;
                assertThat(constraints).as("%s", next).isTrue();
            } else if (!constraints) {
                refused++;
            }
        }
        assertThat(passed).isGreaterThan(minPassed);
        assertThat(refused).isGreaterThan(2_000);
    }

    @Test
    void aValidPostPassesThePlainCheck() {
        ConversationCommand.Post post = new ConversationCommand.Post(UUID.randomUUID().toString(), new NewMessageBody(
                Ids.newId(), "user-1", Role.user, "hello", "text/plain", 12, "m", null, Map.of("k", "v"), null));
        assertThat(CommandRules.passesConstraints(post)).isTrue();
        assertThat(validator.validate(post)).isEmpty();
    }

    /** A post with each field now and then replaced by an edge value (null, empty, blank, at and over its limit, ...). */
    private static ConversationCommand.Post mutated(SplittableRandom random) {
        String conversationId = pick(random, UUID.randomUUID().toString(), null, "", "not-a-uuid",
                UUID.randomUUID().toString().toUpperCase(), UUID.randomUUID() + " ");
        String id = pick(random, null, Ids.newId(), "", "x", Ids.newId().substring(1));
        String senderId = pick(random, null, "user-1", "", text(random, 200), text(random, 201));
        Role role = pick(random, Role.user, Role.agent, Role.assistant, null);
        String content = pick(random, "hello", "", " ", "\t\n", "\u2003", "\u0000", "\u00a0", "\u001f", " x ",
                text(random, 40), "\u200b");
        String contentType = pick(random, null, "text/plain", "", text(random, 100), text(random, 101));
        Integer tokens = pick(random, null, 0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
        String model = pick(random, null, "", text(random, 200), text(random, 201));
        String replyTo = pick(random, null, Ids.newId(), "", "zzz");
        Map<String, String> attributes = pick(random, null, Map.of(), Map.of("k", "v"), entries(100, 1),
                entries(101, 1), entries(1, 2_000), entries(1, 2_001), withNullValue());
        NewMessageBody message = random.nextInt(40) == 0 ? null
                : new NewMessageBody(id, senderId, role, content, contentType, tokens, model, replyTo, attributes, null);
        return new ConversationCommand.Post(conversationId, message);
    }

    private static ConversationCommand.Update mutatedUpdate(SplittableRandom random) {
        String conversationId = pick(random, UUID.randomUUID().toString(), null, "x");
        String title = pick(random, null, "", text(random, 500), text(random, 501));
        String summary = pick(random, null, text(random, 10_000), text(random, 10_001));
        List<String> topics = pick(random, null, List.of("billing"), words(100, 200), words(101, 1), words(1, 201),
                List.of(" "), List.of("\u2003"), Collections.singletonList(null));
        List<String> tags = pick(random, null, List.of("vip"), words(100, 100), words(1, 101), List.of(""), List.of("\t"));
        Map<String, String> attributes = pick(random, null, Map.of("k", "v"), entries(101, 1), entries(1, 2_001),
                withNullValue());
        String reason = pick(random, null, text(random, 1_000), text(random, 1_001));
        ActorSpec actor = pick(random, null, new ActorSpec("agent-1", Role.agent), new ActorSpec(null, Role.system),
                new ActorSpec(text(random, 200), Role.agent), new ActorSpec(text(random, 201), Role.agent),
                new ActorSpec("agent-1", null));
        UpdateConversationBody changes = random.nextInt(40) == 0 ? null : new UpdateConversationBody(
                pick(random, ConversationStatus.pending, (ConversationStatus) null), null, title, summary, topics, tags,
                attributes, reason, actor, null);
        return new ConversationCommand.Update(conversationId, changes);
    }

    private static ConversationCommand.Start mutatedStart(SplittableRandom random) {
        List<ParticipantSpec> participants = pick(random, null, List.of(new ParticipantSpec("agent-1", Role.agent)),
                Collections.nCopies(1_000, new ParticipantSpec("u", Role.user)),
                Collections.nCopies(1_001, new ParticipantSpec("u", Role.user)),
                List.of(new ParticipantSpec(" ", Role.user)), List.of(new ParticipantSpec(text(random, 201), Role.user)),
                List.of(new ParticipantSpec("u", null)), Collections.singletonList(null),
                List.of(new ParticipantSpec("u", Role.agent, new ActorSpec(text(random, 201), Role.admin), null)),
                List.of(new ParticipantSpec("u", Role.agent, new ActorSpec("admin-1", null), null)));
        NewMessageBody first = pick(random, null,
                new NewMessageBody(null, "customer-1", Role.user, "hello", null, null, null, null, null, null),
                new NewMessageBody(null, "customer-1", Role.user, " ", null, null, null, null, null, null),
                new NewMessageBody("x", "customer-1", Role.user, "hi", null, -1, null, null, null, null),
                new NewMessageBody(null, text(random, 201), null, "hi", null, null, null, null, null, null));
        StartConversationBody body = random.nextInt(40) == 0 ? null : new StartConversationBody(
                pick(random, null, Ids.newId(), "", "x"),
                pick(random, ConversationKind.support, (ConversationKind) null),
                pick(random, null, text(random, 500), text(random, 501)), null, null,
                pick(random, null, "customer-1", text(random, 200), text(random, 201)),
                participants,
                pick(random, null, List.of("vip"), words(101, 1), List.of(""), words(1, 101)),
                pick(random, null, Map.of("k", "v"), entries(101, 1), withNullValue()),
                pick(random, null, text(random, 200), text(random, 201)),
                pick(random, null, 1, 0, -5),
                first, null);
        return new ConversationCommand.Start(body);
    }

    private static ConversationCommand.Read mutatedRead(SplittableRandom random) {
        String conversationId = pick(random, UUID.randomUUID().toString(), null, "", "x");
        String userId = pick(random, "customer-1", null, "", " ", "\u00a0", text(random, 200), text(random, 201));
        Long upToSeq = pick(random, null, 1L, 0L, -1L, Long.MAX_VALUE);
        String upToMessageId = pick(random, Ids.newId(), null, "", "not-a-uuid");
        MarkReadBody read = random.nextInt(40) == 0 ? null : new MarkReadBody(userId, upToSeq, upToMessageId, null);
        return new ConversationCommand.Read(conversationId, read);
    }

    private static List<String> words(int count, int length) {
        return Collections.nCopies(count, "w".repeat(length));
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom random, T usual, T... edges) {
        return random.nextInt(3) == 0 ? edges[random.nextInt(edges.length)] : usual;
    }

    private static String text(SplittableRandom random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    private static Map<String, String> entries(int count, int valueLength) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            map.put("k" + i, "v".repeat(valueLength));
        }
        return map;
    }

    private static Map<String, String> withNullValue() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("k", null);
        return map;
    }

    /** Per record component, its constraint annotations (and {@code @Valid}), also those on a map's value type. */
    private static List<String> constraints(Class<? extends Record> type) {
        List<String> found = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            List<Annotation> on = new ArrayList<>(Arrays.asList(component.getAnnotations()));
            on.addAll(Arrays.asList(component.getAnnotatedType().getAnnotations()));
            try {
                on.addAll(Arrays.asList(type.getDeclaredField(component.getName()).getAnnotations()));
            } catch (NoSuchFieldException e) {
                throw new AssertionError(e);
            }
            add(found, component.getName(), on);
            if (component.getAnnotatedType() instanceof AnnotatedParameterizedType parameterized) {
                AnnotatedType[] arguments = parameterized.getAnnotatedActualTypeArguments();
                add(found, component.getName() + "[*]", Arrays.asList(arguments[arguments.length - 1].getAnnotations()));
            }
        }
        return found;
    }

    private static void add(List<String> found, String name, List<Annotation> annotations) {
        Function<Annotation, String> describe = a -> a instanceof Size size
                ? "Size(" + (size.min() == 0 ? "" : "min=" + size.min() + ",") + "max=" + size.max() + ")"
                : a.annotationType().getSimpleName();
        TreeSet<String> names = new TreeSet<>();
        for (Annotation annotation : annotations) {
            if (annotation instanceof Valid || annotation.annotationType().isAnnotationPresent(Constraint.class)) {
                names.add(describe.apply(annotation));
            }
        }
        if (!names.isEmpty()) {
            found.add(name + ": " + String.join(", ", names));
        }
    }
}
