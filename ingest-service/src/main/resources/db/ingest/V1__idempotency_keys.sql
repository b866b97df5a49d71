-- Idempotency-Key records: a key is claimed before its request publishes anything and keeps
-- the request's fingerprint and, once Kafka committed, the response to replay.
CREATE TABLE idempotency_keys (
    idempotency_key  text        PRIMARY KEY,
    fingerprint      bytea       NOT NULL,
    state            text        NOT NULL CHECK (state IN ('in_flight', 'done')),
    -- an in-flight claim past this time belongs to an instance that died; another may take it over
    lease_until      timestamptz NOT NULL,
    response         text,
    created_at       timestamptz NOT NULL
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
