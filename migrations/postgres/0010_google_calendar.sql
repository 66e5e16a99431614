-- Google Calendar per company (modules/calendar/google, docs/google-calendar.md). Times are unix ms UTC.
-- Tokens are sealed with a subkey of the master key ("v1." + base64url(nonce || ciphertext)), bound to
-- the account and company: the plaintext never reaches the database.
CREATE TABLE google_calendar_connections (
  account_id            TEXT   NOT NULL REFERENCES accounts (id),
  company_id            TEXT   NOT NULL REFERENCES companies (id),
  status                TEXT   NOT NULL CHECK (status IN ('connected', 'error', 'disconnected')),
  google_email          TEXT   NOT NULL DEFAULT '',
  refresh_token_sealed  TEXT   NOT NULL DEFAULT '',
  access_token_sealed   TEXT   NOT NULL DEFAULT '',
  access_expires_at     BIGINT NOT NULL DEFAULT 0,
  scope                 TEXT   NOT NULL DEFAULT '',
  calendar_id           TEXT   NOT NULL DEFAULT '',
  calendar_name         TEXT   NOT NULL DEFAULT '',
  last_error            TEXT   NOT NULL DEFAULT '',
  connected_by          TEXT   NOT NULL DEFAULT '',
  created_at            BIGINT NOT NULL,
  updated_at            BIGINT NOT NULL,
  PRIMARY KEY (company_id)
);
CREATE INDEX google_calendar_connections_account ON google_calendar_connections (account_id, company_id);

-- Started connects: single use, keyed by sha256(state); the PKCE verifier is sealed.
CREATE TABLE google_calendar_oauth_states (
  state_hash       TEXT   PRIMARY KEY,
  account_id       TEXT   NOT NULL,
  company_id       TEXT   NOT NULL,
  user_id          TEXT   NOT NULL,
  verifier_sealed  TEXT   NOT NULL,
  expires_at       BIGINT NOT NULL,
  created_at       BIGINT NOT NULL
);
CREATE INDEX google_calendar_oauth_states_expiry ON google_calendar_oauth_states (expires_at);

-- Bookings mirrored into Google: the event id is base32hex(booking id), so a retry finds its event.
CREATE TABLE google_calendar_events (
  account_id   TEXT   NOT NULL,
  booking_id   TEXT   NOT NULL,
  company_id   TEXT   NOT NULL,
  calendar_id  TEXT   NOT NULL,
  event_id     TEXT   NOT NULL,
  status       TEXT   NOT NULL CHECK (status IN ('created', 'deleted')),
  updated_at   BIGINT NOT NULL,
  PRIMARY KEY (account_id, booking_id)
);
