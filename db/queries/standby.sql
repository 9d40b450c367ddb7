-- Standby calls, duty and 跟妆 pairings. Times are UTC ISO text with microseconds.

-- name: standby_insert
INSERT INTO standbys (production_id, shoot_day_id, kind, department, what, set_name, place, scene, person, due_at, called_at,
                      called_by, called_by_name, locale, channel_id, role_id, auto_key, request_id, keep, people, looks, created_at)
VALUES (:production_id, :shoot_day_id, :kind, :department, :what, :set_name, :place, :scene, :person, :due_at, :called_at,
        :called_by, :called_by_name, :locale, :channel_id, :role_id, :auto_key, :request_id, :keep, :people, :looks, :now)
ON CONFLICT DO NOTHING
RETURNING id;

-- name: standby_called_insert
INSERT INTO standby_called (standby_id, seq, user_id, name, department, language, role, reach)
VALUES (:standby_id, :seq, :user_id, :name, :department, :language, :role, :reach);

-- name: standby_by_id
SELECT * FROM standbys WHERE id = :id;

-- name: standby_by_request
SELECT * FROM standbys WHERE request_id = :request_id;

-- name: standby_by_auto_key
SELECT * FROM standbys WHERE auto_key = :auto_key;

-- name: standby_called_of
SELECT * FROM standby_called WHERE standby_id = :standby_id ORDER BY seq;

-- name: standby_answers_of
SELECT * FROM standby_answers WHERE standby_id = :standby_id ORDER BY id;

-- name: standby_steps_of
SELECT * FROM standby_steps WHERE standby_id = :standby_id ORDER BY at, step;

-- name: standby_answer_insert
INSERT INTO standby_answers (standby_id, user_id, name, department, answer, at, seconds, request_id)
VALUES (:standby_id, :user_id, :name, :department, :answer, :at, :seconds, :request_id)
ON CONFLICT DO NOTHING;

-- name: standby_answer_by_request
SELECT * FROM standby_answers WHERE request_id = :request_id;

-- name: standby_first_answer
-- The first answer stops the ladder; later ones change nothing here.
UPDATE standbys SET state = 'answered', first_answer_at = :at, first_answer_by = :user_id
WHERE id = :id AND state = 'open';

-- name: standby_step_insert
INSERT INTO standby_steps (standby_id, step, at) VALUES (:standby_id, :step, :at) ON CONFLICT DO NOTHING;

-- name: standby_set_reach
UPDATE standby_called SET reach = :reach WHERE standby_id = :standby_id AND user_id = :user_id AND reach IN ('dm', 'fallback');

-- name: standby_retime
-- An automatic standby already called whose scene moved: the time now in force, and (the first time
-- it moves) the time the call first said.
UPDATE standbys SET first_due_at = COALESCE(first_due_at, due_at), due_at = :due_at
WHERE id = :id AND state != 'cancelled' AND due_at IS NOT NULL;

-- name: standby_cancel
UPDATE standbys SET state = 'cancelled' WHERE id = :id AND state != 'cancelled';

-- name: standbys_recent
SELECT * FROM standbys WHERE production_id = :production_id AND called_at >= :since ORDER BY called_at DESC, id DESC LIMIT :limit;

-- name: standby_response_rows
-- Every call (user_id NULL) and, per called person, their first answer (seconds NULL: none), for the
-- producer's report.
SELECT s.id AS standby_id, s.department, NULL AS user_id, '' AS name, NULL AS seconds, s.called_at
FROM standbys s
WHERE s.production_id = :production_id AND s.called_at >= :since AND s.called_at < :until AND s.state != 'cancelled'
UNION ALL
SELECT s.id, s.department, p.user_id, p.name, p.seconds, s.called_at
FROM standbys s
JOIN (
    SELECT c.standby_id, c.user_id, c.name, (SELECT MIN(a.seconds) FROM standby_answers a
                                              WHERE a.standby_id = c.standby_id AND a.user_id = c.user_id) AS seconds
    FROM standby_called c WHERE c.user_id IS NOT NULL AND c.reach IN ('dm', 'fallback', 'unreached')
    UNION ALL
    SELECT a.standby_id, a.user_id, MIN(a.name), MIN(a.seconds) FROM standby_answers a
    WHERE NOT EXISTS (SELECT 1 FROM standby_called c WHERE c.standby_id = a.standby_id AND c.user_id = a.user_id
                      AND c.reach IN ('dm', 'fallback', 'unreached'))
    GROUP BY a.standby_id, a.user_id
) p ON p.standby_id = s.id
WHERE s.production_id = :production_id AND s.called_at >= :since AND s.called_at < :until AND s.state != 'cancelled'
ORDER BY 6, 1, 3;

-- name: duty_set
INSERT INTO duty (production_id, user_id, on_duty, set_by, set_at) VALUES (:production_id, :user_id, :on_duty, :set_by, :set_at)
ON CONFLICT (production_id, user_id) DO UPDATE SET on_duty = excluded.on_duty, set_by = excluded.set_by, set_at = excluded.set_at;

-- name: duty_of_production
SELECT * FROM duty WHERE production_id = :production_id;

-- name: follower_set
INSERT INTO standby_followers (production_id, actor_key, actor_name, user_id, set_by, set_at)
VALUES (:production_id, :actor_key, :actor_name, :user_id, :set_by, :set_at)
ON CONFLICT (production_id, actor_key) DO UPDATE SET actor_name = excluded.actor_name, user_id = excluded.user_id,
    set_by = excluded.set_by, set_at = excluded.set_at;

-- name: follower_clear
DELETE FROM standby_followers WHERE production_id = :production_id AND actor_key = :actor_key;

-- name: followers_of_production
SELECT * FROM standby_followers WHERE production_id = :production_id ORDER BY actor_name;

-- name: standby_state
SELECT state FROM standbys WHERE id = :id;

-- name: standby_cues
-- The outbox rows of one standby (keys "standby:<id>:..."), through the key index.
SELECT * FROM cues WHERE key >= :lo AND key < :hi ORDER BY batch, seq, id;
