#include "modules/assistant/domain/guided_engine.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "modules/assistant/testing/guided_chat.h"
#include "modules/assistant/testing/indexed_catalogue.h"

namespace x8::assistant {
namespace {

using testing::FlowerShopCatalogue;
using testing::IndexedCatalogue;
using testing::RussianCatalogue;

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// A flower shop (or `company`) in Berlin, without scheduling.
class Chat : public testing::GuidedChat {
 public:
  explicit Chat(IndexedCatalogue catalogue, std::string company = "Fleur", std::string currency = "EUR")
      : GuidedChat(std::move(catalogue),
                   {.id = "cmp_1",
                    .name = std::move(company),
                    .type = "PRODUCT",
                    .currency = std::move(currency),
                    .timezone = "Europe/Berlin"},
                   {}) {}
};

std::vector<std::string> Titles(const std::vector<Button>& buttons) {
  std::vector<std::string> out;
  out.reserve(buttons.size());
  for (const auto& button : buttons) out.push_back(button.title);
  return out;
}

bool HasStep(const TurnResult& result, std::string_view step) {
  for (const auto& entry : result.trace) {
    if (entry.at("step").as_string() == step) return true;
  }
  return false;
}

int64_t CartQuantity(const TurnResult& result, std::string_view label) {
  for (const auto& line : result.cart.lines) {
    if (line.variant_label == label) return line.quantity_milli;
  }
  return 0;
}

TEST(GuidedEngine, NameIsGuided) { EXPECT_EQ(MakeGuidedEngine()->name(), "guided"); }

TEST(GuidedEngine, DemoDialogueInEnglish) {
  Chat chat(FlowerShopCatalogue());
  auto hello = chat.Send("Hello");
  EXPECT_TRUE(Contains(chat.Text(), "Fleur"));
  EXPECT_EQ(Titles(chat.Buttons()), (std::vector<std::string>{"Bouquets", "Plants", "Extras"}));
  EXPECT_EQ(hello.language, "en");

  auto roses = chat.Send("red roses");
  EXPECT_TRUE(Contains(chat.Text(), "S (11 stems) — €29.90")) << chat.Text();
  EXPECT_TRUE(Contains(chat.Text(), "M (25 stems) — €54.90"));
  EXPECT_TRUE(Contains(chat.Text(), "L (51 stems) — €99.00"));
  ASSERT_EQ(chat.Buttons().size(), 3u);
  EXPECT_EQ(chat.Buttons()[1].payload, "M (25 stems)");
  EXPECT_TRUE(HasStep(roses, "search"));
  EXPECT_TRUE(roses.cart.empty());

  auto added = chat.Send("M");
  ASSERT_EQ(added.cart.lines.size(), 1u);
  EXPECT_EQ(added.cart.lines[0].name, "Red roses bouquet");
  EXPECT_EQ(added.cart.lines[0].variant_label, "M (25 stems)");
  EXPECT_EQ(added.cart.lines[0].quantity_milli, 1000);
  EXPECT_EQ(added.cart.lines[0].unit_price_minor, 5490);
  EXPECT_TRUE(Contains(chat.Text(), "1 × Red roses bouquet (M (25 stems)) — €54.90")) << chat.Text();
  EXPECT_TRUE(Contains(chat.Text(), "Anything else?"));
  EXPECT_EQ(Titles(chat.Buttons()), (std::vector<std::string>{"Checkout", "View cart"}));
  EXPECT_TRUE(HasStep(added, "cart"));
  EXPECT_TRUE(HasStep(added, "quote"));

  auto two = chat.Send("make it 2");
  EXPECT_EQ(CartQuantity(two, "M (25 stems)"), 2000);
  EXPECT_TRUE(Contains(chat.Text(), "2 × Red roses bouquet (M (25 stems)) — €109.80")) << chat.Text();
  EXPECT_TRUE(Contains(chat.Text(), "Total: €109.80"));

  auto checkout = chat.Send("checkout");
  EXPECT_TRUE(checkout.checkout);
  EXPECT_TRUE(Contains(chat.Text(), "Total: €109.80"));
  EXPECT_TRUE(HasStep(checkout, "checkout"));
  EXPECT_FALSE(Contains(chat.Text(), "http"));
}

TEST(GuidedEngine, OneMessageWithQuantityAndSizeAddsStraightAway) {
  Chat chat(FlowerShopCatalogue());
  auto result = chat.Send("I want 2 red roses bouquets size M");
  ASSERT_EQ(result.cart.lines.size(), 1u) << chat.Text();
  EXPECT_EQ(CartQuantity(result, "M (25 stems)"), 2000);
  EXPECT_TRUE(Contains(chat.Text(), "€109.80"));
}

TEST(GuidedEngine, ButtonPayloadsComeBackAsChoices) {
  Chat chat(FlowerShopCatalogue());
  chat.Send("roses");
  auto result = chat.Send(chat.Buttons().at(2).payload);  // "L (51 stems)"
  EXPECT_EQ(CartQuantity(result, "L (51 stems)"), 1000);
}

TEST(GuidedEngine, QuantityBeforeVariantIsRemembered) {
  Chat chat(FlowerShopCatalogue());
  chat.Send("red roses");
  auto asked = chat.Send("three");
  EXPECT_TRUE(asked.cart.empty());
  EXPECT_TRUE(Contains(chat.Text(), "Which one"));
  auto result = chat.Send("S");
  EXPECT_EQ(CartQuantity(result, "S (11 stems)"), 3000);
}

TEST(GuidedEngine, XQuantityAndTypos) {
  Chat chat(FlowerShopCatalogue());
  auto result = chat.Send("white lilies x3");
  ASSERT_EQ(result.cart.lines.size(), 1u) << chat.Text();
  EXPECT_EQ(result.cart.lines[0].name, "White lilies");
  EXPECT_EQ(result.cart.lines[0].quantity_milli, 3000);
  Chat typo(FlowerShopCatalogue());
  typo.Send("orchdi");
  EXPECT_TRUE(Contains(typo.Text(), "Orchid in pot")) << typo.Text();
}

TEST(GuidedEngine, SingleVariantItemAsksThenAddTakesIt) {
  Chat chat(FlowerShopCatalogue());
  auto described = chat.Send("orchid");
  EXPECT_TRUE(described.cart.empty());
  EXPECT_TRUE(Contains(chat.Text(), "€45.00"));
  EXPECT_EQ(Titles(chat.Buttons()), (std::vector<std::string>{"Add to cart"}));
  auto taken = chat.Send("I'll take it");
  ASSERT_EQ(taken.cart.lines.size(), 1u);
  EXPECT_EQ(taken.cart.lines[0].name, "Orchid in pot");
  EXPECT_EQ(taken.cart.lines[0].variant_label, "");
}

TEST(GuidedEngine, SeveralItemsAreListedWithPrices) {
  Chat chat(FlowerShopCatalogue());
  chat.Send("Bouquets");
  EXPECT_TRUE(Contains(chat.Text(), "Red roses bouquet — from €29.90")) << chat.Text();
  EXPECT_TRUE(Contains(chat.Text(), "White lilies — €39.50"));
  EXPECT_LE(chat.Buttons().size(), kMaxListedItems);
  auto picked = chat.Send("White lilies");
  EXPECT_TRUE(Contains(chat.Text(), "White lilies")) << chat.Text();
  EXPECT_TRUE(picked.cart.empty());
}

TEST(GuidedEngine, OutOfStockIsOfferedAsUnavailable) {
  Chat chat(FlowerShopCatalogue());
  auto result = chat.Send("sunflower trio");
  EXPECT_TRUE(Contains(chat.Text(), "out of stock")) << chat.Text();
  EXPECT_TRUE(chat.Buttons().empty());
  auto insist = chat.Send("add 2 sunflower trio");
  EXPECT_TRUE(insist.cart.empty());
  EXPECT_TRUE(Contains(chat.Text(), "out of stock"));
}

TEST(GuidedEngine, RemoveClearAndViewCart) {
  Chat chat(FlowerShopCatalogue());
  chat.Send("I want 2 red roses bouquets size M");
  auto with_vase = chat.Send("add a glass vase");
  ASSERT_EQ(with_vase.cart.lines.size(), 2u) << chat.Text();
  auto view = chat.Send("cart");
  EXPECT_TRUE(Contains(chat.Text(), "Total: €121.80")) << chat.Text();
  EXPECT_TRUE(HasStep(view, "quote"));
  auto removed = chat.Send("remove the vase");
  ASSERT_EQ(removed.cart.lines.size(), 1u);
  EXPECT_EQ(removed.cart.lines[0].name, "Red roses bouquet");
  auto cleared = chat.Send("clear the cart");
  EXPECT_TRUE(cleared.cart.empty());
  auto total = chat.Send("total");
  EXPECT_TRUE(Contains(chat.Text(), "empty"));
}

TEST(GuidedEngine, MakeItNamesTheLine) {
  Chat chat(FlowerShopCatalogue());
  chat.Send("I want 2 red roses bouquets size M");
  chat.Send("add a greeting card");
  auto result = chat.Send("make the roses 5");
  EXPECT_EQ(CartQuantity(result, "M (25 stems)"), 5000) << chat.Text();
}

TEST(GuidedEngine, CheckoutWithEmptyCartAsks) {
  Chat chat(FlowerShopCatalogue());
  auto result = chat.Send("checkout");
  EXPECT_FALSE(result.checkout);
  EXPECT_TRUE(Contains(chat.Text(), "empty"));
  EXPECT_FALSE(chat.Buttons().empty());
}

TEST(GuidedEngine, PayAndBuyCheckOut) {
  for (const char* word : {"pay", "buy", "Checkout"}) {
    Chat chat(FlowerShopCatalogue());
    chat.Send("orchid x1");
    EXPECT_TRUE(chat.Send(word).checkout) << word;
  }
}

TEST(GuidedEngine, FaqAnsweredVerbatim) {
  Chat chat(FlowerShopCatalogue());
  auto result = chat.Send("Do you deliver on Sundays?");
  EXPECT_EQ(chat.Text(), "Yes, from 10:00 to 16:00 within the city.");
  EXPECT_TRUE(HasStep(result, "faq"));
  chat.Send("how much is delivery");
  EXPECT_EQ(chat.Text(), "Delivery inside the city is free for orders over 50 EUR; otherwise 7 EUR.");
  chat.Send("how long will the flowers stay fresh?");
  EXPECT_EQ(chat.Text(), "Usually 7–10 days if you change the water every two days.");
}

TEST(GuidedEngine, HandoffWhenAsked) {
  for (const char* text : {"human please", "can I talk to an operator", "manager"}) {
    Chat chat(FlowerShopCatalogue());
    auto result = chat.Send(text);
    EXPECT_TRUE(result.handoff) << text;
    EXPECT_EQ(result.handoff_reason, "customer_asked");
    EXPECT_EQ(chat.Text(), HandoffText("en"));
    EXPECT_TRUE(HasStep(result, "handoff"));
  }
}

TEST(GuidedEngine, HandoffPromptIsUsedVerbatim) {
  Chat chat(FlowerShopCatalogue());
  chat.input().settings.prompts["handoff"] = "Anna will answer in a minute.";
  chat.Send("operator");
  EXPECT_EQ(chat.Text(), "Anna will answer in a minute.");
}

TEST(GuidedEngine, HandoffAfterThreeTurnsNotUnderstood) {
  Chat chat(FlowerShopCatalogue());
  auto first = chat.Send("qwzx");
  EXPECT_FALSE(first.handoff);
  EXPECT_TRUE(HasStep(first, "fallback"));
  EXPECT_FALSE(chat.Send("blorp").handoff);
  auto third = chat.Send("zzzq");
  EXPECT_TRUE(third.handoff);
  EXPECT_EQ(third.handoff_reason, "stuck");
}

TEST(GuidedEngine, UnderstoodTurnResetsTheStuckCount) {
  Chat chat(FlowerShopCatalogue());
  chat.Send("qwzx");
  chat.Send("blorp");
  chat.Send("roses");
  EXPECT_FALSE(chat.Send("zzzq").handoff);
}

TEST(GuidedEngine, GreetingPromptAndWelcomeVideoOnlyFirstTime) {
  Chat chat(FlowerShopCatalogue());
  chat.input().settings.prompts["greeting"] = "Welcome to Fleur! Ask me anything.";
  chat.input().settings.welcome_video_url = "https://cdn.example/welcome.mp4";
  auto first = chat.Send("hi");
  EXPECT_EQ(chat.Text(), "Welcome to Fleur! Ask me anything.");
  EXPECT_EQ(first.replies.at(0).media_urls, (std::vector<std::string>{"https://cdn.example/welcome.mp4"}));
  auto second = chat.Send("hello");
  EXPECT_TRUE(second.replies.at(0).media_urls.empty());
}

TEST(GuidedEngine, BurstIsOneCombinedReply) {
  Chat chat(FlowerShopCatalogue());
  auto result = chat.Send(std::vector<std::string>{"hi", "red roses", "M"});
  ASSERT_EQ(result.replies.size(), 1u);
  EXPECT_EQ(CartQuantity(result, "M (25 stems)"), 1000);
  EXPECT_TRUE(Contains(chat.Text(), "Fleur"));
  EXPECT_TRUE(Contains(chat.Text(), "Anything else?"));
}

TEST(GuidedEngine, BurstWithSizeWord) {
  Chat chat(FlowerShopCatalogue());
  auto result = chat.Send(std::vector<std::string>{"hello", "red roses", "size M"});
  EXPECT_EQ(CartQuantity(result, "M (25 stems)"), 1000) << chat.Text();
}

TEST(GuidedEngine, NoButtonsWhereTheChannelHasNone) {
  Chat chat(FlowerShopCatalogue());
  chat.input().channel.buttons = false;
  chat.Send("red roses");
  EXPECT_TRUE(chat.Buttons().empty());
  EXPECT_TRUE(Contains(chat.Text(), "M (25 stems)"));
}

TEST(GuidedEngine, ButtonsBoundedByTheChannel) {
  Chat chat(FlowerShopCatalogue());
  chat.input().channel.max_buttons = 2;
  chat.Send("Hello");
  EXPECT_EQ(chat.Buttons().size(), 2u);
  for (const auto& button : chat.Buttons()) EXPECT_LE(button.title.size(), 3 * kMaxButtonTitleChars);
}

TEST(GuidedEngine, AfterPaymentAGreetingStartsAFreshCart) {
  Chat chat(FlowerShopCatalogue());
  chat.Send("orchid x1");
  chat.Send("checkout");
  chat.input().payment_status = "paid";
  auto result = chat.Send("hello again");
  EXPECT_TRUE(result.cart.empty());
  auto next = chat.Send("orchid x2");
  EXPECT_EQ(next.cart.lines.at(0).quantity_milli, 2000);  // not cleared a second time
}

TEST(GuidedEngine, SearchTraceListsResults) {
  Chat chat(FlowerShopCatalogue());
  auto result = chat.Send("tulips");
  bool found = false;
  for (const auto& step : result.trace) {
    if (step.at("step").as_string() != "search") continue;
    found = true;
    const auto& first = step.at("results").as_array().at(0).as_object();
    EXPECT_EQ(first.at("name").as_string(), "Tulip mix");
    EXPECT_TRUE(first.contains("item_id"));
    EXPECT_TRUE(first.contains("score"));
  }
  EXPECT_TRUE(found);
}

// ---- Russian ----

TEST(GuidedEngine, DemoDialogueInRussian) {
  Chat chat(RussianCatalogue(), "Цветочная лавка", "RUB");
  auto hello = chat.Send("Привет");
  EXPECT_EQ(hello.language, "ru");
  EXPECT_TRUE(Contains(chat.Text(), "Цветочная лавка"));
  EXPECT_FALSE(chat.Buttons().empty());
  chat.Send("розы");
  EXPECT_TRUE(Contains(chat.Text(), "Розы красные")) << chat.Text();
  EXPECT_TRUE(Contains(chat.Text(), "150"));
  auto two = chat.Send("две");
  ASSERT_EQ(two.cart.lines.size(), 1u) << chat.Text();
  EXPECT_EQ(two.cart.lines[0].quantity_milli, 2000);
  EXPECT_TRUE(Contains(chat.Text(), "2 × Розы красные — 300\u00a0₽")) << chat.Text();
  EXPECT_EQ(Titles(chat.Buttons()), (std::vector<std::string>{"Оформить заказ", "Корзина"}));
  auto checkout = chat.Send("оформить");
  EXPECT_TRUE(checkout.checkout);
  EXPECT_TRUE(Contains(chat.Text(), "Итого: 300\u00a0₽")) << chat.Text();
}

TEST(GuidedEngine, RussianVariantsCartEditsAndTotals) {
  Chat chat(RussianCatalogue(), "Цветочная лавка", "RUB");
  chat.Send("букет тюльпанов");
  EXPECT_TRUE(Contains(chat.Text(), "Какой вариант")) << chat.Text();
  auto added = chat.Send("M");
  EXPECT_EQ(CartQuantity(added, "M"), 1000);
  chat.Send("сделай 3");
  EXPECT_TRUE(Contains(chat.Text(), "3 × Букет тюльпанов (M)")) << chat.Text();
  chat.Send("добавь вазу");
  auto total = chat.Send("сколько");
  EXPECT_TRUE(Contains(chat.Text(), "Итого: 6\u00a0400\u00a0₽")) << chat.Text();
  auto removed = chat.Send("убери вазу");
  EXPECT_EQ(removed.cart.lines.size(), 1u);
  auto cleared = chat.Send("очисти корзину");
  EXPECT_TRUE(cleared.cart.empty());
}

TEST(GuidedEngine, RussianServicesAndHandoff) {
  Chat chat(RussianCatalogue(), "Салон", "RUB");
  chat.Send("женская стрижка");
  EXPECT_TRUE(Contains(chat.Text(), "Стрижка женская")) << chat.Text();
  EXPECT_TRUE(Contains(chat.Text(), "60 мин"));
  EXPECT_TRUE(Contains(chat.Text(), "2\u00a0500\u00a0₽"));
  auto booked = chat.Send("беру");
  ASSERT_EQ(booked.cart.lines.size(), 1u) << chat.Text();
  auto handoff = chat.Send("позовите оператора");
  EXPECT_TRUE(handoff.handoff);
  EXPECT_EQ(chat.Text(), HandoffText("ru"));
}

TEST(GuidedEngine, RussianQuantityWordsWithTheProduct) {
  Chat chat(RussianCatalogue(), "Цветочная лавка", "RUB");
  auto result = chat.Send("хочу пять роз");
  ASSERT_EQ(result.cart.lines.size(), 1u) << chat.Text();
  EXPECT_EQ(result.cart.lines[0].quantity_milli, 5000);
}

TEST(GuidedEngine, BrowsePriceBoundAndFarewell) {
  Chat chat(FlowerShopCatalogue());
  chat.Send("what do you have?");
  EXPECT_EQ(Titles(chat.Buttons()), (std::vector<std::string>{"Bouquets", "Plants", "Extras"}));
  chat.Send("do you have anything under 20 euros?");
  EXPECT_TRUE(Contains(chat.Text(), "Succulent set — €18.50")) << chat.Text();
  EXPECT_FALSE(Contains(chat.Text(), "Sunflower"));  // out of stock
  EXPECT_FALSE(Contains(chat.Text(), "Orchid"));
  chat.Send("thanks, bye");
  EXPECT_TRUE(Contains(chat.Text(), "welcome"));
}

TEST(GuidedEngine, SizeWordsChooseVariants) {
  Chat chat(FlowerShopCatalogue());
  chat.Send("roses");
  auto result = chat.Send("large");
  EXPECT_EQ(CartQuantity(result, "L (51 stems)"), 1000);
}

TEST(GuidedEngine, ProductWordsBeatAPartialFaqMatch) {
  Chat chat(FlowerShopCatalogue());
  auto result = chat.Send("I want lilies and a card");
  EXPECT_FALSE(HasStep(result, "faq"));
  EXPECT_TRUE(Contains(chat.Text(), "White lilies"));
  EXPECT_TRUE(Contains(chat.Text(), "Greeting card"));
}

TEST(GuidedEngine, HowMuchWithACartShowsTheTotal) {
  Chat chat(FlowerShopCatalogue());
  chat.Send("orchid x2");
  chat.Send("how much is it all?");
  EXPECT_TRUE(Contains(chat.Text(), "Total: €90.00")) << chat.Text();
}

TEST(GuidedEngine, RemovingWhatIsNotInTheCartSaysSo) {
  Chat chat(FlowerShopCatalogue());
  chat.Send("orchid x2");
  auto result = chat.Send("remove the card");
  EXPECT_EQ(result.cart.lines.size(), 1u);
  EXPECT_TRUE(Contains(chat.Text(), "don't see")) << chat.Text();
}

TEST(GuidedEngine, RussianCategoryPriceBoundAndThanks) {
  Chat chat(RussianCatalogue(), "Салон", "RUB");
  chat.Send("что у вас есть?");
  EXPECT_FALSE(chat.Buttons().empty());
  chat.Send("Цветы");
  EXPECT_TRUE(Contains(chat.Text(), "Розы красные")) << chat.Text();
  chat.Send("маникюр до 3000 рублей");
  EXPECT_TRUE(Contains(chat.Text(), "Маникюр с покрытием")) << chat.Text();
  auto taken = chat.Send("беру");
  ASSERT_EQ(taken.cart.lines.size(), 1u);
  chat.Send("спасибо");
  EXPECT_TRUE(Contains(chat.Text(), "Пожалуйста"));
}

TEST(GuidedEngine, GreetingWordsInsideNamesAreNotGreetings) {
  Chat chat(FlowerShopCatalogue());
  chat.Send("Greeting card");
  EXPECT_FALSE(Contains(chat.Text(), "Welcome")) << chat.Text();
  EXPECT_TRUE(Contains(chat.Text(), "€3.50"));
  chat.Send("Good morning");
  EXPECT_TRUE(Contains(chat.Text(), "Welcome"));
}

TEST(GuidedEngine, MoreAddsToTheLineAlreadyInTheCart) {
  Chat chat(FlowerShopCatalogue());
  chat.Send("red roses");
  chat.Send("M");
  auto result = chat.Send("2 more roses");
  EXPECT_EQ(CartQuantity(result, "M (25 stems)"), 3000) << chat.Text();
}

TEST(GuidedEngine, DeleteEverythingClears) {
  Chat chat(FlowerShopCatalogue());
  chat.Send("orchid x2");
  EXPECT_TRUE(chat.Send("delete everything").cart.empty());
  Chat russian(RussianCatalogue(), "Лавка", "RUB");
  russian.Send("хочу пять роз");
  EXPECT_TRUE(russian.Send("удали всё").cart.empty());
}

TEST(GuidedEngine, GarbageNeverBreaksATurn) {
  Chat chat(FlowerShopCatalogue());
  uint64_t seed = 42;
  auto next = [&seed] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(seed >> 33);
  };
  const std::vector<std::string> pieces = {
      "roses", "M",       "2",     "x",  "×",           "1,5",      "kg",  "\xff\xfe", "\xd0",
      "убери", "make it", "0",     "-3", "99999999999", "'",        "’",   ".",        "checkout",
      "🙂",  "remove",  "under", "€",  "operator?",   "\xe2\x82", "good"};
  for (int turn = 0; turn < 300; ++turn) {
    std::string message;
    for (uint32_t n = next() % 6; n > 0; --n)
      message += pieces[next() % pieces.size()] + (next() % 2 ? " " : "");
    chat.input().state =
        turn % 50 == 0 ? boost::json::object{{"stage", 7}, {"pending_item_id", "nope"}} : chat.input().state;
    auto result = chat.Send(message);
    for (const auto& line : result.cart.lines) EXPECT_GT(line.quantity_milli, 0);
  }
}

TEST(GuidedEngine, StateSurvivesAsJson) {
  Chat chat(FlowerShopCatalogue());
  auto result = chat.Send("red roses");
  auto round_trip = boost::json::parse(boost::json::serialize(result.state)).as_object();
  EXPECT_EQ(round_trip.at("stage").as_string(), "choosing");
  EXPECT_FALSE(round_trip.at("pending_item_id").as_string().empty());
}

}  // namespace
}  // namespace x8::assistant
