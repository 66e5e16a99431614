// The fixed middleware chain, in one place:
//   client address → metrics → request id + access log → catch-all → routing → limits →
//   authentication → tenant → authorization → handler.
// Everything here is synchronous and runs on the worker pool; the Beast server only moves bytes.
#pragma once

#include <memory>
#include <optional>

#include "platform/http/message.h"
#include "platform/http/router.h"
#include "platform/net/trusted_proxies.h"

namespace x8::metrics {
class Registry;
}

namespace x8::http {

// Turns credentials (Authorization header, cookies) into a Principal. Installed by the accounts
// module; without one, nobody is authenticated and protected routes answer 401.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // nullopt: no credentials presented. An error: credentials presented but invalid (→ 401).
  virtual Result<std::optional<Principal>> Authenticate(const Request& request) = 0;
};

// Confirms the principal may act on the tenant a request addresses (e.g. a manager on an assigned
// client). Installed by the accounts module; without one, a principal acts on its own tenant only.
class TenantGuard {
 public:
  virtual ~TenantGuard() = default;
  virtual Status Check(const Request& request, const Principal& principal) = 0;
};

// Serves the built web app for GET/HEAD paths no route claimed. Returns nullopt when it has nothing.
class FallbackHandler {
 public:
  virtual ~FallbackHandler() = default;
  virtual std::optional<Response> Handle(const Request& request) = 0;
};

struct PipelineOptions {
  bool log_requests = true;
  // server.trusted_proxies: when the socket peer is one of these, Request::remote_address becomes
  // the client named by X-Forwarded-For (see net::TrustedProxies). Empty: the peer, always.
  net::TrustedProxies trusted_proxies;
};

class Pipeline {
 public:
  Pipeline(const Router& router, metrics::Registry& metrics, PipelineOptions options = {});
  ~Pipeline();

  void SetAuthenticator(std::shared_ptr<Authenticator> authenticator);
  void SetTenantGuard(std::shared_ptr<TenantGuard> guard);
  void SetFallback(std::shared_ptr<FallbackHandler> fallback);

  // Never throws; always returns a complete response with X-Request-Id set.
  Response Handle(Request& request) const;

  // For WebSocket upgrades, which skip routing: the principal behind the upgrade request, if any.
  Result<std::optional<Principal>> Authenticate(const Request& request) const;

  // Answers produced by the server before a request reaches the pipeline (413 while reading a
  // body, 431 for headers, 400 for unparseable HTTP), counted and logged like any other.
  Response Reject(Request& request, const Error& error, int status_override = 0) const;

 private:
  struct Metrics;
  Response Dispatch(Request& request) const;
  // 204 with CORS headers when `request` is a preflight for a cross_origin route; nullopt otherwise.
  std::optional<Response> Preflight(const Request& request) const;
  Response DispatchRoute(Request& request, const Route& route) const;
  void Observe(const Request& request, const Response& response, double seconds) const;

  const Router& router_;
  std::unique_ptr<Metrics> metrics_;
  PipelineOptions options_;
  std::shared_ptr<Authenticator> authenticator_;
  std::shared_ptr<TenantGuard> tenant_guard_;
  std::shared_ptr<FallbackHandler> fallback_;
};

}  // namespace x8::http
