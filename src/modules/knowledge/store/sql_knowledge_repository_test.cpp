// Contract tests of the knowledge store on SQLite and PostgreSQL.
#include "modules/knowledge/store/sql_knowledge_repository.h"

#include <gtest/gtest.h>

#include "core/ids.h"
#include "modules/companies/testing/fixtures.h"
#include "modules/knowledge/domain/catalogue.h"
#include "modules/media/store/sql_media_repository.h"
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

// The composition root's bridge in small (src/app/application.cpp): the media store's lookups as the
// knowledge store's MediaDirectory, and its observer calls as the knowledge store's link functions.
class TestImageLinks final : public MediaDirectory, public media::MediaObserver {
 public:
  Status LockLibrary(storage::Executor& tx, std::string_view account_id) override {
    return media::LockLibraryShared(tx, account_id);
  }
  Result<std::optional<LinkedImage>> FindByFileName(storage::Executor& tx, std::string_view account_id,
                                                    std::string_view file_name) override {
    X8_TRY(auto file, media::FindImageByFileName(tx, account_id, file_name));
    if (!file) return std::optional<LinkedImage>();
    return std::optional<LinkedImage>(LinkOf(*file));
  }
  Result<std::map<std::string, LinkedImage>> FindByIds(storage::Executor& exec, std::string_view account_id,
                                                       const std::vector<std::string>& media_ids) override {
    X8_TRY(auto files, media::FindFilesByIds(exec, account_id, media_ids));
    std::map<std::string, LinkedImage> out;
    for (const auto& file : files) out[file.id] = LinkOf(file);
    return out;
  }
  Status ImageAdded(storage::Executor& tx, const media::MediaFile& file) override {
    return LinkVariantsToImage(tx, file.account_id, file.id, file.file_name, file.created_at);
  }
  Status ImageRemoved(storage::Executor& tx, const media::MediaFile& file) override {
    X8_TRY(auto other, media::FindImageByFileName(tx, file.account_id, file.file_name));
    return RelinkVariants(tx, file.account_id, file.id,
                          other ? std::optional<std::string>(other->id) : std::nullopt, file.created_at + 1);
  }

 private:
  static LinkedImage LinkOf(const media::MediaFile& file) {
    return LinkedImage{.media_id = file.id,
                       .thumb_url = file.variants.at("thumb"),
                       .medium_url = file.variants.at("medium"),
                       .url = file.variants.at("original")};
  }
};

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
  std::string MustImport(const KnowledgeBase& kb, const std::string& content = "a,b\n1,2\n") {
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

// ?q= as the service passes it (NameKey: ICU case folding on both sides), so both engines agree on
// non-ASCII letters; % and _ are literal.
TEST_P(KnowledgeStoreTest, ItemSearchFoldsUnicodeCaseAndTakesWildcardsLiterally) {
  auto kb = MustCreate();
  auto add = [&](Item item) {
    item.variants = {Variant{}};
    return repository_->AddItem(account_, kb.id, item).value().item.id;
  };
  const std::string olga = add(Item{.name = "Букет «Ольга»", .category = "Розы"});
  const std::string eclair = add(Item{.name = "Éclair", .description = "Größe M"});
  const std::string sale = add(Item{.name = "Vase", .description = "100%_glass"});
  using Ids = std::vector<std::string>;
  auto search = [&](std::string_view q) {
    Ids ids;
    for (const auto& row :
         repository_->ListItems(account_, kb.id, {.folded_query = NameKey(q)}).value().items) {
      ids.push_back(row.item.id);
    }
    return ids;
  };
  for (const char* q : {"ольга", "Ольга", "ОЛЬГА", "РОЗЫ"}) EXPECT_EQ(search(q), Ids{olga}) << q;
  for (const char* q : {"éclair", "ÉCLAIR", "GRÖSSE", "größe"}) EXPECT_EQ(search(q), Ids{eclair}) << q;
  EXPECT_EQ(search("0%_G"), Ids{sale});
  EXPECT_TRUE(search("0%g").empty());
  EXPECT_TRUE(search("v_se").empty());
  EXPECT_TRUE(search("\\").empty());
}

TEST_P(KnowledgeStoreTest, ImportsKeepBytesCommitOnceAndExpire) {
  auto kb = MustCreate();
  std::string bytes("name\n\xFF\x00 binary", 14);  // 14 bytes, the NUL included
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

class ImageLinkStoreTest : public KnowledgeStoreTest {
 protected:
  void SetUp() override {
    KnowledgeStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    repository_ = std::make_unique<SqlKnowledgeRepository>(db(), clock_, &links_);
    media_ = std::make_unique<media::SqlMediaRepository>(db(), &links_);
    auto owner = db().Query("SELECT owner_user_id AS u FROM accounts WHERE id = ?", {account_});
    auto other_owner = db().Query("SELECT owner_user_id AS u FROM accounts WHERE id = ?", {other_account_});
    ASSERT_TRUE(owner && other_owner);
    user_ = (*owner)[0].Text("u");
    other_user_ = (*other_owner)[0].Text("u");
  }

  media::MediaFile Upload(const std::string& account_id, const std::string& user_id, std::string file_name) {
    media::MediaFile file{.id = NewId("med"),
                          .account_id = account_id,
                          .user_id = user_id,
                          .folder = media::Folder::kProduct,
                          .kind = media::MediaKind::kImage,
                          .file_name = std::move(file_name),
                          .content_type = "image/jpeg",
                          .bytes = 100,
                          .storage = "local",
                          .created_at = ++now_};
    file.storage_key = "users/" + user_id + "/product/" + file.id + "-x.jpg";
    file.variants = {{"thumb", "/media/t/" + file.id},
                     {"medium", "/media/m/" + file.id},
                     {"original", "/media/o/" + file.id}};
    auto inserted = media_->Insert(file, 1'000'000);
    EXPECT_TRUE(inserted) << inserted.error().message;
    return file;
  }

  std::optional<std::string> StoredMediaId(const std::string& variant_id) {
    auto rows = db().Query("SELECT media_id FROM kb_variants WHERE id = ?", {variant_id});
    EXPECT_TRUE(rows && rows->size() == 1);
    return rows && rows->size() == 1 ? (*rows)[0].OptText("media_id") : std::nullopt;
  }

  static Item Rose(std::string image) {
    Variant variant = Priced("M", 4990);
    variant.image = std::move(image);
    return Item{.name = "Red roses", .variants = {variant}};
  }

  TestImageLinks links_;
  std::unique_ptr<media::SqlMediaRepository> media_;
  std::string user_, other_user_;
  int64_t now_ = 1'767'225'600'000;
};

TEST_P(ImageLinkStoreTest, ItemsLinkToImagesOfTheirAccountByFileNameIgnoringCase) {
  auto photo = Upload(account_, user_, "Red-Roses-M.JPG");
  Upload(other_account_, other_user_, "tulips.jpg");  // another tenant's file never links
  auto kb = MustCreate();

  auto added = repository_->AddItem(account_, kb.id, Rose("red-roses-m.jpg")).value();
  ASSERT_TRUE(added.item.variants[0].linked);
  EXPECT_EQ(added.item.variants[0].linked->media_id, photo.id);
  EXPECT_EQ(added.item.variants[0].linked->thumb_url, "/media/t/" + photo.id);
  EXPECT_EQ(StoredMediaId(added.item.variants[0].id), photo.id);

  auto read = repository_->GetItem(account_, kb.id, added.item.id).value();
  ASSERT_TRUE(read.item.variants[0].linked);
  EXPECT_EQ(read.item.variants[0].linked->url, "/media/o/" + photo.id);
  EXPECT_EQ(read.item.variants[0].linked->medium_url, "/media/m/" + photo.id);

  // A patch to a name nobody uploaded drops the link; the other tenant's tulips stay theirs.
  Item patched = added.item;
  patched.variants[0].image = "tulips.jpg";
  auto updated = repository_->UpdateItem(account_, kb.id, patched).value();
  EXPECT_FALSE(updated.item.variants[0].linked);
  EXPECT_EQ(StoredMediaId(updated.item.variants[0].id), std::nullopt);
  EXPECT_FALSE(repository_->GetItem(account_, kb.id, added.item.id)->item.variants[0].linked);

  // Import commit links inside its transaction; the preview resolution links too.
  auto committed = repository_->CommitImport(account_, kb.id, MustImport(kb), ImportMode::kReplace,
                                             {Rose("RED-ROSES-M.jpg")});
  ASSERT_TRUE(committed) << committed.error().message;
  auto all = repository_->AllItems(account_, kb.id).value();
  ASSERT_EQ(all.size(), 1u);
  ASSERT_TRUE(all[0].item.variants[0].linked);
  EXPECT_EQ(all[0].item.variants[0].linked->media_id, photo.id);
  std::vector<Item> preview{Rose("red-roses-m.jpg"), Rose("tulips.jpg"), Rose("")};
  ASSERT_TRUE(repository_->ResolveImages(account_, preview));
  EXPECT_TRUE(preview[0].variants[0].linked);
  EXPECT_FALSE(preview[1].variants[0].linked);
  EXPECT_FALSE(preview[2].variants[0].linked);
}

TEST_P(ImageLinkStoreTest, UploadsLinkExistingVariantsAndDeletesUnlinkThem) {
  auto kb = MustCreate();
  auto other_kb = repository_->Create(other_account_, other_company_, "Theirs", KbKind::kProduct).value();
  auto mine = repository_->AddItem(account_, kb.id, Rose("red-roses-m.jpg")).value();
  auto theirs = repository_->AddItem(other_account_, other_kb.id, Rose("red-roses-m.jpg")).value();
  EXPECT_FALSE(mine.item.variants[0].linked);
  int64_t kb_updated = repository_->Get(account_, kb.id)->updated_at;

  auto first = Upload(account_, user_, "red-roses-m.jpg");
  EXPECT_EQ(StoredMediaId(mine.item.variants[0].id), first.id);
  EXPECT_EQ(StoredMediaId(theirs.item.variants[0].id), std::nullopt);    // never across tenants
  EXPECT_GT(repository_->Get(account_, kb.id)->updated_at, kb_updated);  // search caches rebuild
  auto listed = repository_->ListItems(account_, kb.id, ItemFilter{}).value();
  ASSERT_TRUE(listed.items[0].item.variants[0].linked);
  EXPECT_EQ(listed.items[0].item.variants[0].linked->thumb_url, "/media/t/" + first.id);

  // The newest file of a name wins; deleting it falls back to the older one, then to nothing.
  auto second = Upload(account_, user_, "RED-ROSES-M.JPG");
  EXPECT_EQ(StoredMediaId(mine.item.variants[0].id), second.id);
  ASSERT_TRUE(media_->Delete(account_, second.id));
  EXPECT_EQ(StoredMediaId(mine.item.variants[0].id), first.id);
  ASSERT_TRUE(media_->Delete(account_, first.id));
  EXPECT_EQ(StoredMediaId(mine.item.variants[0].id), std::nullopt);
  EXPECT_FALSE(repository_->GetItem(account_, kb.id, mine.item.id)->item.variants[0].linked);
  EXPECT_EQ(media_->Delete(account_, first.id).error().code, ErrorCode::kNotFound);
}

TEST_P(ImageLinkStoreTest, FileNamesMatchIgnoringUnicodeCase) {
  auto kb = MustCreate();
  auto item = repository_->AddItem(account_, kb.id, Rose("роза-Émile.jpg")).value();
  EXPECT_FALSE(item.item.variants[0].linked);
  auto photo = Upload(account_, user_, "РОЗА-ÉMILE.JPG");
  EXPECT_EQ(StoredMediaId(item.item.variants[0].id), photo.id) << "an upload links the variant";
  auto added = repository_->AddItem(account_, kb.id, Rose("Роза-émile.Jpg")).value();
  ASSERT_TRUE(added.item.variants[0].linked) << "a new variant finds the upload";
  EXPECT_EQ(added.item.variants[0].linked->media_id, photo.id);
  EXPECT_FALSE(repository_->AddItem(account_, kb.id, Rose("роза-emile.jpg")).value().item.variants[0].linked)
      << "case, not accents";
}

X8_INSTANTIATE_ENGINE_TEST(KnowledgeStoreTest);
X8_INSTANTIATE_ENGINE_TEST(ImageLinkStoreTest);

}  // namespace
}  // namespace x8::knowledge
