-- Development outbox (platform/mail): messages kept instead of sent while no SMTP server is
-- configured. Times are unix milliseconds UTC.
CREATE TABLE mail_outbox (
  id         TEXT   PRIMARY KEY,  -- mail_…
  to_addr    TEXT   NOT NULL,
  subject    TEXT   NOT NULL,
  text_body  TEXT   NOT NULL,
  html_body  TEXT   NOT NULL DEFAULT '',
  tag        TEXT   NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX mail_outbox_created ON mail_outbox (created_at);
CREATE INDEX mail_outbox_to ON mail_outbox (LOWER(to_addr), created_at);
