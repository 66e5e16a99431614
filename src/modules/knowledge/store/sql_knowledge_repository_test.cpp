// Contract tests of the knowledge store on SQLite and PostgreSQL.
#include "modules/knowledge/store/sql_knowledge_repository.h"

#include <gtest/gtest.h>

#include "core/ids.h"
#include "modules/companies/testing/fixtures.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::knowledge {
namespace {

using storage::testing::EngineTest;

Variant Priced(std::string size, int64_t minor, std::string sku = {}) {
  return Variant{.attributes = {{"size", std::move(size)}},
                 .price_minor = minor,
                 .currency = "EUR",
                 .sku = std::move(sku),
                 .in_stock = true};
}

class KnowledgeStoreTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto migrated = storage::Migrate(db());
    ASSERT_TRUE(migrated) << migrated.error().message;
    repository_ = std::make_unique<SqlKnowledgeRepository>(db(), clock_);
    account_ = companies::testing::InsertClient(db()).tenant_id;
    other_account_ = companies::testing::InsertClient(db()).tenant_id;
    company_ = InsertCompany(account_, 1);
    other_company_ = InsertCompany(other_account_, 2);
  }

  std::string InsertCompany(const std::string& account_id, int64_t seq) {
    std::string id = NewId("cmp");
    auto inserted = db().Exec(
        "INSERT INTO companies (id, seq, code, account_id, name, search_text, type, status, timezone, "
        "currency, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, 'Shop', 'shop', 'PRODUCT', 'ACTIVE', 'UTC', 'EUR', 1, "
        "1)",
        {id, seq, "COMP00" + std::to_string(seq), account_id});
    EXPECT_TRUE(inserted) << inserted.error().message;
    return id;
  }

  KnowledgeBase MustCreate(const std::string& name = "Main") {
    auto kb = repository_->Create(account_, company_, name, KbKind::kProduct);
    EXPECT_TRUE(kb) << kb.error().message;
    return kb ? *kb : KnowledgeBase{};
  }
  std::string MustImport(const KnowledgeBase& kb, std::string content = "a,b\n1,2\n") {
    auto saved = repository_->SaveImport(account_, kb.id, "f.csv", "", content, "[]");
    EXPECT_TRUE(saved) << saved.error().message;
    return saved ? saved->id : std::string();
  }

  FakeClock clock_;
  std::unique_ptr<SqlKnowledgeRepository> repository_;
  std::string account_, other_account_, company_, other_company_;
};

TEST_P(KnowledgeStoreTest, CreateGetListRenameAndUniqueNamesPerCompany) {
  auto kb = MustCreate();
  EXPECT_TRUE(IsValidId(kb.id, "kb"));
  EXPECT_EQ(kb.account_id, account_);
  auto read = repository_->Get(account_, kb.id).value();
  EXPECT_EQ(read.name, "Main");
  EXPECT_EQ(read.kind, KbKind::kProduct);
  EXPECT_EQ(read.company_id, company_);

  auto twin = repository_->Create(account_, company_, "Main", KbKind::kFaq);
  ASSERT_FALSE(twin);
  EXPECT_EQ(twin.error().code, ErrorCode::kConflict);
  EXPECT_EQ(twin.error().details.at("field"), "name");
  // The same name in another tenant's company is fine.
  EXPECT_TRUE(repository_->Create(other_account_, other_company_, "Main", KbKind::kProduct));

  clock_.Advance(Millis(3));
  auto faq = repository_->Create(account_, company_, "FAQ", KbKind::kFaq).value();
  auto list = repository_->ListForCompany(account_, company_).value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, kb.id);
  EXPECT_EQ(list[1].id, faq.id);

  auto renamed = repository_->Rename(account_, kb.id, "Catalogue").value();
  EXPECT_EQ(renamed.name, "Catalogue");
  auto clash = repository_->Rename(account_, kb.id, "FAQ");
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, ErrorCode::kConflict);
  EXPECT_EQ(repository_->AccountOf(kb.id).value(), account_);
}

TEST_P(KnowledgeStoreTest, EveryCallIsScopedByAccount) {
  auto kb = MustCreate();
  auto item =
      repository_->AddItem(account_, kb.id, Item{.name = "Rose", .variants = {Priced("S", 100)}}).value();
  auto foreign_company = repository_->Create(other_account_, company_, "Stolen", KbKind::kProduct);
  ASSERT_FALSE(foreign_company);
  EXPECT_EQ(foreign_company.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->Get(other_account_, kb.id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(repository_->ListForCompany(other_account_, company_).value().empty());
  EXPECT_EQ(repository_->Rename(other_account_, kb.id, "x").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->Delete(other_account_, kb.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->GetItem(other_account_, kb.id, item.item.id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(repository_->ListItems(other_account_, kb.id, {}).value().items.empty());
  EXPECT_EQ(repository_->AddItem(other_account_, kb.id, item.item).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->UpdateItem(other_account_, kb.id, item.item).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->DeleteItem(other_account_, kb.id, item.item.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->SaveImport(other_account_, kb.id, "f", "", "x", "[]").error().code,
            ErrorCode::kNotFound);
  auto import_id = MustImport(kb);
  EXPECT_EQ(repository_->GetImport(other_account_, kb.id, import_id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->CommitImport(other_account_, kb.id, import_id, ImportMode::kMerge, {}).error().code,
            ErrorCode::kNotFound);
  EXPECT_TRUE(repository_->GetItem(account_, kb.id, item.item.id));
}

TEST_P(KnowledgeStoreTest, ItemsRoundTripWithVariantsAndListFilters) {
  auto kb = MustCreate();
  Item rose{.name = "Red roses",
            .description = "Classic bouquet",
            .category = "Bouquets",
            .duration_min = 15,
            .format = "offline",
            .extra = {{"Care", "water daily"}},
            .variants = {Priced("S", 2990, "RR-S"), Priced("M", 5490)}};
  rose.variants[1].stock = 4;
  rose.variants[1].in_stock = std::nullopt;
  auto added = repository_->AddItem(account_, kb.id, rose).value();
  EXPECT_TRUE(IsValidId(added.item.id, "itm"));
  EXPECT_TRUE(IsValidId(added.item.variants[0].id, "var"));
  auto read = repository_->GetItem(account_, kb.id, added.item.id).value();
  EXPECT_EQ(read.item, added.item);
  EXPECT_EQ(read.item.variants[1].stock, 4);
  EXPECT_FALSE(read.item.variants[1].in_stock.has_value());
  EXPECT_EQ(repository_->Get(account_, kb.id)->items_count, 1);

  repository_
      ->AddItem(account_, kb.id, Item{.name = "Тюльпаны", .category = "БУКЕТЫ", .variants = {Variant{}}})
      .value();
  repository_->AddItem(account_, kb.id, Item{.name = "Vase", .category = "Extras", .variants = {Variant{}}})
      .value();
  EXPECT_EQ(repository_->ListItems(account_, kb.id, {.folded_query = "classic"}).value().items.size(), 1u);
  EXPECT_EQ(repository_->ListItems(account_, kb.id, {.folded_query = "тюльп"}).value().items.size(), 1u);
  EXPECT_EQ(repository_->ListItems(account_, kb.id, {.category_key = "букеты"}).value().items.size(), 1u);
  auto first = repository_->ListItems(account_, kb.id, {.limit = 2}).value();
  ASSERT_EQ(first.items.size(), 2u);
  ASSERT_TRUE(first.next_position);
  auto second =
      repository_->ListItems(account_, kb.id, {.after_position = first.next_position, .limit = 2}).value();
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_EQ(second.items[0].item.name, "Vase");
  EXPECT_FALSE(second.next_position);

  Item changed = read.item;
  changed.name = "Red roses deluxe";
  changed.variants.erase(changed.variants.begin());
  changed.variants.push_back(Priced("XL", 12000));
  auto updated = repository_->UpdateItem(account_, kb.id, changed).value();
  auto again = repository_->GetItem(account_, kb.id, changed.id).value();
  ASSERT_EQ(again.item.variants.size(), 2u);
  EXPECT_EQ(again.item.variants[0].id, read.item.variants[1].id);  // kept
  EXPECT_TRUE(IsValidId(again.item.variants[1].id, "var"));
  EXPECT_EQ(again.item.name, "Red roses deluxe");
  EXPECT_EQ(again.item, updated.item);

  ASSERT_TRUE(repository_->DeleteItem(account_, kb.id, changed.id));
  EXPECT_EQ(repository_->GetItem(account_, kb.id, changed.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->Get(account_, kb.id)->items_count, 2);
  ASSERT_TRUE(repository_->Delete(account_, kb.id));
  EXPECT_EQ(repository_->Get(account_, kb.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(db().Query("SELECT COUNT(*) AS n FROM kb_variants").value()[0].Int("n"), 0);
}

TEST_P(KnowledgeStoreTest, ImportsKeepBytesCommitOnceAndExpire) {
  auto kb = MustCreate();
  std::string bytes("name\n\xFF\x00 binary", 16);
  auto import_id = MustImport(kb, bytes);
  auto read = repository_->GetImport(account_, kb.id, import_id).value();
  EXPECT_EQ(read.content, bytes);
  EXPECT_EQ(read.file_name, "f.csv");

  std::vector<Item> incoming{Item{.name = "Rose", .variants = {Priced("S", 100), Priced("M", 200)}},
                             Item{.name = "Lily", .variants = {Variant{}}}};
  auto counts = repository_->CommitImport(account_, kb.id, import_id, ImportMode::kReplace, incoming).value();
  EXPECT_EQ(counts.created, 2);
  EXPECT_EQ(counts.items, 2);
  auto twice = repository_->CommitImport(account_, kb.id, import_id, ImportMode::kReplace, incoming);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repository_->GetImport(account_, kb.id, import_id).error().code, ErrorCode::kNotFound);

  auto stale = MustImport(kb);
  clock_.Advance(Millis(kImportTtlMillis + 1));
  EXPECT_EQ(repository_->GetImport(account_, kb.id, stale).error().code, ErrorCode::kNotFound);
  MustImport(kb);  // forgets the expired upload
  EXPECT_EQ(db().Query("SELECT COUNT(*) AS n FROM kb_imports WHERE id = ?", {stale}).value()[0].Int("n"), 0);
}

TEST_P(KnowledgeStoreTest, MergeAndReplaceReimports) {
  auto kb = MustCreate();
  std::vector<Item> first{Item{.name = "Rose", .variants = {Priced("S", 100), Priced("M", 200)}},
                          Item{.name = "Lily", .variants = {Priced("M", 300)}}};
  ASSERT_TRUE(repository_->CommitImport(account_, kb.id, MustImport(kb), ImportMode::kReplace, first));
  auto before = repository_->AllItems(account_, kb.id).value();
  ASSERT_EQ(before.size(), 2u);

  std::vector<Item> second{Item{.name = "Tulip", .variants = {Priced("M", 150)}},
                           Item{.name = "rose", .variants = {Priced("M", 250)}}};
  auto merged =
      repository_->CommitImport(account_, kb.id, MustImport(kb), ImportMode::kMerge, second).value();
  EXPECT_EQ(merged.created, 1);
  EXPECT_EQ(merged.updated, 1);
  EXPECT_EQ(merged.deleted, 0);
  EXPECT_EQ(merged.items, 3);
  auto after_merge = repository_->AllItems(account_, kb.id).value();
  ASSERT_EQ(after_merge.size(), 3u);
  EXPECT_EQ(after_merge[0].item.name, "Tulip");  // file order first
  EXPECT_EQ(after_merge[1].item.id, before[0].item.id);
  ASSERT_EQ(after_merge[1].item.variants.size(), 2u);  // M updated, S kept
  EXPECT_EQ(after_merge[1].item.variants[0].id, before[0].item.variants[1].id);
  EXPECT_EQ(after_merge[1].item.variants[0].price_minor, 250);
  EXPECT_EQ(after_merge[1].item.variants[1].id, before[0].item.variants[0].id);
  EXPECT_EQ(after_merge[2].item.name, "Lily");

  auto replaced =
      repository_->CommitImport(account_, kb.id, MustImport(kb), ImportMode::kReplace, second).value();
  EXPECT_EQ(replaced.created, 0);
  EXPECT_EQ(replaced.updated, 2);
  EXPECT_EQ(replaced.deleted, 1);
  auto after_replace = repository_->AllItems(account_, kb.id).value();
  ASSERT_EQ(after_replace.size(), 2u);
  EXPECT_EQ(after_replace[1].item.variants.size(), 1u);
  EXPECT_EQ(repository_->Get(account_, kb.id)->items_count, 2);
}

X8_INSTANTIATE_ENGINE_TEST(KnowledgeStoreTest);

}  // namespace
}  // namespace x8::knowledge
