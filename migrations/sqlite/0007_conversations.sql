-- Conversations (modules/conversations): channels, contacts, conversations, messages, inbound events and
-- each company's assistant settings. Times are unix ms UTC; JSON columns hold JSON text. Rows carry their
-- account (tenant) and company; see docs/design/conversations.md.
CREATE TABLE channels (
  id            TEXT   PRIMARY KEY,                     -- chn_…
  account_id    TEXT   NOT NULL,
  company_id    TEXT   NOT NULL,
  kind          TEXT   NOT NULL,                        -- webchat | playground | telegram | …
  name          TEXT   NOT NULL,
  status        TEXT   NOT NULL DEFAULT 'active',
  public_key    TEXT   UNIQUE,                          -- web chat widget key wc_…; NULL for other kinds
  settings_json TEXT   NOT NULL DEFAULT '{}',
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);
-- One web chat and one Playground channel per company.
CREATE UNIQUE INDEX channels_one_per_company ON channels (company_id, kind) WHERE kind IN ('webchat', 'playground');

CREATE TABLE contacts (
  id           TEXT   PRIMARY KEY,                      -- ctc_…
  account_id   TEXT   NOT NULL,
  company_id   TEXT   NOT NULL,
  channel_kind TEXT   NOT NULL,
  external_id  TEXT   NOT NULL,                         -- chat id, phone, visitor id, e-mail
  display_name TEXT   NOT NULL DEFAULT '',
  source       TEXT   NOT NULL DEFAULT '',
  campaign     TEXT   NOT NULL DEFAULT '',
  created_at   BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  UNIQUE (company_id, channel_kind, external_id)
);

CREATE TABLE conversations (
  id                   TEXT    PRIMARY KEY,             -- conv_…
  account_id           TEXT    NOT NULL,
  company_id           TEXT    NOT NULL,
  channel_id           TEXT    NOT NULL REFERENCES channels (id),
  contact_id           TEXT    NOT NULL REFERENCES contacts (id),
  status               TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  mode                 TEXT    NOT NULL DEFAULT 'assistant' CHECK (mode IN ('assistant', 'human')),
  needs_human          INTEGER NOT NULL DEFAULT 0,
  payment_status       TEXT    NOT NULL DEFAULT 'no_payment_link',
  outcome              TEXT    NOT NULL DEFAULT 'none',
  language             TEXT    NOT NULL DEFAULT '',
  engine_state_json    TEXT    NOT NULL DEFAULT '{}',
  cart_json            TEXT    NOT NULL DEFAULT '{"lines":[]}',
  last_seq             BIGINT  NOT NULL DEFAULT 0,      -- seq of the newest message
  last_inbound_seq     BIGINT  NOT NULL DEFAULT 0,
  answered_seq         BIGINT  NOT NULL DEFAULT 0,
  reply_due_at         BIGINT,
  last_message_at      BIGINT  NOT NULL,
  last_message_preview TEXT    NOT NULL DEFAULT '',
  message_count        BIGINT  NOT NULL DEFAULT 0,
  unread_count         BIGINT  NOT NULL DEFAULT 0,
  handled_by_user_id   TEXT,
  created_at           BIGINT  NOT NULL,
  updated_at           BIGINT  NOT NULL,
  UNIQUE (channel_id, contact_id)
);
-- The inbox: one company's conversations, newest activity first (keyset on last_message_at, id).
CREATE INDEX conversations_inbox ON conversations (company_id, last_message_at, id);
CREATE INDEX conversations_account_age ON conversations (account_id, last_message_at);

CREATE TABLE messages (
  id               TEXT   PRIMARY KEY,                  -- msg_…
  account_id       TEXT   NOT NULL,
  conversation_id  TEXT   NOT NULL REFERENCES conversations (id),
  seq              BIGINT NOT NULL,
  direction        TEXT   NOT NULL CHECK (direction IN ('in', 'out', 'note')),
  author           TEXT   NOT NULL CHECK (author IN ('customer', 'assistant', 'human', 'system')),
  author_user_id   TEXT,
  text             TEXT   NOT NULL DEFAULT '',
  buttons_json     TEXT   NOT NULL DEFAULT '[]',
  media_json       TEXT   NOT NULL DEFAULT '[]',
  attachments_json TEXT   NOT NULL DEFAULT '[]',
  trace_json       TEXT,
  status           TEXT   NOT NULL CHECK (status IN ('received', 'queued', 'sent', 'failed')),
  error            TEXT,
  external_id      TEXT,
  created_at       BIGINT NOT NULL,
  sent_at          BIGINT,
  UNIQUE (conversation_id, seq)
);
CREATE INDEX messages_age ON messages (created_at);

-- Raw inbound events, unique per channel: a redelivered webhook or a resent widget message is a duplicate.
CREATE TABLE inbound_events (
  id          TEXT   PRIMARY KEY,                       -- evt_…
  channel_id  TEXT   NOT NULL,
  external_id TEXT   NOT NULL,
  payload     TEXT   NOT NULL DEFAULT '',
  message_id  TEXT,                                     -- the message it became
  received_at BIGINT NOT NULL,
  UNIQUE (channel_id, external_id)
);
CREATE INDEX inbound_events_age ON inbound_events (received_at);

CREATE TABLE assistant_settings (
  company_id       TEXT   PRIMARY KEY,
  account_id       TEXT   NOT NULL,
  engine           TEXT   NOT NULL DEFAULT 'guided' CHECK (engine IN ('guided', 'llm')),
  debounce_ms      BIGINT NOT NULL,
  retention_days   BIGINT NOT NULL DEFAULT 365,
  default_language TEXT   NOT NULL DEFAULT 'en',
  prompts_json     TEXT   NOT NULL DEFAULT '{}',
  version          BIGINT NOT NULL DEFAULT 1,
  updated_at       BIGINT NOT NULL,
  updated_by       TEXT
);
