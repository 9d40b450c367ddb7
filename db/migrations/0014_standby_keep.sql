-- A pre-light call (提前铺光) says how many of the lighting crew stay on the set being shot; it is
-- stored as a number so that each reader sees the sentence in their own language.
ALTER TABLE standbys ADD COLUMN keep INTEGER NOT NULL DEFAULT 0 CHECK (keep >= 0);
