#include "modules/companies/domain/company.h"

#include <gtest/gtest.h>

#include "modules/companies/domain/scope.h"

namespace x8::companies {
namespace {

std::string FieldOf(const Error& error) {
  auto it = error.details.find("field");
  return it == error.details.end() ? "" : std::string(it->value().as_string());
}

TEST(CompanyName, IsTrimmedAndKept) {
  EXPECT_EQ(NormalizeName("  Flower Shop \t").value(), "Flower Shop");
  EXPECT_EQ(NormalizeName("\u00a0Цветочная лавка\u3000").value(), "Цветочная лавка");
  EXPECT_EQ(NormalizeName("A").value(), "A");
}

TEST(CompanyName, EmptyOrBlankIsRejectedNamingTheField) {
  for (std::string_view blank : {"", "   ", "\t\n", "\u00a0"}) {
    auto name = NormalizeName(blank);
    ASSERT_FALSE(name) << blank;
    EXPECT_EQ(name.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(FieldOf(name.error()), "name");
  }
}

TEST(CompanyName, LengthCountsCharactersNotBytes) {
  std::string cyrillic;
  for (int i = 0; i < 120; ++i) cyrillic += "ж";  // 240 bytes, 120 characters
  EXPECT_TRUE(NormalizeName(cyrillic));
  EXPECT_TRUE(NormalizeName("  " + std::string(120, 'a') + "  "));
  auto too_long = NormalizeName(cyrillic + "ж");
  ASSERT_FALSE(too_long);
  EXPECT_EQ(FieldOf(too_long.error()), "name");
  EXPECT_EQ(too_long.error().details.at("limit").as_int64(), 120);
}

TEST(CompanyName, ControlCharactersAndBrokenUtf8AreRejected) {
  EXPECT_FALSE(NormalizeName("Shop\nName"));
  EXPECT_FALSE(NormalizeName(std::string("Shop\0Name", 9)));
  EXPECT_FALSE(NormalizeName("Shop\x7f"));
  EXPECT_FALSE(NormalizeName("Shop \xc2\x85 x"));  // U+0085 (C1 control)
  EXPECT_FALSE(NormalizeName("\xff\xfe"));
  EXPECT_FALSE(NormalizeName("\xc3"));          // truncated sequence
  EXPECT_FALSE(NormalizeName("\xc0\xaf"));      // overlong '/'
  EXPECT_FALSE(NormalizeName("\xed\xa0\x80"));  // UTF-16 surrogate
  EXPECT_TRUE(NormalizeName("Café 🌸"));
}

TEST(CompanyType, ParsesExactNamesOnly) {
  EXPECT_EQ(ParseCompanyType("PRODUCT").value(), CompanyType::kProduct);
  EXPECT_EQ(ParseCompanyType("SERVICE").value(), CompanyType::kService);
  EXPECT_EQ(ParseCompanyType("HYBRID").value(), CompanyType::kHybrid);
  auto lower = ParseCompanyType("product");
  ASSERT_FALSE(lower);
  EXPECT_EQ(FieldOf(lower.error()), "type");
  EXPECT_EQ(lower.error().details.at("allowed").as_array().size(), 3u);
  EXPECT_FALSE(ParseCompanyType(""));
  for (auto type : {CompanyType::kProduct, CompanyType::kService, CompanyType::kHybrid}) {
    EXPECT_EQ(ParseCompanyType(ToString(type)).value(), type);
  }
}

TEST(CompanyStatus, ParsesExactNamesOnly) {
  for (auto status : {CompanyStatus::kActive, CompanyStatus::kInactive, CompanyStatus::kSuspended}) {
    EXPECT_EQ(ParseCompanyStatus(ToString(status)).value(), status);
  }
  auto bad = ParseCompanyStatus("PAUSED");
  ASSERT_FALSE(bad);
  EXPECT_EQ(FieldOf(bad.error()), "status");
}

TEST(CompanyTimezone, AcceptsIanaNamesFromTheSystemDatabase) {
  for (std::string_view zone : {"UTC", "Europe/Berlin", "Europe/Moscow", "America/Argentina/Buenos_Aires",
                                "Asia/Kolkata", "Etc/GMT+3"}) {
    auto normalized = NormalizeTimezone(zone);
    ASSERT_TRUE(normalized) << zone << ": " << normalized.error().message;
    EXPECT_EQ(*normalized, zone);
  }
}

TEST(CompanyTimezone, RejectsUnknownAndNonCanonicalNames) {
  for (std::string_view zone :
       {"", "Europe/Atlantis", "europe/berlin", "Berlin", "../../etc/passwd", "posix/Europe/Berlin",
        "right/UTC", "localtime", "Europe/Berlin ", "+03:00"}) {
    auto normalized = NormalizeTimezone(zone);
    ASSERT_FALSE(normalized) << zone;
    EXPECT_EQ(normalized.error().code, ErrorCode::kInvalidArgument) << zone;
    EXPECT_EQ(FieldOf(normalized.error()), "timezone");
  }
}

TEST(CompanyCurrency, AcceptsActiveIsoCodesInAnyCase) {
  EXPECT_EQ(NormalizeCurrency("EUR").value(), "EUR");
  EXPECT_EQ(NormalizeCurrency("usd").value(), "USD");
  EXPECT_EQ(NormalizeCurrency("Rub").value(), "RUB");
  EXPECT_EQ(NormalizeCurrency("JPY").value(), "JPY");
  EXPECT_EQ(NormalizeCurrency("KWD").value(), "KWD");
}

TEST(CompanyCurrency, RejectsUnknownWithdrawnAndNonCurrencyCodes) {
  // HRK and SLL were withdrawn; XAU and XXX are a metal and "no currency"; EURO is not a code.
  for (std::string_view code : {"", "EU", "EURO", "ABC", "HRK", "SLL", "XAU", "XXX", "XTS", "€"}) {
    auto normalized = NormalizeCurrency(code);
    ASSERT_FALSE(normalized) << code;
    EXPECT_EQ(FieldOf(normalized.error()), "currency");
  }
}

TEST(CompanyCode, IsZeroPaddedToThreeDigitsAndGrowsPastThem) {
  EXPECT_EQ(FormatCompanyCode(1), "COMP001");
  EXPECT_EQ(FormatCompanyCode(42), "COMP042");
  EXPECT_EQ(FormatCompanyCode(999), "COMP999");
  EXPECT_EQ(FormatCompanyCode(1000), "COMP1000");
  EXPECT_EQ(FormatCompanyCode(123456), "COMP123456");
}

TEST(CompanySearch, FoldsCaseAcrossScripts) {
  EXPECT_EQ(FoldForSearch("ЦВЕТЫ Roses"), "цветы roses");
  EXPECT_EQ(FoldForSearch("Straße"), "strasse");
  EXPECT_EQ(FoldForSearch("ΣΟΦΊΑ"), FoldForSearch("σοφία"));
  EXPECT_EQ(SearchTextOf("Flowers", "COMP007"), "flowers\ncomp007");
}

TEST(CompanyPatch, AppliesOnlyWhatIsSet) {
  Company company{.id = "cmp_1",
                  .code = "COMP001",
                  .account_id = "acc_1",
                  .name = "Old",
                  .type = CompanyType::kProduct,
                  .status = CompanyStatus::kActive,
                  .timezone = "UTC",
                  .currency = "EUR",
                  .created_at = 1,
                  .updated_at = 2};
  CompanyPatch patch;
  EXPECT_TRUE(patch.empty());
  patch.name = "New";
  patch.status = CompanyStatus::kInactive;
  EXPECT_FALSE(patch.empty());
  auto applied = patch.AppliedTo(company);
  EXPECT_EQ(applied.name, "New");
  EXPECT_EQ(applied.status, CompanyStatus::kInactive);
  EXPECT_EQ(applied.type, CompanyType::kProduct);
  EXPECT_EQ(applied.currency, "EUR");
  EXPECT_EQ(applied.code, "COMP001");
  EXPECT_EQ(applied.updated_at, 2);
}

TEST(AccountScope, FollowsTheRoleOfThePrincipal) {
  auto client = AccountScope::ForPrincipal({"usr_c", "CLIENT", "acc_1"}).value();
  EXPECT_EQ(client.kind, AccountScope::Kind::kAccount);
  EXPECT_EQ(client.id, "acc_1");
  auto manager = AccountScope::ForPrincipal({"usr_m", "MANAGER", ""}).value();
  EXPECT_EQ(manager.kind, AccountScope::Kind::kManagedBy);
  EXPECT_EQ(manager.id, "usr_m");
  auto admin = AccountScope::ForPrincipal({"usr_a", "ADMIN", ""}).value();
  EXPECT_EQ(admin.kind, AccountScope::Kind::kEverything);

  auto orphan = AccountScope::ForPrincipal({"usr_c", "CLIENT", ""});
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().code, ErrorCode::kPermissionDenied);
  EXPECT_FALSE(AccountScope::ForPrincipal({"usr_x", "GUEST", "acc_1"}));
  EXPECT_FALSE(AccountScope::ForPrincipal({"usr_x", "admin", ""}));
}

}  // namespace
}  // namespace x8::companies
