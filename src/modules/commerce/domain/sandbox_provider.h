// The sandbox payment provider: no money moves. Its checkout page (api/sandbox_routes) is served by
// X8 itself at <server.public_url>/pay/sandbox/<session id>; paying or cancelling there records the
// same events Stripe's webhook will deliver (checkout.session.completed / …cancelled), and refunds
// complete at once.
#pragma once

#include <string>

#include "modules/commerce/domain/order.h"

namespace x8::commerce {

class SandboxProvider final : public PaymentProvider {
 public:
  // `public_url`: server.public_url, e.g. "https://shop.example" (a trailing '/' is dropped).
  explicit SandboxProvider(std::string public_url);

  std::string_view name() const override { return kSandboxProvider; }
  Result<ProviderSession> CreateSession(storage::Tx& tx, const Order& order, int64_t expires_at_ms) override;
  Status Cancel(storage::Tx& tx, const PaymentSession& session) override;
  Status Expire(storage::Tx& tx, const PaymentSession& session) override;
  Result<ProviderRefund> Refund(storage::Tx& tx, const Order& order) override;

  // The checkout page of a session id.
  std::string UrlOf(std::string_view session_id) const;

 private:
  std::string public_url_;
};

// Sandbox session ids look like Stripe's (cs_test_…): "cs_sandbox_" + a time-sortable id.
inline constexpr std::string_view kSandboxSessionPrefix = "cs_sandbox";

}  // namespace x8::commerce
