-- The read model of every conversation use case: one row per conversation with its counters,
-- one per participant with personal flags and read horizon, one per message in event order.

CREATE TABLE conversations (
    id                       uuid PRIMARY KEY,
    tenant                   text,
    kind                     text        NOT NULL DEFAULT 'custom',
    title                    text,
    status                   text        NOT NULL DEFAULT 'open',
    priority                 text        NOT NULL DEFAULT 'medium',
    created_by               text,
    attributes               jsonb       NOT NULL DEFAULT '{}',
    model                    text,
    context_window           integer,
    summary                  text,
    key_topics               text[]      NOT NULL DEFAULT '{}',
    tags                     text[]      NOT NULL DEFAULT '{}',
    -- seq of the newest message; messages are numbered 1, 2, 3... in partition order
    last_seq                 bigint      NOT NULL DEFAULT 0,
    message_count            integer     NOT NULL DEFAULT 0,
    user_message_count       integer     NOT NULL DEFAULT 0,
    responder_message_count  integer     NOT NULL DEFAULT 0,
    assistant_message_count  integer     NOT NULL DEFAULT 0,
    system_message_count     integer     NOT NULL DEFAULT 0,
    total_tokens             bigint      NOT NULL DEFAULT 0,
    last_message_at          timestamptz,
    last_message_preview     text,
    -- null until the ConversationStarted event has been applied (a message may arrive first)
    started_at               timestamptz,
    first_response_at        timestamptz,
    resolved_at              timestamptz,
    reopen_count             integer     NOT NULL DEFAULT 0,
    average_sentiment        double precision,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    deleted_at               timestamptz
);

CREATE TABLE participants (
    conversation_id  uuid        NOT NULL REFERENCES conversations (id),
    user_id          text        NOT NULL,
    role             text        NOT NULL,
    joined_at        timestamptz NOT NULL,
    left_at          timestamptz,
    archived         boolean     NOT NULL DEFAULT false,
    pinned           boolean     NOT NULL DEFAULT false,
    favorited        boolean     NOT NULL DEFAULT false,
    muted            boolean     NOT NULL DEFAULT false,
    last_read_seq    bigint      NOT NULL DEFAULT 0,
    last_read_at     timestamptz,
    -- copy of conversations.last_message_at so "my conversations by activity" is one index scan
    last_message_at  timestamptz,
    PRIMARY KEY (conversation_id, user_id)
);

CREATE INDEX participants_by_user_activity ON participants (user_id, last_message_at DESC NULLS LAST, conversation_id);

CREATE TABLE messages (
    id               uuid PRIMARY KEY,
    conversation_id  uuid        NOT NULL REFERENCES conversations (id),
    seq              bigint      NOT NULL,
    sender_id        text,
    sender_role      text        NOT NULL,
    content          text        NOT NULL,
    content_type     text        NOT NULL,
    tokens_used      integer,
    model            text,
    reply_to         uuid,
    attributes       jsonb       NOT NULL DEFAULT '{}',
    created_at       timestamptz NOT NULL,
    ingested_at      timestamptz NOT NULL,
    edited_at        timestamptz,
    deleted_at       timestamptz,
    UNIQUE (conversation_id, seq)
);

-- Where the thread service is in each partition; written in the same transaction as the
-- events it covers, which is what makes a redelivered batch change nothing.
CREATE TABLE consumer_offsets (
    consumer_group  text        NOT NULL,
    topic           text        NOT NULL,
    partition       integer     NOT NULL,
    next_offset     bigint      NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (consumer_group, topic, partition)
);
