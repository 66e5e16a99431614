// The guided engine arranging a delivery for goods (issue 6): the address, the zone (when the company
// has zones: named in the address, or chosen), then a window serving that zone from the free delivery
// slots (a button or words); the zone's fee in the quote. Companies without delivery windows keep the
// plain checkout.
#include <gtest/gtest.h>

#include "modules/assistant/domain/guided_engine.h"
#include "modules/assistant/testing/guided_chat.h"
#include "modules/assistant/testing/indexed_catalogue.h"

namespace x8::assistant {
namespace {

using testing::FakeSchedule;
using testing::FlowerShopCatalogue;
using testing::IndexedCatalogue;

// Wed 25 Nov 2026 08:00 in Berlin (07:00 UTC).
constexpr int64_t kNow = 1795590000000;
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kToday = kNow - 8 * kHour;  // 00:00 Berlin
constexpr int64_t kDay = 24 * kHour;

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// A flower shop in Berlin that delivers in windows.
class DeliveryChat : public testing::GuidedChat {
 public:
  DeliveryChat()
      : GuidedChat(FlowerShopCatalogue(),
                   {.id = "cmp_fleur",
                    .name = "Fleur",
                    .type = "PRODUCT",
                    .currency = "EUR",
                    .timezone = "Europe/Berlin"},
                   {.now_ms = kNow, .scheduled = true}) {
    schedule().delivers = true;
  }
};

TEST(GuidedDelivery, AddressZoneAndWindowInWordsInEnglish) {
  DeliveryChat chat;
  chat.schedule().zones = {{.name = "Mitte", .fee_minor = 590, .free_over_minor = 15'000},
                           {.name = "Pankow", .fee_minor = 990}};
  chat.schedule().zone_hours = {{"Pankow", {14}}};  // Pankow gets only the afternoon window
  auto added = chat.Send("I want 2 red roses bouquets size M");
  ASSERT_EQ(added.cart.lines.size(), 1u) << chat.Text();

  auto asked = chat.Send("checkout");
  EXPECT_FALSE(asked.checkout);
  EXPECT_TRUE(Contains(chat.Text(), "What's the delivery address?")) << chat.Text();

  auto address = chat.Send("Berlin, Torstraße 1");
  ASSERT_TRUE(address.cart.delivery);
  EXPECT_EQ(address.cart.delivery->address, "Berlin, Torstraße 1");
  EXPECT_FALSE(address.checkout);
  EXPECT_TRUE(Contains(chat.Text(), "Which delivery zone")) << chat.Text();
  EXPECT_TRUE(Contains(chat.Text(), "Mitte — €5.90, free from €150.00")) << chat.Text();
  EXPECT_TRUE(Contains(chat.Text(), "Pankow — €9.90")) << chat.Text();
  ASSERT_EQ(chat.Buttons().size(), 2u);

  // The zone comes before the window: only the windows serving Pankow are offered.
  auto zone = chat.Send("Pankow");
  EXPECT_FALSE(zone.checkout);
  EXPECT_EQ(zone.cart.delivery->zone, "Pankow");
  EXPECT_EQ(zone.cart.delivery->fee_minor, 990);
  EXPECT_EQ(chat.schedule().last_delivery_zone, "Pankow");
  EXPECT_TRUE(Contains(chat.Text(), "When should we deliver?")) << chat.Text();
  ASSERT_EQ(chat.Buttons().size(), 5u);
  EXPECT_EQ(chat.Buttons()[0].title, "Wed 25 Nov, 14:00\u201318:00");
  EXPECT_EQ(chat.Buttons()[1].title, "Thu 26 Nov, 14:00\u201318:00");

  // "Friday afternoon" (12:00–17:00) overlaps one Pankow window: it is taken at once.
  auto window = chat.Send("Friday afternoon");
  ASSERT_TRUE(window.cart.delivery);
  EXPECT_EQ(window.cart.delivery->starts_at, kToday + 2 * kDay + 14 * kHour);
  EXPECT_EQ(window.cart.delivery->ends_at, kToday + 2 * kDay + 18 * kHour);
  EXPECT_EQ(window.cart.delivery->label, "Fri 27 Nov, 14:00\u201318:00");
  EXPECT_TRUE(Contains(chat.Text(), "Delivery: Fri 27 Nov, 14:00\u201318:00.")) << chat.Text();
  EXPECT_TRUE(window.checkout) << chat.Text();
  EXPECT_TRUE(Contains(chat.Text(), "Delivery: €9.90")) << chat.Text();
  EXPECT_TRUE(Contains(chat.Text(), "Total: €119.70")) << chat.Text();
  EXPECT_TRUE(Contains(chat.Text(), "payment link")) << chat.Text();
  auto quote = commerce::QuoteOf(window.cart, "EUR").value();
  EXPECT_EQ(quote.delivery_minor, 990);
  EXPECT_EQ(quote.total_minor, 11'970);
}

TEST(GuidedDelivery, AnAddressNamingAZoneChoosesItAndAnotherZoneAsksForANewWindow) {
  DeliveryChat chat;
  chat.schedule().zones = {{.name = "Mitte", .fee_minor = 590, .free_over_minor = 5'000},
                           {.name = "Pankow", .fee_minor = 990}};
  chat.Send("I want 2 red roses bouquets size M");
  chat.Send("checkout");
  auto address = chat.Send("Torstraße 1, 10119 Berlin, Mitte");
  ASSERT_TRUE(address.cart.delivery);
  EXPECT_EQ(address.cart.delivery->zone, "Mitte");
  EXPECT_TRUE(Contains(chat.Text(), "When should we deliver?")) << chat.Text();
  auto window = chat.Send(chat.Buttons()[1].payload);
  EXPECT_TRUE(window.checkout) << chat.Text();
  EXPECT_EQ(commerce::QuoteOf(window.cart, "EUR")->delivery_minor, 0);  // €109.80 is over €50

  // The customer says the address is in Pankow after all: the zone changes and its window is asked
  // again (the one chosen may not serve Pankow).
  chat.input().state["stage"] = "delivery_zone";
  auto pankow = chat.Send("Pankow please");
  EXPECT_FALSE(pankow.checkout);
  EXPECT_EQ(pankow.cart.delivery->zone, "Pankow");
  EXPECT_EQ(pankow.cart.delivery->starts_at, 0);
  EXPECT_EQ(pankow.cart.delivery->address, "Torstraße 1, 10119 Berlin, Mitte");
  EXPECT_TRUE(Contains(chat.Text(), "When should we deliver?")) << chat.Text();
}

TEST(GuidedDelivery, AddressThenExactWindowInRussianWithoutZones) {
  DeliveryChat chat;
  chat.Send("I want 2 red roses bouquets size M");
  auto asked = chat.Send("оформить");
  EXPECT_FALSE(asked.checkout);
  EXPECT_EQ(asked.language, "ru");
  EXPECT_TRUE(Contains(chat.Text(), "Какой адрес доставки?")) << chat.Text();

  // Not an address (no house number): handled as usual, the address is still missing.
  chat.Send("спасибо");
  EXPECT_TRUE(chat.input().cart.delivery->address.empty());

  auto address = chat.Send("Москва, ул. Тверская, 1");
  EXPECT_FALSE(address.checkout);
  EXPECT_EQ(address.cart.delivery->address, "Москва, ул. Тверская, 1");
  EXPECT_TRUE(Contains(chat.Text(), "Когда доставить?")) << chat.Text();
  ASSERT_FALSE(chat.Buttons().empty());
  EXPECT_EQ(chat.Buttons()[0].title, "ср 25 нояб., 10:00\u201314:00");

  auto window = chat.Send("завтра с 10 до 14");
  ASSERT_TRUE(window.cart.delivery) << chat.Text();
  EXPECT_EQ(window.cart.delivery->starts_at, kToday + kDay + 10 * kHour);
  EXPECT_EQ(window.cart.delivery->ends_at, kToday + kDay + 14 * kHour);
  EXPECT_TRUE(Contains(chat.Text(), "Доставка: чт 26 нояб., 10:00\u201314:00.")) << chat.Text();
  EXPECT_TRUE(window.checkout) << chat.Text();  // no zones: straight to payment
  EXPECT_EQ(window.cart.delivery->fee_minor, 0);
  EXPECT_TRUE(Contains(chat.Text(), "Ваш заказ")) << chat.Text();
}

TEST(GuidedDelivery, NothingFreeThenOffersTheNearestWindows) {
  DeliveryChat chat;
  chat.Send("I want 2 red roses bouquets size M");
  chat.Send("checkout");
  chat.Send("Berlin, Torstraße 1");
  chat.schedule().taken_windows = {kToday + kDay + 10 * kHour, kToday + kDay + 14 * kHour};
  auto tomorrow = chat.Send("tomorrow morning");
  EXPECT_EQ(tomorrow.cart.delivery->starts_at, 0);
  EXPECT_TRUE(Contains(chat.Text(), "no delivery window is free then")) << chat.Text();
  ASSERT_FALSE(chat.Buttons().empty());
  EXPECT_EQ(chat.Buttons()[0].title, "Wed 25 Nov, 10:00\u201314:00");
}

// The turn runner found the window taken at checkout, cleared it and offered other windows as buttons:
// pressing one picks it and checks out again.
TEST(GuidedDelivery, AWindowTakenAtCheckoutIsChosenAgainFromTheRunnersButtons) {
  DeliveryChat chat;
  chat.Send("I want 2 red roses bouquets size M");
  chat.Send("checkout");
  chat.Send("Berlin, Torstraße 1");
  ASSERT_EQ(chat.Buttons().size(), 5u);
  auto first = chat.Send(chat.Buttons()[2].payload);  // Thu 26 Nov, 10:00–14:00
  ASSERT_TRUE(first.checkout) << chat.Text();
  auto& delivery = *chat.input().cart.delivery;
  delivery.starts_at = 0;
  delivery.ends_at = 0;
  delivery.label.clear();
  auto again = chat.Send("Thu 26 Nov, 14:00\u201318:00");
  EXPECT_TRUE(again.checkout) << chat.Text();
  EXPECT_EQ(again.cart.delivery->starts_at, kToday + kDay + 14 * kHour);
  EXPECT_EQ(again.cart.delivery->address, "Berlin, Torstraße 1");
}

TEST(GuidedDelivery, CompaniesWithoutDeliveryWindowsCheckOutAsBefore) {
  DeliveryChat chat;
  chat.schedule().delivers = false;
  chat.Send("I want 2 red roses bouquets size M");
  auto checkout = chat.Send("checkout");
  EXPECT_TRUE(checkout.checkout);
  EXPECT_FALSE(checkout.cart.delivery);
  EXPECT_TRUE(Contains(chat.Text(), "Total: €109.80")) << chat.Text();
  EXPECT_EQ(chat.schedule().delivery_calls, 0u);
  EXPECT_FALSE(checkout.state.contains("offered_windows"));
}

}  // namespace
}  // namespace x8::assistant
