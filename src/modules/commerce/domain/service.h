// The commerce use cases: checkout (CheckoutPort), applying payment events exactly once, expiring
// links, the sandbox page's pay/cancel, and the business's payments log (list, get, cancel, refund).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "modules/accounts/domain/access.h"
#include "modules/commerce/domain/checkout.h"
#include "modules/commerce/domain/order.h"
#include "platform/jobs/queue.h"
#include "platform/storage/database.h"

namespace x8::commerce {

struct CheckoutOptions {
  int64_t link_ttl_ms = int64_t{60} * 60'000;  // payments.link_ttl_minutes
  int64_t expire_batch = 200;                  // links one expire_links run handles
};

// What the sandbox page shows: the order and the provider's session it was opened for.
struct SandboxCheckout {
  Order order;
  PaymentSession session;
};

class CheckoutService final : public CheckoutPort {
 public:
  CheckoutService(storage::Database& db, OrderRepository& orders, PaymentProvider& provider,
                  jobs::Queue& queue, const Clock& clock, const accounts::AccessPolicy& access,
                  CompanyAccess& companies, CheckoutOptions options = {});

  // Conversations is built after commerce: the observer may arrive later (nullptr: nobody is told).
  void SetObserver(PaymentObserver* observer) { observer_.store(observer); }
  // Called after a commit that enqueued payments.apply_event (the worker's Wake), so it runs at once.
  void SetWake(std::function<void()> wake) { wake_ = std::move(wake); }

  // CheckoutPort.
  Result<CheckoutLink> CreateCheckout(storage::Tx& tx, const CheckoutRequest& request) override;

  // Job payments.apply_event: applies a stored event inside the job's transaction. An event already
  // applied is a no-op; an event that no longer fits the order's state (paid after the business
  // cancelled) is marked applied and changes nothing. kNotFound for an unknown event id.
  Status ApplyEvent(storage::Tx& tx, std::string_view event_id);
  // Job payments.expire_links: expires unpaid links past expires_at; returns how many.
  Result<int64_t> ExpireLinks(storage::Tx& tx);

  // Stores a provider's event and enqueues payments.apply_event for it in `tx`. Returns the event id,
  // or "" for a duplicate (provider, external_id) that was already stored.
  Result<std::string> RecordEvent(storage::Tx& tx, PaymentEvent event);

  // The sandbox checkout page. kNotFound for an unknown session id.
  Result<SandboxCheckout> SandboxView(std::string_view session_id);
  // Pay (kCompleted) or cancel (kCancelled) on the sandbox page: closes the session, records the event
  // and enqueues it. kNotFound for an unknown session; kConflict (details.payment_status / reason)
  // when the link is no longer payable: paid, cancelled, expired or refunded.
  Result<SandboxCheckout> SandboxAct(std::string_view session_id, PaymentEventType type);

  // The payments log. kNotFound when the principal cannot reach the company.
  Result<OrderPage> List(const http::Principal& principal, std::string_view company_id,
                         const OrderFilter& filter);
  Result<Order> Get(const http::Principal& principal, std::string_view order_id);
  // Cancels a sent link (only payment_link_sent; kConflict otherwise).
  Result<Order> Cancel(const http::Principal& principal, std::string_view order_id);
  // Refunds a paid order (only paid; kConflict otherwise). The sandbox refunds at once → refunded.
  Result<Order> Refund(const http::Principal& principal, std::string_view order_id);

  const Clock& clock() const { return clock_; }

 private:
  Result<Order> Reachable(const http::Principal& principal, std::string_view order_id);
  // Moves `order` from `from` to `to` closing its session as `session_to` (when still open), and tells
  // the observer. False when the order had already left `from`.
  Result<bool> Move(storage::Tx& tx, Order& order, PaymentStatus from, PaymentStatus to,
                    std::optional<SessionStatus> session_to, int64_t now);
  Status CancelLink(storage::Tx& tx, Order& order, int64_t now);
  Status Notify(storage::Tx& tx, const Order& order, int64_t now);

  storage::Database& db_;
  OrderRepository& orders_;
  PaymentProvider& provider_;
  jobs::Queue& queue_;
  const Clock& clock_;
  const accounts::AccessPolicy& access_;
  CompanyAccess& companies_;
  CheckoutOptions options_;
  std::atomic<PaymentObserver*> observer_{nullptr};
  std::function<void()> wake_;
};

}  // namespace x8::commerce
