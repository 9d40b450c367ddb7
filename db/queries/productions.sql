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
-- One row per production, whatever purposes (announcements, set, AD office, departments) share the channel.
SELECT p.* FROM productions p
WHERE p.guild_id = :guild_id AND p.archived = 0
  AND EXISTS (SELECT 1 FROM production_channels c WHERE c.production_id = p.id AND c.channel_id = :channel_id)
ORDER BY p.id;

-- name: productions_of_user
SELECT p.* FROM productions p JOIN crew_members m ON m.production_id = p.id
WHERE p.guild_id = :guild_id AND m.user_id = :user_id AND p.archived = 0 ORDER BY p.id;

-- name: production_channels
SELECT purpose, channel_id FROM production_channels WHERE production_id = :production_id;

-- name: production_channel_set
INSERT INTO production_channels (production_id, purpose, channel_id) VALUES (:production_id, :purpose, :channel_id)
ON CONFLICT (production_id, purpose) DO UPDATE SET channel_id = excluded.channel_id;

-- name: production_roles
SELECT kind, role_id FROM production_roles WHERE production_id = :production_id ORDER BY kind, role_id;

-- name: production_roles_clear
DELETE FROM production_roles WHERE production_id = :production_id AND kind = :kind;

-- name: production_role_add
INSERT OR IGNORE INTO production_roles (production_id, kind, role_id) VALUES (:production_id, :kind, :role_id);

-- name: production_set_join_code
UPDATE productions SET join_code = :join_code WHERE id = :id;

-- name: production_by_join_code
SELECT * FROM productions WHERE guild_id = :guild_id AND join_code = :join_code AND archived = 0;

-- name: invitation_upsert
INSERT INTO crew_invitations (production_id, user_id, invited_by, created_at)
VALUES (:production_id, :user_id, :invited_by, :created_at)
ON CONFLICT (production_id, user_id) DO UPDATE SET invited_by = excluded.invited_by, created_at = excluded.created_at;

-- name: invitation_delete
DELETE FROM crew_invitations WHERE production_id = :production_id AND user_id = :user_id;

-- name: productions_inviting_user
SELECT p.* FROM productions p JOIN crew_invitations i ON i.production_id = p.id
WHERE p.guild_id = :guild_id AND i.user_id = :user_id AND p.archived = 0 ORDER BY p.id;

-- name: production_set_languages
UPDATE productions SET language = :language, second_language = :second_language WHERE id = :id;
