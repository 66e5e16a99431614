// Availability (weekly hours, slot settings, delivery windows and zones), per-date exceptions and the
// JSON shapes of docs/design/scheduling.md. Validation errors name the field in details.field.
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "modules/scheduling/domain/ports.h"

namespace x8::scheduling {

// A local wall-clock range on one day, in minutes after midnight: [start_min, end_min).
struct TimeRange {
  int start_min = 0;
  int end_min = 0;
  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

// "HH:MM" ↔ minutes. "24:00" is accepted as the end of the day.
Result<int> ParseClock(std::string_view text);
std::string FormatClock(int minutes);

inline constexpr std::array<std::string_view, 7> kWeekdays = {"mon", "tue", "wed", "thu",
                                                              "fri", "sat", "sun"};

struct DeliveryWindow {
  std::vector<int> days;  // 0 = mon … 6 = sun
  TimeRange hours;
  int64_t capacity = 1;            // deliveries per window (per zone when `zones` lists zones)
  std::vector<std::string> zones;  // the delivery zones it serves (names); empty = every zone
  friend bool operator==(const DeliveryWindow&, const DeliveryWindow&) = default;
};

// The capacity counter of delivery windows that serve every zone.
inline constexpr std::string_view kDeliveryResource = "delivery";

// Whether the window serves `zone` ("" = any zone: the business's view, or a company without zones).
bool Serves(const DeliveryWindow& window, std::string_view zone);

// The capacity counter a delivery in `zone` takes in `window`: "delivery" for a window of every zone
// (one shared capacity), "delivery:<zone>" for a window that lists its zones (a capacity per zone).
std::string DeliveryResourceOf(const DeliveryWindow& window, std::string_view zone);

struct DeliveryZone {
  std::string name;
  int64_t fee_minor = 0;
  std::optional<int64_t> free_over_minor;  // orders of at least this much deliver free
  friend bool operator==(const DeliveryZone&, const DeliveryZone&) = default;
};

struct Availability {
  std::array<std::vector<TimeRange>, 7> weekly;  // index 0 = mon; sorted, non-overlapping
  int64_t slot_minutes = 30;                     // granularity of start times
  int64_t buffer_minutes = 0;                    // after each booking
  int64_t lead_minutes = 60;                     // earliest start from now
  int64_t horizon_days = 30;                     // latest local day from today
  int64_t service_capacity = 1;                  // customers per start unless the item says otherwise
  std::vector<DeliveryWindow> delivery_windows;
  std::vector<DeliveryZone> delivery_zones;
  bool saved = false;      // false: the defaults (never saved)
  int64_t updated_at = 0;  // unix ms; 0 when never saved
  friend bool operator==(const Availability&, const Availability&) = default;
};

// Mon–Fri 09:00–18:00, Sat 10:00–16:00, 30-minute slots, 60 minutes lead, 30 days horizon.
Availability DefaultAvailability();
Status Validate(const Availability& availability);
// {weekly:{mon:[["09:00","18:00"]],…}, slot_minutes, buffer_minutes, lead_minutes, horizon_days,
//  service_capacity, delivery_windows:[{days,from,to,capacity,zones}], delivery_zones:[{name,fee_minor,
//  free_over_minor}], saved, updated_at}
boost::json::object ToJson(const Availability& availability);
// Parses and validates a PUT body (every key optional: missing keys keep the defaults).
Result<Availability> AvailabilityFromJson(const boost::json::value& json);

// The delivery fee of a zone for an order subtotal; kInvalidArgument (field "zone") for an unknown zone.
Result<int64_t> DeliveryFee(const Availability& availability, std::string_view zone, int64_t subtotal_minor);

// A local date's exception: closed all day, or other opening hours instead of the weekly ones.
struct AvailabilityException {
  std::string id;  // axc_…
  std::string account_id;
  std::string company_id;
  std::string date;  // YYYY-MM-DD, local
  bool closed = true;
  std::vector<TimeRange> hours;  // when !closed; sorted, non-overlapping
  std::string note;
  int64_t created_at = 0;
};

// {id, company_id, date, closed, hours:[["10:00","14:00"]], note, created_at}
boost::json::object ToJson(const AvailabilityException& exception);
// A POST body {date, closed?, hours?, note?} (id/company/created_at are the caller's).
Result<AvailabilityException> ExceptionFromJson(const boost::json::value& json);

// YYYY-MM-DD → days since 1970-01-01 (kInvalidArgument for anything else); and back.
Result<int64_t> ParseDate(std::string_view text);
std::string FormatDate(int64_t days);

// Instants as RFC 3339 UTC ("2026-11-28T14:00:00Z", for messages and logs), and parsing of instants
// (with Z or an offset, or unix ms digits) — the API's from/to.
std::string ToIso(int64_t unix_ms);
Result<int64_t> ParseInstant(std::string_view text);

// The Booking JSON of docs/design/scheduling.md; times are unix ms (as elsewhere in the API), text
// fields "" when unset.
boost::json::object ToJson(const Booking& booking);

}  // namespace x8::scheduling
