package dev.threadline.stats.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.Actor;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Role;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ConversationStateSerdeTest {

    private final ConversationStateSerde serde = new ConversationStateSerde();

    @Test
    void stateWithItsMessagesRoundTrips() {
        // Given a state holding messages with a UUID id, another id, a deleted one and an unscored one
        ConversationState state = new ConversationState();
        state.kind = ConversationKind.support;
        state.status = ConversationStatus.open;
        state.tenant = "acme";
        state.startedAt = 1_000L;
        state.userMessages = 2;
        state.messages.add(MessageId.of("0190e4f2-8a3b-7c4d-9e5f-a1b2c3d4e5f6"), new MessageState(Role.user, 2_000, -0.5, false,
                MessageAuthors.of("customer-1")));
        state.messages.add(MessageId.of("caller-id/42"), new MessageState(Role.agent, 3_000, 0.25, true, MessageAuthors.of("agent-9")));
        state.messages.add(MessageId.of("0190E4F2-8A3B-7C4D-9E5F-A1B2C3D4E5F6"), new MessageState(Role.system, 4_000, Double.NaN, false,
                MessageAuthors.NONE));

        // When it goes through its serde
        ConversationState copy = serde.deserialize("changelog", serde.serialize("changelog", state));

        // Then the messages come back with their ids exactly as they were
        assertThat(copy.messages.count()).isEqualTo(3);
        assertThat(copy.messages.indexOf(MessageId.of("0190e4f2-8a3b-7c4d-9e5f-a1b2c3d4e5f6"))).isZero();
        assertThat(copy.messages.indexOf(MessageId.of("caller-id/42"))).isEqualTo(1);
        assertThat(copy.messages.indexOf(MessageId.of("0190E4F2-8A3B-7C4D-9E5F-A1B2C3D4E5F6"))).isEqualTo(2);
        assertThat(copy.messages.indexOf(MessageId.of("0190e4f2-8a3b-7c4d-9e5f-a1b2c3d4e5f7"))).isEqualTo(-1);
        assertThat(copy.messages.get(0)).isEqualTo(new MessageState(Role.user, 2_000, -0.5, false, MessageAuthors.of("customer-1")));
        assertThat(copy.messages.get(1)).isEqualTo(new MessageState(Role.agent, 3_000, 0.25, true, MessageAuthors.of("agent-9")));
        assertThat(copy.messages.get(2).author()).isEqualTo(MessageAuthors.NONE);
        assertThat(copy.messages.get(2).scored()).isFalse();
        assertThat(copy.messagesInStore).isFalse();
        assertThat(copy.tenant).isEqualTo("acme");
        assertThat(copy.toMetrics("c-1")).isEqualTo(state.toMetrics("c-1"));
    }

    @Test
    void onlyCanonicalLowerCaseUuidsAreKeptAsNumbers() {
        assertThat(MessageId.of("0190e4f2-8a3b-7c4d-9e5f-a1b2c3d4e5f6").text()).isNull();
        assertThat(MessageId.of("0190E4F2-8A3B-7C4D-9E5F-A1B2C3D4E5F6").text()).isNotNull();
        assertThat(MessageId.of("0190e4f2-8a3b-7c4d-9e5f-a1b2c3d4e5f\u0663").text()).isNotNull();
        assertThat(MessageId.of("0190e4f2-8a3b-7c4d-9e5f-a1b2c3d4e5f6").high())
                .isEqualTo(java.util.UUID.fromString("0190e4f2-8a3b-7c4d-9e5f-a1b2c3d4e5f6").getMostSignificantBits());
        assertThat(MessageId.of("0190e4f2-8a3b-7c4d-9e5f-a1b2c3d4e5f6").low())
                .isEqualTo(java.util.UUID.fromString("0190e4f2-8a3b-7c4d-9e5f-a1b2c3d4e5f6").getLeastSignificantBits());
    }

    @Test
    void versionTwoStatesMessagesHaveUnknownAuthorsWhoseChangesCount() {
        // Given a state of version 2: its inline messages without authors
        ConversationState state = new ConversationState();
        state.messages.add(MessageId.of("m-1"), new MessageState(Role.user, 2_000, -0.5, false, MessageAuthors.of("customer-1")));
        byte[] current = serde.serialize("changelog", state);
        byte[] versionTwo = ByteBuffer.allocate(current.length - 8).put(current, 0, current.length - 8).array();
        versionTwo[0] = 2;

        // Then it reads, and anyone may still change the message, as before authors were kept
        MessageState message = serde.deserialize("changelog", versionTwo).messages.get(0);
        assertThat(message.sentiment()).isEqualTo(-0.5);
        assertThat(message.author()).isEqualTo(MessageAuthors.UNKNOWN);
        assertThat(MessageAuthors.mayChange(new Actor("someone-else", Role.user), message, fingerprint -> fingerprint)).isTrue();
    }

    @Test
    void versionOneStateHasItsMessagesInTheStore() {
        // Given a state saved before states held messages: version 1, no message section
        byte[] current = serde.serialize("changelog", new ConversationState());
        byte[] versionOne = ByteBuffer.allocate(current.length - 5).put(current, 0, current.length - 5).array();
        versionOne[0] = 1;

        // Then it reads, with every message to be looked up in the store
        ConversationState state = serde.deserialize("changelog", versionOne);
        assertThat(state.messages.count()).isZero();
        assertThat(state.messagesInStore).isTrue();
    }
}
