-- A message id is unique within its conversation, not across all of them: two producers that
-- pick the same id for messages of different conversations get two messages, and a repeated id
-- in the same conversation is still the same message (stored once). The stats service keys its
-- message state the same way. Edits, deletes, read receipts and replies name a message by
-- conversation and id, so every lookup already has both.
ALTER TABLE messages
    DROP CONSTRAINT messages_pkey,
    ADD PRIMARY KEY (conversation_id, id);
