#include "modules/accounts/domain/rate_limiter.h"

#include <algorithm>

namespace x8::accounts {

Error RateLimitedError(int64_t retry_after_s, std::string message) {
  return Error{
      ErrorCode::kRateLimited, std::move(message), {{"retry_after_s", std::max<int64_t>(1, retry_after_s)}}};
}

std::optional<int64_t> RateLimiter::Hit(std::string_view key, int64_t limit, Millis window) {
  if (limit <= 0) return std::nullopt;
  const int64_t now = clock_.NowMillis();
  const int64_t window_ms = std::max<int64_t>(1, window.count());
  const int64_t window_start = now - now % window_ms;
  std::lock_guard lock(mu_);
  if (counters_.size() >= max_keys_) PruneLocked(now);
  auto& counter = counters_[std::string(key)];
  if (counter.window_start != window_start || counter.window_ms != window_ms) {
    counter = Counter{.window_start = window_start, .window_ms = window_ms, .count = 0};
  }
  if (counter.count >= limit) {
    int64_t remaining_ms = window_start + window_ms - now;
    return std::max<int64_t>(1, (remaining_ms + 999) / 1000);
  }
  ++counter.count;
  return std::nullopt;
}

Status RateLimiter::Check(std::string_view key, int64_t limit, Millis window) {
  if (auto retry_after = Hit(key, limit, window)) return RateLimitedError(*retry_after);
  return Ok();
}

size_t RateLimiter::size() const {
  std::lock_guard lock(mu_);
  return counters_.size();
}

void RateLimiter::PruneLocked(int64_t now) {
  std::erase_if(counters_, [now](const auto& entry) {
    return entry.second.window_start + entry.second.window_ms <= now;
  });
  // Still full of live windows (a flood of distinct keys): start over rather than grow without bound.
  if (counters_.size() >= max_keys_) counters_.clear();
}

}  // namespace x8::accounts
