-- The language a server's admins chose for Hallyu's replies (`/settings language`): used
-- when a member's own Discord language is one Hallyu does not speak. No row: Discord's
-- server locale (preferred_locale), then English.

CREATE TABLE server_languages (
    guild_id   INTEGER PRIMARY KEY,
    locale     TEXT NOT NULL,             -- a Discord locale tag Hallyu ships, e.g. 'pt-BR'
    set_by     INTEGER NOT NULL,
    set_at     TEXT NOT NULL              -- ISO 8601 UTC
) STRICT;
