#include "modules/accounts/api/jwt_authenticator.h"

namespace x8::accounts {

namespace {

std::optional<std::string_view> BearerToken(const http::Request& request, bool& malformed) {
  malformed = false;
  auto header = request.headers.Get("Authorization");
  if (!header) return std::nullopt;
  constexpr std::string_view kScheme = "Bearer ";
  if (header->size() <= kScheme.size() ||
      !std::equal(kScheme.begin(), kScheme.end(), header->begin(),
                  [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    malformed = true;
    return std::nullopt;
  }
  return header->substr(kScheme.size());
}

}  // namespace

Result<std::optional<http::Principal>> JwtAuthenticator::Authenticate(const http::Request& request) {
  if (request.path.starts_with("/api/v1/auth/")) return std::optional<http::Principal>{};
  bool malformed = false;
  auto token = BearerToken(request, malformed);
  if (malformed) return Error{ErrorCode::kUnauthenticated, "Authorization must be 'Bearer <access token>'"};
  if (!token) return std::optional<http::Principal>{};
  X8_TRY(auto claims, service_.Authenticate(*token));
  return std::optional<http::Principal>(std::move(claims.principal));
}

std::string JwtAuthenticator::SessionId(const http::Request& request) {
  bool malformed = false;
  auto token = BearerToken(request, malformed);
  if (!token) return {};
  auto claims = service_.Authenticate(*token);
  return claims ? claims->session_id : std::string();
}

}  // namespace x8::accounts
