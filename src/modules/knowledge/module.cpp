#include "modules/knowledge/module.h"

#include "modules/companies/domain/service.h"
#include "modules/knowledge/api/routes.h"
#include "modules/knowledge/store/sql_knowledge_repository.h"
#include "platform/http/router.h"
#include "platform/storage/database.h"

namespace x8::knowledge {
namespace {

// CompanyDirectory over the companies module's scoped lookup (deleted and foreign companies: kNotFound).
class CompaniesModuleDirectory final : public CompanyDirectory {
 public:
  explicit CompaniesModuleDirectory(std::shared_ptr<companies::CompanyService> companies)
      : companies_(std::move(companies)) {}

  Result<CompanyRef> Find(const http::Principal& principal, std::string_view company_id) override {
    X8_TRY(auto view, companies_->Get(principal, company_id));
    return CompanyRef{
        .id = view.company.id, .account_id = view.company.account_id, .currency = view.company.currency};
  }

 private:
  std::shared_ptr<companies::CompanyService> companies_;
};

}  // namespace

Registered Register(const Dependencies& deps) {
  struct State {
    State(const Dependencies& deps)
        : repository(deps.db, deps.clock, deps.media),
          directory(deps.companies),
          service(repository, directory, deps.access, deps.max_upload_bytes) {}
    SqlKnowledgeRepository repository;
    CompaniesModuleDirectory directory;
    KnowledgeService service;
  };
  auto state = std::make_shared<State>(deps);
  auto service = std::shared_ptr<KnowledgeService>(state, &state->service);
  AddRoutes(deps.router, service, deps.max_upload_bytes);
  return {.service = service};
}

}  // namespace x8::knowledge
