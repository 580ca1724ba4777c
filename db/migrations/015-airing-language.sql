-- The language each follow's episode posts are written in, chosen by the admins with
-- `/airing follow language:`. NULL: the server's language (`/settings language`, else
-- Discord's server locale, else English), looked up at each post so a later change of the
-- server's language applies to the follows that did not choose their own.

ALTER TABLE airing_follows ADD COLUMN language TEXT;  -- a Discord locale tag Hallyu ships
