// Sign-in with Google (OpenID Connect code flow + PKCE) and Facebook Login (manual code flow): the
// provider seam and the small pure helpers the flow and its tests share. docs/oauth.md explains the
// flow and the setup; docs/design/accounts.md the tables (oauth_states, oauth_identities).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace x8::accounts::oauth {

inline constexpr std::string_view kGoogle = "google";
inline constexpr std::string_view kFacebook = "facebook";

// Codes the callback sends the browser to /sign-in?oauth_error=<code> with (docs/oauth.md lists them).
inline constexpr std::string_view kErrUnknownProvider = "unknown_provider";
inline constexpr std::string_view kErrNotConfigured = "provider_not_configured";
inline constexpr std::string_view kErrAccessDenied = "access_denied";
inline constexpr std::string_view kErrProvider = "provider_error";  // any other ?error= from the provider
inline constexpr std::string_view kErrInvalidRequest = "invalid_request";  // no code in the callback
inline constexpr std::string_view kErrInvalidState = "invalid_state";  // unknown, used, foreign or unbound
inline constexpr std::string_view kErrStateExpired = "state_expired";
inline constexpr std::string_view kErrTokenExchange = "token_exchange_failed";
inline constexpr std::string_view kErrInvalidIdToken = "invalid_id_token";
inline constexpr std::string_view kErrEmailNotVerified = "email_not_verified";
inline constexpr std::string_view kErrEmailRequired = "email_required";
inline constexpr std::string_view kErrRateLimited = "rate_limited";
inline constexpr std::string_view kErrServer = "server_error";

// An error that carries the code the browser is sent back with (details.oauth_error).
Error FlowError(std::string_view oauth_error, std::string message);
// details.oauth_error of `error`, or server_error for errors that are not the flow's own.
std::string OAuthErrorCode(const Error& error);

// Who the provider says signed in.
struct ProviderIdentity {
  std::string provider;  // google | facebook
  std::string subject;   // Google `sub`; Facebook app-scoped user id
  std::string email;     // "" when the provider gave none
  bool email_verified = false;
  std::string name;
};

// What goes into the provider's authorization URL.
struct AuthorizationRequest {
  std::string state;
  std::string nonce;
  std::string code_challenge;  // S256 of the verifier, base64url
  std::string redirect_uri;
};

// What the callback hands the provider to turn the code into an identity.
struct CodeExchange {
  std::string code;
  std::string code_verifier;
  std::string nonce;
  std::string redirect_uri;
};

// One sign-in provider. Exchange() blocks on the network (worker pool); its errors carry an
// oauth_error code (token_exchange_failed, invalid_id_token, …).
class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string_view name() const = 0;
  virtual bool configured() const = 0;
  virtual std::string AuthorizationUrl(const AuthorizationRequest& request) const = 0;
  virtual Result<ProviderIdentity> Exchange(const CodeExchange& exchange) = 0;
};

// ---- helpers ----

// Percent-encodes everything except RFC 3986 unreserved characters (so '+', '/', ':' are encoded too).
std::string UrlEncode(std::string_view text);
// `base` with `params` appended as a query (after '&' when base already has a query).
std::string WithQuery(std::string_view base, const std::vector<std::pair<std::string, std::string>>& params);
// application/x-www-form-urlencoded body of `params`.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& params);

// The path the browser may be sent to after signing in: a same-origin relative path that starts with
// exactly one '/', without backslashes, control characters or spaces (browsers strip or rewrite those
// into "//host"), at most 512 bytes. Anything else becomes `fallback`.
std::string SafeRedirectPath(std::string_view requested, std::string_view fallback = "/app");

// PKCE S256: base64url(sha256(verifier)).
std::string PkceChallenge(std::string_view code_verifier);

// max-age of a Cache-Control header in seconds; 0 for no-store/no-cache; nullopt when it says nothing.
std::optional<int64_t> CacheControlMaxAge(std::string_view header);

// Facebook's appsecret_proof: hex HMAC-SHA256 of the access token keyed with the app secret.
std::string AppSecretProof(std::string_view app_secret, std::string_view access_token);

}  // namespace x8::accounts::oauth
