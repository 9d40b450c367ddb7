-- Tenancy: which roles are a production's ADs and producers, how people get onto its crew (a join
-- code the AD hands out, or a personal invitation). One production never sees another's data: the
-- resolver and the check in bot/tenancy.py read these tables for every command and autocomplete.

CREATE TABLE production_roles (
    production_id INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('ad', 'producer')),
    role_id       INTEGER NOT NULL,
    PRIMARY KEY (production_id, kind, role_id)
);
CREATE INDEX production_roles_by_role ON production_roles (role_id);

-- A production without rows here has the roles config.toml gives it ([[guilds.productions]]
-- ad_role_ids / producer_role_ids), else the server's ad_role_ids / producer_role_ids.
ALTER TABLE productions ADD COLUMN join_code TEXT;
CREATE UNIQUE INDEX productions_join_code ON productions (guild_id, join_code) WHERE join_code IS NOT NULL;

CREATE TABLE crew_invitations (
    production_id INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL,
    invited_by    INTEGER NOT NULL,
    created_at    TEXT    NOT NULL,
    PRIMARY KEY (production_id, user_id)
);
CREATE INDEX crew_invitations_by_user ON crew_invitations (user_id);
