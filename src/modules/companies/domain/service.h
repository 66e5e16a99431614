// Company use cases: who may create, read, change and delete which company, with every input
// validated. Inputs arrive as the caller sent them (strings); errors name the field.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "modules/accounts/domain/access.h"
#include "modules/companies/domain/company.h"
#include "modules/companies/domain/ports.h"
#include "platform/http/message.h"

namespace x8::companies {

struct CompanyView {
  Company company;
  CompanyStats stats;
};

// What other modules show about one account's companies (the manager area's client list).
struct AccountFigures {
  int64_t companies = 0;
  CompanyStats stats;  // summed over the account's companies
};

struct CompanyListView {
  std::vector<CompanyView> items;
  std::optional<std::string> next_cursor;
};

struct CreateCompanyInput {
  std::optional<std::string> name;
  std::optional<std::string> type;
  std::optional<std::string> timezone;    // default UTC
  std::optional<std::string> currency;    // default EUR
  std::optional<std::string> account_id;  // required for MANAGER and ADMIN; a CLIENT's own if given
};

struct UpdateCompanyInput {
  std::optional<std::string> name;
  std::optional<std::string> type;
  std::optional<std::string> status;
  std::optional<std::string> timezone;
  std::optional<std::string> currency;
};

struct ListCompaniesInput {
  std::optional<std::string> q;
  std::optional<std::string> status;
  std::optional<std::string> account_id;
  std::optional<std::string> cursor;
  std::optional<std::string> limit;
};

inline constexpr size_t kMaxQueryChars = 120;

class CompanyService {
 public:
  CompanyService(CompanyRepository& repository, CompanyStatsSource& stats,
                 const accounts::AccessPolicy& access)
      : repository_(repository), stats_(stats), access_(access) {}

  // A CLIENT creates in its own account; a MANAGER or ADMIN names the account (kNotFound when the
  // account is not theirs to touch). New companies are ACTIVE.
  Result<CompanyView> Create(const http::Principal& principal, const CreateCompanyInput& input);
  Result<CompanyView> Get(const http::Principal& principal, std::string_view company_id);
  // The company whoever asks, for modules that establish access themselves (a conversation's or a
  // public widget's company): kNotFound when unknown or deleted. No statistics.
  Result<Company> Find(std::string_view company_id);
  Result<CompanyListView> List(const http::Principal& principal, const ListCompaniesInput& input);
  // Only an ADMIN may set SUSPENDED or change a SUSPENDED company (kPermissionDenied for others, after
  // the company was found in their scope).
  Result<CompanyView> Update(const http::Principal& principal, std::string_view company_id,
                             const UpdateCompanyInput& input);
  // Soft delete; a SUSPENDED company may be deleted by an ADMIN only.
  Status Delete(const http::Principal& principal, std::string_view company_id);

  // For modules that already decided the caller may see `account_id` (the accounts module's manager
  // area checks the assignment first); not exposed over HTTP by this module.
  Result<AccountFigures> FiguresOf(std::string_view account_id);

 private:
  Result<CompanyView> WithStats(Company company);

  CompanyRepository& repository_;
  CompanyStatsSource& stats_;
  const accounts::AccessPolicy& access_;
};

}  // namespace x8::companies
