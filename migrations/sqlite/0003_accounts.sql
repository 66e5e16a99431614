-- Accounts (issue 3, docs/design/accounts.md): users and their roles, tenants (accounts), sessions,
-- refresh tokens, one-time tokens, 2FA login challenges, OAuth identities and states.
-- Times are unix milliseconds UTC. Secrets are stored only as sha256 hex (tokens, codes) or argon2id.
-- The PostgreSQL file is the same schema; users.account_id's foreign key is added after accounts there.
CREATE TABLE users (
  id                 TEXT    PRIMARY KEY,                 -- usr_…
  email              TEXT    NOT NULL UNIQUE,             -- lower-cased, trimmed
  email_verified_at  BIGINT,
  password_hash      TEXT,                                -- argon2id; NULL: passwordless (invited, OAuth)
  name               TEXT    NOT NULL DEFAULT '',
  role               TEXT    NOT NULL CHECK (role IN ('CLIENT', 'MANAGER', 'ADMIN')),
  account_id         TEXT    REFERENCES accounts (id),    -- set for CLIENT only
  two_factor_enabled INTEGER NOT NULL DEFAULT 1,
  language           TEXT    NOT NULL DEFAULT 'en',
  failed_logins      INTEGER NOT NULL DEFAULT 0,
  locked_until       BIGINT,
  created_at         BIGINT  NOT NULL,
  updated_at         BIGINT  NOT NULL
);
CREATE INDEX users_role ON users (role, created_at);

CREATE TABLE accounts (
  id              TEXT    PRIMARY KEY,                    -- acc_…
  owner_user_id   TEXT    NOT NULL UNIQUE,
  manager_user_id TEXT    REFERENCES users (id),          -- at most one manager per client
  plan            TEXT    NOT NULL DEFAULT 'TRIAL',
  channel_limit   INTEGER NOT NULL DEFAULT 1,
  trial_ends_at   BIGINT,
  created_at      BIGINT  NOT NULL
);
CREATE INDEX accounts_manager ON accounts (manager_user_id) WHERE manager_user_id IS NOT NULL;

CREATE TABLE sessions (
  id           TEXT   PRIMARY KEY,                        -- ses_…
  user_id      TEXT   NOT NULL REFERENCES users (id),
  created_at   BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL,
  revoked_at   BIGINT,
  user_agent   TEXT   NOT NULL DEFAULT '',
  ip           TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id, created_at);

CREATE TABLE refresh_tokens (
  token_hash TEXT   PRIMARY KEY,                          -- sha256 hex of the cookie value
  session_id TEXT   NOT NULL REFERENCES sessions (id),
  used_at    BIGINT,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE one_time_tokens (
  token_hash TEXT   PRIMARY KEY,                          -- sha256 hex of the link's token
  kind       TEXT   NOT NULL CHECK (kind IN ('verify_email', 'magic_link', 'password_reset')),
  user_id    TEXT   NOT NULL REFERENCES users (id),
  expires_at BIGINT NOT NULL,
  used_at    BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX one_time_tokens_user ON one_time_tokens (user_id, kind);

CREATE TABLE login_challenges (
  id         TEXT    PRIMARY KEY,                         -- lch_…
  user_id    TEXT    NOT NULL REFERENCES users (id),
  code_hash  TEXT    NOT NULL,                            -- sha256 hex of (id + code)
  attempts   INTEGER NOT NULL DEFAULT 0,
  expires_at BIGINT  NOT NULL,
  used_at    BIGINT,
  created_at BIGINT  NOT NULL
);
CREATE INDEX login_challenges_user ON login_challenges (user_id);

CREATE TABLE oauth_identities (
  provider   TEXT   NOT NULL,
  subject    TEXT   NOT NULL,
  user_id    TEXT   NOT NULL REFERENCES users (id),
  email      TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (provider, subject)
);
CREATE INDEX oauth_identities_user ON oauth_identities (user_id);

CREATE TABLE oauth_states (
  state_hash     TEXT   PRIMARY KEY,
  provider       TEXT   NOT NULL,
  code_verifier  TEXT   NOT NULL,
  nonce          TEXT   NOT NULL,
  redirect_after TEXT   NOT NULL DEFAULT '/app',
  expires_at     BIGINT NOT NULL,
  created_at     BIGINT NOT NULL
);
