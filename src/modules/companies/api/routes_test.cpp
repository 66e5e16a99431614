// Handlers through the router (no server): request parsing, JSON shapes, status codes.
#include "modules/companies/api/routes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>

#include "modules/companies/store/sql_company_repository.h"
#include "modules/companies/testing/fixtures.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::companies {
namespace {

using storage::testing::EngineTest;

class EveryAccountExists final : public accounts::AccountDirectory {
 public:
  Result<std::optional<std::string>> ManagerOf(std::string_view) override {
    return std::optional<std::string>("");
  }
};

class CompanyRoutesTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(storage::Migrate(db()));
    repository_ = std::make_unique<SqlCompanyRepository>(db(), clock_);
    service_ = std::make_shared<CompanyService>(*repository_, stats_, policy_);
    AddRoutes(router_, service_, std::make_shared<SqlPlatformStats>(db()), clock_);
    client_ = testing::InsertClient(db());
  }

  http::Response Call(std::string method, std::string path, std::string body = {},
                      const std::optional<http::Principal>& principal = std::nullopt,
                      std::string query = {}) {
    http::Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.query = std::move(query);
    request.body = std::move(body);
    request.principal = principal ? principal : std::optional<http::Principal>(client_);
    request.request_id = "req-1";
    auto match = router_.Match(request.method, request.path);
    EXPECT_EQ(match.kind, http::RouteMatch::Kind::kFound) << request.method << " " << request.path;
    if (match.kind != http::RouteMatch::Kind::kFound) return {};
    request.path_params = match.params;
    return match.route->handler(request);
  }
  static boost::json::value Json(const http::Response& r) { return boost::json::parse(r.body); }
  static std::string FieldOf(const http::Response& r) {
    return std::string(Json(r).at("error").at("details").at("field").as_string());
  }

  FakeClock clock_;
  NoConversationsStats stats_;
  EveryAccountExists directory_;
  accounts::AccessPolicy policy_{directory_};
  std::unique_ptr<SqlCompanyRepository> repository_;
  std::shared_ptr<CompanyService> service_;
  http::Router router_;
  http::Principal client_;
};

TEST_P(CompanyRoutesTest, CreateAnswers201WithTheCompanyDocument) {
  auto r = Call("POST", "/api/v1/companies",
                R"({"name":"Roses","type":"PRODUCT","timezone":"Europe/Berlin","currency":"usd"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto company = Json(r).as_object();
  EXPECT_TRUE(IsValidId(company.at("id").as_string(), "cmp"));
  EXPECT_EQ(company.at("code"), "COMP001");
  EXPECT_EQ(company.at("account_id"), client_.tenant_id.c_str());
  EXPECT_EQ(company.at("name"), "Roses");
  EXPECT_EQ(company.at("type"), "PRODUCT");
  EXPECT_EQ(company.at("status"), "ACTIVE");
  EXPECT_EQ(company.at("timezone"), "Europe/Berlin");
  EXPECT_EQ(company.at("currency"), "USD");
  EXPECT_EQ(company.at("created_at").as_int64(), clock_.NowMillis());
  EXPECT_EQ(company.at("updated_at").as_int64(), clock_.NowMillis());
  EXPECT_EQ(company.at("stats"),
            (boost::json::object{{"messages_in", 0}, {"messages_out", 0}, {"conversations", 0}}));
  EXPECT_EQ(company.size(), 11u);
}

TEST_P(CompanyRoutesTest, BadBodiesAre400NamingTheField) {
  auto unknown = Call("POST", "/api/v1/companies", R"({"name":"Roses","type":"PRODUCT","curency":"EUR"})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(FieldOf(unknown), "curency");
  auto wrong_type = Call("POST", "/api/v1/companies", R"({"name":42,"type":"PRODUCT"})");
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(FieldOf(wrong_type), "name");
  auto missing = Call("POST", "/api/v1/companies", R"({"name":"Roses"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(FieldOf(missing), "type");
  auto malformed = Call("POST", "/api/v1/companies", R"({"name":)");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_TRUE(Json(malformed).at("error").at("details").as_object().contains("line"));

  auto created = Json(Call("POST", "/api/v1/companies", R"({"name":"Roses","type":"PRODUCT"})"));
  std::string path = "/api/v1/companies/" + std::string(created.at("id").as_string());
  auto move = Call("PATCH", path, R"({"account_id":"acc_x"})");
  EXPECT_EQ(move.status, 400);
  EXPECT_EQ(FieldOf(move), "account_id");
  auto typo = Call("PATCH", path, R"({"stauts":"INACTIVE"})");
  EXPECT_EQ(typo.status, 400);
  EXPECT_EQ(FieldOf(typo), "stauts");
  auto bad_zone = Call("PATCH", path, R"({"timezone":"Nowhere/Land"})");
  EXPECT_EQ(bad_zone.status, 400);
  EXPECT_EQ(FieldOf(bad_zone), "timezone");
  EXPECT_EQ(Json(bad_zone).at("error").at("request_id"), "req-1");
}

TEST_P(CompanyRoutesTest, ReadChangeListAndDelete) {
  auto created = Json(Call("POST", "/api/v1/companies", R"({"name":"Roses","type":"PRODUCT"})"));
  std::string path = "/api/v1/companies/" + std::string(created.at("id").as_string());
  EXPECT_EQ(Json(Call("GET", path)).at("name"), "Roses");
  auto patched = Call("PATCH", path, R"({"name":"Tulips","status":"INACTIVE"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Json(patched).at("status"), "INACTIVE");

  clock_.Advance(Millis(1));
  Call("POST", "/api/v1/companies", R"({"name":"Lilies","type":"SERVICE"})");
  auto page = Json(Call("GET", "/api/v1/companies", {}, std::nullopt, "limit=1"));
  EXPECT_EQ(page.at("items").as_array().size(), 1u);
  ASSERT_TRUE(page.at("next_cursor").is_string());
  auto rest = Json(Call("GET", "/api/v1/companies", {}, std::nullopt,
                        "limit=1&cursor=" + std::string(page.at("next_cursor").as_string())));
  EXPECT_EQ(rest.at("items").at(0).at("name"), "Lilies");
  EXPECT_TRUE(rest.at("next_cursor").is_null());
  auto searched = Json(Call("GET", "/api/v1/companies", {}, std::nullopt, "q=TULIP&status=INACTIVE"));
  EXPECT_EQ(searched.at("items").as_array().size(), 1u);
  auto bad_status = Call("GET", "/api/v1/companies", {}, std::nullopt, "status=nope");
  EXPECT_EQ(bad_status.status, 400);
  EXPECT_EQ(FieldOf(bad_status), "status");

  auto deleted = Call("DELETE", path);
  EXPECT_EQ(deleted.status, 204);
  EXPECT_TRUE(deleted.body.empty());
  auto gone = Call("GET", path);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(Json(gone).at("error").at("code"), "not_found");
}

TEST_P(CompanyRoutesTest, AdminStatsRouteIsForAdminsAndCountsThePlatform) {
  auto routes = router_.Routes();
  auto it = std::find_if(routes.begin(), routes.end(),
                         [](const http::Route* r) { return r->pattern == "/api/v1/admin/stats"; });
  ASSERT_NE(it, routes.end());
  EXPECT_EQ((*it)->options.roles, std::vector<std::string>{"ADMIN"});
  for (const auto* route : routes) {
    EXPECT_EQ(route->options.access, http::Access::kAuthenticated) << route->pattern;
  }

  Call("POST", "/api/v1/companies", R"({"name":"Roses","type":"PRODUCT"})");
  auto stats = Call("GET", "/api/v1/admin/stats", {}, http::Principal{NewId("usr"), "ADMIN", ""});
  ASSERT_EQ(stats.status, 200);
  auto body = Json(stats);
  EXPECT_EQ(body.at("users_by_role").at("CLIENT").as_int64(), 1);
  EXPECT_EQ(body.at("users_by_role").at("ADMIN").as_int64(), 0);
  EXPECT_EQ(body.at("accounts").as_int64(), 1);
  EXPECT_EQ(body.at("companies_by_status").at("ACTIVE").as_int64(), 1);
  EXPECT_EQ(body.at("companies_by_status").at("SUSPENDED").as_int64(), 0);
  EXPECT_EQ(body.at("signups_last_7d").as_int64(), 1);
}

X8_INSTANTIATE_ENGINE_TEST(CompanyRoutesTest);

}  // namespace
}  // namespace x8::companies
