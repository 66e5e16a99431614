#include "modules/scheduling/domain/model.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace x8::scheduling {
namespace {

std::string FieldOf(const Error& error) {
  const auto* field = error.details.if_contains("field");
  return field != nullptr && field->is_string() ? std::string(field->as_string()) : "";
}

Error ParseError(std::string_view body) {
  auto parsed = AvailabilityFromJson(json::Parse(body).value());
  EXPECT_FALSE(parsed);
  return parsed ? Error{} : parsed.error();
}

TEST(AvailabilityTest, DefaultsAreWeekdaysAndSaturday) {
  const auto a = DefaultAvailability();
  EXPECT_EQ(a.weekly[0], (std::vector<TimeRange>{{540, 1080}}));
  EXPECT_EQ(a.weekly[5], (std::vector<TimeRange>{{600, 960}}));
  EXPECT_TRUE(a.weekly[6].empty());
  EXPECT_EQ(a.slot_minutes, 30);
  EXPECT_EQ(a.lead_minutes, 60);
  EXPECT_EQ(a.horizon_days, 30);
  EXPECT_EQ(a.service_capacity, 1);
  EXPECT_FALSE(a.saved);
  EXPECT_TRUE(Validate(a));
  const auto json = ToJson(a);
  EXPECT_EQ(json::Serialize(json.at("weekly").at("mon")), R"([["09:00","18:00"]])");
  EXPECT_TRUE(json.at("updated_at").is_null());
}

TEST(AvailabilityTest, RoundTripsThroughJson) {
  auto parsed = AvailabilityFromJson(json::Parse(R"({
    "weekly": {"mon": [["13:00","17:00"],["08:00","12:00"]], "sun": [["10:00","24:00"]]},
    "slot_minutes": 15, "buffer_minutes": 10, "lead_minutes": 0, "horizon_days": 14, "service_capacity": 3,
    "delivery_windows": [{"days": ["sat","mon"], "from": "10:00", "to": "14:00", "capacity": 4}],
    "delivery_zones": [{"name": "Centre", "fee_minor": 500, "free_over_minor": 5000}, {"name": "Suburbs", "fee_minor": 900}]
  })")
                                         .value());
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->weekly[0], (std::vector<TimeRange>{{480, 720}, {780, 1020}}));  // sorted
  EXPECT_TRUE(parsed->weekly[1].empty());
  EXPECT_EQ(parsed->weekly[6], (std::vector<TimeRange>{{600, 1440}}));
  EXPECT_EQ(parsed->delivery_windows[0].days, (std::vector<int>{0, 5}));
  auto again = AvailabilityFromJson(boost::json::value(ToJson(*parsed)));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, *parsed);
  EXPECT_EQ(DeliveryFee(*parsed, "Centre", 4999).value(), 500);
  EXPECT_EQ(DeliveryFee(*parsed, "Centre", 5000).value(), 0);
  EXPECT_EQ(DeliveryFee(*parsed, "Suburbs", 100000).value(), 900);
  EXPECT_EQ(FieldOf(DeliveryFee(*parsed, "Moon", 1).error()), "zone");
}

TEST(AvailabilityTest, ErrorsNameTheField) {
  EXPECT_EQ(FieldOf(ParseError(R"({"weekly": {"mon": [["18:00","09:00"]]}})")), "weekly.mon");
  EXPECT_EQ(FieldOf(ParseError(R"({"weekly": {"mon": [["09:00","12:00"],["11:00","13:00"]]}})")),
            "weekly.mon");
  EXPECT_EQ(FieldOf(ParseError(R"({"weekly": {"funday": []}})")), "weekly.funday");
  EXPECT_EQ(FieldOf(ParseError(R"({"weekly": {"tue": [["9:00","12:00"]]}})")), "weekly.tue");
  EXPECT_EQ(FieldOf(ParseError(R"({"slot_minutes": 0})")), "slot_minutes");
  EXPECT_EQ(FieldOf(ParseError(R"({"buffer_minutes": -5})")), "buffer_minutes");
  EXPECT_EQ(FieldOf(ParseError(R"({"horizon_days": 0})")), "horizon_days");
  EXPECT_EQ(FieldOf(ParseError(R"({"service_capacity": "two"})")), "service_capacity");
  EXPECT_EQ(FieldOf(ParseError(R"({"delivery_windows": [{"days": [], "from": "10:00", "to": "12:00"}]})")),
            "delivery_windows[0].days");
  EXPECT_EQ(
      FieldOf(ParseError(R"({"delivery_windows": [{"days": ["mon"], "from": "12:00", "to": "10:00"}]})")),
      "delivery_windows[0].to");
  EXPECT_EQ(FieldOf(ParseError(R"({"delivery_zones": [{"name": "A", "fee_minor": -1}]})")),
            "delivery_zones[0].fee_minor");
  EXPECT_EQ(FieldOf(ParseError(R"({"delivery_zones": [{"name": "A"}, {"name": "A"}]})")),
            "delivery_zones[1].name");
  EXPECT_EQ(FieldOf(ParseError(R"({"colour": "blue"})")), "colour");
}

TEST(AvailabilityTest, WindowsServeListedZones) {
  auto parsed = AvailabilityFromJson(json::Parse(R"({
    "delivery_zones": [{"name": "Mitte", "fee_minor": 500}, {"name": "Pankow", "fee_minor": 900}],
    "delivery_windows": [
      {"days": ["mon"], "from": "10:00", "to": "14:00", "capacity": 2, "zones": ["Mitte", "Mitte"]},
      {"days": ["mon"], "from": "10:00", "to": "14:00", "capacity": 1, "zones": ["Pankow"]},
      {"days": ["mon"], "from": "14:00", "to": "18:00"}]})")
                                         .value());
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->delivery_windows[0].zones, (std::vector<std::string>{"Mitte"}));  // duplicates dropped
  EXPECT_TRUE(parsed->delivery_windows[2].zones.empty());                             // every zone
  EXPECT_TRUE(Serves(parsed->delivery_windows[0], "Mitte"));
  EXPECT_FALSE(Serves(parsed->delivery_windows[0], "Pankow"));
  EXPECT_TRUE(Serves(parsed->delivery_windows[2], "Pankow"));
  EXPECT_TRUE(Serves(parsed->delivery_windows[0], ""));
  EXPECT_EQ(DeliveryResourceOf(parsed->delivery_windows[0], "Mitte"), "delivery:Mitte");
  EXPECT_EQ(DeliveryResourceOf(parsed->delivery_windows[2], "Mitte"), "delivery");
  // Round trip through the API's JSON.
  auto again = AvailabilityFromJson(boost::json::value(ToJson(*parsed)));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->delivery_windows, parsed->delivery_windows);

  EXPECT_EQ(FieldOf(ParseError(R"({"delivery_windows": [{"days": ["mon"], "from": "10:00", "to": "12:00",
                                   "zones": ["Nowhere"]}]})")),
            "delivery_windows[0].zones");
  EXPECT_EQ(FieldOf(ParseError(R"({"delivery_zones": [{"name": "A"}],
      "delivery_windows": [{"days": ["mon"], "from": "10:00", "to": "12:00", "zones": "A"}]})")),
            "delivery_windows[0].zones");
  // One window per day, start and zone: an every-zone window clashes with any other at the same start.
  EXPECT_EQ(FieldOf(ParseError(R"({"delivery_zones": [{"name": "A"}, {"name": "B"}],
      "delivery_windows": [{"days": ["mon","tue"], "from": "10:00", "to": "12:00", "zones": ["A"]},
                           {"days": ["tue"], "from": "10:00", "to": "14:00"}]})")),
            "delivery_windows[1].from");
  EXPECT_EQ(FieldOf(ParseError(R"({"delivery_zones": [{"name": "A"}, {"name": "B"}],
      "delivery_windows": [{"days": ["mon"], "from": "10:00", "to": "12:00", "zones": ["A", "B"]},
                           {"days": ["mon"], "from": "10:00", "to": "12:00", "zones": ["B"]}]})")),
            "delivery_windows[1].from");
}

TEST(ExceptionTest, ClosedOrOtherHours) {
  auto closed = ExceptionFromJson(json::Parse(R"({"date": "2026-12-24", "note": "Christmas Eve"})").value());
  ASSERT_TRUE(closed);
  EXPECT_TRUE(closed->closed);
  EXPECT_EQ(closed->note, "Christmas Eve");
  auto other =
      ExceptionFromJson(json::Parse(R"({"date": "2026-12-31", "hours": [["10:00","14:00"]]})").value());
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->closed);
  EXPECT_EQ(other->hours, (std::vector<TimeRange>{{600, 840}}));
  EXPECT_EQ(FieldOf(ExceptionFromJson(json::Parse(R"({"date": "2026-02-30"})").value()).error()), "date");
  EXPECT_EQ(
      FieldOf(ExceptionFromJson(json::Parse(R"({"date": "2026-12-31", "closed": false})").value()).error()),
      "hours");
}

TEST(TimeTest, DatesAndInstants) {
  EXPECT_EQ(ParseDate("1970-01-02").value(), 1);
  EXPECT_EQ(FormatDate(ParseDate("2026-11-28").value()), "2026-11-28");
  EXPECT_FALSE(ParseDate("2026-13-01"));
  EXPECT_EQ(ParseInstant("2026-11-28T14:00:00Z").value(), 1'795'874'400'000);
  EXPECT_EQ(ParseInstant("2026-11-28T15:00:00+01:00").value(), 1'795'874'400'000);
  EXPECT_EQ(ToIso(1'795'874'400'000), "2026-11-28T14:00:00Z");
  EXPECT_EQ(ParseInstant("2026-11-28T14:00:00.250Z").value(), 1'795'874'400'250);
  EXPECT_EQ(ParseInstant("1795874400000").value(), 1'795'874'400'000);
  EXPECT_FALSE(ParseInstant("tomorrow"));
  EXPECT_EQ(ParseClock("24:00").value(), 1440);
  EXPECT_FALSE(ParseClock("24:30"));
  EXPECT_EQ(FormatClock(545), "09:05");
}

TEST(BookingTest, StatusesAndJson) {
  for (auto s : {BookingStatus::kPendingPayment, BookingStatus::kConfirmed, BookingStatus::kCancelled,
                 BookingStatus::kCompleted, BookingStatus::kNoShow}) {
    EXPECT_EQ(ParseBookingStatus(ToString(s)).value(), s);
  }
  EXPECT_EQ(FieldOf(ParseBookingStatus("done").error()), "status");
  EXPECT_EQ(ParseBookingKind("delivery").value(), BookingKind::kDelivery);
  Booking b;
  b.id = "bkg_1";
  b.starts_at = 1'795'874'400'000;
  b.ends_at = b.starts_at + 3'600'000;
  b.hold_expires_at = b.starts_at - 3'600'000;
  b.timezone = "Europe/Berlin";
  const auto json = ToJson(b);
  EXPECT_EQ(json.at("status").as_string(), "pending_payment");
  EXPECT_EQ(json.at("kind").as_string(), "appointment");
  EXPECT_EQ(json.at("starts_at").as_int64(), 1'795'874'400'000);
  EXPECT_EQ(json.at("hold_expires_at").as_int64(), 1'795'870'800'000);
  EXPECT_EQ(json.at("order_id").as_string(), "");
  EXPECT_EQ(json.size(), 24u);
}

}  // namespace
}  // namespace x8::scheduling
