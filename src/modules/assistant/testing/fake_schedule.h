// A deterministic assistant::Schedule for engine and turn tests: every day 10:00–20:00 in its zone,
// hourly starts, each slot an hour long; `taken` starts are not free; items outside `bookable` (when it
// is not empty) are not services (kInvalidArgument).
#pragma once

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "modules/assistant/domain/engine.h"
#include "modules/assistant/domain/when.h"

namespace x8::assistant::testing {

class FakeSchedule final : public Schedule {
 public:
  explicit FakeSchedule(std::string timezone = "Europe/Moscow") : timezone_(std::move(timezone)) {}

  std::string_view timezone() const override { return timezone_; }

  Result<std::vector<Slot>> FreeSlots(std::string_view item_id, int64_t from, int64_t to, size_t limit,
                                      std::string_view language) override {
    std::lock_guard lock(mutex_);
    ++calls;
    if (!bookable.empty() && !bookable.contains(std::string(item_id))) {
      return InvalidArgument("not a bookable service");
    }
    constexpr int64_t kHour = 3'600'000;
    std::vector<Slot> out;
    for (int64_t start = (from + kHour - 1) / kHour * kHour; start < to && out.size() < limit;
         start += kHour) {
      const LocalTime local = ToLocal(start, timezone_);
      if (local.hour < 10 || local.hour >= 20 || local.minute != 0) continue;
      if (taken.contains(start)) continue;
      out.push_back(
          {.starts_at = start, .ends_at = start + kHour, .label = SlotLabel(start, timezone_, language)});
    }
    return out;
  }

  // Delivery windows 10:00–14:00 and 14:00–18:00 every day when `delivers` (only the hours in
  // zone_hours[zone] for a zone listed there); zones as set.
  Result<std::vector<Slot>> FreeDeliverySlots(std::string_view zone, int64_t from, int64_t to, size_t limit,
                                              std::string_view language) override {
    std::lock_guard lock(mutex_);
    ++delivery_calls;
    last_delivery_zone = std::string(zone);
    if (!zone.empty() &&
        std::none_of(zones.begin(), zones.end(), [&](const Zone& z) { return z.name == zone; })) {
      return InvalidArgument("unknown delivery zone").With("field", "zone");
    }
    constexpr int64_t kHour = 3'600'000;
    std::vector<Slot> out;
    if (!delivers) return out;
    const auto hours = zone_hours.find(std::string(zone));
    for (int64_t start = (from + kHour - 1) / kHour * kHour; start < to && out.size() < limit;
         start += kHour) {
      const LocalTime local = ToLocal(start, timezone_);
      if ((local.hour != 10 && local.hour != 14) || local.minute != 0) continue;
      if (hours != zone_hours.end() && !hours->second.contains(local.hour)) continue;
      if (taken_windows.contains(start)) continue;
      const LocalTime end = ToLocal(start + 4 * kHour, timezone_);
      char until[8];
      std::snprintf(until, sizeof(until), "%02d:%02d", end.hour, end.minute);
      out.push_back({.starts_at = start,
                     .ends_at = start + 4 * kHour,
                     .label = SlotLabel(start, timezone_, language) + "\u2013" + until});
    }
    return out;
  }
  Result<std::vector<Zone>> DeliveryZones() override { return zones; }
  Result<bool> HasDeliveryWindows() override { return delivers; }

  std::set<int64_t> taken;
  std::set<int64_t> taken_windows;
  bool delivers = false;
  std::vector<Zone> zones;
  std::map<std::string, std::set<int>> zone_hours;  // a zone's window hours (10, 14); absent: both
  std::string last_delivery_zone;
  size_t delivery_calls = 0;
  std::set<std::string> bookable;
  size_t calls = 0;

 private:
  std::string timezone_;
  std::mutex mutex_;
};

}  // namespace x8::assistant::testing
