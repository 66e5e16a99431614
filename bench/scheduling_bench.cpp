// Slot computation, the pure core behind every "when can I come?" turn and every delivery window offer:
// a salon's month of 30-minute starts against its existing bookings, and two weeks of delivery windows
// per zone, in Europe/Berlin (date/tz does the local ↔ UTC work). Reports the slots found per run.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "modules/scheduling/domain/model.h"
#include "modules/scheduling/domain/slots.h"

namespace {

using namespace x8::scheduling;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kMonday = 1'767'596'400'000;  // 2026-01-05T07:00:00Z, 08:00 Berlin

SlotInput Salon(int64_t days, int64_t bookings) {
  SlotInput input;
  input.timezone = "Europe/Berlin";
  input.availability = DefaultAvailability();
  input.availability.slot_minutes = 30;
  input.availability.buffer_minutes = 10;
  input.availability.horizon_days = 60;
  input.duration_min = 60;
  input.capacity = 1;
  input.now = kMonday;
  input.from = kMonday;
  input.to = kMonday + days * kDay;
  // Three bookings a day (10:00, 13:00, 16:00 Berlin), day after day, leaving gaps between them.
  for (int64_t i = 0; i < bookings; ++i) {
    const int64_t day = i / 3;
    const int64_t start = kMonday + day * kDay + (2 + (i % 3) * 3) * kHour;
    input.occupied.push_back({start, start + kHour, "itm_cut"});
  }
  return input;
}

void BM_ComputeSlots(benchmark::State& state) {
  const auto input = Salon(state.range(0), state.range(1));
  size_t found = 0;
  for (auto _ : state) {
    auto slots = ComputeSlots(input);
    found = slots ? slots->size() : 0;
    benchmark::DoNotOptimize(slots);
  }
  state.counters["slots"] = static_cast<double>(found);
}
// (days, bookings): a turn asks for a day or a week; the business's calendar for a month.
BENCHMARK(BM_ComputeSlots)
    ->Args({1, 0})
    ->Args({7, 0})
    ->Args({7, 21})
    ->Args({30, 0})
    ->Args({30, 90})
    ->Unit(benchmark::kMicrosecond);

void BM_ComputeDeliverySlots(benchmark::State& state) {
  SlotInput input;
  input.timezone = "Europe/Berlin";
  input.availability = DefaultAvailability();
  input.availability.delivery_zones = {{.name = "Mitte"}, {.name = "Pankow"}, {.name = "Charlottenburg"}};
  const std::vector<int> weekdays{0, 1, 2, 3, 4};
  input.availability.delivery_windows = {
      {.days = weekdays, .hours = {600, 840}, .capacity = 4},
      {.days = weekdays, .hours = {840, 1080}, .capacity = 4},
      {.days = {5}, .hours = {600, 840}, .capacity = 3, .zones = {"Mitte"}}};
  input.now = kMonday;
  input.from = kMonday;
  input.to = kMonday + 14 * kDay;
  input.zone = state.range(0) == 0 ? "" : "Mitte";
  for (int64_t day = 0; day < 14; ++day) {
    const int64_t start = kMonday + day * kDay + 2 * kHour;
    for (int i = 0; i < 3; ++i) input.occupied.push_back({start, start + 4 * kHour, "delivery"});
  }
  size_t found = 0;
  for (auto _ : state) {
    auto slots = ComputeDeliverySlots(input);
    found = slots ? slots->size() : 0;
    benchmark::DoNotOptimize(slots);
  }
  state.counters["windows"] = static_cast<double>(found);
}
// 0: the business's view (every window); 1: a customer's zone.
BENCHMARK(BM_ComputeDeliverySlots)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
