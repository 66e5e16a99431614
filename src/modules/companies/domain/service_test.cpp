// The use cases over the real SQL store (SQLite and PostgreSQL): roles, tenancy, validation.
#include "modules/companies/domain/service.h"

#include <gtest/gtest.h>

#include "modules/companies/store/sql_company_repository.h"
#include "modules/companies/testing/fixtures.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::companies {
namespace {

using storage::testing::EngineTest;
using testing::InsertClient;
using testing::InsertManager;

// The access policy's lookup, straight from migration 0003's accounts table.
class AccountsTable final : public accounts::AccountDirectory {
 public:
  explicit AccountsTable(storage::Database& db) : db_(db) {}
  Result<std::optional<std::string>> ManagerOf(std::string_view account_id) override {
    X8_TRY(auto rows,
           db_.Query("SELECT manager_user_id FROM accounts WHERE id = ?", {std::string(account_id)}));
    if (rows.empty()) return std::optional<std::string>{};
    return std::optional<std::string>(rows[0].OptText("manager_user_id").value_or(""));
  }

 private:
  storage::Database& db_;
};

// Counts as the conversations module would report them.
class FixedStats final : public CompanyStatsSource {
 public:
  Result<std::unordered_map<std::string, CompanyStats>> StatsFor(std::span<const std::string> ids) override {
    std::unordered_map<std::string, CompanyStats> out;
    for (const auto& id : ids) {
      ++lookups;
      out[id] = {.messages_in = 7, .messages_out = 5, .conversations = 2};
    }
    return out;
  }
  int lookups = 0;
};

std::string FieldOf(const Error& error) {
  auto it = error.details.find("field");
  return it == error.details.end() ? "" : std::string(it->value().as_string());
}

class CompanyServiceTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto migrated = storage::Migrate(db());
    ASSERT_TRUE(migrated) << migrated.error().message;
    directory_ = std::make_unique<AccountsTable>(db());
    policy_ = std::make_unique<accounts::AccessPolicy>(*directory_);
    repository_ = std::make_unique<SqlCompanyRepository>(db(), clock_);
    service_ = std::make_unique<CompanyService>(*repository_, stats_, *policy_);
    manager_ = {InsertManager(db()), "MANAGER", ""};
    client_ = InsertClient(db(), manager_.user_id);
    other_client_ = InsertClient(db());
    admin_ = {NewId("usr"), "ADMIN", ""};
  }

  CompanyView Create(const http::Principal& who, const CreateCompanyInput& input) {
    auto created = service_->Create(who, input);
    EXPECT_TRUE(created) << created.error().message;
    return created ? *created : CompanyView{};
  }
  CreateCompanyInput Shop(std::string name, std::optional<std::string> account = std::nullopt) {
    return {.name = std::move(name), .type = "PRODUCT", .account_id = std::move(account)};
  }

  FakeClock clock_;
  FixedStats stats_;
  std::unique_ptr<AccountsTable> directory_;
  std::unique_ptr<accounts::AccessPolicy> policy_;
  std::unique_ptr<SqlCompanyRepository> repository_;
  std::unique_ptr<CompanyService> service_;
  http::Principal manager_, client_, other_client_, admin_;
};

TEST_P(CompanyServiceTest, ClientCreatesInItsOwnAccountWithDefaults) {
  auto view = Create(client_, {.name = "  Flower Shop ", .type = "PRODUCT"});
  EXPECT_EQ(view.company.account_id, client_.tenant_id);
  EXPECT_EQ(view.company.name, "Flower Shop");
  EXPECT_EQ(view.company.code, "COMP001");
  EXPECT_EQ(view.company.timezone, "UTC");
  EXPECT_EQ(view.company.currency, "EUR");
  EXPECT_EQ(view.company.status, CompanyStatus::kActive);
  EXPECT_EQ(view.stats.messages_in, 7);  // from the stats source
  EXPECT_EQ(view.stats.conversations, 2);
  // Naming its own account is fine; naming another is not found.
  EXPECT_TRUE(service_->Create(client_, Shop("Second", client_.tenant_id)));
  auto foreign = service_->Create(client_, Shop("Third", other_client_.tenant_id));
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(FieldOf(foreign.error()), "account_id");
}

TEST_P(CompanyServiceTest, ManagersAndAdminsNameTheAccount) {
  auto missing = service_->Create(manager_, Shop("No account"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(missing.error()), "account_id");
  EXPECT_EQ(service_->Create(admin_, Shop("No account")).error().code, ErrorCode::kInvalidArgument);

  EXPECT_EQ(Create(manager_, Shop("Managed", client_.tenant_id)).company.account_id, client_.tenant_id);
  auto unassigned = service_->Create(manager_, Shop("Not mine", other_client_.tenant_id));
  ASSERT_FALSE(unassigned);
  EXPECT_EQ(unassigned.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Create(admin_, Shop("Anywhere", other_client_.tenant_id)).company.account_id,
            other_client_.tenant_id);
  EXPECT_EQ(service_->Create(admin_, Shop("Nowhere", NewId("acc"))).error().code, ErrorCode::kNotFound);
}

TEST_P(CompanyServiceTest, InvalidInputNamesTheField) {
  struct Case {
    CreateCompanyInput input;
    std::string field;
  };
  std::vector<Case> cases = {
      {{.type = "PRODUCT"}, "name"},
      {{.name = "   ", .type = "PRODUCT"}, "name"},
      {{.name = std::string(121, 'x'), .type = "PRODUCT"}, "name"},
      {{.name = "Shop"}, "type"},
      {{.name = "Shop", .type = "SHOP"}, "type"},
      {{.name = "Shop", .type = "PRODUCT", .timezone = "Mars/Olympus"}, "timezone"},
      {{.name = "Shop", .type = "PRODUCT", .currency = "EURO"}, "currency"},
  };
  for (const auto& c : cases) {
    auto created = service_->Create(client_, c.input);
    ASSERT_FALSE(created) << c.field;
    EXPECT_EQ(created.error().code, ErrorCode::kInvalidArgument) << c.field;
    EXPECT_EQ(FieldOf(created.error()), c.field);
  }
  EXPECT_TRUE(service_->List(client_, {}).value().items.empty());
}

TEST_P(CompanyServiceTest, ForeignCompaniesAreNotFoundForEveryOperation) {
  auto theirs = Create(other_client_, Shop("Theirs")).company;
  for (const auto& who : {client_, manager_}) {
    EXPECT_EQ(service_->Get(who, theirs.id).error().code, ErrorCode::kNotFound) << who.role;
    EXPECT_EQ(service_->Update(who, theirs.id, {.name = "Mine now"}).error().code, ErrorCode::kNotFound);
    // Even a change only an admin could make answers 404, not 403: the id reveals nothing.
    EXPECT_EQ(service_->Update(who, theirs.id, {.status = "SUSPENDED"}).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->Delete(who, theirs.id).error().code, ErrorCode::kNotFound);
  }
  EXPECT_EQ(service_->Get(client_, "not-an-id").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Get(admin_, NewId("cmp")).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Get(admin_, theirs.id).value().company.name, "Theirs");
}

TEST_P(CompanyServiceTest, ListIsScopedAndAccountFilterIsChecked) {
  auto mine = Create(client_, Shop("Mine")).company;
  auto theirs = Create(other_client_, Shop("Theirs")).company;

  auto client_list = service_->List(client_, {}).value();
  ASSERT_EQ(client_list.items.size(), 1u);
  EXPECT_EQ(client_list.items[0].company.id, mine.id);
  EXPECT_EQ(client_list.items[0].stats.messages_out, 5);
  auto peek = service_->List(client_, {.account_id = other_client_.tenant_id});
  ASSERT_FALSE(peek);
  EXPECT_EQ(peek.error().code, ErrorCode::kNotFound);

  auto manager_list = service_->List(manager_, {}).value();
  ASSERT_EQ(manager_list.items.size(), 1u);
  EXPECT_EQ(manager_list.items[0].company.id, mine.id);
  EXPECT_EQ(service_->List(manager_, {.account_id = other_client_.tenant_id}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(service_->List(manager_, {.account_id = client_.tenant_id}).value().items.size(), 1u);

  EXPECT_EQ(service_->List(admin_, {}).value().items.size(), 2u);
  auto filtered = service_->List(admin_, {.account_id = other_client_.tenant_id}).value();
  ASSERT_EQ(filtered.items.size(), 1u);
  EXPECT_EQ(filtered.items[0].company.id, theirs.id);
}

TEST_P(CompanyServiceTest, ListValidatesAndPages) {
  for (int i = 0; i < 5; ++i) {
    Create(client_, Shop("Shop " + std::to_string(i)));
    clock_.Advance(Millis(1));
  }
  auto first = service_->List(client_, {.limit = "2"}).value();
  ASSERT_EQ(first.items.size(), 2u);
  ASSERT_TRUE(first.next_cursor);
  auto second = service_->List(client_, {.cursor = first.next_cursor, .limit = "2"}).value();
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_EQ(second.items[0].company.code, "COMP003");
  auto last = service_->List(client_, {.cursor = second.next_cursor, .limit = "2"}).value();
  EXPECT_EQ(last.items.size(), 1u);
  EXPECT_FALSE(last.next_cursor);

  EXPECT_EQ(service_->List(client_, {.q = " shop 4 "}).value().items.size(), 1u);
  EXPECT_EQ(FieldOf(service_->List(client_, {.status = "GONE"}).error()), "status");
  EXPECT_EQ(FieldOf(service_->List(client_, {.cursor = "garbage"}).error()), "cursor");
  EXPECT_EQ(FieldOf(service_->List(client_, {.limit = "1000"}).error()), "limit");
  EXPECT_EQ(FieldOf(service_->List(client_, {.q = std::string(121, 'q')}).error()), "q");
  EXPECT_EQ(service_->List(client_, {.status = "INACTIVE"}).value().items.size(), 0u);
}

TEST_P(CompanyServiceTest, OnlyAdminsSuspendOrTouchSuspendedCompanies) {
  auto company = Create(client_, Shop("Shop")).company;
  for (const auto& who : {client_, manager_}) {
    auto suspend = service_->Update(who, company.id, {.status = "SUSPENDED"});
    ASSERT_FALSE(suspend) << who.role;
    EXPECT_EQ(suspend.error().code, ErrorCode::kPermissionDenied);
  }
  // Other status changes are theirs to make.
  EXPECT_EQ(service_->Update(client_, company.id, {.status = "INACTIVE"}).value().company.status,
            CompanyStatus::kInactive);
  EXPECT_EQ(service_->Update(manager_, company.id, {.status = "ACTIVE"}).value().company.status,
            CompanyStatus::kActive);

  EXPECT_EQ(service_->Update(admin_, company.id, {.status = "SUSPENDED"}).value().company.status,
            CompanyStatus::kSuspended);
  for (const auto& who : {client_, manager_}) {
    EXPECT_EQ(service_->Update(who, company.id, {.name = "Renamed"}).error().code,
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_->Update(who, company.id, {.status = "ACTIVE"}).error().code,
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_->Delete(who, company.id).error().code, ErrorCode::kPermissionDenied);
    // Reading stays allowed.
    EXPECT_EQ(service_->Get(who, company.id).value().company.status, CompanyStatus::kSuspended);
  }
  EXPECT_EQ(service_->Get(admin_, company.id).value().company.name, "Shop");
  EXPECT_EQ(service_->Update(admin_, company.id, {.status = "ACTIVE"}).value().company.status,
            CompanyStatus::kActive);
  EXPECT_TRUE(service_->Update(client_, company.id, {.name = "Renamed"}));
}

TEST_P(CompanyServiceTest, UpdateValidatesEveryFieldItChanges) {
  auto company = Create(client_, Shop("Shop")).company;
  EXPECT_EQ(FieldOf(service_->Update(client_, company.id, {.name = ""}).error()), "name");
  EXPECT_EQ(FieldOf(service_->Update(client_, company.id, {.type = "BOTH"}).error()), "type");
  EXPECT_EQ(FieldOf(service_->Update(client_, company.id, {.status = "active"}).error()), "status");
  EXPECT_EQ(FieldOf(service_->Update(client_, company.id, {.timezone = "CET+1"}).error()), "timezone");
  EXPECT_EQ(FieldOf(service_->Update(client_, company.id, {.currency = "BTC"}).error()), "currency");
  auto updated =
      service_
          ->Update(client_, company.id,
                   {.name = " Atelier ", .type = "SERVICE", .timezone = "Europe/Paris", .currency = "chf"})
          .value();
  EXPECT_EQ(updated.company.name, "Atelier");
  EXPECT_EQ(updated.company.type, CompanyType::kService);
  EXPECT_EQ(updated.company.timezone, "Europe/Paris");
  EXPECT_EQ(updated.company.currency, "CHF");
  // An empty patch answers the company as it is.
  EXPECT_EQ(service_->Update(client_, company.id, {}).value().company.name, "Atelier");
}

TEST_P(CompanyServiceTest, DeleteHidesTheCompany) {
  auto company = Create(client_, Shop("Shop")).company;
  ASSERT_TRUE(service_->Delete(manager_, company.id));
  EXPECT_EQ(service_->Get(client_, company.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Delete(client_, company.id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(service_->List(admin_, {}).value().items.empty());
}

TEST_P(CompanyServiceTest, DefaultStatsSourceReportsZerosForEveryCompany) {
  NoConversationsStats none;
  CompanyService service(*repository_, none, *policy_);
  auto view = service.Create(client_, Shop("Quiet")).value();
  EXPECT_EQ(view.stats.messages_in, 0);
  EXPECT_EQ(view.stats.messages_out, 0);
  EXPECT_EQ(view.stats.conversations, 0);
  std::vector<std::string> ids{"cmp_a", "cmp_b"};
  EXPECT_EQ(none.StatsFor(ids).value().size(), 2u);
}

TEST_P(CompanyServiceTest, FiguresOfAnAccountCountItsLiveCompaniesAndSumTheirStats) {
  Create(client_, Shop("One"));
  auto two = Create(client_, Shop("Two")).company;
  Create(client_, Shop("Three"));
  Create(other_client_, Shop("Elsewhere"));
  ASSERT_TRUE(service_->Delete(client_, two.id));
  auto figures = service_->FiguresOf(client_.tenant_id).value();
  EXPECT_EQ(figures.companies, 2);
  EXPECT_EQ(figures.stats.messages_in, 14);  // 7 per company from FixedStats
  EXPECT_EQ(figures.stats.messages_out, 10);
  EXPECT_EQ(figures.stats.conversations, 4);
  auto none = service_->FiguresOf(NewId("acc")).value();
  EXPECT_EQ(none.companies, 0);
  EXPECT_EQ(none.stats.messages_in, 0);
}

X8_INSTANTIATE_ENGINE_TEST(CompanyServiceTest);

}  // namespace
}  // namespace x8::companies
