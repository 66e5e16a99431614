-- Companies (modules/companies). A company belongs to one account (tenant); times are unix ms UTC.
-- Deletion is soft: deleted_at hides the row from every query and the API answers 404 for it; its code
-- is never reused. The account hard-delete job removes the rows for good.
CREATE TABLE companies (
  id          TEXT   PRIMARY KEY,                      -- cmp_…
  code        TEXT   NOT NULL UNIQUE,                  -- COMP001, … from counters.company_code
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
-- Listing: one account's companies (clients, managers per account) and everything (admins), in
-- (created_at, id) order for keyset pagination.
CREATE INDEX companies_account_listing ON companies (account_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_listing ON companies (created_at, id) WHERE deleted_at IS NULL;

-- Platform-wide sequences, incremented with UPDATE … RETURNING in the transaction that uses the value.
CREATE TABLE counters (
  name  TEXT   PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('company_code', 0);
