// Who may touch which account (tenant). The one rule every module applies before reading or writing a
// tenant's data:
//   ADMIN   → every account;
//   MANAGER → accounts whose manager_user_id is the manager's user id;
//   CLIENT  → only its own account (principal.tenant_id).
// Anything else answers kNotFound — never kPermissionDenied — so foreign ids reveal nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "platform/http/message.h"

namespace x8::accounts {

inline constexpr std::string_view kRoleClient = "CLIENT";
inline constexpr std::string_view kRoleManager = "MANAGER";
inline constexpr std::string_view kRoleAdmin = "ADMIN";

// Port: the account facts the policy needs. Implemented by store/account_repository (SQL) and by fakes
// in tests.
class AccountDirectory {
 public:
  virtual ~AccountDirectory() = default;
  // The manager assigned to the account: nullopt when the account does not exist, "" when it exists
  // without a manager.
  virtual Result<std::optional<std::string>> ManagerOf(std::string_view account_id) = 0;
};

class AccessPolicy {
 public:
  explicit AccessPolicy(AccountDirectory& accounts) : accounts_(accounts) {}

  // Ok when `principal` may act on `account_id`; kNotFound otherwise (also for unknown or malformed
  // ids); kUnavailable/kInternal only when the lookup itself fails.
  Status CanAccess(const http::Principal& principal, std::string_view account_id) const;

 private:
  AccountDirectory& accounts_;
};

}  // namespace x8::accounts
