// Outbound HTTP(S) for every provider client (Telegram, Stripe, Google, …), on libcurl.
//
// Blocking: call it from worker threads, never from an Asio I/O thread. One HttpClient is shared by
// the whole process and is safe for any number of concurrent callers; connections are kept alive and
// reused per origin. Transport failures are errors (kUnavailable); any HTTP status, 4xx/5xx included,
// is a successful HttpResponse that the caller interprets.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace x8::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The first value of header `name`, compared case-insensitively.
std::optional<std::string_view> FindHeader(const HeaderList& headers, std::string_view name);

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HeaderList headers;
  std::string body;
  std::chrono::milliseconds timeout{10000};  // per attempt, connecting included
  std::chrono::milliseconds connect_timeout{3000};
  // Overrides the idempotency inferred from the method and an Idempotency-Key header (retry_policy.h).
  std::optional<bool> idempotent;
  // Shown in errors and logs instead of `url`, for APIs that carry a secret in the path (Telegram's
  // /bot<token>/). Query string and userinfo are stripped from either.
  std::string url_for_logs;
};

struct HttpResponse {
  int status = 0;
  HeaderList headers;
  std::string body;

  std::optional<std::string_view> Header(std::string_view name) const { return FindHeader(headers, name); }
};

struct RetryOptions {
  int max_attempts = 3;  // including the first
  std::chrono::milliseconds base_delay{200};
  std::chrono::milliseconds max_delay{5000};
};

// One HTTP exchange (each retry is its own attempt), for metrics.
struct AttemptObservation {
  std::string_view method;
  std::string_view host;
  int status = 0;  // 0 when no response arrived
  std::chrono::steady_clock::duration duration{};
};

struct HttpClientOptions {
  std::string user_agent;  // empty: "x8/<version>"
  std::string ca_file;     // PEM bundle; empty: the system default
  std::string ca_dir;      // directory of hashed CA certificates; empty: the system default
  std::string proxy;       // empty: no proxy, and http_proxy/https_proxy in the environment are ignored
  bool follow_redirects = false;
  int max_redirects = 5;
  size_t max_response_bytes = size_t{32} * 1024 * 1024;
  size_t max_idle_handles_per_origin = 8;
  RetryOptions retry;
  std::function<void(std::chrono::milliseconds)> sleep;       // empty: std::this_thread::sleep_for
  std::function<void(const AttemptObservation&)> on_attempt;  // optional metrics hook
};

class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Errors: kInvalidArgument for a malformed or non-http(s) URL or a header containing CR/LF;
  // kUnavailable for DNS, connection, TLS and timeout failures and for a body over the size cap, with
  // details {"url": redacted url, "curl": libcurl's message, "attempts": n}.
  Result<HttpResponse> Send(const HttpRequest& request);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// The URL without userinfo, query string and fragment: safe for logs and error details.
std::string RedactUrl(std::string_view url);

}  // namespace x8::http
