// The provider's signing keys (a JWKS document), cached as long as its Cache-Control max-age says and
// fetched again at once when a token names a kid the cache does not hold (key rotation).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"
#include "platform/http/client/http_client.h"

namespace x8::accounts::oauth {

// GETs a URL; the product passes its HttpClient, tests a scripted function.
using JwksFetcher = std::function<Result<http::HttpResponse>(const std::string& url)>;

class JwksCache {
 public:
  static constexpr int64_t kDefaultMaxAgeS = 300;  // when the answer has no Cache-Control max-age
  static constexpr int64_t kLongestMaxAgeS = 86'400;

  JwksCache(std::string url, JwksFetcher fetch, const Clock& clock);

  // Verifies an RS256 token (signature, exp/nbf/iat with `leeway_s`) with the cached keys, fetching
  // them when the cache is empty or stale and once more when the token's kid is unknown. Returns the
  // claims. Errors: kUnauthenticated (details.reason from crypto::VerifyJwtRs256), kUnavailable when
  // no keys could be fetched.
  Result<boost::json::object> Verify(std::string_view token, int64_t leeway_s = 60);

  int64_t fetches() const;

 private:
  // Fetches into the cache (caller holds mu_). A failed fetch keeps the previous keys.
  Status FetchLocked();

  const std::string url_;
  const JwksFetcher fetch_;
  const Clock& clock_;
  mutable std::mutex mu_;
  boost::json::object jwks_;
  bool have_keys_ = false;
  int64_t fresh_until_ms_ = 0;
  int64_t fetches_ = 0;
};

}  // namespace x8::accounts::oauth
