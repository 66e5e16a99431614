#include "modules/commerce/api/routes.h"

#include <boost/json.hpp>
#include <charconv>
#include <functional>

#include "core/html.h"
#include "core/ids.h"
#include "modules/commerce/api/sandbox_page.h"

namespace x8::commerce {
namespace {

using http::Request;
using http::Response;

constexpr int64_t kDefaultLimit = 50;
constexpr int64_t kMaxLimit = 200;
constexpr size_t kMaxQuery = 200;

Result<http::Principal> PrincipalOf(const Request& request) {
  if (!request.principal) return Error{ErrorCode::kUnauthenticated, "sign in to use this endpoint"};
  return *request.principal;
}

Response Answer(const Request& request, const Result<Order>& order) {
  if (!order) return Response::FromError(order.error(), request.request_id);
  return Response::Json(ToJson(*order));
}

Response Html(std::string body, int status) {
  auto response = Response::Text(std::move(body), "text/html; charset=utf-8", status);
  response.headers.Set("Cache-Control", "no-store");
  response.headers.Set("Referrer-Policy", "no-referrer");
  response.headers.Set("X-Frame-Options", "DENY");
  response.headers.Set(
      "Content-Security-Policy",
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
  return response;
}

Response ErrorPage(const Error& error) {
  if (error.code == ErrorCode::kNotFound) return Html(RenderSandboxNotFound(), 404);
  return Html("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Error</title></head><body><p>" +
                  EscapeHtml(error.message) + "</p></body></html>",
              HttpStatus(error.code));
}

// POST /pay/sandbox/{session_id}/<action>: the result page (200), the order as it stands when the link is no
// longer payable (409), or the not-found page (404).
void AddSandboxAction(http::Router& router, const std::shared_ptr<CheckoutService>& service,
                      const std::function<std::string(const Order&)>& merchant_of, std::string_view action,
                      PaymentEventType type, SandboxOutcome outcome) {
  http::RouteOptions form{
      .access = http::Access::kPublic, .body = http::BodyKind::kAny, .max_body_bytes = 4096};
  router.Add(
      "POST", "/pay/sandbox/{session_id}/" + std::string(action),
      [service, merchant_of, type, outcome](Request& request) {
        const auto session_id = request.PathParam("session_id");
        auto acted = service->SandboxAct(session_id, type);
        if (acted) {
          const std::string merchant = merchant_of(acted->order);
          return Html(RenderSandboxPage({.order = acted->order,
                                         .session = acted->session,
                                         .merchant = merchant,
                                         .now_ms = service->clock().NowMillis(),
                                         .outcome = outcome}),
                      200);
        }
        if (acted.error().code != ErrorCode::kConflict) return ErrorPage(acted.error());
        // Not payable any more: show the order as it stands, say nothing changed, answer 409.
        auto current = service->SandboxView(session_id);
        if (!current) return ErrorPage(current.error());
        const std::string merchant = merchant_of(current->order);
        return Html(RenderSandboxPage({.order = current->order,
                                       .session = current->session,
                                       .merchant = merchant,
                                       .now_ms = service->clock().NowMillis(),
                                       .outcome = SandboxOutcome::kNotPayable}),
                    409);
      },
      form);
}

}  // namespace

Result<OrderFilter> ParseOrderFilter(const Request& request) {
  OrderFilter filter;
  if (auto status = request.QueryParam("payment_status"); status && !status->empty()) {
    X8_TRY(filter.payment_status, ParsePaymentStatus(*status));
  }
  if (auto q = request.QueryParam("q")) {
    if (q->size() > kMaxQuery) return InvalidArgument("the search text is too long").With("field", "q");
    filter.q = *q;
  }
  if (auto cursor = request.QueryParam("cursor"); cursor && !cursor->empty()) {
    if (!IsValidId(*cursor, "ord")) return InvalidArgument("the cursor is not valid").With("field", "cursor");
    filter.cursor = *cursor;
  }
  filter.limit = kDefaultLimit;
  if (auto limit = request.QueryParam("limit"); limit && !limit->empty()) {
    int64_t value = 0;
    auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (ec != std::errc() || end != limit->data() + limit->size() || value < 1 || value > kMaxLimit) {
      return InvalidArgument("limit must be a whole number from 1 to " + std::to_string(kMaxLimit))
          .With("field", "limit");
    }
    filter.limit = value;
  }
  return filter;
}

void AddRoutes(http::Router& router, const std::shared_ptr<CheckoutService>& service) {
  router.Add("GET", "/api/v1/companies/{company_id}/orders", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto filter = ParseOrderFilter(request);
    if (!filter) return Response::FromError(filter.error(), request.request_id);
    auto page = service->List(*principal, request.PathParam("company_id"), *filter);
    if (!page) return Response::FromError(page.error(), request.request_id);
    boost::json::array items;
    for (const auto& order : page->items) items.push_back(ToJson(order));
    boost::json::value next = nullptr;
    if (page->next_cursor) next = boost::json::string(*page->next_cursor);
    return Response::Json(boost::json::object{{"items", std::move(items)}, {"next_cursor", next}});
  });
  router.Add("GET", "/api/v1/orders/{order_id}", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    return Answer(request, service->Get(*principal, request.PathParam("order_id")));
  });
  // Bodies are ignored: an empty POST (no Content-Type) is the usual call.
  http::RouteOptions any_body{.body = http::BodyKind::kAny, .max_body_bytes = 4096};
  router.Add(
      "POST", "/api/v1/orders/{order_id}/cancel",
      [service](Request& request) {
        auto principal = PrincipalOf(request);
        if (!principal) return Response::FromError(principal.error(), request.request_id);
        return Answer(request, service->Cancel(*principal, request.PathParam("order_id")));
      },
      any_body);
  router.Add(
      "POST", "/api/v1/orders/{order_id}/refund",
      [service](Request& request) {
        auto principal = PrincipalOf(request);
        if (!principal) return Response::FromError(principal.error(), request.request_id);
        return Answer(request, service->Refund(*principal, request.PathParam("order_id")));
      },
      any_body);
}

void AddSandboxRoutes(http::Router& router, const std::shared_ptr<CheckoutService>& service,
                      MerchantDirectory& merchants) {
  std::function<std::string(const Order&)> merchant_of = [&merchants](const Order& order) {
    auto name = merchants.NameOf(order.company_id);
    return name ? *name : std::string();
  };
  http::RouteOptions page{.access = http::Access::kPublic};
  router.Add(
      "GET", "/pay/sandbox/{session_id}",
      [service, merchant_of](Request& request) {
        auto checkout = service->SandboxView(request.PathParam("session_id"));
        if (!checkout) return ErrorPage(checkout.error());
        const std::string merchant = merchant_of(checkout->order);
        return Html(RenderSandboxPage({.order = checkout->order,
                                       .session = checkout->session,
                                       .merchant = merchant,
                                       .now_ms = service->clock().NowMillis(),
                                       .outcome = SandboxOutcome::kCheckout}),
                    200);
      },
      page);
  // Form posts (application/x-www-form-urlencoded, empty): the body is not read.
  AddSandboxAction(router, service, merchant_of, "pay", PaymentEventType::kCompleted, SandboxOutcome::kPaid);
  AddSandboxAction(router, service, merchant_of, "cancel", PaymentEventType::kCancelled,
                   SandboxOutcome::kCancelled);
}

}  // namespace x8::commerce
