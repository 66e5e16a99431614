#include "modules/companies/api/routes.h"

#include <initializer_list>
#include <string_view>

#include "core/json.h"

namespace x8::companies {
namespace {

using http::Request;
using http::Response;

// Refuses fields the endpoint does not know, so a typo ("curency") is an error instead of a silent no-op.
Status OnlyFields(const boost::json::object& body, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : body) {
    bool found = false;
    for (auto name : known) found = found || key == name;
    if (!found) {
      return InvalidArgument("unknown field '" + std::string(key) + "'").With("field", std::string_view(key));
    }
  }
  return Ok();
}

Result<http::Principal> PrincipalOf(const Request& request) {
  if (!request.principal) return Error{ErrorCode::kUnauthenticated, "sign in to use this endpoint"};
  return *request.principal;
}

Result<CreateCompanyInput> ParseCreate(const Request& request) {
  X8_TRY(auto body, request.JsonBody());
  X8_TRY_STATUS(OnlyFields(body, {"name", "type", "timezone", "currency", "account_id"}));
  CreateCompanyInput input;
  X8_TRY(input.name, json::OptionalString(body, "name"));
  X8_TRY(input.type, json::OptionalString(body, "type"));
  X8_TRY(input.timezone, json::OptionalString(body, "timezone"));
  X8_TRY(input.currency, json::OptionalString(body, "currency"));
  X8_TRY(input.account_id, json::OptionalString(body, "account_id"));
  return input;
}

Result<UpdateCompanyInput> ParseUpdate(const Request& request) {
  X8_TRY(auto body, request.JsonBody());
  if (body.contains("account_id")) {
    return InvalidArgument("a company cannot move to another account").With("field", "account_id");
  }
  X8_TRY_STATUS(OnlyFields(body, {"name", "type", "status", "timezone", "currency"}));
  UpdateCompanyInput input;
  X8_TRY(input.name, json::OptionalString(body, "name"));
  X8_TRY(input.type, json::OptionalString(body, "type"));
  X8_TRY(input.status, json::OptionalString(body, "status"));
  X8_TRY(input.timezone, json::OptionalString(body, "timezone"));
  X8_TRY(input.currency, json::OptionalString(body, "currency"));
  return input;
}

template <class Body>
Response Answer(const Request& request, Result<Body> result, int status = 200) {
  if (!result) return Response::FromError(result.error(), request.request_id);
  return Response::Json(ToJson(*result), status);
}

}  // namespace

boost::json::object ToJson(const CompanyView& view) {
  const Company& c = view.company;
  return {{"id", c.id},
          {"code", c.code},
          {"account_id", c.account_id},
          {"name", c.name},
          {"type", ToString(c.type)},
          {"status", ToString(c.status)},
          {"timezone", c.timezone},
          {"currency", c.currency},
          {"created_at", c.created_at},
          {"updated_at", c.updated_at},
          {"stats",
           {{"messages_in", view.stats.messages_in},
            {"messages_out", view.stats.messages_out},
            {"conversations", view.stats.conversations}}}};
}

boost::json::object ToJson(const PlatformStats& stats) {
  boost::json::object users;
  for (const auto& [role, count] : stats.users_by_role) users[role] = count;
  boost::json::object companies;
  for (const auto& [status, count] : stats.companies_by_status) companies[status] = count;
  return {{"users_by_role", std::move(users)},
          {"accounts", stats.accounts},
          {"companies_by_status", std::move(companies)},
          {"signups_last_7d", stats.signups_last_7d}};
}

void AddRoutes(http::Router& router, const std::shared_ptr<CompanyService>& service,
               const std::shared_ptr<PlatformStatsReader>& stats, const Clock& clock) {
  router.Add("GET", "/api/v1/companies", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    ListCompaniesInput input{.q = request.QueryParam("q"),
                             .status = request.QueryParam("status"),
                             .account_id = request.QueryParam("account_id"),
                             .cursor = request.QueryParam("cursor"),
                             .limit = request.QueryParam("limit")};
    auto page = service->List(*principal, input);
    if (!page) return Response::FromError(page.error(), request.request_id);
    boost::json::array items;
    for (const auto& view : page->items) items.push_back(ToJson(view));
    boost::json::value next = nullptr;
    if (page->next_cursor) next = boost::json::string(*page->next_cursor);
    return Response::Json(boost::json::object{{"items", std::move(items)}, {"next_cursor", next}});
  });

  router.Add("POST", "/api/v1/companies", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto input = ParseCreate(request);
    if (!input) return Response::FromError(input.error(), request.request_id);
    return Answer(request, service->Create(*principal, *input), 201);
  });

  router.Add("GET", "/api/v1/companies/{company_id}", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    return Answer(request, service->Get(*principal, request.PathParam("company_id")));
  });

  router.Add("PATCH", "/api/v1/companies/{company_id}", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto input = ParseUpdate(request);
    if (!input) return Response::FromError(input.error(), request.request_id);
    return Answer(request, service->Update(*principal, request.PathParam("company_id"), *input));
  });

  router.Add("DELETE", "/api/v1/companies/{company_id}", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto deleted = service->Delete(*principal, request.PathParam("company_id"));
    if (!deleted) return Response::FromError(deleted.error(), request.request_id);
    return Response::NoContent();
  });

  router.Add(
      "GET", "/api/v1/admin/stats",
      [stats, &clock](Request& request) { return Answer(request, stats->Read(clock.NowMillis())); },
      http::RouteOptions{.roles = {"ADMIN"}});
}

}  // namespace x8::companies
