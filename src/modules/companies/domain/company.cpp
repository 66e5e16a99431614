#include "modules/companies/domain/company.h"

#include <date/tz.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace x8::companies {
namespace {

Error FieldError(std::string_view field, std::string message) {
  return InvalidArgument(std::move(message)).With("field", field);
}

// Decodes strict UTF-8 (no overlongs, no surrogates, at most U+10FFFF). nullopt when invalid.
std::optional<std::vector<char32_t>> DecodeUtf8(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    char32_t cp = 0;
    size_t extra = 0;
    char32_t min = 0;
    if (byte < 0x80) {
      cp = byte;
    } else if ((byte & 0xE0) == 0xC0) {
      cp = byte & 0x1F;
      extra = 1;
      min = 0x80;
    } else if ((byte & 0xF0) == 0xE0) {
      cp = byte & 0x0F;
      extra = 2;
      min = 0x800;
    } else if ((byte & 0xF8) == 0xF0) {
      cp = byte & 0x07;
      extra = 3;
      min = 0x10000;
    } else {
      return std::nullopt;
    }
    if (extra > 0 && i + extra >= text.size()) return std::nullopt;
    for (size_t k = 1; k <= extra; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (next & 0x3F);
    }
    if (extra > 0 && cp < min) return std::nullopt;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    out.push_back(cp);
    i += extra + 1;
  }
  return out;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsControl(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// Active ISO 4217 currencies a business prices in (ISO list as of 2025, without funds, precious metals
// and testing codes; ANG and its successor XCG both listed while they circulate side by side).
constexpr std::string_view kActiveCurrencies[] = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD",
    "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY",
    "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP",
    "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
    "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT",
    "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
    "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK",
    "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD",
    "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY",
    "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VED", "VES", "VND", "VUV", "WST", "XAF", "XCD",
    "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG"};

// Directories and files of the zoneinfo tree that are not IANA zone names.
bool IsNonCanonicalZonePath(std::string_view name) {
  return name.starts_with("posix/") || name.starts_with("right/") || name == "posixrules" ||
         name == "localtime" || name == "Factory";
}

}  // namespace

std::string_view ToString(CompanyType type) {
  switch (type) {
    case CompanyType::kProduct:
      return "PRODUCT";
    case CompanyType::kService:
      return "SERVICE";
    case CompanyType::kHybrid:
      return "HYBRID";
  }
  return "PRODUCT";
}

std::string_view ToString(CompanyStatus status) {
  switch (status) {
    case CompanyStatus::kActive:
      return "ACTIVE";
    case CompanyStatus::kInactive:
      return "INACTIVE";
    case CompanyStatus::kSuspended:
      return "SUSPENDED";
  }
  return "ACTIVE";
}

Result<CompanyType> ParseCompanyType(std::string_view text, std::string_view field) {
  for (auto type : {CompanyType::kProduct, CompanyType::kService, CompanyType::kHybrid}) {
    if (text == ToString(type)) return type;
  }
  return FieldError(field, "type must be PRODUCT, SERVICE or HYBRID")
      .With("allowed", boost::json::array{"PRODUCT", "SERVICE", "HYBRID"});
}

Result<CompanyStatus> ParseCompanyStatus(std::string_view text, std::string_view field) {
  for (auto status : {CompanyStatus::kActive, CompanyStatus::kInactive, CompanyStatus::kSuspended}) {
    if (text == ToString(status)) return status;
  }
  return FieldError(field, "status must be ACTIVE, INACTIVE or SUSPENDED")
      .With("allowed", boost::json::array{"ACTIVE", "INACTIVE", "SUSPENDED"});
}

Company CompanyPatch::AppliedTo(Company company) const {
  if (name) company.name = *name;
  if (type) company.type = *type;
  if (status) company.status = *status;
  if (timezone) company.timezone = *timezone;
  if (currency) company.currency = *currency;
  return company;
}

Result<std::string> NormalizeName(std::string_view raw) {
  auto decoded = DecodeUtf8(raw);
  if (!decoded) return FieldError("name", "name must be valid UTF-8");
  auto& cps = *decoded;
  auto is_space = [](char32_t cp) { return u_isUWhiteSpace(static_cast<UChar32>(cp)) != 0; };
  auto first = std::find_if_not(cps.begin(), cps.end(), is_space);
  auto last = std::find_if_not(cps.rbegin(), std::make_reverse_iterator(first), is_space).base();
  if (first == last) return FieldError("name", "name must not be empty");
  auto length = static_cast<size_t>(last - first);
  if (length > kMaxNameChars) {
    return FieldError("name", "name must be at most " + std::to_string(kMaxNameChars) + " characters")
        .With("limit", static_cast<int64_t>(kMaxNameChars));
  }
  std::string out;
  out.reserve(raw.size());
  for (auto it = first; it != last; ++it) {
    if (IsControl(*it)) return FieldError("name", "name must not contain control characters");
    AppendUtf8(out, *it);
  }
  return out;
}

Result<std::string> NormalizeTimezone(std::string_view raw) {
  bool plausible = !raw.empty() && raw.size() <= 64 && std::all_of(raw.begin(), raw.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+';
  });
  if (plausible && !IsNonCanonicalZonePath(raw) && raw.find("..") == std::string_view::npos) {
    try {
      date::get_tzdb();
    } catch (const std::exception& e) {
      return Internal(std::string("the time zone database cannot be loaded: ") + e.what());
    }
    try {
      const auto* zone = date::locate_zone(raw);
      if (zone != nullptr) return std::string(raw);
    } catch (const std::exception&) {
      // Unknown zone: answered below.
    }
  }
  return FieldError("timezone", "timezone must be an IANA time zone name such as Europe/Berlin");
}

bool IsActiveCurrency(std::string_view upper_case_code) {
  return std::find(std::begin(kActiveCurrencies), std::end(kActiveCurrencies), upper_case_code) !=
         std::end(kActiveCurrencies);
}

Result<std::string> NormalizeCurrency(std::string_view raw) {
  std::string code(raw);
  std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return std::toupper(c); });
  if (code.size() != 3 || !IsActiveCurrency(code)) {
    return FieldError("currency", "currency must be an active ISO 4217 code such as EUR");
  }
  return code;
}

std::string FormatCompanyCode(int64_t sequence) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "COMP%03lld", static_cast<long long>(sequence));
  return buffer;
}

std::string FoldForSearch(std::string_view text) {
  auto unicode =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  unicode.foldCase();
  std::string out;
  unicode.toUTF8String(out);
  return out;
}

std::string SearchTextOf(std::string_view name, std::string_view code) {
  std::string text(name);
  text += '\n';
  text += code;
  return FoldForSearch(text);
}

}  // namespace x8::companies
