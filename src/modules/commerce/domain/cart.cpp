#include "modules/commerce/domain/cart.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>

#include "core/json.h"

namespace x8::commerce {
namespace {

namespace bj = boost::json;

auto FindLine(Cart& cart, std::string_view variant_id) {
  return std::find_if(cart.lines.begin(), cart.lines.end(),
                      [&](const CartLine& line) { return line.variant_id == variant_id; });
}

Status CheckQuantity(int64_t quantity_milli) {
  if (quantity_milli <= 0)
    return InvalidArgument("the quantity must be above zero").With("field", "quantity");
  if (quantity_milli > kMaxQuantityMilli) {
    return InvalidArgument("the quantity is too large").With("field", "quantity");
  }
  return Ok();
}

// a × b / 1000 rounded half up, without overflow for the ranges cart lines allow.
int64_t TimesMilli(int64_t minor, int64_t quantity_milli) {
  __extension__ using Wide = __int128;
  Wide product = static_cast<Wide>(minor) * quantity_milli;
  return static_cast<int64_t>((product + kMilli / 2) / kMilli);
}

struct CurrencyFormat {
  std::string_view code;
  std::string_view symbol;
  bool symbol_first;
};
constexpr std::array kFormats{
    CurrencyFormat{"EUR", "€", true},    CurrencyFormat{"USD", "$", true},  CurrencyFormat{"GBP", "£", true},
    CurrencyFormat{"RUB", "₽", false}, CurrencyFormat{"UAH", "₴", false}, CurrencyFormat{"KZT", "₸", false},
    CurrencyFormat{"JPY", "¥", true},    CurrencyFormat{"INR", "₹", true},  CurrencyFormat{"TRY", "₺", true},
    CurrencyFormat{"PLN", "zł", false},
};

std::string GroupThousands(int64_t value, std::string_view separator) {
  std::string digits = std::to_string(value);
  std::string out;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count > 0 && count % 3 == 0) out.insert(0, separator);
    out.insert(out.begin(), *it);
    ++count;
  }
  return out;
}

}  // namespace

int64_t MinorUnitsPer(std::string_view currency) {
  static constexpr std::array<std::string_view, 16> kZero{"BIF", "CLP", "DJF", "GNF", "ISK", "JPY",
                                                          "KMF", "KRW", "PYG", "RWF", "UGX", "VND",
                                                          "VUV", "XAF", "XOF", "XPF"};
  static constexpr std::array<std::string_view, 5> kThree{"BHD", "IQD", "JOD", "KWD", "OMR"};
  if (std::find(kZero.begin(), kZero.end(), currency) != kZero.end()) return 1;
  if (std::find(kThree.begin(), kThree.end(), currency) != kThree.end()) return 1000;
  return 100;
}

Status AddToCart(Cart& cart, CartLine line) {
  X8_TRY_STATUS(CheckQuantity(line.quantity_milli));
  if (line.variant_id.empty())
    return InvalidArgument("a cart line needs a variant").With("field", "variant_id");
  if (auto existing = FindLine(cart, line.variant_id); existing != cart.lines.end()) {
    X8_TRY_STATUS(CheckQuantity(existing->quantity_milli + line.quantity_milli));
    existing->quantity_milli += line.quantity_milli;
    return Ok();
  }
  if (!cart.lines.empty() && cart.lines.front().currency != line.currency) {
    return InvalidArgument("the cart cannot mix currencies").With("field", "currency");
  }
  if (cart.lines.size() >= kMaxCartLines) {
    return InvalidArgument("the cart is full").With("field", "lines");
  }
  cart.lines.push_back(std::move(line));
  return Ok();
}

Status SetQuantity(Cart& cart, std::string_view variant_id, int64_t quantity_milli) {
  auto line = FindLine(cart, variant_id);
  if (line == cart.lines.end()) return NotFound("that item is not in the cart");
  if (quantity_milli == 0) {
    cart.lines.erase(line);
    return Ok();
  }
  X8_TRY_STATUS(CheckQuantity(quantity_milli));
  line->quantity_milli = quantity_milli;
  return Ok();
}

Status RemoveFromCart(Cart& cart, std::string_view variant_id) {
  auto line = FindLine(cart, variant_id);
  if (line == cart.lines.end()) return NotFound("that item is not in the cart");
  cart.lines.erase(line);
  return Ok();
}

Result<Quote> QuoteOf(const Cart& cart, std::string_view fallback_currency) {
  Quote quote;
  quote.currency = cart.empty() ? std::string(fallback_currency) : cart.lines.front().currency;
  for (const auto& line : cart.lines) {
    if (line.currency != quote.currency) return InvalidArgument("the cart mixes currencies");
    int64_t total = TimesMilli(line.unit_price_minor, line.quantity_milli);
    quote.subtotal_minor += total;
    quote.lines.push_back({.line = line, .total_minor = total});
  }
  if (cart.delivery && !cart.empty()) {
    const auto& delivery = *cart.delivery;
    if (delivery.fee_minor < 0) return InvalidArgument("a delivery fee cannot be negative");
    const bool free = delivery.free_over_minor && quote.subtotal_minor >= *delivery.free_over_minor;
    quote.delivery_minor = free ? 0 : delivery.fee_minor;
  }
  quote.total_minor = quote.subtotal_minor + quote.delivery_minor;
  return quote;
}

std::string FormatQuantity(int64_t quantity_milli) {
  std::string out = std::to_string(quantity_milli / kMilli);
  int64_t fraction = quantity_milli % kMilli;
  if (fraction == 0) return out;
  std::string digits = std::to_string(fraction);
  digits.insert(0, 3 - digits.size(), '0');
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  return out + "." + digits;
}

std::string FormatMoney(int64_t minor, std::string_view currency, std::string_view language) {
  const bool russian = language == "ru";
  const int64_t per = MinorUnitsPer(currency);
  const bool negative = minor < 0;
  const int64_t magnitude = negative ? -minor : minor;
  std::string number = GroupThousands(magnitude / per, russian ? "\u00a0" : ",");
  if (per > 1) {
    std::string fraction = std::to_string(magnitude % per);
    size_t width = per == 1000 ? 3 : 2;
    fraction.insert(0, width - fraction.size(), '0');
    // Whole roubles read better without ",00"; other currencies keep their cents.
    if (!(currency == "RUB" && magnitude % per == 0)) number += (russian ? "," : ".") + fraction;
  }
  // The sign leads the whole amount: "-€2.50", not "€-2.50".
  const std::string sign = negative ? "-" : "";
  auto format = std::find_if(kFormats.begin(), kFormats.end(),
                             [&](const CurrencyFormat& f) { return f.code == currency; });
  if (format == kFormats.end()) return sign + number + " " + std::string(currency);
  if (format->symbol_first && !russian) return sign + std::string(format->symbol) + number;
  return sign + number + "\u00a0" + std::string(format->symbol);
}

boost::json::value ToJson(const Cart& cart) {
  bj::array lines;
  for (const auto& line : cart.lines) {
    lines.push_back(bj::object{{"item_id", line.item_id},
                               {"variant_id", line.variant_id},
                               {"name", line.name},
                               {"variant_label", line.variant_label},
                               {"unit", line.unit},
                               {"unit_price_minor", line.unit_price_minor},
                               {"currency", line.currency},
                               {"quantity_milli", line.quantity_milli},
                               {"quantity", FormatQuantity(line.quantity_milli)},
                               {"image_url", line.image_url}});
    if (line.slot_starts_at) {
      auto& out = lines.back().as_object();
      out["slot_starts_at"] = *line.slot_starts_at;
      out["slot_ends_at"] = line.slot_ends_at.value_or(*line.slot_starts_at);
      out["slot_label"] = line.slot_label;
    }
  }
  bj::object out{{"lines", std::move(lines)}};
  if (cart.delivery) {
    const auto& d = *cart.delivery;
    bj::object delivery{{"starts_at", d.starts_at}, {"ends_at", d.ends_at}, {"label", d.label},
                        {"address", d.address},     {"zone", d.zone},       {"fee_minor", d.fee_minor}};
    if (d.free_over_minor) delivery["free_over_minor"] = *d.free_over_minor;
    out["delivery"] = std::move(delivery);
  }
  return out;
}

Result<Cart> CartFromJson(const boost::json::value& value) {
  Cart cart;
  const auto* object = value.if_object();
  if (!object) return InvalidArgument("a cart must be a JSON object");
  const auto* lines = object->if_contains("lines");
  if (!lines) return cart;
  if (!lines->is_array()) return InvalidArgument("cart lines must be an array").With("field", "lines");
  for (const auto& entry : lines->get_array()) {
    if (!entry.is_object()) return InvalidArgument("a cart line must be an object").With("field", "lines");
    const auto& line = entry.get_object();
    CartLine out;
    X8_TRY(out.item_id, x8::json::RequireString(line, "item_id"));
    X8_TRY(out.variant_id, x8::json::RequireString(line, "variant_id"));
    X8_TRY(out.name, x8::json::RequireString(line, "name"));
    X8_TRY(auto label, x8::json::OptionalString(line, "variant_label"));
    out.variant_label = label.value_or("");
    X8_TRY(auto unit, x8::json::OptionalString(line, "unit"));
    out.unit = unit.value_or("");
    X8_TRY(out.unit_price_minor, x8::json::RequireInt(line, "unit_price_minor"));
    X8_TRY(out.currency, x8::json::RequireString(line, "currency"));
    X8_TRY(out.quantity_milli, x8::json::RequireInt(line, "quantity_milli"));
    X8_TRY(auto image, x8::json::OptionalString(line, "image_url"));
    out.image_url = image.value_or("");
    X8_TRY(out.slot_starts_at, x8::json::OptionalInt(line, "slot_starts_at"));
    X8_TRY(out.slot_ends_at, x8::json::OptionalInt(line, "slot_ends_at"));
    X8_TRY(auto slot_label, x8::json::OptionalString(line, "slot_label"));
    out.slot_label = slot_label.value_or("");
    X8_TRY_STATUS(CheckQuantity(out.quantity_milli));
    cart.lines.push_back(std::move(out));
  }
  if (const auto* delivery = object->if_contains("delivery"); delivery && !delivery->is_null()) {
    if (!delivery->is_object())
      return InvalidArgument("a cart's delivery must be an object").With("field", "delivery");
    const auto& d = delivery->get_object();
    CartDelivery out;
    X8_TRY(out.starts_at, x8::json::RequireInt(d, "starts_at"));
    X8_TRY(out.ends_at, x8::json::RequireInt(d, "ends_at"));
    X8_TRY(auto label, x8::json::OptionalString(d, "label"));
    out.label = label.value_or("");
    X8_TRY(auto address, x8::json::OptionalString(d, "address"));
    out.address = address.value_or("");
    X8_TRY(auto zone, x8::json::OptionalString(d, "zone"));
    out.zone = zone.value_or("");
    X8_TRY(auto fee, x8::json::OptionalInt(d, "fee_minor"));
    out.fee_minor = fee.value_or(0);
    if (out.fee_minor < 0)
      return InvalidArgument("a delivery fee cannot be negative").With("field", "delivery");
    X8_TRY(out.free_over_minor, x8::json::OptionalInt(d, "free_over_minor"));
    cart.delivery = std::move(out);
  }
  return cart;
}

boost::json::value ToJson(const Quote& quote) {
  bj::array lines;
  for (const auto& line : quote.lines) {
    Cart one;
    one.lines.push_back(line.line);
    bj::object out = ToJson(one).as_object()["lines"].as_array()[0].as_object();
    out["total_minor"] = line.total_minor;
    lines.push_back(std::move(out));
  }
  return bj::object{{"lines", std::move(lines)},
                    {"currency", quote.currency},
                    {"subtotal_minor", quote.subtotal_minor},
                    {"delivery_minor", quote.delivery_minor},
                    {"total_minor", quote.total_minor}};
}

}  // namespace x8::commerce
