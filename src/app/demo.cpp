#include "app/demo.h"

#include "app/demo_data.h"
#include "modules/accounts/domain/service.h"
#include "modules/companies/domain/service.h"
#include "modules/knowledge/domain/service.h"
#include "modules/scheduling/domain/service.h"

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

Result<companies::Company> SeedCompany(companies::CompanyService& companies, const http::Principal& owner,
                                       std::string_view name, std::string_view type,
                                       std::string_view timezone, std::string_view currency) {
  X8_TRY(auto listed, companies.List(owner, {.q = std::string(name)}));
  for (const auto& view : listed.items) {
    if (view.company.name == name) return view.company;
  }
  X8_TRY(auto created, companies.Create(owner, {.name = std::string(name),
                                                .type = std::string(type),
                                                .timezone = std::string(timezone),
                                                .currency = std::string(currency)}));
  return created.company;
}

// One knowledge base imported from `csv` unless the company already has one of that name (the owner
// may have edited it since; a re-run leaves it alone).
Status SeedKnowledgeBase(knowledge::KnowledgeService& knowledge, const http::Principal& owner,
                         const std::string& company_id, const std::string& name, const std::string& kind,
                         std::string_view csv, const std::string& file_name) {
  X8_TRY(auto existing, knowledge.List(owner, company_id));
  for (const auto& kb : existing) {
    if (kb.name == name) return Ok();
  }
  X8_TRY(auto kb, knowledge.Create(owner, company_id, name, kind));
  X8_TRY(auto preview, knowledge.Upload(owner, kb.id, {.content = std::string(csv), .file_name = file_name}));
  X8_TRY(auto counts, knowledge.Commit(owner, kb.id, preview.upload.id, {.mapping = {}, .mode = "replace"}));
  (void)counts;
  return Ok();
}

// Deliveries across Berlin: two windows on weekdays for every zone, a Saturday morning window for Mitte
// only; the fee depends on the zone and is waived over its "free from" amount. Left alone once saved.
Status SeedDeliveries(scheduling::SchedulingService& scheduling, const http::Principal& owner,
                      const std::string& company_id) {
  X8_TRY(auto current, scheduling.GetAvailability(owner, company_id));
  if (current.saved) return Ok();
  auto availability = scheduling::DefaultAvailability();
  const std::vector<int> weekdays{0, 1, 2, 3, 4};
  availability.delivery_windows = {
      {.days = weekdays, .hours = {10 * 60, 14 * 60}, .capacity = 4},
      {.days = weekdays, .hours = {14 * 60, 18 * 60}, .capacity = 4},
      {.days = {5}, .hours = {10 * 60, 14 * 60}, .capacity = 3, .zones = {"Mitte"}}};
  availability.delivery_zones = {{.name = "Mitte", .fee_minor = 590, .free_over_minor = 10'000},
                                 {.name = "Prenzlauer Berg", .fee_minor = 790, .free_over_minor = 15'000},
                                 {.name = "Charlottenburg", .fee_minor = 990}};
  X8_TRY(auto saved, scheduling.PutAvailability(owner, company_id, std::move(availability)));
  (void)saved;
  return Ok();
}

}  // namespace

Status SeedDemo(accounts::AccountsService& accounts, companies::CompanyService& companies,
                knowledge::KnowledgeService& knowledge, scheduling::SchedulingService& scheduling) {
  X8_TRY(auto owner, SeedOwner(accounts));
  http::Principal principal{owner.id, owner.role, owner.account_id};
  X8_TRY(auto company,
         SeedCompany(companies, principal, kDemoCompanyName, "PRODUCT", "Europe/Berlin", "EUR"));
  X8_TRY_STATUS(SeedKnowledgeBase(knowledge, principal, company.id, std::string(kDemoCatalogueName),
                                  "PRODUCT", DemoCatalogueCsv(), "flower-shop.csv"));
  X8_TRY_STATUS(SeedKnowledgeBase(knowledge, principal, company.id, std::string(kDemoFaqName), "FAQ",
                                  DemoFaqCsv(), "faq.csv"));
  X8_TRY_STATUS(SeedDeliveries(scheduling, principal, company.id));
  X8_TRY(auto salon, SeedCompany(companies, principal, kDemoSalonName, "SERVICE", "Europe/Berlin", "RUB"));
  X8_TRY_STATUS(SeedKnowledgeBase(knowledge, principal, salon.id, std::string(kDemoSalonCatalogueName),
                                  "SERVICE", DemoSalonCsv(), "beauty-salon-ru.csv"));
  return SeedAdmin(accounts);
}

}  // namespace x8::app
