-- Media (modules/media): product and service photos and one welcome video per user. Times are unix ms
-- UTC. The bytes live in the storage named by `storage` under `storage_key`; `variants` is the JSON
-- object of URLs ({"thumb", "medium", "original"}; videos only "original").
CREATE TABLE media_files (
  id           TEXT   PRIMARY KEY,                     -- med_…
  account_id   TEXT   NOT NULL REFERENCES accounts (id),
  user_id      TEXT   NOT NULL REFERENCES users (id),
  folder       TEXT   NOT NULL CHECK (folder IN ('product', 'service', 'welcome')),
  kind         TEXT   NOT NULL CHECK (kind IN ('image', 'video')),
  file_name    TEXT   NOT NULL,                        -- as uploaded (X-File-Name)
  content_type TEXT   NOT NULL,                        -- sniffed from the bytes
  bytes        BIGINT NOT NULL,                        -- stored bytes, previews included: the quota unit
  width        BIGINT,
  height       BIGINT,
  storage      TEXT   NOT NULL CHECK (storage IN ('local', 'cloudinary')),
  storage_key  TEXT   NOT NULL UNIQUE,
  variants     TEXT   NOT NULL,
  created_at   BIGINT NOT NULL
);
CREATE INDEX media_files_account_listing ON media_files (account_id, created_at, id);
-- One welcome video per user.
CREATE UNIQUE INDEX media_files_one_video_per_user ON media_files (user_id) WHERE kind = 'video';
