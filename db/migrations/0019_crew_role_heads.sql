-- A crew member who holds a department's head role on Discord ([guilds.department_head_roles]) heads
-- that department like one who joined as its head (tenancy already says so while they interact), and
-- the escalation ladder DMs them. Without the privileged Server Members intent the bot cannot list a
-- role's members, so the crew directory notes what each interaction on the server shows: role_heads
-- is the JSON array of the departments whose head role the member held the last time they used the
-- bot there (set at /crew join, kept up to date by the tenancy resolver).
ALTER TABLE crew_members ADD COLUMN role_heads TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(role_heads));
