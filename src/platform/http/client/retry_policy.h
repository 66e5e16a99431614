// When and how long the HTTP client waits before trying a request again. Pure functions, so the
// policy is testable without a network.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "platform/http/client/http_client.h"

namespace x8::http {

// GET, HEAD, PUT, DELETE and OPTIONS are idempotent, and so is any request carrying an
// Idempotency-Key header; HttpRequest::idempotent overrides both.
bool IsIdempotent(const HttpRequest& request);

// 429, 502, 503, 504: the server asks us to come back later.
bool IsRetryableStatus(int status);

// Retry-After in delta-seconds; an HTTP-date or anything else yields nullopt.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value);

// Full jitter: uniform in [0, min(max_delay, base_delay * 2^(failed_attempts - 1))], picked by
// `unit_random` in [0, 1).
std::chrono::milliseconds BackoffDelay(const RetryOptions& options, int failed_attempts, double unit_random);

// The server's Retry-After when it gave one (capped at max_delay), otherwise BackoffDelay.
std::chrono::milliseconds RetryDelay(const RetryOptions& options, int failed_attempts,
                                     std::optional<std::chrono::milliseconds> retry_after,
                                     double unit_random);

}  // namespace x8::http
