-- An automatic call that names several actors, or several actors' changes, keeps them as lists (JSON
-- arrays of free text, in the order the plan gives them) so that each reader sees them joined the way
-- their language writes a list (林晓、周毅 / Lin Xiao, Zhou Yi), not in the channel's language.
-- people: ["苏晚 (林晓 Lin Xiao)", "苏母 (李秀英 Li Xiuying)"]; looks: [["苏晚", "米色大衣 beige coat", ""], ...]
-- (character, new costume, new look).
ALTER TABLE standbys ADD COLUMN people TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(people));
ALTER TABLE standbys ADD COLUMN looks TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(looks));
