#include "modules/scheduling/api/routes.h"

#include <boost/json.hpp>
#include <charconv>

namespace x8::scheduling {
namespace {

using http::Request;
using http::Response;

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kDefaultSlotDays = 7;
constexpr int64_t kMaxBookings = 2000;

Result<http::Principal> PrincipalOf(const Request& request) {
  if (!request.principal) return Error{ErrorCode::kUnauthenticated, "sign in to use this endpoint"};
  return *request.principal;
}

Response Fail(const Request& request, const Error& error) {
  return Response::FromError(error, request.request_id);
}

Response Answer(const Request& request, const Result<Booking>& booking) {
  if (!booking) return Fail(request, booking.error());
  return Response::Json(ToJson(*booking));
}

// A query bound: an ISO date (the company's local midnight; `end` takes the next one) or an instant.
Result<std::optional<int64_t>> Bound(const Request& request, std::string_view name, std::string_view timezone,
                                     bool end) {
  auto text = request.QueryParam(name);
  if (!text || text->empty()) return std::optional<int64_t>();
  if (text->size() == 10) {
    auto days = ParseDate(*text);
    if (!days)
      return InvalidArgument(std::string(name) + " must be a date or an instant").With("field", name);
    X8_TRY(auto at, StartOfLocalDay(*days + (end ? 1 : 0), timezone));
    return std::optional<int64_t>(at);
  }
  auto at = ParseInstant(*text);
  if (!at) return InvalidArgument(std::string(name) + " must be a date or an instant").With("field", name);
  return std::optional<int64_t>(*at);
}

Result<BookingKind> KindOf(const Request& request) {
  auto kind = request.QueryParam("kind");
  if (!kind || kind->empty()) return BookingKind::kAppointment;
  return ParseBookingKind(*kind);
}

boost::json::object WithZone(boost::json::object json, const std::string& timezone) {
  json["timezone"] = timezone;
  return json;
}

void AddBookingAction(http::Router& router, const std::shared_ptr<SchedulingService>& service,
                      std::string_view action,
                      Result<Booking> (SchedulingService::*act)(const http::Principal&, std::string_view)) {
  http::RouteOptions any_body{.body = http::BodyKind::kAny, .max_body_bytes = 4096};
  router.Add(
      "POST", "/api/v1/bookings/{booking_id}/" + std::string(action),
      [service, act](Request& request) {
        auto principal = PrincipalOf(request);
        if (!principal) return Fail(request, principal.error());
        return Answer(request, ((*service).*act)(*principal, request.PathParam("booking_id")));
      },
      any_body);
}

}  // namespace

void AddRoutes(http::Router& router, const std::shared_ptr<SchedulingService>& service) {
  router.Add("GET", "/api/v1/companies/{company_id}/availability", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Fail(request, principal.error());
    const auto company_id = request.PathParam("company_id");
    auto availability = service->GetAvailability(*principal, company_id);
    if (!availability) return Fail(request, availability.error());
    auto timezone = service->TimezoneOf(*principal, company_id);
    if (!timezone) return Fail(request, timezone.error());
    return Response::Json(WithZone(ToJson(*availability), *timezone));
  });
  router.Add("PUT", "/api/v1/companies/{company_id}/availability", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Fail(request, principal.error());
    const auto company_id = request.PathParam("company_id");
    auto timezone = service->TimezoneOf(*principal, company_id);
    if (!timezone) return Fail(request, timezone.error());
    auto body = request.JsonBody();
    if (!body) return Fail(request, body.error());
    body->erase("timezone");  // shown with the availability; set on the company
    auto availability = AvailabilityFromJson(*body);
    if (!availability) return Fail(request, availability.error());
    auto saved = service->PutAvailability(*principal, company_id, std::move(*availability));
    if (!saved) return Fail(request, saved.error());
    return Response::Json(WithZone(ToJson(*saved), *timezone));
  });
  router.Add("GET", "/api/v1/companies/{company_id}/availability/exceptions", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Fail(request, principal.error());
    auto exceptions = service->ListExceptions(*principal, request.PathParam("company_id"));
    if (!exceptions) return Fail(request, exceptions.error());
    boost::json::array items;
    for (const auto& e : *exceptions) items.push_back(ToJson(e));
    return Response::Json(boost::json::object{{"items", std::move(items)}});
  });
  router.Add("POST", "/api/v1/companies/{company_id}/availability/exceptions", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Fail(request, principal.error());
    auto body = request.JsonBody();
    if (!body) return Fail(request, body.error());
    auto exception = ExceptionFromJson(*body);
    if (!exception) return Fail(request, exception.error());
    auto added = service->AddException(*principal, request.PathParam("company_id"), std::move(*exception));
    if (!added) return Fail(request, added.error());
    return Response::Json(ToJson(*added), 201);
  });
  router.Add("DELETE", "/api/v1/availability-exceptions/{exception_id}", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Fail(request, principal.error());
    auto deleted = service->DeleteException(*principal, request.PathParam("exception_id"));
    if (!deleted) return Fail(request, deleted.error());
    return Response::NoContent();
  });
  router.Add("GET", "/api/v1/companies/{company_id}/slots", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Fail(request, principal.error());
    const auto company_id = request.PathParam("company_id");
    auto timezone = service->TimezoneOf(*principal, company_id);
    if (!timezone) return Fail(request, timezone.error());
    auto kind = KindOf(request);
    if (!kind) return Fail(request, kind.error());
    auto from = Bound(request, "from", *timezone, false);
    if (!from) return Fail(request, from.error());
    auto to = Bound(request, "to", *timezone, true);
    if (!to) return Fail(request, to.error());
    const int64_t start = from->value_or(service->clock().NowMillis());
    const int64_t end = to->value_or(start + kDefaultSlotDays * kDayMs);
    const std::string item_id = request.QueryParam("item_id").value_or("");
    const std::string zone(request.QueryParam("zone").value_or(""));
    auto slots = service->Slots(*principal, company_id, *kind, item_id, start, end, zone);
    if (!slots) return Fail(request, slots.error());
    boost::json::array items;
    for (const auto& slot : *slots) {
      items.push_back(boost::json::object{
          {"starts_at", slot.starts_at}, {"ends_at", slot.ends_at}, {"remaining", slot.remaining}});
    }
    return Response::Json(boost::json::object{{"items", std::move(items)}, {"timezone", *timezone}});
  });
  router.Add("GET", "/api/v1/companies/{company_id}/bookings", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Fail(request, principal.error());
    const auto company_id = request.PathParam("company_id");
    auto timezone = service->TimezoneOf(*principal, company_id);
    if (!timezone) return Fail(request, timezone.error());
    BookingFilter filter;
    auto from = Bound(request, "from", *timezone, false);
    if (!from) return Fail(request, from.error());
    auto to = Bound(request, "to", *timezone, true);
    if (!to) return Fail(request, to.error());
    filter.from = *from;
    filter.to = *to;
    if (auto status = request.QueryParam("status"); status && !status->empty()) {
      auto parsed = ParseBookingStatus(*status);
      if (!parsed) return Fail(request, parsed.error());
      filter.status = *parsed;
    }
    if (auto limit = request.QueryParam("limit"); limit && !limit->empty()) {
      int64_t value = 0;
      auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
      if (ec != std::errc() || end != limit->data() + limit->size() || value < 1 || value > kMaxBookings) {
        return Fail(request,
                    InvalidArgument("limit must be a whole number from 1 to " + std::to_string(kMaxBookings))
                        .With("field", "limit"));
      }
      filter.limit = value;
    }
    auto bookings = service->ListBookings(*principal, company_id, filter);
    if (!bookings) return Fail(request, bookings.error());
    boost::json::array items;
    for (const auto& booking : *bookings) items.push_back(ToJson(booking));
    return Response::Json(boost::json::object{{"items", std::move(items)}, {"timezone", *timezone}});
  });
  router.Add("POST", "/api/v1/companies/{company_id}/bookings", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Fail(request, principal.error());
    auto body = request.JsonBody();
    if (!body) return Fail(request, body.error());
    auto manual = ManualBookingFromJson(*body);
    if (!manual) return Fail(request, manual.error());
    auto booking = service->CreateManual(*principal, request.PathParam("company_id"), *manual);
    if (!booking) return Fail(request, booking.error());
    return Response::Json(ToJson(*booking), 201);
  });
  router.Add("GET", "/api/v1/bookings/{booking_id}", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Fail(request, principal.error());
    return Answer(request, service->Get(*principal, request.PathParam("booking_id")));
  });
  AddBookingAction(router, service, "cancel", &SchedulingService::Cancel);
  AddBookingAction(router, service, "complete", &SchedulingService::Complete);
  AddBookingAction(router, service, "no-show", &SchedulingService::NoShow);
}

}  // namespace x8::scheduling
