#include "modules/knowledge/search/index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace x8::knowledge::search {
namespace {

Variant MakeVariant(std::string id, std::string colour, std::string size, int64_t price,
                    bool in_stock = true) {
  Variant variant;
  variant.id = std::move(id);
  if (!colour.empty()) variant.attributes.emplace_back("colour", std::move(colour));
  variant.attributes.emplace_back("size", std::move(size));
  variant.price_minor = price;
  variant.in_stock = in_stock;
  return variant;
}

// /work/shared/samples/flower-shop.csv, rows grouped into items with variants.
std::vector<Document> FlowerShop() {
  return {
      {"roses",
       "Red roses bouquet",
       "Classic bouquet of fresh red roses",
       "Bouquets",
       {MakeVariant("roses-s", "red", "S (11 stems)", 2990),
        MakeVariant("roses-m", "red", "M (25 stems)", 5490),
        MakeVariant("roses-l", "red", "L (51 stems)", 9900)}},
      {"lilies",
       "White lilies",
       "Fragrant white lilies, 7 stems",
       "Bouquets",
       {MakeVariant("lilies-m", "white", "M", 3950)}},
      {"tulips",
       "Tulip mix",
       "Seasonal tulips in mixed colours",
       "Bouquets",
       {MakeVariant("tulips-m", "mixed", "M (15 stems)", 2400)}},
      {"sunflowers",
       "Sunflower trio",
       "Three large sunflowers with greenery",
       "Bouquets",
       {MakeVariant("sunflowers-s", "yellow", "S", 1990, /*in_stock=*/false)}},
      {"orchid",
       "Orchid in pot",
       "Phalaenopsis orchid, ceramic pot",
       "Plants",
       {MakeVariant("orchid-1", "white", "one size", 4500)}},
      {"succulents",
       "Succulent set",
       "Three small succulents in concrete pots",
       "Plants",
       {MakeVariant("succulents-3", "green", "3 pcs", 1850)}},
      {"card",
       "Greeting card",
       "Handwritten card with your message",
       "Extras",
       {MakeVariant("card-1", "", "one size", 350)}},
      {"vase",
       "Vase (glass)",
       "Simple glass vase for medium bouquets",
       "Extras",
       {MakeVariant("vase-1", "clear", "medium", 1200)}},
  };
}

// /work/shared/samples/beauty-salon-ru.csv plus a Russian flower shop.
std::vector<Document> RussianCatalogue() {
  auto service = [](std::string id, std::string name, std::string category, int64_t price,
                    std::string description) {
    Variant variant;
    variant.id = id + "-v";
    variant.price_minor = price;
    return Document{std::move(id), std::move(name), std::move(description), std::move(category), {variant}};
  };
  return {
      service("cut-w", "Стрижка женская", "Волосы", 250000, "Стрижка, мытьё и укладка"),
      service("cut-m", "Стрижка мужская", "Волосы", 150000, "Классическая или модельная стрижка"),
      service("colour", "Окрашивание в один тон", "Волосы", 480000, "Окрашивание корней и длины"),
      service("manicure", "Маникюр с покрытием", "Ногти", 220000, "Аппаратный маникюр и гель-лак"),
      service("stylist", "Консультация стилиста", "Консультации", 0,
              "Бесплатная видеоконсультация по образу"),
      service("wardrobe", "Разбор гардероба", "Консультации", 350000,
              "Онлайн-разбор гардероба с рекомендациями"),
      service("ru-roses", "Розы красные", "Букеты", 350000, "Свежие розы из Эквадора"),
      service("ru-bouquet", "Букет из 25 роз", "Букеты", 550000, "Большой букет для праздника"),
      service("ru-tulips", "Тюльпаны", "Букеты", 190000, "Весенний букет тюльпанов"),
  };
}

std::vector<Document> Combined() {
  std::vector<Document> documents = FlowerShop();
  for (Document& document : RussianCatalogue()) documents.push_back(std::move(document));
  return documents;
}

std::vector<std::string> Ids(const std::vector<Hit>& hits) {
  std::vector<std::string> ids;
  ids.reserve(hits.size());
  for (const Hit& hit : hits) ids.push_back(hit.document_id);
  return ids;
}

Query Text(std::string text) {
  Query query;
  query.text = std::move(text);
  return query;
}

class CatalogueSearchTest : public ::testing::Test {
 protected:
  Index index_ = Index::Build(Combined());

  std::string Top(std::string text) const {
    const std::vector<Hit> hits = index_.Search(Text(std::move(text)));
    return hits.empty() ? std::string("<none>") : hits.front().document_id;
  }
};

TEST_F(CatalogueSearchTest, RedRosesFindsTheBouquetFirstWithAllRedVariants) {
  const std::vector<Hit> hits = index_.Search(Text("red roses"));
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].document_id, "roses");
  EXPECT_EQ(hits[0].matched_query_words, 2U);
  EXPECT_EQ(hits[0].variant_ids, (std::vector<std::string>{"roses-s", "roses-m", "roses-l"}));
  EXPECT_EQ(hits[0].matched_terms, (std::vector<std::string>{"red", "roses"}));
}

TEST_F(CatalogueSearchTest, SingularPluralAndTypoFindRoses) {
  EXPECT_EQ(Top("roses"), "roses");
  EXPECT_EQ(Top("rose"), "roses");
  EXPECT_EQ(Top("Roses!"), "roses");
  EXPECT_EQ(Top("rsoes"), "roses");
  EXPECT_EQ(Top("red rsoes"), "roses");
}

TEST_F(CatalogueSearchTest, TypoScoresBelowExact) {
  const double exact = index_.Search(Text("roses"))[0].score;
  const double typo = index_.Search(Text("rsoes"))[0].score;
  EXPECT_GT(exact, typo);
  EXPECT_GT(typo, 0.0);
  EXPECT_EQ(index_.Search(Text("rsoes"))[0].matched_terms, (std::vector<std::string>{"roses"}));
}

TEST_F(CatalogueSearchTest, LongWordsTolerateTwoTypos) {
  EXPECT_EQ(Top("sunflowrs"), "sunflowers");  // one edit
  EXPECT_EQ(Top("snuflowrs"), "sunflowers");  // a swap and a deletion
  EXPECT_EQ(Top("xyzzy"), "<none>");
  EXPECT_EQ(Top("rxsxs"), "<none>");  // two edits are too many for a five-letter word
}

TEST_F(CatalogueSearchTest, WhiteLiliesFindsLiliesFirst) {
  const std::vector<Hit> hits = index_.Search(Text("white lilies"));
  ASSERT_GE(hits.size(), 2U);
  EXPECT_EQ(hits[0].document_id, "lilies");
  EXPECT_EQ(hits[0].matched_query_words, 2U);
  EXPECT_EQ(hits[1].document_id, "orchid");  // white, but no lilies
  EXPECT_EQ(Top("lily"), "lilies");
}

TEST_F(CatalogueSearchTest, DocumentsMatchingMoreQueryWordsRankHigher) {
  const std::vector<Hit> hits = index_.Search(Text("white orchid pot"));
  ASSERT_GE(hits.size(), 3U);
  EXPECT_EQ(hits[0].document_id, "orchid");
  EXPECT_EQ(hits[0].matched_query_words, 3U);
  for (size_t i = 1; i < hits.size(); ++i) EXPECT_LT(hits[i].matched_query_words, 3U);
}

TEST_F(CatalogueSearchTest, AttributeWordsSelectVariants) {
  std::vector<Hit> hits = index_.Search(Text("roses 25 stems"));
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].document_id, "roses");
  EXPECT_EQ(hits[0].variant_ids, (std::vector<std::string>{"roses-m"}));
  hits = index_.Search(Text("red roses L"));
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].variant_ids, (std::vector<std::string>{"roses-l"}));
}

TEST_F(CatalogueSearchTest, RussianRoses) {
  for (const char* text : {"розы", "роза", "Розы", "букет роз", "РОЗ"}) {
    const std::vector<Hit> hits = index_.Search(Text(text));
    ASSERT_GE(hits.size(), 2U) << text;
    const std::vector<std::string> top_two = {hits[0].document_id, hits[1].document_id};
    EXPECT_TRUE(std::is_permutation(top_two.begin(), top_two.end(),
                                    std::vector<std::string>{"ru-roses", "ru-bouquet"}.begin()))
        << text;
  }
  EXPECT_EQ(Top("букет роз"), "ru-bouquet");
}

TEST_F(CatalogueSearchTest, RussianServices) {
  const std::vector<Hit> cuts = index_.Search(Text("стрижка"));
  ASSERT_EQ(cuts.size(), 2U);
  EXPECT_EQ((std::vector<std::string>{cuts[0].document_id, cuts[1].document_id}),
            (std::vector<std::string>{"cut-w", "cut-m"}));  // "женская" sorts before "мужская" on a tie
  EXPECT_EQ(Top("маникюр"), "manicure");
  EXPECT_EQ(Top("маникюра"), "manicure");
  EXPECT_EQ(Top("маникур"), "manicure");  // typo
  EXPECT_EQ(Top("стрижки мужские"), "cut-m");
  EXPECT_EQ(Top("консультация"), "stylist");
  EXPECT_EQ(Top("ёлка"), "<none>");
}

TEST_F(CatalogueSearchTest, PrefixOfTheLastWord) {
  EXPECT_EQ(Top("tul"), "tulips");
  EXPECT_EQ(Top("sunfl"), "sunflowers");
  EXPECT_EQ(Top("red bouq"), "roses");
  EXPECT_EQ(Top("маник"), "manicure");
  EXPECT_EQ(Top("sunfl "), "<none>");  // a finished word is not a prefix
  EXPECT_EQ(Top("tu"), "<none>");      // too short to complete
}

TEST_F(CatalogueSearchTest, CategoryFilterIsCaseInsensitive) {
  Query query = Text("white");
  query.category = "PLANTS";
  EXPECT_EQ(Ids(index_.Search(query)), (std::vector<std::string>{"orchid"}));
  query.category = " bouquets ";
  EXPECT_EQ(Ids(index_.Search(query)), (std::vector<std::string>{"lilies"}));
  query.category = "Букеты";
  query.text = "букет";
  const std::vector<Hit> hits = index_.Search(query);
  for (const Hit& hit : hits) EXPECT_TRUE(hit.document_id.starts_with("ru-")) << hit.document_id;
  EXPECT_EQ(hits.size(), 3U);  // the category "Букеты" itself matches "букет"
}

TEST_F(CatalogueSearchTest, PriceAndStockFiltersCombine) {
  Query query;
  query.category = "Bouquets";
  query.max_price_minor = 2500;
  EXPECT_EQ(Ids(index_.Search(query)), (std::vector<std::string>{"sunflowers", "tulips"}));
  query.in_stock_only = true;
  EXPECT_EQ(Ids(index_.Search(query)), (std::vector<std::string>{"tulips"}));

  query = Text("roses");
  query.max_price_minor = 3000;
  std::vector<Hit> hits = index_.Search(query);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].document_id, "roses");
  EXPECT_EQ(hits[0].variant_ids, (std::vector<std::string>{"roses-s"}));

  query.min_price_minor = 5000;
  query.max_price_minor = 6000;
  hits = index_.Search(query);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].variant_ids, (std::vector<std::string>{"roses-m"}));

  query.min_price_minor = 10000;
  query.max_price_minor.reset();
  EXPECT_EQ(Ids(index_.Search(query)), (std::vector<std::string>{}));  // L costs 99.00

  query = Text("sunflower");
  query.in_stock_only = true;
  EXPECT_TRUE(index_.Search(query).empty());
}

TEST_F(CatalogueSearchTest, PriceFilterSkipsVariantsWithoutPrice) {
  Document free_item{"gift", "Gift wrap", "", "Extras", {Variant{"gift-1", {}, std::nullopt, true, ""}}};
  const Index index = Index::Build({free_item});
  Query query = Text("gift");
  EXPECT_EQ(index.Search(query).size(), 1U);
  query.max_price_minor = 100;
  EXPECT_TRUE(index.Search(query).empty());
}

TEST_F(CatalogueSearchTest, EmptyQueryListsEverythingWithinFiltersByName) {
  Query query;
  query.category = "plants";
  const std::vector<Hit> hits = index_.Search(query);
  EXPECT_EQ(Ids(hits), (std::vector<std::string>{"orchid", "succulents"}));
  EXPECT_EQ(hits[0].score, 0.0);
  EXPECT_EQ(hits[0].variant_ids, (std::vector<std::string>{"orchid-1"}));

  query = Text("");
  query.limit = 3;
  EXPECT_EQ(Ids(index_.Search(query)), (std::vector<std::string>{"card", "orchid", "roses"}));
}

TEST_F(CatalogueSearchTest, EmojiAndPunctuation) {
  Query query = Text("🌹🌹 !!! ???");
  query.limit = 100;
  Query empty;
  empty.limit = 100;
  EXPECT_EQ(Ids(index_.Search(query)), Ids(index_.Search(empty)));
  EXPECT_EQ(Top("🌹 red, roses!!! 🌹"), "roses");
  EXPECT_EQ(Top("«розы»?"), "ru-roses");
}

TEST_F(CatalogueSearchTest, VeryLongQueryIsBounded) {
  std::string text = "red roses ";
  for (int i = 0; i < 20000; ++i) text += "zzqx" + std::to_string(i) + " ";
  const std::vector<Hit> hits = index_.Search(Text(text));
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].document_id, "roses");
  EXPECT_LE(hits[0].matched_query_words, kMaxQueryWords);
}

TEST_F(CatalogueSearchTest, LimitIsRespected) {
  Query query = Text("bouquet");
  query.limit = 1;
  EXPECT_EQ(index_.Search(query).size(), 1U);
  query.limit = 0;
  EXPECT_TRUE(index_.Search(query).empty());
}

TEST(IndexTest, TiesAreBrokenByName) {
  std::vector<Document> documents;
  for (const char* name : {"Rose C", "Rose A", "Rose B"}) {
    documents.push_back({std::string("id-") + name, name, "", "", {}});
  }
  const Index index = Index::Build(std::move(documents));
  EXPECT_EQ(Ids(index.Search(Text("rose"))),
            (std::vector<std::string>{"id-Rose A", "id-Rose B", "id-Rose C"}));
}

TEST(IndexTest, NameOutweighsDescription) {
  const Index index = Index::Build({
      {"in-description", "Gift box", "A box with a rose", "", {}},
      {"in-name", "Rose box", "A gift box", "", {}},
  });
  EXPECT_EQ(Ids(index.Search(Text("rose"))), (std::vector<std::string>{"in-name", "in-description"}));
}

TEST(IndexTest, EmptyIndex) {
  const Index index = Index::Build({});
  EXPECT_TRUE(index.Search(Text("rose")).empty());
  EXPECT_TRUE(index.Search(Query{}).empty());
}

TEST(IndexTest, SkuMatchesItsVariant) {
  Document document{"roses", "Red roses", "", "", {}};
  document.variants.push_back({"v1", {}, 100, true, "RR-011"});
  document.variants.push_back({"v2", {}, 200, true, "RR-025"});
  const Index index = Index::Build({document});
  const std::vector<Hit> hits = index.Search(Text("rr-025"));
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(hits[0].variant_ids, (std::vector<std::string>{"v2"}));
}

TEST(IndexTest, SearchesFromSeveralThreads) {
  const Index index = Index::Build(Combined());
  const std::vector<std::string> expected = Ids(index.Search(Text("red roses")));
  std::vector<std::vector<std::string>> results(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&index, &results, t] {
      for (int i = 0; i < 200; ++i) results[t] = Ids(index.Search(Text(i % 2 == 0 ? "red roses" : "розы")));
      results[t] = Ids(index.Search(Text("red roses")));
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const auto& result : results) EXPECT_EQ(result, expected);
}

}  // namespace
}  // namespace x8::knowledge::search
