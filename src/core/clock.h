// Time is injected, so tests run on a fake clock. All times are UTC.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace x8 {

using TimePoint = std::chrono::system_clock::time_point;
using Millis = std::chrono::milliseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
  int64_t NowMillis() const { return std::chrono::duration_cast<Millis>(Now().time_since_epoch()).count(); }
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t start_millis = 1'767'225'600'000)  // 2026-01-01T00:00:00Z
      : now_ms_(start_millis) {}
  TimePoint Now() const override { return TimePoint(Millis(now_ms_.load())); }
  void Advance(Millis d) { now_ms_ += d.count(); }
  void SetMillis(int64_t ms) { now_ms_ = ms; }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace x8
