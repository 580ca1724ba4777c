-- How a weekly announcement treats the week's Korean titles (by the show's origin country):
-- 'all' posts the whole list with them marked (as before), 'highlight' names them first,
-- 'only' posts them alone, each with its rank in the list.
ALTER TABLE announce_subscriptions
    ADD COLUMN korean TEXT NOT NULL DEFAULT 'all' CHECK (korean IN ('all', 'highlight', 'only'));
