#include "modules/accounts/oauth/store.h"

namespace x8::accounts::oauth {

namespace {

using storage::Value;

constexpr std::string_view kInsertState =
    "INSERT INTO oauth_states (state_hash, provider, code_verifier, nonce, redirect_after, expires_at, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kDeleteExpiredStates = "DELETE FROM oauth_states WHERE expires_at < ?";
constexpr std::string_view kTakeState =
    "DELETE FROM oauth_states WHERE state_hash = ? "
    "RETURNING state_hash, provider, code_verifier, nonce, redirect_after, expires_at, created_at";
constexpr std::string_view kFindLinkedUser =
    "SELECT user_id FROM oauth_identities WHERE provider = ? AND subject = ?";
constexpr std::string_view kLink =
    "INSERT INTO oauth_identities (provider, subject, user_id, email, created_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (provider, subject) DO NOTHING";

Value Text(std::string_view s) { return Value(std::string(s)); }

}  // namespace

Status OAuthStore::InsertState(storage::Executor& ex, const PendingState& state, int64_t now) {
  X8_TRY_STATUS(ex.Exec(kDeleteExpiredStates, {Value(now)}));
  X8_TRY_STATUS(
      ex.Exec(kInsertState,
              {Text(state.state_hash), Text(state.provider), Text(state.code_verifier), Text(state.nonce),
               Text(state.redirect_after), Value(state.expires_at), Value(state.created_at)}));
  return Ok();
}

Result<std::optional<PendingState>> OAuthStore::TakeState(storage::Executor& ex,
                                                          std::string_view state_hash) {
  X8_TRY(auto rows, ex.Query(kTakeState, {Text(state_hash)}));
  if (rows.empty()) return std::optional<PendingState>();
  const auto& r = rows[0];
  return std::optional<PendingState>(PendingState{.state_hash = r.Text("state_hash"),
                                                  .provider = r.Text("provider"),
                                                  .code_verifier = r.Text("code_verifier"),
                                                  .nonce = r.Text("nonce"),
                                                  .redirect_after = r.Text("redirect_after"),
                                                  .expires_at = r.Int("expires_at"),
                                                  .created_at = r.Int("created_at")});
}

Result<std::optional<std::string>> OAuthStore::FindLinkedUser(storage::Executor& ex,
                                                              std::string_view provider,
                                                              std::string_view subject) {
  X8_TRY(auto rows, ex.Query(kFindLinkedUser, {Text(provider), Text(subject)}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0].Text("user_id"));
}

Result<std::string> OAuthStore::Link(storage::Executor& ex, std::string_view provider,
                                     std::string_view subject, std::string_view user_id,
                                     std::string_view email, int64_t now) {
  X8_TRY_STATUS(ex.Exec(kLink, {Text(provider), Text(subject), Text(user_id),
                                email.empty() ? Value(nullptr) : Text(email), Value(now)}));
  X8_TRY(auto linked, FindLinkedUser(ex, provider, subject));
  if (!linked) return Internal("the OAuth identity vanished right after it was linked");
  return std::move(*linked);
}

}  // namespace x8::accounts::oauth
