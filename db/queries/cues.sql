-- Cues: the messages the bot owes people. Times are UTC ISO text with microseconds.

-- name: cue_insert
INSERT INTO cues (production_id, shoot_day_id, scope, key, kind, due_at, expires_at, channel_id, user_id, role_id,
                  locale, payload, status, nonce, batch, seq, created_at, updated_at)
VALUES (:production_id, :shoot_day_id, :scope, :key, :kind, :due_at, :expires_at, :channel_id, :user_id, :role_id,
        :locale, :payload, 'pending', :nonce, :batch, :seq, :now, :now)
ON CONFLICT (key) DO NOTHING
RETURNING id;

-- name: cue_rewrite
-- A pending cue re-timed or rewritten, or a cancelled one wanted again (never one that went out).
UPDATE cues SET kind = :kind, due_at = :due_at, expires_at = :expires_at, channel_id = :channel_id, user_id = :user_id,
                role_id = :role_id, locale = :locale, payload = :payload, status = 'pending', retry_at = NULL,
                attempts = CASE WHEN status = 'cancelled' THEN 0 ELSE attempts END, error = '', updated_at = :now
WHERE id = :id AND status IN ('pending', 'cancelled');

-- name: cue_cancel
UPDATE cues SET status = 'cancelled', updated_at = :now WHERE id = :id AND status = 'pending';

-- name: cue_by_id
SELECT * FROM cues WHERE id = :id;

-- name: cue_by_key
SELECT * FROM cues WHERE key = :key;

-- name: cues_in_scope
SELECT * FROM cues WHERE shoot_day_id = :shoot_day_id AND scope = :scope ORDER BY due_at, id;

-- name: cues_for_day
SELECT * FROM cues WHERE shoot_day_id = :shoot_day_id ORDER BY due_at, id;

-- name: cues_of_kind_for_day
SELECT * FROM cues WHERE shoot_day_id = :shoot_day_id AND kind = :kind ORDER BY id;

-- name: cues_open
-- Everything the engine must arm or recover: pending and interrupted sends.
SELECT * FROM cues WHERE status IN ('pending', 'sending') ORDER BY COALESCE(retry_at, due_at), id;

-- name: cues_due
-- Due, and not waiting for an earlier row of its batch (a message in parts goes out in order).
SELECT * FROM cues c WHERE c.status = 'pending' AND COALESCE(c.retry_at, c.due_at) <= :now
  AND NOT EXISTS (SELECT 1 FROM cues p WHERE c.batch IS NOT NULL AND p.batch = c.batch AND p.seq < c.seq
                  AND p.status IN ('pending', 'sending'))
ORDER BY COALESCE(c.retry_at, c.due_at), c.id LIMIT :limit;

-- name: cue_claim
-- pending -> sending; only one claimer wins. claimed_wall: where to look in Discord's history after a crash.
UPDATE cues SET status = 'sending', claimed_at = :now, claimed_wall = :wall, attempts = attempts + 1, late = :late, updated_at = :now
WHERE id = :id AND status = 'pending';

-- name: cue_reclaim
-- An interrupted send found at start-up and not found in Discord: attempt it again (same nonce).
UPDATE cues SET claimed_at = :now, claimed_wall = :wall, attempts = attempts + 1, late = :late, updated_at = :now
WHERE id = :id AND status = 'sending';

-- name: cue_mark_sent
UPDATE cues SET status = 'sent', sent_at = :now, message_id = :message_id, sent_channel_id = :channel_id, retry_at = NULL,
                error = '', error_status = NULL, error_code = NULL, error_missing = '', updated_at = :now
WHERE id = :id AND status = 'sending';

-- name: cue_mark_retry
UPDATE cues SET status = 'pending', retry_at = :retry_at, error = :error, error_status = :status, error_code = :code,
                updated_at = :now
WHERE id = :id AND status = 'sending';

-- name: cue_mark_throttled
-- Discord said "slower" (429, 40003): back to pending, the attempt not counted; the engine holds it (wall clock).
UPDATE cues SET status = 'pending', retry_at = :retry_at, attempts = MAX(attempts - 1, 0), error = :error,
                error_status = :status, error_code = :code, updated_at = :now
WHERE id = :id AND status = 'sending';

-- name: cue_mark_failed
UPDATE cues SET status = 'failed', error = :error, error_status = :status, error_code = :code, error_missing = :missing,
                updated_at = :now
WHERE id = :id AND status IN ('sending', 'pending');

-- name: cue_requeue
-- Send a failed (or skipped) row again, e.g. when the AD re-publishes an unchanged call sheet.
UPDATE cues SET status = 'pending', due_at = :now, retry_at = NULL, attempts = 0, error = '', error_status = NULL,
                error_code = NULL, error_missing = '', updated_at = :now
WHERE id = :id AND status IN ('failed', 'skipped');

-- name: cues_with_key_prefix
SELECT * FROM cues WHERE substr(key, 1, length(:prefix)) = :prefix ORDER BY batch, seq, id;

-- name: cues_open_with_key_prefix
SELECT COUNT(*) FROM cues WHERE substr(key, 1, length(:prefix)) = :prefix AND status IN ('pending', 'sending');

-- name: cues_pending_in_batch_after
SELECT * FROM cues WHERE batch = :batch AND seq > :seq AND status = 'pending' ORDER BY seq;

-- name: cue_pending_of_kind
-- The not-yet-claimed row of a kind for a production (the AD's "could not be sent" notice collects items).
SELECT * FROM cues WHERE production_id = :production_id AND kind = :kind AND status = 'pending' ORDER BY id DESC LIMIT 1;

-- name: cue_set_payload
UPDATE cues SET payload = :payload, updated_at = :now WHERE id = :id AND status = 'pending';

-- name: cues_failed_for_day
SELECT * FROM cues WHERE shoot_day_id = :shoot_day_id AND status = 'failed' ORDER BY due_at, id;

-- name: cue_mark_skipped
UPDATE cues SET status = 'skipped', error = :error, updated_at = :now WHERE id = :id AND status IN ('pending', 'sending');

-- name: cue_dropped
-- The delivery adapter decided the cue is no longer wanted at send time (e.g. the person confirmed).
UPDATE cues SET status = 'cancelled', error = :error, updated_at = :now WHERE id = :id AND status = 'sending';

-- name: cues_posted_messages
-- Every row's nonce and, once Discord returned it, its message id (a harness invariant reads them).
SELECT message_id, nonce FROM cues;

-- name: cue_preference_get
SELECT call_reminder_minutes FROM cue_preferences WHERE production_id = :production_id AND user_id = :user_id;

-- name: cue_preferences_for_production
SELECT user_id, call_reminder_minutes FROM cue_preferences WHERE production_id = :production_id;

-- name: cue_preference_set
INSERT INTO cue_preferences (production_id, user_id, call_reminder_minutes) VALUES (:production_id, :user_id, :minutes)
ON CONFLICT (production_id, user_id) DO UPDATE SET call_reminder_minutes = excluded.call_reminder_minutes;

-- name: cue_preference_clear
DELETE FROM cue_preferences WHERE production_id = :production_id AND user_id = :user_id;
