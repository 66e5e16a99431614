// Routes by method and path template ("/api/v1/companies/{company_id}"). Literal segments win
// over parameters; a path that exists with other methods answers 405 with an Allow header.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/message.h"

namespace x8::http {

enum class Access {
  kPublic,         // no credentials needed (health, webhooks verify their own signatures, login)
  kAuthenticated,  // any signed-in user
};

enum class BodyKind {
  kJson,  // POST/PUT/PATCH bodies must be application/json (else 415)
  kAny,   // the handler reads raw bodies (webhooks, uploads)
};

struct RouteOptions {
  Access access = Access::kAuthenticated;
  std::vector<std::string> roles;  // empty: every role that passed authentication
  BodyKind body = BodyKind::kJson;
  size_t max_body_bytes = 0;  // 0: the server default
  // Any website may call it from a browser (CORS with origin *, no credentials): for public endpoints
  // whose callers are scripts on other sites, like the web chat widget. The pipeline answers the
  // preflight OPTIONS request and marks every response.
  bool cross_origin = false;
};

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  RouteOptions options;
};

struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed } kind = Kind::kNotFound;
  const Route* route = nullptr;
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<std::string> allowed_methods;  // for 405
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Throws std::invalid_argument on a malformed pattern or a duplicate route: both are start-up bugs.
  void Add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});

  RouteMatch Match(std::string_view method, std::string_view path) const;
  // Longest configured body limit for a path, known before the body is read.
  size_t MaxBodyBytes(std::string_view method, std::string_view path, size_t fallback) const;

  std::vector<const Route*> Routes() const;

 private:
  struct Node;
  std::unique_ptr<Node> root_;
  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace x8::http
