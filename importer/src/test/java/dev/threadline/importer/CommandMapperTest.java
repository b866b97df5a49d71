package dev.threadline.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class CommandMapperTest {

    private final ObjectMapper json = new ObjectMapper();
    private final SourceIds ids = new SourceIds("desk");
    private final CommandMapper mapper = new CommandMapper(json, ids);

    @Test
    void eachRecordTypeBecomesItsCommandAtItsOwnTime() throws Exception {
        assertThat(item("""
                {"type": "conversation", "id": "T-1", "kind": "support", "title": "Parcel", "priority": "high",
                 "startedAt": "2023-03-14T09:00:00Z", "tags": ["billing"], "attributes": {"orderId": "88"}}"""))
                .isEqualTo(tree("""
                {"type": "startConversation", "conversation": {"id": "%s", "kind": "support", "title": "Parcel",
                 "priority": "high", "tags": ["billing"], "attributes": {"orderId": "88"}, "occurredAt": "2023-03-14T09:00:00Z"}}"""
                        .formatted(ids.conversation("T-1"))));
        assertThat(item("""
                {"type": "participant", "conversationId": "T-1", "userId": "c-1", "role": "user", "joinedAt": "2023-03-14T09:00:00Z"}"""))
                .isEqualTo(tree("""
                {"type": "addParticipant", "conversationId": "%s",
                 "participant": {"userId": "c-1", "role": "user", "occurredAt": "2023-03-14T09:00:00Z"}}""".formatted(ids.conversation("T-1"))));
        assertThat(item("""
                {"type": "message", "conversationId": "T-1", "id": 2, "senderId": "a-1", "senderRole": "agent", "content": "On its way",
                 "occurredAt": "2023-03-14T09:21:00Z", "replyTo": 1, "tokensUsed": 7}"""))
                .isEqualTo(tree("""
                {"type": "postMessage", "conversationId": "%s", "message": {"id": "%s", "senderId": "a-1", "senderRole": "agent",
                 "content": "On its way", "tokensUsed": 7, "occurredAt": "2023-03-14T09:21:00Z", "replyTo": "%s"}}"""
                        .formatted(ids.conversation("T-1"), ids.message("T-1", "2"), ids.message("T-1", "1"))));
        assertThat(item("""
                {"type": "status", "conversationId": "T-1", "status": "resolved", "reason": "resent", "occurredAt": "2023-03-14T11:00:00Z"}"""))
                .isEqualTo(tree("""
                {"type": "updateConversation", "conversationId": "%s",
                 "changes": {"status": "resolved", "reason": "resent", "occurredAt": "2023-03-14T11:00:00Z"}}""".formatted(ids.conversation("T-1"))));
        assertThat(item("""
                {"type": "read", "conversationId": "T-1", "userId": "c-1", "upToMessageId": "2", "occurredAt": "2023-03-14T09:30:00Z"}"""))
                .isEqualTo(tree("""
                {"type": "markRead", "conversationId": "%s",
                 "read": {"userId": "c-1", "upToMessageId": "%s", "occurredAt": "2023-03-14T09:30:00Z"}}"""
                        .formatted(ids.conversation("T-1"), ids.message("T-1", "2"))));
    }

    @Test
    void aDeletionIsASoftDeleteAtItsTimeAndTimesComeOutInUtc() throws Exception {
        assertThat(item("""
                {"type": "delete", "conversationId": "T-1", "reason": "spam", "occurredAt": "2023-03-14T10:00:00.5+01:00"}"""))
                .isEqualTo(tree("""
                {"type": "deleteConversation", "conversationId": "%s", "reason": "spam", "occurredAt": "2023-03-14T09:00:00.500Z"}"""
                        .formatted(ids.conversation("T-1"))));
        assertThat(refusal("{\"type\": \"delete\", \"conversationId\": \"T-1\", \"occurredAt\": \"yesterday\"}"))
                .isEqualTo("occurredAt: not an ISO-8601 time with an offset, such as 2023-03-14T09:00:00Z");
    }

    @Test
    void anUpdateOfTheDescriptionAndAParticipantsFlagsAreTheirCommands() throws Exception {
        assertThat(item("""
                {"type": "update", "conversationId": "T-1", "summary": "Won the duel", "keyTopics": ["sword"],
                 "occurredAt": "2023-03-14T11:00:00Z"}""")).isEqualTo(tree("""
                {"type": "updateConversation", "conversationId": "%s",
                 "changes": {"summary": "Won the duel", "keyTopics": ["sword"], "occurredAt": "2023-03-14T11:00:00Z"}}"""
                .formatted(ids.conversation("T-1"))));
        assertThat(item("""
                {"type": "flags", "conversationId": "T-1", "userId": "u-1", "pinned": true, "occurredAt": "2023-03-14T11:00:00Z"}"""))
                .isEqualTo(tree("""
                {"type": "setFlags", "conversationId": "%s", "flags": {"userId": "u-1", "pinned": true, "occurredAt": "2023-03-14T11:00:00Z"}}"""
                        .formatted(ids.conversation("T-1"))));
    }

    @Test
    void anEditNamesItsMessageByTheSourcesId() throws Exception {
        assertThat(item("""
                {"type": "edit", "conversationId": "T-1", "messageId": "M-1", "content": "fixed", "occurredAt": "2023-03-14T11:00:00Z"}"""))
                .isEqualTo(tree("""
                {"type": "editMessage", "conversationId": "%s", "messageId": "%s", "edit": {"content": "fixed", "occurredAt": "2023-03-14T11:00:00Z"}}"""
                        .formatted(ids.conversation("T-1"), ids.message("T-1", "M-1"))));
    }

    @Test
    void aRecordOfAnUnknownTypeOrShapeIsRefusedWithEveryReason() {
        assertThat(refusal("{\"id\": \"T-1\"}")).startsWith("type: must be one of conversation, delete, edit, flags, message, participant, read, status, update");
        assertThat(refusal("{\"type\": \"ticket\"}")).contains("unknown record type 'ticket'");
        assertThat(refusal("{\"type\": \"message\", \"conversationId\": \"T-1\", \"id\": \"M-1\", \"senderRole\": \"user\", "
                + "\"content\": \" \", \"occurredAt\": \"2023-01-01T00:00:00Z\", \"sender\": \"c-1\"}"))
                .contains("sender: not a field of a message record", "content: required for a message record");
        assertThat(refusal("{\"type\": \"conversation\", \"id\": \"T-1\", \"kind\": \"support\"}"))
                .isEqualTo("startedAt: required for a conversation record");
    }

    private ObjectNode item(String record) throws CommandMapper.Refused {
        return mapper.item(new SourceRecord(1, tree(record), record));
    }

    private String refusal(String record) {
        return catchThrowableOfType(CommandMapper.Refused.class, () -> item(record)).getMessage();
    }

    private ObjectNode tree(String text) {
        try {
            return (ObjectNode) json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
