#include "modules/accounts/store/cleanup.h"

#include <array>

namespace x8::accounts {

namespace {

using storage::Value;

// Every statement takes (cutoff, batch) and deletes at most `batch` rows chosen through an index of
// migration 0014_accounts_cleanup. Refresh tokens go before their sessions (foreign key), and a session
// goes only once none of its tokens is left.
constexpr std::string_view kDeleteExpiredRefreshTokens =
    "DELETE FROM refresh_tokens WHERE token_hash IN "
    "(SELECT token_hash FROM refresh_tokens WHERE expires_at < ? LIMIT ?)";
constexpr std::string_view kDeleteRefreshTokensOfRevokedSessions =
    "DELETE FROM refresh_tokens WHERE token_hash IN "
    "(SELECT r.token_hash FROM sessions s JOIN refresh_tokens r ON r.session_id = s.id "
    "WHERE s.revoked_at < ? LIMIT ?)";
constexpr std::string_view kDeleteExpiredSessions =
    "DELETE FROM sessions WHERE id IN (SELECT s.id FROM sessions s WHERE s.expires_at < ? "
    "AND NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.session_id = s.id) LIMIT ?)";
constexpr std::string_view kDeleteRevokedSessions =
    "DELETE FROM sessions WHERE id IN (SELECT s.id FROM sessions s WHERE s.revoked_at < ? "
    "AND NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.session_id = s.id) LIMIT ?)";
constexpr std::string_view kDeleteExpiredOneTimeTokens =
    "DELETE FROM one_time_tokens WHERE token_hash IN "
    "(SELECT token_hash FROM one_time_tokens WHERE expires_at < ? LIMIT ?)";
constexpr std::string_view kDeleteUsedOneTimeTokens =
    "DELETE FROM one_time_tokens WHERE token_hash IN "
    "(SELECT token_hash FROM one_time_tokens WHERE used_at < ? LIMIT ?)";
constexpr std::string_view kDeleteExpiredChallenges =
    "DELETE FROM login_challenges WHERE id IN (SELECT id FROM login_challenges WHERE expires_at < ? LIMIT ?)";
constexpr std::string_view kDeleteUsedChallenges =
    "DELETE FROM login_challenges WHERE id IN (SELECT id FROM login_challenges WHERE used_at < ? LIMIT ?)";
constexpr std::string_view kDeleteExpiredOAuthStates =
    "DELETE FROM oauth_states WHERE state_hash IN "
    "(SELECT state_hash FROM oauth_states WHERE expires_at < ? LIMIT ?)";

struct Step {
  std::string_view sql;
  int64_t cutoff;
  int64_t CleanupCounts::*count;
};

}  // namespace

Result<CleanupCounts> CleanUpAccounts(storage::Database& db, int64_t now_ms, const CleanupOptions& options) {
  if (options.batch < 1 || options.max_batches < 1 || options.grace_ms < 0) {
    return Error{ErrorCode::kInvalidArgument, "cleanup needs batch >= 1, max_batches >= 1 and grace_ms >= 0"};
  }
  const int64_t cutoff = now_ms - options.grace_ms;
  const std::array steps = {
      Step{kDeleteExpiredRefreshTokens, cutoff, &CleanupCounts::refresh_tokens},
      Step{kDeleteRefreshTokensOfRevokedSessions, cutoff, &CleanupCounts::refresh_tokens},
      Step{kDeleteExpiredSessions, cutoff, &CleanupCounts::sessions},
      Step{kDeleteRevokedSessions, cutoff, &CleanupCounts::sessions},
      Step{kDeleteExpiredOneTimeTokens, cutoff, &CleanupCounts::one_time_tokens},
      Step{kDeleteUsedOneTimeTokens, cutoff, &CleanupCounts::one_time_tokens},
      Step{kDeleteExpiredChallenges, cutoff, &CleanupCounts::login_challenges},
      Step{kDeleteUsedChallenges, cutoff, &CleanupCounts::login_challenges},
      Step{kDeleteExpiredOAuthStates, now_ms, &CleanupCounts::oauth_states},
  };
  CleanupCounts counts;
  for (const Step& step : steps) {
    for (int64_t run = 1;; ++run) {
      // One statement in autocommit: its own short transaction.
      X8_TRY(auto deleted, db.Exec(step.sql, {Value(step.cutoff), Value(options.batch)}));
      counts.*step.count += deleted;
      if (deleted < options.batch) break;
      if (run == options.max_batches) {
        counts.backlog = true;
        break;
      }
    }
  }
  return counts;
}

}  // namespace x8::accounts
