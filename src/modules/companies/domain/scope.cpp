#include "modules/companies/domain/scope.h"

#include "modules/accounts/domain/access.h"

namespace x8::companies {

Result<AccountScope> AccountScope::ForPrincipal(const http::Principal& principal) {
  if (principal.role == accounts::kRoleAdmin) return Everything();
  if (principal.role == accounts::kRoleManager && !principal.user_id.empty()) {
    return ManagedBy(principal.user_id);
  }
  if (principal.role == accounts::kRoleClient && !principal.tenant_id.empty()) {
    return Account(principal.tenant_id);
  }
  return Error{ErrorCode::kPermissionDenied, "this sign-in has no access to companies"};
}

}  // namespace x8::companies
