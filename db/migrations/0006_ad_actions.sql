-- Every AD action the bot applied: who, what (the command and its options), which production and
-- day, when, and whether its answer reached Discord. A repeat of the same action by the same person
-- shortly after an answer that was lost is told "already done at HH:MM" instead of applied twice
-- (bot/actions.py). The row is written in the same transaction as the action itself.

CREATE TABLE ad_actions (
    id             INTEGER PRIMARY KEY,
    production_id  INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    user_id        INTEGER NOT NULL,
    command        TEXT    NOT NULL,            -- "shoot next"
    action_key     TEXT    NOT NULL,            -- the command with its options: what "the same action" means
    subject        TEXT    NOT NULL DEFAULT '', -- which day (or what else) it was about
    interaction_id INTEGER NOT NULL UNIQUE,
    applied_at     TEXT    NOT NULL,            -- UTC ISO-8601
    answered_at    TEXT                         -- NULL: the answer never reached Discord
);
CREATE INDEX ad_actions_recent ON ad_actions (production_id, user_id, action_key, applied_at);
