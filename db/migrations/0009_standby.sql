-- Standby calls (候场): a department or one person called to set, by an AD or a head of department
-- or by the plan itself; who was called and how each was reached; every answer (收到 / Ready /
-- Need 5 min) with its response time for the producer's report; the escalation steps taken. What
-- the bot posts and DMs for them are rows of the outbox (cues), keyed "standby:<id>:...".
-- Datetimes are UTC ISO-8601 text with microseconds (text order is time order).

CREATE TABLE standbys (
    id              INTEGER PRIMARY KEY,
    production_id   INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    shoot_day_id    INTEGER REFERENCES shoot_days (id) ON DELETE SET NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('department', 'person', 'change', 'actor', 'prelight')),
    department      TEXT    NOT NULL REFERENCES departments (code),
    what            TEXT    NOT NULL DEFAULT '',   -- free text as typed (never pings, escaped when shown)
    set_name        TEXT    NOT NULL DEFAULT '',
    place           TEXT    NOT NULL DEFAULT '',   -- building, floor, room
    scene           TEXT    NOT NULL DEFAULT '',   -- the scene an automatic standby is for
    person          TEXT    NOT NULL DEFAULT '',   -- the person called by name
    due_at          TEXT,                          -- be there by (NULL: now)
    called_at       TEXT    NOT NULL,
    called_by       INTEGER,                       -- NULL: called by the plan
    called_by_name  TEXT    NOT NULL DEFAULT '',
    locale          TEXT    NOT NULL,              -- the production's channel language
    channel_id      INTEGER,                       -- where it is posted
    role_id         INTEGER,                       -- the department head role pinged there
    state           TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered', 'cancelled')),
    auto_key        TEXT    UNIQUE,                -- one automatic standby per plan event
    request_id      INTEGER UNIQUE,                -- the Discord interaction that made it
    first_answer_at TEXT,
    first_answer_by INTEGER,
    created_at      TEXT    NOT NULL
);
CREATE INDEX standbys_by_production ON standbys (production_id, called_at);

CREATE TABLE standby_called (
    standby_id INTEGER NOT NULL REFERENCES standbys (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    user_id    INTEGER,                            -- NULL: not on Discord (the AD calls them)
    name       TEXT    NOT NULL,
    department TEXT    NOT NULL,
    language   TEXT    NOT NULL,
    role       TEXT    NOT NULL CHECK (role IN ('duty', 'person', 'follower', 'head')),
    reach      TEXT    NOT NULL
               CHECK (reach IN ('dm', 'off_duty', 'off_call', 'no_discord', 'caller', 'fallback', 'unreached')),
    PRIMARY KEY (standby_id, seq)
);
CREATE INDEX standby_called_by_user ON standby_called (user_id);

CREATE TABLE standby_answers (
    id         INTEGER PRIMARY KEY,
    standby_id INTEGER NOT NULL REFERENCES standbys (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    department TEXT    NOT NULL,
    answer     TEXT    NOT NULL CHECK (answer IN ('on_my_way', 'ready', 'need_more')),
    at         TEXT    NOT NULL,
    seconds    INTEGER NOT NULL CHECK (seconds >= 0),  -- response time: the call to this answer
    request_id INTEGER UNIQUE                           -- the button press (Discord interaction)
);
CREATE INDEX standby_answers_by_standby ON standby_answers (standby_id, id);

CREATE TABLE standby_steps (
    standby_id INTEGER NOT NULL REFERENCES standbys (id) ON DELETE CASCADE,
    step       TEXT    NOT NULL CHECK (step IN ('channel', 'head', 'ad')),
    at         TEXT    NOT NULL,
    PRIMARY KEY (standby_id, step)
);
