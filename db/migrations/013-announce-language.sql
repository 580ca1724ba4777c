-- The language a weekly announcement is posted in (a Discord locale tag Hallyu ships, e.g.
-- 'ko'), chosen with `/announce setup language:`. NULL: the server's language, resolved at
-- each post (`/settings language`, else the server's Discord locale, else English).
ALTER TABLE announce_subscriptions ADD COLUMN language TEXT;
