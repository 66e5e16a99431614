// Orders (a frozen quote with its payment status), the provider's checkout sessions and the events
// providers report, and the ports the commerce services work through. docs/payments.md.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "modules/commerce/domain/cart.h"
#include "modules/commerce/domain/checkout.h"
#include "platform/http/message.h"
#include "platform/storage/database.h"

namespace x8::commerce {

struct Order {
  std::string id;  // ord_…
  std::string account_id;
  std::string company_id;
  std::string conversation_id;
  std::string contact_id;
  std::string customer_name;
  PaymentStatus payment_status = PaymentStatus::kNoPaymentLink;
  Quote quote;  // currency and totals live here
  std::string provider;
  std::string session_id;  // the provider's checkout session id
  std::string payment_url;
  int64_t expires_at = 0;
  std::optional<int64_t> paid_at;
  std::optional<int64_t> cancelled_at;
  std::optional<int64_t> expired_at;
  std::optional<int64_t> refunded_at;
  std::string language;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

enum class SessionStatus { kOpen, kPaid, kCancelled, kExpired };
std::string_view ToString(SessionStatus status);
Result<SessionStatus> ParseSessionStatus(std::string_view text);

struct PaymentSession {
  std::string id;  // ps_…
  std::string order_id;
  std::string provider;
  std::string external_id;  // the provider's session id: cs_sandbox_…, cs_test_…
  std::string url;
  SessionStatus status = SessionStatus::kOpen;
  int64_t expires_at = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// What a provider reported. The type names follow Stripe's events where Stripe has one.
enum class PaymentEventType { kCompleted, kCancelled, kExpired, kRefunded };
std::string_view ToString(PaymentEventType type);  // checkout.session.completed | checkout.session.cancelled
                                                   // | checkout.session.expired | charge.refunded
Result<PaymentEventType> ParsePaymentEventType(std::string_view text);

struct PaymentEvent {
  std::string id;  // pev_…
  std::string provider;
  std::string external_id;  // the provider's event id (evt_…), unique per provider
  std::string order_id;
  PaymentEventType type = PaymentEventType::kCompleted;
  std::string payload = "{}";
  int64_t created_at = 0;
  std::optional<int64_t> applied_at;
};

inline constexpr std::string_view kSandboxProvider = "sandbox";
// The job that applies a stored payment event: payload {"event_id": "pev_…"}.
inline constexpr std::string_view kApplyEventJob = "payments.apply_event";
// The scheduled sweep that expires unpaid links past their expires_at.
inline constexpr std::string_view kExpireLinksJob = "payments.expire_links";

// The quote as orders.quote_json stores it (cart.h's ToJson(Quote)).
Result<Quote> QuoteFromJson(const boost::json::value& json);
// The Order JSON shape of docs/design/conversations.md.
boost::json::object ToJson(const Order& order);
// Case-folded text the ?q= filter matches: ASCII and Cyrillic letters lower-cased.
std::string FoldForSearch(std::string_view text);

struct OrderFilter {
  std::optional<PaymentStatus> payment_status;
  std::string q;
  std::optional<std::string> cursor;  // the last order id of the previous page
  int64_t limit = 50;
};

struct OrderPage {
  std::vector<Order> items;
  std::optional<std::string> next_cursor;
};

// Port: where orders, sessions and events live (store/sql_order_repository). Calls that answer the
// business take the tenant (account id); the unscoped ones serve the public checkout page, jobs and
// webhooks, which find an order by the provider's ids.
class OrderRepository {
 public:
  virtual ~OrderRepository() = default;

  virtual Status Insert(storage::Executor& ex, const Order& order) = 0;
  virtual Result<std::optional<Order>> Get(storage::Executor& ex, std::string_view account_id,
                                           std::string_view order_id) = 0;
  virtual Result<std::optional<Order>> GetUnscoped(storage::Executor& ex, std::string_view order_id) = 0;
  // The conversation's order whose link is still live (payment_link_sent), if any.
  virtual Result<std::optional<Order>> FindLive(storage::Executor& ex, std::string_view account_id,
                                                std::string_view conversation_id) = 0;
  // Moves the order from `from` to `to` (stamping paid_at/cancelled_at/expired_at/refunded_at with
  // `at_ms`); false when it was not in `from` (someone else moved it first).
  virtual Result<bool> Transition(storage::Executor& ex, std::string_view order_id, PaymentStatus from,
                                  PaymentStatus to, int64_t at_ms) = 0;
  // Newest first; q matches the customer's name and the order id.
  virtual Result<OrderPage> List(storage::Executor& ex, std::string_view account_id,
                                 std::string_view company_id, const OrderFilter& filter) = 0;
  // Orders with a live link whose expires_at ≤ now_ms and whose session is still open, oldest first.
  virtual Result<std::vector<Order>> ListExpiring(storage::Executor& ex, int64_t now_ms, int64_t limit) = 0;

  virtual Status InsertSession(storage::Executor& ex, const PaymentSession& session) = 0;
  virtual Result<std::optional<PaymentSession>> FindSession(storage::Executor& ex, std::string_view provider,
                                                            std::string_view external_id) = 0;
  virtual Result<std::optional<PaymentSession>> SessionOfOrder(storage::Executor& ex,
                                                               std::string_view order_id) = 0;
  // Moves an open session to `to`; false when it was no longer open.
  virtual Result<bool> CloseSession(storage::Executor& ex, std::string_view session_id, SessionStatus to,
                                    int64_t at_ms) = 0;

  // Stores the event; false (and nothing written) when (provider, external_id) is already stored.
  virtual Result<bool> InsertEvent(storage::Executor& ex, const PaymentEvent& event) = 0;
  virtual Result<std::optional<PaymentEvent>> GetEvent(storage::Executor& ex, std::string_view event_id) = 0;
  // Marks the event applied; false when it already was (so it is applied exactly once).
  virtual Result<bool> MarkEventApplied(storage::Executor& ex, std::string_view event_id, int64_t at_ms) = 0;
  virtual Result<std::vector<PaymentEvent>> EventsOf(storage::Executor& ex, std::string_view order_id) = 0;
};

struct ProviderSession {
  std::string session_id;  // cs_sandbox_… / cs_test_…
  std::string url;         // where the customer pays
};

struct ProviderRefund {
  std::string refund_id;   // re_…
  bool completed = false;  // the sandbox refunds at once; Stripe reports completion by a later event
};

// Port: a payment provider (the sandbox now, Stripe Checkout later). The calls run inside the caller's
// transaction so that the provider's own bookkeeping rows commit with the order.
class PaymentProvider {
 public:
  virtual ~PaymentProvider() = default;
  virtual std::string_view name() const = 0;
  virtual Result<ProviderSession> CreateSession(storage::Tx& tx, const Order& order,
                                                int64_t expires_at_ms) = 0;
  // The link must stop accepting payments (cancelled by the business or replaced by a newer link).
  virtual Status Cancel(storage::Tx& tx, const PaymentSession& session) = 0;
  // The link passed its expiry (Stripe: POST /v1/checkout/sessions/{id}/expire).
  virtual Status Expire(storage::Tx& tx, const PaymentSession& session) = 0;
  virtual Result<ProviderRefund> Refund(storage::Tx& tx, const Order& order) = 0;
};

// Port (implemented by the application over the companies module): the business's display name for the
// checkout page. kNotFound for an unknown company.
class MerchantDirectory {
 public:
  virtual ~MerchantDirectory() = default;
  virtual Result<std::string> NameOf(std::string_view company_id) = 0;
};

// Port (implemented by the application over the companies module): the account owning `company_id` when
// `principal` may reach the company; kNotFound otherwise (other tenants' and deleted companies).
class CompanyAccess {
 public:
  virtual ~CompanyAccess() = default;
  virtual Result<std::string> AccountOf(const http::Principal& principal, std::string_view company_id) = 0;
};

}  // namespace x8::commerce
