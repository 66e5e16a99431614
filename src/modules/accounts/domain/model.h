// Accounts entities, as stored (migration 0003_accounts). Times are unix milliseconds UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace x8::accounts {

struct User {
  std::string id;  // usr_…
  std::string email;
  std::optional<int64_t> email_verified_at;
  std::optional<std::string> password_hash;  // argon2id; nullopt: no password yet
  std::string name;
  std::string role;        // CLIENT | MANAGER | ADMIN
  std::string account_id;  // CLIENT only; "" otherwise
  bool two_factor_enabled = true;
  std::string language = "en";
  int64_t failed_logins = 0;
  std::optional<int64_t> locked_until;
  int64_t created_at = 0;
  int64_t updated_at = 0;

  bool email_verified() const { return email_verified_at.has_value(); }
};

struct Account {
  std::string id;  // acc_…
  std::string owner_user_id;
  std::string manager_user_id;  // "" when none
  std::string plan = "TRIAL";
  int64_t channel_limit = 1;
  std::optional<int64_t> trial_ends_at;
  int64_t created_at = 0;
};

struct Session {
  std::string id;  // ses_…
  std::string user_id;
  int64_t created_at = 0;
  int64_t last_used_at = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> revoked_at;
  std::string user_agent;
  std::string ip;
};

struct RefreshToken {
  std::string token_hash;  // sha256 hex
  std::string session_id;
  std::optional<int64_t> used_at;
  int64_t expires_at = 0;
  int64_t created_at = 0;
};

inline constexpr std::string_view kTokenVerifyEmail = "verify_email";
inline constexpr std::string_view kTokenMagicLink = "magic_link";
inline constexpr std::string_view kTokenPasswordReset = "password_reset";

struct OneTimeToken {
  std::string token_hash;
  std::string kind;  // verify_email | magic_link | password_reset
  std::string user_id;
  int64_t expires_at = 0;
  std::optional<int64_t> used_at;
  int64_t created_at = 0;
};

struct LoginChallenge {
  std::string id;  // lch_…
  std::string user_id;
  std::string code_hash;  // sha256 hex of (id + code)
  int64_t attempts = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> used_at;
  int64_t created_at = 0;
};

// An account with its owner, for the admin and manager areas.
struct ClientSummary {
  Account account;
  User owner;
};

// What the authenticator needs to know about a session on every request.
struct SessionState {
  std::string user_id;
  std::string role;
  std::string account_id;
  std::optional<int64_t> revoked_at;
  int64_t expires_at = 0;
};

}  // namespace x8::accounts
