-- Weekly Top 10 announcements: per-channel subscriptions, the delivery ledger that makes
-- each (subscription, week) post exactly once, and the HTTP validators of fetched files.

CREATE TABLE announce_subscriptions (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL,
    channel_id    INTEGER NOT NULL,
    category      TEXT NOT NULL,
    country_iso2  TEXT,                       -- NULL: the global list
    weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),   -- 0 = Monday
    minute        INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 1439), -- local time of day
    timezone      TEXT NOT NULL,
    role_id       INTEGER,                    -- pinged on each announcement when set
    paused_reason TEXT,                       -- NULL: active
    paused_at     TEXT,
    created_by    INTEGER NOT NULL,
    created_at    TEXT NOT NULL,              -- ISO 8601 UTC, like every *_at column
    updated_at    TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX announce_subscriptions_target
    ON announce_subscriptions(channel_id, category, IFNULL(country_iso2, ''));
CREATE INDEX announce_subscriptions_guild ON announce_subscriptions(guild_id);

CREATE TABLE announce_deliveries (
    subscription_id INTEGER NOT NULL REFERENCES announce_subscriptions(id) ON DELETE CASCADE,
    week            TEXT NOT NULL,            -- the chart week's Sunday, YYYY-MM-DD
    -- claimed: about to be sent (or sent, unconfirmed); sent: confirmed; failed: will retry
    state           TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'failed')),
    nonce           TEXT NOT NULL,
    message_id      INTEGER,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    claimed_at      TEXT NOT NULL,
    sent_at         TEXT,
    retry_after     TEXT,                     -- no new attempt before this instant
    PRIMARY KEY (subscription_id, week)
) STRICT;
CREATE INDEX announce_deliveries_state ON announce_deliveries(state);

CREATE TABLE fetched_files (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    checked_at    TEXT,
    changed_at    TEXT,
    last_error    TEXT
) STRICT;
