// The development outbox: a Mailer that stores messages in the mail_outbox table (migration
// 0002_mail) instead of sending them, so sign-up codes and links can be read in the admin UI while no
// SMTP server is configured. Never print them to a terminal instead.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "platform/mail/mailer.h"
#include "platform/storage/database.h"

namespace x8::mail {

struct OutboxEntry {
  std::string id;  // "mail_…"
  std::string to;
  std::string subject;
  std::string text;
  std::string html;
  std::string tag;
  int64_t created_at = 0;  // unix ms
};

class OutboxMailer final : public Mailer {
 public:
  explicit OutboxMailer(storage::Database& db, const Clock& clock = DefaultClock())
      : db_(db), clock_(clock) {}
  Status Send(const Message& message) override;

 private:
  static const Clock& DefaultClock();
  storage::Database& db_;
  const Clock& clock_;
};

// Newest first; `to_filter` (when not empty) keeps only mail to that address, ignoring case.
// `limit` is clamped to 1..500.
Result<std::vector<OutboxEntry>> ListOutbox(storage::Database& db, int limit = 50,
                                            std::string to_filter = {});

}  // namespace x8::mail
