#include "modules/calendar/google/api/routes.h"

#include <boost/json.hpp>

namespace x8::calendar::google {
namespace {

using http::Request;
using http::Response;

constexpr std::string_view kBase = "/api/v1/companies/{company_id}/google-calendar";

Result<http::Principal> PrincipalOf(const Request& request) {
  if (!request.principal) return Error{ErrorCode::kUnauthenticated, "sign in to use this endpoint"};
  return *request.principal;
}

Response NoStore(Response response) {
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

}  // namespace

boost::json::object ToJson(const StatusView& view) {
  return {{"company_id", view.company_id},   {"configured", view.configured},
          {"status", view.status},           {"google_email", view.google_email},
          {"calendar_id", view.calendar_id}, {"calendar_name", view.calendar_name},
          {"last_error", view.last_error},   {"connected_at", view.connected_at},
          {"updated_at", view.updated_at},   {"redirect_uri_path", kCallbackPath}};
}

void AddRoutes(http::Router& router, const std::shared_ptr<GoogleCalendarService>& service) {
  const std::string base(kBase);
  router.Add("GET", base, [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto view = service->GetStatus(*principal, request.PathParam("company_id"));
    if (!view) return Response::FromError(view.error(), request.request_id);
    return NoStore(Response::Json(ToJson(*view)));
  });

  router.Add("PUT", base, [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto body = request.JsonBody();
    if (!body) return Response::FromError(body.error(), request.request_id);
    const auto* id = body->if_contains("calendar_id");
    if (id == nullptr || !id->is_string()) {
      return Response::FromError(
          Error{ErrorCode::kInvalidArgument, "calendar_id must be a string", {{"field", "calendar_id"}}},
          request.request_id);
    }
    auto view = service->ChooseCalendar(*principal, request.PathParam("company_id"), id->as_string());
    if (!view) return Response::FromError(view.error(), request.request_id);
    return NoStore(Response::Json(ToJson(*view)));
  });

  router.Add("DELETE", base, [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto done = service->Disconnect(*principal, request.PathParam("company_id"));
    if (!done) return Response::FromError(done.error(), request.request_id);
    return Response::NoContent();
  });

  router.Add(
      "POST", base + "/connect",
      [service](Request& request) {
        auto principal = PrincipalOf(request);
        if (!principal) return Response::FromError(principal.error(), request.request_id);
        auto url = service->Connect(*principal, request.PathParam("company_id"));
        if (!url) return Response::FromError(url.error(), request.request_id);
        return NoStore(Response::Json(boost::json::object{{"authorization_url", *url}}));
      },
      http::RouteOptions{.body = http::BodyKind::kAny, .max_body_bytes = 1024});

  router.Add("GET", base + "/calendars", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto calendars = service->Calendars(*principal, request.PathParam("company_id"));
    if (!calendars) return Response::FromError(calendars.error(), request.request_id);
    boost::json::array items;
    for (const auto& c : *calendars) {
      items.push_back(
          boost::json::object{{"id", c.id},
                              {"summary", c.summary},
                              {"access_role", c.access_role},
                              {"primary", c.primary},
                              {"time_zone", c.time_zone},
                              {"writable", c.access_role == "owner" || c.access_role == "writer"}});
    }
    return NoStore(Response::Json(boost::json::object{{"items", std::move(items)}}));
  });

  router.Add(
      "GET", std::string(kCallbackPath),
      [service](Request& request) {
        const std::string location = service->Callback(request.QueryParam("code").value_or(""),
                                                       request.QueryParam("state").value_or(""),
                                                       request.QueryParam("error").value_or(""));
        Response response;
        response.status = 302;
        response.headers.Set("Location", location);
        response.headers.Set("Cache-Control", "no-store");
        response.headers.Set("Referrer-Policy", "no-referrer");
        return response;
      },
      http::RouteOptions{.access = http::Access::kPublic, .body = http::BodyKind::kAny});
}

}  // namespace x8::calendar::google
