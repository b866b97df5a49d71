package dev.threadline.e2e.stats;

import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import dev.threadline.events.Role;
import java.time.Instant;

/** One command of a generated data set, sent through the ingest service over HTTP or its Kafka intake. */
sealed interface Step {

    String conversationId();

    /** How many events the ingest service publishes for it. */
    int events();

    /** A message; {@code occurredAt} null means when the ingest service takes it. */
    record Message(String id, Role role, String content, Instant occurredAt) {
    }

    record Start(String conversationId, ConversationKind kind, Priority priority, Message first) implements Step {
        public int events() {
            return first == null ? 1 : 2;
        }
    }

    record Post(String conversationId, Message message) implements Step {
        public int events() {
            return 1;
        }
    }

    record Status(String conversationId, ConversationStatus status) implements Step {
        public int events() {
            return 1;
        }
    }

    record Escalate(String conversationId, Priority priority) implements Step {
        public int events() {
            return 1;
        }
    }

    record DeleteMessage(String conversationId, String messageId) implements Step {
        public int events() {
            return 1;
        }
    }

    record DeleteConversation(String conversationId) implements Step {
        public int events() {
            return 1;
        }
    }
}
