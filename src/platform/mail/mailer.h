// Outgoing email. Product code renders a template and enqueues it (durably, through the job queue, in
// the same transaction as whatever the mail is about); the "mail.send" job hands it to the configured
// Mailer: SMTP when mail.smtp_url is set, otherwise the dev outbox (a database table admins can read in
// development — codes are never printed to a terminal).
#pragma once

#include <string>
#include <vector>

#include "core/error.h"

namespace x8::storage {
class Executor;
}

namespace x8::mail {

struct Message {
  std::string to;         // one address
  std::string subject;
  std::string text;       // plain-text body (always present)
  std::string html;       // optional HTML alternative
  std::string tag;        // e.g. "verify_email", "login_code": for the outbox UI and metrics
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  // kUnavailable for transient failures (retry later), kInvalidArgument for a rejected recipient.
  virtual Status Send(const Message& message) = 0;
};

// Templates, English and Russian (language "en" | "ru", falling back to "en").
struct TemplateData {
  std::string language = "en";
  std::string name;         // the recipient's name, may be empty
  std::string code;         // 6-digit code for login_code
  std::string link;         // absolute URL for verify_email, magic_link, password_reset
  int valid_minutes = 0;    // how long the code/link lives
};
Result<Message> Render(std::string_view template_name, const std::string& to, const TemplateData& data);

}  // namespace x8::mail
