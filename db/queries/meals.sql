-- Meal orders (报餐): the park canteen's menu, each production's rounds, orders, counts, 餐补.

-- name: canteen_channel
SELECT channel_id FROM canteens WHERE guild_id = :guild_id;

-- name: canteen_channel_set
INSERT INTO canteens (guild_id, channel_id, updated_at) VALUES (:guild_id, :channel_id, :now)
ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, updated_at = excluded.updated_at;

-- ------------------------------------------------------------------------------ menu

-- name: menu_item_insert
INSERT INTO menu_items (guild_id, service_date, meal, name_zh, name_en, price, tags, stock, taken, closed, position,
                        created_by, created_at, updated_at)
VALUES (:guild_id, :service_date, :meal, :name_zh, :name_en, :price, :tags, :stock, 0, 0,
        (SELECT COALESCE(MAX(position), 0) + 1 FROM menu_items WHERE guild_id = :guild_id AND service_date = :service_date AND meal = :meal),
        :by, :now, :now)
ON CONFLICT (guild_id, service_date, meal, name_zh) DO NOTHING
RETURNING id;

-- name: menu_item_by_id
SELECT * FROM menu_items WHERE id = :id;

-- name: menu_item_by_name
SELECT * FROM menu_items WHERE guild_id = :guild_id AND service_date = :service_date AND meal = :meal AND name_zh = :name_zh;

-- name: menu_items_for
SELECT * FROM menu_items WHERE guild_id = :guild_id AND service_date = :service_date AND meal = :meal ORDER BY position, id;

-- name: menu_items_on
SELECT * FROM menu_items WHERE guild_id = :guild_id AND service_date = :service_date ORDER BY meal DESC, position, id;

-- name: menu_item_update
-- Names, price, tags and stock; a stock below what is already ordered is refused by the table's CHECK.
UPDATE menu_items SET name_zh = :name_zh, name_en = :name_en, price = :price, tags = :tags, stock = :stock, updated_at = :now
WHERE id = :id;

-- name: menu_item_set_closed
UPDATE menu_items SET closed = :closed, updated_at = :now WHERE id = :id AND closed <> :closed;

-- name: menu_item_delete
DELETE FROM menu_items WHERE id = :id AND NOT EXISTS (SELECT 1 FROM meal_orders WHERE item_id = :id);

-- name: menu_item_orders
SELECT COUNT(*) AS orders, COALESCE(SUM(quantity), 0) AS portions FROM meal_orders WHERE item_id = :id AND wants = 1;

-- name: menu_item_take
-- Take portions: succeeds only while the item is open and enough is left (one statement, so two
-- orders for the last portion cannot both succeed).
UPDATE menu_items SET taken = taken + :n, updated_at = :now
WHERE id = :id AND closed = 0 AND (stock IS NULL OR taken + :n <= stock);

-- name: menu_item_release
UPDATE menu_items SET taken = taken - :n, updated_at = :now WHERE id = :id AND taken >= :n;

-- name: menu_meals_with_items
SELECT DISTINCT meal FROM menu_items WHERE guild_id = :guild_id AND service_date = :service_date;

-- ------------------------------------------------------------------------------ rounds

-- name: round_by_id
SELECT * FROM meal_rounds WHERE id = :id;

-- name: round_for
SELECT * FROM meal_rounds WHERE production_id = :production_id AND service_date = :service_date AND meal = :meal;

-- name: rounds_of_day
SELECT * FROM meal_rounds WHERE shoot_day_id = :shoot_day_id ORDER BY meal_at, id;

-- name: rounds_of_production_between
SELECT * FROM meal_rounds WHERE production_id = :production_id AND service_date BETWEEN :date_from AND :date_to
ORDER BY service_date, meal_at, id;

-- name: rounds_in_guild_on
SELECT r.* FROM meal_rounds r JOIN productions p ON p.id = r.production_id
WHERE p.guild_id = :guild_id AND p.archived = 0 AND r.service_date = :service_date ORDER BY r.meal_at, p.code;

-- name: round_insert
INSERT INTO meal_rounds (production_id, shoot_day_id, service_date, meal, meal_at, cutoff_at, set_name, building,
                         late_from, late_until, created_at, updated_at)
VALUES (:production_id, :shoot_day_id, :service_date, :meal, :meal_at, :cutoff_at, :set_name, :building,
        :late_from, :late_until, :now, :now)
ON CONFLICT (production_id, service_date, meal) DO NOTHING
RETURNING id;

-- name: round_retime
UPDATE meal_rounds SET meal_at = :meal_at, cutoff_at = CASE WHEN status = 'open' THEN :cutoff_at ELSE cutoff_at END,
                       late_from = CASE WHEN status = 'open' THEN :late_from ELSE late_from END,
                       late_until = CASE WHEN status = 'open' THEN :late_until ELSE late_until END,
                       set_name = :set_name, building = :building, updated_at = :now
WHERE id = :id;

-- name: round_close
-- open -> closed, once: the second closer (a duplicate wake-up, a restart) changes nothing.
UPDATE meal_rounds SET status = 'closed', ticket = 'queued', closed_at = :now, told_meal_at = meal_at, told_set = set_name,
                       told_building = building, updated_at = :now
WHERE id = :id AND status = 'open';

-- name: round_told
UPDATE meal_rounds SET told_meal_at = :meal_at, told_set = :set_name, told_building = :building,
                       corrections = corrections + 1, updated_at = :now
WHERE id = :id AND corrections = :seen;

-- name: round_received
UPDATE meal_rounds SET ticket = 'received', received_by = :by, received_at = :now, updated_at = :now
WHERE id = :id AND ticket = 'queued';

-- name: round_ready
UPDATE meal_rounds SET ticket = 'ready', ready_by = :by, ready_at = :now,
                       received_by = COALESCE(received_by, :by), received_at = COALESCE(received_at, :now), updated_at = :now
WHERE id = :id AND ticket IN ('queued', 'received');

-- ------------------------------------------------------------------------------ orders

-- name: orders_for_round
SELECT * FROM meal_orders WHERE round_id = :round_id ORDER BY id;

-- name: order_by_id
SELECT * FROM meal_orders WHERE id = :id;

-- name: order_of_person
SELECT * FROM meal_orders WHERE round_id = :round_id AND user_id = :user_id;

-- name: order_of_group
SELECT * FROM meal_orders WHERE round_id = :round_id AND user_id IS NULL AND label = :label AND item_id = :item_id;

-- name: order_insert
INSERT INTO meal_orders (round_id, user_id, label, department, wants, item_id, quantity, unit_price, diet, deliver, notes,
                         late, entered_by, created_at, updated_at)
VALUES (:round_id, :user_id, :label, :department, :wants, :item_id, :quantity, :unit_price, :diet, :deliver, :notes,
        :late, :entered_by, :now, :now)
RETURNING id;

-- name: order_update
UPDATE meal_orders SET department = :department, wants = :wants, item_id = :item_id, quantity = :quantity,
                       unit_price = :unit_price, diet = :diet, deliver = :deliver, notes = :notes, late = :late,
                       entered_by = :entered_by, updated_at = :now
WHERE id = :id;

-- name: order_delete
DELETE FROM meal_orders WHERE id = :id;

-- name: answered_in_round
SELECT user_id FROM meal_orders WHERE round_id = :round_id AND user_id IS NOT NULL;

-- name: orders_of_user_between
SELECT o.*, r.production_id, r.service_date, r.meal FROM meal_orders o JOIN meal_rounds r ON r.id = o.round_id
WHERE r.production_id = :production_id AND o.user_id = :user_id AND r.service_date BETWEEN :date_from AND :date_to
ORDER BY r.service_date, r.meal_at;

-- name: late_change_insert
INSERT INTO meal_late_changes (round_id, label, item_id, before_qty, after_qty, by_user, at)
VALUES (:round_id, :label, :item_id, :before_qty, :after_qty, :by_user, :at);

-- name: late_changes_for_round
SELECT * FROM meal_late_changes WHERE round_id = :round_id ORDER BY at, id;

-- ------------------------------------------------------------------------------ money

-- name: allowances_clear
DELETE FROM meal_allowances WHERE round_id = :round_id;

-- name: allowance_insert
INSERT INTO meal_allowances (round_id, user_id, display_name, department, status, cost, allowance)
VALUES (:round_id, :user_id, :display_name, :department, :status, :cost, :allowance);

-- name: allowances_between
SELECT a.*, r.service_date, r.meal FROM meal_allowances a JOIN meal_rounds r ON r.id = a.round_id
WHERE r.production_id = :production_id AND r.service_date BETWEEN :date_from AND :date_to
ORDER BY r.service_date, r.meal_at, a.department, a.display_name, a.user_id;

-- name: costs_between
-- Cost per production, day and meal: orders at the price they were ordered at.
SELECT r.id AS round_id, r.service_date, r.meal, r.meal_at,
       COALESCE(SUM(CASE WHEN o.wants = 1 THEN o.quantity ELSE 0 END), 0) AS portions,
       COALESCE(SUM(CASE WHEN o.wants = 1 AND o.user_id IS NULL THEN o.quantity WHEN o.wants = 1 THEN 1 ELSE 0 END), 0) AS heads,
       COALESCE(SUM(CASE WHEN o.wants = 1 THEN o.quantity * o.unit_price ELSE 0 END), 0) AS cost,
       (SELECT COALESCE(SUM(a.allowance), 0) FROM meal_allowances a WHERE a.round_id = r.id) AS allowance
FROM meal_rounds r LEFT JOIN meal_orders o ON o.round_id = r.id
WHERE r.production_id = :production_id AND r.service_date BETWEEN :date_from AND :date_to
GROUP BY r.id ORDER BY r.service_date, r.meal_at;
