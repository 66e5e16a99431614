#include "tests/emulators/google_emulator.h"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <stdexcept>

#include "platform/crypto/crypto.h"

namespace x8::emulators {

namespace {

namespace bj = boost::json;

constexpr int64_t kCodeTtlMs = int64_t{10} * 60 * 1000;
constexpr std::string_view kGrantedScope =
    "https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile openid";

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Google's token endpoint errors: {"error": "...", "error_description": "..."}.
http::Response OAuthError(int status, std::string_view error, std::string_view description) {
  return Json(bj::object{{"error", error}, {"error_description", description}}, status);
}

// What Google shows in the browser when the request itself is broken (no redirect back).
http::Response ErrorPage(int status, std::string_view error, std::string_view detail) {
  return http::Response::Text("<!doctype html><title>Error " + std::to_string(status) + ": " +
                                  std::string(error) + "</title><h1>Access blocked</h1><p>Error " +
                                  std::to_string(status) + ": " + std::string(error) + "</p><p>" +
                                  std::string(detail) + "</p>",
                              "text/html; charset=utf-8", status);
}

std::string String(const bj::object& obj, std::string_view key, std::string fallback) {
  const auto* v = obj.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::move(fallback);
}

std::optional<std::string> OptString(const bj::object& obj, std::string_view key) {
  const auto* v = obj.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

}  // namespace

GoogleEmulator::GoogleEmulator(GoogleOptions options, const EmulatorContext& context)
    : defaults_(std::move(options)), context_(context) {
  other_key_pem_ = crypto::GenerateRsaPrivateKeyPem().value();
  NewSigningKey();
  Reset();
}

void GoogleEmulator::NewSigningKey() {
  auto pem = crypto::GenerateRsaPrivateKeyPem();
  if (!pem) throw std::runtime_error("google emulator: " + pem.error().message);
  key_pem_ = std::move(*pem);
  kid_ = "emulator-key-" + std::to_string(++key_generation_) + "-" + crypto::RandomToken(6);
}

void GoogleEmulator::Reset() {
  std::lock_guard lock(mu_);
  client_id_ = defaults_.client_id;
  client_secret_ = defaults_.client_secret;
  redirect_uris_.clear();
  script_ = Script{};
  codes_.clear();
  authorizations_ = token_requests_ = jwks_fetches_ = 0;
  ResetCalendarLocked();
}

void GoogleEmulator::Register(http::Router& router) {
  router.Add(
      "GET", "/google/o/oauth2/v2/auth", [this](http::Request& r) { return Authorize(r); }, PublicRoute());
  router.Add(
      "POST", "/google/token", [this](http::Request& r) { return Token(r); }, PublicRoute());
  router.Add(
      "GET", "/google/oauth2/v3/certs", [this](http::Request&) { return Certs(); }, PublicRoute());
  router.Add(
      "GET", "/google/.well-known/openid-configuration", [this](http::Request&) { return Discovery(); },
      PublicRoute());
  router.Add(
      "POST", "/__control/google/next-user", [this](http::Request& r) { return SetNextUser(r); },
      PublicRoute());
  router.Add(
      "POST", "/__control/google/client", [this](http::Request& r) { return SetClient(r); }, PublicRoute());
  router.Add(
      "POST", "/__control/google/rotate-key", [this](http::Request&) { return RotateKey(); }, PublicRoute());
  router.Add(
      "GET", "/__control/google/stats", [this](http::Request&) { return Stats(); }, PublicRoute());
  RegisterCalendar(router);
}

http::Response GoogleEmulator::Authorize(const http::Request& request) {
  auto q = ParseForm(request.query);
  std::lock_guard lock(mu_);
  ++authorizations_;
  std::string client_id = FormValue(q, "client_id");
  if (client_id.empty() || client_id != client_id_) {
    return ErrorPage(401, "invalid_client", "The OAuth client was not found.");
  }
  std::string redirect_uri = FormValue(q, "redirect_uri");
  bool registered =
      !redirect_uri.empty() && (redirect_uri.starts_with("http://") || redirect_uri.starts_with("https://"));
  if (registered && !redirect_uris_.empty()) {
    registered =
        std::find(redirect_uris_.begin(), redirect_uris_.end(), redirect_uri) != redirect_uris_.end();
  }
  if (!registered) {
    return ErrorPage(
        400, "redirect_uri_mismatch",
        "You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy.");
  }
  std::string state = FormValue(q, "state");
  auto back = [&](std::vector<std::pair<std::string, std::string>> params) {
    if (HasFormValue(q, "state")) params.insert(params.begin(), {"state", state});
    return Redirect(WithQuery(redirect_uri, params));
  };
  if (FormValue(q, "response_type") != "code") {
    return back({{"error", "unsupported_response_type"}});
  }
  if (FormValue(q, "scope").empty()) return back({{"error", "invalid_request"}});
  std::string method = FormValue(q, "code_challenge_method");
  std::string challenge = FormValue(q, "code_challenge");
  if (!challenge.empty() && method.empty()) method = "plain";  // Google's default
  if (!challenge.empty() && method != "S256" && method != "plain")
    return back({{"error", "invalid_request"}});
  if (script_.deny) return back({{"error", "access_denied"}});

  std::string code = "4/0A" + crypto::RandomToken(32);
  codes_[code] = IssuedCode{.client_id = client_id,
                            .redirect_uri = redirect_uri,
                            .code_challenge = challenge,
                            .code_challenge_method = challenge.empty() ? std::string() : method,
                            .nonce = FormValue(q, "nonce"),
                            .scope = FormValue(q, "scope"),
                            .offline = FormValue(q, "access_type") == "offline",
                            .script = script_,
                            .expires_at_ms = NowMs() + kCodeTtlMs};
  return back(
      {{"code", code}, {"scope", std::string(kGrantedScope)}, {"authuser", "0"}, {"prompt", "consent"}});
}

http::Response GoogleEmulator::Token(const http::Request& request) {
  auto content_type = request.headers.Get("Content-Type");
  if (!content_type || !content_type->starts_with("application/x-www-form-urlencoded")) {
    return OAuthError(400, "invalid_request", "Invalid Content-Type");
  }
  auto form = ParseForm(request.body);
  std::string client_id = FormValue(form, "client_id");
  std::string client_secret = FormValue(form, "client_secret");
  if (auto auth = request.headers.Get("Authorization"); auth && auth->starts_with("Basic ")) {
    std::string encoded(auth->substr(6));
    for (char& c : encoded) c = c == '+' ? '-' : c == '/' ? '_' : c;  // standard base64 → base64url
    auto decoded = crypto::Base64UrlDecode(encoded);
    if (decoded) {
      auto colon = decoded->find(':');
      client_id = http::PercentDecode(decoded->substr(0, colon), true);
      if (colon != std::string::npos) client_secret = http::PercentDecode(decoded->substr(colon + 1), true);
    }
  }
  std::lock_guard lock(mu_);
  ++token_requests_;
  if (client_id != client_id_ || client_secret.empty() ||
      !crypto::ConstantTimeEquals(client_secret, client_secret_)) {
    return OAuthError(401, "invalid_client", "Unauthorized");
  }
  std::string grant_type = FormValue(form, "grant_type");
  if (grant_type == "refresh_token") return RefreshGrantLocked(form, client_id);
  if (grant_type != "authorization_code") {
    return OAuthError(400, "unsupported_grant_type", "Invalid grant_type: " + grant_type);
  }
  std::string code = FormValue(form, "code");
  if (code.empty()) return OAuthError(400, "invalid_request", "Missing required parameter: code");
  auto it = codes_.find(code);
  if (it == codes_.end() || it->second.used || NowMs() > it->second.expires_at_ms ||
      it->second.client_id != client_id) {
    return OAuthError(400, "invalid_grant", "Bad Request");
  }
  IssuedCode& issued = it->second;
  issued.used = true;  // a code is spent by its first exchange attempt, good or bad
  if (FormValue(form, "redirect_uri") != issued.redirect_uri) {
    return OAuthError(400, "redirect_uri_mismatch", "Bad Request");
  }
  if (!issued.code_challenge.empty()) {
    std::string verifier = FormValue(form, "code_verifier");
    if (verifier.empty()) return OAuthError(400, "invalid_grant", "Missing code verifier.");
    std::string computed = issued.code_challenge_method == "S256" ? S256(verifier) : verifier;
    if (!crypto::ConstantTimeEquals(computed, issued.code_challenge)) {
      return OAuthError(400, "invalid_grant", "Invalid code verifier.");
    }
  }
  // Calendar grants (no openid): the requested scopes, a refresh token for offline access, no ID token.
  const bool openid = (" " + issued.scope + " ").find(" openid ") != std::string::npos;
  if (!openid) {
    const std::string& email = issued.script.user.email;
    if (!grant_only_.empty()) issued.scope = grant_only_;
    std::string refresh_token;
    if (issued.offline) {
      refresh_token = "1//0" + crypto::RandomToken(40);
      refresh_tokens_[refresh_token] =
          RefreshGrant{.email = email, .scope = issued.scope, .client_id = client_id};
    }
    std::string access = IssueAccessTokenLocked(email, issued.scope, refresh_token);
    bj::object answer{
        {"access_token", access}, {"expires_in", 3599}, {"scope", issued.scope}, {"token_type", "Bearer"}};
    if (!refresh_token.empty()) answer["refresh_token"] = refresh_token;
    return Json(answer);
  }
  std::string access_token = "ya29.a0" + crypto::RandomToken(48);
  std::string id_token = IdToken(issued, access_token);
  if (id_token.empty()) return OAuthError(500, "internal_failure", "signing failed");
  return Json(bj::object{{"access_token", access_token},
                         {"expires_in", 3599},
                         {"scope", kGrantedScope},
                         {"token_type", "Bearer"},
                         {"id_token", id_token}});
}

std::string GoogleEmulator::IdToken(const IssuedCode& code, const std::string& access_token) {
  const auto& user = code.script.user;
  const auto& tamper = code.script.id_token;
  int64_t now = NowMs() / 1000;
  std::string half_hash = crypto::Sha256(access_token).substr(0, 16);
  bj::object claims{{"iss", tamper.iss.value_or(defaults_.issuer)},
                    {"azp", code.client_id},
                    {"aud", tamper.aud.value_or(code.client_id)},
                    {"sub", user.sub},
                    {"email", user.email},
                    {"email_verified", user.email_verified},
                    {"at_hash", crypto::Base64UrlEncode(half_hash)},
                    {"name", user.name},
                    {"iat", now},
                    {"exp", now + tamper.exp_offset_s}};
  if (user.email.empty()) claims.erase("email");
  if (tamper.aud) claims.erase("azp");
  std::string nonce = tamper.nonce.value_or(code.nonce);
  if (!nonce.empty()) claims["nonce"] = nonce;
  bj::object header{{"kid", tamper.kid.value_or(kid_)}, {"typ", "JWT"}};
  auto token = crypto::SignJwtRs256(header, claims, tamper.wrong_key ? other_key_pem_ : key_pem_);
  return token ? *token : std::string();
}

http::Response GoogleEmulator::Certs() {
  std::lock_guard lock(mu_);
  ++jwks_fetches_;
  auto jwk = crypto::PublicJwkFromPrivatePem(key_pem_, kid_);
  if (!jwk) return Json(bj::object{{"error", jwk.error().message}}, 500);
  http::Response response = Json(bj::object{{"keys", bj::array{*jwk}}});
  response.headers.Set("Cache-Control", "public, max-age=" + std::to_string(defaults_.jwks_max_age_s) +
                                            ", must-revalidate, no-transform");
  return response;
}

http::Response GoogleEmulator::Discovery() {
  const std::string base = context_.base_url + "/google";
  return Json(bj::object{{"issuer", defaults_.issuer},
                         {"authorization_endpoint", base + "/o/oauth2/v2/auth"},
                         {"token_endpoint", base + "/token"},
                         {"jwks_uri", base + "/oauth2/v3/certs"},
                         {"response_types_supported", bj::array{"code"}},
                         {"subject_types_supported", bj::array{"public"}},
                         {"id_token_signing_alg_values_supported", bj::array{"RS256"}},
                         {"scopes_supported", bj::array{"openid", "email", "profile"}},
                         {"code_challenge_methods_supported", bj::array{"plain", "S256"}},
                         {"grant_types_supported", bj::array{"authorization_code"}}});
}

http::Response GoogleEmulator::SetNextUser(const http::Request& request) {
  bj::object body;
  http::Response error;
  if (!ParseJsonBody(request, body, error)) return error;
  Script script;
  script.user.sub = String(body, "sub", script.user.sub);
  script.user.email = String(body, "email", script.user.email);
  script.user.name = String(body, "name", script.user.name);
  if (const auto* v = body.if_contains("email_verified"); v != nullptr && v->is_bool()) {
    script.user.email_verified = v->as_bool();
  }
  if (const auto* v = body.if_contains("deny"); v != nullptr && v->is_bool()) script.deny = v->as_bool();
  if (const auto* t = body.if_contains("id_token"); t != nullptr && t->is_object()) {
    const auto& o = t->as_object();
    script.id_token.nonce = OptString(o, "nonce");
    script.id_token.aud = OptString(o, "aud");
    script.id_token.iss = OptString(o, "iss");
    script.id_token.kid = OptString(o, "kid");
    if (const auto* v = o.if_contains("exp_offset_s"); v != nullptr && v->is_int64()) {
      script.id_token.exp_offset_s = v->as_int64();
    }
    if (const auto* v = o.if_contains("wrong_key"); v != nullptr && v->is_bool()) {
      script.id_token.wrong_key = v->as_bool();
    }
  }
  std::lock_guard lock(mu_);
  script_ = std::move(script);
  return http::Response::NoContent();
}

http::Response GoogleEmulator::SetClient(const http::Request& request) {
  bj::object body;
  http::Response error;
  if (!ParseJsonBody(request, body, error)) return error;
  std::lock_guard lock(mu_);
  client_id_ = String(body, "client_id", client_id_);
  client_secret_ = String(body, "client_secret", client_secret_);
  if (const auto* uris = body.if_contains("redirect_uris"); uris != nullptr && uris->is_array()) {
    redirect_uris_.clear();
    for (const auto& uri : uris->as_array()) {
      if (uri.is_string()) redirect_uris_.emplace_back(uri.as_string());
    }
  }
  return http::Response::NoContent();
}

http::Response GoogleEmulator::RotateKey() {
  std::lock_guard lock(mu_);
  NewSigningKey();
  return Json(bj::object{{"kid", kid_}});
}

http::Response GoogleEmulator::Stats() {
  std::lock_guard lock(mu_);
  return Json(bj::object{{"authorizations", authorizations_},
                         {"token_requests", token_requests_},
                         {"jwks_fetches", jwks_fetches_},
                         {"refreshes", refreshes_},
                         {"revocations", revocations_},
                         {"calendar_requests", calendar_requests_},
                         {"inserts", inserts_},
                         {"deletes", deletes_},
                         {"freebusy", freebusy_},
                         {"kid", kid_}});
}

}  // namespace x8::emulators
