#include "modules/accounts/oauth/jwks_cache.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>

#include "modules/accounts/oauth/oauth.h"
#include "platform/crypto/crypto.h"

namespace x8::accounts::oauth {

JwksCache::JwksCache(std::string url, JwksFetcher fetch, const Clock& clock)
    : url_(std::move(url)), fetch_(std::move(fetch)), clock_(clock) {}

int64_t JwksCache::fetches() const {
  std::lock_guard lock(mu_);
  return fetches_;
}

Status JwksCache::FetchLocked() {
  ++fetches_;
  auto response = fetch_(url_);
  if (!response) return response.error();
  if (response->status != 200) {
    return Unavailable("the signing keys could not be fetched").With("status", response->status);
  }
  boost::system::error_code ec;
  auto parsed = boost::json::parse(response->body, ec);
  if (ec || !parsed.is_object() || !parsed.as_object().contains("keys") ||
      !parsed.as_object().at("keys").is_array()) {
    return Unavailable("the signing keys document is not a JWKS");
  }
  int64_t max_age = kDefaultMaxAgeS;
  if (auto header = response->Header("Cache-Control")) {
    max_age = CacheControlMaxAge(*header).value_or(kDefaultMaxAgeS);
  }
  max_age = std::clamp<int64_t>(max_age, 0, kLongestMaxAgeS);
  jwks_ = std::move(parsed.as_object());
  have_keys_ = true;
  fresh_until_ms_ = clock_.NowMillis() + max_age * 1000;
  return Ok();
}

Result<boost::json::object> JwksCache::Verify(std::string_view token, int64_t leeway_s) {
  std::lock_guard lock(mu_);
  const int64_t now_ms = clock_.NowMillis();
  bool fetched = false;
  if (!have_keys_ || now_ms >= fresh_until_ms_) {
    auto status = FetchLocked();
    if (!status) {
      if (!have_keys_) return status.error();
      spdlog::warn("oauth: refreshing {} failed ({}); using the keys fetched before", http::RedactUrl(url_),
                   status.error().message);
    }
    fetched = true;
  }
  auto claims = crypto::VerifyJwtRs256(token, jwks_, now_ms / 1000, leeway_s);
  if (claims || fetched) return claims;
  const auto* reason = claims.error().details.if_contains("reason");
  if (reason == nullptr || !reason->is_string() || reason->as_string() != "unknown_kid") return claims;
  // A kid we have not seen: the provider may have rotated its keys since we cached them.
  X8_TRY_STATUS(FetchLocked());
  return crypto::VerifyJwtRs256(token, jwks_, now_ms / 1000, leeway_s);
}

}  // namespace x8::accounts::oauth
