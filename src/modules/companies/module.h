// The companies module: a client's businesses (code COMP001…, type, status, time zone, currency,
// message statistics) and the admin dashboard's platform statistics. See docs/companies.md.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "modules/companies/domain/service.h"

namespace x8::storage {
class Database;
}
namespace x8::http {
class Router;
}
namespace x8::accounts {
class AccessPolicy;
}

namespace x8::companies {

class CompanyStatsSource;
class CompanyService;

struct Dependencies {
  http::Router& router;
  storage::Database& db;
  const Clock& clock;
  const accounts::AccessPolicy& access;
  // Message statistics per company; nullptr: NoConversationsStats (every count 0) until the
  // conversations module provides the real source.
  CompanyStatsSource* stats = nullptr;
};

// What Register hands back for other modules to use (wired in app/application.cpp).
struct Registered {
  // Companies count and summed statistics of one account, for views that already checked access to it
  // (the accounts module's manager area). Shares ownership of the module's objects.
  std::function<Result<AccountFigures>(const std::string& account_id)> account_figures;
  // The use cases, for the composition root's own callers (the demo seed).
  std::shared_ptr<CompanyService> service;
};

// Routes: GET/POST /api/v1/companies, GET/PATCH/DELETE /api/v1/companies/{company_id},
// GET /api/v1/admin/stats (ADMIN). The objects behind the routes live as long as the router's handlers.
Registered Register(const Dependencies& deps);

}  // namespace x8::companies
