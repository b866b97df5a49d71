package dev.threadline.e2e.chaos;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import dev.threadline.events.Role;
import java.time.Instant;

/**
 * One command the load generator sends in a batch, with every id chosen by the client, so that what was
 * acknowledged can be found again in PostgreSQL, on the dead-letter topics and in stats-streams.
 */
public sealed interface ChaosCommand {

    String conversationId();

    /** The item of {@code POST /v1/batch}. */
    ObjectNode json();

    /** The id of the message this command posts, or null. */
    default String messageId() {
        return null;
    }

    JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A message as posted: the client chooses id and time. */
    record Message(String id, String senderId, Role role, String content, int tokens, Instant occurredAt) {

        ObjectNode json() {
            return JSON.objectNode().put("id", id).put("senderId", senderId).put("senderRole", role.name())
                    .put("content", content).put("tokensUsed", tokens).put("occurredAt", occurredAt.toString());
        }
    }

    record Start(String conversationId, ConversationKind kind, Priority priority, String customer, String agent,
                 Message first) implements ChaosCommand {

        @Override
        public ObjectNode json() {
            ObjectNode command = JSON.objectNode().put("type", "startConversation");
            ObjectNode conversation = command.putObject("conversation").put("id", conversationId)
                    .put("kind", kind.name()).put("priority", priority.name()).put("title", "chaos");
            conversation.putArray("participants")
                    .add(JSON.objectNode().put("userId", customer).put("role", Role.user.name()))
                    .add(JSON.objectNode().put("userId", agent).put("role", Role.agent.name()));
            conversation.set("firstMessage", first.json());
            return command;
        }

        @Override
        public String messageId() {
            return first.id();
        }
    }

    record Post(String conversationId, Message message) implements ChaosCommand {

        @Override
        public ObjectNode json() {
            ObjectNode command = JSON.objectNode().put("type", "postMessage").put("conversationId", conversationId);
            command.set("message", message.json());
            return command;
        }

        @Override
        public String messageId() {
            return message.id();
        }
    }

    record Status(String conversationId, ConversationStatus status) implements ChaosCommand {

        @Override
        public ObjectNode json() {
            ObjectNode command = JSON.objectNode().put("type", "updateConversation").put("conversationId", conversationId);
            command.putObject("changes").put("status", status.name());
            return command;
        }
    }

    /** {@code userId} has read up to {@code upToMessageId}, a message acknowledged before. */
    record Read(String conversationId, String userId, String upToMessageId) implements ChaosCommand {

        @Override
        public ObjectNode json() {
            ObjectNode command = JSON.objectNode().put("type", "markRead").put("conversationId", conversationId);
            command.putObject("read").put("userId", userId).put("upToMessageId", upToMessageId);
            return command;
        }
    }
}
