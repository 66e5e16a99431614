// The ports between conversations and commerce. Conversations turns a confirmed cart into an order
// with a payment link (CheckoutPort, implemented by commerce); commerce tells conversations when an
// order's payment status changes (PaymentObserver, implemented by conversations). Both run inside the
// caller's transaction, so the order, the conversation's state and the messages commit together.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "modules/commerce/domain/cart.h"
#include "platform/storage/database.h"

namespace x8::commerce {

// no_payment_link → payment_link_sent → paid, or → expired | cancelled; paid → refunded.
enum class PaymentStatus { kNoPaymentLink, kPaymentLinkSent, kPaid, kExpired, kCancelled, kRefunded };
std::string_view ToString(PaymentStatus status);  // no_payment_link | payment_link_sent | paid | …
Result<PaymentStatus> ParsePaymentStatus(std::string_view text);

struct CheckoutRequest {
  std::string account_id;
  std::string company_id;
  std::string conversation_id;
  std::string contact_id;
  std::string customer_name;  // "" when unknown
  std::string language;       // en | ru: the checkout page's language
  Quote quote;                // frozen into the order
};

struct CheckoutLink {
  std::string order_id;  // ord_…
  std::string url;       // where the customer pays (the sandbox page, or Stripe Checkout later)
  int64_t expires_at_ms = 0;
  Quote quote;
};

class CheckoutPort {
 public:
  virtual ~CheckoutPort() = default;
  // Creates the order (payment_link_sent) and its payment session inside `tx`. A still-live link of the
  // same conversation is cancelled first (one live link per conversation). kInvalidArgument for an
  // empty quote or a total ≤ 0.
  virtual Result<CheckoutLink> CreateCheckout(storage::Tx& tx, const CheckoutRequest& request) = 0;
};

struct OrderEvent {
  std::string order_id;
  std::string account_id;
  std::string company_id;
  std::string conversation_id;
  PaymentStatus status = PaymentStatus::kNoPaymentLink;  // the new status
  Quote quote;
  std::string language;
  int64_t at_ms = 0;
};

class PaymentObserver {
 public:
  virtual ~PaymentObserver() = default;
  // Called inside the transaction that changed the order's payment status.
  virtual Status PaymentStatusChanged(storage::Tx& tx, const OrderEvent& event) = 0;
};

}  // namespace x8::commerce
