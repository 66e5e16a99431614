#include "app/demo.h"

#include "modules/accounts/domain/service.h"
#include "modules/companies/domain/service.h"

namespace x8::app {
namespace {

// Demo users sign in with a password only: their mail goes to the dev outbox, which only an admin
// can read, so a code step would lock a newcomer out.
Status WithoutCodeStep(accounts::AccountsService& accounts, const std::string& user_id) {
  X8_TRY(auto updated, accounts.UpdateProfile(user_id, {.two_factor_enabled = false}));
  (void)updated;
  return Ok();
}

Result<accounts::User> SeedOwner(accounts::AccountsService& accounts) {
  X8_TRY(auto owner, accounts.FindOrCreateVerifiedUser(kDemoOwnerEmail, "Demo Florist", "en"));
  if (!owner.password_hash) {
    X8_TRY_STATUS(accounts.ChangePassword(owner.id, "", "", kDemoOwnerPassword));
  }
  X8_TRY_STATUS(WithoutCodeStep(accounts, owner.id));
  return owner;
}

Status SeedAdmin(accounts::AccountsService& accounts) {
  X8_TRY(auto existing, accounts.FindUserByEmail(kDemoAdminEmail));
  if (!existing || existing->role != "ADMIN" || !existing->password_hash) {
    X8_TRY(auto link, accounts.CreateOrPromoteAdmin(kDemoAdminEmail, "Demo Admin"));
    auto at = link.find("token=");
    if (at == std::string::npos) return Internal("password-set link without a token");
    X8_TRY_STATUS(accounts.ResetPassword(link.substr(at + 6), kDemoAdminPassword));
    X8_TRY(existing, accounts.FindUserByEmail(kDemoAdminEmail));
    if (!existing) return Internal("the demo admin was not created");
  }
  return WithoutCodeStep(accounts, existing->id);
}

Status SeedCompany(companies::CompanyService& companies, const accounts::User& owner) {
  http::Principal principal{owner.id, owner.role, owner.account_id};
  X8_TRY(auto listed, companies.List(principal, {.q = std::string(kDemoCompanyName)}));
  if (!listed.items.empty()) return Ok();
  X8_TRY(auto created, companies.Create(principal, {.name = std::string(kDemoCompanyName),
                                                    .type = "PRODUCT",
                                                    .timezone = "Europe/Berlin",
                                                    .currency = "EUR"}));
  (void)created;
  return Ok();
}

}  // namespace

Status SeedDemo(accounts::AccountsService& accounts, companies::CompanyService& companies) {
  X8_TRY(auto owner, SeedOwner(accounts));
  X8_TRY_STATUS(SeedCompany(companies, owner));
  return SeedAdmin(accounts);
}

}  // namespace x8::app
