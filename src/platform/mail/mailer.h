// Outgoing email. Product code renders a template and enqueues it (durably, through the job queue, in
// the same transaction as whatever the mail is about); the "mail.send" job hands it to the configured
// Mailer: SMTP when mail.smtp_url is set, otherwise the dev outbox (a database table admins can read in
// development — codes are never printed to a terminal).
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace x8::mail {

struct Message {
  std::string to;  // one address
  std::string subject;
  std::string text;  // plain-text body (always present)
  std::string html;  // optional HTML alternative
  std::string tag;   // e.g. "verify_email", "login_code": for the outbox UI and metrics
};

// kInvalidArgument when the message cannot be sent as given: `to` is not one plain address, a header
// field holds a line break (header injection), or the text body is empty.
Status ValidateMessage(const Message& message);

// A syntactic check of one plain addr-spec ("local@domain"), no display name, no angle brackets.
bool IsPlainAddress(std::string_view address);

class Mailer {
 public:
  virtual ~Mailer() = default;
  // kUnavailable for transient failures (retry later), kInvalidArgument for a rejected recipient.
  virtual Status Send(const Message& message) = 0;
};

// Templates, English and Russian (language "en" | "ru", falling back to "en"):
//   verify_email, magic_link, password_reset, manager_invite — need `link` (http/https);
//   login_code — needs `code`.
// Every interpolated value is HTML-escaped in the HTML part. Unknown templates and missing fields are
// kInvalidArgument. The message's tag is the template name.
struct TemplateData {
  std::string language = "en";
  std::string name;       // the recipient's name, may be empty
  std::string code;       // 6-digit code for login_code
  std::string link;       // absolute URL for verify_email, magic_link, password_reset, manager_invite
  int valid_minutes = 0;  // how long the code/link lives; 0 leaves the validity sentence out
};
Result<Message> Render(std::string_view template_name, const std::string& to, const TemplateData& data);

}  // namespace x8::mail
