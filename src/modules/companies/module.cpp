#include "modules/companies/module.h"

#include <memory>

#include "modules/companies/api/routes.h"
#include "modules/companies/domain/service.h"
#include "modules/companies/store/sql_company_repository.h"
#include "platform/http/router.h"
#include "platform/storage/database.h"

namespace x8::companies {

Registered Register(const Dependencies& deps) {
  // Everything behind the routes, owned by the handlers (through aliasing shared_ptrs to its parts).
  struct State {
    State(storage::Database& db, const Clock& clock, const accounts::AccessPolicy& access,
          CompanyStatsSource* external_stats)
        : repository(db, clock),
          platform_stats(db),
          stats(external_stats != nullptr ? *external_stats : no_conversations),
          service(repository, stats, access) {}
    SqlCompanyRepository repository;
    SqlPlatformStats platform_stats;
    NoConversationsStats no_conversations;
    CompanyStatsSource& stats;
    CompanyService service;
  };
  auto state = std::make_shared<State>(deps.db, deps.clock, deps.access, deps.stats);
  AddRoutes(deps.router, std::shared_ptr<CompanyService>(state, &state->service),
            std::shared_ptr<PlatformStatsReader>(state, &state->platform_stats), deps.clock);
  return {.account_figures =
              [state](const std::string& account_id) { return state->service.FiguresOf(account_id); },
          .service = std::shared_ptr<CompanyService>(state, &state->service)};
}

}  // namespace x8::companies
