// HTTP handlers for companies and the admin statistics (docs/companies.md, docs/api/openapi.json):
//   GET/POST /api/v1/companies, GET/PATCH/DELETE /api/v1/companies/{company_id}, GET /api/v1/admin/stats.
#pragma once

#include <boost/json/object.hpp>
#include <memory>

#include "core/clock.h"
#include "modules/companies/domain/ports.h"
#include "modules/companies/domain/service.h"
#include "platform/http/router.h"

namespace x8::companies {

boost::json::object ToJson(const CompanyView& view);
boost::json::object ToJson(const PlatformStats& stats);

// The handlers share ownership of `service` and `stats`; `clock` must outlive the router.
void AddRoutes(http::Router& router, const std::shared_ptr<CompanyService>& service,
               const std::shared_ptr<PlatformStatsReader>& stats, const Clock& clock);

}  // namespace x8::companies
