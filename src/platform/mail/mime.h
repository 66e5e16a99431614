// RFC 5322 / MIME rendering of a Message for SMTP: 7-bit clean output with CRLF line endings, RFC 2047
// encoded words for non-ASCII header text, quoted-printable or base64 UTF-8 bodies.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "platform/mail/mailer.h"

namespace x8::mail {

// An address with an optional display name, parsed from "Name <addr@host>" or "addr@host".
struct Mailbox {
  std::string display_name;
  std::string address;
};
Result<Mailbox> ParseMailbox(std::string_view text);

// Header text as-is when it is short printable ASCII, otherwise as folded =?UTF-8?B?…?= words.
std::string EncodeHeaderText(std::string_view text);
std::string EncodeQuotedPrintable(std::string_view text);  // input lines end in LF or CRLF
std::string EncodeBase64Lines(std::string_view bytes);     // 76-character lines, CRLF

// The whole message: headers (Date from now_unix, a fresh Message-ID at the sender's domain) and a
// text/plain part, or multipart/alternative with the HTML part when message.html is set.
Result<std::string> ComposeMessage(const Message& message, const Mailbox& from, int64_t now_unix);

}  // namespace x8::mail
