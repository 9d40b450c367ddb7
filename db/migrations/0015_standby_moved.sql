-- An automatic standby already called whose scene then moves (the day slips, a scene overruns) is
-- told again with its new time: due_at is the time now in force, first_due_at the time the call
-- first said (NULL: it never moved), so the board can show "moved to 07:05 (was 06:45)".
ALTER TABLE standbys ADD COLUMN first_due_at TEXT;
