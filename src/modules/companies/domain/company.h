// The company entity: a business unit of one account (tenant), with its display code (COMP001), type,
// status, time zone and currency; and the validation rules for each field. Pure: no storage, no HTTP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace x8::companies {

enum class CompanyType { kProduct, kService, kHybrid };
enum class CompanyStatus { kActive, kInactive, kSuspended };

std::string_view ToString(CompanyType type);      // PRODUCT | SERVICE | HYBRID
std::string_view ToString(CompanyStatus status);  // ACTIVE | INACTIVE | SUSPENDED
// Exact upper-case names; errors are kInvalidArgument with details.field = `field`.
Result<CompanyType> ParseCompanyType(std::string_view text, std::string_view field = "type");
Result<CompanyStatus> ParseCompanyStatus(std::string_view text, std::string_view field = "status");

inline constexpr size_t kMaxNameChars = 120;  // Unicode code points, after trimming
inline constexpr std::string_view kDefaultTimezone = "UTC";
inline constexpr std::string_view kDefaultCurrency = "EUR";

// Message statistics of one company (real counts come from the conversations module; see stats.h).
struct CompanyStats {
  int64_t messages_in = 0;
  int64_t messages_out = 0;
  int64_t conversations = 0;
};

struct Company {
  std::string id;    // cmp_…
  std::string code;  // COMP001
  int64_t seq = 0;   // the number behind the code; orders companies by creation
  std::string account_id;
  std::string name;
  CompanyType type = CompanyType::kProduct;
  CompanyStatus status = CompanyStatus::kActive;
  std::string timezone;  // IANA, e.g. Europe/Berlin
  std::string currency;  // ISO 4217, e.g. EUR
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// A validated company to insert; the store assigns id, code and times.
struct NewCompany {
  std::string account_id;
  std::string name;
  CompanyType type = CompanyType::kProduct;
  std::string timezone{kDefaultTimezone};
  std::string currency{kDefaultCurrency};
};

// A validated change; unset fields stay as they are.
struct CompanyPatch {
  std::optional<std::string> name;
  std::optional<CompanyType> type;
  std::optional<CompanyStatus> status;
  std::optional<std::string> timezone;
  std::optional<std::string> currency;

  bool empty() const { return !name && !type && !status && !timezone && !currency; }
  // `company` with this patch applied (times untouched).
  Company AppliedTo(Company company) const;
};

// Trims Unicode-agnostic ASCII whitespace; requires valid UTF-8, 1–120 code points and no control
// characters. Error details.field = "name".
Result<std::string> NormalizeName(std::string_view raw);
// A time zone name the system tz database knows (IANA, e.g. "Europe/Berlin", "UTC"); case-sensitive.
// Error details.field = "timezone".
Result<std::string> NormalizeTimezone(std::string_view raw);
// An active ISO 4217 code; accepted in any case, returned upper-case. Error details.field = "currency".
Result<std::string> NormalizeCurrency(std::string_view raw);
bool IsActiveCurrency(std::string_view upper_case_code);

// "COMP001" … "COMP999", "COMP1000", …
std::string FormatCompanyCode(int64_t sequence);

// Case-folded text for substring search (full Unicode case folding, so "ЦВЕТЫ" finds "цветы"). Invalid
// UTF-8 is replaced, never an error.
std::string FoldForSearch(std::string_view text);
// What the store keeps to search a company by name or code.
std::string SearchTextOf(std::string_view name, std::string_view code);

}  // namespace x8::companies
