// HTTP handlers of scheduling (docs/design/scheduling.md "HTTP API", docs/calendar.md):
//   GET|PUT /api/v1/companies/{company_id}/availability
//   GET|POST /api/v1/companies/{company_id}/availability/exceptions, DELETE
//   /api/v1/availability-exceptions/{id} GET /api/v1/companies/{company_id}/slots?item_id=&from=&to=&kind=
//   GET|POST /api/v1/companies/{company_id}/bookings (?from=&to=&status=&limit=)
//   GET /api/v1/bookings/{id}, POST /api/v1/bookings/{id}/cancel|complete|no-show
#pragma once

#include <memory>

#include "modules/scheduling/domain/service.h"
#include "platform/http/router.h"

namespace x8::scheduling {

void AddRoutes(http::Router& router, const std::shared_ptr<SchedulingService>& service);

}  // namespace x8::scheduling
