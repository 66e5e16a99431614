// Knowledge bases over the real x8 binary, on SQLite and PostgreSQL: the flower shop (tenant A, CSV with
// English headers and variants) and the beauty salon (tenant B, Russian headers, ';', roubles) imported
// into knowledge bases both named "Main"; preview, commit, grouping, exact prices, merge vs replace
// re-imports, an all-or-nothing refusal, tenancy (404) and the CSV export's formula neutralisation.
//
// Users are written straight into the server's database and access tokens minted with the server's key,
// as tests/integration/companies_test.cpp does.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <map>

#include "core/ids.h"
#include "modules/media/testing/images.h"
#include "platform/crypto/crypto.h"
#include "platform/storage/testing/test_database.h"
#include "tests/integration/api_client.h"
#include "tests/integration/samples.h"
#include "tests/integration/server_process.h"
#include "tests/integration/test_tenants.h"

namespace x8::testing {
namespace {

using storage::testing::EngineTest;

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

using User = TestUser;

class KnowledgeApiTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(crypto::Init());
    server_ = std::make_unique<ServerProcess>(
        ServerOptions{.database_url = url(), .env = {{"X8_SECURITY_MASTER_KEY", tenants_.master_key_env()}}});
    ASSERT_TRUE(server_->Start()) << server_->log();
    flowers_ = AddClient();
    salon_ = AddClient();
    flowers_company_ = CreateCompany(flowers_, "Flower shop", "PRODUCT", "EUR");
    salon_company_ = CreateCompany(salon_, "Салон красоты", "SERVICE", "RUB");
    flowers_kb_ = CreateKb(flowers_, flowers_company_, "Main", "PRODUCT");
    salon_kb_ = CreateKb(salon_, salon_company_, "Main", "SERVICE");
  }
  void TearDown() override {
    server_.reset();
    EngineTest::TearDown();
  }

  User AddClient() { return tenants_.AddClient(db()); }

  http::HttpResponse Call(const User& user, std::string method, const std::string& path,
                          std::string body = {}, http::HeaderList extra_headers = {}) {
    return ApiClient(*server_, user.token)
        .Send(std::move(method), path, std::move(body), std::move(extra_headers));
  }

  std::string CreateCompany(const User& user, const std::string& name, const std::string& type,
                            const std::string& currency) {
    auto r = Call(
        user, "POST", "/api/v1/companies",
        boost::json::serialize(boost::json::object{{"name", name}, {"type", type}, {"currency", currency}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(Json(r).at("id").as_string()) : std::string();
  }
  std::string CreateKb(const User& user, const std::string& company_id, const std::string& name,
                       const std::string& kind) {
    auto r = Call(user, "POST", "/api/v1/companies/" + company_id + "/knowledge-bases",
                  boost::json::serialize(boost::json::object{{"name", name}, {"kind", kind}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(Json(r).at("id").as_string()) : std::string();
  }
  http::HttpResponse Upload(const User& user, const std::string& kb_id, std::string_view bytes,
                            const std::string& file_name = "catalogue.csv") {
    return Call(user, "POST", "/api/v1/knowledge-bases/" + kb_id + "/imports", std::string(bytes),
                {{"Content-Type", "text/csv"}, {"X-File-Name", file_name}});
  }
  // Uploads and commits; returns the commit's answer.
  boost::json::object Import(const User& user, const std::string& kb_id, std::string_view bytes,
                             const std::string& mode) {
    auto uploaded = Upload(user, kb_id, bytes);
    EXPECT_EQ(uploaded.status, 201) << uploaded.body;
    if (uploaded.status != 201) return {};
    std::string import_id(Json(uploaded).at("import_id").as_string());
    auto committed =
        Call(user, "POST", "/api/v1/knowledge-bases/" + kb_id + "/imports/" + import_id + "/commit",
             boost::json::serialize(boost::json::object{{"mode", mode}}));
    EXPECT_EQ(committed.status, 200) << committed.body;
    return committed.status == 200 ? Json(committed).as_object() : boost::json::object{};
  }
  boost::json::array Items(const User& user, const std::string& kb_id) {
    auto r = Call(user, "GET", "/api/v1/knowledge-bases/" + kb_id + "/items?limit=200");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? Json(r).at("items").as_array() : boost::json::array{};
  }
  static const boost::json::object* Named(const boost::json::array& items, std::string_view name) {
    for (const auto& item : items) {
      if (item.at("name").as_string() == name) return &item.as_object();
    }
    return nullptr;
  }

  TestTenants tenants_;
  std::unique_ptr<ServerProcess> server_;
  User flowers_, salon_;
  std::string flowers_company_, salon_company_, flowers_kb_, salon_kb_;
};

TEST_P(KnowledgeApiTest, PreviewShowsTheMappingAndWritesNothing) {
  auto r = Upload(flowers_, flowers_kb_, kFlowerShop, "flower-shop.csv");
  ASSERT_EQ(r.status, 201) << r.body;
  auto body = Json(r);
  EXPECT_TRUE(IsValidId(body.at("import_id").as_string(), "imp"));
  EXPECT_EQ(body.at("file_name"), "flower-shop.csv");
  EXPECT_EQ(body.at("rows"), 10);
  EXPECT_EQ(body.at("items"), 8);
  EXPECT_TRUE(body.at("problems").as_array().empty());
  const auto& columns = body.at("columns").as_array();
  ASSERT_EQ(columns.size(), 8u);
  EXPECT_EQ(columns[0].at("field"), "name");
  EXPECT_EQ(columns[1].at("field"), "category");
  EXPECT_EQ(columns[2].at("field"), "attribute");
  EXPECT_EQ(columns[2].at("attribute"), "colour");
  EXPECT_EQ(columns[3].at("attribute"), "size");
  EXPECT_EQ(columns[4].at("field"), "price");
  EXPECT_EQ(columns[4].at("currency"), "EUR");
  EXPECT_EQ(columns[5].at("field"), "in_stock");
  EXPECT_EQ(columns[7].at("field"), "image");
  EXPECT_EQ(columns[4].at("samples").as_array()[0], "29.90");
  const auto& preview = body.at("preview").as_array();
  ASSERT_EQ(preview.size(), 8u);
  EXPECT_EQ(preview[0].at("variants").as_array().size(), 3u);
  EXPECT_TRUE(Items(flowers_, flowers_kb_).empty());
}

TEST_P(KnowledgeApiTest, BothSamplesImportWithVariantsAndExactPrices) {
  auto flowers = Import(flowers_, flowers_kb_, kFlowerShop, "replace");
  EXPECT_EQ(flowers.at("created"), 8);
  EXPECT_EQ(flowers.at("items"), 8);
  auto items = Items(flowers_, flowers_kb_);
  ASSERT_EQ(items.size(), 8u);
  EXPECT_EQ(items[0].at("name"), "Red roses bouquet");
  const auto& roses = items[0].at("variants").as_array();
  ASSERT_EQ(roses.size(), 3u);
  EXPECT_EQ(roses[0].at("attributes").at("size"), "S (11 stems)");
  EXPECT_EQ(roses[0].at("attributes").at("colour"), "red");
  EXPECT_EQ(roses[0].at("price_minor"), 2990);
  EXPECT_EQ(roses[1].at("price_minor"), 5490);
  EXPECT_EQ(roses[2].at("price_minor"), 9900);
  EXPECT_EQ(roses[2].at("currency"), "EUR");
  EXPECT_EQ(roses[2].at("image").at("file_name"), "red-roses-l.jpg");
  const auto* sunflowers = Named(items, "Sunflower trio");
  ASSERT_NE(sunflowers, nullptr);
  EXPECT_EQ(sunflowers->at("variants").as_array()[0].at("in_stock"), false);
  const auto* card = Named(items, "Greeting card");
  ASSERT_NE(card, nullptr);
  EXPECT_EQ(card->at("variants").as_array()[0].at("attributes"), (boost::json::object{{"size", "one size"}}));
  EXPECT_EQ(Named(items, "White lilies")->at("description"), "Fragrant white lilies, 7 stems");

  auto salon = Import(salon_, salon_kb_, kBeautySalon, "replace");
  EXPECT_EQ(salon.at("created"), 6);
  auto services = Items(salon_, salon_kb_);
  ASSERT_EQ(services.size(), 6u);
  const auto* cut = Named(services, "Стрижка женская");
  ASSERT_NE(cut, nullptr);
  EXPECT_EQ(cut->at("category"), "Волосы");
  EXPECT_EQ(cut->at("duration_min"), 60);
  EXPECT_EQ(cut->at("format"), "offline");
  EXPECT_EQ(cut->at("variants").as_array()[0].at("price_minor"), 250000);
  EXPECT_EQ(cut->at("variants").as_array()[0].at("currency"), "RUB");
  const auto* free = Named(services, "Консультация стилиста");
  ASSERT_NE(free, nullptr);
  EXPECT_EQ(free->at("variants").as_array()[0].at("price_minor"), 0);
  EXPECT_EQ(free->at("format"), "online");

  auto kb = Call(flowers_, "GET", "/api/v1/knowledge-bases/" + flowers_kb_);
  EXPECT_EQ(Json(kb).at("items_count"), 8);
  auto search =
      Call(salon_, "GET", "/api/v1/knowledge-bases/" + salon_kb_ + "/items?q=%D1%81%D1%82%D1%80%D0%B8%D0%B6");
  EXPECT_EQ(Json(search).at("items").as_array().size(), 2u);  // "стриж" finds both haircuts
}

TEST_P(KnowledgeApiTest, ReimportMergeKeepsWhatIsAbsentReplaceDeletesIt) {
  Import(flowers_, flowers_kb_, kFlowerShop, "replace");
  auto before = Items(flowers_, flowers_kb_);
  std::string medium_roses_id(before[0].at("variants").as_array()[1].at("id").as_string());
  constexpr std::string_view kUpdate =
      "Product Name,Size,Price (EUR)\n"
      "Red roses bouquet,M (25 stems),59.90\n"
      "Peonies,M,45.00\n";

  auto merged = Import(flowers_, flowers_kb_, kUpdate, "merge");
  EXPECT_EQ(merged.at("created"), 1);
  EXPECT_EQ(merged.at("updated"), 1);
  EXPECT_EQ(merged.at("deleted"), 0);
  EXPECT_EQ(merged.at("items"), 9);
  auto after_merge = Items(flowers_, flowers_kb_);
  const auto* roses = Named(after_merge, "Red roses bouquet");
  ASSERT_NE(roses, nullptr);
  const auto& variants = roses->at("variants").as_array();
  ASSERT_EQ(variants.size(), 3u);  // the M row updated (matched by name + size), S and L kept
  EXPECT_EQ(variants[0].at("id").as_string(), medium_roses_id);
  EXPECT_EQ(variants[0].at("price_minor"), 5990);

  auto replaced = Import(flowers_, flowers_kb_, kUpdate, "replace");
  EXPECT_EQ(replaced.at("created"), 0);
  EXPECT_EQ(replaced.at("updated"), 2);
  EXPECT_EQ(replaced.at("deleted"), 7);
  EXPECT_EQ(replaced.at("items"), 2);
  auto after_replace = Items(flowers_, flowers_kb_);
  ASSERT_EQ(after_replace.size(), 2u);
  EXPECT_EQ(Named(after_replace, "Red roses bouquet")->at("variants").as_array().size(), 1u);
}

TEST_P(KnowledgeApiTest, BadPriceRefusesTheWholeFileNamingLineAndColumn) {
  Import(flowers_, flowers_kb_, kFlowerShop, "replace");
  std::string broken(kFlowerShop);
  broken.replace(broken.find("39.50"), 5, "abc");  // White lilies: line 5
  broken.replace(broken.find("Tulip mix,Bouquets,mixed,M (15 stems),24.00"), 9, "Tulip MIX");
  auto uploaded = Upload(flowers_, flowers_kb_, broken);
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  auto preview = Json(uploaded);  // ranging over a temporary's insides would dangle
  const auto& problems = preview.at("problems").as_array();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].at("line"), 5);

  std::string import_id(Json(uploaded).at("import_id").as_string());
  auto refused =
      Call(flowers_, "POST", "/api/v1/knowledge-bases/" + flowers_kb_ + "/imports/" + import_id + "/commit",
           R"({"mode":"replace"})");
  ASSERT_EQ(refused.status, 400) << refused.body;
  auto error = Json(refused).at("error");
  EXPECT_EQ(error.at("code"), "invalid_argument");
  EXPECT_EQ(error.at("details").at("line"), 5);
  EXPECT_EQ(error.at("details").at("column"), 5);
  EXPECT_EQ(error.at("details").at("field"), "price");
  EXPECT_NE(std::string(error.at("message").as_string()).find("line 5"), std::string::npos);
  EXPECT_EQ(error.at("details").at("problems").as_array().size(), 1u);
  // Nothing written: the catalogue is what the first import made.
  auto items = Items(flowers_, flowers_kb_);
  ASSERT_EQ(items.size(), 8u);
  EXPECT_NE(Named(items, "Tulip mix"), nullptr);
  EXPECT_EQ(Named(items, "White lilies")->at("variants").as_array()[0].at("price_minor"), 3950);
}

TEST_P(KnowledgeApiTest, AnotherTenantsIdsAreNotFound) {
  Import(flowers_, flowers_kb_, kFlowerShop, "replace");
  std::string item_id(Items(flowers_, flowers_kb_)[0].at("id").as_string());
  auto uploaded = Upload(flowers_, flowers_kb_, kFlowerShop);
  std::string import_id(Json(uploaded).at("import_id").as_string());
  std::string kb = "/api/v1/knowledge-bases/" + flowers_kb_;

  EXPECT_EQ(Call(salon_, "GET", "/api/v1/companies/" + flowers_company_ + "/knowledge-bases").status, 404);
  EXPECT_EQ(Call(salon_, "POST", "/api/v1/companies/" + flowers_company_ + "/knowledge-bases",
                 R"({"name":"Stolen","kind":"PRODUCT"})")
                .status,
            404);
  EXPECT_EQ(Call(salon_, "GET", kb).status, 404);
  EXPECT_EQ(Call(salon_, "PATCH", kb, R"({"name":"Mine"})").status, 404);
  EXPECT_EQ(Call(salon_, "GET", kb + "/items").status, 404);
  EXPECT_EQ(Call(salon_, "POST", kb + "/items", R"({"name":"Weed"})").status, 404);
  EXPECT_EQ(Call(salon_, "PATCH", kb + "/items/" + item_id, R"({"name":"Weed"})").status, 404);
  EXPECT_EQ(
      Call(salon_, "PATCH", "/api/v1/knowledge-bases/" + salon_kb_ + "/items/" + item_id, R"({"name":"W"})")
          .status,
      404);
  EXPECT_EQ(Call(salon_, "DELETE", kb + "/items/" + item_id).status, 404);
  EXPECT_EQ(Upload(salon_, flowers_kb_, kFlowerShop).status, 404);
  EXPECT_EQ(Call(salon_, "POST", kb + "/imports/" + import_id + "/commit", R"({"mode":"replace"})").status,
            404);
  EXPECT_EQ(Call(salon_, "POST", "/api/v1/knowledge-bases/" + salon_kb_ + "/imports/" + import_id + "/commit",
                 R"({"mode":"replace"})")
                .status,
            404);
  EXPECT_EQ(Call(salon_, "GET", kb + "/export").status, 404);
  EXPECT_EQ(Call(salon_, "DELETE", kb).status, 404);
  // Still there for its owner; and the list of the salon shows only its own "Main".
  EXPECT_EQ(Items(flowers_, flowers_kb_).size(), 8u);
  auto own = Call(salon_, "GET", "/api/v1/companies/" + salon_company_ + "/knowledge-bases");
  ASSERT_EQ(Json(own).at("items").as_array().size(), 1u);
  EXPECT_EQ(Json(own).at("items").as_array()[0].at("id").as_string(), salon_kb_);
  EXPECT_EQ(Call(flowers_, "POST", "/api/v1/companies/" + flowers_company_ + "/knowledge-bases",
                 R"({"name":"Main","kind":"FAQ"})")
                .status,
            409);
}

TEST_P(KnowledgeApiTest, ExportNeutralisesFormulasAndRowCrudWorks) {
  Import(flowers_, flowers_kb_, kFlowerShop, "replace");
  std::string kb = "/api/v1/knowledge-bases/" + flowers_kb_;
  auto added = Call(flowers_, "POST", kb + "/items",
                    R"j({"name":"Mystery box","description":"=HYPERLINK(\"http://evil.example\",\"win\")",)j"
                    R"j("variants":[{"attributes":{"size":"M"},"price_minor":1500}]})j");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(Json(added).at("variants").as_array()[0].at("currency"), "EUR");  // the company's
  std::string item_id(Json(added).at("id").as_string());
  auto patched = Call(flowers_, "PATCH", kb + "/items/" + item_id, R"({"category":"Surprises"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Json(patched).at("category"), "Surprises");
  EXPECT_EQ(Json(patched).at("name"), "Mystery box");
  EXPECT_EQ(Json(patched).at("variants").as_array()[0].at("price_minor"), 1500);

  auto exported = Call(flowers_, "GET", kb + "/export");
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_EQ(exported.Header("Content-Type").value_or(""), "text/csv; charset=utf-8");
  EXPECT_NE(exported.body.find("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"win\"\")\""), std::string::npos)
      << exported.body;
  EXPECT_EQ(exported.body.find(",=HYPERLINK"), std::string::npos);
  EXPECT_EQ(exported.body.find("\"=HYPERLINK"), std::string::npos);
  EXPECT_NE(exported.body.find("Red roses bouquet,Classic bouquet of fresh red roses,Bouquets,29.90,EUR"),
            std::string::npos)
      << exported.body;
  size_t rows = 0;
  for (size_t at = exported.body.find("\r\n"); at != std::string::npos;
       at = exported.body.find("\r\n", at + 2)) {
    ++rows;
  }
  EXPECT_EQ(rows, 1u + 10u + 1u);  // header, one row per variant, the mystery box

  EXPECT_EQ(Call(flowers_, "DELETE", kb + "/items/" + item_id).status, 204);
  EXPECT_EQ(Items(flowers_, flowers_kb_).size(), 8u);
  EXPECT_EQ(Call(flowers_, "DELETE", kb).status, 204);
  EXPECT_EQ(Call(flowers_, "GET", kb).status, 404);
}

TEST_P(KnowledgeApiTest, CatalogueSearchFiltersPricesAndStemsRussian) {
  Import(flowers_, flowers_kb_, kFlowerShop, "replace");
  Import(salon_, salon_kb_, kBeautySalon, "replace");
  auto roses = Call(flowers_, "GET",
                    "/api/v1/companies/" + flowers_company_ + "/catalogue/search?q=rose&max_price=60");
  ASSERT_EQ(roses.status, 200) << roses.body;
  auto body = Json(roses);
  const auto& hits = body.at("items").as_array();
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].at("item").at("name"), "Red roses bouquet");
  EXPECT_EQ(hits[0].at("knowledge_base_id").as_string(), flowers_kb_);
  EXPECT_EQ(hits[0].at("item").at("variants").as_array().size(), 2u);  // S and M; L costs 99.00

  // "стрижки" (another word form) finds both haircuts; another tenant cannot search the salon.
  auto haircut = Call(salon_, "GET",
                      "/api/v1/companies/" + salon_company_ +
                          "/catalogue/search?q=%D1%81%D1%82%D1%80%D0%B8%D0%B6%D0%BA%D0%B8");
  ASSERT_EQ(haircut.status, 200) << haircut.body;
  auto haircut_body = Json(haircut);
  ASSERT_GE(haircut_body.at("items").as_array().size(), 2u);
  EXPECT_EQ(Call(flowers_, "GET", "/api/v1/companies/" + salon_company_ + "/catalogue/search?q=a").status,
            404);
  EXPECT_EQ(
      Call(flowers_, "GET", "/api/v1/companies/" + flowers_company_ + "/catalogue/search?in_stock=maybe")
          .status,
      400);
}

TEST_P(KnowledgeApiTest, UploadsAboveKnowledgeMaxUploadBytesAre413) {
  // A second node on the same database with a small limit.
  server_ = std::make_unique<ServerProcess>(
      ServerOptions{.database_url = url(),
                    .env = {{"X8_SECURITY_MASTER_KEY", tenants_.master_key_env()},
                            {"X8_KNOWLEDGE_MAX_UPLOAD_BYTES", "2048"}}});
  ASSERT_TRUE(server_->Start()) << server_->log();
  std::string big(kFlowerShop);
  while (big.size() <= 2048) big += "Vase (glass),Extras,clear,medium,12.00,yes,Simple glass vase,vase.jpg\n";
  auto refused = Upload(flowers_, flowers_kb_, big);
  EXPECT_EQ(refused.status, 413) << refused.body;
  EXPECT_EQ(Upload(flowers_, flowers_kb_, kFlowerShop).status, 201);  // 1 KB fits
}

TEST_P(KnowledgeApiTest, UploadedImageLinksVariantsOfItsAccountByFileName) {
  // A second node with its own media root (the default server has none configured for this test).
  auto media_root = std::filesystem::temp_directory_path() / ("x8-kb-media-" + NewId("t"));
  server_ = std::make_unique<ServerProcess>(
      ServerOptions{.database_url = url(),
                    .env = {{"X8_SECURITY_MASTER_KEY", tenants_.master_key_env()},
                            {"X8_MEDIA_ROOT", media_root.string()}}});
  ASSERT_TRUE(server_->Start()) << server_->log();
  Import(flowers_, flowers_kb_, kFlowerShop, "replace");
  std::string kb = "/api/v1/knowledge-bases/" + flowers_kb_;
  auto image_of_m = [&](const User& user, const std::string& kb_path) -> boost::json::value {
    auto items = Call(user, "GET", kb_path + "/items?limit=200");
    EXPECT_EQ(items.status, 200) << items.body;
    auto body = Json(items);
    const auto* roses = Named(body.at("items").as_array(), "Red roses bouquet");
    if (roses == nullptr) return nullptr;
    for (const auto& variant : roses->at("variants").as_array()) {
      const auto& image = variant.at("image");
      if (image.is_object() && image.at("file_name") == "red-roses-m.jpg") return image;
    }
    return nullptr;
  };
  auto unresolved = image_of_m(flowers_, kb);
  ASSERT_TRUE(unresolved.is_object()) << unresolved;
  EXPECT_EQ(unresolved.at("file_name"), "red-roses-m.jpg");
  EXPECT_TRUE(unresolved.at("media_id").is_null());
  EXPECT_TRUE(unresolved.at("thumb_url").is_null());

  // The other tenant has a catalogue with the same cell and uploads a file of that name first.
  std::string salon_kb = CreateKb(salon_, salon_company_, "Flowers too", "PRODUCT");
  std::string salon_path = "/api/v1/knowledge-bases/" + salon_kb;
  auto their_item = Call(salon_, "POST", salon_path + "/items",
                         R"({"name":"Red roses bouquet","variants":[{"attributes":{"size":"M"},)"
                         R"("price_minor":4990,"currency":"RUB","image":"red-roses-m.jpg"}]})");
  ASSERT_EQ(their_item.status, 201) << their_item.body;
  std::string jpeg = media::testing::MakeImage(64, 48, ".jpg");
  auto upload = [&](const User& user, const std::string& name) {
    return Call(user, "POST", "/api/v1/media?folder=product", jpeg,
                {{"Content-Type", "application/octet-stream"}, {"X-File-Name", name}});
  };
  auto theirs = upload(salon_, "red-roses-m.jpg");
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  std::string their_media(Json(theirs).at("id").as_string());
  EXPECT_TRUE(image_of_m(flowers_, kb).at("media_id").is_null());  // never another tenant's file
  EXPECT_EQ(image_of_m(salon_, salon_path).at("media_id"), boost::json::value(their_media));

  auto mine = upload(flowers_, "red-roses-m.jpg");
  ASSERT_EQ(mine.status, 201) << mine.body;
  std::string media_id(Json(mine).at("id").as_string());
  auto linked = image_of_m(flowers_, kb);
  EXPECT_EQ(linked.at("file_name"), "red-roses-m.jpg");
  EXPECT_EQ(linked.at("media_id"), boost::json::value(media_id));
  std::string thumb(linked.at("thumb_url").as_string());
  EXPECT_TRUE(thumb.starts_with("/media/users/" + flowers_.id + "/")) << thumb;
  EXPECT_TRUE(linked.at("medium_url").is_string());
  EXPECT_TRUE(linked.at("url").is_string());
  auto served = Call(flowers_, "GET", thumb);
  EXPECT_EQ(served.status, 200);
  EXPECT_EQ(image_of_m(salon_, salon_path).at("media_id"), boost::json::value(their_media));

  // Search hits carry the link too (the per-company cache was rebuilt by the upload).
  auto hits = Call(flowers_, "GET", "/api/v1/companies/" + flowers_company_ + "/catalogue/search?q=roses");
  ASSERT_EQ(hits.status, 200) << hits.body;
  bool found = false;
  auto hits_body = Json(hits);
  for (const auto& hit : hits_body.at("items").as_array()) {
    for (const auto& variant : hit.at("item").at("variants").as_array()) {
      if (variant.at("image").is_object() &&
          variant.at("image").at("media_id") == boost::json::value(media_id))
        found = true;
    }
  }
  EXPECT_TRUE(found) << hits.body;

  // A re-import links in its commit; deleting the file unlinks.
  Import(flowers_, flowers_kb_, kFlowerShop, "replace");
  EXPECT_EQ(image_of_m(flowers_, kb).at("media_id"), boost::json::value(media_id));
  EXPECT_EQ(Call(flowers_, "DELETE", "/api/v1/media/" + media_id).status, 204);
  EXPECT_TRUE(image_of_m(flowers_, kb).at("media_id").is_null());
  server_.reset();
  std::filesystem::remove_all(media_root);
}

X8_INSTANTIATE_ENGINE_TEST(KnowledgeApiTest);

}  // namespace
}  // namespace x8::testing
