-- The cues table becomes the outbox: every message the bot sends on its own (cues, call-sheet posts
-- and DMs, fallbacks, reports to the AD, and what later features send) is a row first.
--
-- batch/seq: rows of one batch go out one after the other in seq order (the messages of a
--            multi-message announcement, a DM in several parts); other rows go out concurrently.
-- claimed_wall: Unix time of the last claim (wall clock, not the production clock): after a crash,
--            the bot looks in the channel's history from then on for a message it may have posted.
-- sent_channel_id: where the message went (the DM channel for a DM).
-- error_status/error_code/error_missing: the last failure as Discord answered it (HTTP status, JSON
--            code such as 50007 or 50013) and the permissions the bot found missing, so that what
--            the AD is told is exactly what happened.

ALTER TABLE cues ADD COLUMN batch TEXT;
ALTER TABLE cues ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cues ADD COLUMN claimed_wall REAL;
ALTER TABLE cues ADD COLUMN sent_channel_id INTEGER;
ALTER TABLE cues ADD COLUMN error_status INTEGER;
ALTER TABLE cues ADD COLUMN error_code INTEGER;
ALTER TABLE cues ADD COLUMN error_missing TEXT NOT NULL DEFAULT '';
CREATE INDEX cues_batch ON cues (batch, seq) WHERE batch IS NOT NULL;

-- Why a person could not be reached, as Discord said it (50007: DMs closed; anything else: refused).
ALTER TABLE callsheet_deliveries ADD COLUMN error_code INTEGER;
