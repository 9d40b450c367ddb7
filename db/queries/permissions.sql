-- What the AD was last told the bot is missing in a production's channels (bot/permissions.py).

-- name: permission_state_of
SELECT channel_id, missing FROM permission_state WHERE production_id = :production_id ORDER BY channel_id;

-- name: permission_state_set
INSERT INTO permission_state (production_id, channel_id, missing, told_at)
VALUES (:production_id, :channel_id, :missing, :now)
ON CONFLICT (production_id, channel_id) DO UPDATE SET missing = excluded.missing, told_at = excluded.told_at;

-- name: permission_state_clear
DELETE FROM permission_state WHERE production_id = :production_id AND channel_id = :channel_id;
