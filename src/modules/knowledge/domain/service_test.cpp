// KnowledgeService over the real SQL store (both engines) with a fake company directory and the real
// access policy over a fake account directory: tenancy, upload → preview → commit, all-or-nothing.
#include "modules/knowledge/domain/service.h"

#include <gtest/gtest.h>

#include <map>

#include "core/ids.h"
#include "modules/companies/testing/fixtures.h"
#include "modules/knowledge/store/sql_knowledge_repository.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::knowledge {
namespace {

using storage::testing::EngineTest;

constexpr std::string_view kFlowers =
    "Product Name,Category,Colour,Size,Price (EUR),In stock\n"
    "Red roses bouquet,Bouquets,red,S,29.90,yes\n"
    "Red roses bouquet,Bouquets,red,M,54.90,yes\n"
    "Tulip mix,Bouquets,mixed,M,24.00,yes\n";

class FakeAccounts final : public accounts::AccountDirectory {
 public:
  Result<std::optional<std::string>> ManagerOf(std::string_view account_id) override {
    auto it = managers.find(std::string(account_id));
    if (it == managers.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }
  std::map<std::string, std::string> managers;  // account → manager ("" none)
};

// Companies as the companies module would answer: visible to the owning client, its manager and admins.
class FakeCompanies final : public CompanyDirectory {
 public:
  explicit FakeCompanies(const accounts::AccessPolicy& access) : access_(access) {}
  Result<CompanyRef> Find(const http::Principal& principal, std::string_view company_id) override {
    auto it = companies.find(std::string(company_id));
    if (it == companies.end() || !access_.CanAccess(principal, it->second.account_id)) {
      return NotFound("company not found");
    }
    return it->second;
  }
  std::map<std::string, CompanyRef> companies;

 private:
  const accounts::AccessPolicy& access_;
};

class KnowledgeServiceTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(storage::Migrate(db()));
    repository_ = std::make_unique<SqlKnowledgeRepository>(db(), clock_);
    manager_ = {NewId("usr"), "MANAGER", ""};
    alice_ = companies::testing::InsertClient(db());
    bob_ = companies::testing::InsertClient(db());
    accounts_.managers[alice_.tenant_id] = manager_.user_id;
    accounts_.managers[bob_.tenant_id] = "";
    alice_company_ = AddCompany(alice_.tenant_id, 1, "EUR");
    bob_company_ = AddCompany(bob_.tenant_id, 2, "RUB");
    service_ = std::make_unique<KnowledgeService>(*repository_, companies_, access_, 1 << 20);
  }

  std::string AddCompany(const std::string& account_id, int64_t seq, const std::string& currency) {
    std::string id = NewId("cmp");
    EXPECT_TRUE(db().Exec(
        "INSERT INTO companies (id, seq, code, account_id, name, search_text, type, status, timezone, "
        "currency, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, 'Shop', 'shop', 'PRODUCT', 'ACTIVE', 'UTC', ?, 1, 1)",
        {id, seq, "COMP00" + std::to_string(seq), account_id, currency}));
    companies_.companies[id] = {id, account_id, currency};
    return id;
  }

  FakeClock clock_;
  FakeAccounts accounts_;
  accounts::AccessPolicy access_{accounts_};
  FakeCompanies companies_{access_};
  std::unique_ptr<SqlKnowledgeRepository> repository_;
  std::unique_ptr<KnowledgeService> service_;
  http::Principal manager_, alice_, bob_;
  std::string alice_company_, bob_company_;
};

TEST_P(KnowledgeServiceTest, CreateValidatesAndTenantsSeeOnlyTheirOwn) {
  auto missing_kind = service_->Create(alice_, alice_company_, "Main", std::nullopt);
  ASSERT_FALSE(missing_kind);
  EXPECT_EQ(missing_kind.error().details.at("field"), "kind");
  EXPECT_EQ(service_->Create(alice_, alice_company_, "  ", "PRODUCT").error().details.at("field"), "name");
  EXPECT_EQ(
      service_->Create(alice_, alice_company_, std::string(121, 'x'), "PRODUCT").error().details.at("field"),
      "name");
  auto kb = service_->Create(alice_, alice_company_, " Main ", "PRODUCT").value();
  EXPECT_EQ(kb.name, "Main");

  EXPECT_EQ(service_->Create(bob_, alice_company_, "Mine", "PRODUCT").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Get(bob_, kb.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->List(bob_, alice_company_).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Delete(bob_, kb.id).error().code, ErrorCode::kNotFound);
  // Alice's manager reaches it; a manager of someone else would not.
  EXPECT_EQ(service_->Get(manager_, kb.id)->id, kb.id);
  http::Principal stranger{NewId("usr"), "MANAGER", ""};
  EXPECT_EQ(service_->Get(stranger, kb.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Get(http::Principal{NewId("usr"), "ADMIN", ""}, kb.id)->id, kb.id);
  EXPECT_EQ(service_->List(alice_, alice_company_)->size(), 1u);
}

TEST_P(KnowledgeServiceTest, UploadPreviewsCommitWritesAndOtherTenantsGetNotFound) {
  auto kb = service_->Create(alice_, alice_company_, "Main", "PRODUCT").value();
  auto preview = service_->Upload(alice_, kb.id, {std::string(kFlowers), "flowers.csv", ""}).value();
  EXPECT_TRUE(IsValidId(preview.upload.id, "imp"));
  EXPECT_EQ(preview.parsed.rows, 3);
  EXPECT_EQ(preview.parsed.items.size(), 2u);
  EXPECT_TRUE(preview.parsed.problems.empty());
  EXPECT_EQ(repository_->Get(alice_.tenant_id, kb.id)->items_count, 0);  // preview writes no item

  EXPECT_EQ(service_->Upload(bob_, kb.id, {std::string(kFlowers), "x.csv", ""}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(service_->Commit(bob_, kb.id, preview.upload.id, {{}, "replace"}).error().code,
            ErrorCode::kNotFound);
  auto bad_mode = service_->Commit(alice_, kb.id, preview.upload.id, {{}, "upsert"});
  EXPECT_EQ(bad_mode.error().details.at("field"), "mode");
  auto bad_column = service_->Commit(alice_, kb.id, preview.upload.id, {{{"42", "name"}}, "replace"});
  EXPECT_EQ(bad_column.error().details.at("field"), "mapping");

  auto counts = service_->Commit(alice_, kb.id, preview.upload.id, {{}, "replace"}).value();
  EXPECT_EQ(counts.created, 2);
  auto items = service_->ListItems(alice_, kb.id, {}).value();
  ASSERT_EQ(items.items.size(), 2u);
  EXPECT_EQ(items.items[0].item.variants.size(), 2u);
  EXPECT_EQ(items.items[0].item.variants[1].price_minor, 5490);
  EXPECT_EQ(service_->ListItems(bob_, kb.id, {}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Export(bob_, kb.id).error().code, ErrorCode::kNotFound);
  EXPECT_NE(service_->Export(alice_, kb.id)->find("Tulip mix"), std::string::npos);
}

TEST_P(KnowledgeServiceTest, BadRowRefusesTheWholeFileAndWritesNothing) {
  auto kb = service_->Create(alice_, alice_company_, "Main", "PRODUCT").value();
  std::string broken(kFlowers);
  broken.replace(broken.find("24.00"), 5, "abc");
  auto preview = service_->Upload(alice_, kb.id, {broken, "broken.csv", ""}).value();
  ASSERT_EQ(preview.parsed.problems.size(), 1u);
  auto refused = service_->Commit(alice_, kb.id, preview.upload.id, {{}, "replace"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().details.at("line"), 4);
  EXPECT_EQ(refused.error().details.at("column"), 5);
  EXPECT_EQ(refused.error().details.at("field"), "price");
  EXPECT_TRUE(service_->ListItems(alice_, kb.id, {})->items.empty());
  // The upload stays committable after fixing the mapping: ignoring the price column makes it valid.
  auto fixed = service_->Commit(alice_, kb.id, preview.upload.id, {{{"4", "ignore"}}, "replace"}).value();
  EXPECT_EQ(fixed.created, 2);
}

TEST_P(KnowledgeServiceTest, RowCrudUsesCompanyCurrencyAndValidates) {
  auto kb = service_->Create(bob_, bob_company_, "Services", "SERVICE").value();
  Item cut{.name = "Стрижка", .variants = {Variant{.price_minor = 250000}}};
  auto added = service_->AddItem(bob_, kb.id, cut).value();
  EXPECT_EQ(added.item.variants[0].currency, "RUB");
  EXPECT_EQ(service_->AddItem(bob_, kb.id, Item{}).error().details.at("field"), "name");
  Item renamed = added.item;
  renamed.name = "Стрижка женская";
  EXPECT_EQ(service_->UpdateItem(bob_, kb.id, added.item.id, renamed)->item.name, "Стрижка женская");
  EXPECT_EQ(service_->UpdateItem(alice_, kb.id, added.item.id, renamed).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->DeleteItem(alice_, kb.id, added.item.id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(service_->DeleteItem(bob_, kb.id, added.item.id));
  EXPECT_EQ(service_->GetItem(bob_, kb.id, added.item.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->ListItems(bob_, kb.id, {.limit = "0"}).error().details.at("field"), "limit");
  EXPECT_EQ(service_->ListItems(bob_, kb.id, {.cursor = "zz"}).error().details.at("field"), "cursor");
}

TEST_P(KnowledgeServiceTest, SearchRanksAcrossKnowledgeBasesFiltersAndSeesChanges) {
  auto kb = service_->Create(alice_, alice_company_, "Main", "PRODUCT").value();
  auto preview = service_->Upload(alice_, kb.id, {std::string(kFlowers), "flowers.csv", ""}).value();
  ASSERT_TRUE(service_->Commit(alice_, kb.id, preview.upload.id, {{}, "replace"}));
  auto hits = service_->Search(alice_, alice_company_, {.q = "roses"}).value();
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].item.name, "Red roses bouquet");
  EXPECT_EQ(hits[0].kb_id, kb.id);
  EXPECT_EQ(hits[0].item.variants.size(), 2u);
  auto cheap = service_->Search(alice_, alice_company_, {.q = "roses", .max_price = "30"}).value();
  ASSERT_FALSE(cheap.empty());
  ASSERT_EQ(cheap[0].item.variants.size(), 1u);
  EXPECT_EQ(cheap[0].item.variants[0].price_minor, 2990);
  EXPECT_EQ(service_->Search(alice_, alice_company_, {.max_price = "cheap"}).error().details.at("field"),
            "max_price");
  EXPECT_EQ(service_->Search(alice_, alice_company_, {.limit = "51"}).error().details.at("field"), "limit");
  EXPECT_EQ(service_->Search(bob_, alice_company_, {.q = "roses"}).error().code, ErrorCode::kNotFound);

  // A new item in another knowledge base of the same company is found at once (the index is rebuilt).
  auto extras = service_->Create(alice_, alice_company_, "Extras", "PRODUCT").value();
  ASSERT_TRUE(service_->AddItem(alice_, extras.id, Item{.name = "Peony bouquet", .variants = {Variant{}}}));
  auto peony = service_->Search(alice_, alice_company_, {.q = "peony"}).value();
  ASSERT_EQ(peony.size(), 1u);
  EXPECT_EQ(peony[0].kb_id, extras.id);
  Item renamed = peony[0].item;
  renamed.name = "Lavender bouquet";
  ASSERT_TRUE(service_->UpdateItem(alice_, extras.id, renamed.id, renamed));
  EXPECT_TRUE(service_->Search(alice_, alice_company_, {.q = "peony"})->empty());
  EXPECT_EQ(service_->Search(alice_, alice_company_, {.q = "lavender"})->size(), 1u);
}

X8_INSTANTIATE_ENGINE_TEST(KnowledgeServiceTest);

}  // namespace
}  // namespace x8::knowledge
