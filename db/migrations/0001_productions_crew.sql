-- Productions (several per guild), their channels, departments and crew members.

CREATE TABLE departments (
    code       TEXT PRIMARY KEY,
    sort_order INTEGER NOT NULL UNIQUE
);

INSERT INTO departments (code, sort_order) VALUES
    ('ad', 1), ('camera', 2), ('lighting', 3), ('makeup', 4), ('wardrobe', 5), ('art', 6),
    ('sound', 7), ('cast', 8), ('producer', 9), ('canteen', 10), ('other', 11);

CREATE TABLE productions (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    code       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    timezone   TEXT    NOT NULL,
    language   TEXT    NOT NULL CHECK (language IN ('en-US', 'zh-CN')),
    created_by INTEGER NOT NULL,
    created_at TEXT    NOT NULL,
    archived   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (guild_id, code)
);

CREATE TABLE production_channels (
    production_id INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    purpose       TEXT    NOT NULL,
    channel_id    INTEGER NOT NULL,
    PRIMARY KEY (production_id, purpose)
);
CREATE INDEX production_channels_by_channel ON production_channels (channel_id);

CREATE TABLE crew_members (
    id            INTEGER PRIMARY KEY,
    production_id INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL,
    display_name  TEXT    NOT NULL,
    department    TEXT    NOT NULL REFERENCES departments (code),
    title         TEXT    NOT NULL,
    is_head       INTEGER NOT NULL DEFAULT 0 CHECK (is_head IN (0, 1)),
    language      TEXT    NOT NULL,
    dietary       TEXT    NOT NULL DEFAULT '',
    joined_at     TEXT    NOT NULL,
    UNIQUE (production_id, user_id)
);
CREATE INDEX crew_members_by_user ON crew_members (user_id);
