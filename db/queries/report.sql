-- The producer's daily report (制片日报) and the rest guard's overrides.

-- name: report_insert
INSERT INTO daily_reports (production_id, shoot_day_id, revision, wrap_at, snapshot, created_at)
VALUES (:production_id, :shoot_day_id,
        (SELECT COALESCE(MAX(revision), 0) + 1 FROM daily_reports WHERE shoot_day_id = :shoot_day_id),
        :wrap_at, :snapshot, :now);

-- name: report_by_id
SELECT * FROM daily_reports WHERE id = :id;

-- name: report_latest
SELECT * FROM daily_reports WHERE shoot_day_id = :shoot_day_id ORDER BY revision DESC LIMIT 1;

-- name: report_draft_for_wrap
SELECT * FROM daily_reports WHERE shoot_day_id = :shoot_day_id AND wrap_at = :wrap_at ORDER BY revision DESC LIMIT 1;

-- name: report_supersede_drafts
-- Older drafts of the day (not signed) give way to a new one.
UPDATE daily_reports SET status = 'superseded' WHERE shoot_day_id = :shoot_day_id AND status = 'draft' AND id <> :keep;

-- name: report_sign
-- Applied once: only a draft is signed, and only by one press.
UPDATE daily_reports
SET status = 'signed', signed_by = :by, signed_by_name = :by_name, signed_at = :now, sign_request = :request, recipients = :recipients
WHERE id = :id AND status = 'draft';

-- name: report_signed_days
SELECT shoot_day_id, MAX(signed_at) AS signed_at FROM daily_reports
WHERE production_id = :production_id AND status = 'signed' GROUP BY shoot_day_id;

-- name: recipient_set
INSERT INTO report_recipients (production_id, user_id, language, wants, set_at)
VALUES (:production_id, :user_id, :language, :wants, :now)
ON CONFLICT (production_id, user_id) DO UPDATE SET language = excluded.language, wants = excluded.wants, set_at = excluded.set_at;

-- name: recipients_of_production
SELECT * FROM report_recipients WHERE production_id = :production_id ORDER BY user_id;

-- name: rest_override_insert
INSERT INTO rest_overrides (shoot_day_id, version, reason, by_user, by_name, at, people, breaches, request_id)
VALUES (:shoot_day_id,
        (SELECT COALESCE(MAX(version), 0) FROM callsheet_versions WHERE shoot_day_id = :shoot_day_id),
        :reason, :by_user, :by_name, :at, :people, :breaches, :request_id);

-- name: rest_overrides_for_days
SELECT o.*, d.date, d.day_number FROM rest_overrides o JOIN shoot_days d ON d.id = o.shoot_day_id
WHERE o.shoot_day_id IN (:a, :b) ORDER BY o.at, o.id;

-- name: rest_override_by_request
SELECT * FROM rest_overrides WHERE request_id = :request_id;

-- name: report_days_of_production
-- Every shoot day with its live state, for the running totals.
SELECT d.id, d.date, d.day_number, COALESCE(p.state, 'planned') AS state
FROM shoot_days d LEFT JOIN day_progress p ON p.shoot_day_id = d.id
WHERE d.production_id = :production_id ORDER BY d.date;

-- name: report_scenes_of_production
SELECT s.shoot_day_id, s.number, s.est_minutes, s.episodes
FROM scenes s JOIN shoot_days d ON d.id = s.shoot_day_id
WHERE d.production_id = :production_id ORDER BY d.date, s.position;

-- name: report_finished_of_production
-- The scenes each day's steps finished (a scene is shot when a step finished it).
SELECT st.shoot_day_id, st.finished
FROM progress_steps st JOIN shoot_days d ON d.id = st.shoot_day_id
WHERE d.production_id = :production_id AND st.finished IS NOT NULL;

