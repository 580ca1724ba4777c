"""Discord extensions, one per feature; they parse, call `db`/`core`, and reply via `render`."""
