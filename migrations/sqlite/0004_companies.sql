-- Companies (modules/companies). A company belongs to one account (tenant); times are unix ms UTC.
-- Deletion is soft: deleted_at hides the row from every query and the API answers 404 for it; its code
-- is never reused. The account hard-delete job removes the rows for good.
CREATE TABLE companies (
  id          TEXT   PRIMARY KEY,                      -- cmp_…
  seq         BIGINT NOT NULL UNIQUE,                  -- counters.company_code value: creation order
  code        TEXT   NOT NULL UNIQUE,                  -- COMP%03d of seq
  account_id  TEXT   NOT NULL REFERENCES accounts (id),
  name        TEXT   NOT NULL,
  search_text TEXT   NOT NULL,                         -- case-folded "name code" for ?q= (same on both engines)
  type        TEXT   NOT NULL CHECK (type IN ('PRODUCT', 'SERVICE', 'HYBRID')),
  status      TEXT   NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'INACTIVE', 'SUSPENDED')),
  timezone    TEXT   NOT NULL DEFAULT 'UTC',           -- IANA name, validated by the service
  currency    TEXT   NOT NULL DEFAULT 'EUR',           -- ISO 4217, validated by the service
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  deleted_at  BIGINT
);
-- Listing in creation (= code) order with keyset pagination on seq: one account's companies (clients,
-- managers per account); everything (admins) walks the UNIQUE index on seq.
CREATE INDEX companies_account_listing ON companies (account_id, seq) WHERE deleted_at IS NULL;

-- Platform-wide sequences, incremented with UPDATE … RETURNING in the transaction that uses the value.
CREATE TABLE counters (
  name  TEXT   PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('company_code', 0);
