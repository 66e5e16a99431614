#include "modules/conversations/store/sql_conversation_repository.h"

#include <vector>

#include "core/ids.h"
#include "core/json.h"
#include "platform/storage/text_search.h"

namespace x8::conversations {
namespace {

using storage::Row;
using storage::Value;
namespace bj = boost::json;

constexpr int64_t kDayMillis = 24LL * 3600 * 1000;

constexpr std::string_view kChannelColumns =
    "id, account_id, company_id, kind, name, status, public_key, settings_json, created_at, updated_at";
constexpr std::string_view kInsertChannel =
    "INSERT INTO channels (id, account_id, company_id, kind, name, status, public_key, settings_json, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

constexpr std::string_view kContactColumns =
    "id, account_id, company_id, channel_kind, external_id, display_name, source, campaign, created_at, "
    "last_seen_at";
constexpr std::string_view kInsertContact =
    "INSERT INTO contacts (id, account_id, company_id, channel_kind, external_id, display_name, source, "
    "campaign, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (company_id, channel_kind, external_id) DO NOTHING";
constexpr std::string_view kTouchContact =
    "UPDATE contacts SET last_seen_at = ?, display_name = CASE WHEN ? <> '' THEN ? WHEN display_name = '' "
    "THEN ? ELSE display_name END "
    "WHERE company_id = ? AND channel_kind = ? AND external_id = ?";
constexpr std::string_view kSelectContact =
    "SELECT id, account_id, company_id, channel_kind, external_id, display_name, source, campaign, "
    "created_at, last_seen_at FROM contacts WHERE company_id = ? AND channel_kind = ? AND external_id = ?";
constexpr std::string_view kCountContacts =
    "SELECT COUNT(*) AS n FROM contacts WHERE company_id = ? AND channel_kind = ?";

// Conversations joined with their channel and contact for display.
constexpr std::string_view kConversationSelect =
    "SELECT c.id, c.account_id, c.company_id, c.channel_id, c.contact_id, c.status, c.mode, c.needs_human, "
    "c.payment_status, c.outcome, c.language, c.engine_state_json, c.cart_json, c.last_seq, "
    "c.last_inbound_seq, c.answered_seq, c.reply_due_at, c.last_message_at, c.last_message_preview, "
    "c.message_count, c.unread_count, c.handled_by_user_id, c.created_at, c.updated_at, "
    "ch.kind AS channel_kind, ch.name AS channel_name, ct.channel_kind AS contact_channel_kind, "
    "ct.external_id AS contact_external_id, ct.display_name AS contact_name, ct.source AS contact_source, "
    "ct.campaign AS contact_campaign, ct.created_at AS contact_created_at, "
    "ct.last_seen_at AS contact_last_seen_at "
    "FROM conversations c JOIN channels ch ON ch.id = c.channel_id JOIN contacts ct ON ct.id = c.contact_id ";
constexpr std::string_view kInsertConversation =
    "INSERT INTO conversations (id, account_id, company_id, channel_id, contact_id, status, mode, "
    "needs_human, "
    "payment_status, outcome, language, engine_state_json, cart_json, last_seq, last_inbound_seq, "
    "answered_seq, reply_due_at, last_message_at, last_message_preview, message_count, unread_count, "
    "handled_by_user_id, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (channel_id, contact_id) DO NOTHING";
constexpr std::string_view kSaveConversation =
    "UPDATE conversations SET status = ?, mode = ?, needs_human = ?, payment_status = ?, outcome = ?, "
    "language = ?, engine_state_json = ?, cart_json = ?, last_seq = ?, last_inbound_seq = ?, answered_seq = "
    "?, "
    "reply_due_at = ?, last_message_at = ?, last_message_preview = ?, message_count = ?, unread_count = ?, "
    "handled_by_user_id = ?, updated_at = ? WHERE id = ? AND account_id = ?";

constexpr std::string_view kMessageColumns =
    "id, account_id, conversation_id, seq, direction, author, author_user_id, text, buttons_json, "
    "media_json, "
    "attachments_json, trace_json, status, error, external_id, created_at, sent_at";
constexpr std::string_view kInsertMessage =
    "INSERT INTO messages (id, account_id, conversation_id, seq, direction, author, author_user_id, text, "
    "buttons_json, media_json, attachments_json, trace_json, status, error, external_id, created_at, "
    "sent_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSaveMessageDelivery =
    "UPDATE messages SET status = ?, error = ?, external_id = ?, sent_at = ? WHERE id = ? AND account_id = ?";

constexpr std::string_view kInsertInboundEvent =
    "INSERT INTO inbound_events (id, channel_id, external_id, payload, received_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (channel_id, external_id) DO NOTHING";
constexpr std::string_view kLinkInboundEvent =
    "UPDATE inbound_events SET message_id = ? WHERE channel_id = ? AND external_id = ?";
constexpr std::string_view kInboundEventMessage =
    "SELECT message_id FROM inbound_events WHERE channel_id = ? AND external_id = ?";

constexpr std::string_view kSelectSettings =
    "SELECT company_id, account_id, engine, debounce_ms, retention_days, default_language, prompts_json, "
    "version, updated_at, updated_by FROM assistant_settings WHERE company_id = ?";
constexpr std::string_view kUpsertSettings =
    "INSERT INTO assistant_settings (company_id, account_id, engine, debounce_ms, retention_days, "
    "default_language, prompts_json, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (company_id) DO UPDATE SET engine = excluded.engine, debounce_ms = excluded.debounce_ms, "
    "retention_days = excluded.retention_days, default_language = excluded.default_language, "
    "prompts_json = excluded.prompts_json, version = excluded.version, updated_at = excluded.updated_at, "
    "updated_by = excluded.updated_by";

// A message is expired when it is older than its company's retention window.
constexpr std::string_view kDeleteExpiredMessages =
    "DELETE FROM messages WHERE id IN (SELECT m.id FROM messages m "
    "JOIN conversations c ON c.id = m.conversation_id "
    "LEFT JOIN assistant_settings s ON s.company_id = c.company_id "
    "WHERE m.created_at + COALESCE(s.retention_days, ?) * 86400000 < ?)";
constexpr std::string_view kDeleteEmptyExpiredConversations =
    "DELETE FROM conversations WHERE id IN (SELECT c.id FROM conversations c "
    "LEFT JOIN assistant_settings s ON s.company_id = c.company_id "
    "WHERE c.last_message_at + COALESCE(s.retention_days, ?) * 86400000 < ? "
    "AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id))";
constexpr std::string_view kRecountMessages =
    "UPDATE conversations SET message_count = (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = "
    "conversations.id) WHERE message_count <> (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = "
    "conversations.id)";
constexpr std::string_view kDeleteOldInboundEvents = "DELETE FROM inbound_events WHERE received_at < ?";
constexpr std::string_view kAccountsOverLimit =
    "SELECT account_id, COUNT(*) AS n FROM messages GROUP BY account_id HAVING COUNT(*) > ?";
constexpr std::string_view kAccountConversationsOldestFirst =
    "SELECT c.id, (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS n "
    "FROM conversations c WHERE c.account_id = ? ORDER BY c.last_message_at, c.id";
constexpr std::string_view kDeleteConversationMessages = "DELETE FROM messages WHERE conversation_id = ?";
constexpr std::string_view kDeleteConversation = "DELETE FROM conversations WHERE id = ?";
constexpr std::string_view kCompanyStats =
    "SELECT (SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id "
    "WHERE c.company_id = ? AND m.direction = 'in') AS messages_in, "
    "(SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id "
    "WHERE c.company_id = ? AND m.direction = 'out') AS messages_out, "
    "(SELECT COUNT(*) FROM conversations c WHERE c.company_id = ?) AS conversations";

Value OptText(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  return *text;
}
Value OptInt(const std::optional<int64_t>& value) {
  if (!value) return nullptr;
  return *value;
}
Value NullIfEmpty(const std::string& text) {
  if (text.empty()) return nullptr;
  return text;
}

bj::value ParseOr(const std::string& text, bj::value fallback) {
  auto parsed = json::Parse(text);
  return parsed ? std::move(*parsed) : std::move(fallback);
}

bj::object ParseObjectOrEmpty(const std::string& text) {
  auto parsed = json::ParseObject(text);
  return parsed ? std::move(*parsed) : bj::object{};
}

Channel ChannelFromRow(const Row& row) {
  return Channel{.id = row.Text("id"),
                 .account_id = row.Text("account_id"),
                 .company_id = row.Text("company_id"),
                 .kind = row.Text("kind"),
                 .name = row.Text("name"),
                 .status = row.Text("status"),
                 .public_key = row.OptText("public_key").value_or(""),
                 .settings = ParseObjectOrEmpty(row.Text("settings_json")),
                 .created_at = row.Int("created_at"),
                 .updated_at = row.Int("updated_at")};
}

Contact ContactFromRow(const Row& row) {
  return Contact{.id = row.Text("id"),
                 .account_id = row.Text("account_id"),
                 .company_id = row.Text("company_id"),
                 .channel_kind = row.Text("channel_kind"),
                 .external_id = row.Text("external_id"),
                 .display_name = row.Text("display_name"),
                 .source = row.Text("source"),
                 .campaign = row.Text("campaign"),
                 .created_at = row.Int("created_at"),
                 .last_seen_at = row.Int("last_seen_at")};
}

Result<Conversation> ConversationFromRow(const Row& row) {
  Conversation c;
  c.id = row.Text("id");
  c.account_id = row.Text("account_id");
  c.company_id = row.Text("company_id");
  c.channel_id = row.Text("channel_id");
  c.contact_id = row.Text("contact_id");
  c.status = row.Text("status");
  c.mode = row.Text("mode");
  c.needs_human = row.Bool("needs_human");
  c.payment_status = row.Text("payment_status");
  c.outcome = row.Text("outcome");
  c.language = row.Text("language");
  c.engine_state = ParseObjectOrEmpty(row.Text("engine_state_json"));
  X8_TRY(auto cart_json, json::Parse(row.Text("cart_json")));
  X8_TRY(c.cart, commerce::CartFromJson(cart_json));
  c.last_seq = row.Int("last_seq");
  c.last_inbound_seq = row.Int("last_inbound_seq");
  c.answered_seq = row.Int("answered_seq");
  c.reply_due_at = row.OptInt("reply_due_at");
  c.last_message_at = row.Int("last_message_at");
  c.last_message_preview = row.Text("last_message_preview");
  c.message_count = row.Int("message_count");
  c.unread_count = row.Int("unread_count");
  c.handled_by_user_id = row.OptText("handled_by_user_id");
  c.created_at = row.Int("created_at");
  c.updated_at = row.Int("updated_at");
  c.channel_kind = row.Text("channel_kind");
  c.channel_name = row.Text("channel_name");
  c.contact = Contact{.id = c.contact_id,
                      .account_id = c.account_id,
                      .company_id = c.company_id,
                      .channel_kind = row.Text("contact_channel_kind"),
                      .external_id = row.Text("contact_external_id"),
                      .display_name = row.Text("contact_name"),
                      .source = row.Text("contact_source"),
                      .campaign = row.Text("contact_campaign"),
                      .created_at = row.Int("contact_created_at"),
                      .last_seen_at = row.Int("contact_last_seen_at")};
  return c;
}

Message MessageFromRow(const Row& row) {
  Message m;
  m.id = row.Text("id");
  m.account_id = row.Text("account_id");
  m.conversation_id = row.Text("conversation_id");
  m.seq = row.Int("seq");
  m.direction = row.Text("direction");
  m.author = row.Text("author");
  m.author_user_id = row.OptText("author_user_id");
  m.text = row.Text("text");
  m.buttons = ButtonsFromJson(ParseOr(row.Text("buttons_json"), bj::array{}));
  m.media_urls = StringsFromJson(ParseOr(row.Text("media_json"), bj::array{}));
  m.attachments = AttachmentsFromJson(ParseOr(row.Text("attachments_json"), bj::array{}));
  if (auto trace = row.OptText("trace_json")) {
    auto parsed = ParseOr(*trace, nullptr);
    if (parsed.is_array()) m.trace = std::move(parsed.get_array());
  }
  m.status = row.Text("status");
  m.error = row.OptText("error");
  m.external_id = row.OptText("external_id");
  m.created_at = row.Int("created_at");
  m.sent_at = row.OptInt("sent_at");
  return m;
}

Result<std::optional<Conversation>> FirstConversation(const storage::Rows& rows) {
  if (rows.empty()) return std::optional<Conversation>();
  X8_TRY(auto conversation, ConversationFromRow(rows[0]));
  return std::optional<Conversation>(std::move(conversation));
}

std::string Select(std::string_view columns, std::string_view rest) {
  return "SELECT " + std::string(columns) + " " + std::string(rest);
}

}  // namespace

Result<std::optional<Channel>> SqlConversationRepository::GetChannel(storage::Executor& ex,
                                                                     std::string_view channel_id) {
  X8_TRY(auto rows,
         ex.Query(Select(kChannelColumns, "FROM channels WHERE id = ?"), {std::string(channel_id)}));
  if (rows.empty()) return std::optional<Channel>();
  return std::optional<Channel>(ChannelFromRow(rows[0]));
}

Result<std::optional<Channel>> SqlConversationRepository::FindChannelByKey(storage::Executor& ex,
                                                                           std::string_view public_key) {
  X8_TRY(auto rows,
         ex.Query(Select(kChannelColumns, "FROM channels WHERE public_key = ?"), {std::string(public_key)}));
  if (rows.empty()) return std::optional<Channel>();
  return std::optional<Channel>(ChannelFromRow(rows[0]));
}

Result<std::optional<Channel>> SqlConversationRepository::FindCompanyChannel(storage::Executor& ex,
                                                                             std::string_view company_id,
                                                                             std::string_view kind) {
  X8_TRY(auto rows,
         ex.Query(Select(kChannelColumns, "FROM channels WHERE company_id = ? AND kind = ? ORDER BY id"),
                  {std::string(company_id), std::string(kind)}));
  if (rows.empty()) return std::optional<Channel>();
  return std::optional<Channel>(ChannelFromRow(rows[0]));
}

Status SqlConversationRepository::InsertChannel(storage::Executor& ex, const Channel& channel) {
  X8_TRY_STATUS(
      ex.Exec(kInsertChannel, {channel.id, channel.account_id, channel.company_id, channel.kind, channel.name,
                               channel.status, NullIfEmpty(channel.public_key),
                               json::Serialize(channel.settings), channel.created_at, channel.updated_at}));
  return Ok();
}

Result<Contact> SqlConversationRepository::UpsertContact(storage::Executor& ex, const Contact& contact,
                                                         std::string_view fallback_name) {
  const std::string fallback(fallback_name);
  X8_TRY_STATUS(ex.Exec(kInsertContact,
                        {contact.id, contact.account_id, contact.company_id, contact.channel_kind,
                         contact.external_id, contact.display_name.empty() ? fallback : contact.display_name,
                         contact.source, contact.campaign, contact.created_at, contact.last_seen_at}));
  X8_TRY_STATUS(
      ex.Exec(kTouchContact, {contact.last_seen_at, contact.display_name, contact.display_name, fallback,
                              contact.company_id, contact.channel_kind, contact.external_id}));
  X8_TRY(auto rows,
         ex.Query(kSelectContact, {contact.company_id, contact.channel_kind, contact.external_id}));
  if (rows.empty()) return Internal("contact vanished after upsert");
  return ContactFromRow(rows[0]);
}

Result<int64_t> SqlConversationRepository::CountContacts(storage::Executor& ex, std::string_view company_id,
                                                         std::string_view channel_kind) {
  X8_TRY(auto rows, ex.Query(kCountContacts, {std::string(company_id), std::string(channel_kind)}));
  return rows[0].Int("n");
}

Result<std::optional<Conversation>> SqlConversationRepository::GetConversation(storage::Executor& ex,
                                                                               std::string_view id) {
  X8_TRY(auto rows, ex.Query(std::string(kConversationSelect) + "WHERE c.id = ?", {std::string(id)}));
  return FirstConversation(rows);
}

Result<std::optional<Conversation>> SqlConversationRepository::LockConversation(storage::Tx& tx,
                                                                                std::string_view id) {
  std::string sql = std::string(kConversationSelect) + "WHERE c.id = ?";
  // SQLite transactions already hold the single writer (BEGIN IMMEDIATE).
  if (tx.dialect() == storage::Dialect::kPostgres) sql += " FOR UPDATE OF c";
  X8_TRY(auto rows, tx.Query(sql, {std::string(id)}));
  return FirstConversation(rows);
}

Result<std::optional<Conversation>> SqlConversationRepository::FindConversation(storage::Executor& ex,
                                                                                std::string_view channel_id,
                                                                                std::string_view contact_id) {
  X8_TRY(auto rows, ex.Query(std::string(kConversationSelect) + "WHERE c.channel_id = ? AND c.contact_id = ?",
                             {std::string(channel_id), std::string(contact_id)}));
  return FirstConversation(rows);
}

Result<std::optional<Conversation>> SqlConversationRepository::FindConversationByContact(
    storage::Executor& ex, std::string_view channel_id, std::string_view contact_external_id) {
  X8_TRY(auto rows,
         ex.Query(std::string(kConversationSelect) + "WHERE c.channel_id = ? AND ct.external_id = ?",
                  {std::string(channel_id), std::string(contact_external_id)}));
  return FirstConversation(rows);
}

Status SqlConversationRepository::InsertConversation(storage::Executor& ex, const Conversation& c) {
  X8_TRY_STATUS(ex.Exec(kInsertConversation, {c.id,
                                              c.account_id,
                                              c.company_id,
                                              c.channel_id,
                                              c.contact_id,
                                              c.status,
                                              c.mode,
                                              int64_t{c.needs_human},
                                              c.payment_status,
                                              c.outcome,
                                              c.language,
                                              json::Serialize(c.engine_state),
                                              json::Serialize(commerce::ToJson(c.cart)),
                                              c.last_seq,
                                              c.last_inbound_seq,
                                              c.answered_seq,
                                              OptInt(c.reply_due_at),
                                              c.last_message_at,
                                              c.last_message_preview,
                                              c.message_count,
                                              c.unread_count,
                                              OptText(c.handled_by_user_id),
                                              c.created_at,
                                              c.updated_at}));
  return Ok();
}

Status SqlConversationRepository::SaveConversation(storage::Executor& ex, const Conversation& c) {
  X8_TRY(auto changed, ex.Exec(kSaveConversation, {c.status,
                                                   c.mode,
                                                   int64_t{c.needs_human},
                                                   c.payment_status,
                                                   c.outcome,
                                                   c.language,
                                                   json::Serialize(c.engine_state),
                                                   json::Serialize(commerce::ToJson(c.cart)),
                                                   c.last_seq,
                                                   c.last_inbound_seq,
                                                   c.answered_seq,
                                                   OptInt(c.reply_due_at),
                                                   c.last_message_at,
                                                   c.last_message_preview,
                                                   c.message_count,
                                                   c.unread_count,
                                                   OptText(c.handled_by_user_id),
                                                   c.updated_at,
                                                   c.id,
                                                   c.account_id}));
  if (changed == 0) return NotFound("conversation not found");
  return Ok();
}

Result<std::vector<Conversation>> SqlConversationRepository::ListConversations(
    storage::Executor& ex, std::string_view account_id, std::string_view company_id,
    const ConversationFilter& filter) {
  std::string sql = std::string(kConversationSelect) + "WHERE c.account_id = ? AND c.company_id = ?";
  std::vector<Value> params{std::string(account_id), std::string(company_id)};
  auto equals = [&](std::string_view column, const std::optional<std::string>& value) {
    if (!value) return;
    sql += " AND " + std::string(column) + " = ?";
    params.emplace_back(*value);
  };
  equals("ch.kind", filter.channel_kind);
  equals("c.status", filter.status);
  equals("c.outcome", filter.outcome);
  equals("c.mode", filter.mode);
  if (!filter.query.empty()) {
    // Unicode case-insensitive on both engines: x8_fold on SQLite, lower() on PostgreSQL (text_search.h).
    std::string pattern = storage::LikeContains(filter.query);
    sql +=
        " AND (" + storage::FoldedContains(ex.dialect(), "ct.display_name") +
        " OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.direction <> 'note' AND " +
        storage::FoldedContains(ex.dialect(), "m.text") + "))";
    params.emplace_back(pattern);
    params.emplace_back(pattern);
  }
  if (filter.before) {
    sql += " AND (c.last_message_at < ? OR (c.last_message_at = ? AND c.id < ?))";
    params.emplace_back(filter.before->first);
    params.emplace_back(filter.before->first);
    params.emplace_back(filter.before->second);
  }
  sql += " ORDER BY c.last_message_at DESC, c.id DESC LIMIT ?";
  params.emplace_back(filter.limit);
  X8_TRY(auto rows, ex.Query(sql, params));
  std::vector<Conversation> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    X8_TRY(auto conversation, ConversationFromRow(row));
    out.push_back(std::move(conversation));
  }
  return out;
}

Status SqlConversationRepository::InsertMessage(storage::Executor& ex, const Message& m) {
  Value trace = nullptr;
  if (m.trace) trace = json::Serialize(*m.trace);
  X8_TRY_STATUS(ex.Exec(
      kInsertMessage,
      {m.id, m.account_id, m.conversation_id, m.seq, m.direction, m.author, OptText(m.author_user_id), m.text,
       json::Serialize(ButtonsToJson(m.buttons)), json::Serialize(StringsToJson(m.media_urls)),
       json::Serialize(AttachmentsToJson(m.attachments)), trace, m.status, OptText(m.error),
       OptText(m.external_id), m.created_at, OptInt(m.sent_at)}));
  return Ok();
}

Result<std::optional<Message>> SqlConversationRepository::GetMessage(storage::Executor& ex,
                                                                     std::string_view id) {
  X8_TRY(auto rows, ex.Query(Select(kMessageColumns, "FROM messages WHERE id = ?"), {std::string(id)}));
  if (rows.empty()) return std::optional<Message>();
  return std::optional<Message>(MessageFromRow(rows[0]));
}

Status SqlConversationRepository::SaveMessageDelivery(storage::Executor& ex, const Message& m) {
  X8_TRY_STATUS(ex.Exec(kSaveMessageDelivery, {m.status, OptText(m.error), OptText(m.external_id),
                                               OptInt(m.sent_at), m.id, m.account_id}));
  return Ok();
}

Result<std::vector<Message>> SqlConversationRepository::ListMessagesBefore(storage::Executor& ex,
                                                                           std::string_view conversation_id,
                                                                           int64_t before_seq, int64_t limit,
                                                                           bool include_notes) {
  std::string rest = "FROM messages WHERE conversation_id = ?";
  std::vector<Value> params{std::string(conversation_id)};
  if (before_seq > 0) {
    rest += " AND seq < ?";
    params.emplace_back(before_seq);
  }
  if (!include_notes) rest += " AND direction <> 'note'";
  rest += " ORDER BY seq DESC LIMIT ?";
  params.emplace_back(limit);
  X8_TRY(auto rows, ex.Query(Select(kMessageColumns, rest), params));
  std::vector<Message> out;
  out.reserve(rows.size());
  for (auto it = rows.rows.rbegin(); it != rows.rows.rend(); ++it) out.push_back(MessageFromRow(*it));
  return out;
}

Result<std::vector<Message>> SqlConversationRepository::ListMessagesAfter(storage::Executor& ex,
                                                                          std::string_view conversation_id,
                                                                          int64_t after_seq, int64_t limit) {
  X8_TRY(auto rows,
         ex.Query(Select(kMessageColumns,
                         "FROM messages WHERE conversation_id = ? AND seq > ? AND direction <> 'note' "
                         "ORDER BY seq LIMIT ?"),
                  {std::string(conversation_id), after_seq, limit}));
  std::vector<Message> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(MessageFromRow(row));
  return out;
}

Result<std::vector<Message>> SqlConversationRepository::CustomerMessagesBetween(
    storage::Executor& ex, std::string_view conversation_id, int64_t from_seq, int64_t to_seq) {
  X8_TRY(auto rows,
         ex.Query(Select(kMessageColumns,
                         "FROM messages WHERE conversation_id = ? AND direction = 'in' AND seq > ? "
                         "AND seq <= ? ORDER BY seq"),
                  {std::string(conversation_id), from_seq, to_seq}));
  std::vector<Message> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(MessageFromRow(row));
  return out;
}

Result<bool> SqlConversationRepository::InsertInboundEvent(storage::Executor& ex, std::string_view channel_id,
                                                           std::string_view external_id,
                                                           std::string_view payload, int64_t received_at) {
  X8_TRY(auto inserted,
         ex.Exec(kInsertInboundEvent, {NewId("evt", received_at), std::string(channel_id),
                                       std::string(external_id), std::string(payload), received_at}));
  return inserted > 0;
}

Status SqlConversationRepository::LinkInboundEvent(storage::Executor& ex, std::string_view channel_id,
                                                   std::string_view external_id,
                                                   std::string_view message_id) {
  X8_TRY_STATUS(ex.Exec(kLinkInboundEvent,
                        {std::string(message_id), std::string(channel_id), std::string(external_id)}));
  return Ok();
}

Result<std::string> SqlConversationRepository::InboundEventMessage(storage::Executor& ex,
                                                                   std::string_view channel_id,
                                                                   std::string_view external_id) {
  X8_TRY(auto rows, ex.Query(kInboundEventMessage, {std::string(channel_id), std::string(external_id)}));
  if (rows.empty()) return std::string();
  return rows[0].OptText("message_id").value_or("");
}

Result<std::optional<AssistantSettings>> SqlConversationRepository::GetSettings(storage::Executor& ex,
                                                                                std::string_view company_id) {
  X8_TRY(auto rows, ex.Query(kSelectSettings, {std::string(company_id)}));
  if (rows.empty()) return std::optional<AssistantSettings>();
  const auto& row = rows[0];
  AssistantSettings settings;
  settings.company_id = row.Text("company_id");
  settings.account_id = row.Text("account_id");
  settings.engine = row.Text("engine");
  settings.debounce_ms = row.Int("debounce_ms");
  settings.retention_days = row.Int("retention_days");
  settings.default_language = row.Text("default_language");
  for (const auto& [key, value] : ParseObjectOrEmpty(row.Text("prompts_json"))) {
    if (value.is_string()) settings.prompts[std::string(key)] = std::string(value.get_string());
  }
  settings.version = row.Int("version");
  settings.updated_at = row.Int("updated_at");
  settings.updated_by = row.OptText("updated_by");
  return std::optional<AssistantSettings>(std::move(settings));
}

Status SqlConversationRepository::SaveSettings(storage::Executor& ex, const AssistantSettings& s) {
  bj::object prompts;
  for (const auto& [key, value] : s.prompts) prompts[key] = value;
  X8_TRY_STATUS(ex.Exec(kUpsertSettings, {s.company_id, s.account_id, s.engine, s.debounce_ms,
                                          s.retention_days, s.default_language, json::Serialize(prompts),
                                          s.version, s.updated_at, OptText(s.updated_by)}));
  return Ok();
}

Result<RetentionCounts> SqlConversationRepository::DeleteExpired(storage::Executor& ex, int64_t now_ms,
                                                                 int64_t default_retention_days,
                                                                 int64_t inbound_before_ms) {
  RetentionCounts counts;
  X8_TRY(counts.messages_deleted, ex.Exec(kDeleteExpiredMessages, {default_retention_days, now_ms}));
  X8_TRY(counts.conversations_deleted,
         ex.Exec(kDeleteEmptyExpiredConversations, {default_retention_days, now_ms}));
  if (counts.messages_deleted > 0) X8_TRY_STATUS(ex.Exec(kRecountMessages));
  X8_TRY(counts.inbound_events_deleted, ex.Exec(kDeleteOldInboundEvents, {inbound_before_ms}));
  return counts;
}

Result<int64_t> SqlConversationRepository::TrimAccounts(storage::Executor& ex, int64_t max_messages) {
  X8_TRY(auto accounts, ex.Query(kAccountsOverLimit, {max_messages}));
  int64_t deleted = 0;
  for (const auto& account : accounts) {
    int64_t excess = account.Int("n") - max_messages;
    X8_TRY(auto conversations, ex.Query(kAccountConversationsOldestFirst, {account.Text("account_id")}));
    for (const auto& conversation : conversations) {
      if (excess <= 0) break;
      std::string id = conversation.Text("id");
      X8_TRY(auto removed, ex.Exec(kDeleteConversationMessages, {id}));
      X8_TRY_STATUS(ex.Exec(kDeleteConversation, {id}));
      excess -= removed;
      deleted += removed;
    }
  }
  return deleted;
}

Result<CompanyMessageStats> SqlConversationRepository::StatsFor(storage::Executor& ex,
                                                                std::string_view company_id) {
  std::string id(company_id);
  X8_TRY(auto rows, ex.Query(kCompanyStats, {id, id, id}));
  return CompanyMessageStats{.messages_in = rows[0].Int("messages_in"),
                             .messages_out = rows[0].Int("messages_out"),
                             .conversations = rows[0].Int("conversations")};
}

}  // namespace x8::conversations
