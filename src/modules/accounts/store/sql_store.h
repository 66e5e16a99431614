// The accounts ports on SQL: one set of portable statements for SQLite and PostgreSQL.
#pragma once

#include "modules/accounts/domain/ports.h"

namespace x8::accounts {

class SqlAccountsStore final : public AccountsStore {
 public:
  // `db` serves ManagerOf (the access policy's lookup, outside any transaction).
  explicit SqlAccountsStore(storage::Database& db) : db_(db) {}

  Result<std::optional<std::string>> ManagerOf(std::string_view account_id) override;

  Status InsertUser(Executor& ex, const User& user) override;
  Result<std::optional<User>> FindUserById(Executor& ex, std::string_view user_id) override;
  Result<std::optional<User>> FindUserByEmail(Executor& ex, std::string_view email) override;
  Status UpdateProfile(Executor& ex, std::string_view user_id, std::string_view name,
                       std::string_view language, bool two_factor_enabled, int64_t now) override;
  Status SetPasswordHash(Executor& ex, std::string_view user_id, std::string_view hash, int64_t now) override;
  Status MarkEmailVerified(Executor& ex, std::string_view user_id, int64_t now) override;
  Status SetLoginFailures(Executor& ex, std::string_view user_id, int64_t failed_logins,
                          std::optional<int64_t> locked_until, int64_t now) override;
  Status SetRole(Executor& ex, std::string_view user_id, std::string_view role, std::string_view account_id,
                 int64_t now) override;
  Result<std::vector<User>> ListUsersByRole(Executor& ex, std::string_view role, int limit) override;

  Status InsertAccount(Executor& ex, const Account& account) override;
  Result<std::optional<Account>> FindAccount(Executor& ex, std::string_view account_id) override;
  Result<bool> SetManager(Executor& ex, std::string_view account_id,
                          std::string_view manager_user_id) override;
  Result<std::vector<ClientSummary>> ListClients(Executor& ex, std::string_view query, int limit) override;
  Result<std::vector<ClientSummary>> ListClientsOfManager(Executor& ex,
                                                          std::string_view manager_user_id) override;
  Result<std::optional<ClientSummary>> FindClientOfManager(Executor& ex, std::string_view manager_user_id,
                                                           std::string_view account_id) override;
  Result<std::optional<ClientSummary>> FindClient(Executor& ex, std::string_view account_id) override;

  Status InsertSession(Executor& ex, const Session& session) override;
  Result<std::optional<Session>> FindSession(Executor& ex, std::string_view user_id,
                                             std::string_view session_id) override;
  Result<std::optional<SessionState>> FindSessionState(Executor& ex, std::string_view session_id) override;
  Status TouchSession(Executor& ex, std::string_view user_id, std::string_view session_id, int64_t now,
                      int64_t expires_at) override;
  Result<bool> RevokeSession(Executor& ex, std::string_view user_id, std::string_view session_id,
                             int64_t now) override;
  Result<int64_t> RevokeSessionsOfUser(Executor& ex, std::string_view user_id,
                                       std::string_view keep_session_id, int64_t now) override;
  Result<std::vector<Session>> ListLiveSessions(Executor& ex, std::string_view user_id, int64_t now) override;
  Status InsertRefreshToken(Executor& ex, const RefreshToken& token) override;
  Result<std::optional<RefreshToken>> FindRefreshToken(Executor& ex, std::string_view token_hash) override;
  Result<bool> MarkRefreshTokenUsed(Executor& ex, std::string_view token_hash, int64_t now) override;

  Status InsertOneTimeToken(Executor& ex, const OneTimeToken& token) override;
  Result<std::optional<OneTimeToken>> ConsumeOneTimeToken(Executor& ex, std::string_view token_hash,
                                                          std::string_view kind, int64_t now) override;
  Status InsertChallenge(Executor& ex, const LoginChallenge& challenge) override;
  Result<std::optional<LoginChallenge>> FindChallenge(Executor& ex, std::string_view challenge_id) override;
  Status AddChallengeAttempt(Executor& ex, std::string_view user_id, std::string_view challenge_id) override;
  Result<bool> MarkChallengeUsed(Executor& ex, std::string_view user_id, std::string_view challenge_id,
                                 int64_t now) override;

 private:
  storage::Database& db_;
};

}  // namespace x8::accounts
