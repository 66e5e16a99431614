-- Durable job queue (platform/jobs). Times are unix milliseconds UTC.
-- state: pending (waiting for run_at) | running (leased by locked_by until lease_expires_at)
--        | done | dead (attempts exhausted; kept with last_error until retried or pruned)
CREATE TABLE jobs (
  seq              BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- enqueue order, tie-breaker for serial keys
  id               TEXT    NOT NULL UNIQUE,
  kind             TEXT    NOT NULL,
  payload          TEXT    NOT NULL,
  state            TEXT    NOT NULL CHECK (state IN ('pending', 'running', 'done', 'dead')),
  scheduled_at     BIGINT  NOT NULL,  -- first run_at; orders jobs that share a serial_key
  run_at           BIGINT  NOT NULL,  -- next attempt not before this time
  attempts         INTEGER NOT NULL DEFAULT 0,
  max_attempts     INTEGER NOT NULL,
  unique_key       TEXT,
  serial_key       TEXT,
  locked_by        TEXT,
  lease_expires_at BIGINT,
  last_error       TEXT,
  created_at       BIGINT  NOT NULL,
  updated_at       BIGINT  NOT NULL,
  finished_at      BIGINT
);
CREATE UNIQUE INDEX jobs_unique_key_active ON jobs (unique_key)
  WHERE unique_key IS NOT NULL AND state IN ('pending', 'running');
CREATE INDEX jobs_claimable ON jobs (state, run_at);
CREATE INDEX jobs_serial ON jobs (serial_key, scheduled_at, seq) WHERE serial_key IS NOT NULL;
CREATE INDEX jobs_lease ON jobs (locked_by) WHERE locked_by IS NOT NULL;

-- Periodic schedules: next_run_at is advanced with compare-and-set, so one node wins each slot.
CREATE TABLE job_schedules (
  name        TEXT   PRIMARY KEY,
  next_run_at BIGINT NOT NULL
);
