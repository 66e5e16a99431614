-- Realtime events too large for a PostgreSQL NOTIFY payload (8000 bytes): the publisher stores the
-- event here and notifies its id; every node's listener reads it back by id (src/platform/realtime).
-- The realtime.cleanup job deletes rows older than an hour. SQLite never writes it (one node, no
-- NOTIFY); the table exists on both engines to keep the schemas equal.
CREATE TABLE realtime_events (
  id TEXT PRIMARY KEY,
  topic TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX realtime_events_created_at ON realtime_events (created_at);
