// The companies module: a client's businesses (code COMP001…, type, status, time zone, currency,
// message statistics) and the admin dashboard's platform statistics. See docs/companies.md.
#pragma once

#include "core/clock.h"

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

struct Dependencies {
  http::Router& router;
  storage::Database& db;
  const Clock& clock;
  const accounts::AccessPolicy& access;
  // Message statistics per company; nullptr: NoConversationsStats (every count 0) until the
  // conversations module provides the real source.
  CompanyStatsSource* stats = nullptr;
};

// Routes: GET/POST /api/v1/companies, GET/PATCH/DELETE /api/v1/companies/{company_id},
// GET /api/v1/admin/stats (ADMIN). The objects behind the routes live as long as the router's handlers.
void Register(const Dependencies& deps);

}  // namespace x8::companies
