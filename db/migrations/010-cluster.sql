-- Several bot processes over one store: who holds each delivery claim and until when,
-- the processes alive now, leases electing the one process that runs a job, a record of
-- each elected run, and the one request timeline every process shares.

-- A claim names its process and lasts until its lease runs out; the holder renews it while
-- it works, so only a claim whose process died can expire and be taken over.
ALTER TABLE announce_deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE announce_deliveries ADD COLUMN lease_until TEXT;

CREATE TABLE cluster_processes (
    process       TEXT PRIMARY KEY,           -- unique per start: host, pid and a random part
    name          TEXT NOT NULL,              -- the launcher's name for it (p0, p1 …)
    pid           INTEGER NOT NULL,           -- for an operator (and the tests) to find it
    shard_count   INTEGER NOT NULL,
    shard_ids     TEXT,                       -- comma-separated; NULL: every shard
    started_at    TEXT NOT NULL,
    heartbeat_at  TEXT NOT NULL,
    expires_at    TEXT NOT NULL               -- considered dead after this instant
) STRICT;

CREATE TABLE cluster_leases (
    name        TEXT PRIMARY KEY,             -- what is elected, e.g. 'jobs'
    holder      TEXT NOT NULL,                -- a cluster_processes.process
    acquired_at TEXT NOT NULL,
    expires_at  TEXT NOT NULL
) STRICT;

CREATE TABLE cluster_job_runs (
    job         TEXT NOT NULL,
    slot        TEXT NOT NULL,                -- the scheduled instant this run stands for
    holder      TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    outcome     TEXT,
    PRIMARY KEY (job, slot)
) STRICT;

-- One row per budget: the wall-clock second (Unix time) of the next free request turn.
CREATE TABLE cluster_rate_budget (
    name       TEXT PRIMARY KEY,
    next_turn  REAL NOT NULL,
    hold_until REAL NOT NULL DEFAULT 0        -- a global 429 stops every process until then
) STRICT;
