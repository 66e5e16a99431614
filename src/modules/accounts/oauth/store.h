// oauth_states and oauth_identities (migration 0003_accounts) on SQLite and PostgreSQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "platform/storage/database.h"

namespace x8::accounts::oauth {

// A started sign-in, keyed by sha256 hex of the state sent to the provider.
struct PendingState {
  std::string state_hash;
  std::string provider;
  std::string code_verifier;  // PKCE; kept in clear because the token exchange needs it
  std::string nonce;
  std::string redirect_after;  // already checked by SafeRedirectPath
  int64_t expires_at = 0;
  int64_t created_at = 0;
};

class OAuthStore {
 public:
  // Inserts a state and deletes states that expired before `now` (they can never be used).
  Status InsertState(storage::Executor& ex, const PendingState& state, int64_t now);
  // Deletes and returns the state (single use, whatever happens next); nullopt when unknown or used.
  Result<std::optional<PendingState>> TakeState(storage::Executor& ex, std::string_view state_hash);

  // The user linked to the provider's subject, if any.
  Result<std::optional<std::string>> FindLinkedUser(storage::Executor& ex, std::string_view provider,
                                                    std::string_view subject);
  // Links (provider, subject) to the user unless it is linked already; returns the user it is linked to.
  Result<std::string> Link(storage::Executor& ex, std::string_view provider, std::string_view subject,
                           std::string_view user_id, std::string_view email, int64_t now);
};

}  // namespace x8::accounts::oauth
