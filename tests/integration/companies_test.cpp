// Companies over the real x8 binary, on SQLite and PostgreSQL: CRUD, display codes, tenancy (clients,
// managers, admins), SUSPENDED rules, validation errors and /admin/stats.
//
// Users, accounts and sessions are written straight into the server's database and access tokens are
// minted with the server's key (HS256, DeriveKey(master key, "x8/jwt/v1"), design/accounts.md "Tokens"),
// so these tests exercise the real authenticator without going through sign-up mail.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <set>

#include "core/ids.h"
#include "platform/crypto/crypto.h"
#include "platform/storage/testing/test_database.h"
#include "tests/integration/api_client.h"
#include "tests/integration/server_process.h"
#include "tests/integration/test_tenants.h"

namespace x8::testing {
namespace {

using storage::testing::EngineTest;

std::string ErrorFieldOf(const http::HttpResponse& r) {
  auto body = Json(r);
  const auto& details = body.at("error").at("details").as_object();
  auto it = details.find("field");
  return it == details.end() ? "(none)" : std::string(it->value().as_string());
}

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

using User = TestUser;

class CompaniesApiTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    server_ = std::make_unique<ServerProcess>(
        ServerOptions{.database_url = url(), .env = {{"X8_SECURITY_MASTER_KEY", tenants_.master_key_env()}}});
    ASSERT_TRUE(server_->Start()) << server_->log();  // the server has migrated the database
    admin_ = AddUser("ADMIN");
    manager_ = AddUser("MANAGER");
    client_ = AddClient(manager_.id);
    other_ = AddClient();
  }
  void TearDown() override {
    server_.reset();
    EngineTest::TearDown();
  }

  User AddUser(const std::string& role) { return tenants_.AddUser(db(), role); }
  User AddClient(const std::string& manager_user_id = {}) {
    return tenants_.AddClient(db(), manager_user_id);
  }

  http::HttpResponse Call(const User& user, std::string method, const std::string& path,
                          std::string body = {}) {
    return ApiClient(*server_, user.token).Send(std::move(method), path, std::move(body));
  }
  // Creates a company and returns its JSON document.
  boost::json::object Create(const User& user, const std::string& name, const std::string& account_id = {}) {
    boost::json::object body{{"name", name}, {"type", "PRODUCT"}};
    if (!account_id.empty()) body["account_id"] = account_id;
    auto r = Call(user, "POST", "/api/v1/companies", boost::json::serialize(body));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? Json(r).as_object() : boost::json::object{};
  }
  static std::string PathOf(const boost::json::object& company) {
    return "/api/v1/companies/" + std::string(company.at("id").as_string());
  }
  std::set<std::string> ListedIds(const User& user, const std::string& query = {}) {
    auto r = Call(user, "GET", "/api/v1/companies" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<std::string> ids;
    if (r.status != 200) return ids;
    auto body = Json(r);  // ranging over a temporary's insides would dangle
    for (const auto& item : body.at("items").as_array()) ids.insert(std::string(item.at("id").as_string()));
    return ids;
  }

  TestTenants tenants_;
  std::unique_ptr<ServerProcess> server_;
  User admin_, manager_, client_, other_;
};

TEST_P(CompaniesApiTest, ClientCreatesReadsChangesAndDeletesItsCompany) {
  auto created =
      Call(client_, "POST", "/api/v1/companies",
           R"({"name":" Цветочная лавка ","type":"HYBRID","timezone":"Europe/Moscow","currency":"rub"})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto company = Json(created).as_object();
  EXPECT_TRUE(IsValidId(company.at("id").as_string(), "cmp"));
  EXPECT_EQ(company.at("code"), "COMP001");
  EXPECT_EQ(company.at("account_id"), client_.account_id.c_str());
  EXPECT_EQ(company.at("name"), "Цветочная лавка");
  EXPECT_EQ(company.at("type"), "HYBRID");
  EXPECT_EQ(company.at("status"), "ACTIVE");
  EXPECT_EQ(company.at("timezone"), "Europe/Moscow");
  EXPECT_EQ(company.at("currency"), "RUB");
  EXPECT_EQ(company.at("stats").at("messages_in").as_int64(), 0);
  EXPECT_EQ(company.at("stats").at("messages_out").as_int64(), 0);
  EXPECT_EQ(company.at("stats").at("conversations").as_int64(), 0);

  auto read = Call(client_, "GET", PathOf(company));
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(Json(read).at("name"), "Цветочная лавка");

  auto patched =
      Call(client_, "PATCH", PathOf(company), R"({"name":"Flowers","status":"INACTIVE","type":"SERVICE"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Json(patched).at("name"), "Flowers");
  EXPECT_EQ(Json(patched).at("status"), "INACTIVE");
  EXPECT_EQ(Json(patched).at("type"), "SERVICE");
  EXPECT_EQ(Json(patched).at("code"), "COMP001");
  EXPECT_GE(Json(patched).at("updated_at").as_int64(), company.at("created_at").as_int64());

  auto defaults = Create(client_, "Second shop");
  EXPECT_EQ(defaults.at("code"), "COMP002");
  EXPECT_EQ(defaults.at("timezone"), "UTC");
  EXPECT_EQ(defaults.at("currency"), "EUR");

  auto deleted = Call(client_, "DELETE", PathOf(company));
  EXPECT_EQ(deleted.status, 204);
  auto gone = Call(client_, "GET", PathOf(company));
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(ErrorCodeOf(gone), "not_found");
  EXPECT_EQ(ListedIds(client_), std::set<std::string>{std::string(defaults.at("id").as_string())});
  // Codes are never reused.
  EXPECT_EQ(Create(client_, "Third shop").at("code"), "COMP003");
}

TEST_P(CompaniesApiTest, AnotherTenantsCompanyIsNotFound) {
  auto theirs = Create(other_, "Theirs");
  for (const User* user : {&client_, &manager_}) {
    auto get = Call(*user, "GET", PathOf(theirs));
    EXPECT_EQ(get.status, 404) << user->role;
    EXPECT_EQ(ErrorCodeOf(get), "not_found");
    EXPECT_EQ(Call(*user, "PATCH", PathOf(theirs), R"({"name":"Mine"})").status, 404);
    EXPECT_EQ(Call(*user, "PATCH", PathOf(theirs), R"({"status":"SUSPENDED"})").status, 404);
    EXPECT_EQ(Call(*user, "DELETE", PathOf(theirs)).status, 404);
  }
  // Unchanged, still there.
  auto still = Call(other_, "GET", PathOf(theirs));
  ASSERT_EQ(still.status, 200);
  EXPECT_EQ(Json(still).at("name"), "Theirs");
  EXPECT_EQ(Call(client_, "GET", "/api/v1/companies/cmp_nonsense").status, 404);
}

TEST_P(CompaniesApiTest, ListsAreScopedByRole) {
  auto mine = std::string(Create(client_, "Mine").at("id").as_string());
  auto theirs = std::string(Create(other_, "Theirs").at("id").as_string());
  auto by_manager = std::string(Create(manager_, "For my client", client_.account_id).at("id").as_string());
  auto by_admin = std::string(Create(admin_, "By admin", other_.account_id).at("id").as_string());

  EXPECT_EQ(ListedIds(client_), (std::set<std::string>{mine, by_manager}));
  EXPECT_EQ(ListedIds(other_), (std::set<std::string>{theirs, by_admin}));
  EXPECT_EQ(ListedIds(manager_), (std::set<std::string>{mine, by_manager}));
  EXPECT_EQ(ListedIds(admin_), (std::set<std::string>{mine, theirs, by_manager, by_admin}));
  EXPECT_EQ(ListedIds(admin_, "?account_id=" + other_.account_id), (std::set<std::string>{theirs, by_admin}));
  EXPECT_EQ(ListedIds(manager_, "?account_id=" + client_.account_id),
            (std::set<std::string>{mine, by_manager}));

  // Nobody lists an account that is not theirs.
  auto peek = Call(client_, "GET", "/api/v1/companies?account_id=" + other_.account_id);
  EXPECT_EQ(peek.status, 404);
  EXPECT_EQ(ErrorFieldOf(peek), "account_id");
  EXPECT_EQ(Call(manager_, "GET", "/api/v1/companies?account_id=" + other_.account_id).status, 404);

  // A manager creates only for assigned clients, and must say for whom.
  auto unassigned = Call(manager_, "POST", "/api/v1/companies",
                         R"({"name":"Nope","type":"PRODUCT","account_id":")" + other_.account_id + "\"}");
  EXPECT_EQ(unassigned.status, 404);
  auto unnamed = Call(manager_, "POST", "/api/v1/companies", R"({"name":"Nope","type":"PRODUCT"})");
  EXPECT_EQ(unnamed.status, 400);
  EXPECT_EQ(ErrorFieldOf(unnamed), "account_id");
  EXPECT_EQ(Call(client_, "POST", "/api/v1/companies",
                 R"({"name":"Nope","type":"PRODUCT","account_id":")" + other_.account_id + "\"}")
                .status,
            404);
  EXPECT_EQ(ListedIds(admin_).size(), 4u);
}

TEST_P(CompaniesApiTest, ManagerAreaCountsEachClientsCompanies) {
  Create(client_, "One");
  auto two = Create(manager_, "Two", client_.account_id);
  Create(other_, "Elsewhere");
  ASSERT_EQ(Call(client_, "DELETE", PathOf(two)).status, 204);
  auto r = Call(manager_, "GET", "/api/v1/manager/clients");
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = Json(r);
  const auto& items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("account").at("id"), client_.account_id.c_str());
  EXPECT_EQ(items[0].at("companies_count").as_int64(), 1);
  EXPECT_EQ(items[0].at("stats").at("messages_in").as_int64(), 0);
}

TEST_P(CompaniesApiTest, ListPagesFiltersAndSearches) {
  for (int i = 1; i <= 5; ++i) Create(client_, "Shop " + std::to_string(i));
  Create(client_, "Цветы");
  std::vector<std::string> codes;
  std::string query = "?limit=4";
  int pages = 0;
  while (true) {
    auto r = Call(client_, "GET", "/api/v1/companies" + query);
    ASSERT_EQ(r.status, 200) << r.body;
    ++pages;
    auto page = Json(r);
    for (const auto& item : page.at("items").as_array()) codes.emplace_back(item.at("code").as_string());
    if (page.at("next_cursor").is_null()) break;
    query = "?limit=4&cursor=" + std::string(page.at("next_cursor").as_string());
  }
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(codes,
            (std::vector<std::string>{"COMP001", "COMP002", "COMP003", "COMP004", "COMP005", "COMP006"}));

  EXPECT_EQ(ListedIds(client_, "?q=SHOP%203").size(), 1u);
  EXPECT_EQ(ListedIds(client_, "?q=%D1%86%D0%B2%D0%B5%D1%82").size(), 1u);  // "цвет" finds "Цветы"
  EXPECT_EQ(ListedIds(client_, "?q=comp00").size(), 6u);
  EXPECT_EQ(ListedIds(client_, "?status=SUSPENDED").size(), 0u);
  EXPECT_EQ(ListedIds(client_, "?status=ACTIVE").size(), 6u);

  for (const auto& [query_text, field] :
       std::vector<std::pair<std::string, std::string>>{{"?limit=0", "limit"},
                                                        {"?limit=abc", "limit"},
                                                        {"?cursor=xyz", "cursor"},
                                                        {"?status=gone", "status"}}) {
    auto r = Call(client_, "GET", "/api/v1/companies" + query_text);
    EXPECT_EQ(r.status, 400) << query_text;
    EXPECT_EQ(ErrorFieldOf(r), field) << query_text;
  }
}

TEST_P(CompaniesApiTest, OnlyAdminsSuspendAndTouchSuspendedCompanies) {
  auto company = Create(client_, "Shop");
  for (const User* user : {&client_, &manager_}) {
    auto r = Call(*user, "PATCH", PathOf(company), R"({"status":"SUSPENDED"})");
    EXPECT_EQ(r.status, 403) << user->role;
    EXPECT_EQ(ErrorCodeOf(r), "permission_denied");
  }
  auto suspended = Call(admin_, "PATCH", PathOf(company), R"({"status":"SUSPENDED"})");
  ASSERT_EQ(suspended.status, 200) << suspended.body;
  EXPECT_EQ(Json(suspended).at("status"), "SUSPENDED");
  for (const User* user : {&client_, &manager_}) {
    EXPECT_EQ(Call(*user, "PATCH", PathOf(company), R"({"status":"ACTIVE"})").status, 403);
    EXPECT_EQ(Call(*user, "PATCH", PathOf(company), R"({"name":"Renamed"})").status, 403);
    EXPECT_EQ(Call(*user, "DELETE", PathOf(company)).status, 403);
    EXPECT_EQ(Json(Call(*user, "GET", PathOf(company))).at("status"), "SUSPENDED");
  }
  EXPECT_EQ(Json(Call(client_, "GET", PathOf(company))).at("name"), "Shop");
  EXPECT_EQ(Call(admin_, "PATCH", PathOf(company), R"({"status":"ACTIVE"})").status, 200);
  EXPECT_EQ(Call(client_, "PATCH", PathOf(company), R"({"name":"Renamed"})").status, 200);
}

TEST_P(CompaniesApiTest, ValidationErrorsNameTheField) {
  struct Case {
    std::string body;
    std::string field;
  };
  std::vector<Case> cases = {
      {R"({"type":"PRODUCT"})", "name"},
      {R"({"name":"   ","type":"PRODUCT"})", "name"},
      {R"({"name":")" + std::string(121, 'n') + R"(","type":"PRODUCT"})", "name"},
      {R"({"name":"Shop"})", "type"},
      {R"({"name":"Shop","type":"GOODS"})", "type"},
      {R"({"name":"Shop","type":"PRODUCT","timezone":"Europe/Atlantis"})", "timezone"},
      {R"({"name":"Shop","type":"PRODUCT","currency":"XYZ"})", "currency"},
      {R"({"name":"Shop","type":"PRODUCT","colour":"red"})", "colour"},
      {R"({"name":7,"type":"PRODUCT"})", "name"},
  };
  for (const auto& c : cases) {
    auto r = Call(client_, "POST", "/api/v1/companies", c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    EXPECT_EQ(ErrorCodeOf(r), "invalid_argument") << c.body;
    EXPECT_EQ(ErrorFieldOf(r), c.field) << c.body;
  }
  auto company = Create(client_, "Shop");
  auto bad_patch = Call(client_, "PATCH", PathOf(company), R"({"currency":"eur","timezone":"Mars/Base"})");
  EXPECT_EQ(bad_patch.status, 400);
  EXPECT_EQ(ErrorFieldOf(bad_patch), "timezone");
  EXPECT_EQ(Json(Call(client_, "GET", PathOf(company))).at("currency"), "EUR");
  EXPECT_EQ(ListedIds(client_).size(), 1u);
}

TEST_P(CompaniesApiTest, SignInIsRequired) {
  auto anonymous = server_->Get("/api/v1/companies").value();
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(ErrorCodeOf(anonymous), "unauthenticated");
  User forged = client_;
  forged.token = crypto::SignJwtHs256({{"iss", "x8"}, {"sub", client_.id}, {"exp", NowMillis() / 1000 + 60}},
                                      "not the server's key");
  EXPECT_EQ(Call(forged, "GET", "/api/v1/companies").status, 401);
}

TEST_P(CompaniesApiTest, AdminStatsAreForAdminsOnly) {
  for (const User* user : {&client_, &manager_}) {
    auto r = Call(*user, "GET", "/api/v1/admin/stats");
    EXPECT_EQ(r.status, 403) << user->role;
    EXPECT_EQ(ErrorCodeOf(r), "permission_denied");
  }
  auto company = Create(client_, "Shop");
  Create(other_, "Other");
  ASSERT_EQ(Call(admin_, "PATCH", PathOf(company), R"({"status":"SUSPENDED"})").status, 200);
  auto r = Call(admin_, "GET", "/api/v1/admin/stats");
  ASSERT_EQ(r.status, 200) << r.body;
  auto stats = Json(r);
  EXPECT_EQ(stats.at("users_by_role").at("ADMIN").as_int64(), 1);
  EXPECT_EQ(stats.at("users_by_role").at("MANAGER").as_int64(), 1);
  EXPECT_EQ(stats.at("users_by_role").at("CLIENT").as_int64(), 2);
  EXPECT_EQ(stats.at("accounts").as_int64(), 2);
  EXPECT_EQ(stats.at("companies_by_status").at("ACTIVE").as_int64(), 1);
  EXPECT_EQ(stats.at("companies_by_status").at("INACTIVE").as_int64(), 0);
  EXPECT_EQ(stats.at("companies_by_status").at("SUSPENDED").as_int64(), 1);
  EXPECT_EQ(stats.at("signups_last_7d").as_int64(), 2);
}

X8_INSTANTIATE_ENGINE_TEST(CompaniesApiTest);

}  // namespace
}  // namespace x8::testing
