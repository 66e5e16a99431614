// Cart arithmetic, money formatting and the JSON shapes carts, quotes and orders travel in.
#include "modules/commerce/domain/cart.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "modules/commerce/domain/checkout.h"
#include "modules/commerce/domain/order.h"

namespace x8::commerce {
namespace {

const std::string kNbsp = "\u00a0";

CartLine Line(const std::string& variant, int64_t price, int64_t quantity_milli = kMilli,
              std::string currency = "EUR") {
  return CartLine{.item_id = "itm_" + variant,
                  .variant_id = variant,
                  .name = "Roses",
                  .unit_price_minor = price,
                  .currency = std::move(currency),
                  .quantity_milli = quantity_milli};
}

TEST(CartTest, AddingTheSameVariantAddsToItsQuantity) {
  Cart cart;
  ASSERT_TRUE(AddToCart(cart, Line("var_1", 2745)));
  ASSERT_TRUE(AddToCart(cart, Line("var_1", 2745, 2 * kMilli)));
  ASSERT_EQ(cart.lines.size(), 1u);
  EXPECT_EQ(cart.lines[0].quantity_milli, 3 * kMilli);
}

TEST(CartTest, RejectsBadQuantitiesMixedCurrenciesAndFullCarts) {
  Cart cart;
  EXPECT_EQ(AddToCart(cart, Line("var_1", 100, 0)).error().details.at("field"), "quantity");
  EXPECT_EQ(AddToCart(cart, Line("var_1", 100, kMaxQuantityMilli + 1)).error().code,
            ErrorCode::kInvalidArgument);
  ASSERT_TRUE(AddToCart(cart, Line("var_1", 100)));
  EXPECT_EQ(AddToCart(cart, Line("var_2", 100, kMilli, "USD")).error().details.at("field"), "currency");
  EXPECT_EQ(AddToCart(cart, Line("var_1", 100, kMaxQuantityMilli)).error().code, ErrorCode::kInvalidArgument);
  for (size_t i = cart.lines.size(); i < kMaxCartLines; ++i) {
    ASSERT_TRUE(AddToCart(cart, Line("var_x" + std::to_string(i), 100)));
  }
  EXPECT_EQ(AddToCart(cart, Line("var_more", 100)).error().details.at("field"), "lines");
}

TEST(CartTest, SetQuantityAndRemove) {
  Cart cart;
  ASSERT_TRUE(AddToCart(cart, Line("var_1", 100)));
  ASSERT_TRUE(AddToCart(cart, Line("var_2", 200)));
  ASSERT_TRUE(SetQuantity(cart, "var_1", 3 * kMilli));
  EXPECT_EQ(cart.lines[0].quantity_milli, 3 * kMilli);
  EXPECT_EQ(SetQuantity(cart, "var_9", kMilli).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(SetQuantity(cart, "var_1", -kMilli).error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(SetQuantity(cart, "var_1", 0));
  ASSERT_EQ(cart.lines.size(), 1u);
  ASSERT_TRUE(RemoveFromCart(cart, "var_2"));
  EXPECT_TRUE(cart.empty());
  EXPECT_EQ(RemoveFromCart(cart, "var_2").error().code, ErrorCode::kNotFound);
}

TEST(CartTest, QuoteRoundsEachLineHalfUp) {
  Cart cart;
  ASSERT_TRUE(AddToCart(cart, Line("var_kg", 333, 1500)));  // 1.5 kg × 3.33 = 4.995 → 5.00
  ASSERT_TRUE(AddToCart(cart, Line("var_2", 2745, 2 * kMilli)));
  ASSERT_TRUE(AddToCart(cart, Line("var_q", 1, 250)));  // 0.25 × 0.01 = 0.0025 → 0.00
  auto quote = QuoteOf(cart, "USD").value();
  EXPECT_EQ(quote.currency, "EUR");
  EXPECT_EQ(quote.lines[0].total_minor, 500);
  EXPECT_EQ(quote.lines[1].total_minor, 5490);
  EXPECT_EQ(quote.lines[2].total_minor, 0);
  EXPECT_EQ(quote.subtotal_minor, 5990);
  EXPECT_EQ(quote.total_minor, 5990);

  Cart half;
  ASSERT_TRUE(AddToCart(half, Line("var_h", 1, 1500)));  // 0.015 → exactly half a cent → 0.02
  EXPECT_EQ(QuoteOf(half, "EUR")->total_minor, 2);
}

TEST(CartTest, QuoteOfLargeQuantitiesDoesNotOverflow) {
  Cart cart;
  ASSERT_TRUE(AddToCart(cart, Line("var_1", 1'000'000'000'000, kMaxQuantityMilli)));
  EXPECT_EQ(QuoteOf(cart, "EUR")->total_minor, 1'000'000'000'000'000'000);
}

TEST(CartTest, EmptyCartQuotesZeroInTheFallbackCurrency) {
  auto quote = QuoteOf(Cart{}, "JPY").value();
  EXPECT_EQ(quote.currency, "JPY");
  EXPECT_EQ(quote.total_minor, 0);
  Cart mixed{{Line("var_1", 100), Line("var_2", 100, kMilli, "USD")}};
  EXPECT_EQ(QuoteOf(mixed, "EUR").error().code, ErrorCode::kInvalidArgument);
}

TEST(CartTest, CurrenciesWithoutMinorUnits) {
  EXPECT_EQ(MinorUnitsPer("EUR"), 100);
  EXPECT_EQ(MinorUnitsPer("JPY"), 1);
  EXPECT_EQ(MinorUnitsPer("KRW"), 1);
  EXPECT_EQ(MinorUnitsPer("KWD"), 1000);
  Cart cart;
  ASSERT_TRUE(AddToCart(cart, Line("var_1", 1500, 1500, "JPY")));  // ¥1,500 × 1.5
  EXPECT_EQ(QuoteOf(cart, "JPY")->total_minor, 2250);
  EXPECT_EQ(FormatMoney(2250, "JPY"), "¥2,250");
  EXPECT_EQ(FormatMoney(1234567, "KRW"), "1,234,567 KRW");
  EXPECT_EQ(FormatMoney(1234, "KWD"), "1.234 KWD");
}

TEST(CartTest, FormatMoneyEnglishAndRussian) {
  EXPECT_EQ(FormatMoney(5490, "EUR"), "€54.90");
  EXPECT_EQ(FormatMoney(500, "USD"), "$5.00");
  EXPECT_EQ(FormatMoney(123456789, "USD"), "$1,234,567.89");
  EXPECT_EQ(FormatMoney(-250, "GBP"), "-£2.50");
  EXPECT_EQ(FormatMoney(-250000, "RUB", "ru"), "-2" + kNbsp + "500" + kNbsp + "₽");
  EXPECT_EQ(FormatMoney(1200, "XYZ"), "12.00 XYZ");
  EXPECT_EQ(FormatMoney(5490, "EUR", "ru"), "54,90" + kNbsp + "€");
  EXPECT_EQ(FormatMoney(250000, "RUB", "ru"), "2" + kNbsp + "500" + kNbsp + "₽");
  EXPECT_EQ(FormatMoney(250050, "RUB", "ru"), "2" + kNbsp + "500,50" + kNbsp + "₽");
  EXPECT_EQ(FormatMoney(250000, "RUB"), "2,500" + kNbsp + "₽");
  EXPECT_EQ(FormatMoney(7, "EUR"), "€0.07");
}

TEST(CartTest, FormatQuantity) {
  EXPECT_EQ(FormatQuantity(1500), "1.5");
  EXPECT_EQ(FormatQuantity(2000), "2");
  EXPECT_EQ(FormatQuantity(250), "0.25");
  EXPECT_EQ(FormatQuantity(1005), "1.005");
}

TEST(CartTest, CartAndQuoteRoundTripThroughJson) {
  Cart cart;
  auto line = Line("var_1", 2745, 1500);
  line.variant_label = "red, M";
  line.unit = "kg";
  line.image_url = "https://img.example/1.jpg";
  ASSERT_TRUE(AddToCart(cart, line));
  ASSERT_TRUE(AddToCart(cart, Line("var_2", 100)));
  auto json = ToJson(cart);
  EXPECT_EQ(json.at("lines").as_array()[0].at("quantity"), "1.5");
  EXPECT_EQ(CartFromJson(json).value(), cart);

  auto quote = QuoteOf(cart, "EUR").value();
  auto back = QuoteFromJson(ToJson(quote)).value();
  EXPECT_EQ(back.currency, quote.currency);
  EXPECT_EQ(back.total_minor, quote.total_minor);
  ASSERT_EQ(back.lines.size(), 2u);
  EXPECT_EQ(back.lines[0].line, quote.lines[0].line);
  EXPECT_EQ(back.lines[0].total_minor, 4118);  // 27.45 × 1.5 = 41.175 → 41.18

  EXPECT_FALSE(CartFromJson(boost::json::value("x")));
  auto bad = CartFromJson(boost::json::parse(R"({"lines":[{"item_id":"i","variant_id":"v","name":"n",
      "unit_price_minor":1,"currency":"EUR","quantity_milli":0}]})"));
  EXPECT_EQ(bad.error().details.at("field"), "quantity");
}

TEST(CartTest, QuoteAddsTheDeliveryFeeUnlessTheSubtotalReachesTheZonesThreshold) {
  Cart cart;
  ASSERT_TRUE(AddToCart(cart, Line("var_1", 2000, 2 * kMilli)));  // 40.00
  EXPECT_EQ(QuoteOf(cart, "EUR")->delivery_minor, 0);             // no delivery: today's quote

  cart.delivery = CartDelivery{.starts_at = 1'000,
                               .ends_at = 2'000,
                               .label = "Fri 27 Nov, 10:00–14:00",
                               .address = "Berlin, Torstraße 1",
                               .zone = "Mitte",
                               .fee_minor = 590};
  auto quote = QuoteOf(cart, "EUR").value();
  EXPECT_EQ(quote.subtotal_minor, 4000);
  EXPECT_EQ(quote.delivery_minor, 590);
  EXPECT_EQ(quote.total_minor, 4590);

  cart.delivery->free_over_minor = 5000;  // below the threshold: still paid
  EXPECT_EQ(QuoteOf(cart, "EUR")->delivery_minor, 590);
  cart.delivery->free_over_minor = 4000;  // at the threshold: free
  quote = QuoteOf(cart, "EUR").value();
  EXPECT_EQ(quote.delivery_minor, 0);
  EXPECT_EQ(quote.total_minor, 4000);

  cart.delivery->free_over_minor.reset();
  cart.delivery->fee_minor = -1;
  EXPECT_EQ(QuoteOf(cart, "EUR").error().code, ErrorCode::kInvalidArgument);

  Cart empty;  // a delivery on an empty cart quotes nothing
  empty.delivery = CartDelivery{.fee_minor = 590};
  EXPECT_EQ(QuoteOf(empty, "EUR")->total_minor, 0);
}

TEST(CartTest, DeliveryRoundTripsThroughJson) {
  Cart cart;
  ASSERT_TRUE(AddToCart(cart, Line("var_1", 2000)));
  EXPECT_FALSE(ToJson(cart).as_object().contains("delivery"));  // carts without delivery keep their shape
  cart.delivery = CartDelivery{.starts_at = 1'764'237'600'000,
                               .ends_at = 1'764'252'000'000,
                               .label = "пт 27 нояб., 10:00–14:00",
                               .address = "Berlin, Torstraße 1",
                               .zone = "Mitte",
                               .fee_minor = 590,
                               .free_over_minor = 5000};
  auto json = ToJson(cart);
  EXPECT_EQ(json.at("delivery").at("zone"), "Mitte");
  EXPECT_EQ(CartFromJson(json).value(), cart);
  cart.delivery->free_over_minor.reset();
  cart.delivery->zone.clear();
  EXPECT_EQ(CartFromJson(ToJson(cart)).value(), cart);
  // A quote priced with delivery survives the order's JSON shape.
  auto quote = QuoteOf(cart, "EUR").value();
  EXPECT_EQ(QuoteFromJson(ToJson(quote))->delivery_minor, 590);
  EXPECT_FALSE(CartFromJson(boost::json::parse(R"({"lines":[],"delivery":"x"})")));
  EXPECT_FALSE(CartFromJson(boost::json::parse(R"({"lines":[],"delivery":{"starts_at":1}})")));
}

TEST(PaymentStatusTest, NamesRoundTrip) {
  for (auto status : {PaymentStatus::kNoPaymentLink, PaymentStatus::kPaymentLinkSent, PaymentStatus::kPaid,
                      PaymentStatus::kExpired, PaymentStatus::kCancelled, PaymentStatus::kRefunded}) {
    EXPECT_EQ(ParsePaymentStatus(ToString(status)).value(), status);
  }
  EXPECT_EQ(ToString(PaymentStatus::kPaymentLinkSent), "payment_link_sent");
  EXPECT_EQ(ParsePaymentStatus("PAID").error().details.at("field"), "payment_status");
}

TEST(OrderSearchTest, FoldsAsciiAndCyrillic) {
  EXPECT_EQ(FoldForSearch("Anna ORD_01"), "anna ord_01");
  EXPECT_EQ(FoldForSearch("Анна Ёлкина"), "анна елкина");
}

}  // namespace
}  // namespace x8::commerce
