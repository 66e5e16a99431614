-- Scheduling (modules/scheduling, docs/design/scheduling.md, docs/calendar.md): each company's
-- availability (weekly hours, slot settings, delivery windows and zones as one validated JSON document),
-- per-date exceptions, bookings (holds, appointments, deliveries) and the slot_load counters that keep
-- two customers from taking the last place. Times are unix ms UTC; dates of exceptions are local
-- (the company's zone). conversation_id / contact_id / order_id / item_id carry no foreign key so
-- bookings outlive conversation retention and catalogue edits.
CREATE TABLE availability (
  company_id    TEXT   PRIMARY KEY REFERENCES companies (id),
  account_id    TEXT   NOT NULL REFERENCES accounts (id),
  settings_json TEXT   NOT NULL,
  updated_at    BIGINT NOT NULL
);

CREATE TABLE availability_exceptions (
  id         TEXT    PRIMARY KEY,                             -- axc_…
  account_id TEXT    NOT NULL REFERENCES accounts (id),
  company_id TEXT    NOT NULL REFERENCES companies (id),
  date       TEXT    NOT NULL,                                -- YYYY-MM-DD, local
  closed     INTEGER NOT NULL,                                -- 1: closed all day; 0: hours_json instead
  hours_json TEXT    NOT NULL,                                -- [["10:00","14:00"], …]
  note       TEXT    NOT NULL,
  created_at BIGINT  NOT NULL
);
CREATE UNIQUE INDEX availability_exceptions_date ON availability_exceptions (company_id, date);

CREATE TABLE bookings (
  id              TEXT   PRIMARY KEY,                         -- bkg_…
  account_id      TEXT   NOT NULL REFERENCES accounts (id),
  company_id      TEXT   NOT NULL REFERENCES companies (id),
  kind            TEXT   NOT NULL CHECK (kind IN ('appointment', 'delivery')),
  item_id         TEXT   NOT NULL,
  variant_id      TEXT   NOT NULL,
  title           TEXT   NOT NULL,
  starts_at       BIGINT NOT NULL,
  ends_at         BIGINT NOT NULL,
  timezone        TEXT   NOT NULL,
  status          TEXT   NOT NULL CHECK (status IN ('pending_payment', 'confirmed', 'cancelled', 'completed',
                                                    'no_show')),
  hold_expires_at BIGINT,
  order_id        TEXT   NOT NULL,
  conversation_id TEXT   NOT NULL,
  contact_id      TEXT   NOT NULL,
  customer_name   TEXT   NOT NULL,
  format          TEXT   NOT NULL,
  location        TEXT   NOT NULL,
  address         TEXT   NOT NULL,
  zone            TEXT   NOT NULL,
  notes           TEXT   NOT NULL,
  source          TEXT   NOT NULL CHECK (source IN ('assistant', 'manual')),
  google_event_id TEXT   NOT NULL,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL
);
-- Calendar views: one company's bookings by time.
CREATE INDEX bookings_company_time ON bookings (company_id, starts_at);
-- Live bookings of one resource (slot computation).
CREATE INDEX bookings_resource_time ON bookings (company_id, kind, item_id, starts_at);
-- Confirm/release the holds of an order.
CREATE INDEX bookings_order ON bookings (order_id) WHERE order_id <> '';
-- The hold sweep.
CREATE INDEX bookings_hold_expiry ON bookings (hold_expires_at) WHERE status = 'pending_payment';

-- Places taken per (company, resource, start): the resource is the item id for appointments, 'delivery'
-- for delivery windows. A place is taken with a conditional UPDATE … WHERE taken < capacity.
CREATE TABLE slot_load (
  company_id TEXT   NOT NULL REFERENCES companies (id),
  resource   TEXT   NOT NULL,
  starts_at  BIGINT NOT NULL,
  taken      BIGINT NOT NULL CHECK (taken >= 0),
  capacity   BIGINT NOT NULL,
  PRIMARY KEY (company_id, resource, starts_at)
);
