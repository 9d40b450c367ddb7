-- The live day: shoot progress (steps, meals taken, skipped scenes, manual adjustment), the cues
-- the bot owes people (the table is the truth; the scheduler only wakes the bot), the call each
-- person last heard, and personal reminder preferences.
-- Datetimes are UTC ISO-8601 text with microseconds ("2026-11-23T22:00:00.000000+00:00") so that
-- text comparison is time comparison.

CREATE TABLE day_progress (
    shoot_day_id   INTEGER PRIMARY KEY REFERENCES shoot_days (id) ON DELETE CASCADE,
    state          TEXT    NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'shooting', 'wrapped')),
    current_scene  TEXT,                        -- compare-and-set guard for /shoot next
    adjust_minutes INTEGER NOT NULL DEFAULT 0,  -- /shoot delay (+) and ahead (-) on the scene in progress
    version        INTEGER NOT NULL DEFAULT 0,  -- bumped by every change (compare-and-set)
    updated_at     TEXT    NOT NULL
);

-- start / next / wrap, in order; /shoot back deletes the last one and restores what it saved.
CREATE TABLE progress_steps (
    shoot_day_id INTEGER NOT NULL REFERENCES shoot_days (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    kind         TEXT    NOT NULL CHECK (kind IN ('start', 'next', 'wrap')),
    at           TEXT    NOT NULL,
    finished     TEXT,                          -- scene number finished by this step
    started      TEXT,                          -- scene number begun by this step
    prev_adjust  INTEGER NOT NULL DEFAULT 0,
    prev_meals   TEXT    NOT NULL DEFAULT '[]', -- JSON [[meal, at], ...] before this step
    by_user      INTEGER,
    request_id   INTEGER,                       -- the Discord interaction that made the step
    PRIMARY KEY (shoot_day_id, seq)
);

-- Meals taken: the scene boundary (a step's time) at which each was taken.
CREATE TABLE progress_meals (
    shoot_day_id INTEGER NOT NULL REFERENCES shoot_days (id) ON DELETE CASCADE,
    meal         TEXT    NOT NULL CHECK (meal IN ('lunch', 'supper')),
    taken_at     TEXT    NOT NULL,
    PRIMARY KEY (shoot_day_id, meal)
);

-- Scenes dropped for today (/shoot skip).
CREATE TABLE progress_skips (
    shoot_day_id INTEGER NOT NULL REFERENCES shoot_days (id) ON DELETE CASCADE,
    scene_number TEXT    NOT NULL,
    skipped_at   TEXT    NOT NULL,
    by_user      INTEGER,
    PRIMARY KEY (shoot_day_id, scene_number)
);

CREATE TABLE cues (
    id            INTEGER PRIMARY KEY,
    production_id INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    shoot_day_id  INTEGER REFERENCES shoot_days (id) ON DELETE CASCADE,
    scope         TEXT    NOT NULL,             -- reconciled together ("live"), or one-shot ("notice", "system")
    key           TEXT    NOT NULL UNIQUE,      -- idempotency key, stable across recomputes
    kind          TEXT    NOT NULL,
    due_at        TEXT    NOT NULL,
    expires_at    TEXT,                         -- not worth sending after this
    channel_id    INTEGER,
    user_id       INTEGER,
    role_id       INTEGER,
    locale        TEXT    NOT NULL,
    payload       TEXT    NOT NULL DEFAULT '{}',
    status        TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sending', 'sent', 'cancelled', 'skipped', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    nonce         TEXT    NOT NULL,             -- Discord message nonce: the same on every attempt
    late          INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    claimed_at    TEXT,
    sent_at       TEXT,
    retry_at      TEXT,                         -- a failed attempt waits for its back-off
    message_id    INTEGER,
    error         TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    CHECK (channel_id IS NOT NULL OR user_id IS NOT NULL)
);
CREATE INDEX cues_open ON cues (status, due_at);
CREATE INDEX cues_by_day ON cues (shoot_day_id, scope);

-- The call each person last heard (published call sheet or a "your call moved" notice).
-- version_id: the call sheet version it was taken from; seq: notices sent so far.
CREATE TABLE known_calls (
    shoot_day_id INTEGER NOT NULL REFERENCES shoot_days (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,
    call_at      TEXT    NOT NULL,
    seq          INTEGER NOT NULL DEFAULT 0,
    version_id   INTEGER,
    PRIMARY KEY (shoot_day_id, user_id)
);

-- A crew member's own call reminder lead (minutes before their call; 0 = no reminder).
CREATE TABLE cue_preferences (
    production_id         INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    user_id               INTEGER NOT NULL,
    call_reminder_minutes INTEGER NOT NULL CHECK (call_reminder_minutes BETWEEN 0 AND 720),
    PRIMARY KEY (production_id, user_id)
);
