-- Commerce (modules/commerce, docs/payments.md): orders with frozen quotes, the payment provider's
-- sessions (one per payment link) and the provider's events. Times are unix ms UTC; money is integer
-- minor units in `currency`. conversation_id / contact_id name rows of migration 0007 (conversations);
-- they carry no foreign key so orders outlive the conversation history's retention.
CREATE TABLE orders (
  id              TEXT   PRIMARY KEY,                         -- ord_…
  account_id      TEXT   NOT NULL REFERENCES accounts (id),
  company_id      TEXT   NOT NULL REFERENCES companies (id),
  conversation_id TEXT   NOT NULL,
  contact_id      TEXT   NOT NULL,
  customer_name   TEXT   NOT NULL,
  search_text     TEXT   NOT NULL,                            -- case-folded "customer_name id" for ?q=
  payment_status  TEXT   NOT NULL CHECK (payment_status IN ('no_payment_link', 'payment_link_sent', 'paid',
                                                            'expired', 'cancelled', 'refunded')),
  currency        TEXT   NOT NULL,
  subtotal_minor  BIGINT NOT NULL,
  delivery_minor  BIGINT NOT NULL,
  total_minor     BIGINT NOT NULL,
  quote_json      TEXT   NOT NULL,                            -- the quote as it was when the link was sent
  provider        TEXT   NOT NULL,                            -- sandbox | stripe
  session_id      TEXT   NOT NULL,                            -- the provider's checkout session id
  payment_url     TEXT   NOT NULL,
  expires_at      BIGINT NOT NULL,
  paid_at         BIGINT,
  cancelled_at    BIGINT,
  expired_at      BIGINT,
  refunded_at     BIGINT,
  language        TEXT   NOT NULL,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL
);
-- The payments log: one company's orders, newest first (ids sort by creation time).
CREATE INDEX orders_company_listing ON orders (account_id, company_id, id);
-- One live link per conversation.
CREATE UNIQUE INDEX orders_one_live_link ON orders (conversation_id) WHERE payment_status = 'payment_link_sent';
-- The expiry sweep.
CREATE INDEX orders_link_expiry ON orders (expires_at) WHERE payment_status = 'payment_link_sent';
CREATE UNIQUE INDEX orders_provider_session ON orders (provider, session_id);

CREATE TABLE payment_sessions (
  id          TEXT   PRIMARY KEY,                             -- ps_…
  order_id    TEXT   NOT NULL REFERENCES orders (id),
  provider    TEXT   NOT NULL,
  external_id TEXT   NOT NULL,                                -- the provider's session id (cs_…)
  url         TEXT   NOT NULL,
  status      TEXT   NOT NULL CHECK (status IN ('open', 'paid', 'cancelled', 'expired')),
  expires_at  BIGINT NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  UNIQUE (provider, external_id)
);
CREATE INDEX payment_sessions_order ON payment_sessions (order_id);

-- What providers reported (the sandbox page, Stripe's webhooks), stored before it is applied;
-- a provider's event arrives at most once (UNIQUE provider, external_id) and is applied once
-- (applied_at set by the job that applied it).
CREATE TABLE payment_events (
  id          TEXT   PRIMARY KEY,                             -- pev_…
  provider    TEXT   NOT NULL,
  external_id TEXT   NOT NULL,                                -- evt_…
  order_id    TEXT   NOT NULL REFERENCES orders (id),
  type        TEXT   NOT NULL,                                -- checkout.session.completed | …
  payload     TEXT   NOT NULL,
  created_at  BIGINT NOT NULL,
  applied_at  BIGINT,
  UNIQUE (provider, external_id)
);
CREATE INDEX payment_events_order ON payment_events (order_id, created_at);
