// Local emulators of external services for tests and demos (shared/ARCHITECTURE.md "External
// services"). One binary, x8_emulators, serves every emulator as its own route group on X8's own
// http::Server/Router/Pipeline; each group speaks its provider's wire format and has control
// endpoints under /__control/<name>/… that tests use to script it. docs/oauth.md describes Google and
// Facebook. Adding one: implement Emulator, add it in main.cpp.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/http/message.h"
#include "platform/http/router.h"

namespace x8::emulators {

class Emulator {
 public:
  virtual ~Emulator() = default;
  // Short name: its control endpoints live under /__control/<name>/.
  virtual std::string_view name() const = 0;
  // Adds the provider's routes and its control routes.
  virtual void Register(http::Router& router) = 0;
  // Forgets everything scripted or issued (POST /__control/reset).
  virtual void Reset() = 0;
};

// Where the emulator is reachable, for URLs it hands out (e.g. the issuer it signs into tokens).
struct EmulatorContext {
  std::string base_url;  // http://127.0.0.1:<port>, known once the server listens
};

// ---- helpers shared by the emulators ----

// Every route of an emulator is public and reads its own body (form, JSON or none).
http::RouteOptions PublicRoute();

// application/x-www-form-urlencoded (also a raw query string) → ordered pairs, '+' as space.
std::vector<std::pair<std::string, std::string>> ParseForm(std::string_view text);
// The first value of `key` in `pairs`, "" when absent.
std::string FormValue(const std::vector<std::pair<std::string, std::string>>& pairs, std::string_view key);
bool HasFormValue(const std::vector<std::pair<std::string, std::string>>& pairs, std::string_view key);

std::string UrlEncode(std::string_view text);
// `base` with params appended as a query string.
std::string WithQuery(std::string_view base, const std::vector<std::pair<std::string, std::string>>& params);

http::Response Json(const boost::json::value& body, int status = 200);
http::Response Redirect(std::string location);
// The request body as a JSON object ({} when empty); errors are 400 JSON answers.
bool ParseJsonBody(const http::Request& request, boost::json::object& out, http::Response& error);

// base64url(sha256(verifier)), as in RFC 7636 S256.
std::string S256(std::string_view verifier);

}  // namespace x8::emulators
