-- name: day_set_cast_fields
UPDATE shoot_days SET shooting_call = :shooting_call, extras_call = :extras_call, extras_holding = :extras_holding,
    parking = :parking, alt_notes = :alt_notes
WHERE id = :id;

-- name: day_cast_delete
DELETE FROM day_cast WHERE shoot_day_id = :shoot_day_id;

-- name: day_cast_insert
INSERT INTO day_cast (shoot_day_id, position, number, status, character, alt_character, actor, phone, pickup_place,
                      pickup_minutes, makeup_minutes, on_set, user_id)
VALUES (:shoot_day_id, :position, :number, :status, :character, :alt_character, :actor, :phone, :pickup_place,
        :pickup_minutes, :makeup_minutes, :on_set, :user_id);

-- name: day_cast_for_day
SELECT * FROM day_cast WHERE shoot_day_id = :shoot_day_id ORDER BY position;

-- name: scene_extras_insert
INSERT INTO scene_extras (scene_id, position, count, description) VALUES (:scene_id, :position, :count, :description);

-- name: scene_extras_for_day
SELECT e.* FROM scene_extras e JOIN scenes s ON s.id = e.scene_id
WHERE s.shoot_day_id = :shoot_day_id ORDER BY e.scene_id, e.position;

-- name: scene_set_alt_synopsis
UPDATE scenes SET alt_synopsis = :alt_synopsis WHERE id = :id;

-- name: set_set_alt_name
UPDATE sets SET alt_name = :alt_name WHERE production_id = :production_id AND name = :name;

-- name: contacts_delete
DELETE FROM production_contacts WHERE production_id = :production_id;

-- name: contact_insert
INSERT INTO production_contacts (production_id, position, role, name, phone)
VALUES (:production_id, :position, :role, :name, :phone);

-- name: contacts_for_production
SELECT * FROM production_contacts WHERE production_id = :production_id ORDER BY position;

-- name: cast_links_for_production
SELECT * FROM cast_links WHERE production_id = :production_id ORDER BY actor_key;

-- name: cast_link_upsert
INSERT INTO cast_links (production_id, actor_key, actor, user_id, linked_by, linked_at)
VALUES (:production_id, :actor_key, :actor, :user_id, :linked_by, :linked_at)
ON CONFLICT (production_id, actor_key) DO UPDATE SET
    actor = excluded.actor, user_id = excluded.user_id, linked_by = excluded.linked_by, linked_at = excluded.linked_at;

-- name: cast_link_delete
DELETE FROM cast_links WHERE production_id = :production_id AND actor_key = :actor_key;

-- name: cast_link_unlink_user
DELETE FROM cast_links WHERE production_id = :production_id AND user_id = :user_id AND actor_key <> :actor_key;

-- name: day_cast_actors_in_production
SELECT DISTINCT c.actor, c.character, c.number, c.user_id FROM day_cast c
JOIN shoot_days d ON d.id = c.shoot_day_id
WHERE d.production_id = :production_id
  AND (c.actor LIKE :pattern ESCAPE '\' OR c.character LIKE :pattern ESCAPE '\' OR c.number = :exact)
ORDER BY c.actor COLLATE NOCASE LIMIT :limit;

-- name: scene_cast_actors_in_production
SELECT DISTINCT c.actor, c.character, c.user_id FROM scene_cast c
JOIN scenes s ON s.id = c.scene_id JOIN shoot_days d ON d.id = s.shoot_day_id
WHERE d.production_id = :production_id
  AND (c.actor LIKE :pattern ESCAPE '\' OR c.character LIKE :pattern ESCAPE '\')
ORDER BY c.actor COLLATE NOCASE LIMIT :limit;

-- name: days_with_actor
SELECT DISTINCT d.id FROM shoot_days d
LEFT JOIN day_cast dc ON dc.shoot_day_id = d.id
LEFT JOIN scenes s ON s.shoot_day_id = d.id
LEFT JOIN scene_cast sc ON sc.scene_id = s.id
WHERE d.production_id = :production_id AND (dc.actor = :actor OR sc.actor = :actor);

-- name: day_cast_set_user
UPDATE day_cast SET user_id = :user_id WHERE shoot_day_id = :shoot_day_id AND actor = :actor;

-- name: scene_cast_set_user
UPDATE scene_cast SET user_id = :user_id
WHERE actor = :actor AND scene_id IN (SELECT id FROM scenes WHERE shoot_day_id = :shoot_day_id);

-- name: day_cast_clear_user
UPDATE day_cast SET user_id = NULL WHERE shoot_day_id = :shoot_day_id AND user_id = :user_id AND actor <> :actor;

-- name: scene_cast_clear_user
UPDATE scene_cast SET user_id = NULL
WHERE user_id = :user_id AND actor <> :actor AND scene_id IN (SELECT id FROM scenes WHERE shoot_day_id = :shoot_day_id);

-- name: days_with_user
SELECT DISTINCT d.id FROM shoot_days d
LEFT JOIN day_cast dc ON dc.shoot_day_id = d.id
LEFT JOIN scenes s ON s.shoot_day_id = d.id
LEFT JOIN scene_cast sc ON sc.scene_id = s.id
WHERE d.production_id = :production_id AND (dc.user_id = :user_id OR sc.user_id = :user_id);

-- name: callsheet_last_notified_versions
SELECT d.user_id, MAX(v.version) AS version FROM callsheet_deliveries d
JOIN callsheet_versions v ON v.id = d.version_id
WHERE v.shoot_day_id = :shoot_day_id AND d.notified = 1
GROUP BY d.user_id;

-- name: callsheet_version_by_number
SELECT * FROM callsheet_versions WHERE shoot_day_id = :shoot_day_id AND version = :version;
