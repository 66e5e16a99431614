#include "platform/http/pipeline.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "core/ids.h"
#include "platform/metrics/registry.h"

namespace x8::http {
namespace {

bool IsSafeRequestId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

bool HasBody(const Request& request) {
  return !request.body.empty() || request.method == "POST" || request.method == "PUT" ||
         request.method == "PATCH";
}

bool IsJsonContentType(std::string_view type) {
  auto semi = type.find(';');
  auto media = type.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  std::string lower(media);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower == "application/json" || (lower.starts_with("application/") && lower.ends_with("+json"));
}

// Every X-Forwarded-For header's value, in the order received.
std::vector<std::string_view> ForwardedFor(const Headers& headers) {
  std::vector<std::string_view> values;
  for (const auto& [name, value] : headers) {
    if (name.size() == 15 && std::equal(name.begin(), name.end(), "x-forwarded-for", [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        })) {
      values.emplace_back(value);
    }
  }
  return values;
}

std::string JoinMethods(const std::vector<std::string>& methods) {
  std::string out;
  for (const auto& m : methods) {
    if (!out.empty()) out += ", ";
    out += m;
  }
  return out;
}

}  // namespace

struct Pipeline::Metrics {
  explicit Metrics(metrics::Registry& registry)
      : requests(registry.Counter("x8_http_requests_total",
                                  "HTTP requests by method, route template and status",
                                  {"method", "route", "status"})),
        latency(registry.Histogram("x8_http_request_duration_seconds",
                                   "HTTP request latency by method and route template",
                                   {"method", "route"})) {}
  metrics::CounterFamily& requests;
  metrics::HistogramFamily& latency;
};

Pipeline::Pipeline(const Router& router, metrics::Registry& registry, PipelineOptions options)
    : router_(router), metrics_(std::make_unique<Metrics>(registry)), options_(std::move(options)) {}

Pipeline::~Pipeline() = default;

void Pipeline::SetAuthenticator(std::shared_ptr<Authenticator> authenticator) {
  authenticator_ = std::move(authenticator);
}
void Pipeline::SetTenantGuard(std::shared_ptr<TenantGuard> guard) { tenant_guard_ = std::move(guard); }
void Pipeline::SetFallback(std::shared_ptr<FallbackHandler> fallback) { fallback_ = std::move(fallback); }

Response Pipeline::Handle(Request& request) const {
  auto started = std::chrono::steady_clock::now();
  // Client address: behind a trusted proxy, the client it names; rate limits, sessions and the
  // access log all read remote_address.
  if (!options_.trusted_proxies.empty()) {
    request.remote_address =
        options_.trusted_proxies.ClientAddress(request.remote_address, ForwardedFor(request.headers));
  }
  // Request id: keep a caller's well-formed id so traces join up across services.
  auto incoming = request.headers.Get("X-Request-Id");
  request.request_id = incoming && IsSafeRequestId(*incoming) ? std::string(*incoming) : RandomHex(8);

  Response response;
  try {
    response = Dispatch(request);
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {} failed: {}", request.request_id, request.method, request.path, e.what());
    response = Response::FromError(Internal(e.what()), request.request_id);
  } catch (...) {
    spdlog::error("request {} {} {} failed with a non-standard exception", request.request_id, request.method,
                  request.path);
    response = Response::FromError(Internal("unknown exception"), request.request_id);
  }
  response.headers.Set("X-Request-Id", request.request_id);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  Observe(request, response, seconds);
  return response;
}

Result<std::optional<Principal>> Pipeline::Authenticate(const Request& request) const {
  if (!authenticator_) return std::optional<Principal>{};
  return authenticator_->Authenticate(request);
}

Response Pipeline::Reject(Request& request, const Error& error, int status_override) const {
  if (request.request_id.empty()) request.request_id = RandomHex(8);
  auto response = Response::FromError(error, request.request_id);
  if (status_override) response.status = status_override;
  response.headers.Set("X-Request-Id", request.request_id);
  Observe(request, response, 0);
  return response;
}

Response Pipeline::Dispatch(Request& request) const {
  if (request.method == "OPTIONS") {
    if (auto preflight = Preflight(request)) return std::move(*preflight);
  }
  auto match = router_.Match(request.method, request.path);
  if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
    auto r = Response::FromError(
        Error{ErrorCode::kMethodNotAllowed, "method " + request.method + " is not allowed on " + request.path}
            .With("allowed", JoinMethods(match.allowed_methods)),
        request.request_id);
    r.headers.Set("Allow", JoinMethods(match.allowed_methods));
    return r;
  }
  if (match.kind == RouteMatch::Kind::kNotFound) {
    if (fallback_ && (request.method == "GET" || request.method == "HEAD")) {
      if (auto r = fallback_->Handle(request)) {
        request.route = "static";
        return std::move(*r);
      }
    }
    return Response::FromError(
        NotFound("no route for " + request.method + " " + request.path).With("path", request.path),
        request.request_id);
  }
  const http::Route& route = *match.route;
  request.route = route.pattern;
  request.path_params = std::move(match.params);
  auto response = DispatchRoute(request, route);
  if (route.options.cross_origin) response.headers.Set("Access-Control-Allow-Origin", "*");
  return response;
}

std::optional<Response> Pipeline::Preflight(const Request& request) const {
  auto method = request.headers.Get("Access-Control-Request-Method");
  if (!method) return std::nullopt;
  auto match = router_.Match(std::string(*method), request.path);
  if (match.kind != RouteMatch::Kind::kFound || !match.route->options.cross_origin) return std::nullopt;
  Response response;
  response.status = 204;
  response.headers.Set("Access-Control-Allow-Origin", "*");
  response.headers.Set("Access-Control-Allow-Methods", std::string(*method) + ", OPTIONS");
  response.headers.Set("Access-Control-Allow-Headers", "Content-Type");
  response.headers.Set("Access-Control-Max-Age", "86400");
  return response;
}

Response Pipeline::DispatchRoute(Request& request, const Route& route) const {
  // Limits: the body size was enforced while reading; here the media type.
  if (route.options.body == BodyKind::kJson && HasBody(request) && !request.body.empty()) {
    auto type = request.headers.Get("Content-Type");
    if (!type || !IsJsonContentType(*type)) {
      return Response::FromError(
          Error{ErrorCode::kUnsupportedMediaType, "this endpoint accepts application/json bodies"}.With(
              "content_type", type ? std::string(*type) : std::string("(none)")),
          request.request_id);
    }
  }

  // Authentication.
  if (authenticator_) {
    auto principal = authenticator_->Authenticate(request);
    if (!principal) {
      auto error = principal.error();
      if (error.code != ErrorCode::kUnauthenticated && error.code != ErrorCode::kUnavailable) {
        error = Error{ErrorCode::kUnauthenticated, error.message};
      }
      return Response::FromError(error, request.request_id);
    }
    request.principal = std::move(*principal);
  }
  if (route.options.access == Access::kAuthenticated && !request.principal) {
    return Response::FromError(Error{ErrorCode::kUnauthenticated, "sign in to use this endpoint"},
                               request.request_id);
  }

  // Tenant: the principal may only address tenants it is entitled to.
  if (request.principal && tenant_guard_) {
    if (auto status = tenant_guard_->Check(request, *request.principal); !status) {
      return Response::FromError(status.error(), request.request_id);
    }
  }

  // Authorization by role.
  if (!route.options.roles.empty()) {
    const auto& roles = route.options.roles;
    if (!request.principal || std::find(roles.begin(), roles.end(), request.principal->role) == roles.end()) {
      return Response::FromError(Error{ErrorCode::kPermissionDenied, "your role may not use this endpoint"},
                                 request.request_id);
    }
  }

  return route.handler(request);
}

void Pipeline::Observe(const Request& request, const Response& response, double seconds) const {
  // Unmatched paths share one label so scanners cannot blow up the metric cardinality.
  const std::string& route = request.route.empty() ? std::string("unmatched") : request.route;
  metrics_->requests.With({request.method, route, std::to_string(response.status)}).Inc();
  metrics_->latency.With({request.method, route}).Observe(seconds);
  if (options_.log_requests) {
    // Paths only: query strings can carry tokens (magic links, OAuth codes).
    spdlog::info("{} {} {} {} {} {}B {:.1f}ms", request.request_id,
                 request.remote_address.empty() ? "-" : request.remote_address, request.method, request.path,
                 response.status, response.file ? response.file->length : response.body.size(),
                 seconds * 1000);
  }
}

}  // namespace x8::http
