-- Who is on duty for standby calls (候场), and each actor's on-set makeup artist (跟妆), called
-- with the actor. Datetimes are UTC ISO-8601 text with microseconds.

-- Who is on duty: no row means on duty. Crew set their own; heads set their department's; ADs anyone's.
CREATE TABLE duty (
    production_id INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL,
    on_duty       INTEGER NOT NULL CHECK (on_duty IN (0, 1)),
    set_by        INTEGER NOT NULL,
    set_at        TEXT    NOT NULL,
    PRIMARY KEY (production_id, user_id)
);

-- An actor's on-set makeup artist (跟妆), called with the actor. actor_key: "u:<discord id>" for an
-- actor on Discord, "n:<name without spaces, case-folded>" for one who is not.
CREATE TABLE standby_followers (
    production_id INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    actor_key     TEXT    NOT NULL,
    actor_name    TEXT    NOT NULL,
    user_id       INTEGER NOT NULL,
    set_by        INTEGER NOT NULL,
    set_at        TEXT    NOT NULL,
    PRIMARY KEY (production_id, actor_key)
);
