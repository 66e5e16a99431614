#include "modules/commerce/domain/sandbox_provider.h"

#include "core/ids.h"

namespace x8::commerce {

SandboxProvider::SandboxProvider(std::string public_url) : public_url_(std::move(public_url)) {
  while (!public_url_.empty() && public_url_.back() == '/') public_url_.pop_back();
}

std::string SandboxProvider::UrlOf(std::string_view session_id) const {
  return public_url_ + "/pay/sandbox/" + std::string(session_id);
}

Result<ProviderSession> SandboxProvider::CreateSession(storage::Tx&, const Order& order,
                                                       int64_t expires_at_ms) {
  if (order.quote.total_minor <= 0) return InvalidArgument("nothing to pay").With("field", "total_minor");
  if (expires_at_ms <= order.created_at) return InvalidArgument("the link would expire before it is sent");
  std::string id = NewId(kSandboxSessionPrefix, order.created_at);
  return ProviderSession{.session_id = id, .url = UrlOf(id)};
}

// The sandbox keeps no state of its own: the session row (payment_sessions) is the whole truth, and the
// service closes it in the same transaction.
Status SandboxProvider::Cancel(storage::Tx&, const PaymentSession&) { return Ok(); }
Status SandboxProvider::Expire(storage::Tx&, const PaymentSession&) { return Ok(); }

Result<ProviderRefund> SandboxProvider::Refund(storage::Tx&, const Order& order) {
  if (order.payment_status != PaymentStatus::kPaid) return Conflict("only a paid order can be refunded");
  return ProviderRefund{.refund_id = NewId("re_sandbox"), .completed = true};
}

}  // namespace x8::commerce
