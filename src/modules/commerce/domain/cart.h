// A conversation's cart and its quote: pure values and the arithmetic on them. Prices are always
// computed here, from catalogue prices in integer minor units, never by an assistant engine or a
// language model. Quantities are thousandths of the item's unit ("1.5 kg" = 1500, "2" = 2000).
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace x8::commerce {

inline constexpr int64_t kMilli = 1000;                      // quantity_milli of one piece
inline constexpr int64_t kMaxQuantityMilli = 1'000'000'000;  // one million units
inline constexpr size_t kMaxCartLines = 50;

struct CartLine {
  std::string item_id;        // itm_…
  std::string variant_id;     // var_…
  std::string name;           // the item's name when added
  std::string variant_label;  // "red, M (25 stems)"; "" for a single plain variant
  std::string unit;           // "", "kg", …
  int64_t unit_price_minor = 0;
  std::string currency;
  int64_t quantity_milli = kMilli;
  std::string image_url;  // thumbnail, "" when none
  // A service's chosen time (issue 6): held at checkout, booked after payment. Unset for goods.
  std::optional<int64_t> slot_starts_at;  // unix ms UTC
  std::optional<int64_t> slot_ends_at;
  std::string slot_label;  // as the customer saw it: "Sat 28 Nov, 15:00"
  friend bool operator==(const CartLine&, const CartLine&) = default;
};

// A PRODUCT order's delivery (issue 6): the chosen window, where to and the zone's fee. Held with the
// order at checkout (a scheduling booking of kind delivery), confirmed after payment.
struct CartDelivery {
  int64_t starts_at = 0;  // unix ms UTC: the window's start
  int64_t ends_at = 0;    // the window's end
  std::string label;      // as the customer saw it: "Fri 27 Nov, 10:00–14:00"
  std::string address;    // "Berlin, Torstraße 1"; "" until given
  std::string zone;       // the delivery zone's name; "" when the company has no zones
  int64_t fee_minor = 0;  // the zone's fee before the free-over threshold (QuoteOf applies it)
  std::optional<int64_t> free_over_minor;  // the zone's threshold: a subtotal at or above it delivers free
  friend bool operator==(const CartDelivery&, const CartDelivery&) = default;
};

struct Cart {
  std::vector<CartLine> lines;
  std::optional<CartDelivery>
      delivery;  // unset for carts without delivery (services, companies without windows)
  friend bool operator==(const Cart&, const Cart&) = default;
  bool empty() const { return lines.empty(); }
};

struct QuoteLine {
  CartLine line;
  int64_t total_minor = 0;  // unit_price_minor × quantity_milli / 1000, rounded half up
};

struct Quote {
  std::vector<QuoteLine> lines;
  std::string currency;
  int64_t subtotal_minor = 0;
  int64_t delivery_minor = 0;  // the cart's delivery fee: 0 without delivery or over the zone's threshold
  int64_t total_minor = 0;
};

// Adds `line`; the same variant already in the cart gets its quantity increased instead.
// kInvalidArgument for a quantity ≤ 0 or above kMaxQuantityMilli, a currency different from the cart's,
// or a cart already holding kMaxCartLines lines.
Status AddToCart(Cart& cart, CartLine line);
// Sets the quantity of the line for `variant_id` (0 removes it). kNotFound when it is not in the cart.
Status SetQuantity(Cart& cart, std::string_view variant_id, int64_t quantity_milli);
// Removes the line for `variant_id`. kNotFound when it is not in the cart.
Status RemoveFromCart(Cart& cart, std::string_view variant_id);

// kInvalidArgument when lines mix currencies; an empty cart quotes 0 in `fallback_currency`. A cart with
// a delivery adds its fee_minor to delivery_minor unless the subtotal reaches free_over_minor.
Result<Quote> QuoteOf(const Cart& cart, std::string_view fallback_currency);

// "1.5" for 1500, "2" for 2000, "0.25" for 250.
std::string FormatQuantity(int64_t quantity_milli);
// "54.90 EUR"-style amount for messages: "€54.90", "2 500 ₽", "$5.00"; unknown codes as "12.00 XYZ".
// Currencies without minor units (JPY, KRW…) print whole numbers.
std::string FormatMoney(int64_t minor, std::string_view currency, std::string_view language = "en");
// Minor units per major unit of `currency`: 100 for EUR, 1 for JPY, 1000 for KWD.
int64_t MinorUnitsPer(std::string_view currency);

boost::json::value ToJson(const Cart& cart);
Result<Cart> CartFromJson(const boost::json::value& json);  // the shape ToJson writes
boost::json::value ToJson(const Quote& quote);

}  // namespace x8::commerce
