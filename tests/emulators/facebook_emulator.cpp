#include "tests/emulators/facebook_emulator.h"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "platform/crypto/crypto.h"

namespace x8::emulators {

namespace {

namespace bj = boost::json;

constexpr int64_t kCodeTtlMs = int64_t{10} * 60 * 1000;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Graph API errors: {"error":{"message","type","code","error_subcode"?,"fbtrace_id"}}.
http::Response GraphError(int status, std::string_view message, std::string_view type, int code,
                          int subcode = 0) {
  bj::object error{{"message", message}, {"type", type}, {"code", code}};
  if (subcode != 0) error["error_subcode"] = subcode;
  error["fbtrace_id"] = "A" + crypto::RandomToken(9);
  http::Response response = Json(bj::object{{"error", std::move(error)}}, status);
  response.headers.Set("WWW-Authenticate",
                       "OAuth \"Facebook Platform\" \"invalid_request\" \"" + std::string(message) + "\"");
  return response;
}

std::string String(const bj::object& obj, std::string_view key, std::string fallback) {
  const auto* v = obj.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::move(fallback);
}

}  // namespace

FacebookEmulator::FacebookEmulator(FacebookOptions options) : defaults_(std::move(options)) { Reset(); }

void FacebookEmulator::Reset() {
  std::lock_guard lock(mu_);
  app_id_ = defaults_.app_id;
  app_secret_ = defaults_.app_secret;
  redirect_uris_.clear();
  next_ = Person{};
  codes_.clear();
  tokens_.clear();
  dialogs_ = token_requests_ = me_requests_ = 0;
}

void FacebookEmulator::Register(http::Router& router) {
  router.Add(
      "GET", "/facebook/{version}/dialog/oauth", [this](http::Request& r) { return Dialog(r); },
      PublicRoute());
  router.Add(
      "GET", "/facebook/{version}/oauth/access_token", [this](http::Request& r) { return AccessToken(r); },
      PublicRoute());
  router.Add(
      "GET", "/facebook/{version}/me", [this](http::Request& r) { return Me(r); }, PublicRoute());
  router.Add(
      "POST", "/__control/facebook/next-user", [this](http::Request& r) { return SetNextUser(r); },
      PublicRoute());
  router.Add(
      "POST", "/__control/facebook/app", [this](http::Request& r) { return SetApp(r); }, PublicRoute());
  router.Add(
      "GET", "/__control/facebook/stats", [this](http::Request&) { return Stats(); }, PublicRoute());
}

http::Response FacebookEmulator::Dialog(const http::Request& request) {
  auto q = ParseForm(request.query);
  std::lock_guard lock(mu_);
  ++dialogs_;
  if (FormValue(q, "client_id") != app_id_) {
    return http::Response::Text(
        "<!doctype html><title>Error</title><p>Invalid App ID: The provided app ID does "
        "not look like a valid app ID.</p>",
        "text/html; charset=utf-8", 400);
  }
  std::string redirect_uri = FormValue(q, "redirect_uri");
  bool allowed = redirect_uri.starts_with("http://") || redirect_uri.starts_with("https://");
  if (allowed && !redirect_uris_.empty()) {
    allowed = std::find(redirect_uris_.begin(), redirect_uris_.end(), redirect_uri) != redirect_uris_.end();
  }
  if (!allowed) {
    return http::Response::Text(
        "<!doctype html><title>Error</title><p>URL Blocked: This redirect failed because the redirect URI is "
        "not whitelisted in the app's Client OAuth Settings.</p>",
        "text/html; charset=utf-8", 400);
  }
  std::vector<std::pair<std::string, std::string>> params;
  if (next_.deny) {
    params = {{"error_reason", "user_denied"},
              {"error", "access_denied"},
              {"error_description", "Permissions error."}};
  } else {
    std::string code = "AQ" + crypto::RandomToken(64);
    std::string challenge = FormValue(q, "code_challenge");
    codes_[code] = IssuedCode{.redirect_uri = redirect_uri,
                              .code_challenge = challenge,
                              .person = next_,
                              .expires_at_ms = NowMs() + kCodeTtlMs};
    params = {{"code", code}};
  }
  if (HasFormValue(q, "state")) params.emplace_back("state", FormValue(q, "state"));
  return Redirect(WithQuery(redirect_uri, params) + "#_=_");  // Facebook appends this fragment
}

http::Response FacebookEmulator::AccessToken(const http::Request& request) {
  auto q = ParseForm(request.query);
  std::lock_guard lock(mu_);
  ++token_requests_;
  if (FormValue(q, "client_id") != app_id_) {
    return GraphError(400, "Error validating application. Invalid application ID.", "OAuthException", 101);
  }
  std::string secret = FormValue(q, "client_secret");
  if (secret.empty() || !crypto::ConstantTimeEquals(secret, app_secret_)) {
    return GraphError(400, "Error validating client secret.", "OAuthException", 1);
  }
  std::string code = FormValue(q, "code");
  if (code.empty()) return GraphError(400, "Missing authorization code", "OAuthException", 1);
  auto it = codes_.find(code);
  if (it == codes_.end() || NowMs() > it->second.expires_at_ms) {
    return GraphError(400, "Invalid verification code format.", "OAuthException", 100);
  }
  IssuedCode& issued = it->second;
  if (issued.used)
    return GraphError(400, "This authorization code has been used.", "OAuthException", 100, 36009);
  issued.used = true;
  if (FormValue(q, "redirect_uri") != issued.redirect_uri) {
    return GraphError(
        400,
        "Error validating verification code. Please make sure your redirect_uri is identical to the "
        "one you used in the OAuth dialog request",
        "OAuthException", 100, 36008);
  }
  if (!issued.code_challenge.empty() && S256(FormValue(q, "code_verifier")) != issued.code_challenge) {
    return GraphError(400, "Invalid code verifier", "OAuthException", 100);
  }
  std::string access_token = "EAAB" + crypto::RandomToken(64);
  tokens_[access_token] = issued.person;
  return Json(bj::object{{"access_token", access_token}, {"token_type", "bearer"}, {"expires_in", 5183944}});
}

http::Response FacebookEmulator::Me(const http::Request& request) {
  auto q = ParseForm(request.query);
  std::string access_token = FormValue(q, "access_token");
  if (auto auth = request.headers.Get("Authorization");
      access_token.empty() && auth && auth->starts_with("Bearer ")) {
    access_token = std::string(auth->substr(7));
  }
  std::lock_guard lock(mu_);
  ++me_requests_;
  if (access_token.empty()) {
    return GraphError(400, "An active access token must be used to query information about the current user.",
                      "OAuthException", 2500);
  }
  auto it = tokens_.find(access_token);
  if (it == tokens_.end()) {
    return GraphError(400, "Invalid OAuth access token - Cannot parse access token", "OAuthException", 190);
  }
  // This app has "Require App Secret" on: every server call proves it knows the secret.
  std::string proof = FormValue(q, "appsecret_proof");
  if (proof.empty()) {
    return GraphError(400, "API calls from the server require an appsecret_proof argument",
                      "GraphMethodException", 100);
  }
  std::string expected = crypto::HexEncode(crypto::HmacSha256(app_secret_, access_token));
  if (!crypto::ConstantTimeEquals(proof, expected)) {
    return GraphError(400, "Invalid appsecret_proof provided in the API argument", "GraphMethodException",
                      100);
  }
  std::string fields = FormValue(q, "fields");
  if (fields.empty()) fields = "id,name";
  const Person& person = it->second;
  bj::object me;
  size_t start = 0;
  while (start <= fields.size()) {
    size_t comma = fields.find(',', start);
    std::string field = fields.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (field == "id") me["id"] = person.id;
    if (field == "name") me["name"] = person.name;
    if (field == "email" && !person.email.empty()) me["email"] = person.email;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  me["id"] = person.id;  // always present
  return Json(me);
}

http::Response FacebookEmulator::SetNextUser(const http::Request& request) {
  bj::object body;
  http::Response error;
  if (!ParseJsonBody(request, body, error)) return error;
  Person person;
  person.id = String(body, "id", person.id);
  person.name = String(body, "name", person.name);
  person.email = String(body, "email", "");  // absent: the person shares no email
  if (const auto* v = body.if_contains("deny"); v != nullptr && v->is_bool()) person.deny = v->as_bool();
  std::lock_guard lock(mu_);
  next_ = std::move(person);
  return http::Response::NoContent();
}

http::Response FacebookEmulator::SetApp(const http::Request& request) {
  bj::object body;
  http::Response error;
  if (!ParseJsonBody(request, body, error)) return error;
  std::lock_guard lock(mu_);
  app_id_ = String(body, "app_id", app_id_);
  app_secret_ = String(body, "app_secret", app_secret_);
  if (const auto* uris = body.if_contains("redirect_uris"); uris != nullptr && uris->is_array()) {
    redirect_uris_.clear();
    for (const auto& uri : uris->as_array()) {
      if (uri.is_string()) redirect_uris_.emplace_back(uri.as_string());
    }
  }
  return http::Response::NoContent();
}

http::Response FacebookEmulator::Stats() {
  std::lock_guard lock(mu_);
  return Json(
      bj::object{{"dialogs", dialogs_}, {"token_requests", token_requests_}, {"me_requests", me_requests_}});
}

}  // namespace x8::emulators
