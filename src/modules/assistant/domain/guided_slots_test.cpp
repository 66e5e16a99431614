// The guided engine offering and taking times of services (issue 6), against a fake Schedule over the
// beauty-salon sample.
#include <gtest/gtest.h>

#include "modules/assistant/domain/guided_engine.h"
#include "modules/assistant/testing/guided_chat.h"
#include "modules/assistant/testing/indexed_catalogue.h"

namespace x8::assistant {
namespace {

using testing::FakeSchedule;
using testing::IndexedCatalogue;

// Wed 25 Nov 2026 10:00 in Moscow (07:00 UTC).
constexpr int64_t kNow = 1795590000000;
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kToday = kNow - 10 * kHour;  // 00:00 Moscow
constexpr int64_t kDay = 24 * kHour;

std::string_view SalonEnCsv() {
  return R"csv(Service,Category,Duration (min),Price (EUR),Format,Location,Description
Women's haircut,Hair,60,25.00,offline,"Main St 1, Berlin","Cut, wash and styling"
Men's haircut,Hair,40,15.00,offline,"Main St 1, Berlin",Classic or modern cut
Stylist consultation,Consultations,30,0,online,https://meet.example/stylist,Free video consultation
)csv";
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// A salon in Moscow with a schedule.
class SlotChat : public testing::GuidedChat {
 public:
  SlotChat(IndexedCatalogue catalogue, std::string currency)
      : GuidedChat(std::move(catalogue),
                   {.id = "cmp_salon",
                    .name = "Salon",
                    .type = "SERVICE",
                    .currency = std::move(currency),
                    .timezone = "Europe/Moscow"},
                   {.now_ms = kNow, .scheduled = true}) {}
};

SlotChat Russian() { return SlotChat(testing::RussianCatalogue(), "RUB"); }
SlotChat English() {
  return SlotChat(
      IndexedCatalogue({testing::LoadCsv("salon", knowledge::KbKind::kService, SalonEnCsv(), "EUR")}), "EUR");
}

TEST(GuidedSlots, PaidHaircutTomorrowAfterThreeInRussian) {
  auto chat = Russian();
  auto offered = chat.Send("Хочу на женскую стрижку завтра после 15");
  EXPECT_TRUE(offered.cart.empty());
  EXPECT_TRUE(Contains(chat.Text(), "Стрижка женская")) << chat.Text();
  EXPECT_TRUE(Contains(chat.Text(), "Свободное время")) << chat.Text();
  ASSERT_EQ(chat.Buttons().size(), 5u);
  EXPECT_EQ(chat.Buttons()[0].title, "чт 26 нояб., 15:00");
  EXPECT_EQ(chat.Buttons()[4].title, "чт 26 нояб., 19:00");

  auto chosen = chat.Send(chat.Buttons()[0].payload);
  ASSERT_EQ(chosen.cart.lines.size(), 1u) << chat.Text();
  const auto& line = chosen.cart.lines[0];
  EXPECT_EQ(line.name, "Стрижка женская");
  EXPECT_EQ(line.quantity_milli, 1000);
  EXPECT_EQ(line.slot_starts_at, kToday + kDay + 15 * kHour);
  EXPECT_EQ(line.slot_ends_at, kToday + kDay + 16 * kHour);
  EXPECT_EQ(line.slot_label, "чт 26 нояб., 15:00");
  EXPECT_TRUE(Contains(chat.Text(), "Стрижка женская, чт 26 нояб., 15:00 — 2")) << chat.Text();
  EXPECT_TRUE(Contains(chat.Text(), "Записать вас?"));
  EXPECT_FALSE(chosen.checkout);

  auto checkout = chat.Send("оформить");
  EXPECT_TRUE(checkout.checkout);
  EXPECT_TRUE(Contains(chat.Text(), "ссылку на оплату")) << chat.Text();
  EXPECT_TRUE(Contains(chat.Text(), "1 × Стрижка женская, чт 26 нояб., 15:00 — 2")) << chat.Text();
}

TEST(GuidedSlots, FreeConsultationBooksWithoutPaymentInRussian) {
  auto chat = Russian();
  chat.Send("консультация стилиста");
  EXPECT_TRUE(Contains(chat.Text(), "бесплатно")) << chat.Text();
  ASSERT_FALSE(chat.Buttons().empty());
  EXPECT_EQ(chat.Buttons()[0].title, "ср 25 нояб., 10:00");  // the earliest free start from now
  auto chosen = chat.Send(chat.Buttons()[0].payload);
  ASSERT_EQ(chosen.cart.lines.size(), 1u);
  EXPECT_EQ(chosen.cart.lines[0].unit_price_minor, 0);
  EXPECT_EQ(chosen.cart.lines[0].slot_starts_at, kToday + 10 * kHour);
  auto booked = chat.Send("записаться");
  EXPECT_TRUE(booked.checkout);
  EXPECT_TRUE(Contains(chat.Text(), "Ваша запись")) << chat.Text();
  EXPECT_FALSE(Contains(chat.Text(), "оплат")) << chat.Text();
}

TEST(GuidedSlots, SaturdayMorningAndAWeekdayInRussian) {
  auto chat = Russian();
  chat.Send("маникюр в субботу утром");
  ASSERT_FALSE(chat.Buttons().empty()) << chat.Text();
  EXPECT_EQ(chat.Buttons()[0].title, "сб 28 нояб., 10:00");
  EXPECT_EQ(chat.Buttons().size(), 2u);  // 10:00 and 11:00 before noon
  // A new time while the service waits for one.
  chat.Send("а в пятницу вечером?");
  ASSERT_FALSE(chat.Buttons().empty()) << chat.Text();
  EXPECT_EQ(chat.Buttons()[0].title, "пт 27 нояб., 17:00");
}

TEST(GuidedSlots, HaircutTomorrowAfterThreeInEnglish) {
  auto chat = English();
  auto offered = chat.Send("I'd like a women's haircut tomorrow after 3pm");
  EXPECT_TRUE(offered.cart.empty());
  EXPECT_EQ(offered.language, "en");
  EXPECT_TRUE(Contains(chat.Text(), "Women's haircut")) << chat.Text();
  ASSERT_EQ(chat.Buttons().size(), 5u) << chat.Text();
  EXPECT_EQ(chat.Buttons()[0].title, "Thu 26 Nov, 15:00");
  auto chosen = chat.Send("Thu 26 Nov, 16:00");
  ASSERT_EQ(chosen.cart.lines.size(), 1u) << chat.Text();
  EXPECT_EQ(chosen.cart.lines[0].slot_starts_at, kToday + kDay + 16 * kHour);
  EXPECT_TRUE(Contains(chat.Text(), "Women's haircut, Thu 26 Nov, 16:00 — €25.00.")) << chat.Text();
  EXPECT_TRUE(Contains(chat.Text(), "Shall I book it?"));
  auto checkout = chat.Send("book");
  EXPECT_TRUE(checkout.checkout);
}

TEST(GuidedSlots, AskedWhenThenTimeInWords) {
  auto chat = English();
  chat.Send("women's haircut");
  EXPECT_TRUE(Contains(chat.Text(), "Free times")) << chat.Text();
  EXPECT_EQ(chat.Buttons().at(0).title, "Wed 25 Nov, 10:00");
  // An exact free time is taken at once.
  auto chosen = chat.Send("Friday at 12:00");
  ASSERT_EQ(chosen.cart.lines.size(), 1u) << chat.Text();
  EXPECT_EQ(chosen.cart.lines[0].slot_starts_at, kToday + 2 * kDay + 12 * kHour);
  // Re-timed: still one line.
  auto moved = chat.Send("other time");
  EXPECT_FALSE(chat.Buttons().empty()) << chat.Text();
  auto again = chat.Send("28.11 at 10");
  ASSERT_EQ(again.cart.lines.size(), 1u) << chat.Text();
  EXPECT_EQ(again.cart.lines[0].slot_starts_at, kToday + 3 * kDay + 10 * kHour);
}

TEST(GuidedSlots, NothingFreeOffersTheNearest) {
  auto chat = English();
  for (int hour = 10; hour < 20; ++hour) chat.schedule().taken.insert(kToday + kDay + hour * kHour);
  chat.Send("women's haircut tomorrow");
  EXPECT_TRUE(Contains(chat.Text(), "nothing is free then")) << chat.Text();
  EXPECT_EQ(chat.Buttons().at(0).title, "Fri 27 Nov, 10:00");
}

TEST(GuidedSlots, FreeConsultationInEnglishAndTakenExactTime) {
  auto chat = English();
  chat.schedule().taken.insert(kToday + kDay + 10 * kHour);
  chat.Send("stylist consultation tomorrow at 10");
  EXPECT_TRUE(Contains(chat.Text(), "nothing is free then")) << chat.Text();
  EXPECT_EQ(chat.Buttons().at(0).title, "Thu 26 Nov, 11:00");
  chat.Send(chat.Buttons().at(0).payload);
  auto booked = chat.Send("book");
  EXPECT_TRUE(booked.checkout);
  EXPECT_TRUE(Contains(chat.Text(), "Your booking")) << chat.Text();
}

TEST(GuidedSlots, ATimeTakenAtCheckoutIsChosenAgain) {
  // The runner clears a line's slot when it was taken; the label it offered then comes back.
  auto chat = Russian();
  chat.Send("Хочу на женскую стрижку завтра после 15");
  auto chosen = chat.Send(chat.Buttons()[0].payload);
  auto cart = chosen.cart;
  cart.lines[0].slot_starts_at.reset();
  cart.lines[0].slot_ends_at.reset();
  cart.lines[0].slot_label.clear();
  chat.input().cart = cart;
  auto retimed = chat.Send("чт 26 нояб., 17:00");
  ASSERT_EQ(retimed.cart.lines.size(), 1u) << chat.Text();
  EXPECT_EQ(retimed.cart.lines[0].slot_starts_at, kToday + kDay + 17 * kHour);
  // Checkout with a service but no time asks for the time first.
  cart.lines[0].slot_starts_at.reset();
  chat.input().cart = cart;
  auto asked = chat.Send("оформить");
  EXPECT_FALSE(asked.checkout);
  EXPECT_TRUE(Contains(chat.Text(), "Сначала выберем время")) << chat.Text();
}

TEST(GuidedSlots, ProductsAndNoScheduleBehaveAsBefore) {
  auto chat = Russian();
  chat.Send("ваза");
  EXPECT_EQ(chat.schedule().calls, 0u);
  chat.input().schedule = nullptr;
  chat.input().state = {};
  chat.Send("консультация стилиста");
  EXPECT_TRUE(Contains(chat.Text(), "Добавить в корзину")) << chat.Text();
}

}  // namespace
}  // namespace x8::assistant
