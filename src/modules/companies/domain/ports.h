// Ports of the companies domain: what the service needs from storage and from other modules.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "modules/companies/domain/company.h"
#include "modules/companies/domain/page.h"
#include "modules/companies/domain/scope.h"

namespace x8::companies {

struct CompanyFilter {
  std::optional<std::string> account_id;  // narrows the scope to one account
  std::optional<CompanyStatus> status;
  std::string folded_query;  // FoldForSearch(q); matches name or code as a substring; "" = all
  std::optional<PageCursor> after;
  int64_t limit = kDefaultPageSize;
};

struct CompanyPage {
  std::vector<Company> items;
  std::optional<PageCursor> next;  // set when more rows follow
};

// Runs inside the store's transaction on the current, locked row before a change is written, so a
// rule that depends on the current state (e.g. "only an admin may change a SUSPENDED company") cannot
// race with another change. Returning an error aborts the change with that error.
using ChangeGuard = std::function<Status(const Company& current)>;

// Every call takes the scope and puts it in its WHERE clause: a company outside the scope is
// kNotFound, exactly like one that does not exist. Deleted companies are invisible to every call.
class CompanyRepository {
 public:
  virtual ~CompanyRepository() = default;
  // Assigns id, the next display code (in the insert's transaction) and times. kNotFound (details.field
  // "account_id") when the account does not exist or is outside the scope.
  virtual Result<Company> Create(const AccountScope& scope, const NewCompany& company) = 0;
  virtual Result<Company> Get(const AccountScope& scope, std::string_view company_id) = 0;
  // In creation (code) order.
  virtual Result<CompanyPage> List(const AccountScope& scope, const CompanyFilter& filter) = 0;
  virtual Result<Company> Update(const AccountScope& scope, std::string_view company_id,
                                 const CompanyPatch& patch, const ChangeGuard& guard) = 0;
  virtual Status Delete(const AccountScope& scope, std::string_view company_id, const ChangeGuard& guard) = 0;
  // Every company id in the scope (an account has a handful), in creation order.
  virtual Result<std::vector<std::string>> Ids(const AccountScope& scope) = 0;
};

// Message statistics per company. The conversations module implements it over its own tables; until
// that module is installed no company has any message, and NoConversationsStats says exactly that.
class CompanyStatsSource {
 public:
  virtual ~CompanyStatsSource() = default;
  // One entry per requested id (companies without activity map to zeros).
  virtual Result<std::unordered_map<std::string, CompanyStats>> StatsFor(
      std::span<const std::string> company_ids) = 0;
};

class NoConversationsStats final : public CompanyStatsSource {
 public:
  Result<std::unordered_map<std::string, CompanyStats>> StatsFor(
      std::span<const std::string> company_ids) override;
};

// Platform-wide figures for the admin dashboard (GET /api/v1/admin/stats).
struct PlatformStats {
  std::map<std::string, int64_t> users_by_role;  // CLIENT, MANAGER, ADMIN (0 when none)
  int64_t accounts = 0;
  std::map<std::string, int64_t> companies_by_status;  // ACTIVE, INACTIVE, SUSPENDED (not deleted)
  int64_t signups_last_7d = 0;                         // CLIENT users created in the last 7 × 24 h
};

class PlatformStatsReader {
 public:
  virtual ~PlatformStatsReader() = default;
  virtual Result<PlatformStats> Read(int64_t now_millis) = 0;
};

}  // namespace x8::companies
