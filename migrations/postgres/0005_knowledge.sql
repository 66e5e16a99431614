-- Knowledge bases (modules/knowledge): catalogues of products, services or FAQ entries of one company.
-- Every row carries account_id (the tenant) and every query puts it in its WHERE clause. Times are unix
-- ms UTC. Items and variants are deleted with their knowledge base by the repository (child rows first).
CREATE TABLE knowledge_bases (
  id          TEXT   PRIMARY KEY,                      -- kb_…
  account_id  TEXT   NOT NULL REFERENCES accounts (id),
  company_id  TEXT   NOT NULL REFERENCES companies (id),
  name        TEXT   NOT NULL,
  kind        TEXT   NOT NULL CHECK (kind IN ('PRODUCT', 'SERVICE', 'FAQ')),
  items_count BIGINT NOT NULL DEFAULT 0,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  UNIQUE (company_id, name)
);
CREATE INDEX knowledge_bases_account ON knowledge_bases (account_id, company_id);

CREATE TABLE kb_items (
  id            TEXT   PRIMARY KEY,                    -- itm_…
  account_id    TEXT   NOT NULL,
  kb_id         TEXT   NOT NULL REFERENCES knowledge_bases (id),
  position      BIGINT NOT NULL,                       -- file order; listing order with id
  name          TEXT   NOT NULL DEFAULT '',
  description   TEXT   NOT NULL DEFAULT '',
  category      TEXT   NOT NULL DEFAULT '',
  category_key  TEXT   NOT NULL DEFAULT '',            -- case-folded category for ?category=
  search_text   TEXT   NOT NULL DEFAULT '',            -- case-folded name, description, category, Q&A for ?q=
  unit          TEXT   NOT NULL DEFAULT '',
  quantity_step TEXT   NOT NULL DEFAULT '',
  duration_min  BIGINT,
  format        TEXT   NOT NULL DEFAULT '' CHECK (format IN ('', 'online', 'offline')),
  location      TEXT   NOT NULL DEFAULT '',
  question      TEXT   NOT NULL DEFAULT '',
  answer        TEXT   NOT NULL DEFAULT '',
  extra         TEXT   NOT NULL DEFAULT '{}',          -- JSON object: unknown columns, name → text
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);
CREATE INDEX kb_items_listing ON kb_items (kb_id, position, id);

CREATE TABLE kb_variants (
  id          TEXT    PRIMARY KEY,                     -- var_…
  account_id  TEXT    NOT NULL,
  item_id     TEXT    NOT NULL REFERENCES kb_items (id),
  position    BIGINT  NOT NULL,
  attributes  TEXT    NOT NULL DEFAULT '{}',           -- JSON object, e.g. {"size":"M"}
  price_minor BIGINT,
  currency    TEXT    NOT NULL DEFAULT '',
  sku         TEXT    NOT NULL DEFAULT '',
  stock       BIGINT,
  in_stock    INTEGER,
  image       TEXT    NOT NULL DEFAULT '',
  media_id    TEXT
);
CREATE INDEX kb_variants_item ON kb_variants (item_id, position);

-- Uploaded files between preview and commit: the bytes are kept until committed (then cleared) or for
-- 24 h.
CREATE TABLE kb_imports (
  id               TEXT   PRIMARY KEY,                 -- imp_…
  account_id       TEXT   NOT NULL,
  kb_id            TEXT   NOT NULL REFERENCES knowledge_bases (id),
  file_name        TEXT   NOT NULL DEFAULT '',
  sheet            TEXT   NOT NULL DEFAULT '',
  content          BYTEA  NOT NULL,
  detected_mapping TEXT   NOT NULL DEFAULT '[]',       -- JSON: the columns as previewed
  created_at       BIGINT NOT NULL,
  committed_at     BIGINT
);
CREATE INDEX kb_imports_kb ON kb_imports (kb_id, created_at);
