-- Supper and late-night meal orders (报餐) for the crews sharing the park's canteen.
-- The canteen belongs to the server (the studio park), not to a production: its menu is per
-- service date and meal; each production's orders for one meal of one shoot day are a "round"
-- (its projected meal time, cutoff and delivery place, kept current by the live day), closed at
-- the cutoff into one ticket for the canteen. Money is integer fen (分). Times are UTC ISO text.

-- A production's meal coordinator (生活制片) is a third kind of production role.
CREATE TABLE production_roles_v2 (
    production_id INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('ad', 'producer', 'meals')),
    role_id       INTEGER NOT NULL,
    PRIMARY KEY (production_id, kind, role_id)
);
INSERT INTO production_roles_v2 (production_id, kind, role_id) SELECT production_id, kind, role_id FROM production_roles;
DROP TABLE production_roles;
ALTER TABLE production_roles_v2 RENAME TO production_roles;
CREATE INDEX production_roles_by_role ON production_roles (role_id);

-- The park's canteen: where its tickets go (else [[guilds]] canteen_channel_id in config.toml).
CREATE TABLE canteens (
    guild_id   INTEGER PRIMARY KEY,
    channel_id INTEGER,
    updated_at TEXT    NOT NULL
);

CREATE TABLE menu_items (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    service_date TEXT    NOT NULL,                 -- the shoot day's date (a late meal after midnight still belongs to it)
    meal         TEXT    NOT NULL CHECK (meal IN ('supper', 'late')),
    name_zh      TEXT    NOT NULL,
    name_en      TEXT    NOT NULL,
    price        INTEGER NOT NULL CHECK (price BETWEEN 0 AND 100000),
    tags         TEXT    NOT NULL DEFAULT '',      -- comma list: vegetarian, halal, no_pork, nuts
    stock        INTEGER CHECK (stock IS NULL OR stock BETWEEN 0 AND 5000),  -- NULL: no limit
    taken        INTEGER NOT NULL DEFAULT 0,       -- portions ordered so far
    closed       INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),        -- ran out / withdrawn
    position     INTEGER NOT NULL,
    created_by   INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    CHECK (taken >= 0),
    CHECK (stock IS NULL OR taken <= stock),       -- the last portion is never sold twice
    UNIQUE (guild_id, service_date, meal, name_zh)
);
CREATE INDEX menu_items_by_day ON menu_items (guild_id, service_date, meal, position);

CREATE TABLE meal_rounds (
    id              INTEGER PRIMARY KEY,
    production_id   INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    shoot_day_id    INTEGER NOT NULL REFERENCES shoot_days (id) ON DELETE CASCADE,
    service_date    TEXT    NOT NULL,
    meal            TEXT    NOT NULL CHECK (meal IN ('supper', 'late')),
    meal_at         TEXT    NOT NULL,              -- projected meal time (the day's timeline)
    cutoff_at       TEXT    NOT NULL,
    set_name        TEXT    NOT NULL DEFAULT '',   -- where the crew will be at the meal
    building        TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    ticket          TEXT    NOT NULL DEFAULT 'none' CHECK (ticket IN ('none', 'queued', 'received', 'ready')),
    closed_at       TEXT,
    told_meal_at    TEXT,                          -- what the canteen was last told (the ticket, or a correction)
    told_set        TEXT,
    told_building   TEXT,
    corrections     INTEGER NOT NULL DEFAULT 0,
    received_by     INTEGER,
    received_at     TEXT,
    ready_by        INTEGER,
    ready_at        TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    UNIQUE (production_id, service_date, meal)
);
CREATE INDEX meal_rounds_by_date ON meal_rounds (service_date, meal);

CREATE TABLE meal_orders (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES meal_rounds (id) ON DELETE CASCADE,
    user_id     INTEGER,                           -- a crew member on Discord ...
    label       TEXT    NOT NULL DEFAULT '',       -- ... or people who are not: 群演, 特约, 司机 (counts by the AD / 生活制片)
    department  TEXT    NOT NULL,
    wants       INTEGER NOT NULL CHECK (wants IN (0, 1)),  -- 要 / 不要
    item_id     INTEGER REFERENCES menu_items (id),
    quantity    INTEGER NOT NULL DEFAULT 0 CHECK (quantity BETWEEN 0 AND 500),
    unit_price  INTEGER NOT NULL DEFAULT 0,        -- the price when it was ordered
    diet        TEXT    NOT NULL DEFAULT 'meat' CHECK (diet IN ('meat', 'veg', 'halal')),  -- 荤 / 素 / 清真
    deliver     TEXT    NOT NULL DEFAULT 'set' CHECK (deliver IN ('set', 'canteen')),
    notes       TEXT    NOT NULL DEFAULT '',
    late        INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),   -- changed after the cutoff
    entered_by  INTEGER NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    CHECK ((wants = 1 AND item_id IS NOT NULL AND quantity >= 1) OR (wants = 0 AND item_id IS NULL AND quantity = 0)),
    CHECK (user_id IS NOT NULL OR label <> '')
);
CREATE UNIQUE INDEX meal_orders_person ON meal_orders (round_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX meal_orders_group ON meal_orders (round_id, label, item_id) WHERE user_id IS NULL;

-- Changes after the cutoff (counts entered late by the AD / 生活制片): flagged to the canteen.
CREATE TABLE meal_late_changes (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES meal_rounds (id) ON DELETE CASCADE,
    label       TEXT    NOT NULL,
    item_id     INTEGER REFERENCES menu_items (id),
    before_qty  INTEGER NOT NULL,
    after_qty   INTEGER NOT NULL,
    by_user     INTEGER NOT NULL,
    at          TEXT    NOT NULL
);
CREATE INDEX meal_late_changes_by_round ON meal_late_changes (round_id);

-- 餐补: per person on the day's sheet and meal, fixed when the orders close (for the producer's report).
CREATE TABLE meal_allowances (
    round_id     INTEGER NOT NULL REFERENCES meal_rounds (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,
    display_name TEXT    NOT NULL,
    department   TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('ate', 'declined', 'no_answer')),
    cost         INTEGER NOT NULL DEFAULT 0,        -- what the canteen's meal cost for them
    allowance    INTEGER NOT NULL DEFAULT 0,        -- 餐补 owed instead
    PRIMARY KEY (round_id, user_id)
);
