// The accounts a request may reach, as every repository call receives it. Built from the principal by
// the same rule as accounts::AccessPolicy (design/accounts.md, "Tenancy"), but in a form a store can put
// into a WHERE clause instead of checking one account at a time.
#pragma once

#include <string>

#include "core/error.h"
#include "platform/http/message.h"

namespace x8::companies {

struct AccountScope {
  enum class Kind {
    kAccount,    // one account: a CLIENT's own (id = account id)
    kManagedBy,  // the accounts whose manager_user_id = id: a MANAGER's clients
    kEverything  // an ADMIN
  };
  Kind kind = Kind::kAccount;
  std::string id;

  static AccountScope Account(std::string account_id) { return {Kind::kAccount, std::move(account_id)}; }
  static AccountScope ManagedBy(std::string manager_user_id) {
    return {Kind::kManagedBy, std::move(manager_user_id)};
  }
  static AccountScope Everything() { return {Kind::kEverything, {}}; }

  // CLIENT → its account; MANAGER → its clients; ADMIN → everything. A CLIENT without an account or an
  // unknown role is kPermissionDenied (a broken principal, not someone else's data).
  static Result<AccountScope> ForPrincipal(const http::Principal& principal);
};

}  // namespace x8::companies
