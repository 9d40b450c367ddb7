-- The shoot plan (sets, walking times, shoot days, scenes in shooting order, cast, department
-- needs, per-person call overrides) and published call sheets with their deliveries.
-- Every datetime is stored as UTC ISO-8601 text; every date as YYYY-MM-DD (the date the shoot day
-- STARTED on, even when it runs past midnight).

CREATE TABLE sets (
    id            INTEGER PRIMARY KEY,
    production_id INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    building      TEXT    NOT NULL DEFAULT '',
    road          TEXT    NOT NULL DEFAULT '',
    notes         TEXT    NOT NULL DEFAULT '',
    UNIQUE (production_id, name)
);

-- Walking minutes between two sets; symmetric unless both directions are stored.
CREATE TABLE walks (
    production_id INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    from_set_id   INTEGER NOT NULL REFERENCES sets (id) ON DELETE CASCADE,
    to_set_id     INTEGER NOT NULL REFERENCES sets (id) ON DELETE CASCADE,
    minutes       INTEGER NOT NULL CHECK (minutes >= 0),
    PRIMARY KEY (from_set_id, to_set_id),
    CHECK (from_set_id <> to_set_id)
);
CREATE INDEX walks_by_production ON walks (production_id);

CREATE TABLE shoot_days (
    id             INTEGER PRIMARY KEY,
    production_id  INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    date           TEXT    NOT NULL,
    day_number     INTEGER NOT NULL CHECK (day_number >= 1),
    total_days     INTEGER NOT NULL CHECK (total_days >= day_number),
    general_call   TEXT    NOT NULL,
    planned_wrap   TEXT,
    lunch_start    TEXT,
    lunch_minutes  INTEGER NOT NULL DEFAULT 30 CHECK (lunch_minutes >= 0),
    supper_start   TEXT,
    supper_minutes INTEGER NOT NULL DEFAULT 45 CHECK (supper_minutes >= 0),
    base           TEXT    NOT NULL DEFAULT '',   -- unit base: makeup / wardrobe / holding
    notes          TEXT    NOT NULL DEFAULT '',
    weather        TEXT    NOT NULL DEFAULT '',
    sunrise        TEXT    NOT NULL DEFAULT '',   -- manual field, "05:12" / "05:12 / 18:40"
    revision       INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
    updated_at     TEXT    NOT NULL,
    UNIQUE (production_id, date)
);

-- The strip: scenes in shooting order. position is 1-based within the day (not UNIQUE so that a
-- move can renumber in place).
CREATE TABLE scenes (
    id           INTEGER PRIMARY KEY,
    shoot_day_id INTEGER NOT NULL REFERENCES shoot_days (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL CHECK (position >= 1),
    number       TEXT    NOT NULL,
    set_id       INTEGER NOT NULL REFERENCES sets (id),
    episodes     TEXT    NOT NULL DEFAULT '',     -- comma-separated: "12,13"
    int_ext      TEXT    NOT NULL DEFAULT 'INT' CHECK (int_ext IN ('INT', 'EXT', 'INT/EXT')),
    day_night    TEXT    NOT NULL DEFAULT 'DAY' CHECK (day_night IN ('DAY', 'NIGHT', 'DAWN', 'DUSK')),
    synopsis     TEXT    NOT NULL DEFAULT '',
    est_minutes  INTEGER NOT NULL CHECK (est_minutes >= 1),
    UNIQUE (shoot_day_id, number)
);
CREATE INDEX scenes_by_day ON scenes (shoot_day_id, position);

-- Character -> actor. user_id is the actor's Discord id when they are crew (NULL for day players
-- who are not on Discord).
CREATE TABLE scene_cast (
    scene_id       INTEGER NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    character      TEXT    NOT NULL,
    actor          TEXT    NOT NULL,
    user_id        INTEGER,
    makeup_minutes INTEGER CHECK (makeup_minutes IS NULL OR makeup_minutes >= 0),
    pickup_minutes INTEGER CHECK (pickup_minutes IS NULL OR pickup_minutes >= 0),
    PRIMARY KEY (scene_id, position)
);
CREATE INDEX scene_cast_by_user ON scene_cast (user_id);

CREATE TABLE scene_needs (
    scene_id   INTEGER NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
    department TEXT    NOT NULL REFERENCES departments (code),
    need       TEXT    NOT NULL,
    PRIMARY KEY (scene_id, department)
);

-- A person's call that is not the department default (set with /plan set-call).
CREATE TABLE call_overrides (
    shoot_day_id INTEGER NOT NULL REFERENCES shoot_days (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,
    call_at      TEXT    NOT NULL,
    note         TEXT    NOT NULL DEFAULT '',
    set_by       INTEGER NOT NULL,
    set_at       TEXT    NOT NULL,
    PRIMARY KEY (shoot_day_id, user_id)
);

-- A published call sheet. snapshot is the JSON of exactly what was sent, so the next version's
-- per-person diff compares against what people actually received.
CREATE TABLE callsheet_versions (
    id            INTEGER PRIMARY KEY,
    shoot_day_id  INTEGER NOT NULL REFERENCES shoot_days (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL CHECK (version >= 1),
    day_revision  INTEGER NOT NULL,
    general_call  TEXT    NOT NULL,
    published_at  TEXT    NOT NULL,
    published_by  INTEGER NOT NULL,
    snapshot      TEXT    NOT NULL,
    UNIQUE (shoot_day_id, version)
);

-- The announcement messages of a version (embeds + PDF), in order.
CREATE TABLE callsheet_posts (
    version_id INTEGER NOT NULL REFERENCES callsheet_versions (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    PRIMARY KEY (version_id, position)
);

-- One row per person per version. notified = 0 when this version did not change anything for the
-- person and their status was carried over from the previous version instead of a new DM.
CREATE TABLE callsheet_deliveries (
    id                  INTEGER PRIMARY KEY,
    version_id          INTEGER NOT NULL REFERENCES callsheet_versions (id) ON DELETE CASCADE,
    user_id             INTEGER NOT NULL,
    department          TEXT    NOT NULL,
    call_at             TEXT    NOT NULL,
    status              TEXT    NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'sent', 'confirmed', 'unreachable')),
    notified            INTEGER NOT NULL DEFAULT 1 CHECK (notified IN (0, 1)),
    dm_channel_id       INTEGER,
    dm_message_id       INTEGER,
    fallback_channel_id INTEGER,
    fallback_message_id INTEGER,
    sent_at             TEXT,
    confirmed_at        TEXT,
    error               TEXT    NOT NULL DEFAULT '',
    UNIQUE (version_id, user_id)
);
CREATE INDEX callsheet_deliveries_by_user ON callsheet_deliveries (user_id, status);
