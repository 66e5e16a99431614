#include "modules/scheduling/domain/slots.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <map>

namespace x8::scheduling {
namespace {

using Ms = std::chrono::milliseconds;
constexpr int64_t kMinute = 60'000;

Result<const date::time_zone*> Zone(const std::string& name) {
  try {
    const auto* zone = date::locate_zone(name);
    if (zone != nullptr) return zone;
  } catch (const std::exception&) {
    // Answered below.
  }
  return InvalidArgument("unknown time zone " + name).With("field", "timezone");
}

// The local date (days since the epoch) of an instant.
int64_t LocalDay(const date::time_zone* zone, int64_t unix_ms) {
  const auto local = zone->to_local(date::sys_time<Ms>{Ms{unix_ms}});
  return date::floor<date::days>(local).time_since_epoch().count();
}

// Monday = 0 … Sunday = 6.
int WeekdayIndex(int64_t day) {
  const date::weekday wd{date::sys_days{date::days{day}}};
  return static_cast<int>((wd.c_encoding() + 6) % 7);
}

// A wall-clock time of a local day as an instant: nullopt when it does not exist (the spring gap);
// the first occurrence when it is ambiguous (the autumn repeat).
std::optional<int64_t> ToInstant(const date::time_zone* zone, int64_t day, int64_t minute) {
  const date::local_time<Ms> local{Ms{(day * 1440 + minute) * kMinute}};
  const auto info = zone->get_info(local);
  if (info.result == date::local_info::nonexistent) return std::nullopt;
  return zone->to_sys(local, date::choose::earliest).time_since_epoch().count();
}

// The opening hours of a local day: its exception's, or the weekly ones.
const std::vector<TimeRange>& HoursOf(const SlotInput& input,
                                      const std::map<int64_t, const AvailabilityException*>& exceptions,
                                      int64_t day) {
  static const std::vector<TimeRange> kClosed;
  if (auto it = exceptions.find(day); it != exceptions.end()) {
    return it->second->closed ? kClosed : it->second->hours;
  }
  return input.availability.weekly.at(WeekdayIndex(day));
}

std::map<int64_t, const AvailabilityException*> ExceptionsByDay(const SlotInput& input) {
  std::map<int64_t, const AvailabilityException*> out;
  for (const auto& e : input.exceptions) {
    if (auto day = ParseDate(e.date)) out[*day] = &e;
  }
  return out;
}

struct Window {
  const date::time_zone* zone = nullptr;
  int64_t earliest = 0;  // first allowed start (from, now + lead)
  int64_t first_day = 0;
  int64_t last_day = 0;  // inclusive; capped by the horizon
};

Result<Window> WindowOf(const SlotInput& input) {
  X8_TRY(auto zone, Zone(input.timezone));
  Window w;
  w.zone = zone;
  w.earliest = std::max(input.from, input.now + input.availability.lead_minutes * kMinute);
  // One local day either side of the instants covers every offset.
  w.first_day = LocalDay(zone, w.earliest) - 1;
  w.last_day = std::min(LocalDay(zone, std::max(input.to - 1, w.earliest)) + 1,
                        LocalDay(zone, input.now) + input.availability.horizon_days);
  return w;
}

int64_t Overlapping(const std::vector<Occupied>& occupied, int64_t start, int64_t end, int64_t buffer_ms) {
  int64_t count = 0;
  for (const auto& o : occupied) {
    if (o.starts_at < end && o.ends_at + buffer_ms > start) ++count;
  }
  return count;
}

// Deliveries on one counter overlapping [start, end).
int64_t Overlapping(const std::vector<Occupied>& occupied, int64_t start, int64_t end,
                    const std::string& resource) {
  int64_t count = 0;
  for (const auto& o : occupied) {
    if (o.resource == resource && o.starts_at < end && o.ends_at > start) ++count;
  }
  return count;
}

bool Busy(const std::vector<BusyRange>& busy, int64_t start, int64_t end) {
  return std::any_of(busy.begin(), busy.end(),
                     [&](const BusyRange& b) { return b.starts_at < end && b.ends_at > start; });
}

void SortUnique(std::vector<FreeSlot>& slots) {
  std::sort(slots.begin(), slots.end(),
            [](const FreeSlot& a, const FreeSlot& b) { return a.starts_at < b.starts_at; });
  slots.erase(std::unique(slots.begin(), slots.end(),
                          [](const FreeSlot& a, const FreeSlot& b) { return a.starts_at == b.starts_at; }),
              slots.end());
}

}  // namespace

Result<std::vector<FreeSlot>> ComputeSlots(const SlotInput& input) {
  if (input.duration_min <= 0)
    return InvalidArgument("the duration must be positive").With("field", "duration_min");
  if (input.availability.slot_minutes <= 0) return InvalidArgument("slot_minutes must be positive");
  std::vector<FreeSlot> slots;
  if (input.to <= input.from || input.capacity <= 0) return slots;
  X8_TRY(auto window, WindowOf(input));
  const auto exceptions = ExceptionsByDay(input);
  const int64_t duration_ms = input.duration_min * kMinute;
  const int64_t buffer_ms = input.availability.buffer_minutes * kMinute;
  for (int64_t day = window.first_day; day <= window.last_day; ++day) {
    for (const auto& range : HoursOf(input, exceptions, day)) {
      for (int64_t minute = range.start_min; minute + input.duration_min <= range.end_min;
           minute += input.availability.slot_minutes) {
        auto start = ToInstant(window.zone, day, minute);
        if (!start || *start < window.earliest || *start >= input.to) continue;
        const int64_t end = *start + duration_ms;
        if (Busy(input.busy, *start, end)) continue;
        const int64_t remaining =
            input.capacity - Overlapping(input.occupied, *start, end + buffer_ms, buffer_ms);
        if (remaining <= 0) continue;
        slots.push_back({*start, end, remaining});
      }
    }
  }
  SortUnique(slots);
  return slots;
}

Result<std::vector<FreeSlot>> ComputeDeliverySlots(const SlotInput& input) {
  std::vector<FreeSlot> slots;
  if (input.to <= input.from) return slots;
  X8_TRY(auto window, WindowOf(input));
  const auto exceptions = ExceptionsByDay(input);
  for (int64_t day = window.first_day; day <= window.last_day; ++day) {
    if (auto it = exceptions.find(day); it != exceptions.end() && it->second->closed) continue;
    const int weekday = WeekdayIndex(day);
    for (const auto& w : input.availability.delivery_windows) {
      if (std::find(w.days.begin(), w.days.end(), weekday) == w.days.end()) continue;
      if (!Serves(w, input.zone)) continue;
      const date::local_time<Ms> local_start{Ms{(day * 1440 + w.hours.start_min) * kMinute}};
      const date::local_time<Ms> local_end{Ms{(day * 1440 + w.hours.end_min) * kMinute}};
      const int64_t start =
          window.zone->to_sys(local_start, date::choose::earliest).time_since_epoch().count();
      const int64_t end = window.zone->to_sys(local_end, date::choose::latest).time_since_epoch().count();
      if (start < window.earliest || start >= input.to || end <= start) continue;
      int64_t remaining = 0;
      if (!input.zone.empty() || w.zones.empty()) {
        remaining = w.capacity - Overlapping(input.occupied, start, end, DeliveryResourceOf(w, input.zone));
      } else {
        for (const auto& zone : w.zones) {
          remaining = std::max(
              remaining, w.capacity - Overlapping(input.occupied, start, end, DeliveryResourceOf(w, zone)));
        }
      }
      if (remaining <= 0) continue;
      slots.push_back({start, end, remaining});
    }
  }
  SortUnique(slots);
  return slots;
}

Result<std::optional<WindowPlace>> DeliveryWindowAt(const SlotInput& input, int64_t starts_at) {
  X8_TRY(auto zone, Zone(input.timezone));
  const int64_t day = LocalDay(zone, starts_at);
  const int weekday = WeekdayIndex(day);
  for (const auto& w : input.availability.delivery_windows) {
    if (std::find(w.days.begin(), w.days.end(), weekday) == w.days.end()) continue;
    if (!Serves(w, input.zone)) continue;
    const date::local_time<Ms> local_start{Ms{(day * 1440 + w.hours.start_min) * kMinute}};
    if (zone->to_sys(local_start, date::choose::earliest).time_since_epoch().count() == starts_at) {
      // Validation keeps one window per day, start and zone.
      return std::optional<WindowPlace>(
          WindowPlace{w.capacity, DeliveryResourceOf(w, input.zone), !w.zones.empty()});
    }
  }
  return std::optional<WindowPlace>();
}

Result<int64_t> StartOfLocalDay(int64_t days, std::string_view timezone) {
  X8_TRY(auto zone, Zone(std::string(timezone)));
  const date::local_time<Ms> local{Ms{days * 1440 * kMinute}};
  return zone->to_sys(local, date::choose::earliest).time_since_epoch().count();
}

}  // namespace x8::scheduling
