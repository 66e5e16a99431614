#include "modules/commerce/domain/checkout.h"

#include <array>
#include <utility>

namespace x8::commerce {
namespace {

constexpr std::array<std::pair<PaymentStatus, std::string_view>, 6> kNames{{
    {PaymentStatus::kNoPaymentLink, "no_payment_link"},
    {PaymentStatus::kPaymentLinkSent, "payment_link_sent"},
    {PaymentStatus::kPaid, "paid"},
    {PaymentStatus::kExpired, "expired"},
    {PaymentStatus::kCancelled, "cancelled"},
    {PaymentStatus::kRefunded, "refunded"},
}};

}  // namespace

std::string_view ToString(PaymentStatus status) {
  for (const auto& [value, name] : kNames) {
    if (value == status) return name;
  }
  return "no_payment_link";
}

Result<PaymentStatus> ParsePaymentStatus(std::string_view text) {
  for (const auto& [value, name] : kNames) {
    if (name == text) return value;
  }
  return InvalidArgument("unknown payment status '" + std::string(text) +
                         "' (no_payment_link, payment_link_sent, paid, expired, cancelled, refunded)")
      .With("field", "payment_status");
}

}  // namespace x8::commerce
