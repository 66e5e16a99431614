#include "modules/scheduling/domain/slots.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace x8::scheduling {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

int64_t At(std::string_view iso) { return ParseInstant(iso).value(); }

std::vector<std::string> Starts(const std::vector<FreeSlot>& slots) {
  std::vector<std::string> out;
  out.reserve(slots.size());
  for (const auto& s : slots) out.push_back(ToIso(s.starts_at));
  return out;
}

Availability Open(int weekday, int from_min, int to_min) {
  Availability a;
  for (auto& day : a.weekly) day.clear();
  a.weekly[weekday] = {{from_min, to_min}};
  a.lead_minutes = 0;
  a.horizon_days = 366;
  return a;
}

SlotInput Berlin(Availability a, int64_t from, int64_t to) {
  SlotInput input;
  input.timezone = "Europe/Berlin";
  input.availability = std::move(a);
  input.duration_min = 30;
  input.capacity = 1;
  input.now = from - 24 * kHour;
  input.from = from;
  input.to = to;
  return input;
}

TEST(ComputeSlotsTest, SpringForwardSkipsTheMissingHour) {
  // 2026-03-29 (Sunday): 02:00 CET becomes 03:00 CEST; there is no 02:00 or 02:30 on the wall clock.
  auto input = Berlin(Open(6, 0, 6 * 60), At("2026-03-28T23:00:00Z"), At("2026-03-29T04:00:00Z"));
  auto slots = ComputeSlots(input);
  ASSERT_TRUE(slots) << slots.error().message;
  EXPECT_EQ(Starts(*slots), (std::vector<std::string>{
                                "2026-03-28T23:00:00Z", "2026-03-28T23:30:00Z",  // 00:00, 00:30 CET
                                "2026-03-29T00:00:00Z", "2026-03-29T00:30:00Z",  // 01:00, 01:30 CET
                                "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z",  // 03:00, 03:30 CEST
                                "2026-03-29T02:00:00Z", "2026-03-29T02:30:00Z",  // 04:00, 04:30
                                "2026-03-29T03:00:00Z", "2026-03-29T03:30:00Z",  // 05:00, 05:30
                            }));
  for (const auto& slot : *slots) EXPECT_EQ(slot.ends_at - slot.starts_at, 30 * kMinute);
}

TEST(ComputeSlotsTest, FallBackOffersTheRepeatedHourOnceAtItsFirstOccurrence) {
  // 2026-10-25 (Sunday): 03:00 CEST becomes 02:00 CET; 02:00 and 02:30 happen twice.
  auto input = Berlin(Open(6, 60, 4 * 60), At("2026-10-24T22:00:00Z"), At("2026-10-25T06:00:00Z"));
  auto slots = ComputeSlots(input);
  ASSERT_TRUE(slots) << slots.error().message;
  EXPECT_EQ(Starts(*slots), (std::vector<std::string>{
                                "2026-10-24T23:00:00Z", "2026-10-24T23:30:00Z",  // 01:00, 01:30 CEST
                                "2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z",  // 02:00, 02:30 CEST (first)
                                "2026-10-25T02:00:00Z", "2026-10-25T02:30:00Z",  // 03:00, 03:30 CET
                            }));
}

TEST(ComputeSlotsTest, WinterAndSummerOffsets) {
  // Monday 2026-11-30, 09:00–11:00 Berlin (CET, +01:00); Monday 2026-06-01 (CEST, +02:00).
  auto winter =
      ComputeSlots(Berlin(Open(0, 9 * 60, 11 * 60), At("2026-11-30T00:00:00Z"), At("2026-12-01T00:00:00Z")));
  ASSERT_TRUE(winter);
  EXPECT_EQ(Starts(*winter), (std::vector<std::string>{"2026-11-30T08:00:00Z", "2026-11-30T08:30:00Z",
                                                       "2026-11-30T09:00:00Z", "2026-11-30T09:30:00Z"}));
  auto summer =
      ComputeSlots(Berlin(Open(0, 9 * 60, 10 * 60), At("2026-06-01T00:00:00Z"), At("2026-06-02T00:00:00Z")));
  ASSERT_TRUE(summer);
  EXPECT_EQ(Starts(*summer), (std::vector<std::string>{"2026-06-01T07:00:00Z", "2026-06-01T07:30:00Z"}));
}

TEST(ComputeSlotsTest, DurationMustFitTheRangeAndStartsFollowTheGrid) {
  auto a = Open(0, 9 * 60, 11 * 60);
  a.slot_minutes = 45;
  auto input = Berlin(a, At("2026-11-30T00:00:00Z"), At("2026-12-01T00:00:00Z"));
  input.duration_min = 60;
  auto slots = ComputeSlots(input);
  ASSERT_TRUE(slots);
  // 09:00 and 09:45 fit (09:45–10:45); 10:30 would end at 11:30.
  EXPECT_EQ(Starts(*slots), (std::vector<std::string>{"2026-11-30T08:00:00Z", "2026-11-30T08:45:00Z"}));
}

TEST(ComputeSlotsTest, LeadTimeHidesStartsTooSoon) {
  auto a = Open(0, 9 * 60, 12 * 60);
  a.lead_minutes = 60;
  auto input = Berlin(a, At("2026-11-30T00:00:00Z"), At("2026-12-01T00:00:00Z"));
  input.now = At("2026-11-30T08:10:00Z");  // 09:10 Berlin: the earliest start is 10:10 → 10:30
  auto slots = ComputeSlots(input);
  ASSERT_TRUE(slots);
  EXPECT_EQ(Starts(*slots), (std::vector<std::string>{"2026-11-30T09:30:00Z", "2026-11-30T10:00:00Z",
                                                      "2026-11-30T10:30:00Z"}));
}

TEST(ComputeSlotsTest, HorizonEndsAtTheLastLocalDay) {
  auto a = DefaultAvailability();
  a.lead_minutes = 0;
  a.horizon_days = 1;
  auto input = Berlin(a, At("2026-11-30T00:00:00Z"), At("2026-12-05T00:00:00Z"));
  input.now = At("2026-11-29T23:30:00Z");  // Monday 00:30 Berlin: Monday and Tuesday only
  auto slots = ComputeSlots(input);
  ASSERT_TRUE(slots);
  ASSERT_EQ(slots->size(), 36u);  // 18 starts 09:00–17:30 per day
  EXPECT_EQ(ToIso(slots->front().starts_at), "2026-11-30T08:00:00Z");
  EXPECT_EQ(ToIso(slots->back().starts_at), "2026-12-01T16:30:00Z");
}

TEST(ComputeSlotsTest, BufferKeepsTimeFreeAfterEachBooking) {
  auto input = Berlin(Open(0, 9 * 60, 13 * 60), At("2026-11-30T00:00:00Z"), At("2026-12-01T00:00:00Z"));
  input.duration_min = 60;
  input.occupied = {{At("2026-11-30T09:00:00Z"), At("2026-11-30T10:00:00Z")}};  // 10:00–11:00 local
  auto without = ComputeSlots(input);
  ASSERT_TRUE(without);
  EXPECT_EQ(Starts(*without), (std::vector<std::string>{"2026-11-30T08:00:00Z", "2026-11-30T10:00:00Z",
                                                        "2026-11-30T10:30:00Z", "2026-11-30T11:00:00Z"}));
  input.availability.buffer_minutes = 15;
  auto with = ComputeSlots(input);
  ASSERT_TRUE(with);
  // 09:00 would run into the booking with its buffer; 11:00 starts inside the booking's buffer.
  EXPECT_EQ(Starts(*with), (std::vector<std::string>{"2026-11-30T10:30:00Z", "2026-11-30T11:00:00Z"}));
}

TEST(ComputeSlotsTest, ExceptionsCloseADayOrChangeItsHours) {
  auto a = DefaultAvailability();
  a.lead_minutes = 0;
  auto input = Berlin(a, At("2026-11-29T23:00:00Z"), At("2026-12-01T23:00:00Z"));  // Mon + Tue local
  AvailabilityException closed;
  closed.date = "2026-11-30";
  closed.closed = true;
  AvailabilityException other;
  other.date = "2026-12-01";
  other.closed = false;
  other.hours = {{12 * 60, 14 * 60}};
  input.exceptions = {closed, other};
  auto slots = ComputeSlots(input);
  ASSERT_TRUE(slots);
  EXPECT_EQ(Starts(*slots), (std::vector<std::string>{"2026-12-01T11:00:00Z", "2026-12-01T11:30:00Z",
                                                      "2026-12-01T12:00:00Z", "2026-12-01T12:30:00Z"}));
}

TEST(ComputeSlotsTest, CapacityCountsOverlappingBookings) {
  auto input = Berlin(Open(0, 10 * 60, 11 * 60), At("2026-11-30T00:00:00Z"), At("2026-12-01T00:00:00Z"));
  input.capacity = 2;
  const int64_t ten = At("2026-11-30T09:00:00Z");
  input.occupied = {{ten, ten + 30 * kMinute}};
  auto one = ComputeSlots(input);
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 2u);
  EXPECT_EQ((*one)[0], (FreeSlot{ten, ten + 30 * kMinute, 1}));
  EXPECT_EQ((*one)[1].remaining, 2);
  input.occupied.push_back({ten, ten + 30 * kMinute});
  auto full = ComputeSlots(input);
  ASSERT_TRUE(full);
  EXPECT_EQ(Starts(*full), (std::vector<std::string>{"2026-11-30T09:30:00Z"}));
}

TEST(ComputeSlotsTest, BusyRangesBlockOverlappingStarts) {
  auto input = Berlin(Open(0, 12 * 60, 15 * 60), At("2026-11-30T00:00:00Z"), At("2026-12-01T00:00:00Z"));
  input.busy = {{At("2026-11-30T12:00:00Z"), At("2026-11-30T13:00:00Z")}};  // 13:00–14:00 local
  auto slots = ComputeSlots(input);
  ASSERT_TRUE(slots);
  EXPECT_EQ(Starts(*slots), (std::vector<std::string>{"2026-11-30T11:00:00Z", "2026-11-30T11:30:00Z",
                                                      "2026-11-30T13:00:00Z", "2026-11-30T13:30:00Z"}));
}

TEST(ComputeSlotsTest, WindowBoundsAreHalfOpen) {
  auto input = Berlin(Open(0, 9 * 60, 11 * 60), At("2026-11-30T08:30:00Z"), At("2026-11-30T09:30:00Z"));
  auto slots = ComputeSlots(input);
  ASSERT_TRUE(slots);
  EXPECT_EQ(Starts(*slots), (std::vector<std::string>{"2026-11-30T08:30:00Z", "2026-11-30T09:00:00Z"}));
}

TEST(ComputeSlotsTest, RejectsUnknownZonesAndBadDurations) {
  auto input = Berlin(DefaultAvailability(), At("2026-11-30T00:00:00Z"), At("2026-12-01T00:00:00Z"));
  input.timezone = "Mars/Olympus";
  auto slots = ComputeSlots(input);
  ASSERT_FALSE(slots);
  EXPECT_EQ(slots.error().code, ErrorCode::kInvalidArgument);
  input.timezone = "Europe/Berlin";
  input.duration_min = 0;
  EXPECT_FALSE(ComputeSlots(input));
}

TEST(ComputeDeliverySlotsTest, WindowsPerDayWithCapacity) {
  Availability a;
  a.lead_minutes = 0;
  a.delivery_windows = {{.days = {0, 1}, .hours = {10 * 60, 14 * 60}, .capacity = 2}};
  auto input = Berlin(a, At("2026-11-29T23:00:00Z"), At("2026-12-02T23:00:00Z"));  // Mon, Tue, Wed
  const int64_t monday = At("2026-11-30T09:00:00Z");
  input.occupied = {{monday, monday + 4 * kHour, "delivery"}, {monday, monday + 4 * kHour, "delivery"}};
  auto slots = ComputeDeliverySlots(input);
  ASSERT_TRUE(slots);
  ASSERT_EQ(slots->size(), 1u);  // Monday is full, Wednesday has no window
  EXPECT_EQ((*slots)[0], (FreeSlot{At("2026-12-01T09:00:00Z"), At("2026-12-01T13:00:00Z"), 2}));
  auto place = DeliveryWindowAt(input, monday);
  ASSERT_TRUE(place && *place);
  EXPECT_EQ((*place)->capacity, 2);
  EXPECT_EQ((*place)->resource, "delivery");
  EXPECT_FALSE((*place)->zoned);
  EXPECT_FALSE(DeliveryWindowAt(input, monday + kHour).value());
}

// Mitte has its own morning window (2 a zone); the afternoon window serves every zone (1 in all).
TEST(ComputeDeliverySlotsTest, ZonesNarrowTheWindowsAndCountOnTheirOwnCounters) {
  Availability a;
  a.lead_minutes = 0;
  a.delivery_zones = {{.name = "Mitte"}, {.name = "Pankow"}};
  a.delivery_windows = {{.days = {0}, .hours = {10 * 60, 14 * 60}, .capacity = 2, .zones = {"Mitte"}},
                        {.days = {0}, .hours = {14 * 60, 18 * 60}, .capacity = 1}};
  auto input = Berlin(a, At("2026-11-29T23:00:00Z"), At("2026-11-30T23:00:00Z"));  // Monday
  const int64_t morning = At("2026-11-30T09:00:00Z");
  const int64_t afternoon = At("2026-11-30T13:00:00Z");
  auto starts = [&](std::string zone) {
    input.zone = std::move(zone);
    std::vector<int64_t> out;
    for (const auto& slot : ComputeDeliverySlots(input).value()) out.push_back(slot.starts_at);
    return out;
  };
  EXPECT_EQ(starts("Mitte"), (std::vector<int64_t>{morning, afternoon}));
  EXPECT_EQ(starts("Pankow"), (std::vector<int64_t>{afternoon}));
  EXPECT_EQ(starts(""), (std::vector<int64_t>{morning, afternoon}));  // the business sees every window

  // One Mitte delivery in the morning leaves a place; another zone's counter does not count.
  input.occupied = {{morning, morning + 4 * kHour, "delivery:Mitte"},
                    {morning, morning + 4 * kHour, "delivery:Pankow"}};
  input.zone = "Mitte";
  EXPECT_EQ(ComputeDeliverySlots(input).value().front().remaining, 1);
  input.occupied.push_back({morning, morning + 4 * kHour, "delivery:Mitte"});
  EXPECT_EQ(starts("Mitte"), (std::vector<int64_t>{afternoon}));
  // The shared afternoon window: a delivery to either zone fills it for both.
  input.occupied.push_back({afternoon, afternoon + 4 * kHour, "delivery"});
  EXPECT_TRUE(starts("Mitte").empty());
  EXPECT_TRUE(starts("Pankow").empty());

  input.zone = "Mitte";
  auto place = DeliveryWindowAt(input, morning).value();
  ASSERT_TRUE(place);
  EXPECT_EQ(place->resource, "delivery:Mitte");
  EXPECT_TRUE(place->zoned);
  input.zone = "Pankow";
  EXPECT_FALSE(DeliveryWindowAt(input, morning).value());  // not Pankow's window
  EXPECT_EQ(DeliveryWindowAt(input, afternoon).value()->resource, "delivery");
}

}  // namespace
}  // namespace x8::scheduling
