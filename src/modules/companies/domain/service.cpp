#include "modules/companies/domain/service.h"

#include <algorithm>

#include "core/ids.h"

namespace x8::companies {
namespace {

Error CompanyNotFound() { return NotFound("company not found"); }

bool IsAdmin(const http::Principal& principal) { return principal.role == accounts::kRoleAdmin; }

Error OnlyAdminsSuspend() {
  return Error{ErrorCode::kPermissionDenied,
               "only a platform admin may suspend a company or change a suspended one"}
      .With("field", "status");
}

// The account's not-found answer, pointed at the field that named it.
Status CheckAccount(const accounts::AccessPolicy& access, const http::Principal& principal,
                    std::string_view account_id) {
  auto allowed = access.CanAccess(principal, account_id);
  if (!allowed) {
    auto error = std::move(allowed).error();
    if (error.code == ErrorCode::kNotFound) error.With("field", "account_id");
    return error;
  }
  return Ok();
}

std::string_view TrimAscii(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

}  // namespace

Result<CompanyView> CompanyService::Create(const http::Principal& principal,
                                           const CreateCompanyInput& input) {
  X8_TRY(auto scope, AccountScope::ForPrincipal(principal));
  NewCompany company;
  if (!input.name) return InvalidArgument("name is required").With("field", "name");
  X8_TRY(company.name, NormalizeName(*input.name));
  if (!input.type) {
    return InvalidArgument("type is required: PRODUCT, SERVICE or HYBRID").With("field", "type");
  }
  X8_TRY(company.type, ParseCompanyType(*input.type));
  if (input.timezone) {
    X8_TRY(company.timezone, NormalizeTimezone(*input.timezone));
  }
  if (input.currency) {
    X8_TRY(company.currency, NormalizeCurrency(*input.currency));
  }

  if (principal.role == accounts::kRoleClient) {
    company.account_id = principal.tenant_id;
    if (input.account_id && *input.account_id != principal.tenant_id) {
      X8_TRY_STATUS(CheckAccount(access_, principal, *input.account_id));
    }
  } else {
    if (!input.account_id || input.account_id->empty()) {
      return InvalidArgument("account_id is required: name the client account the company belongs to")
          .With("field", "account_id");
    }
    company.account_id = *input.account_id;
  }
  X8_TRY_STATUS(CheckAccount(access_, principal, company.account_id));
  X8_TRY(auto created, repository_.Create(scope, company));
  return WithStats(std::move(created));
}

Result<CompanyView> CompanyService::Get(const http::Principal& principal, std::string_view company_id) {
  X8_TRY(auto scope, AccountScope::ForPrincipal(principal));
  if (!IsValidId(company_id, "cmp")) return CompanyNotFound();
  X8_TRY(auto company, repository_.Get(scope, company_id));
  return WithStats(std::move(company));
}

Result<Company> CompanyService::Find(std::string_view company_id) {
  if (!IsValidId(company_id, "cmp")) return CompanyNotFound();
  return repository_.Get(AccountScope{.kind = AccountScope::Kind::kEverything, .id = {}}, company_id);
}

Result<CompanyListView> CompanyService::List(const http::Principal& principal,
                                             const ListCompaniesInput& input) {
  X8_TRY(auto scope, AccountScope::ForPrincipal(principal));
  CompanyFilter filter;
  X8_TRY(filter.limit, ParsePageSize(input.limit));
  if (input.cursor) {
    X8_TRY(filter.after, DecodeCursor(*input.cursor));
  }
  if (input.status && !input.status->empty()) {
    X8_TRY(filter.status, ParseCompanyStatus(*input.status));
  }
  if (input.q) {
    auto q = TrimAscii(*input.q);
    auto chars = std::count_if(q.begin(), q.end(), [](char c) { return (c & 0xC0) != 0x80; });
    if (static_cast<size_t>(chars) > kMaxQueryChars) {
      return InvalidArgument("q must be at most " + std::to_string(kMaxQueryChars) + " characters")
          .With("field", "q");
    }
    filter.folded_query = FoldForSearch(q);
  }
  if (input.account_id && !input.account_id->empty()) {
    X8_TRY_STATUS(CheckAccount(access_, principal, *input.account_id));
    filter.account_id = *input.account_id;
  }
  X8_TRY(auto page, repository_.List(scope, filter));

  std::vector<std::string> ids;
  ids.reserve(page.items.size());
  for (const auto& company : page.items) ids.push_back(company.id);
  X8_TRY(auto stats, stats_.StatsFor(ids));
  CompanyListView view;
  view.items.reserve(page.items.size());
  for (auto& company : page.items) {
    auto it = stats.find(company.id);
    CompanyStats company_stats = it == stats.end() ? CompanyStats{} : it->second;
    view.items.push_back({std::move(company), company_stats});
  }
  if (page.next) view.next_cursor = EncodeCursor(*page.next);
  return view;
}

Result<CompanyView> CompanyService::Update(const http::Principal& principal, std::string_view company_id,
                                           const UpdateCompanyInput& input) {
  X8_TRY(auto scope, AccountScope::ForPrincipal(principal));
  CompanyPatch patch;
  if (input.name) {
    X8_TRY(patch.name, NormalizeName(*input.name));
  }
  if (input.type) {
    X8_TRY(patch.type, ParseCompanyType(*input.type));
  }
  if (input.status) {
    X8_TRY(patch.status, ParseCompanyStatus(*input.status));
  }
  if (input.timezone) {
    X8_TRY(patch.timezone, NormalizeTimezone(*input.timezone));
  }
  if (input.currency) {
    X8_TRY(patch.currency, NormalizeCurrency(*input.currency));
  }
  if (!IsValidId(company_id, "cmp")) return CompanyNotFound();
  if (patch.empty()) return Get(principal, company_id);

  bool admin = IsAdmin(principal);
  auto guard = [admin, &patch](const Company& current) -> Status {
    if (admin) return Ok();
    if (current.status == CompanyStatus::kSuspended) return OnlyAdminsSuspend();
    if (patch.status == CompanyStatus::kSuspended) return OnlyAdminsSuspend();
    return Ok();
  };
  X8_TRY(auto updated, repository_.Update(scope, company_id, patch, guard));
  return WithStats(std::move(updated));
}

Status CompanyService::Delete(const http::Principal& principal, std::string_view company_id) {
  X8_TRY(auto scope, AccountScope::ForPrincipal(principal));
  if (!IsValidId(company_id, "cmp")) return CompanyNotFound();
  bool admin = IsAdmin(principal);
  return repository_.Delete(scope, company_id, [admin](const Company& current) -> Status {
    if (!admin && current.status == CompanyStatus::kSuspended) return OnlyAdminsSuspend();
    return Ok();
  });
}

Result<AccountFigures> CompanyService::FiguresOf(std::string_view account_id) {
  X8_TRY(auto ids, repository_.Ids(AccountScope::Account(std::string(account_id))));
  AccountFigures figures{.companies = static_cast<int64_t>(ids.size())};
  if (ids.empty()) return figures;
  X8_TRY(auto stats, stats_.StatsFor(ids));
  for (const auto& [id, company_stats] : stats) {
    figures.stats.messages_in += company_stats.messages_in;
    figures.stats.messages_out += company_stats.messages_out;
    figures.stats.conversations += company_stats.conversations;
  }
  return figures;
}

Result<CompanyView> CompanyService::WithStats(Company company) {
  std::string id = company.id;
  X8_TRY(auto stats, stats_.StatsFor(std::span<const std::string>(&id, 1)));
  auto it = stats.find(id);
  return CompanyView{std::move(company), it == stats.end() ? CompanyStats{} : it->second};
}

Result<std::unordered_map<std::string, CompanyStats>> NoConversationsStats::StatsFor(
    std::span<const std::string> company_ids) {
  std::unordered_map<std::string, CompanyStats> out;
  for (const auto& id : company_ids) out.emplace(id, CompanyStats{});
  return out;
}

}  // namespace x8::companies
