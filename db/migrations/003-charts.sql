-- Netflix Top 10 weekly lists, global and per country, linked to catalog shows.
-- A week is named by its Sunday (YYYY-MM-DD). Categories are Netflix's own words:
-- `TV (Non-English)`, `TV (English)`, `Films (Non-English)`, `Films (English)`, and in
-- the per-country lists `TV` and `Films`.

-- Each distinct chart title once, with the show (and season) it belongs to: entries
-- point here, so linking a title to another show is one row, not thousands.
CREATE TABLE chart_titles (
    id           INTEGER PRIMARY KEY,
    show_title   TEXT NOT NULL,
    season_title TEXT NOT NULL DEFAULT '',  -- '' when the list names no season
    is_film      INTEGER NOT NULL CHECK (is_film IN (0, 1)),
    show_id      INTEGER NOT NULL REFERENCES shows(id),
    season_id    INTEGER REFERENCES seasons(id),
    UNIQUE (show_title, season_title, is_film)
) STRICT;
CREATE INDEX chart_titles_show ON chart_titles(show_id);

-- The global lists. Clustered on the list key: a week's Top 10 is one contiguous range.
CREATE TABLE chart_global (
    category               TEXT NOT NULL,
    week                   TEXT NOT NULL,
    rank                   INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 10),
    title_id               INTEGER NOT NULL REFERENCES chart_titles(id),
    hours_viewed           INTEGER,
    runtime                REAL,
    views                  INTEGER,  -- Netflix added views in mid-2023; older rows have none
    weeks_in_top10         INTEGER NOT NULL,
    is_staggered_launch    INTEGER,
    episode_launch_details TEXT,
    PRIMARY KEY (category, week, rank)
) STRICT, WITHOUT ROWID;
CREATE INDEX chart_global_title ON chart_global(title_id);

CREATE TABLE chart_countries (
    iso2 TEXT PRIMARY KEY,
    name TEXT NOT NULL
) STRICT;

-- The per-country lists (ranks and cumulative weeks only). A show's history in one
-- country reads that country's range, so no further index is kept on this big table.
CREATE TABLE chart_country (
    iso2           TEXT NOT NULL,
    category       TEXT NOT NULL,
    week           TEXT NOT NULL,
    rank           INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 10),
    title_id       INTEGER NOT NULL REFERENCES chart_titles(id),
    weeks_in_top10 INTEGER NOT NULL,
    PRIMARY KEY (iso2, category, week, rank)
) STRICT, WITHOUT ROWID;
