// HTTP routes of the Google Calendar connection (docs/google-calendar.md):
//   GET    /api/v1/companies/{company_id}/google-calendar            status (never a token)
//   PUT    /api/v1/companies/{company_id}/google-calendar            {calendar_id}: the calendar to write to
//   DELETE /api/v1/companies/{company_id}/google-calendar            revoke and forget (204)
//   POST   /api/v1/companies/{company_id}/google-calendar/connect    {authorization_url}
//   GET    /api/v1/companies/{company_id}/google-calendar/calendars  {items:[{id, summary, access_role,
//   primary}]} GET    /oauth/google-calendar/callback?code&state               public; redirects to
//   /app/calendar?google=…
#pragma once

#include <memory>

#include "modules/calendar/google/domain/service.h"
#include "platform/http/router.h"

namespace x8::calendar::google {

boost::json::object ToJson(const StatusView& view);
void AddRoutes(http::Router& router, const std::shared_ptr<GoogleCalendarService>& service);

}  // namespace x8::calendar::google
