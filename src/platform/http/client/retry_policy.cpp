#include "platform/http/client/retry_policy.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace x8::http {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
  });
}

}  // namespace

bool IsIdempotent(const HttpRequest& request) {
  if (request.idempotent.has_value()) return *request.idempotent;
  static constexpr std::array<std::string_view, 5> kIdempotentMethods = {"GET", "HEAD", "PUT", "DELETE",
                                                                         "OPTIONS"};
  for (std::string_view method : kIdempotentMethods) {
    if (EqualsIgnoreCase(request.method, method)) return true;
  }
  return FindHeader(request.headers, "Idempotency-Key").has_value();
}

bool IsRetryableStatus(int status) {
  return status == 429 || status == 502 || status == 503 || status == 504;
}

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc::result_out_of_range && end == value.data() + value.size()) {
    return std::chrono::milliseconds::max();
  }
  if (ec != std::errc() || end != value.data() + value.size() || seconds < 0) return std::nullopt;
  constexpr int64_t kMaxSeconds = std::chrono::milliseconds::max().count() / 1000;
  if (seconds > kMaxSeconds) return std::chrono::milliseconds::max();
  return std::chrono::seconds(seconds);
}

std::chrono::milliseconds BackoffDelay(const RetryOptions& options, int failed_attempts, double unit_random) {
  const int exponent = std::clamp(failed_attempts - 1, 0, 62);
  const double ceiling =
      std::min(static_cast<double>(options.max_delay.count()),
               static_cast<double>(options.base_delay.count()) * std::ldexp(1.0, exponent));
  const double fraction = std::clamp(unit_random, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<int64_t>(std::floor(ceiling * fraction)));
}

std::chrono::milliseconds RetryDelay(const RetryOptions& options, int failed_attempts,
                                     std::optional<std::chrono::milliseconds> retry_after,
                                     double unit_random) {
  if (retry_after.has_value()) return std::min(*retry_after, options.max_delay);
  return BackoffDelay(options, failed_attempts, unit_random);
}

}  // namespace x8::http
