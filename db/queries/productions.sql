-- name: production_insert
INSERT INTO productions (guild_id, code, name, timezone, language, created_by, created_at)
VALUES (:guild_id, :code, :name, :timezone, :language, :created_by, :created_at);

-- name: production_by_id
SELECT * FROM productions WHERE id = :id;

-- name: production_by_code
SELECT * FROM productions WHERE guild_id = :guild_id AND code = :code AND archived = 0;

-- name: productions_in_guild
SELECT * FROM productions WHERE guild_id = :guild_id AND archived = 0 ORDER BY created_at, id;

-- name: production_by_channel
SELECT p.* FROM productions p JOIN production_channels c ON c.production_id = p.id
WHERE p.guild_id = :guild_id AND c.channel_id = :channel_id AND p.archived = 0
ORDER BY p.id;

-- name: productions_of_user
SELECT p.* FROM productions p JOIN crew_members m ON m.production_id = p.id
WHERE p.guild_id = :guild_id AND m.user_id = :user_id AND p.archived = 0 ORDER BY p.id;

-- name: production_channels
SELECT purpose, channel_id FROM production_channels WHERE production_id = :production_id;

-- name: production_channel_set
INSERT INTO production_channels (production_id, purpose, channel_id) VALUES (:production_id, :purpose, :channel_id)
ON CONFLICT (production_id, purpose) DO UPDATE SET channel_id = excluded.channel_id;
