-- name: set_upsert
INSERT INTO sets (production_id, name, building, road, notes, base, generator, vehicles, prelight, time_window)
VALUES (:production_id, :name, :building, :road, :notes, :base, :generator, :vehicles, :prelight, :time_window)
ON CONFLICT (production_id, name) DO UPDATE SET
    building    = excluded.building,
    road        = excluded.road,
    notes       = excluded.notes,
    base        = excluded.base,
    generator   = excluded.generator,
    vehicles    = excluded.vehicles,
    prelight    = excluded.prelight,
    time_window = excluded.time_window;

-- name: set_insert_if_missing
INSERT INTO sets (production_id, name) VALUES (:production_id, :name)
ON CONFLICT (production_id, name) DO NOTHING;

-- name: set_by_name
SELECT * FROM sets WHERE production_id = :production_id AND name = :name;

-- name: sets_in_production
SELECT * FROM sets WHERE production_id = :production_id ORDER BY name COLLATE NOCASE;

-- name: sets_search
SELECT * FROM sets
WHERE production_id = :production_id AND (name LIKE :pattern ESCAPE '\' OR building LIKE :pattern ESCAPE '\')
ORDER BY name COLLATE NOCASE LIMIT :limit;

-- name: walk_upsert
INSERT INTO walks (production_id, from_set_id, to_set_id, minutes)
VALUES (:production_id, :from_set_id, :to_set_id, :minutes)
ON CONFLICT (from_set_id, to_set_id) DO UPDATE SET minutes = excluded.minutes;

-- name: walks_in_production
SELECT a.name AS from_set, b.name AS to_set, w.minutes
FROM walks w JOIN sets a ON a.id = w.from_set_id JOIN sets b ON b.id = w.to_set_id
WHERE w.production_id = :production_id
ORDER BY a.name, b.name;

-- name: day_insert
INSERT INTO shoot_days (production_id, date, day_number, total_days, general_call, planned_wrap, lunch_start,
                        lunch_minutes, supper_start, supper_minutes, base, notes, weather, sunrise, revision, updated_at,
                        breakfast_start, breakfast_minutes, late_start, late_minutes)
VALUES (:production_id, :date, :day_number, :total_days, :general_call, :planned_wrap, :lunch_start,
        :lunch_minutes, :supper_start, :supper_minutes, :base, :notes, :weather, :sunrise, 1, :updated_at,
        :breakfast_start, :breakfast_minutes, :late_start, :late_minutes);

-- name: day_update
UPDATE shoot_days SET
    day_number = :day_number, total_days = :total_days, general_call = :general_call, planned_wrap = :planned_wrap,
    lunch_start = :lunch_start, lunch_minutes = :lunch_minutes, supper_start = :supper_start,
    supper_minutes = :supper_minutes, base = :base, notes = :notes, weather = :weather, sunrise = :sunrise,
    breakfast_start = :breakfast_start, breakfast_minutes = :breakfast_minutes, late_start = :late_start,
    late_minutes = :late_minutes, revision = revision + 1, updated_at = :updated_at
WHERE id = :id;

-- name: day_bump_revision
UPDATE shoot_days SET revision = revision + 1, updated_at = :updated_at WHERE id = :id;

-- name: day_by_date
SELECT * FROM shoot_days WHERE production_id = :production_id AND date = :date;

-- name: day_by_id
SELECT * FROM shoot_days WHERE id = :id;

-- name: day_by_number
SELECT * FROM shoot_days WHERE production_id = :production_id AND day_number = :day_number ORDER BY date LIMIT 1;

-- name: days_in_production
SELECT * FROM shoot_days WHERE production_id = :production_id ORDER BY date;

-- name: day_next_on_or_after
SELECT * FROM shoot_days WHERE production_id = :production_id AND date >= :date ORDER BY date LIMIT 1;

-- name: day_scene_counts
SELECT d.id, COUNT(s.id) AS scenes, COALESCE(SUM(s.est_minutes), 0) AS minutes
FROM shoot_days d LEFT JOIN scenes s ON s.shoot_day_id = d.id
WHERE d.production_id = :production_id GROUP BY d.id;

-- name: scenes_delete_for_day
DELETE FROM scenes WHERE shoot_day_id = :shoot_day_id;

-- name: scene_insert
INSERT INTO scenes (shoot_day_id, position, number, set_id, episodes, int_ext, day_night, synopsis, est_minutes, carried_from)
VALUES (:shoot_day_id, :position, :number, :set_id, :episodes, :int_ext, :day_night, :synopsis, :est_minutes, :carried_from);

-- name: scene_set_position
UPDATE scenes SET position = :position WHERE id = :id;

-- name: scene_delete
DELETE FROM scenes WHERE id = :id;

-- name: scenes_for_day
SELECT s.*, st.name AS set_name FROM scenes s JOIN sets st ON st.id = s.set_id
WHERE s.shoot_day_id = :shoot_day_id ORDER BY s.position, s.id;

-- name: scene_cast_insert
INSERT INTO scene_cast (scene_id, position, character, actor, user_id, makeup_minutes, pickup_minutes)
VALUES (:scene_id, :position, :character, :actor, :user_id, :makeup_minutes, :pickup_minutes);

-- name: scene_cast_for_day
SELECT c.* FROM scene_cast c JOIN scenes s ON s.id = c.scene_id
WHERE s.shoot_day_id = :shoot_day_id ORDER BY c.scene_id, c.position;

-- name: scene_need_insert
INSERT INTO scene_needs (scene_id, department, need) VALUES (:scene_id, :department, :need);

-- name: scene_needs_for_day
SELECT n.* FROM scene_needs n JOIN scenes s ON s.id = n.scene_id
WHERE s.shoot_day_id = :shoot_day_id ORDER BY n.scene_id;

-- name: scenes_search
SELECT s.number, st.name AS set_name, s.synopsis FROM scenes s JOIN sets st ON st.id = s.set_id
WHERE s.shoot_day_id = :shoot_day_id AND (s.number LIKE :pattern ESCAPE '\' OR s.synopsis LIKE :pattern ESCAPE '\')
ORDER BY s.position LIMIT :limit;

-- name: actor_prep_latest
SELECT c.makeup_minutes, c.pickup_minutes FROM scene_cast c
JOIN scenes s ON s.id = c.scene_id JOIN shoot_days d ON d.id = s.shoot_day_id
WHERE d.production_id = :production_id AND c.actor = :actor
ORDER BY d.date DESC, s.position LIMIT 1;

-- name: override_upsert
INSERT INTO call_overrides (shoot_day_id, user_id, call_at, note, set_by, set_at)
VALUES (:shoot_day_id, :user_id, :call_at, :note, :set_by, :set_at)
ON CONFLICT (shoot_day_id, user_id) DO UPDATE SET
    call_at = excluded.call_at, note = excluded.note, set_by = excluded.set_by, set_at = excluded.set_at;

-- name: override_delete
DELETE FROM call_overrides WHERE shoot_day_id = :shoot_day_id AND user_id = :user_id;

-- name: overrides_for_day
SELECT * FROM call_overrides WHERE shoot_day_id = :shoot_day_id ORDER BY user_id;

-- name: pool_insert
INSERT INTO scene_pool (production_id, number, set_name, episodes, int_ext, day_night, synopsis, est_minutes, cast_json,
                        needs_json, extras_json, alt_synopsis, cast_rows_json, from_date, reason, added_at)
VALUES (:production_id, :number, :set_name, :episodes, :int_ext, :day_night, :synopsis, :est_minutes, :cast_json,
        :needs_json, :extras_json, :alt_synopsis, :cast_rows_json, :from_date, :reason, :added_at);

-- name: pool_for_production
SELECT * FROM scene_pool WHERE production_id = :production_id ORDER BY from_date, id;

-- name: pool_by_number
SELECT * FROM scene_pool WHERE production_id = :production_id AND number = :number;

-- name: pool_delete
DELETE FROM scene_pool WHERE id = :id;

-- name: pool_search
SELECT * FROM scene_pool
WHERE production_id = :production_id AND (number LIKE :pattern ESCAPE '\' OR synopsis LIKE :pattern ESCAPE '\')
ORDER BY from_date, id LIMIT :limit;

-- name: pool_cast_rows
SELECT cast_rows_json FROM scene_pool WHERE id = :id;
