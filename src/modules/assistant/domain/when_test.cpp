#include "modules/assistant/domain/when.h"

#include <gtest/gtest.h>

namespace x8::assistant {
namespace {

// Wed 25 Nov 2026 10:00 in Berlin (09:00 UTC).
constexpr int64_t kNow = 1795597200000;
constexpr std::string_view kZone = "Europe/Berlin";
constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;
// Wed 25 Nov 2026 00:00 Berlin.
constexpr int64_t kToday = kNow - 10 * kHour;

struct Case {
  std::string_view text;
  int64_t from;
  int64_t to;
  bool exact;
};

TEST(When, ParsesTimesInWordsInTheCompanysZone) {
  ASSERT_EQ(SlotLabel(kNow, kZone, "en"), "Wed 25 Nov, 10:00");
  const Case cases[] = {
      {"today", kToday, kToday + kDay, false},
      {"tomorrow", kToday + kDay, kToday + 2 * kDay, false},
      {"завтра после 15", kToday + kDay + 15 * kHour, kToday + 2 * kDay, false},
      {"tomorrow after 3pm", kToday + kDay + 15 * kHour, kToday + 2 * kDay, false},
      {"послезавтра", kToday + 2 * kDay, kToday + 3 * kDay, false},
      {"the day after tomorrow", kToday + 2 * kDay, kToday + 3 * kDay, false},
      {"в субботу утром", kToday + 3 * kDay, kToday + 3 * kDay + 12 * kHour, false},
      {"Friday morning", kToday + 2 * kDay, kToday + 2 * kDay + 12 * kHour, false},
      {"on wednesday", kToday, kToday + kDay, false},
      {"28.11 at 10", kToday + 3 * kDay + 10 * kHour, kToday + 3 * kDay + 10 * kHour + 60'000, true},
      {"Nov 28", kToday + 3 * kDay, kToday + 4 * kDay, false},
      {"28 ноября в 10:30", kToday + 3 * kDay + 10 * kHour + 30 * kMinute,
       kToday + 3 * kDay + 10 * kHour + 31 * kMinute, true},
      {"10:30", kToday + 10 * kHour + 30 * kMinute, kToday + 10 * kHour + 31 * kMinute, true},
      {"at 9", kToday + kDay + 9 * kHour, kToday + kDay + 9 * kHour + 60'000, true},
      {"9am", kToday + kDay + 9 * kHour, kToday + kDay + 9 * kHour + 60'000, true},
      {"at 11", kToday + 11 * kHour, kToday + 11 * kHour + 60'000, true},
      {"before noon", kToday, kToday + 12 * kHour, false},
      {"tomorrow before noon", kToday + kDay, kToday + kDay + 12 * kHour, false},
      {"после 15", kToday + 15 * kHour, kToday + kDay, false},
      {"this evening", kToday + 17 * kHour, kToday + kDay, false},
      {"завтра днём", kToday + kDay + 12 * kHour, kToday + kDay + 17 * kHour, false},
      {"вечером", kToday + 17 * kHour, kToday + kDay, false},
      {"Sat 28 Nov, 15:00", kToday + 3 * kDay + 15 * kHour, kToday + 3 * kDay + 15 * kHour + 60'000, true},
      {"сб 28 нояб., 15:00", kToday + 3 * kDay + 15 * kHour, kToday + 3 * kDay + 15 * kHour + 60'000, true},
      {"завтра с 10 до 12", kToday + kDay + 10 * kHour, kToday + kDay + 12 * kHour, false},
  };
  for (const auto& c : cases) {
    auto when = ParseWhen(c.text, kZone, kNow);
    ASSERT_TRUE(when) << c.text;
    EXPECT_EQ(when->from, c.from) << c.text << " " << SlotLabel(when->from, kZone, "en");
    EXPECT_EQ(when->to, c.to) << c.text << " " << SlotLabel(when->to, kZone, "en");
    EXPECT_EQ(when->exact, c.exact) << c.text;
  }
}

TEST(When, IgnoresWordsThatAreNotTimes) {
  for (std::string_view text : {"red roses", "2 bouquets", "до 2000 ₽", "good morning", "доброе утро",
                                "women's haircut", "стрижка женская"}) {
    EXPECT_FALSE(ParseWhen(text, kZone, kNow)) << text;
  }
  EXPECT_TRUE(ParseWhen("до 12", kZone, kNow, /*expect_time=*/true));
  EXPECT_FALSE(ParseWhen("tomorrow", "Nowhere/Unknown", kNow));
}

TEST(When, MarksTheWordsItUsed) {
  auto when = ParseWhen("Хочу на женскую стрижку завтра после 15", kZone, kNow);
  ASSERT_TRUE(when);
  EXPECT_EQ(when->words, (std::vector<size_t>{4, 5, 6}));
}

TEST(When, LabelsInRussianAndAcrossDaylightSaving) {
  EXPECT_EQ(SlotLabel(kNow + 3 * kDay + 5 * kHour, kZone, "ru"), "сб 28 нояб., 15:00");
  // 2026-03-29 is the spring-forward day in Berlin: 03:00 local is 01:00 UTC.
  auto when = ParseWhen("29.03.2026 at 10", kZone, 1774000000000);
  ASSERT_TRUE(when);
  EXPECT_EQ(SlotLabel(when->from, kZone, "en"), "Sun 29 Mar, 10:00");
}

TEST(When, LocalIsoDatesAndTimes) {
  EXPECT_EQ(ParseLocalIso("2026-11-25", kZone), kToday);
  EXPECT_EQ(ParseLocalIso("2026-11-25", kZone, /*end_of_day=*/true), kToday + kDay);
  EXPECT_EQ(ParseLocalIso("2026-11-25T10:00", kZone), kNow);
  EXPECT_EQ(ParseLocalIso("2026-11-25T10:00:00", kZone), kNow);
  EXPECT_EQ(ParseLocalIso("2026-11-25T09:00:00Z", kZone), kNow);
  EXPECT_EQ(ParseLocalIso("2026-11-25T12:00+03:00", kZone), kNow);
  EXPECT_EQ(LocalIso(kNow, kZone), "2026-11-25T10:00");
  for (std::string_view bad : {"", "tomorrow", "2026-13-01", "2026-11-25T25:00", "2026-11-25T10:00+3"}) {
    EXPECT_FALSE(ParseLocalIso(bad, kZone)) << bad;
  }
  EXPECT_FALSE(ParseLocalIso("2026-11-25", "Nowhere/Unknown"));
}

}  // namespace
}  // namespace x8::assistant
