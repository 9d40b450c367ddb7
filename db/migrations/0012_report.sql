-- The producer's daily report (制片日报) and the rest guard.
-- Datetimes are UTC ISO-8601 text with microseconds (text order is time order).

-- A report drafted for the AD at the wrap (or on a refresh): the snapshot is the report's JSON, so
-- what the AD checked and signed off is exactly what the producers receive. A newer draft of the
-- same day supersedes an older one that was not signed; signing is a conditional update (once).
CREATE TABLE daily_reports (
    id             INTEGER PRIMARY KEY,
    production_id  INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    shoot_day_id   INTEGER NOT NULL REFERENCES shoot_days (id) ON DELETE CASCADE,
    revision       INTEGER NOT NULL CHECK (revision >= 1),
    wrap_at        TEXT,                           -- the wrap it was drafted for (NULL: on request)
    snapshot       TEXT    NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed', 'superseded')),
    created_at     TEXT    NOT NULL,
    signed_by      INTEGER,
    signed_by_name TEXT    NOT NULL DEFAULT '',
    signed_at      TEXT,
    sign_request   INTEGER UNIQUE,                 -- the button press that signed it off
    recipients     INTEGER NOT NULL DEFAULT 0,     -- producers DMed on sign-off
    UNIQUE (shoot_day_id, revision)
);
CREATE INDEX daily_reports_by_day ON daily_reports (shoot_day_id, status);

-- Who gets the signed report by DM besides the production's producer-department crew: producers
-- who asked for it (/report dm on), in the language they chose; wants = 0 is someone who opted out.
CREATE TABLE report_recipients (
    production_id INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL,
    language      TEXT    NOT NULL,
    wants         INTEGER NOT NULL CHECK (wants IN (0, 1)),
    set_at        TEXT    NOT NULL,
    PRIMARY KEY (production_id, user_id)
);

-- A call sheet published although it broke the rest rules: who, when, why, and who was short.
CREATE TABLE rest_overrides (
    id           INTEGER PRIMARY KEY,
    shoot_day_id INTEGER NOT NULL REFERENCES shoot_days (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,                -- the call sheet version it went out as
    reason       TEXT    NOT NULL,
    by_user      INTEGER NOT NULL,
    by_name      TEXT    NOT NULL,
    at           TEXT    NOT NULL,
    people       TEXT    NOT NULL DEFAULT '[]',   -- JSON: the names short of rest
    breaches     TEXT    NOT NULL DEFAULT '[]',   -- JSON: [[kind, name, department, value, limit], ...]
    request_id   INTEGER UNIQUE                   -- the Discord interaction (the reason's modal)
);
CREATE INDEX rest_overrides_by_day ON rest_overrides (shoot_day_id, at);
