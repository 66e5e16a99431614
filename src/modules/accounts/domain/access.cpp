#include "modules/accounts/domain/access.h"

#include "core/ids.h"

namespace x8::accounts {

namespace {
Error AccountNotFound() { return NotFound("account not found"); }
}  // namespace

Status AccessPolicy::CanAccess(const http::Principal& principal, std::string_view account_id) const {
  if (account_id.empty() || !IsValidId(account_id, "acc")) return AccountNotFound();
  if (principal.role == kRoleClient) {
    if (!principal.tenant_id.empty() && principal.tenant_id == account_id) return Ok();
    return AccountNotFound();
  }
  if (principal.role == kRoleAdmin) {
    X8_TRY(auto manager, accounts_.ManagerOf(account_id));
    if (!manager) return AccountNotFound();
    return Ok();
  }
  if (principal.role == kRoleManager) {
    X8_TRY(auto manager, accounts_.ManagerOf(account_id));
    if (!manager || manager->empty() || *manager != principal.user_id) return AccountNotFound();
    return Ok();
  }
  return AccountNotFound();
}

}  // namespace x8::accounts
