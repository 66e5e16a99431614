// Bearer access tokens (JWT HS256) → Principal, with the session's live state checked (revoked
// sessions stop working within seconds on every node, at once on the node that revoked them).
#pragma once

#include <optional>
#include <string>

#include "modules/accounts/domain/service.h"
#include "platform/http/pipeline.h"

namespace x8::accounts {

class JwtAuthenticator final : public http::Authenticator {
 public:
  explicit JwtAuthenticator(AccountsService& service) : service_(service) {}

  // No Authorization header → nullopt (anonymous). A Bearer token that fails → kUnauthenticated.
  // Requests to /api/v1/auth/* are always anonymous: those endpoints authenticate by their own means
  // (password, code, link, refresh cookie), so a stale access token never blocks a refresh.
  Result<std::optional<http::Principal>> Authenticate(const http::Request& request) override;

  // The session behind the request's access token ("" when none): marks the current session in lists
  // and survives "sign out other sessions".
  std::string SessionId(const http::Request& request);

 private:
  AccountsService& service_;
};

}  // namespace x8::accounts
