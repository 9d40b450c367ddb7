-- A live-day clock an AD can trust: meals the AD calls (up to four a day, the late-night meal
-- included), reasons on delays and skips, carry-over of skipped scenes (to a later day or the
-- unscheduled pool), what a set says about moves and windows, and cast call proposals for the AD.
-- Datetimes are UTC ISO-8601 text; dates YYYY-MM-DD.

-- Four meals a day: breakfast and the late-night meal (夜宵, after midnight still the day's).
ALTER TABLE shoot_days ADD COLUMN breakfast_start TEXT;
ALTER TABLE shoot_days ADD COLUMN breakfast_minutes INTEGER NOT NULL DEFAULT 30 CHECK (breakfast_minutes >= 0);
ALTER TABLE shoot_days ADD COLUMN late_start TEXT;
ALTER TABLE shoot_days ADD COLUMN late_minutes INTEGER NOT NULL DEFAULT 30 CHECK (late_minutes >= 0);

-- What the sets table says about a set: the base (服化间) serving it, whether it needs the generator
-- truck, the vehicles that go there, departments to send ahead even for a short set move, and when
-- it may be used ("20:00-24:00": a booking, a permit, a road closure).
ALTER TABLE sets ADD COLUMN base TEXT NOT NULL DEFAULT '';
ALTER TABLE sets ADD COLUMN generator INTEGER NOT NULL DEFAULT 0 CHECK (generator IN (0, 1));
ALTER TABLE sets ADD COLUMN vehicles TEXT NOT NULL DEFAULT '';
-- prelight: "lighting,art"; time_window: "HH:MM-HH:MM"
ALTER TABLE sets ADD COLUMN prelight TEXT NOT NULL DEFAULT '';
ALTER TABLE sets ADD COLUMN time_window TEXT NOT NULL DEFAULT '';

-- 顺延: the scene was skipped on that date and carried over to this day.
ALTER TABLE scenes ADD COLUMN carried_from TEXT;

-- Steps now include the meal the AD called and the return; prev_meals holds the meals before the
-- step as JSON objects. (SQLite cannot change a CHECK: the table is rebuilt.)
CREATE TABLE progress_steps_new (
    shoot_day_id INTEGER NOT NULL REFERENCES shoot_days (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    kind         TEXT    NOT NULL CHECK (kind IN ('start', 'next', 'meal', 'resume', 'wrap')),
    at           TEXT    NOT NULL,
    finished     TEXT,
    started      TEXT,
    prev_adjust  INTEGER NOT NULL DEFAULT 0,
    prev_meals   TEXT    NOT NULL DEFAULT '[]',
    by_user      INTEGER,
    request_id   INTEGER,
    PRIMARY KEY (shoot_day_id, seq)
);
INSERT INTO progress_steps_new SELECT shoot_day_id, seq, kind, at, finished, started, prev_adjust, prev_meals, by_user, request_id
FROM progress_steps;
DROP TABLE progress_steps;
ALTER TABLE progress_steps_new RENAME TO progress_steps;

-- The meals the AD called (/shoot meal) and the return (/shoot resume). Kept for the producer's
-- report: when each meal was called, for how long, when the crew was back.
CREATE TABLE progress_meals_new (
    shoot_day_id INTEGER NOT NULL REFERENCES shoot_days (id) ON DELETE CASCADE,
    meal         TEXT    NOT NULL CHECK (meal IN ('breakfast', 'lunch', 'supper', 'late')),
    called_at    TEXT    NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 180),
    resumed_at   TEXT,
    returned     INTEGER NOT NULL DEFAULT 0 CHECK (returned IN (0, 1)),  -- 1: the AD called the return
    scene        TEXT,                                                   -- the scene being shot
    by_user      INTEGER,
    PRIMARY KEY (shoot_day_id, meal)
);
INSERT INTO progress_meals_new (shoot_day_id, meal, called_at, minutes, resumed_at, returned)
SELECT shoot_day_id, meal, taken_at, 30, taken_at, 0 FROM progress_meals;
DROP TABLE progress_meals;
ALTER TABLE progress_meals_new RENAME TO progress_meals;

-- Why a scene was dropped today and where it went: a later day's date, or 'pool' (unscheduled).
ALTER TABLE progress_skips ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE progress_skips ADD COLUMN carried_to TEXT NOT NULL DEFAULT 'pool';

-- /shoot delay (+minutes) and /shoot ahead (-minutes) with their reasons, for the producer's report.
CREATE TABLE progress_delays (
    id           INTEGER PRIMARY KEY,
    shoot_day_id INTEGER NOT NULL REFERENCES shoot_days (id) ON DELETE CASCADE,
    at           TEXT    NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes <> 0),
    scene        TEXT,                                  -- the scene in progress (NULL: before the first shot)
    reason       TEXT    NOT NULL DEFAULT '',
    by_user      INTEGER
);
CREATE INDEX progress_delays_by_day ON progress_delays (shoot_day_id, at);

-- Scenes not on any day yet (skipped and carried to "unscheduled"): /plan show lists them and
-- /plan move places one on a day. Cast, needs, extras and the cast table rows of its actors as
-- JSON, exactly as the scene and its day had them.
CREATE TABLE scene_pool (
    id            INTEGER PRIMARY KEY,
    production_id INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    number        TEXT    NOT NULL,
    set_name      TEXT    NOT NULL,
    episodes      TEXT    NOT NULL DEFAULT '',
    int_ext       TEXT    NOT NULL DEFAULT 'INT',
    day_night     TEXT    NOT NULL DEFAULT 'DAY',
    synopsis      TEXT    NOT NULL DEFAULT '',
    est_minutes   INTEGER NOT NULL CHECK (est_minutes >= 1),
    cast_json     TEXT    NOT NULL DEFAULT '[]',
    needs_json    TEXT    NOT NULL DEFAULT '{}',
    extras_json   TEXT    NOT NULL DEFAULT '[]',
    alt_synopsis  TEXT    NOT NULL DEFAULT '',
    cast_rows_json TEXT   NOT NULL DEFAULT '[]',
    from_date     TEXT    NOT NULL,                     -- the day it was skipped on
    reason        TEXT    NOT NULL DEFAULT '',
    added_at      TEXT    NOT NULL,
    UNIQUE (production_id, number)
);

-- Cast calls the projection moved, proposed to the AD in one batch (send all / pick / hold).
CREATE TABLE cast_proposals (
    id           INTEGER PRIMARY KEY,
    shoot_day_id INTEGER NOT NULL REFERENCES shoot_days (id) ON DELETE CASCADE,
    status       TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'superseded')),
    created_at   TEXT    NOT NULL,
    decided_at   TEXT,
    decided_by   INTEGER
);
CREATE INDEX cast_proposals_by_day ON cast_proposals (shoot_day_id, status);

CREATE TABLE cast_proposal_items (
    proposal_id INTEGER NOT NULL REFERENCES cast_proposals (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    old_call    TEXT    NOT NULL,
    new_call    TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'sent', 'held')),
    PRIMARY KEY (proposal_id, user_id)
);
