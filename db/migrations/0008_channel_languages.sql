-- A production's channel posts may carry a second language line for a mixed crew (a Thai spark and
-- a Korean DP on a Chinese set): NULL = the channel language alone.
ALTER TABLE productions ADD COLUMN second_language TEXT;
