-- Trivia: entries curated per server (guild_id 0 holds the bundled global set), per-server
-- settings, the running games (so a restart can end them cleanly) and scores.

CREATE TABLE trivia_entries (
    id         INTEGER PRIMARY KEY,
    -- 0 = the bundled set every server sees unless it switches it off.
    guild_id   INTEGER NOT NULL,
    -- What moderators type: numbered 1, 2, 3 ... within each server.
    number     INTEGER NOT NULL,
    question   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    -- JSON list of accepted alternative answers.
    aliases    TEXT NOT NULL DEFAULT '[]',
    normalized TEXT NOT NULL,
    show_id    INTEGER REFERENCES shows(id) ON DELETE SET NULL,
    difficulty TEXT NOT NULL DEFAULT 'medium' CHECK (difficulty IN ('easy', 'medium', 'hard')),
    -- Bundled entries only: a stable key in the seed file and the catalog source they cite.
    seed_key   TEXT UNIQUE,
    source_id  INTEGER REFERENCES sources(id),
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_by INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (guild_id, normalized),
    UNIQUE (guild_id, number)
) STRICT;
CREATE INDEX trivia_entries_pick ON trivia_entries(guild_id, show_id, id);

CREATE TABLE trivia_settings (
    guild_id        INTEGER PRIMARY KEY,
    role_id         INTEGER,
    bundled_enabled INTEGER NOT NULL DEFAULT 1
) STRICT;

-- One row per running game; the channel is unique so two games can never share one.
-- `boot` names the process that runs it: rows of an earlier process are games a restart ended.
CREATE TABLE trivia_games (
    token      TEXT PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL UNIQUE,
    starter_id INTEGER NOT NULL,
    message_id INTEGER,
    boot       TEXT NOT NULL,
    started_at TEXT NOT NULL
) STRICT;

-- One row per round won; UNIQUE (game, round) is the database's guarantee of one winner.
CREATE TABLE trivia_wins (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    game        TEXT NOT NULL,
    round       INTEGER NOT NULL,
    entry_id    INTEGER REFERENCES trivia_entries(id) ON DELETE SET NULL,
    points      INTEGER NOT NULL,
    answer_ms   INTEGER NOT NULL,
    answered_at TEXT NOT NULL,
    UNIQUE (game, round)
) STRICT;
CREATE INDEX trivia_wins_member ON trivia_wins(guild_id, user_id, answered_at);

-- Running totals kept in step with trivia_wins (same transaction) so leaderboards read a
-- few index rows instead of summing every win. `week` is the Monday (UTC) a week starts.
CREATE TABLE trivia_totals (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    points   INTEGER NOT NULL,
    wins     INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX trivia_totals_board ON trivia_totals(guild_id, points DESC, wins DESC, user_id);

CREATE TABLE trivia_weekly (
    guild_id INTEGER NOT NULL,
    week     TEXT NOT NULL,
    user_id  INTEGER NOT NULL,
    points   INTEGER NOT NULL,
    wins     INTEGER NOT NULL,
    PRIMARY KEY (guild_id, week, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX trivia_weekly_board ON trivia_weekly(guild_id, week, points DESC, wins DESC, user_id);
