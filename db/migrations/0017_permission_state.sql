-- What the AD was last told the bot is missing in each of a production's channels: the AD is told
-- once per channel and missing set, until it changes (then warned again, or told it is fixed),
-- instead of again at every start-up. missing: Discord permission names, comma-separated, or '*'
-- when the bot cannot see the channel at all.
CREATE TABLE permission_state (
    production_id INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    channel_id    INTEGER NOT NULL,
    missing       TEXT    NOT NULL,
    told_at       TEXT    NOT NULL,
    PRIMARY KEY (production_id, channel_id)
);
