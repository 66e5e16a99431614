// HTTP routes of the accounts module (docs/design/accounts.md, docs/api/openapi.json).
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <string>

#include "modules/accounts/api/jwt_authenticator.h"
#include "modules/accounts/domain/rate_limiter.h"
#include "modules/accounts/domain/service.h"
#include "platform/http/router.h"

namespace x8::accounts {

// Per-client figures the manager area shows next to each account. Filled by the modules that own them
// (companies, conversations); without a provider they are zero.
struct ClientFigures {
  int64_t companies_count = 0;
  boost::json::object stats{{"messages_in", 0}, {"messages_out", 0}, {"conversations", 0}};
};
using ClientFiguresProvider = std::function<Result<ClientFigures>(const std::string& account_id)>;

// The dev outbox listing for GET /admin/outbox: newest first, JSON items, optionally only mail to `to`. Empty
// function: no outbox (SMTP configured) → 404.
using OutboxLister = std::function<Result<boost::json::array>(int limit, const std::string& to)>;

struct RouteDependencies {
  http::Router& router;
  AccountsService& service;
  JwtAuthenticator& authenticator;
  RateLimiter& limiter;  // per-IP limit over /api/v1/auth/*
  const config::Config& config;
  OutboxLister outbox;                             // empty when SMTP is configured
  std::shared_ptr<ClientFiguresProvider> figures;  // may be null or hold an empty function
};

void RegisterRoutes(const RouteDependencies& deps);

// The refresh cookie's Set-Cookie value (Max-Age=0 clears it).
std::string RefreshCookie(std::string_view token, int64_t max_age_s, bool secure);
// The x8_refresh value from a Cookie header, "" when absent.
std::string RefreshTokenFromCookies(std::string_view cookie_header);

}  // namespace x8::accounts
