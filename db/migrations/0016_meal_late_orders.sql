-- A meal round that opens late (the AD calls a meal the plan did not have, the menu or the plan came
-- after the cutoff, a slip pulled the cutoff into the past) gets a short window from that moment
-- instead of a cutoff already passed: late_from is when it opened late, late_until the end of the
-- window (never later than the kitchen's lead time before the meal). late_until = late_from: the
-- meal was too close for the canteen to take orders; the AD / meal coordinator enter counts.
ALTER TABLE meal_rounds ADD COLUMN late_from TEXT;
ALTER TABLE meal_rounds ADD COLUMN late_until TEXT CHECK (late_until IS NULL OR (late_from IS NOT NULL AND late_until >= late_from));
