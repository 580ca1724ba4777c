-- Airing: the Korean schedule by provider episode, follows per channel, and the delivery
-- ledger that makes each episode post exactly once.
--
-- provider_episodes (006) is a snapshot of one show record, rewritten whole at each fetch
-- and without the provider's episode id; a schedule needs that id, because a rescheduled
-- episode must stay the same episode for the ledger. Shows link to ours through
-- provider_shows (provider, provider_id) when the catalog holds them.

CREATE TABLE airing_shows (
    provider      TEXT NOT NULL CHECK (provider IN ('tvmaze', 'tmdb')),
    provider_id   INTEGER NOT NULL,
    name          TEXT NOT NULL,
    normalized    TEXT NOT NULL,              -- core.text.normalize(name), for lookups
    network       TEXT,                       -- broadcaster or streaming service
    streaming     INTEGER NOT NULL DEFAULT 0 CHECK (streaming IN (0, 1)),
    language      TEXT,
    country       TEXT,
    kind          TEXT NOT NULL DEFAULT 'unknown',
    status        TEXT,                       -- the provider's word ("Running", "Ended")
    ended         TEXT,
    url           TEXT,                       -- the provider's page, for the credit
    fetched_at    TEXT NOT NULL,              -- ISO 8601 UTC, like every *_at column
    episodes_at   TEXT,                       -- last fetch of the show's own episode list
    completed_at  TEXT,                       -- ended and nothing left to air
    PRIMARY KEY (provider, provider_id)
) STRICT;
CREATE INDEX airing_shows_normalized ON airing_shows(normalized);

CREATE TABLE airing_episodes (
    provider      TEXT NOT NULL CHECK (provider IN ('tvmaze', 'tmdb')),
    id            INTEGER NOT NULL,           -- the provider's episode id
    show_id       INTEGER NOT NULL,           -- the provider's show id
    season        INTEGER NOT NULL,
    number        INTEGER,                    -- NULL for specials without a number
    special       INTEGER NOT NULL DEFAULT 0 CHECK (special IN (0, 1)),
    name          TEXT,
    airdate       TEXT,                       -- YYYY-MM-DD in the broadcaster's zone
    airstamp      TEXT,                       -- ISO 8601 UTC
    runtime       INTEGER,
    url           TEXT,
    source        TEXT NOT NULL CHECK (source IN ('schedule', 'web', 'show')),
    fetched_at    TEXT NOT NULL,
    -- What the last refresh changed: NULL, 'new', 'rescheduled', 'renamed', 'cancelled'.
    change        TEXT CHECK (change IN ('new', 'rescheduled', 'renamed', 'cancelled')),
    changed_at    TEXT,
    previous_airstamp TEXT,                   -- before a reschedule
    cancelled     INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    PRIMARY KEY (provider, id),
    FOREIGN KEY (provider, show_id) REFERENCES airing_shows(provider, provider_id)
        ON DELETE CASCADE
) STRICT;
CREATE INDEX airing_episodes_airstamp ON airing_episodes(airstamp) WHERE cancelled = 0;
CREATE INDEX airing_episodes_show ON airing_episodes(provider, show_id, airstamp);

CREATE TABLE airing_follows (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL,
    channel_id    INTEGER NOT NULL,
    provider      TEXT NOT NULL,
    show_id       INTEGER NOT NULL,           -- the provider's show id
    role_id       INTEGER,                    -- pinged on each post: the admins' explicit choice
    since         TEXT NOT NULL,              -- episodes airing from here on are posted
    paused_reason TEXT,                       -- NULL: active
    paused_at     TEXT,
    ended_noted_at TEXT,                      -- the "finished airing" post went out
    created_by    INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (channel_id, provider, show_id),
    FOREIGN KEY (provider, show_id) REFERENCES airing_shows(provider, provider_id)
) STRICT;
CREATE INDEX airing_follows_guild ON airing_follows(guild_id);
CREATE INDEX airing_follows_show ON airing_follows(provider, show_id);

-- One row per (follow, item): item 'ep:<episode id>' or 'end' (the finished-airing post).
-- A catch-up post covers several items: they share the nonce, the reference and the
-- message. claimed → sent, or failed (retried after retry_after). `claimed_by` and
-- `lease_until` work as in announce_deliveries (migration 010): the holder's heartbeat
-- renews the lease; another process takes a claim over only after it ran out, and then
-- looks in the channel before sending.
CREATE TABLE airing_deliveries (
    follow_id     INTEGER NOT NULL REFERENCES airing_follows(id) ON DELETE CASCADE,
    item          TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'failed')),
    nonce         TEXT NOT NULL,
    reference     TEXT NOT NULL,
    message_id    INTEGER,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    claimed_by    TEXT,
    lease_until   TEXT,
    claimed_at    TEXT NOT NULL,
    sent_at       TEXT,
    retry_after   TEXT,
    PRIMARY KEY (follow_id, item)
) STRICT, WITHOUT ROWID;
CREATE INDEX airing_deliveries_state ON airing_deliveries(state) WHERE state != 'sent';
