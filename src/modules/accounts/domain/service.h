// The accounts use cases: registration, email verification, login (password + emailed code), magic
// links, password reset/change, sessions with rotating refresh tokens, profile, and the admin/manager
// directory. Plain synchronous calls on the worker pool; errors are values (see docs/design/accounts.md
// for the answers each one gives).
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "modules/accounts/domain/model.h"
#include "modules/accounts/domain/ports.h"
#include "modules/accounts/domain/rate_limiter.h"
#include "platform/config/config.h"
#include "platform/http/message.h"

namespace x8::accounts {

struct AuthSettings {
  config::AuthConfig auth;
  std::string public_url = "http://localhost:8080";  // links in mail: {public_url}/verify-email?token=…
  std::string jwt_key;                               // raw HMAC key, DeriveKey(master, "x8/jwt/v1")
};

// Where a request comes from: recorded on sessions, keys the per-IP limit.
struct ClientInfo {
  std::string ip;
  std::string user_agent;
};

// A freshly started or refreshed session: the API turns it into a body and a refresh cookie.
struct SessionTokens {
  std::string access_token;
  int64_t expires_in = 0;  // seconds
  std::string refresh_token;
  int64_t refresh_max_age_s = 0;
  std::string session_id;
  User user;
};

struct LoginOutcome {
  bool two_factor_required = false;
  std::string challenge_id;             // when two_factor_required
  std::optional<SessionTokens> tokens;  // when not
};

struct RegisterInput {
  std::string email;
  std::string password;
  std::string name;
  std::string language = "en";
};

struct ProfilePatch {
  std::optional<std::string> name;
  std::optional<std::string> language;
  std::optional<bool> two_factor_enabled;
};

// GET /me: the user with its account and manager (CLIENT), or just the user.
struct Profile {
  User user;
  std::optional<Account> account;
  std::optional<User> manager;
};

// Verified access-token claims joined with the session's live state.
struct AccessClaims {
  http::Principal principal;
  std::string session_id;
};

// Normalises an email (trim, lower-case ASCII) and checks its shape; kInvalidArgument field=email.
Result<std::string> NormalizeEmail(std::string_view email);
// 10–128 characters (counted as UTF-8 code points); kInvalidArgument with details.field = `field`.
Status ValidatePassword(std::string_view password, std::string_view field = "password");
std::string HashToken(std::string_view token);  // sha256 hex

class AccountsService {
 public:
  AccountsService(storage::Database& db, AccountsStore& store, MailSink& mail, const Clock& clock,
                  RateLimiter& limiter, AuthSettings settings);

  // ---- public auth ----
  Result<User> Register(const RegisterInput& input, const ClientInfo& client);
  Result<User> VerifyEmail(std::string_view token);
  Status ResendVerification(std::string_view email);
  Result<LoginOutcome> Login(std::string_view email, std::string_view password, const ClientInfo& client);
  Result<SessionTokens> VerifyLoginCode(std::string_view challenge_id, std::string_view code,
                                        const ClientInfo& client);
  Status RequestMagicLink(std::string_view email);
  Result<SessionTokens> ConsumeMagicLink(std::string_view token, const ClientInfo& client);
  Status ForgotPassword(std::string_view email);
  Status ResetPassword(std::string_view token, std::string_view new_password);
  Result<SessionTokens> Refresh(std::string_view refresh_token, const ClientInfo& client);
  Status Logout(std::string_view refresh_token);

  // ---- OAuth seams (used by the OAuth flow: the provider has verified the email) ----
  // Finds the user with this email (marking it verified) or creates a CLIENT with a trial account.
  Result<User> FindOrCreateVerifiedUser(std::string_view email, std::string_view name,
                                        std::string_view language);
  // Starts a session for an already authenticated user (no 2FA: the provider did the second factor).
  Result<SessionTokens> StartSession(const User& user, const ClientInfo& client);

  // ---- signed in ----
  // Verifies a Bearer token and that its session is live (cached for a few seconds per node).
  Result<AccessClaims> Authenticate(std::string_view bearer_token);
  Result<Profile> GetProfile(std::string_view user_id);
  Result<User> UpdateProfile(std::string_view user_id, const ProfilePatch& patch);
  // Revokes every other session of the user.
  Status ChangePassword(std::string_view user_id, std::string_view current_session_id,
                        std::string_view current_password, std::string_view new_password);
  Result<std::vector<Session>> ListSessions(std::string_view user_id);
  Status RevokeSession(std::string_view user_id, std::string_view session_id);

  // ---- admin and manager areas ----
  Result<std::vector<User>> ListManagers();
  // Creates a MANAGER (email verified by the invitation) and mails a password-set link.
  Result<User> CreateManager(std::string_view email, std::string_view name, std::string_view language);
  Result<std::vector<ClientSummary>> ListClients(std::string_view query);
  // "" unassigns. kNotFound for an unknown account; kFailedPrecondition (422) when the id is not a MANAGER.
  Result<ClientSummary> AssignManager(std::string_view account_id, std::string_view manager_user_id);
  Result<std::vector<ClientSummary>> ListClientsOfManager(std::string_view manager_user_id);
  Result<ClientSummary> GetClientOfManager(std::string_view manager_user_id, std::string_view account_id);
  Result<std::optional<User>> FindUser(std::string_view user_id);
  Result<std::optional<User>> FindUserByEmail(std::string_view email);
  // `x8 create-admin`: creates or promotes an ADMIN (email verified) and returns a one-time
  // password-set link.
  Result<std::string> CreateOrPromoteAdmin(std::string_view email, std::string_view name);

  const AuthSettings& settings() const { return settings_; }

 private:
  struct IssuedToken {
    std::string token;  // goes into the link
    std::string link;
  };
  Result<IssuedToken> IssueOneTimeToken(Executor& tx, const User& user, std::string_view kind, int64_t ttl_s,
                                        std::string_view path);
  Status MailLink(Executor& tx, const User& user, std::string_view template_name, const IssuedToken& token,
                  int64_t ttl_s);
  Result<SessionTokens> StartSessionIn(Executor& tx, const User& user, const ClientInfo& client);
  Status ClaimForMailboxOwner(Executor& tx, const User& user, int64_t now);
  // A CLIENT with its TRIAL account (channel_limit 1, trial_ends_at = now + auth.trial_days).
  Result<User> InsertClient(Executor& tx, std::string_view email, std::string_view name,
                            std::string_view language, std::optional<std::string> password_hash,
                            std::optional<int64_t> verified_at);
  Result<SessionTokens> IssueTokens(Executor& tx, const User& user, const std::string& session_id);
  std::string SignAccessToken(const User& user, std::string_view session_id, int64_t now_ms) const;
  Status CheckEmailLimit(std::string_view email);
  void ForgetSessions(std::string_view user_id);
  int64_t Now() const { return clock_.NowMillis(); }

  storage::Database& db_;
  AccountsStore& store_;
  MailSink& mail_;
  const Clock& clock_;
  RateLimiter& limiter_;
  AuthSettings settings_;

  // Authenticator cache: session id → (user id, role, account, checked at). Entries live a few seconds;
  // revocations on this node drop them at once.
  struct CachedSession {
    SessionState state;
    int64_t checked_at = 0;
  };
  std::mutex cache_mu_;
  std::unordered_map<std::string, CachedSession> session_cache_;
};

// JSON views shared by the API and the tests.
boost::json::object UserJson(const User& user);
boost::json::object AccountJson(const Account& account);

}  // namespace x8::accounts
