#include "modules/companies/store/sql_company_repository.h"

#include <algorithm>
#include <vector>

#include "core/ids.h"

namespace x8::companies {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kColumns =
    "id, seq, code, account_id, name, type, status, timezone, currency, created_at, updated_at";
constexpr std::string_view kNextCompanyCode =
    "UPDATE counters SET value = value + 1 WHERE name = 'company_code' RETURNING value";
constexpr std::string_view kInsertCompany =
    "INSERT INTO companies (id, seq, code, account_id, name, search_text, type, status, timezone, "
    "currency, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kUpdateCompany =
    "UPDATE companies SET name = ?, search_text = ?, type = ?, status = ?, timezone = ?, currency = ?, "
    "updated_at = ? WHERE id = ? AND deleted_at IS NULL";
constexpr std::string_view kSoftDeleteCompany =
    "UPDATE companies SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL";
constexpr std::string_view kUsersByRole = "SELECT role, COUNT(*) AS n FROM users GROUP BY role";
constexpr std::string_view kAccountCount = "SELECT COUNT(*) AS n FROM accounts";
constexpr std::string_view kCompaniesByStatus =
    "SELECT status, COUNT(*) AS n FROM companies WHERE deleted_at IS NULL GROUP BY status";
constexpr std::string_view kClientSignupsSince =
    "SELECT COUNT(*) AS n FROM users WHERE role = 'CLIENT' AND created_at >= ?";
constexpr int64_t kSevenDaysMillis = 7LL * 24 * 3600 * 1000;

// The scope as a condition on `account_column`, with its parameters.
struct ScopeCondition {
  std::string sql;
  std::vector<Value> params;
};

ScopeCondition ScopeOn(const AccountScope& scope, std::string_view account_column) {
  std::string column(account_column);
  switch (scope.kind) {
    case AccountScope::Kind::kAccount:
      return {column + " = ?", {scope.id}};
    case AccountScope::Kind::kManagedBy:
      return {column + " IN (SELECT id FROM accounts WHERE manager_user_id = ?)", {scope.id}};
    case AccountScope::Kind::kEverything:
      return {"1 = 1", {}};
  }
  return {"1 = 0", {}};
}

Result<Company> FromRow(const Row& row) {
  Company company;
  company.id = row.Text("id");
  company.code = row.Text("code");
  company.seq = row.Int("seq");
  company.account_id = row.Text("account_id");
  company.name = row.Text("name");
  auto type = ParseCompanyType(row.Text("type"));
  auto status = ParseCompanyStatus(row.Text("status"));
  if (!type || !status) return Internal("company " + company.id + " has an unknown type or status");
  company.type = *type;
  company.status = *status;
  company.timezone = row.Text("timezone");
  company.currency = row.Text("currency");
  company.created_at = row.Int("created_at");
  company.updated_at = row.Int("updated_at");
  return company;
}

std::string EscapeLike(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

Error CompanyNotFound() { return NotFound("company not found"); }

}  // namespace

Result<Company> SqlCompanyRepository::Create(const AccountScope& scope, const NewCompany& input) {
  int64_t now = clock_.NowMillis();
  Company company{.id = NewId("cmp", now),
                  .code = {},
                  .account_id = input.account_id,
                  .name = input.name,
                  .type = input.type,
                  .status = CompanyStatus::kActive,
                  .timezone = input.timezone,
                  .currency = input.currency,
                  .created_at = now,
                  .updated_at = now};
  auto account_scope = ScopeOn(scope, "id");
  std::string find_account = "SELECT id FROM accounts WHERE id = ? AND " + account_scope.sql;
  std::vector<Value> find_params{input.account_id};
  find_params.insert(find_params.end(), account_scope.params.begin(), account_scope.params.end());

  return db_.Transact<Company>([&](storage::Tx& tx) -> Result<Company> {
    X8_TRY(auto account, tx.Query(find_account, find_params));
    if (account.empty()) return NotFound("account not found").With("field", "account_id");
    X8_TRY(auto sequence, tx.Query(kNextCompanyCode));
    if (sequence.empty()) return Internal("the company_code counter is missing (migration 0004)");
    Company created = company;
    created.seq = sequence[0].Int("value");
    created.code = FormatCompanyCode(created.seq);
    X8_TRY_STATUS(tx.Exec(kInsertCompany,
                          {created.id, created.seq, created.code, created.account_id, created.name,
                           SearchTextOf(created.name, created.code), std::string(ToString(created.type)),
                           std::string(ToString(created.status)), created.timezone, created.currency,
                           created.created_at, created.updated_at}));
    return created;
  });
}

Result<Company> SqlCompanyRepository::Get(const AccountScope& scope, std::string_view company_id) {
  auto condition = ScopeOn(scope, "account_id");
  std::string sql = "SELECT " + std::string(kColumns) +
                    " FROM companies WHERE id = ? AND deleted_at IS NULL AND " + condition.sql;
  std::vector<Value> params{std::string(company_id)};
  params.insert(params.end(), condition.params.begin(), condition.params.end());
  X8_TRY(auto rows, db_.Query(sql, params));
  if (rows.empty()) return CompanyNotFound();
  return FromRow(rows[0]);
}

Result<CompanyPage> SqlCompanyRepository::List(const AccountScope& scope, const CompanyFilter& filter) {
  auto condition = ScopeOn(scope, "account_id");
  std::string sql =
      "SELECT " + std::string(kColumns) + " FROM companies WHERE deleted_at IS NULL AND " + condition.sql;
  std::vector<Value> params = condition.params;
  if (filter.account_id) {
    sql += " AND account_id = ?";
    params.emplace_back(*filter.account_id);
  }
  if (filter.status) {
    sql += " AND status = ?";
    params.emplace_back(std::string(ToString(*filter.status)));
  }
  if (!filter.folded_query.empty()) {
    sql += " AND search_text LIKE ? ESCAPE '\\'";
    params.emplace_back("%" + EscapeLike(filter.folded_query) + "%");
  }
  if (filter.after) {
    sql += " AND seq > ?";
    params.emplace_back(filter.after->seq);
  }
  sql += " ORDER BY seq LIMIT ?";
  params.emplace_back(filter.limit + 1);

  X8_TRY(auto rows, db_.Query(sql, params));
  CompanyPage page;
  for (const auto& row : rows) {
    if (static_cast<int64_t>(page.items.size()) == filter.limit) {
      const auto& last = page.items.back();
      page.next = PageCursor{last.seq};
      break;
    }
    X8_TRY(auto company, FromRow(row));
    page.items.push_back(std::move(company));
  }
  return page;
}

Result<Company> SqlCompanyRepository::LockInScope(storage::Tx& tx, const AccountScope& scope,
                                                  std::string_view company_id) {
  auto condition = ScopeOn(scope, "account_id");
  std::string sql = "SELECT " + std::string(kColumns) +
                    " FROM companies WHERE id = ? AND deleted_at IS NULL AND " + condition.sql;
  if (tx.dialect() == storage::Dialect::kPostgres) sql += " FOR UPDATE";
  std::vector<Value> params{std::string(company_id)};
  params.insert(params.end(), condition.params.begin(), condition.params.end());
  X8_TRY(auto rows, tx.Query(sql, params));
  if (rows.empty()) return CompanyNotFound();
  return FromRow(rows[0]);
}

Result<Company> SqlCompanyRepository::Update(const AccountScope& scope, std::string_view company_id,
                                             const CompanyPatch& patch, const ChangeGuard& guard) {
  return db_.Transact<Company>([&](storage::Tx& tx) -> Result<Company> {
    X8_TRY(auto current, LockInScope(tx, scope, company_id));
    if (guard) X8_TRY_STATUS(guard(current));
    Company updated = patch.AppliedTo(current);
    if (updated.name == current.name && updated.type == current.type && updated.status == current.status &&
        updated.timezone == current.timezone && updated.currency == current.currency) {
      return current;  // nothing changes: updated_at stays
    }
    updated.updated_at = std::max(clock_.NowMillis(), current.updated_at);
    X8_TRY_STATUS(
        tx.Exec(kUpdateCompany, {updated.name, SearchTextOf(updated.name, updated.code),
                                 std::string(ToString(updated.type)), std::string(ToString(updated.status)),
                                 updated.timezone, updated.currency, updated.updated_at, updated.id}));
    return updated;
  });
}

Status SqlCompanyRepository::Delete(const AccountScope& scope, std::string_view company_id,
                                    const ChangeGuard& guard) {
  return db_.Transact([&](storage::Tx& tx) -> Status {
    X8_TRY(auto current, LockInScope(tx, scope, company_id));
    if (guard) X8_TRY_STATUS(guard(current));
    int64_t now = std::max(clock_.NowMillis(), current.updated_at);
    X8_TRY_STATUS(tx.Exec(kSoftDeleteCompany, {now, now, current.id}));
    return Ok();
  });
}

Result<std::vector<std::string>> SqlCompanyRepository::Ids(const AccountScope& scope) {
  auto condition = ScopeOn(scope, "account_id");
  X8_TRY(auto rows,
         db_.Query("SELECT id FROM companies WHERE deleted_at IS NULL AND " + condition.sql + " ORDER BY seq",
                   condition.params));
  std::vector<std::string> ids;
  ids.reserve(rows.size());
  for (const auto& row : rows) ids.push_back(row.Text("id"));
  return ids;
}

Result<PlatformStats> SqlPlatformStats::Read(int64_t now_millis) {
  PlatformStats stats;
  for (const char* role : {"CLIENT", "MANAGER", "ADMIN"}) stats.users_by_role[role] = 0;
  for (auto status : {CompanyStatus::kActive, CompanyStatus::kInactive, CompanyStatus::kSuspended}) {
    stats.companies_by_status[std::string(ToString(status))] = 0;
  }
  X8_TRY(auto roles, db_.Query(kUsersByRole));
  for (const auto& row : roles) stats.users_by_role[row.Text("role")] = row.Int("n");
  X8_TRY(auto accounts, db_.Query(kAccountCount));
  stats.accounts = accounts.empty() ? 0 : accounts[0].Int("n");
  X8_TRY(auto companies, db_.Query(kCompaniesByStatus));
  for (const auto& row : companies) stats.companies_by_status[row.Text("status")] = row.Int("n");
  X8_TRY(auto signups, db_.Query(kClientSignupsSince, {now_millis - kSevenDaysMillis}));
  stats.signups_last_7d = signups.empty() ? 0 : signups[0].Int("n");
  return stats;
}

}  // namespace x8::companies
