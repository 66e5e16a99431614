// GET /api/v1/auth/oauth/{provider}/start and /callback (docs/oauth.md). Both answer with redirects
// only: to the provider, to /oauth/complete?redirect=… with the refresh cookie, or to
// /sign-in?oauth_error=<code> — never a JSON error, since a browser is navigating.
#pragma once

#include <memory>

#include "core/clock.h"
#include "modules/accounts/domain/rate_limiter.h"
#include "modules/accounts/domain/service.h"
#include "modules/accounts/oauth/flow.h"
#include "platform/config/config.h"
#include "platform/http/client/http_client.h"
#include "platform/http/router.h"
#include "platform/storage/database.h"

namespace x8::accounts::oauth {

inline constexpr std::string_view kStateCookiePrefix = "x8_oauth_";  // + provider

struct OAuthDependencies {
  http::Router& router;
  storage::Database& db;
  AccountsService& service;
  RateLimiter& ip_limiter;  // the per-IP limit over /api/v1/auth/*
  const Clock& clock;
  const config::Config& config;
};

// Owns the outbound HTTP client, the providers and the flow the routes use; keep it alive as long as
// the router.
class OAuthModule {
 public:
  static std::unique_ptr<OAuthModule> Register(const OAuthDependencies& deps);
  OAuthFlow& flow() { return *flow_; }

 private:
  OAuthModule() = default;
  std::unique_ptr<http::HttpClient> http_;
  std::unique_ptr<OAuthFlow> flow_;
};

}  // namespace x8::accounts::oauth
