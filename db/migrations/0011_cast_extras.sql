-- Call sheets that cover everyone: the cast table of each shoot day (every actor, on Discord or
-- not), extras per scene, the production's contacts, crew linked to cast rows, the shooting call
-- beside the crew call, the extras call and holding area, parking, and second-language names.

-- The cast table rows of the actors in a day's scenes, as the stripboard gave them. user_id is the
-- actor's Discord id when they are crew (NULL for the day players and extras who never join).
CREATE TABLE day_cast (
    shoot_day_id   INTEGER NOT NULL REFERENCES shoot_days (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    number         TEXT    NOT NULL DEFAULT '',
    status         TEXT    NOT NULL DEFAULT ''
                   CHECK (status IN ('', 'lead', 'supporting', 'day_player', 'extra')),
    character      TEXT    NOT NULL DEFAULT '',
    alt_character  TEXT    NOT NULL DEFAULT '',
    actor          TEXT    NOT NULL,
    phone          TEXT    NOT NULL DEFAULT '',
    pickup_place   TEXT    NOT NULL DEFAULT '',
    pickup_minutes INTEGER CHECK (pickup_minutes IS NULL OR pickup_minutes >= 0),
    makeup_minutes INTEGER CHECK (makeup_minutes IS NULL OR makeup_minutes >= 0),
    on_set         TEXT,
    user_id        INTEGER,
    PRIMARY KEY (shoot_day_id, position)
);
CREATE INDEX day_cast_by_user ON day_cast (user_id);

-- Extras (群演) in a scene: "40 法庭旁听".
CREATE TABLE scene_extras (
    scene_id    INTEGER NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    count       INTEGER NOT NULL CHECK (count >= 1),
    description TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (scene_id, position)
);

-- A crew member linked to an actor's name by the AD (/crew link): every cast row with that name,
-- in the plan now and in later imports, is this person.
CREATE TABLE cast_links (
    production_id INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    actor_key     TEXT    NOT NULL,   -- the name without spaces, case-folded
    actor         TEXT    NOT NULL,
    user_id       INTEGER NOT NULL,
    linked_by     INTEGER NOT NULL,
    linked_at     TEXT    NOT NULL,
    PRIMARY KEY (production_id, actor_key)
);

-- Names on the call sheet's header: director, producer, 统筹, 群头, ...
CREATE TABLE production_contacts (
    production_id INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    role          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    phone         TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (production_id, position)
);

ALTER TABLE shoot_days ADD COLUMN shooting_call TEXT;
ALTER TABLE shoot_days ADD COLUMN extras_call TEXT;
ALTER TABLE shoot_days ADD COLUMN extras_holding TEXT NOT NULL DEFAULT '';
ALTER TABLE shoot_days ADD COLUMN parking TEXT NOT NULL DEFAULT '';
ALTER TABLE shoot_days ADD COLUMN alt_notes TEXT NOT NULL DEFAULT '';
ALTER TABLE scenes ADD COLUMN alt_synopsis TEXT NOT NULL DEFAULT '';
ALTER TABLE sets ADD COLUMN alt_name TEXT NOT NULL DEFAULT '';
