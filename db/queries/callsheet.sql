-- name: callsheet_version_insert
INSERT INTO callsheet_versions (shoot_day_id, version, day_revision, general_call, published_at, published_by, snapshot)
VALUES (:shoot_day_id, :version, :day_revision, :general_call, :published_at, :published_by, :snapshot);

-- name: callsheet_latest_version
SELECT * FROM callsheet_versions WHERE shoot_day_id = :shoot_day_id ORDER BY version DESC LIMIT 1;

-- name: callsheet_latest_version_id
-- The newest version's id alone (the live day's recompute needs no snapshot).
SELECT id FROM callsheet_versions WHERE shoot_day_id = :shoot_day_id ORDER BY version DESC LIMIT 1;

-- name: callsheet_version_by_id
SELECT * FROM callsheet_versions WHERE id = :id;

-- name: callsheet_next_version_number
SELECT COALESCE(MAX(version), 0) + 1 FROM callsheet_versions WHERE shoot_day_id = :shoot_day_id;

-- name: callsheet_post_insert
INSERT INTO callsheet_posts (version_id, position, channel_id, message_id)
VALUES (:version_id, :position, :channel_id, :message_id);

-- name: callsheet_posts_for_version
SELECT * FROM callsheet_posts WHERE version_id = :version_id ORDER BY position;

-- name: delivery_insert
INSERT INTO callsheet_deliveries (version_id, user_id, department, call_at, status, notified, dm_channel_id,
                                  dm_message_id, fallback_channel_id, fallback_message_id, sent_at, confirmed_at, error, error_code)
VALUES (:version_id, :user_id, :department, :call_at, :status, :notified, :dm_channel_id,
        :dm_message_id, :fallback_channel_id, :fallback_message_id, :sent_at, :confirmed_at, :error, :error_code);

-- name: delivery_by_id
SELECT * FROM callsheet_deliveries WHERE id = :id;

-- name: deliveries_for_version
SELECT * FROM callsheet_deliveries WHERE version_id = :version_id ORDER BY id;

-- name: delivery_mark_sent
UPDATE callsheet_deliveries SET status = 'sent', dm_channel_id = :dm_channel_id, dm_message_id = :dm_message_id,
    sent_at = :sent_at, error = '', error_code = NULL
WHERE id = :id AND status IN ('pending', 'unreachable');

-- name: delivery_mark_unreachable
UPDATE callsheet_deliveries SET status = 'unreachable', error = :error, error_code = :error_code,
    fallback_channel_id = COALESCE(:fallback_channel_id, fallback_channel_id),
    fallback_message_id = COALESCE(:fallback_message_id, fallback_message_id)
WHERE id = :id AND status <> 'confirmed';

-- name: delivery_confirm
UPDATE callsheet_deliveries SET status = 'confirmed', confirmed_at = :confirmed_at
WHERE id = :id AND status <> 'confirmed';

-- name: delivery_latest_for_user_day
SELECT d.*, v.version, v.shoot_day_id FROM callsheet_deliveries d
JOIN callsheet_versions v ON v.id = d.version_id
WHERE v.shoot_day_id = :shoot_day_id AND d.user_id = :user_id
ORDER BY v.version DESC LIMIT 1;

-- name: delivery_latest_notified_for_user_day
SELECT d.*, v.version FROM callsheet_deliveries d
JOIN callsheet_versions v ON v.id = d.version_id
WHERE v.shoot_day_id = :shoot_day_id AND d.user_id = :user_id AND d.notified = 1
ORDER BY v.version DESC LIMIT 1;

-- name: delivery_context
SELECT d.*, v.version, v.shoot_day_id, sd.production_id, sd.date
FROM callsheet_deliveries d
JOIN callsheet_versions v ON v.id = d.version_id
JOIN shoot_days sd ON sd.id = v.shoot_day_id
WHERE d.id = :id;

-- name: deliveries_pending_for_version
SELECT * FROM callsheet_deliveries WHERE version_id = :version_id AND status = 'pending' ORDER BY id;

-- name: callsheet_latest_for_user
SELECT v.*, sd.date FROM callsheet_versions v
JOIN shoot_days sd ON sd.id = v.shoot_day_id
JOIN callsheet_deliveries d ON d.version_id = v.id AND d.user_id = :user_id
WHERE sd.production_id = :production_id AND sd.date >= :from_date
  AND v.version = (SELECT MAX(v2.version) FROM callsheet_versions v2 WHERE v2.shoot_day_id = v.shoot_day_id)
ORDER BY sd.date LIMIT 1;
