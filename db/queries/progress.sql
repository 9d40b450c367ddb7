-- Shoot progress of a day: steps, meals taken, skipped scenes, the manual adjustment, and the
-- call each person last heard.

-- name: progress_get
SELECT * FROM day_progress WHERE shoot_day_id = :shoot_day_id;

-- name: progress_init
INSERT INTO day_progress (shoot_day_id, updated_at) VALUES (:shoot_day_id, :now)
ON CONFLICT (shoot_day_id) DO NOTHING;

-- name: progress_cas
-- Compare-and-set: only from the version (and current scene) the change was computed from.
UPDATE day_progress
SET state = :state, current_scene = :current_scene, adjust_minutes = :adjust_minutes, version = :new_version, updated_at = :now
WHERE shoot_day_id = :shoot_day_id AND version = :old_version AND current_scene IS :old_current;

-- name: progress_steps
SELECT * FROM progress_steps WHERE shoot_day_id = :shoot_day_id ORDER BY seq;

-- name: progress_step_insert
INSERT INTO progress_steps (shoot_day_id, seq, kind, at, finished, started, prev_adjust, prev_meals, by_user, request_id)
VALUES (:shoot_day_id, :seq, :kind, :at, :finished, :started, :prev_adjust, :prev_meals, :by_user, :request_id);

-- name: progress_steps_truncate
DELETE FROM progress_steps WHERE shoot_day_id = :shoot_day_id AND seq > :keep;

-- name: progress_meals
SELECT * FROM progress_meals WHERE shoot_day_id = :shoot_day_id ORDER BY called_at, meal;

-- name: progress_meals_clear
DELETE FROM progress_meals WHERE shoot_day_id = :shoot_day_id;

-- name: progress_meal_insert
INSERT INTO progress_meals (shoot_day_id, meal, called_at, minutes, resumed_at, returned, scene, by_user)
VALUES (:shoot_day_id, :meal, :called_at, :minutes, :resumed_at, :returned, :scene, :by_user);

-- name: progress_skips
SELECT * FROM progress_skips WHERE shoot_day_id = :shoot_day_id ORDER BY skipped_at, scene_number;

-- name: progress_skip_insert
INSERT INTO progress_skips (shoot_day_id, scene_number, skipped_at, by_user, reason, carried_to)
VALUES (:shoot_day_id, :scene_number, :skipped_at, :by_user, :reason, :carried_to)
ON CONFLICT (shoot_day_id, scene_number) DO NOTHING;

-- name: progress_delays
SELECT * FROM progress_delays WHERE shoot_day_id = :shoot_day_id ORDER BY at, id;

-- name: progress_delay_insert
INSERT INTO progress_delays (shoot_day_id, at, minutes, scene, reason, by_user)
VALUES (:shoot_day_id, :at, :minutes, :scene, :reason, :by_user);

-- name: progress_skip_delete
DELETE FROM progress_skips WHERE shoot_day_id = :shoot_day_id AND scene_number = :scene_number;

-- name: progress_day_states
-- Days of a production around a date, with their progress state (for "which day is today").
SELECT d.id, d.date, COALESCE(p.state, 'planned') AS state
FROM shoot_days d LEFT JOIN day_progress p ON p.shoot_day_id = d.id
WHERE d.production_id = :production_id AND d.date BETWEEN :date_from AND :date_to
ORDER BY d.date;

-- name: progress_shooting_days
-- Every day being shot right now, in every production.
SELECT d.id, d.production_id FROM day_progress p JOIN shoot_days d ON d.id = p.shoot_day_id WHERE p.state = 'shooting';

-- name: known_calls_for_day
SELECT user_id, call_at, seq, version_id FROM known_calls WHERE shoot_day_id = :shoot_day_id;

-- name: known_call_upsert
INSERT INTO known_calls (shoot_day_id, user_id, call_at, seq, version_id) VALUES (:shoot_day_id, :user_id, :call_at, :seq, :version_id)
ON CONFLICT (shoot_day_id, user_id) DO UPDATE SET call_at = excluded.call_at, seq = excluded.seq, version_id = excluded.version_id;

-- name: progress_days_between
SELECT id, production_id FROM shoot_days WHERE date BETWEEN :date_from AND :date_to ORDER BY date, id;
