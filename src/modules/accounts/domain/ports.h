// Ports of the accounts domain: storage (implemented in store/sql_store) and mail (the platform's
// durable mail queue in production, a recorder in tests). Every storage call takes the executor, so the
// service decides what runs in one transaction; every call on a user's data takes the user id.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "modules/accounts/domain/access.h"
#include "modules/accounts/domain/model.h"
#include "platform/mail/mailer.h"
#include "platform/storage/database.h"

namespace x8::accounts {

using storage::Executor;

class AccountsStore : public AccountDirectory {
 public:
  // ---- users ----
  virtual Status InsertUser(Executor& ex, const User& user) = 0;
  virtual Result<std::optional<User>> FindUserById(Executor& ex, std::string_view user_id) = 0;
  virtual Result<std::optional<User>> FindUserByEmail(Executor& ex, std::string_view email) = 0;
  virtual Status UpdateProfile(Executor& ex, std::string_view user_id, std::string_view name,
                               std::string_view language, bool two_factor_enabled, int64_t now) = 0;
  // An empty hash removes the password (the user signs in by link or provider until setting one).
  virtual Status SetPasswordHash(Executor& ex, std::string_view user_id, std::string_view hash,
                                 int64_t now) = 0;
  virtual Status MarkEmailVerified(Executor& ex, std::string_view user_id, int64_t now) = 0;
  virtual Status SetLoginFailures(Executor& ex, std::string_view user_id, int64_t failed_logins,
                                  std::optional<int64_t> locked_until, int64_t now) = 0;
  virtual Status SetRole(Executor& ex, std::string_view user_id, std::string_view role,
                         std::string_view account_id, int64_t now) = 0;
  virtual Result<std::vector<User>> ListUsersByRole(Executor& ex, std::string_view role, int limit) = 0;

  // ---- accounts ----
  virtual Status InsertAccount(Executor& ex, const Account& account) = 0;
  virtual Result<std::optional<Account>> FindAccount(Executor& ex, std::string_view account_id) = 0;
  // Sets (or clears, with "") the account's manager; false when the account does not exist.
  virtual Result<bool> SetManager(Executor& ex, std::string_view account_id,
                                  std::string_view manager_user_id) = 0;
  // Every client account with its owner; `query` filters by email/name/account id substring ("" none).
  virtual Result<std::vector<ClientSummary>> ListClients(Executor& ex, std::string_view query, int limit) = 0;
  virtual Result<std::vector<ClientSummary>> ListClientsOfManager(Executor& ex,
                                                                  std::string_view manager_user_id) = 0;
  virtual Result<std::optional<ClientSummary>> FindClientOfManager(Executor& ex,
                                                                   std::string_view manager_user_id,
                                                                   std::string_view account_id) = 0;
  virtual Result<std::optional<ClientSummary>> FindClient(Executor& ex, std::string_view account_id) = 0;

  // ---- sessions and refresh tokens ----
  virtual Status InsertSession(Executor& ex, const Session& session) = 0;
  virtual Result<std::optional<Session>> FindSession(Executor& ex, std::string_view user_id,
                                                     std::string_view session_id) = 0;
  // Session + its user's current role and account, by session id alone (the authenticator's check).
  virtual Result<std::optional<SessionState>> FindSessionState(Executor& ex, std::string_view session_id) = 0;
  virtual Status TouchSession(Executor& ex, std::string_view user_id, std::string_view session_id,
                              int64_t now, int64_t expires_at) = 0;
  // Revokes one of the user's sessions; false when it is not the user's or already revoked.
  virtual Result<bool> RevokeSession(Executor& ex, std::string_view user_id, std::string_view session_id,
                                     int64_t now) = 0;
  // Revokes every live session of the user except `keep_session_id` ("" keeps none); returns how many.
  virtual Result<int64_t> RevokeSessionsOfUser(Executor& ex, std::string_view user_id,
                                               std::string_view keep_session_id, int64_t now) = 0;
  // Live (not revoked, not expired) sessions of the user, newest first.
  virtual Result<std::vector<Session>> ListLiveSessions(Executor& ex, std::string_view user_id,
                                                        int64_t now) = 0;
  virtual Status InsertRefreshToken(Executor& ex, const RefreshToken& token) = 0;
  virtual Result<std::optional<RefreshToken>> FindRefreshToken(Executor& ex, std::string_view token_hash) = 0;
  // Compare-and-set used_at; false when it was already used (a concurrent or replayed refresh).
  virtual Result<bool> MarkRefreshTokenUsed(Executor& ex, std::string_view token_hash, int64_t now) = 0;

  // ---- one-time tokens and login challenges ----
  virtual Status InsertOneTimeToken(Executor& ex, const OneTimeToken& token) = 0;
  // Marks a live token of `kind` used and returns it; nullopt when unknown, used, expired or of another kind.
  virtual Result<std::optional<OneTimeToken>> ConsumeOneTimeToken(Executor& ex, std::string_view token_hash,
                                                                  std::string_view kind, int64_t now) = 0;
  virtual Status InsertChallenge(Executor& ex, const LoginChallenge& challenge) = 0;
  virtual Result<std::optional<LoginChallenge>> FindChallenge(Executor& ex,
                                                              std::string_view challenge_id) = 0;
  virtual Status AddChallengeAttempt(Executor& ex, std::string_view user_id,
                                     std::string_view challenge_id) = 0;
  // Compare-and-set used_at; false when already used.
  virtual Result<bool> MarkChallengeUsed(Executor& ex, std::string_view user_id,
                                         std::string_view challenge_id, int64_t now) = 0;
};

// Sends mail durably as part of the caller's transaction (the mail exists iff the transaction commits).
class MailSink {
 public:
  virtual ~MailSink() = default;
  virtual Status Send(Executor& tx, const mail::Message& message) = 0;
};

}  // namespace x8::accounts
