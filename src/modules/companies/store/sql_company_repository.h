// CompanyRepository and PlatformStatsReader over storage::Database: the same SQL on SQLite and
// PostgreSQL (contract tests run both).
#pragma once

#include "core/clock.h"
#include "modules/companies/domain/ports.h"
#include "platform/storage/database.h"

namespace x8::companies {

class SqlCompanyRepository final : public CompanyRepository {
 public:
  SqlCompanyRepository(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<Company> Create(const AccountScope& scope, const NewCompany& company) override;
  Result<Company> Get(const AccountScope& scope, std::string_view company_id) override;
  Result<CompanyPage> List(const AccountScope& scope, const CompanyFilter& filter) override;
  Result<Company> Update(const AccountScope& scope, std::string_view company_id, const CompanyPatch& patch,
                         const ChangeGuard& guard) override;
  Status Delete(const AccountScope& scope, std::string_view company_id, const ChangeGuard& guard) override;
  Result<std::vector<std::string>> Ids(const AccountScope& scope) override;

 private:
  // The company in scope, locked for the rest of the transaction (FOR UPDATE on PostgreSQL; SQLite's
  // write transaction already excludes other writers).
  Result<Company> LockInScope(storage::Tx& tx, const AccountScope& scope, std::string_view company_id);

  storage::Database& db_;
  const Clock& clock_;
};

class SqlPlatformStats final : public PlatformStatsReader {
 public:
  explicit SqlPlatformStats(storage::Database& db) : db_(db) {}
  Result<PlatformStats> Read(int64_t now_millis) override;

 private:
  storage::Database& db_;
};

}  // namespace x8::companies
