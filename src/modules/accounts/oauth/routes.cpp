#include "modules/accounts/oauth/routes.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "modules/accounts/api/routes.h"
#include "modules/accounts/oauth/providers.h"

namespace x8::accounts::oauth {

namespace {

using http::Request;
using http::Response;

constexpr std::string_view kOAuthPath = "/api/v1/auth/oauth/";

// The value of cookie `name` in a Cookie header, "" when absent.
std::string CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    size_t end = header.find(';');
    std::string_view part = header.substr(0, end);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      std::string_view value = part.substr(eq + 1);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      return std::string(value);
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return {};
}

// SameSite=Lax, not Strict: the callback arrives as a top-level navigation from the provider's site.
std::string StateCookie(std::string_view provider, std::string_view state, int64_t max_age_s, bool secure) {
  std::string cookie = std::string(kStateCookiePrefix) + std::string(provider) + "=" + std::string(state) +
                       "; HttpOnly; SameSite=Lax; Path=" + std::string(kOAuthPath) + std::string(provider) +
                       "; Max-Age=" + std::to_string(max_age_s);
  if (secure) cookie += "; Secure";
  return cookie;
}

Response Redirect(std::string location) {
  Response response;
  response.status = 302;
  response.headers.Set("Location", std::move(location));
  response.headers.Set("Cache-Control", "no-store");
  response.headers.Set("Referrer-Policy", "no-referrer");  // the callback URL carries the code
  return response;
}

Response FailureRedirect(const Error& error, std::string_view provider, const Request& request) {
  std::string code = OAuthErrorCode(error);
  if (code == kErrServer) {
    spdlog::error("oauth {}: request {}: {}", provider, request.request_id, error.message);
  } else {
    spdlog::info("oauth {}: request {}: {} ({})", provider, request.request_id, code, error.message);
  }
  return Redirect("/sign-in?oauth_error=" + UrlEncode(code));
}

// The primary language of Accept-Language ("ru-RU,ru;q=0.9" → "ru"); the service falls back to "en".
std::string LanguageOf(const Request& request) {
  auto header = request.headers.Get("Accept-Language");
  if (!header) return "en";
  std::string language;
  for (char c : *header) {
    if (c < 'A' || (c > 'Z' && c < 'a') || c > 'z') break;
    language.push_back(static_cast<char>(c | 0x20));
  }
  return language.empty() || language.size() > 3 ? "en" : language;
}

ClientInfo ClientOf(const Request& request) {
  auto agent = request.headers.Get("User-Agent");
  return ClientInfo{.ip = request.remote_address, .user_agent = agent ? std::string(*agent) : std::string()};
}

}  // namespace

std::unique_ptr<OAuthModule> OAuthModule::Register(const OAuthDependencies& deps) {
  std::unique_ptr<OAuthModule> module(new OAuthModule());
  http::HttpClientOptions options;
  options.follow_redirects = false;
  options.retry.max_attempts = 2;  // idempotent GETs only (JWKS); code exchanges are sent once
  module->http_ = std::make_unique<http::HttpClient>(options);
  module->flow_ =
      std::make_unique<OAuthFlow>(deps.db, deps.service, deps.clock, deps.config.server.public_url);
  module->flow_->AddProvider(std::make_unique<GoogleProvider>(deps.config.oauth, *module->http_, deps.clock));
  module->flow_->AddProvider(std::make_unique<FacebookProvider>(deps.config.oauth, *module->http_));

  OAuthFlow& flow = *module->flow_;
  RateLimiter& limiter = deps.ip_limiter;
  const int64_t ip_limit = deps.config.auth.rate_limit_ip_per_minute;
  const bool secure = deps.config.server.public_url.starts_with("https://");
  const http::RouteOptions public_route{.access = http::Access::kPublic, .body = http::BodyKind::kAny};

  deps.router.Add(
      "GET", std::string(kOAuthPath) + "{provider}/start",
      [&flow, &limiter, ip_limit, secure](Request& request) -> Response {
        std::string provider(request.PathParam("provider"));
        if (auto allowed = limiter.Check("ip:" + request.remote_address, ip_limit, std::chrono::minutes(1));
            !allowed) {
          return FailureRedirect(allowed.error(), provider, request);
        }
        auto started = flow.Start(provider, request.QueryParam("redirect").value_or(""));
        if (!started) return FailureRedirect(started.error(), provider, request);
        Response response = Redirect(started->location);
        response.headers.Add("Set-Cookie", StateCookie(provider, started->state, kStateTtlS, secure));
        return response;
      },
      public_route);

  deps.router.Add(
      "GET", std::string(kOAuthPath) + "{provider}/callback",
      [&flow, &limiter, ip_limit, secure](Request& request) -> Response {
        std::string provider(request.PathParam("provider"));
        auto finish = [&](Response response) {
          if (flow.FindProvider(provider) != nullptr) {
            response.headers.Add("Set-Cookie", StateCookie(provider, "", 0, secure));
          }
          return response;
        };
        if (auto allowed = limiter.Check("ip:" + request.remote_address, ip_limit, std::chrono::minutes(1));
            !allowed) {
          return finish(FailureRedirect(allowed.error(), provider, request));
        }
        auto cookies = request.headers.Get("Cookie");
        CallbackInput input{
            .code = request.QueryParam("code").value_or(""),
            .state = request.QueryParam("state").value_or(""),
            .error = request.QueryParam("error").value_or(""),
            .bound_state =
                cookies ? CookieValue(*cookies, std::string(kStateCookiePrefix) + provider) : std::string(),
            .language = LanguageOf(request),
            .client = ClientOf(request)};
        auto outcome = flow.Complete(provider, input);
        if (!outcome) return finish(FailureRedirect(outcome.error(), provider, request));
        Response response = Redirect("/oauth/complete?redirect=" + UrlEncode(outcome->redirect_after));
        response.headers.Add("Set-Cookie", RefreshCookie(outcome->tokens.refresh_token,
                                                         outcome->tokens.refresh_max_age_s, secure));
        return finish(std::move(response));
      },
      public_route);
  return module;
}

}  // namespace x8::accounts::oauth
