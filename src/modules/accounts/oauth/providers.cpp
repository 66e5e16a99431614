#include "modules/accounts/oauth/providers.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "platform/crypto/crypto.h"

namespace x8::accounts::oauth {

namespace {

namespace bj = boost::json;

constexpr std::string_view kGoogleIssuerModern = "https://accounts.google.com";
constexpr std::string_view kGoogleIssuerLegacy = "accounts.google.com";

std::optional<bj::object> ParseObject(std::string_view body) {
  boost::system::error_code ec;
  auto value = bj::parse(body, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

std::string StringField(const bj::object& obj, std::string_view field) {
  const auto* value = obj.if_contains(field);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

// What a provider said when it refused, for the log (never shown to the user, never with secrets).
std::string ProviderComplaint(const http::HttpResponse& response) {
  auto obj = ParseObject(response.body);
  if (!obj) return "HTTP " + std::to_string(response.status);
  if (const auto* error = obj->if_contains("error"); error != nullptr && error->is_object()) {
    // Graph: {"error":{"message","type","code",…}}
    return "HTTP " + std::to_string(response.status) + " " + StringField(error->as_object(), "type") + ": " +
           StringField(error->as_object(), "message");
  }
  // OAuth 2.0: {"error","error_description"}
  return "HTTP " + std::to_string(response.status) + " " + StringField(*obj, "error") + ": " +
         StringField(*obj, "error_description");
}

bool AudienceMatches(const bj::object& claims, std::string_view client_id) {
  const auto* aud = claims.if_contains("aud");
  if (aud == nullptr) return false;
  if (aud->is_string()) return aud->as_string() == client_id;
  if (!aud->is_array()) return false;
  bool found = false;
  for (const auto& entry : aud->as_array())
    found = found || (entry.is_string() && entry.as_string() == client_id);
  return found;
}

bool IsTrue(const bj::value* value) {
  if (value == nullptr) return false;
  if (value->is_bool()) return value->as_bool();
  return value->is_string() && value->as_string() == "true";  // older Google tokens sent "true"
}

}  // namespace

// ---- Google ----

GoogleProvider::GoogleProvider(const config::OAuthConfig& config, http::HttpClient& http, const Clock& clock)
    : config_(config),
      http_(http),
      jwks_(
          config.google_jwks_url,
          [&http](const std::string& url) {
            http::HttpRequest request{.method = "GET", .url = url};
            request.headers.emplace_back("Accept", "application/json");
            return http.Send(request);
          },
          clock) {}

bool GoogleProvider::configured() const {
  return !config_.google_client_id.empty() && !config_.google_client_secret.empty();
}

std::string GoogleProvider::AuthorizationUrl(const AuthorizationRequest& request) const {
  return WithQuery(config_.google_auth_url, {{"response_type", "code"},
                                             {"client_id", config_.google_client_id},
                                             {"redirect_uri", request.redirect_uri},
                                             {"scope", "openid email profile"},
                                             {"state", request.state},
                                             {"nonce", request.nonce},
                                             {"code_challenge", request.code_challenge},
                                             {"code_challenge_method", "S256"}});
}

Result<ProviderIdentity> GoogleProvider::Exchange(const CodeExchange& exchange) {
  http::HttpRequest request{.method = "POST", .url = config_.google_token_url};
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.headers.emplace_back("Accept", "application/json");
  request.body = FormEncode({{"code", exchange.code},
                             {"client_id", config_.google_client_id},
                             {"client_secret", config_.google_client_secret},
                             {"redirect_uri", exchange.redirect_uri},
                             {"grant_type", "authorization_code"},
                             {"code_verifier", exchange.code_verifier}});
  request.idempotent = false;
  auto response = http_.Send(request);
  if (!response) {
    spdlog::warn("oauth google: token endpoint unreachable: {}", response.error().message);
    return FlowError(kErrTokenExchange, "Google could not be reached");
  }
  if (response->status != 200) {
    spdlog::warn("oauth google: code exchange refused: {}", ProviderComplaint(*response));
    return FlowError(kErrTokenExchange, "Google refused the sign-in code");
  }
  auto body = ParseObject(response->body);
  std::string id_token = body ? StringField(*body, "id_token") : std::string();
  if (id_token.empty()) {
    spdlog::warn("oauth google: token response without id_token");
    return FlowError(kErrTokenExchange, "Google answered without an ID token");
  }
  return IdentityFromIdToken(id_token, exchange.nonce);
}

Result<ProviderIdentity> GoogleProvider::IdentityFromIdToken(std::string_view id_token,
                                                             std::string_view nonce) {
  auto invalid = [](std::string why) {
    spdlog::warn("oauth google: id_token rejected: {}", why);
    return FlowError(kErrInvalidIdToken, "Google's ID token is not valid for this sign-in");
  };
  auto verified = jwks_.Verify(id_token);
  if (!verified) {
    if (verified.error().code != ErrorCode::kUnauthenticated) {
      spdlog::warn("oauth google: signing keys unavailable: {}", verified.error().message);
      return FlowError(kErrProvider, "Google's signing keys could not be fetched");
    }
    const auto* reason = verified.error().details.if_contains("reason");
    return invalid(verified.error().message + (reason != nullptr ? " (" + bj::serialize(*reason) + ")" : ""));
  }
  const bj::object& claims = *verified;

  std::string iss = StringField(claims, "iss");
  bool issuer_ok = iss == config_.google_issuer;
  if (config_.google_issuer == kGoogleIssuerModern || config_.google_issuer == kGoogleIssuerLegacy) {
    issuer_ok = iss == kGoogleIssuerModern || iss == kGoogleIssuerLegacy;  // Google documents both
  }
  if (!issuer_ok) return invalid("iss '" + iss + "'");
  if (!AudienceMatches(claims, config_.google_client_id)) return invalid("aud is not our client id");
  if (claims.contains("azp") && StringField(claims, "azp") != config_.google_client_id) {
    return invalid("azp is not our client id");
  }
  if (!claims.contains("exp")) return invalid("no exp");
  std::string token_nonce = StringField(claims, "nonce");
  if (token_nonce.empty() || !crypto::ConstantTimeEquals(token_nonce, nonce))
    return invalid("nonce mismatch");
  std::string sub = StringField(claims, "sub");
  if (sub.empty() || sub.size() > 255) return invalid("no usable sub");

  ProviderIdentity identity{.provider = std::string(kGoogle),
                            .subject = sub,
                            .email = StringField(claims, "email"),
                            .email_verified = IsTrue(claims.if_contains("email_verified")),
                            .name = StringField(claims, "name")};
  if (identity.email.empty()) {
    return FlowError(kErrEmailRequired, "Google did not share an email address");
  }
  if (!identity.email_verified) {
    return FlowError(kErrEmailNotVerified, "the Google account's email address is not verified");
  }
  return identity;
}

// ---- Facebook ----

FacebookProvider::FacebookProvider(const config::OAuthConfig& config, http::HttpClient& http)
    : config_(config), http_(http) {}

bool FacebookProvider::configured() const {
  return !config_.facebook_app_id.empty() && !config_.facebook_app_secret.empty();
}

std::string FacebookProvider::AuthorizationUrl(const AuthorizationRequest& request) const {
  return WithQuery(config_.facebook_auth_url, {{"client_id", config_.facebook_app_id},
                                               {"redirect_uri", request.redirect_uri},
                                               {"state", request.state},
                                               {"response_type", "code"},
                                               {"scope", "email,public_profile"}});
}

Result<ProviderIdentity> FacebookProvider::Exchange(const CodeExchange& exchange) {
  http::HttpRequest token_request{.method = "GET",
                                  .url = WithQuery(config_.facebook_graph_url + "/oauth/access_token",
                                                   {{"client_id", config_.facebook_app_id},
                                                    {"redirect_uri", exchange.redirect_uri},
                                                    {"client_secret", config_.facebook_app_secret},
                                                    {"code", exchange.code}})};
  token_request.idempotent = false;  // the code is single use: a retry could only fail
  auto token_response = http_.Send(token_request);
  if (!token_response) {
    spdlog::warn("oauth facebook: token endpoint unreachable: {}", token_response.error().message);
    return FlowError(kErrTokenExchange, "Facebook could not be reached");
  }
  if (token_response->status != 200) {
    spdlog::warn("oauth facebook: code exchange refused: {}", ProviderComplaint(*token_response));
    return FlowError(kErrTokenExchange, "Facebook refused the sign-in code");
  }
  auto token_body = ParseObject(token_response->body);
  std::string access_token = token_body ? StringField(*token_body, "access_token") : std::string();
  if (access_token.empty()) {
    spdlog::warn("oauth facebook: token response without access_token");
    return FlowError(kErrTokenExchange, "Facebook answered without an access token");
  }

  http::HttpRequest me_request{
      .method = "GET",
      .url = WithQuery(config_.facebook_graph_url + "/me",
                       {{"fields", "id,name,email"},
                        {"access_token", access_token},
                        {"appsecret_proof", AppSecretProof(config_.facebook_app_secret, access_token)}})};
  auto me_response = http_.Send(me_request);
  if (!me_response) {
    spdlog::warn("oauth facebook: Graph unreachable: {}", me_response.error().message);
    return FlowError(kErrProvider, "Facebook could not be reached");
  }
  auto me = ParseObject(me_response->body);
  if (me_response->status != 200 || !me) {
    spdlog::warn("oauth facebook: /me refused: {}", ProviderComplaint(*me_response));
    return FlowError(kErrProvider, "Facebook did not return the profile");
  }
  ProviderIdentity identity{.provider = std::string(kFacebook),
                            .subject = StringField(*me, "id"),
                            .email = StringField(*me, "email"),
                            .email_verified = false,
                            .name = StringField(*me, "name")};
  if (identity.subject.empty() || identity.subject.size() > 255) {
    spdlog::warn("oauth facebook: /me without a usable id");
    return FlowError(kErrProvider, "Facebook did not return the profile");
  }
  if (identity.email.empty()) {
    return FlowError(kErrEmailRequired, "Facebook did not share an email address");
  }
  identity.email_verified = true;  // Facebook shares only confirmed addresses (docs/oauth.md)
  return identity;
}

}  // namespace x8::accounts::oauth
