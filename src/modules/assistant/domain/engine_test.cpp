#include "modules/assistant/domain/engine.h"

#include <gtest/gtest.h>

namespace x8::assistant {
namespace {

commerce::Quote TwoRoses() {
  commerce::Cart cart;
  EXPECT_TRUE(commerce::AddToCart(cart, {.item_id = "itm_1",
                                         .variant_id = "var_1",
                                         .name = "Red roses bouquet",
                                         .variant_label = "M (25 stems)",
                                         .unit_price_minor = 5490,
                                         .currency = "EUR",
                                         .quantity_milli = 2000}));
  return commerce::QuoteOf(cart, "EUR").value();
}

TEST(EngineTexts, AuthorNames) {
  EXPECT_EQ(ToString(Author::kCustomer), "customer");
  EXPECT_EQ(ToString(Author::kAssistant), "assistant");
  EXPECT_EQ(ToString(Author::kHuman), "human");
  EXPECT_EQ(ToString(Author::kSystem), "system");
}

TEST(EngineTexts, QuoteLinesAndTotal) {
  const auto quote = TwoRoses();
  EXPECT_EQ(QuoteLineText("en", quote.lines.front()), "2 × Red roses bouquet (M (25 stems)) — €109.80");
  EXPECT_EQ(QuoteText("en", quote), "2 × Red roses bouquet (M (25 stems)) — €109.80\nTotal: €109.80");
  EXPECT_EQ(QuoteText("ru", quote),
            "2 × Red roses bouquet (M (25 stems)) — 109,80\u00a0€\nИтого: 109,80\u00a0€");
}

TEST(EngineTexts, WeighedLinesShowTheUnit) {
  commerce::Cart cart;
  ASSERT_TRUE(commerce::AddToCart(cart, {.item_id = "i",
                                         .variant_id = "v",
                                         .name = "Apples",
                                         .unit = "kg",
                                         .unit_price_minor = 300,
                                         .currency = "EUR",
                                         .quantity_milli = 1500}));
  auto quote = commerce::QuoteOf(cart, "EUR").value();
  EXPECT_EQ(QuoteLineText("en", quote.lines.front()), "1.5 kg × Apples — €4.50");
}

TEST(EngineTexts, PaymentLinkCarriesSummaryAndUrl) {
  const auto quote = TwoRoses();
  const std::string en = PaymentLinkText("en", quote, "https://pay.example/x");
  EXPECT_EQ(en, "Total to pay: €109.80. Your secure payment link: https://pay.example/x");
  const std::string ru = PaymentLinkText("ru", quote, "https://pay.example/x");
  EXPECT_NE(ru.find("109,80\u00a0€"), std::string::npos) << ru;
  EXPECT_NE(ru.find("https://pay.example/x"), std::string::npos);
}

TEST(EngineTexts, PaymentReceivedExpiredHandoff) {
  const auto quote = TwoRoses();
  EXPECT_NE(PaymentReceivedText("en", quote).find("€109.80"), std::string::npos);
  EXPECT_NE(PaymentReceivedText("ru", quote).find("Оплата"), std::string::npos);
  EXPECT_NE(PaymentExpiredText("en").find("expired"), std::string::npos);
  EXPECT_NE(PaymentExpiredText("ru").find("истёк"), std::string::npos);
  EXPECT_EQ(HandoffText("en"), "A team member will reply here shortly.");
  EXPECT_EQ(HandoffText("ru"), "Сотрудник скоро ответит вам здесь.");
}

TEST(DetectLanguage, ScriptDecides) {
  EXPECT_EQ(DetectLanguage("Hello there", "ru"), "en");
  EXPECT_EQ(DetectLanguage("Привет", "en"), "ru");
  EXPECT_EQ(DetectLanguage("Хочу 2 букета size M", "en"), "ru");
  EXPECT_EQ(DetectLanguage("123 !!", "ru"), "ru");
  EXPECT_EQ(DetectLanguage("🙂", "en"), "en");
  EXPECT_EQ(DetectLanguage("", "en"), "en");
  EXPECT_EQ(DetectLanguage("Ёлка", "en"), "ru");
}

}  // namespace
}  // namespace x8::assistant
