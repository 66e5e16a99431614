#include "platform/mail/outbox.h"

#include <algorithm>
#include <cctype>

#include "core/ids.h"

namespace x8::mail {
namespace {

constexpr std::string_view kInsertSql =
    "INSERT INTO mail_outbox (id, to_addr, subject, text_body, html_body, tag, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kListSql =
    "SELECT id, to_addr, subject, text_body, html_body, tag, created_at FROM mail_outbox "
    "ORDER BY created_at DESC, id DESC LIMIT ?";
constexpr std::string_view kListToSql =
    "SELECT id, to_addr, subject, text_body, html_body, tag, created_at FROM mail_outbox "
    "WHERE LOWER(to_addr) = ? ORDER BY created_at DESC, id DESC LIMIT ?";

std::string AsciiLower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

const Clock& OutboxMailer::DefaultClock() {
  static const SystemClock clock;
  return clock;
}

Status OutboxMailer::Send(const Message& message) {
  X8_TRY_STATUS(ValidateMessage(message));
  int64_t now = clock_.NowMillis();
  X8_TRY(auto inserted, db_.Exec(kInsertSql, {NewId("mail", now), message.to, message.subject, message.text,
                                              message.html, message.tag, now}));
  (void)inserted;
  return Ok();
}

Result<std::vector<OutboxEntry>> ListOutbox(storage::Database& db, int limit, std::string to_filter) {
  int64_t bounded = std::clamp(limit, 1, 500);
  X8_TRY(auto rows, to_filter.empty() ? db.Query(kListSql, {bounded})
                                      : db.Query(kListToSql, {AsciiLower(std::move(to_filter)), bounded}));
  std::vector<OutboxEntry> entries;
  entries.reserve(rows.size());
  for (const auto& row : rows) {
    entries.push_back({row.Text("id"), row.Text("to_addr"), row.Text("subject"), row.Text("text_body"),
                       row.Text("html_body"), row.Text("tag"), row.Int("created_at")});
  }
  return entries;
}

}  // namespace x8::mail
