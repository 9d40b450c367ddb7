-- name: crew_upsert
-- :role_heads NULL: keep what was last seen (a new member: none).
INSERT INTO crew_members (production_id, user_id, display_name, department, title, is_head, language, dietary, joined_at, role_heads)
VALUES (:production_id, :user_id, :display_name, :department, :title, :is_head, :language, :dietary, :joined_at,
        COALESCE(:role_heads, '[]'))
ON CONFLICT (production_id, user_id) DO UPDATE SET
    display_name = excluded.display_name,
    department   = excluded.department,
    title        = excluded.title,
    is_head      = excluded.is_head,
    language     = excluded.language,
    dietary      = excluded.dietary,
    role_heads   = COALESCE(:role_heads, crew_members.role_heads);

-- name: crew_set_role_heads
-- What an interaction showed: the departments whose head role the member holds (a JSON array).
UPDATE crew_members SET role_heads = :role_heads
WHERE production_id = :production_id AND user_id = :user_id AND role_heads != :role_heads;

-- name: crew_by_user
SELECT * FROM crew_members WHERE production_id = :production_id AND user_id = :user_id;

-- name: crew_by_id
SELECT * FROM crew_members WHERE production_id = :production_id AND id = :id;

-- name: crew_in_production
SELECT m.* FROM crew_members m JOIN departments d ON d.code = m.department
WHERE m.production_id = :production_id
ORDER BY d.sort_order, m.is_head DESC, m.display_name COLLATE NOCASE, m.user_id;

-- name: crew_count
SELECT COUNT(*) FROM crew_members WHERE production_id = :production_id;

-- name: crew_delete
DELETE FROM crew_members WHERE production_id = :production_id AND user_id = :user_id;

-- name: crew_search
SELECT * FROM crew_members
WHERE production_id = :production_id AND (display_name LIKE :pattern ESCAPE '\' OR title LIKE :pattern ESCAPE '\')
ORDER BY display_name COLLATE NOCASE LIMIT :limit;

-- name: crew_memberships_of_user
-- The user's crew entries on the server's productions (tenancy: department and head of department).
SELECT m.production_id, m.department, m.is_head, m.role_heads FROM crew_members m JOIN productions p ON p.id = m.production_id
WHERE p.guild_id = :guild_id AND m.user_id = :user_id AND p.archived = 0;
