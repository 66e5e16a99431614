#include "modules/commerce/domain/service.h"

#include <boost/json.hpp>

#include "core/ids.h"
#include "core/json.h"
#include "modules/commerce/domain/sandbox_provider.h"

namespace x8::commerce {
namespace {

namespace bj = boost::json;

Status ValidateQuote(const Quote& quote) {
  if (quote.lines.empty()) return InvalidArgument("the cart is empty").With("field", "quote");
  if (quote.currency.empty()) return InvalidArgument("the quote has no currency").With("field", "currency");
  Cart cart;
  for (const auto& line : quote.lines) {
    if (line.line.currency != quote.currency) {
      return InvalidArgument("the quote mixes currencies").With("field", "currency");
    }
    cart.lines.push_back(line.line);
  }
  // The quote must be X8's own arithmetic on its lines: recompute and compare.
  X8_TRY(auto recomputed, QuoteOf(cart, quote.currency));
  for (size_t i = 0; i < quote.lines.size(); ++i) {
    if (recomputed.lines[i].total_minor != quote.lines[i].total_minor) {
      return InvalidArgument("a line total does not match its price and quantity").With("field", "quote");
    }
  }
  if (recomputed.subtotal_minor != quote.subtotal_minor || quote.delivery_minor < 0 ||
      quote.subtotal_minor + quote.delivery_minor != quote.total_minor) {
    return InvalidArgument("the quote's totals do not add up").With("field", "quote");
  }
  if (quote.total_minor <= 0)
    return InvalidArgument("the total must be above zero").With("field", "total_minor");
  return Ok();
}

std::string EventPayload(const PaymentEvent& event, const Order& order, const PaymentSession& session) {
  // Shaped like Stripe's event envelope so logs read the same for both providers.
  bj::object object{{"id", session.external_id},
                    {"object", "checkout.session"},
                    {"client_reference_id", order.id},
                    {"amount_total", order.quote.total_minor},
                    {"currency", order.quote.currency},
                    {"payment_status", event.type == PaymentEventType::kCompleted ? "paid" : "unpaid"}};
  return json::Serialize(bj::object{{"id", event.external_id},
                                    {"object", "event"},
                                    {"type", ToString(event.type)},
                                    {"created", event.created_at / 1000},
                                    {"livemode", false},
                                    {"data", bj::object{{"object", std::move(object)}}}});
}

Error NotPayable(const Order& order, const PaymentSession& session) {
  std::string_view reason = ToString(order.payment_status);
  if (order.payment_status == PaymentStatus::kPaymentLinkSent) {
    // The order waits for an event already recorded (paid or cancelled on this page), or it just expired.
    reason = session.status != SessionStatus::kOpen ? ToString(session.status) : "expired";
  }
  return Conflict("this payment link can no longer be used")
      .With("payment_status", ToString(order.payment_status))
      .With("reason", reason);
}

}  // namespace

CheckoutService::CheckoutService(storage::Database& db, OrderRepository& orders, PaymentProvider& provider,
                                 jobs::Queue& queue, const Clock& clock, const accounts::AccessPolicy& access,
                                 CompanyAccess& companies, CheckoutOptions options)
    : db_(db),
      orders_(orders),
      provider_(provider),
      queue_(queue),
      clock_(clock),
      access_(access),
      companies_(companies),
      options_(options) {}

Result<CheckoutLink> CheckoutService::CreateCheckout(storage::Tx& tx, const CheckoutRequest& request) {
  if (request.account_id.empty() || request.company_id.empty() || request.conversation_id.empty()) {
    return InvalidArgument("a checkout needs its account, company and conversation");
  }
  X8_TRY_STATUS(ValidateQuote(request.quote));
  const int64_t now = clock_.NowMillis();

  X8_TRY(auto live, orders_.FindLive(tx, request.account_id, request.conversation_id));
  if (live) X8_TRY_STATUS(CancelLink(tx, *live, now));

  Order order;
  order.id = NewId("ord", now);
  order.account_id = request.account_id;
  order.company_id = request.company_id;
  order.conversation_id = request.conversation_id;
  order.contact_id = request.contact_id;
  order.customer_name = request.customer_name;
  order.payment_status = PaymentStatus::kPaymentLinkSent;
  order.quote = request.quote;
  order.provider = std::string(provider_.name());
  order.expires_at = now + options_.link_ttl_ms;
  order.language = request.language == "ru" ? "ru" : "en";
  order.created_at = now;
  order.updated_at = now;
  X8_TRY(auto session, provider_.CreateSession(tx, order, order.expires_at));
  order.session_id = session.session_id;
  order.payment_url = session.url;
  X8_TRY_STATUS(orders_.Insert(tx, order));
  X8_TRY_STATUS(orders_.InsertSession(tx, PaymentSession{.id = NewId("ps", now),
                                                         .order_id = order.id,
                                                         .provider = order.provider,
                                                         .external_id = session.session_id,
                                                         .url = session.url,
                                                         .status = SessionStatus::kOpen,
                                                         .expires_at = order.expires_at,
                                                         .created_at = now,
                                                         .updated_at = now}));
  return CheckoutLink{.order_id = order.id,
                      .url = order.payment_url,
                      .expires_at_ms = order.expires_at,
                      .quote = order.quote};
}

Status CheckoutService::Notify(storage::Tx& tx, const Order& order, int64_t now) {
  PaymentObserver* observer = observer_.load();
  if (!observer) return Ok();
  return observer->PaymentStatusChanged(tx, OrderEvent{.order_id = order.id,
                                                       .account_id = order.account_id,
                                                       .company_id = order.company_id,
                                                       .conversation_id = order.conversation_id,
                                                       .status = order.payment_status,
                                                       .quote = order.quote,
                                                       .language = order.language,
                                                       .at_ms = now});
}

Result<bool> CheckoutService::Move(storage::Tx& tx, Order& order, PaymentStatus from, PaymentStatus to,
                                   std::optional<SessionStatus> session_to, int64_t now) {
  X8_TRY(bool moved, orders_.Transition(tx, order.id, from, to, now));
  if (!moved) return false;
  if (session_to) {
    X8_TRY(auto session, orders_.SessionOfOrder(tx, order.id));
    if (session) X8_TRY_STATUS(orders_.CloseSession(tx, session->id, *session_to, now));
  }
  X8_TRY(auto fresh, orders_.GetUnscoped(tx, order.id));
  if (!fresh) return Internal("an order vanished inside its transaction");
  order = std::move(*fresh);
  X8_TRY_STATUS(Notify(tx, order, now));
  return true;
}

Status CheckoutService::CancelLink(storage::Tx& tx, Order& order, int64_t now) {
  X8_TRY(auto session, orders_.SessionOfOrder(tx, order.id));
  if (session) {
    // The session is closed first, with a compare-and-set: when the customer has just paid (or cancelled)
    // and the event waits for its job, cancelling would lose a payment. kConflict is retryable: after the
    // job the order is no longer awaiting payment.
    bool closed = false;
    if (session->status == SessionStatus::kOpen) {
      X8_TRY_STATUS(provider_.Cancel(tx, *session));
      X8_TRY(closed, orders_.CloseSession(tx, session->id, SessionStatus::kCancelled, now));
    }
    if (!closed) {
      X8_TRY(auto current, orders_.SessionOfOrder(tx, order.id));  // closed a moment ago: say how
      const SessionStatus reason = current ? current->status : session->status;
      return Conflict("a payment for this order is being processed")
          .With("field", "payment_status")
          .With("payment_status", ToString(order.payment_status))
          .With("reason", ToString(reason));
    }
  }
  X8_TRY(bool moved,
         Move(tx, order, PaymentStatus::kPaymentLinkSent, PaymentStatus::kCancelled, std::nullopt, now));
  if (!moved) return Conflict("the order is no longer awaiting payment");
  return Ok();
}

Result<std::string> CheckoutService::RecordEvent(storage::Tx& tx, PaymentEvent event) {
  if (event.id.empty()) event.id = NewId("pev", clock_.NowMillis());
  if (event.created_at == 0) event.created_at = clock_.NowMillis();
  X8_TRY(bool inserted, orders_.InsertEvent(tx, event));
  if (!inserted) return std::string();
  X8_TRY_STATUS(
      queue_.Enqueue(tx, jobs::JobSpec{.kind = std::string(kApplyEventJob),
                                       .payload = json::Serialize(bj::object{{"event_id", event.id}}),
                                       .max_attempts = 10,
                                       .serial_key = "order:" + event.order_id}));
  return event.id;
}

Status CheckoutService::ApplyEvent(storage::Tx& tx, std::string_view event_id) {
  X8_TRY(auto event, orders_.GetEvent(tx, event_id));
  if (!event) return NotFound("no payment event " + std::string(event_id));
  const int64_t now = clock_.NowMillis();
  X8_TRY(bool first, orders_.MarkEventApplied(tx, event->id, now));
  if (!first) return Ok();  // applied before: exactly once
  X8_TRY(auto order, orders_.GetUnscoped(tx, event->order_id));
  if (!order) return NotFound("the event's order is gone");
  switch (event->type) {
    case PaymentEventType::kCompleted:
      X8_TRY_STATUS(
          Move(tx, *order, PaymentStatus::kPaymentLinkSent, PaymentStatus::kPaid, SessionStatus::kPaid, now));
      break;
    case PaymentEventType::kCancelled:
      X8_TRY_STATUS(Move(tx, *order, PaymentStatus::kPaymentLinkSent, PaymentStatus::kCancelled,
                         SessionStatus::kCancelled, now));
      break;
    case PaymentEventType::kExpired:
      X8_TRY_STATUS(Move(tx, *order, PaymentStatus::kPaymentLinkSent, PaymentStatus::kExpired,
                         SessionStatus::kExpired, now));
      break;
    case PaymentEventType::kRefunded:
      X8_TRY_STATUS(Move(tx, *order, PaymentStatus::kPaid, PaymentStatus::kRefunded, std::nullopt, now));
      break;
  }
  return Ok();
}

Result<int64_t> CheckoutService::ExpireLinks(storage::Tx& tx) {
  const int64_t now = clock_.NowMillis();
  X8_TRY(auto due, orders_.ListExpiring(tx, now, options_.expire_batch));
  int64_t expired = 0;
  for (auto& order : due) {
    X8_TRY(auto session, orders_.SessionOfOrder(tx, order.id));
    if (!session || session->status != SessionStatus::kOpen) continue;
    X8_TRY_STATUS(provider_.Expire(tx, *session));
    // Session first (compare-and-set): a payment pressed a moment ago wins over the sweep.
    X8_TRY(bool closed, orders_.CloseSession(tx, session->id, SessionStatus::kExpired, now));
    if (!closed) continue;
    X8_TRY(bool moved,
           Move(tx, order, PaymentStatus::kPaymentLinkSent, PaymentStatus::kExpired, std::nullopt, now));
    if (moved) ++expired;
  }
  return expired;
}

Result<SandboxCheckout> CheckoutService::SandboxView(std::string_view session_id) {
  if (!IsValidId(session_id, kSandboxSessionPrefix)) return NotFound("no such checkout");
  X8_TRY(auto session, orders_.FindSession(db_, kSandboxProvider, session_id));
  if (!session) return NotFound("no such checkout");
  X8_TRY(auto order, orders_.GetUnscoped(db_, session->order_id));
  if (!order) return NotFound("no such checkout");
  return SandboxCheckout{.order = std::move(*order), .session = std::move(*session)};
}

Result<SandboxCheckout> CheckoutService::SandboxAct(std::string_view session_id, PaymentEventType type) {
  if (!IsValidId(session_id, kSandboxSessionPrefix)) return NotFound("no such checkout");
  auto result = db_.Transact<SandboxCheckout>([&](storage::Tx& tx) -> Result<SandboxCheckout> {
    X8_TRY(auto session, orders_.FindSession(tx, kSandboxProvider, session_id));
    if (!session) return NotFound("no such checkout");
    X8_TRY(auto order, orders_.GetUnscoped(tx, session->order_id));
    if (!order) return NotFound("no such checkout");
    const int64_t now = clock_.NowMillis();
    if (order->payment_status != PaymentStatus::kPaymentLinkSent || session->status != SessionStatus::kOpen ||
        now >= order->expires_at) {
      return NotPayable(*order, *session);
    }
    const SessionStatus closed =
        type == PaymentEventType::kCompleted ? SessionStatus::kPaid : SessionStatus::kCancelled;
    X8_TRY(bool closed_now, orders_.CloseSession(tx, session->id, closed, now));
    if (!closed_now) return NotPayable(*order, *session);
    session->status = closed;
    session->updated_at = now;
    PaymentEvent event{.id = NewId("pev", now),
                       .provider = std::string(kSandboxProvider),
                       .external_id = NewId("evt", now),
                       .order_id = order->id,
                       .type = type,
                       .created_at = now};
    event.payload = EventPayload(event, *order, *session);
    X8_TRY_STATUS(RecordEvent(tx, event));
    return SandboxCheckout{.order = std::move(*order), .session = std::move(*session)};
  });
  if (result && wake_) wake_();
  return result;
}

Result<OrderPage> CheckoutService::List(const http::Principal& principal, std::string_view company_id,
                                        const OrderFilter& filter) {
  X8_TRY(auto account_id, companies_.AccountOf(principal, company_id));
  return orders_.List(db_, account_id, company_id, filter);
}

Result<Order> CheckoutService::Reachable(const http::Principal& principal, std::string_view order_id) {
  if (!IsValidId(order_id, "ord")) return NotFound("no such order");
  X8_TRY(auto order, orders_.GetUnscoped(db_, order_id));
  if (!order) return NotFound("no such order");
  X8_TRY_STATUS(access_.CanAccess(principal, order->account_id));
  return std::move(*order);
}

Result<Order> CheckoutService::Get(const http::Principal& principal, std::string_view order_id) {
  return Reachable(principal, order_id);
}

Result<Order> CheckoutService::Cancel(const http::Principal& principal, std::string_view order_id) {
  X8_TRY(auto found, Reachable(principal, order_id));
  return db_.Transact<Order>([&](storage::Tx& tx) -> Result<Order> {
    X8_TRY(auto order, orders_.Get(tx, found.account_id, found.id));
    if (!order) return NotFound("no such order");
    if (order->payment_status != PaymentStatus::kPaymentLinkSent) {
      return Conflict("only an order awaiting payment can be cancelled")
          .With("field", "payment_status")
          .With("payment_status", ToString(order->payment_status));
    }
    X8_TRY_STATUS(CancelLink(tx, *order, clock_.NowMillis()));
    return std::move(*order);
  });
}

Result<Order> CheckoutService::Refund(const http::Principal& principal, std::string_view order_id) {
  X8_TRY(auto found, Reachable(principal, order_id));
  return db_.Transact<Order>([&](storage::Tx& tx) -> Result<Order> {
    X8_TRY(auto order, orders_.Get(tx, found.account_id, found.id));
    if (!order) return NotFound("no such order");
    if (order->payment_status != PaymentStatus::kPaid) {
      return Conflict("only a paid order can be refunded")
          .With("field", "payment_status")
          .With("payment_status", ToString(order->payment_status));
    }
    const int64_t now = clock_.NowMillis();
    X8_TRY(auto refund, provider_.Refund(tx, *order));
    if (!refund.completed) return std::move(*order);  // the provider's refund event finishes it
    // The refund is in the event log too, applied here rather than by the job.
    PaymentEvent event{.id = NewId("pev", now),
                       .provider = order->provider,
                       .external_id = refund.refund_id,
                       .order_id = order->id,
                       .type = PaymentEventType::kRefunded,
                       .payload = json::Serialize(bj::object{{"id", refund.refund_id},
                                                             {"object", "refund"},
                                                             {"amount", order->quote.total_minor},
                                                             {"currency", order->quote.currency},
                                                             {"status", "succeeded"}}),
                       .created_at = now,
                       .applied_at = now};
    X8_TRY(bool inserted, orders_.InsertEvent(tx, event));
    if (inserted) X8_TRY_STATUS(orders_.MarkEventApplied(tx, event.id, now));
    X8_TRY(bool moved, Move(tx, *order, PaymentStatus::kPaid, PaymentStatus::kRefunded, std::nullopt, now));
    if (!moved) return Conflict("the order changed while it was being refunded");
    return std::move(*order);
  });
}

}  // namespace x8::commerce
