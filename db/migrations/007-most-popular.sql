-- Netflix's all-time Most Popular lists (`most-popular.tsv`): for each global category,
-- the ten titles with the most views in their first 91 days, with those views and hours.
-- The file is a snapshot of the lists as they stand: an import replaces each category it
-- names. Titles are the same chart_titles rows the weekly lists point to.
CREATE TABLE chart_most_popular (
    category     TEXT NOT NULL,
    rank         INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 10),
    title_id     INTEGER NOT NULL REFERENCES chart_titles(id),
    hours_viewed INTEGER NOT NULL,  -- hours viewed in the first 91 days
    runtime      REAL,              -- hours
    views        INTEGER,           -- views in the first 91 days (what the rank follows)
    PRIMARY KEY (category, rank)
) STRICT, WITHOUT ROWID;
CREATE INDEX chart_most_popular_title ON chart_most_popular(title_id);
