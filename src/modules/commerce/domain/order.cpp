#include "modules/commerce/domain/order.h"

#include <array>
#include <boost/json.hpp>
#include <utility>

#include "core/json.h"

namespace x8::commerce {
namespace {

namespace bj = boost::json;

constexpr std::array<std::pair<SessionStatus, std::string_view>, 4> kSessionNames{{
    {SessionStatus::kOpen, "open"},
    {SessionStatus::kPaid, "paid"},
    {SessionStatus::kCancelled, "cancelled"},
    {SessionStatus::kExpired, "expired"},
}};

constexpr std::array<std::pair<PaymentEventType, std::string_view>, 4> kEventNames{{
    {PaymentEventType::kCompleted, "checkout.session.completed"},
    {PaymentEventType::kCancelled, "checkout.session.cancelled"},
    {PaymentEventType::kExpired, "checkout.session.expired"},
    {PaymentEventType::kRefunded, "charge.refunded"},
}};

bj::value OptionalTime(const std::optional<int64_t>& value) {
  return value ? bj::value(*value) : bj::value(nullptr);
}

// Appends the UTF-8 encoding of `cp`.
void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string_view ToString(SessionStatus status) {
  for (const auto& [value, name] : kSessionNames) {
    if (value == status) return name;
  }
  return "open";
}

Result<SessionStatus> ParseSessionStatus(std::string_view text) {
  for (const auto& [value, name] : kSessionNames) {
    if (name == text) return value;
  }
  return InvalidArgument("unknown payment session status '" + std::string(text) + "'");
}

std::string_view ToString(PaymentEventType type) {
  for (const auto& [value, name] : kEventNames) {
    if (value == type) return name;
  }
  return "checkout.session.completed";
}

Result<PaymentEventType> ParsePaymentEventType(std::string_view text) {
  for (const auto& [value, name] : kEventNames) {
    if (name == text) return value;
  }
  return InvalidArgument("unknown payment event type '" + std::string(text) + "'");
}

Result<Quote> QuoteFromJson(const bj::value& value) {
  const auto* object = value.if_object();
  if (!object) return InvalidArgument("a quote must be a JSON object");
  X8_TRY(auto cart, CartFromJson(value));
  Quote quote;
  X8_TRY(quote.currency, json::RequireString(*object, "currency"));
  X8_TRY(quote.subtotal_minor, json::RequireInt(*object, "subtotal_minor"));
  X8_TRY(quote.delivery_minor, json::RequireInt(*object, "delivery_minor"));
  X8_TRY(quote.total_minor, json::RequireInt(*object, "total_minor"));
  const auto& lines = object->at("lines").as_array();  // CartFromJson checked the shape
  for (size_t i = 0; i < cart.lines.size(); ++i) {
    X8_TRY(auto total, json::RequireInt(lines[i].as_object(), "total_minor"));
    quote.lines.push_back({.line = std::move(cart.lines[i]), .total_minor = total});
  }
  return quote;
}

bj::object ToJson(const Order& order) {
  bj::array lines;
  for (const auto& line : order.quote.lines) {
    lines.push_back(bj::object{{"item_id", line.line.item_id},
                               {"variant_id", line.line.variant_id},
                               {"name", line.line.name},
                               {"variant_label", line.line.variant_label},
                               {"unit", line.line.unit},
                               {"quantity", FormatQuantity(line.line.quantity_milli)},
                               {"quantity_milli", line.line.quantity_milli},
                               {"unit_price_minor", line.line.unit_price_minor},
                               {"total_minor", line.total_minor}});
  }
  return {{"id", order.id},
          {"company_id", order.company_id},
          {"conversation_id", order.conversation_id},
          {"contact_id", order.contact_id},
          {"customer_name", order.customer_name},
          {"payment_status", ToString(order.payment_status)},
          {"currency", order.quote.currency},
          {"subtotal_minor", order.quote.subtotal_minor},
          {"delivery_minor", order.quote.delivery_minor},
          {"total_minor", order.quote.total_minor},
          {"lines", std::move(lines)},
          {"provider", order.provider},
          {"payment_url", order.payment_url},
          {"expires_at", order.expires_at},
          {"paid_at", OptionalTime(order.paid_at)},
          {"cancelled_at", OptionalTime(order.cancelled_at)},
          {"refunded_at", OptionalTime(order.refunded_at)},
          {"created_at", order.created_at},
          {"updated_at", order.updated_at}};
}

std::string FoldForSearch(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      out += static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte + ('a' - 'A') : byte);
      ++i;
      continue;
    }
    if ((byte & 0xE0) == 0xC0 && i + 1 < text.size()) {
      uint32_t cp = ((byte & 0x1F) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F);
      if (cp >= 0x410 && cp <= 0x42F)
        cp += 0x20;  // А–Я → а–я
      else if (cp >= 0x400 && cp <= 0x40F)
        cp += 0x50;                 // Ѐ–Џ (Ё) → ѐ–џ (ё)
      if (cp == 0x451) cp = 0x435;  // ё matches е, as Russian readers type it
      AppendUtf8(out, cp);
      i += 2;
      continue;
    }
    out += text[i];
    ++i;
  }
  return out;
}

}  // namespace x8::commerce
