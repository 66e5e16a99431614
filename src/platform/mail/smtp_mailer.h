// Sends mail over SMTP with libcurl. Blocking: runs on job worker threads.
//
// Transport security: smtps:// is TLS from the first byte (port 465); smtp:// must upgrade with
// STARTTLS (port 587) and the send fails if the server does not offer it — except on a loopback host,
// where a local relay or test server may speak plain SMTP. Certificates are always verified.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "platform/mail/mailer.h"
#include "platform/mail/mime.h"

namespace x8::mail {

struct SmtpOptions {
  std::string smtp_url;  // smtp://host:587 or smtps://host:465
  std::string username;  // empty: no AUTH
  std::string password;  // secret: never logged
  std::string from = "X8 <no-reply@x8.local>";
  int64_t timeout_ms = 15'000;
};

class SmtpMailer final : public Mailer {
 public:
  // kInvalidArgument when the URL is not smtp:// or smtps:// with a host, or `from` is not an address.
  static Result<std::unique_ptr<SmtpMailer>> Create(SmtpOptions options);

  // kUnavailable: connection, TLS, timeout, login refused or a 4xx reply (retry later).
  // kInvalidArgument: the message is invalid, or the server rejected the recipient or the message
  // with a 5xx reply (retrying cannot help).
  Status Send(const Message& message) override;

  bool requires_tls() const { return !loopback_; }

 private:
  SmtpMailer(SmtpOptions options, Mailbox from, bool loopback)
      : options_(std::move(options)), from_(std::move(from)), loopback_(loopback) {}

  SmtpOptions options_;
  Mailbox from_;
  bool loopback_;
};

}  // namespace x8::mail
