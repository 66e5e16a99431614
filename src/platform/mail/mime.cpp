#include "platform/mail/mime.h"

#include <ctime>
#include <vector>

#include "core/ids.h"

namespace x8::mail {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr size_t kMaxQuotedPrintableLine = 76;
constexpr size_t kEncodedWordPayloadBytes = 45;  // 60 base64 chars: the word stays within 75 characters

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool IsPrintableAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                 static_cast<uint8_t>(bytes[i + 2]);
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63], kAlphabet[n & 63]};
  }
  if (size_t rest = bytes.size() - i; rest > 0) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63], rest == 2 ? kAlphabet[(n >> 6) & 63] : '=', '='};
  }
  return out;
}

// Splits before a UTF-8 lead byte so no encoded word carries half a character.
std::vector<std::string_view> Utf8Chunks(std::string_view text, size_t max_bytes) {
  std::vector<std::string_view> chunks;
  while (!text.empty()) {
    size_t cut = std::min(max_bytes, text.size());
    while (cut < text.size() && cut > 0 && (static_cast<uint8_t>(text[cut]) & 0xC0) == 0x80) --cut;
    if (cut == 0) cut = std::min(max_bytes, text.size());  // invalid UTF-8: cut anyway
    chunks.push_back(text.substr(0, cut));
    text.remove_prefix(cut);
  }
  return chunks;
}

std::string QuotedDisplayName(std::string_view name) {
  if (!IsPrintableAscii(name)) return EncodeHeaderText(name);
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

std::string RfcDate(int64_t now_unix) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t seconds = static_cast<std::time_t>(now_unix);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday],
                utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return buffer;
}

size_t CountNonAscii(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += c >= 0x80 ? 1 : 0;
  return count;
}

// Mostly-ASCII text stays readable as quoted-printable; mostly non-ASCII text (Cyrillic) is a third
// smaller as base64.
std::string BodyPart(std::string_view content_type, std::string_view body, bool before_boundary) {
  bool use_base64 = CountNonAscii(body) * 3 > body.size();
  std::string out = "Content-Type: " + std::string(content_type) + "; charset=UTF-8\r\n";
  if (use_base64) {
    std::string normalized;
    for (size_t i = 0; i < body.size(); ++i) {
      if (body[i] == '\n' && (i == 0 || body[i - 1] != '\r')) normalized += '\r';
      normalized += body[i];
    }
    out += "Content-Transfer-Encoding: base64\r\n\r\n" + EncodeBase64Lines(normalized);
  } else {
    out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + EncodeQuotedPrintable(body);
    // RFC 2046 §5.1.1: the CRLF before a boundary belongs to the boundary, so a body that ends with
    // a line break needs one more to keep it.
    if (before_boundary) out += kCrlf;
  }
  if (!out.ends_with(kCrlf)) out += kCrlf;
  return out;
}

}  // namespace

Result<Mailbox> ParseMailbox(std::string_view text) {
  text = Trim(text);
  Mailbox mailbox;
  if (text.ends_with('>')) {
    size_t open = text.rfind('<');
    if (open == std::string_view::npos) return InvalidArgument("mail address has an unmatched '>'");
    std::string_view name = Trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    mailbox.display_name = std::string(name);
    mailbox.address = std::string(text.substr(open + 1, text.size() - open - 2));
  } else {
    mailbox.address = std::string(text);
  }
  if (!IsPlainAddress(mailbox.address) || mailbox.display_name.find_first_of("\r\n") != std::string::npos) {
    return Error(ErrorCode::kInvalidArgument, "not a mail address").With("field", "from");
  }
  return mailbox;
}

std::string EncodeHeaderText(std::string_view text) {
  if (IsPrintableAscii(text) && text.size() <= 900) return std::string(text);
  std::string out;
  for (std::string_view chunk : Utf8Chunks(text, kEncodedWordPayloadBytes)) {
    if (!out.empty()) out += "\r\n ";  // folding whitespace between encoded words is not displayed
    out += "=?UTF-8?B?" + Base64(chunk) + "?=";
  }
  return out;
}

std::string EncodeQuotedPrintable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  size_t line_start = 0;
  while (line_start <= text.size()) {
    size_t line_end = text.find('\n', line_start);
    bool last_line = line_end == std::string_view::npos;
    std::string_view line =
        text.substr(line_start, last_line ? std::string_view::npos : line_end - line_start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    size_t column = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(line[i]);
      bool trailing_space = (c == ' ' || c == '\t') && i + 1 == line.size();
      bool literal = !trailing_space && ((c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t');
      std::string token =
          literal ? std::string(1, static_cast<char>(c)) : std::string{'=', kHex[c >> 4], kHex[c & 15]};
      if (column + token.size() > kMaxQuotedPrintableLine - 1) {  // keep room for the soft break '='
        out += "=\r\n";
        column = 0;
      }
      out += token;
      column += token.size();
    }
    if (last_line) break;
    out += kCrlf;
    line_start = line_end + 1;
  }
  return out;
}

std::string EncodeBase64Lines(std::string_view bytes) {
  std::string encoded = Base64(bytes);
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + std::string(kCrlf);
  return out;
}

Result<std::string> ComposeMessage(const Message& message, const Mailbox& from, int64_t now_unix) {
  X8_TRY_STATUS(ValidateMessage(message));
  std::string domain = from.address.substr(from.address.rfind('@') + 1);
  std::string out;
  out += "Date: " + RfcDate(now_unix) + "\r\n";
  out += "From: " +
         (from.display_name.empty() ? from.address
                                    : QuotedDisplayName(from.display_name) + " <" + from.address + ">") +
         "\r\n";
  out += "To: " + message.to + "\r\n";
  out += "Subject: " + EncodeHeaderText(message.subject) + "\r\n";
  out += "Message-ID: <" + RandomHex(16) + "@" + domain + ">\r\n";
  // RFC 3834: tells vacation responders not to answer a code or a link.
  out += "Auto-Submitted: auto-generated\r\n";
  out += "MIME-Version: 1.0\r\n";
  if (message.html.empty()) return out + BodyPart("text/plain", message.text, false);

  // "=_" cannot occur in quoted-printable or base64 output, so the boundary never collides with a body.
  std::string boundary = "=_x8_" + RandomHex(12);
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\n" + BodyPart("text/plain", message.text, true);
  out += "--" + boundary + "\r\n" + BodyPart("text/html", message.html, true);
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace x8::mail
