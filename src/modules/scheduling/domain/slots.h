// Slot computation, a pure function (docs/design/scheduling.md "Slots"): opening hours of each local
// day (weekly or the day's exception) become UTC instants through the company's zone, one local day at
// a time with date::zoned_time, so a day that loses an hour has no starts in the gap and a day that
// repeats one offers the repeated starts once, at their first occurrence.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "modules/scheduling/domain/model.h"
#include "modules/scheduling/domain/ports.h"

namespace x8::scheduling {

// A live booking or hold of the same resource: it occupies [starts_at, ends_at + buffer).
struct Occupied {
  int64_t starts_at = 0;
  int64_t ends_at = 0;
  std::string resource;  // deliveries: the counter it took (a window counts only its own)
};

struct SlotInput {
  std::string timezone;  // IANA
  Availability availability;
  std::vector<AvailabilityException> exceptions;  // any dates; only the window's are used
  int64_t duration_min = 30;
  int64_t capacity = 1;
  std::vector<Occupied> occupied;  // the resource's live bookings and holds
  std::vector<BusyRange> busy;     // outside busy times (Google): a start overlapping one is not free
  int64_t now = 0;                 // unix ms
  int64_t from = 0;                // [from, to): starts inside this window
  int64_t to = 0;
  // Deliveries: the customer's zone; only windows serving it are offered, counted on its counter. ""
  // (the business's view): every window, free while any of its zones has room.
  std::string zone;
};

struct FreeSlot {
  int64_t starts_at = 0;
  int64_t ends_at = 0;    // starts_at + duration
  int64_t remaining = 0;  // places left (capacity minus overlapping bookings)
  friend bool operator==(const FreeSlot&, const FreeSlot&) = default;
};

// The free starts in [from, to), earliest first. A start s is free when s ≥ now + lead, its local day
// is at most horizon_days after today (local), [s, s + duration) lies in one opening range of its day,
// fewer than `capacity` occupied ranges overlap [s, s + duration + buffer), and no busy range overlaps
// [s, s + duration). Starts are every slot_minutes from each range's opening. kInvalidArgument for an
// unknown zone or a non-positive duration.
Result<std::vector<FreeSlot>> ComputeSlots(const SlotInput& input);

// Delivery windows as slots: each window on each local day in [from, to) is one slot (start = its
// opening, end = its closing), free while fewer than its capacity deliveries are live in it. Lead and
// horizon apply as for appointments; closed exceptions close deliveries too.
Result<std::vector<FreeSlot>> ComputeDeliverySlots(const SlotInput& input);

// The delivery window serving input.zone that starts at `starts_at`: its capacity and the counter a
// delivery in that zone takes (DeliveryResourceOf). nullopt when no such window starts there.
struct WindowPlace {
  int64_t capacity = 0;
  std::string resource;
  bool zoned = false;  // the window lists its zones (a delivery there must name one)
};
Result<std::optional<WindowPlace>> DeliveryWindowAt(const SlotInput& input, int64_t starts_at);

// The instant a local date (days since 1970-01-01) begins in `timezone` (its first existing minute).
Result<int64_t> StartOfLocalDay(int64_t days, std::string_view timezone);

}  // namespace x8::scheduling
