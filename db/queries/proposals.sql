-- Cast call proposals: actors' calls the projection moved, batched for the AD (send all / pick / hold).

-- name: proposal_insert
INSERT INTO cast_proposals (shoot_day_id, status, created_at) VALUES (:shoot_day_id, 'open', :now);

-- name: proposal_item_insert
INSERT INTO cast_proposal_items (proposal_id, user_id, old_call, new_call, status)
VALUES (:proposal_id, :user_id, :old_call, :new_call, 'proposed');

-- name: proposal_by_id
SELECT * FROM cast_proposals WHERE id = :id;

-- name: proposal_open_for_day
SELECT * FROM cast_proposals WHERE shoot_day_id = :shoot_day_id AND status = 'open' ORDER BY id DESC LIMIT 1;

-- name: proposal_items
SELECT * FROM cast_proposal_items WHERE proposal_id = :proposal_id ORDER BY new_call, user_id;

-- name: proposal_supersede_open
UPDATE cast_proposals SET status = 'superseded', decided_at = :now WHERE shoot_day_id = :shoot_day_id AND status = 'open';

-- name: proposal_close
-- Only an open proposal is decided (a second press, or a stale message, changes nothing).
UPDATE cast_proposals SET status = 'done', decided_at = :now, decided_by = :by WHERE id = :id AND status = 'open';

-- name: proposal_item_set_status
UPDATE cast_proposal_items SET status = :status, new_call = :new_call WHERE proposal_id = :proposal_id AND user_id = :user_id;

-- name: proposal_held_for_day
-- The call each actor was last held at (the newest held item per actor of the day).
SELECT i.user_id, i.new_call FROM cast_proposal_items i JOIN cast_proposals p ON p.id = i.proposal_id
WHERE p.shoot_day_id = :shoot_day_id AND i.status = 'held'
ORDER BY p.id;
