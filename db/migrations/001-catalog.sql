-- The show catalog: every fact row points at the source that states it.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE sources (
    id        INTEGER PRIMARY KEY,
    key       TEXT NOT NULL UNIQUE,
    title     TEXT NOT NULL,
    publisher TEXT,
    url       TEXT,
    published TEXT,
    note      TEXT
) STRICT;

CREATE TABLE shows (
    id                 INTEGER PRIMARY KEY,
    slug               TEXT NOT NULL UNIQUE,
    title              TEXT NOT NULL,
    title_ko           TEXT,
    kind               TEXT NOT NULL DEFAULT 'drama' CHECK (kind IN ('drama', 'variety', 'film')),
    country            TEXT,
    based_on           TEXT,
    based_on_source_id INTEGER REFERENCES sources(id),
    summary            TEXT,
    summary_source_id  INTEGER REFERENCES sources(id),
    -- 'catalog': curated with sources; 'chart': created from a Netflix Top 10 title.
    origin             TEXT NOT NULL DEFAULT 'catalog' CHECK (origin IN ('catalog', 'chart'))
) STRICT;

CREATE TABLE seasons (
    id                 INTEGER PRIMARY KEY,
    show_id            INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    number             INTEGER NOT NULL,
    title              TEXT,
    title_ko           TEXT,
    episodes           INTEGER,
    episodes_source_id INTEGER REFERENCES sources(id),
    UNIQUE (show_id, number)
) STRICT;

CREATE TABLE releases (
    id           INTEGER PRIMARY KEY,
    season_id    INTEGER NOT NULL REFERENCES seasons(id) ON DELETE CASCADE,
    platform     TEXT NOT NULL,
    release_date TEXT,
    is_original  INTEGER NOT NULL DEFAULT 0,
    source_id    INTEGER REFERENCES sources(id),
    UNIQUE (season_id, platform)
) STRICT;

CREATE TABLE aliases (
    id         INTEGER PRIMARY KEY,
    show_id    INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    alias      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('english', 'hangul', 'romanized', 'other', 'chart')),
    normalized TEXT NOT NULL,
    source_id  INTEGER REFERENCES sources(id),
    UNIQUE (show_id, normalized)
) STRICT;
CREATE INDEX aliases_normalized ON aliases(normalized);

CREATE TABLE people (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    name_ko       TEXT,
    normalized    TEXT NOT NULL,
    bio           TEXT,
    bio_source_id INTEGER REFERENCES sources(id)
) STRICT;
CREATE INDEX people_normalized ON people(normalized);

CREATE TABLE credits (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    show_id     INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    season_id   INTEGER REFERENCES seasons(id) ON DELETE CASCADE,
    character   TEXT,
    role        TEXT NOT NULL CHECK (role IN ('lead', 'supporting', 'cameo', 'host', 'cast')),
    description TEXT,
    billing     INTEGER NOT NULL DEFAULT 0,
    source_id   INTEGER REFERENCES sources(id)
) STRICT;
CREATE INDEX credits_show ON credits(show_id, billing);
CREATE INDEX credits_person ON credits(person_id);

CREATE TABLE ratings (
    id        INTEGER PRIMARY KEY,
    show_id   INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    season_id INTEGER REFERENCES seasons(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    value     REAL NOT NULL,
    scale     REAL NOT NULL,
    as_of     TEXT,
    source_id INTEGER REFERENCES sources(id)
) STRICT;
CREATE INDEX ratings_show ON ratings(show_id);

CREATE TABLE facts (
    id        INTEGER PRIMARY KEY,
    show_id   INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    season_id INTEGER REFERENCES seasons(id) ON DELETE CASCADE,
    text      TEXT NOT NULL,
    source_id INTEGER REFERENCES sources(id)
) STRICT;
CREATE INDEX facts_show ON facts(show_id);
