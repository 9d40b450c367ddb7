-- name: action_insert
INSERT INTO ad_actions (production_id, user_id, command, action_key, subject, interaction_id, applied_at)
VALUES (:production_id, :user_id, :command, :action_key, :subject, :interaction_id, :applied_at);

-- name: action_answered
UPDATE ad_actions SET answered_at = :answered_at WHERE id = :id AND answered_at IS NULL;

-- name: action_last_unanswered
SELECT * FROM ad_actions
WHERE production_id = :production_id AND user_id = :user_id AND action_key = :action_key
  AND applied_at >= :since AND answered_at IS NULL
ORDER BY applied_at DESC, id DESC LIMIT 1;

-- name: actions_recent
SELECT * FROM ad_actions WHERE production_id = :production_id ORDER BY applied_at DESC, id DESC LIMIT :limit;
