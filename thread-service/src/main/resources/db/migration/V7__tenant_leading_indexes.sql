-- Tenants (issue 12): every read is of one tenant, so every index a read walks leads with the tenant, and a
-- participant row carries its conversation's tenant so that a user's list stays one walk of one index.
-- The default tenant (events and tokens without one) is stored as '' rather than NULL: an equality on it can use
-- an index, which IS NOT DISTINCT FROM cannot.
UPDATE conversations SET tenant = '' WHERE tenant IS NULL;
ALTER TABLE conversations ALTER COLUMN tenant SET DEFAULT '', ALTER COLUMN tenant SET NOT NULL;

ALTER TABLE participants ADD COLUMN tenant text NOT NULL DEFAULT '';
UPDATE participants p SET tenant = c.tenant FROM conversations c WHERE c.id = p.conversation_id AND c.tenant <> '';

-- A participant's conversations by activity, and the pinned ones (V1, V2), within the tenant.
DROP INDEX participants_by_user_activity;
CREATE INDEX participants_by_user_activity
    ON participants (tenant, user_id, last_message_at DESC NULLS LAST, conversation_id);
DROP INDEX participants_pinned_by_user_activity;
CREATE INDEX participants_pinned_by_user_activity
    ON participants (tenant, user_id, last_message_at DESC NULLS LAST, conversation_id) WHERE pinned;

-- The tenant's conversations by activity, with ?status=, and started in a range for the reports (V2).
DROP INDEX conversations_by_activity;
CREATE INDEX conversations_by_activity
    ON conversations (tenant, last_message_at DESC NULLS LAST, id) WHERE deleted_at IS NULL;
DROP INDEX conversations_by_status_activity;
CREATE INDEX conversations_by_status_activity
    ON conversations (tenant, status, last_message_at DESC NULLS LAST, id) WHERE deleted_at IS NULL;
DROP INDEX conversations_by_started_at;
CREATE INDEX conversations_by_started_at
    ON conversations (tenant, started_at) WHERE deleted_at IS NULL;
