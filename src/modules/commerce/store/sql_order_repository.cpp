#include "modules/commerce/store/sql_order_repository.h"

#include <string>

#include "core/json.h"
#include "platform/storage/text_search.h"

namespace x8::commerce {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kOrderColumns =
    "id, account_id, company_id, conversation_id, contact_id, customer_name, payment_status, currency, "
    "subtotal_minor, delivery_minor, total_minor, quote_json, provider, session_id, payment_url, expires_at, "
    "paid_at, cancelled_at, expired_at, refunded_at, language, created_at, updated_at";

constexpr std::string_view kInsertOrder =
    "INSERT INTO orders (id, account_id, company_id, conversation_id, contact_id, customer_name, "
    "search_text, "
    "payment_status, currency, subtotal_minor, delivery_minor, total_minor, quote_json, provider, "
    "session_id, "
    "payment_url, expires_at, language, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kWhereScoped = " FROM orders WHERE account_id = ? AND id = ?";
constexpr std::string_view kWhereId = " FROM orders WHERE id = ?";
constexpr std::string_view kWhereLive =
    " FROM orders WHERE account_id = ? AND conversation_id = ? AND payment_status = 'payment_link_sent'";
constexpr std::string_view kListExpiring =
    " FROM orders WHERE payment_status = 'payment_link_sent' AND expires_at <= ? AND EXISTS (SELECT 1 FROM "
    "payment_sessions s WHERE s.order_id = orders.id AND s.status = 'open') ORDER BY expires_at, id LIMIT ?";

constexpr std::string_view kSessionColumns =
    "id, order_id, provider, external_id, url, status, expires_at, created_at, updated_at";
constexpr std::string_view kInsertSession =
    "INSERT INTO payment_sessions (id, order_id, provider, external_id, url, status, expires_at, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kFindSession = " FROM payment_sessions WHERE provider = ? AND external_id = ?";
constexpr std::string_view kSessionOfOrder =
    " FROM payment_sessions WHERE order_id = ? ORDER BY created_at DESC, id DESC LIMIT 1";
constexpr std::string_view kCloseSession =
    "UPDATE payment_sessions SET status = ?, updated_at = ? WHERE id = ? AND status = 'open'";

constexpr std::string_view kEventColumns =
    "id, provider, external_id, order_id, type, payload, created_at, applied_at";
// ON CONFLICT DO NOTHING: a duplicate is no error, and PostgreSQL's transaction stays usable.
constexpr std::string_view kInsertEvent =
    "INSERT INTO payment_events (id, provider, external_id, order_id, type, payload, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (provider, external_id) DO NOTHING";
constexpr std::string_view kGetEvent = " FROM payment_events WHERE id = ?";
constexpr std::string_view kMarkApplied =
    "UPDATE payment_events SET applied_at = ? WHERE id = ? AND applied_at IS NULL";
constexpr std::string_view kEventsOf = " FROM payment_events WHERE order_id = ? ORDER BY created_at, id";

std::string Select(std::string_view columns, std::string_view rest) {
  return "SELECT " + std::string(columns) + std::string(rest);
}

// The column stamped when an order enters `to`.
std::string_view StampColumn(PaymentStatus to) {
  switch (to) {
    case PaymentStatus::kPaid:
      return "paid_at";
    case PaymentStatus::kCancelled:
      return "cancelled_at";
    case PaymentStatus::kExpired:
      return "expired_at";
    case PaymentStatus::kRefunded:
      return "refunded_at";
    default:
      return "";
  }
}

Result<Order> OrderFromRow(const Row& row) {
  Order order;
  order.id = row.Text("id");
  order.account_id = row.Text("account_id");
  order.company_id = row.Text("company_id");
  order.conversation_id = row.Text("conversation_id");
  order.contact_id = row.Text("contact_id");
  order.customer_name = row.Text("customer_name");
  X8_TRY(order.payment_status, ParsePaymentStatus(row.Text("payment_status")));
  X8_TRY(auto quote_json, json::Parse(row.Text("quote_json")));
  X8_TRY(order.quote, QuoteFromJson(quote_json));
  order.quote.currency = row.Text("currency");
  order.quote.subtotal_minor = row.Int("subtotal_minor");
  order.quote.delivery_minor = row.Int("delivery_minor");
  order.quote.total_minor = row.Int("total_minor");
  order.provider = row.Text("provider");
  order.session_id = row.Text("session_id");
  order.payment_url = row.Text("payment_url");
  order.expires_at = row.Int("expires_at");
  order.paid_at = row.OptInt("paid_at");
  order.cancelled_at = row.OptInt("cancelled_at");
  order.expired_at = row.OptInt("expired_at");
  order.refunded_at = row.OptInt("refunded_at");
  order.language = row.Text("language");
  order.created_at = row.Int("created_at");
  order.updated_at = row.Int("updated_at");
  return order;
}

Result<std::optional<Order>> OneOrder(storage::Executor& ex, std::string_view sql,
                                      std::initializer_list<Value> params) {
  X8_TRY(auto rows, ex.Query(sql, params));
  if (rows.empty()) return std::optional<Order>();
  X8_TRY(auto order, OrderFromRow(rows[0]));
  return std::optional<Order>(std::move(order));
}

Result<PaymentSession> SessionFromRow(const Row& row) {
  PaymentSession session;
  session.id = row.Text("id");
  session.order_id = row.Text("order_id");
  session.provider = row.Text("provider");
  session.external_id = row.Text("external_id");
  session.url = row.Text("url");
  X8_TRY(session.status, ParseSessionStatus(row.Text("status")));
  session.expires_at = row.Int("expires_at");
  session.created_at = row.Int("created_at");
  session.updated_at = row.Int("updated_at");
  return session;
}

Result<std::optional<PaymentSession>> OneSession(storage::Executor& ex, std::string_view rest,
                                                 std::initializer_list<Value> params) {
  X8_TRY(auto rows, ex.Query(Select(kSessionColumns, rest), params));
  if (rows.empty()) return std::optional<PaymentSession>();
  X8_TRY(auto session, SessionFromRow(rows[0]));
  return std::optional<PaymentSession>(std::move(session));
}

Result<PaymentEvent> EventFromRow(const Row& row) {
  PaymentEvent event;
  event.id = row.Text("id");
  event.provider = row.Text("provider");
  event.external_id = row.Text("external_id");
  event.order_id = row.Text("order_id");
  X8_TRY(event.type, ParsePaymentEventType(row.Text("type")));
  event.payload = row.Text("payload");
  event.created_at = row.Int("created_at");
  event.applied_at = row.OptInt("applied_at");
  return event;
}

}  // namespace

Status SqlOrderRepository::Insert(storage::Executor& ex, const Order& order) {
  const std::string quote_json = json::Serialize(ToJson(order.quote));
  const std::string search = FoldForSearch(order.customer_name + " " + order.id);
  X8_TRY_STATUS(ex.Exec(kInsertOrder, {order.id,
                                       order.account_id,
                                       order.company_id,
                                       order.conversation_id,
                                       order.contact_id,
                                       order.customer_name,
                                       search,
                                       std::string(ToString(order.payment_status)),
                                       order.quote.currency,
                                       order.quote.subtotal_minor,
                                       order.quote.delivery_minor,
                                       order.quote.total_minor,
                                       quote_json,
                                       order.provider,
                                       order.session_id,
                                       order.payment_url,
                                       order.expires_at,
                                       order.language,
                                       order.created_at,
                                       order.updated_at}));
  return Ok();
}

Result<std::optional<Order>> SqlOrderRepository::Get(storage::Executor& ex, std::string_view account_id,
                                                     std::string_view order_id) {
  return OneOrder(ex, Select(kOrderColumns, kWhereScoped), {std::string(account_id), std::string(order_id)});
}

Result<std::optional<Order>> SqlOrderRepository::GetUnscoped(storage::Executor& ex,
                                                             std::string_view order_id) {
  return OneOrder(ex, Select(kOrderColumns, kWhereId), {std::string(order_id)});
}

Result<std::optional<Order>> SqlOrderRepository::FindLive(storage::Executor& ex, std::string_view account_id,
                                                          std::string_view conversation_id) {
  return OneOrder(ex, Select(kOrderColumns, kWhereLive),
                  {std::string(account_id), std::string(conversation_id)});
}

Result<bool> SqlOrderRepository::Transition(storage::Executor& ex, std::string_view order_id,
                                            PaymentStatus from, PaymentStatus to, int64_t at_ms) {
  std::string sql = "UPDATE orders SET payment_status = ?, updated_at = ?";
  if (auto column = StampColumn(to); !column.empty()) sql += ", " + std::string(column) + " = ?";
  sql += " WHERE id = ? AND payment_status = ?";
  std::vector<Value> params{std::string(ToString(to)), at_ms};
  if (!StampColumn(to).empty()) params.emplace_back(at_ms);
  params.emplace_back(std::string(order_id));
  params.emplace_back(std::string(ToString(from)));
  X8_TRY(auto affected, ex.Exec(sql, std::span<const Value>(params)));
  return affected > 0;
}

Result<OrderPage> SqlOrderRepository::List(storage::Executor& ex, std::string_view account_id,
                                           std::string_view company_id, const OrderFilter& filter) {
  std::string sql = Select(kOrderColumns, " FROM orders WHERE account_id = ? AND company_id = ?");
  std::vector<Value> params{std::string(account_id), std::string(company_id)};
  if (filter.payment_status) {
    sql += " AND payment_status = ?";
    params.emplace_back(std::string(ToString(*filter.payment_status)));
  }
  if (!filter.q.empty()) {
    // search_text holds FoldForSearch(name id) (ё → е); folding it again in SQL (x8_fold on SQLite,
    // lower() on PostgreSQL) matches the letters FoldForSearch leaves alone, "Émile" for "ÉMILE".
    sql += " AND " + storage::FoldedContains(ex.dialect(), "search_text");
    params.emplace_back(storage::LikeContains(FoldForSearch(filter.q)));
  }
  if (filter.cursor) {
    sql += " AND id < ?";
    params.emplace_back(*filter.cursor);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(filter.limit + 1);
  X8_TRY(auto rows, ex.Query(sql, std::span<const Value>(params)));
  OrderPage page;
  for (const auto& row : rows) {
    if (static_cast<int64_t>(page.items.size()) == filter.limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    X8_TRY(auto order, OrderFromRow(row));
    page.items.push_back(std::move(order));
  }
  return page;
}

Result<std::vector<Order>> SqlOrderRepository::ListExpiring(storage::Executor& ex, int64_t now_ms,
                                                            int64_t limit) {
  X8_TRY(auto rows, ex.Query(Select(kOrderColumns, kListExpiring), {now_ms, limit}));
  std::vector<Order> out;
  for (const auto& row : rows) {
    X8_TRY(auto order, OrderFromRow(row));
    out.push_back(std::move(order));
  }
  return out;
}

Status SqlOrderRepository::InsertSession(storage::Executor& ex, const PaymentSession& session) {
  X8_TRY_STATUS(ex.Exec(kInsertSession, {session.id, session.order_id, session.provider, session.external_id,
                                         session.url, std::string(ToString(session.status)),
                                         session.expires_at, session.created_at, session.updated_at}));
  return Ok();
}

Result<std::optional<PaymentSession>> SqlOrderRepository::FindSession(storage::Executor& ex,
                                                                      std::string_view provider,
                                                                      std::string_view external_id) {
  return OneSession(ex, kFindSession, {std::string(provider), std::string(external_id)});
}

Result<std::optional<PaymentSession>> SqlOrderRepository::SessionOfOrder(storage::Executor& ex,
                                                                         std::string_view order_id) {
  return OneSession(ex, kSessionOfOrder, {std::string(order_id)});
}

Result<bool> SqlOrderRepository::CloseSession(storage::Executor& ex, std::string_view session_id,
                                              SessionStatus to, int64_t at_ms) {
  X8_TRY(auto affected, ex.Exec(kCloseSession, {std::string(ToString(to)), at_ms, std::string(session_id)}));
  return affected > 0;
}

Result<bool> SqlOrderRepository::InsertEvent(storage::Executor& ex, const PaymentEvent& event) {
  X8_TRY(auto affected,
         ex.Exec(kInsertEvent, {event.id, event.provider, event.external_id, event.order_id,
                                std::string(ToString(event.type)), event.payload, event.created_at}));
  return affected > 0;
}

Result<std::optional<PaymentEvent>> SqlOrderRepository::GetEvent(storage::Executor& ex,
                                                                 std::string_view event_id) {
  X8_TRY(auto rows, ex.Query(Select(kEventColumns, kGetEvent), {std::string(event_id)}));
  if (rows.empty()) return std::optional<PaymentEvent>();
  X8_TRY(auto event, EventFromRow(rows[0]));
  return std::optional<PaymentEvent>(std::move(event));
}

Result<bool> SqlOrderRepository::MarkEventApplied(storage::Executor& ex, std::string_view event_id,
                                                  int64_t at_ms) {
  X8_TRY(auto affected, ex.Exec(kMarkApplied, {at_ms, std::string(event_id)}));
  return affected > 0;
}

Result<std::vector<PaymentEvent>> SqlOrderRepository::EventsOf(storage::Executor& ex,
                                                               std::string_view order_id) {
  X8_TRY(auto rows, ex.Query(Select(kEventColumns, kEventsOf), {std::string(order_id)}));
  std::vector<PaymentEvent> out;
  for (const auto& row : rows) {
    X8_TRY(auto event, EventFromRow(row));
    out.push_back(std::move(event));
  }
  return out;
}

}  // namespace x8::commerce
