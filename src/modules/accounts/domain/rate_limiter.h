// Fixed-window counters in memory, per node: N nodes allow N× the limit (documented in docs/accounts.md).
// Keys are opaque strings such as "ip:127.0.0.1" or "email:ann@example.com".
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"
#include "core/error.h"

namespace x8::accounts {

class RateLimiter {
 public:
  explicit RateLimiter(const Clock& clock, size_t max_keys = 100'000) : clock_(clock), max_keys_(max_keys) {}

  // Counts one hit against `key` in the current window of length `window`. Returns nullopt when the hit
  // is within `limit`, otherwise the seconds until the window ends (at least 1). limit <= 0 disables.
  std::optional<int64_t> Hit(std::string_view key, int64_t limit, Millis window);

  // Hit() as an error: kRateLimited with details.retry_after_s.
  Status Check(std::string_view key, int64_t limit, Millis window);

  size_t size() const;

 private:
  struct Counter {
    int64_t window_start = 0;
    int64_t window_ms = 0;
    int64_t count = 0;
  };
  void PruneLocked(int64_t now);

  const Clock& clock_;
  size_t max_keys_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Counter> counters_;
};

Error RateLimitedError(int64_t retry_after_s, std::string message = "too many attempts, try again later");

}  // namespace x8::accounts
