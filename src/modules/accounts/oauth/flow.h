// The sign-in flow around a Provider: Start stores a single-use state (hashed) with the PKCE verifier,
// nonce and a safe return path and builds the provider URL; Complete takes the state back, exchanges
// the code, finds or creates and links the user and starts a session. Every failure carries the
// oauth_error code the browser is sent back with.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "modules/accounts/domain/service.h"
#include "modules/accounts/oauth/oauth.h"
#include "modules/accounts/oauth/store.h"
#include "platform/storage/database.h"

namespace x8::accounts::oauth {

inline constexpr int64_t kStateTtlS = 600;

struct StartOutcome {
  std::string location;  // the provider's authorization URL
  std::string state;     // also set as the browser-binding cookie
};

struct CallbackInput {
  std::string code;
  std::string state;
  std::string error;        // ?error= from the provider ("" when none)
  std::string bound_state;  // the state cookie the browser carried ("" when none)
  std::string language;     // for a new user, from Accept-Language
  ClientInfo client;
};

struct CallbackOutcome {
  SessionTokens tokens;
  std::string redirect_after;
};

class OAuthFlow {
 public:
  // `public_url` makes the redirect URIs: {public_url}/api/v1/auth/oauth/{provider}/callback.
  OAuthFlow(storage::Database& db, AccountsService& accounts, const Clock& clock, std::string public_url);

  void AddProvider(std::unique_ptr<Provider> provider);
  Provider* FindProvider(std::string_view name) const;

  std::string RedirectUri(std::string_view provider) const;
  Result<StartOutcome> Start(std::string_view provider, std::string_view requested_redirect);
  Result<CallbackOutcome> Complete(std::string_view provider, const CallbackInput& input);

 private:
  Result<User> UserFor(const ProviderIdentity& identity, std::string_view language);

  storage::Database& db_;
  AccountsService& accounts_;
  const Clock& clock_;
  std::string public_url_;  // without a trailing slash
  OAuthStore store_;
  std::map<std::string, std::unique_ptr<Provider>, std::less<>> providers_;
};

}  // namespace x8::accounts::oauth
