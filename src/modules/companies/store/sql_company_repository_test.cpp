// Contract tests of the SQL store on SQLite and PostgreSQL.
#include "modules/companies/store/sql_company_repository.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "modules/companies/testing/fixtures.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::companies {
namespace {

using storage::testing::EngineTest;
using testing::InsertClient;
using testing::InsertManager;
using testing::InsertUser;

class CompanyStoreTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto migrated = storage::Migrate(db());
    ASSERT_TRUE(migrated) << migrated.error().message;
    repository_ = std::make_unique<SqlCompanyRepository>(db(), clock_);
  }

  NewCompany Named(const std::string& account_id, std::string name,
                   CompanyType type = CompanyType::kProduct) {
    return {.account_id = account_id, .name = std::move(name), .type = type};
  }
  Company MustCreate(const AccountScope& scope, const NewCompany& company) {
    auto created = repository_->Create(scope, company);
    EXPECT_TRUE(created) << created.error().message;
    return created ? *created : Company{};
  }

  FakeClock clock_;
  std::unique_ptr<SqlCompanyRepository> repository_;
};

TEST_P(CompanyStoreTest, CreateAssignsIdConsecutiveCodesAndTimes) {
  auto client = InsertClient(db());
  auto scope = AccountScope::Account(client.tenant_id);
  auto first = MustCreate(scope, {.account_id = client.tenant_id,
                                  .name = "Roses & Co",
                                  .type = CompanyType::kHybrid,
                                  .timezone = "Europe/Berlin",
                                  .currency = "USD"});
  clock_.Advance(Millis(5));
  auto second = MustCreate(scope, Named(client.tenant_id, "Tulips"));
  EXPECT_TRUE(IsValidId(first.id, "cmp"));
  EXPECT_EQ(first.code, "COMP001");
  EXPECT_EQ(second.code, "COMP002");
  EXPECT_EQ(first.status, CompanyStatus::kActive);
  EXPECT_EQ(first.created_at, clock_.NowMillis() - 5);
  EXPECT_EQ(first.updated_at, first.created_at);

  auto read = repository_->Get(scope, first.id).value();
  EXPECT_EQ(read.name, "Roses & Co");
  EXPECT_EQ(read.type, CompanyType::kHybrid);
  EXPECT_EQ(read.timezone, "Europe/Berlin");
  EXPECT_EQ(read.currency, "USD");
  EXPECT_EQ(read.account_id, client.tenant_id);
  EXPECT_EQ(read.code, "COMP001");
  auto defaults = repository_->Get(scope, second.id).value();
  EXPECT_EQ(defaults.timezone, "UTC");
  EXPECT_EQ(defaults.currency, "EUR");
}

TEST_P(CompanyStoreTest, CodesAreSharedPlatformWideAndNeverReused) {
  auto a = InsertClient(db());
  auto b = InsertClient(db());
  auto first = MustCreate(AccountScope::Account(a.tenant_id), Named(a.tenant_id, "A1"));
  ASSERT_TRUE(repository_->Delete(AccountScope::Account(a.tenant_id), first.id, {}));
  auto second = MustCreate(AccountScope::Account(b.tenant_id), Named(b.tenant_id, "B1"));
  auto third = MustCreate(AccountScope::Everything(), Named(a.tenant_id, "A2"));
  EXPECT_EQ(first.code, "COMP001");
  EXPECT_EQ(second.code, "COMP002");
  EXPECT_EQ(third.code, "COMP003");
}

TEST_P(CompanyStoreTest, FailedCreateRollsBackItsCodeAndUniqueIndexBacksTheCounter) {
  auto client = InsertClient(db());
  auto scope = AccountScope::Account(client.tenant_id);
  auto counter = [&] {
    return db().Query("SELECT value FROM counters WHERE name = 'company_code'").value()[0].Int("value");
  };
  auto missing_account = repository_->Create(AccountScope::Everything(), Named(NewId("acc"), "Ghost"));
  ASSERT_FALSE(missing_account);
  EXPECT_EQ(missing_account.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing_account.error().details.at("field"), "account_id");
  EXPECT_EQ(counter(), 0);

  // A row already holding COMP001 (say, imported): the insert fails on the UNIQUE index after the counter
  // moved, and the whole transaction — counter included — rolls back.
  std::string squatter = NewId("cmp");
  ASSERT_TRUE(db().Exec(
      "INSERT INTO companies (id, seq, code, account_id, name, search_text, type, status, timezone, "
      "currency, created_at, updated_at) "
      "VALUES (?, 1000000, 'COMP001', ?, 'Dup', 'dup', 'PRODUCT', 'ACTIVE', 'UTC', 'EUR', 1, 1)",
      {squatter, client.tenant_id}));
  auto clash = repository_->Create(scope, Named(client.tenant_id, "Clash"));
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, ErrorCode::kConflict);
  EXPECT_EQ(counter(), 0);
  ASSERT_TRUE(db().Exec("DELETE FROM companies WHERE id = ?", {squatter}));
  EXPECT_EQ(MustCreate(scope, Named(client.tenant_id, "Real")).code, "COMP001");
  EXPECT_EQ(counter(), 1);
}

TEST_P(CompanyStoreTest, FiftyConcurrentCreatesGetFiftyDistinctConsecutiveCodes) {
  auto client = InsertClient(db());
  constexpr int kThreads = 50;
  // A second handle on the same database, as another node would have.
  auto other = OpenAnother({.pool_size = 8, .busy_timeout_ms = 30'000});
  ASSERT_NE(other, nullptr);
  SqlCompanyRepository repository_a(db(), clock_);
  SqlCompanyRepository repository_b(*other, clock_);
  std::vector<std::string> codes(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto& repository = i % 2 == 0 ? repository_a : repository_b;
      auto created = repository.Create(AccountScope::Account(client.tenant_id),
                                       Named(client.tenant_id, "Shop " + std::to_string(i)));
      if (created) {
        codes[i] = created->code;
      } else {
        errors[i] = created.error().message;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < kThreads; ++i) EXPECT_TRUE(errors[i].empty()) << i << ": " << errors[i];
  std::set<std::string> distinct(codes.begin(), codes.end());
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kThreads));
  std::set<std::string> expected;
  for (int i = 1; i <= kThreads; ++i) expected.insert(FormatCompanyCode(i));
  EXPECT_EQ(distinct, expected);
  auto counter = db().Query("SELECT value FROM counters WHERE name = 'company_code'").value();
  EXPECT_EQ(counter[0].Int("value"), kThreads);
}

TEST_P(CompanyStoreTest, EveryCallIsConfinedToTheScope) {
  auto manager = InsertManager(db());
  auto managed = InsertClient(db(), manager);
  auto other = InsertClient(db());
  auto mine = MustCreate(AccountScope::Account(managed.tenant_id), Named(managed.tenant_id, "Mine"));
  auto theirs = MustCreate(AccountScope::Account(other.tenant_id), Named(other.tenant_id, "Theirs"));

  auto as_other = AccountScope::Account(other.tenant_id);
  auto as_manager = AccountScope::ManagedBy(manager);
  auto as_stranger = AccountScope::ManagedBy(InsertManager(db()));

  // Reads.
  EXPECT_EQ(repository_->Get(as_other, mine.id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(repository_->Get(as_manager, mine.id));
  EXPECT_EQ(repository_->Get(as_manager, theirs.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->Get(as_stranger, mine.id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(repository_->Get(AccountScope::Everything(), theirs.id));

  // Writes: a foreign id is not found, and nothing changes.
  CompanyPatch rename{.name = std::string("Hijacked")};
  EXPECT_EQ(repository_->Update(as_other, mine.id, rename, {}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->Update(as_stranger, mine.id, rename, {}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->Delete(as_other, mine.id, {}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->Delete(as_manager, theirs.id, {}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->Get(AccountScope::Everything(), mine.id).value().name, "Mine");
  EXPECT_TRUE(repository_->Get(AccountScope::Everything(), theirs.id));

  // Creating in an account outside the scope.
  auto create = repository_->Create(as_other, Named(managed.tenant_id, "Sneaky"));
  ASSERT_FALSE(create);
  EXPECT_EQ(create.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->Create(as_manager, Named(other.tenant_id, "Sneaky")).error().code,
            ErrorCode::kNotFound);
  EXPECT_TRUE(repository_->Create(as_manager, Named(managed.tenant_id, "For my client")));

  // Lists.
  auto listed_by_other = repository_->List(as_other, {}).value();
  ASSERT_EQ(listed_by_other.items.size(), 1u);
  EXPECT_EQ(listed_by_other.items[0].id, theirs.id);
  auto listed_by_manager = repository_->List(as_manager, {}).value();
  ASSERT_EQ(listed_by_manager.items.size(), 2u);
  for (const auto& company : listed_by_manager.items) EXPECT_EQ(company.account_id, managed.tenant_id);
  EXPECT_TRUE(repository_->List(as_stranger, {}).value().items.empty());
  EXPECT_EQ(repository_->List(AccountScope::Everything(), {}).value().items.size(), 3u);
  // Ids follow the same scope.
  EXPECT_EQ(repository_->Ids(as_other).value(), std::vector<std::string>{theirs.id});
  EXPECT_EQ(repository_->Ids(as_manager).value().size(), 2u);
  EXPECT_TRUE(repository_->Ids(as_stranger).value().empty());
  EXPECT_EQ(repository_->Ids(AccountScope::Everything()).value().size(), 3u);
  // A filter cannot widen the scope.
  EXPECT_TRUE(repository_->List(as_other, {.account_id = managed.tenant_id}).value().items.empty());
}

TEST_P(CompanyStoreTest, ListPagesInCreationOrderWithoutGapsOrRepeats) {
  auto client = InsertClient(db());
  auto other = InsertClient(db());
  auto scope = AccountScope::Account(client.tenant_id);
  std::vector<std::string> created;
  for (int i = 0; i < 7; ++i) {
    created.push_back(MustCreate(scope, Named(client.tenant_id, "Shop " + std::to_string(i))).id);
    MustCreate(AccountScope::Account(other.tenant_id), Named(other.tenant_id, "Other"));  // gaps in seq
    if (i % 3 == 0) clock_.Advance(Millis(1));  // most share a millisecond: creation order still holds
  }
  std::vector<std::string> seen;
  CompanyFilter filter{.limit = 3};
  int pages = 0;
  while (true) {
    auto page = repository_->List(scope, filter).value();
    ++pages;
    for (const auto& company : page.items) seen.push_back(company.id);
    if (!page.next) break;
    EXPECT_EQ(page.items.size(), 3u);
    filter.after = page.next;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, created);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 7u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()),
            std::set<std::string>(created.begin(), created.end()));
  // Exactly the limit left: no cursor pointing at an empty page.
  auto exact = repository_->List(scope, {.limit = 7}).value();
  EXPECT_EQ(exact.items.size(), 7u);
  EXPECT_FALSE(exact.next);
}

// search_text and the query are both FoldForSearch()ed (ICU full case folding) before they reach SQL, so
// the engines agree on every letter, not only ASCII.
TEST_P(CompanyStoreTest, ListQueryFoldsUnicodeCaseOnBothEngines) {
  auto a = InsertClient(db());
  auto all = AccountScope::Everything();
  auto olga = MustCreate(all, Named(a.tenant_id, "Салон «Ольга»"));
  clock_.Advance(Millis(1));
  auto emile = MustCreate(all, Named(a.tenant_id, "Émile Größe"));
  auto ids = [&](std::string_view q) {
    std::vector<std::string> out;
    for (const auto& c : repository_->List(all, {.folded_query = FoldForSearch(q)}).value().items) {
      out.push_back(c.id);
    }
    return out;
  };
  using V = std::vector<std::string>;
  for (const char* q : {"ольга", "Ольга", "ОЛЬГА"}) EXPECT_EQ(ids(q), V{olga.id}) << q;
  for (const char* q : {"émile", "ÉMILE", "GRÖSSE", "größe"}) EXPECT_EQ(ids(q), V{emile.id}) << q;
}

TEST_P(CompanyStoreTest, ListFiltersByQueryStatusAndAccount) {
  auto a = InsertClient(db());
  auto b = InsertClient(db());
  auto all = AccountScope::Everything();
  auto flowers = MustCreate(all, Named(a.tenant_id, "Цветочная Лавка"));
  clock_.Advance(Millis(1));
  auto shoes = MustCreate(all, Named(a.tenant_id, "Shoe 100% Store_1"));
  clock_.Advance(Millis(1));
  auto salon = MustCreate(all, Named(b.tenant_id, "Beauty Salon", CompanyType::kService));
  ASSERT_TRUE(repository_->Update(all, salon.id, {.status = CompanyStatus::kInactive}, {}));

  auto ids = [&](const CompanyFilter& filter) {
    std::vector<std::string> out;
    for (const auto& c : repository_->List(all, filter).value().items) out.push_back(c.id);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids({.folded_query = FoldForSearch("ЦВЕТОЧ")}), V{flowers.id});
  EXPECT_EQ(ids({.folded_query = FoldForSearch("лавка")}), V{flowers.id});
  EXPECT_EQ(ids({.folded_query = FoldForSearch("comp002")}), V{shoes.id});
  EXPECT_EQ(ids({.folded_query = FoldForSearch("COMP00")}).size(), 3u);
  // LIKE metacharacters are literal.
  EXPECT_EQ(ids({.folded_query = "100%"}), V{shoes.id});
  EXPECT_EQ(ids({.folded_query = "e_1"}), V{shoes.id});
  EXPECT_EQ(ids({.folded_query = "%"}), V{shoes.id});  // as wildcards they would match all three
  EXPECT_EQ(ids({.folded_query = "_"}), V{shoes.id});
  EXPECT_TRUE(ids({.folded_query = "s%e"}).empty());
  EXPECT_TRUE(ids({.folded_query = "nothing like it"}).empty());
  EXPECT_EQ(ids({.status = CompanyStatus::kInactive}), V{salon.id});
  EXPECT_EQ(ids({.status = CompanyStatus::kActive}), (V{flowers.id, shoes.id}));
  EXPECT_EQ(ids({.account_id = b.tenant_id}), V{salon.id});
  EXPECT_TRUE(ids({.account_id = b.tenant_id, .status = CompanyStatus::kActive}).empty());
}

TEST_P(CompanyStoreTest, UpdateChangesFieldsKeepsCodeAndRenamesForSearch) {
  auto client = InsertClient(db());
  auto scope = AccountScope::Account(client.tenant_id);
  auto company = MustCreate(scope, Named(client.tenant_id, "Old name"));
  clock_.Advance(Millis(1000));
  auto updated = repository_
                     ->Update(scope, company.id,
                              {.name = std::string("New name"),
                               .type = CompanyType::kService,
                               .status = CompanyStatus::kInactive,
                               .timezone = std::string("Asia/Tokyo"),
                               .currency = std::string("JPY")},
                              {})
                     .value();
  EXPECT_EQ(updated.code, company.code);
  EXPECT_EQ(updated.updated_at, company.created_at + 1000);
  auto read = repository_->Get(scope, company.id).value();
  EXPECT_EQ(read.name, "New name");
  EXPECT_EQ(read.type, CompanyType::kService);
  EXPECT_EQ(read.status, CompanyStatus::kInactive);
  EXPECT_EQ(read.timezone, "Asia/Tokyo");
  EXPECT_EQ(read.currency, "JPY");
  EXPECT_EQ(read.created_at, company.created_at);
  EXPECT_EQ(read.updated_at, company.created_at + 1000);
  EXPECT_EQ(repository_->List(scope, {.folded_query = "new"}).value().items.size(), 1u);
  EXPECT_TRUE(repository_->List(scope, {.folded_query = "old"}).value().items.empty());

  // A patch that changes nothing leaves updated_at alone.
  clock_.Advance(Millis(1000));
  auto same = repository_->Update(scope, company.id, {.name = std::string("New name")}, {}).value();
  EXPECT_EQ(same.updated_at, company.created_at + 1000);
}

TEST_P(CompanyStoreTest, GuardSeesTheCurrentRowAndCanRefuseTheChange) {
  auto client = InsertClient(db());
  auto scope = AccountScope::Account(client.tenant_id);
  auto company = MustCreate(scope, Named(client.tenant_id, "Guarded"));
  std::string seen_status;
  auto refuse = [&](const Company& current) -> Status {
    seen_status = std::string(ToString(current.status));
    return Error{ErrorCode::kPermissionDenied, "no"};
  };
  auto update = repository_->Update(scope, company.id, {.name = std::string("Changed")}, refuse);
  ASSERT_FALSE(update);
  EXPECT_EQ(update.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(seen_status, "ACTIVE");
  EXPECT_EQ(repository_->Get(scope, company.id).value().name, "Guarded");
  auto deleted = repository_->Delete(scope, company.id, refuse);
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(repository_->Get(scope, company.id));
}

TEST_P(CompanyStoreTest, DeletedCompaniesAreGoneForEveryCall) {
  auto client = InsertClient(db());
  auto scope = AccountScope::Account(client.tenant_id);
  auto company = MustCreate(scope, Named(client.tenant_id, "Short-lived"));
  ASSERT_TRUE(repository_->Delete(scope, company.id, {}));
  EXPECT_EQ(repository_->Get(scope, company.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->Get(AccountScope::Everything(), company.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->Update(scope, company.id, {.name = std::string("Back")}, {}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(repository_->Delete(scope, company.id, {}).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(repository_->List(AccountScope::Everything(), {}).value().items.empty());
  auto row = db().Query("SELECT deleted_at FROM companies WHERE id = ?", {company.id}).value();
  ASSERT_EQ(row.size(), 1u);
  EXPECT_FALSE(row[0].IsNull("deleted_at"));
}

TEST_P(CompanyStoreTest, PlatformStatsCountRolesAccountsStatusesAndRecentSignups) {
  int64_t now = clock_.NowMillis();
  int64_t day = 24LL * 3600 * 1000;
  auto manager = InsertManager(db(), now - 30 * day);
  InsertUser(db(), "ADMIN", now - 100 * day);
  auto recent = InsertClient(db(), manager, now - 2 * day);
  InsertClient(db(), "", now - 6 * day);
  auto old = InsertClient(db(), "", now - 8 * day);
  InsertManager(db(), now - day);  // recent, but not a signup
  auto all = AccountScope::Everything();
  auto one = MustCreate(all, Named(recent.tenant_id, "One"));
  auto two = MustCreate(all, Named(recent.tenant_id, "Two"));
  auto three = MustCreate(all, Named(old.tenant_id, "Three"));
  MustCreate(all, Named(old.tenant_id, "Four"));
  ASSERT_TRUE(repository_->Update(all, one.id, {.status = CompanyStatus::kSuspended}, {}));
  ASSERT_TRUE(repository_->Update(all, two.id, {.status = CompanyStatus::kInactive}, {}));
  ASSERT_TRUE(repository_->Delete(all, three.id, {}));

  auto stats = SqlPlatformStats(db()).Read(now).value();
  EXPECT_EQ(stats.users_by_role.at("CLIENT"), 3);
  EXPECT_EQ(stats.users_by_role.at("MANAGER"), 2);
  EXPECT_EQ(stats.users_by_role.at("ADMIN"), 1);
  EXPECT_EQ(stats.accounts, 3);
  EXPECT_EQ(stats.companies_by_status.at("ACTIVE"), 1);
  EXPECT_EQ(stats.companies_by_status.at("INACTIVE"), 1);
  EXPECT_EQ(stats.companies_by_status.at("SUSPENDED"), 1);
  EXPECT_EQ(stats.signups_last_7d, 2);
}

TEST_P(CompanyStoreTest, PlatformStatsOfAnEmptyPlatformAreZeros) {
  auto stats = SqlPlatformStats(db()).Read(clock_.NowMillis()).value();
  EXPECT_EQ(stats.users_by_role.size(), 3u);
  for (const auto& [role, count] : stats.users_by_role) EXPECT_EQ(count, 0) << role;
  EXPECT_EQ(stats.companies_by_status.size(), 3u);
  EXPECT_EQ(stats.accounts, 0);
  EXPECT_EQ(stats.signups_last_7d, 0);
}

X8_INSTANTIATE_ENGINE_TEST(CompanyStoreTest);

}  // namespace
}  // namespace x8::companies
