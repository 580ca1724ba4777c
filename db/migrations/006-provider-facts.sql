-- foreign_keys: off
-- Provider facts (TVmaze, TMDB) beside the curated catalog, each row with its source.
--
-- `shows` and `people` are rebuilt (SQLite cannot change a CHECK or drop a UNIQUE in
-- place). Other tables reference both with ON DELETE CASCADE, so the runner applies this
-- file with foreign keys off (a DROP would otherwise delete every credit, season and
-- chart link) and runs PRAGMA foreign_key_check before committing.

-- A provider source is one show at one provider, dated by its fetch.
ALTER TABLE sources ADD COLUMN provider TEXT CHECK (provider IN ('tvmaze', 'tmdb'));
ALTER TABLE sources ADD COLUMN fetched_at TEXT;

-- The effective show facts. A fact whose *_source_id names a provider source was filled
-- from that provider; any other value is curated (or Netflix's own category for a film)
-- and no provider replaces it. Kind 'unknown' when no source says.
CREATE TABLE shows_new (
    id                 INTEGER PRIMARY KEY,
    slug               TEXT NOT NULL UNIQUE,
    title              TEXT NOT NULL,
    title_ko           TEXT,
    title_ko_source_id INTEGER REFERENCES sources(id),
    kind               TEXT NOT NULL DEFAULT 'unknown' CHECK (kind IN ('drama', 'reality',
                           'variety', 'documentary', 'animation', 'talk', 'game', 'news',
                           'sports', 'film', 'unknown')),
    kind_source_id     INTEGER REFERENCES sources(id),
    country            TEXT,
    country_source_id  INTEGER REFERENCES sources(id),
    language           TEXT,
    language_source_id INTEGER REFERENCES sources(id),
    premiered          TEXT,
    premiered_source_id INTEGER REFERENCES sources(id),
    based_on           TEXT,
    based_on_source_id INTEGER REFERENCES sources(id),
    summary            TEXT,
    summary_source_id  INTEGER REFERENCES sources(id),
    -- 'catalog': curated with sources; 'chart': created from a Netflix Top 10 title;
    -- 'provider': found by a live provider search for a title nobody had asked about.
    origin             TEXT NOT NULL DEFAULT 'catalog'
                           CHECK (origin IN ('catalog', 'chart', 'provider'))
) STRICT;

-- Netflix's file says a title is a film (its Films lists) but nothing about what kind of
-- TV show a TV title is: chart-made TV shows were labelled 'drama' by default, wrongly.
INSERT INTO shows_new (id, slug, title, title_ko, kind, kind_source_id, country, based_on,
                       based_on_source_id, summary, summary_source_id, origin)
SELECT id, slug, title, title_ko,
       CASE WHEN origin = 'chart' AND kind != 'film' THEN 'unknown' ELSE kind END,
       CASE WHEN origin = 'chart' AND kind = 'film'
            THEN (SELECT id FROM sources WHERE key = 'netflix-top10') END,
       country, based_on, based_on_source_id, summary, summary_source_id, origin
FROM shows;

DROP TABLE shows;
ALTER TABLE shows_new RENAME TO shows;

-- People: a provider's cast may hold two actors with the same name, so the name is unique
-- among curated people only (the catalog loader upserts by name).
CREATE TABLE people_new (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    name_ko       TEXT,
    normalized    TEXT NOT NULL,
    bio           TEXT,
    bio_source_id INTEGER REFERENCES sources(id),
    origin        TEXT NOT NULL DEFAULT 'catalog' CHECK (origin IN ('catalog', 'provider'))
) STRICT;
INSERT INTO people_new (id, name, name_ko, normalized, bio, bio_source_id)
SELECT id, name, name_ko, normalized, bio, bio_source_id FROM people;
DROP TABLE people;
ALTER TABLE people_new RENAME TO people;
CREATE UNIQUE INDEX people_catalog_name ON people(name) WHERE origin = 'catalog';
CREATE INDEX people_normalized ON people(normalized);

-- A person's id at a provider: the first key for deduplicating cast across runs.
CREATE TABLE person_provider_ids (
    provider    TEXT NOT NULL CHECK (provider IN ('tvmaze', 'tmdb')),
    provider_id INTEGER NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (provider, provider_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_provider_ids_person ON person_provider_ids(person_id);

-- One provider's show linked to one of ours, with what it said at `fetched_at`.
CREATE TABLE provider_shows (
    id               INTEGER PRIMARY KEY,
    show_id          INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    provider         TEXT NOT NULL CHECK (provider IN ('tvmaze', 'tmdb')),
    provider_id      INTEGER NOT NULL,
    source_id        INTEGER NOT NULL REFERENCES sources(id),
    url              TEXT,
    fetched_at       TEXT NOT NULL,             -- ISO 8601 UTC
    matched_by       TEXT NOT NULL CHECK (matched_by IN ('auto', 'manual')),
    name             TEXT NOT NULL,
    original_name    TEXT,
    title_ko         TEXT,                      -- the Hangul title it gives, if any
    kind             TEXT NOT NULL CHECK (kind IN ('drama', 'reality', 'variety', 'documentary',
                         'animation', 'talk', 'game', 'news', 'sports', 'film', 'unknown')),
    language         TEXT,
    origin_country   TEXT,                      -- core.providers.origin_country of the record
    origin_countries TEXT NOT NULL DEFAULT '[]', -- JSON list, as the provider gave it
    status           TEXT,
    premiered        TEXT,
    ended            TEXT,
    overview         TEXT,
    rating           REAL,                      -- 10-point scale
    rating_votes     INTEGER,
    poster_url       TEXT,
    schedule_time    TEXT,
    schedule_days    TEXT NOT NULL DEFAULT '[]',
    timezone         TEXT,
    external_ids     TEXT NOT NULL DEFAULT '[]', -- JSON [[name, value], ...]
    digest           TEXT NOT NULL,             -- of the whole record: same record, no write
    UNIQUE (provider, provider_id),
    UNIQUE (show_id, provider)
) STRICT;
CREATE INDEX provider_shows_fetched ON provider_shows(provider, fetched_at);

CREATE TABLE provider_genres (
    provider_show_id INTEGER NOT NULL REFERENCES provider_shows(id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    name             TEXT NOT NULL,
    PRIMARY KEY (provider_show_id, position)
) STRICT, WITHOUT ROWID;

-- Broadcasters and streaming services; the record gives no per-network dates, the show's
-- premiered/ended and the seasons' premieres date them.
CREATE TABLE provider_networks (
    provider_show_id INTEGER NOT NULL REFERENCES provider_shows(id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    name             TEXT NOT NULL,
    country          TEXT,
    streaming        INTEGER NOT NULL CHECK (streaming IN (0, 1)),
    PRIMARY KEY (provider_show_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE provider_seasons (
    provider_show_id INTEGER NOT NULL REFERENCES provider_shows(id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    number           INTEGER NOT NULL,
    name             TEXT,
    episode_count    INTEGER,
    premiere         TEXT,
    end_date         TEXT,
    PRIMARY KEY (provider_show_id, position)
) STRICT, WITHOUT ROWID;

-- Episodes with their air stamps: what airing reminders read (by show or by time).
CREATE TABLE provider_episodes (
    id               INTEGER PRIMARY KEY,
    provider_show_id INTEGER NOT NULL REFERENCES provider_shows(id) ON DELETE CASCADE,
    show_id          INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    source_id        INTEGER NOT NULL REFERENCES sources(id),
    season           INTEGER NOT NULL,
    number           INTEGER,                   -- NULL for specials
    name             TEXT,
    airdate          TEXT,                      -- YYYY-MM-DD, the broadcaster's zone
    airstamp         TEXT,                      -- ISO 8601 with offset (TVmaze only)
    runtime          INTEGER
) STRICT;
CREATE INDEX provider_episodes_show ON provider_episodes(show_id, season, number);
CREATE INDEX provider_episodes_airstamp ON provider_episodes(airstamp) WHERE airstamp IS NOT NULL;
CREATE INDEX provider_episodes_provider_show ON provider_episodes(provider_show_id);

-- Where to watch, per region. TMDB's data comes from JustWatch, credited wherever shown.
CREATE TABLE watch_offers (
    provider_show_id INTEGER NOT NULL REFERENCES provider_shows(id) ON DELETE CASCADE,
    show_id          INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    source_id        INTEGER NOT NULL REFERENCES sources(id),
    region           TEXT NOT NULL,
    position         INTEGER NOT NULL,
    service          TEXT NOT NULL,
    offer            TEXT NOT NULL CHECK (offer IN ('flatrate', 'free', 'ads', 'rent', 'buy')),
    link             TEXT,
    PRIMARY KEY (provider_show_id, region, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX watch_offers_show ON watch_offers(show_id, region);

-- Alternative titles as the provider gave them; they also feed `aliases` (the title index).
CREATE TABLE provider_alt_titles (
    provider_show_id INTEGER NOT NULL REFERENCES provider_shows(id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    title            TEXT NOT NULL,
    country          TEXT,
    language         TEXT,
    PRIMARY KEY (provider_show_id, position)
) STRICT, WITHOUT ROWID;

-- The cast as the provider listed it (top 20), each linked to our person; `credits` holds
-- the same roles for /cast, /actor and the card.
CREATE TABLE provider_cast (
    provider_show_id   INTEGER NOT NULL REFERENCES provider_shows(id) ON DELETE CASCADE,
    position           INTEGER NOT NULL,
    person_id          INTEGER NOT NULL REFERENCES people(id),
    person_provider_id INTEGER NOT NULL,
    name               TEXT NOT NULL,
    original_name      TEXT,
    character          TEXT,
    billing            INTEGER NOT NULL,
    episode_count      INTEGER,
    PRIMARY KEY (provider_show_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX provider_cast_person ON provider_cast(person_id);

-- Provider aliases and cast reuse `aliases` and `credits`; replacing a provider's rows
-- finds them by source.
CREATE INDEX aliases_source ON aliases(source_id);
CREATE INDEX credits_source ON credits(source_id);

-- The enrichment job's last word per show and provider, so a restart resumes and a
-- title that found nothing is retried later rather than at once.
CREATE TABLE match_state (
    show_id     INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    provider    TEXT NOT NULL CHECK (provider IN ('tvmaze', 'tmdb')),
    status      TEXT NOT NULL CHECK (status IN ('matched', 'ambiguous', 'not_found', 'failed')),
    candidates  TEXT NOT NULL DEFAULT '[]',     -- JSON list of candidates, best first
    reason      TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    attempted_at TEXT NOT NULL,
    retry_after TEXT,                           -- no new attempt before this instant
    PRIMARY KEY (show_id, provider)
) STRICT, WITHOUT ROWID;
CREATE INDEX match_state_status ON match_state(status);

-- The owner's decisions, by the chart's show title as printed, so they outlive a re-import
-- that relinks the title to another show. provider_id NULL: "none", no show there.
CREATE TABLE match_decisions (
    title       TEXT NOT NULL,
    provider    TEXT NOT NULL CHECK (provider IN ('tvmaze', 'tmdb')),
    provider_id INTEGER,
    decided_at  TEXT NOT NULL,
    PRIMARY KEY (title, provider)
) STRICT, WITHOUT ROWID;
