-- Per-country Top 10 lists become one row per list instead of one row per rank: the ten
-- places are JSON arrays, rank 1 first, of chart_titles ids and of cumulative weeks (0
-- where the file gave no row for a rank). Netflix's country file has about a million
-- rows; a row per list keeps the table at a tenth of that, which is what lets an import
-- write it in a few seconds. The key follows the file's order (country, newest week
-- first, category) so an import appends instead of splitting pages. Stored lists are
-- carried over as they are.

CREATE TABLE chart_country_lists (
    iso2           TEXT NOT NULL,
    week           TEXT NOT NULL,
    category       TEXT NOT NULL,
    title_ids      TEXT NOT NULL CHECK (json_array_length(title_ids) = 10),
    weeks_in_top10 TEXT NOT NULL CHECK (json_array_length(weeks_in_top10) = 10),
    PRIMARY KEY (iso2, week DESC, category)
) STRICT, WITHOUT ROWID;

INSERT INTO chart_country_lists (iso2, week, category, title_ids, weeks_in_top10)
SELECT
    iso2,
    week,
    category,
    json_array(
        coalesce(max(CASE rank WHEN 1 THEN title_id END), 0),
        coalesce(max(CASE rank WHEN 2 THEN title_id END), 0),
        coalesce(max(CASE rank WHEN 3 THEN title_id END), 0),
        coalesce(max(CASE rank WHEN 4 THEN title_id END), 0),
        coalesce(max(CASE rank WHEN 5 THEN title_id END), 0),
        coalesce(max(CASE rank WHEN 6 THEN title_id END), 0),
        coalesce(max(CASE rank WHEN 7 THEN title_id END), 0),
        coalesce(max(CASE rank WHEN 8 THEN title_id END), 0),
        coalesce(max(CASE rank WHEN 9 THEN title_id END), 0),
        coalesce(max(CASE rank WHEN 10 THEN title_id END), 0)
    ),
    json_array(
        coalesce(max(CASE rank WHEN 1 THEN weeks_in_top10 END), 0),
        coalesce(max(CASE rank WHEN 2 THEN weeks_in_top10 END), 0),
        coalesce(max(CASE rank WHEN 3 THEN weeks_in_top10 END), 0),
        coalesce(max(CASE rank WHEN 4 THEN weeks_in_top10 END), 0),
        coalesce(max(CASE rank WHEN 5 THEN weeks_in_top10 END), 0),
        coalesce(max(CASE rank WHEN 6 THEN weeks_in_top10 END), 0),
        coalesce(max(CASE rank WHEN 7 THEN weeks_in_top10 END), 0),
        coalesce(max(CASE rank WHEN 8 THEN weeks_in_top10 END), 0),
        coalesce(max(CASE rank WHEN 9 THEN weeks_in_top10 END), 0),
        coalesce(max(CASE rank WHEN 10 THEN weeks_in_top10 END), 0)
    )
FROM chart_country
GROUP BY iso2, week, category;

DROP TABLE chart_country;

ALTER TABLE chart_country_lists RENAME TO chart_country;
