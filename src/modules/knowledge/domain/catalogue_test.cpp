#include "modules/knowledge/domain/catalogue.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace x8::knowledge {
namespace {

// A Table as the readers produce it: header on line 1, data from line 2, 1-based columns.
tabular::Table MakeTable(const std::vector<std::string>& headers,
                         const std::vector<std::vector<std::string>>& rows) {
  tabular::Table table;
  for (size_t c = 0; c < headers.size(); ++c) {
    table.headers.push_back({headers[c], 1, static_cast<int64_t>(c) + 1});
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    tabular::Row row{.line = static_cast<int64_t>(r) + 2, .cells = {}};
    for (size_t c = 0; c < headers.size(); ++c) {
      row.cells.push_back({c < rows[r].size() ? rows[r][c] : "", row.line, static_cast<int64_t>(c) + 1});
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

tabular::Table FlowerShop() {
  return MakeTable(
      {"Product Name", "Category", "Colour", "Size", "Price (EUR)", "In stock", "Description", "Photo"},
      {{"Red roses bouquet", "Bouquets", "red", "S (11 stems)", "29.90", "yes", "Classic", "r-s.jpg"},
       {"Red roses bouquet", "Bouquets", "red", "M (25 stems)", "54.90", "yes", "Classic", "r-m.jpg"},
       {"red  ROSES bouquet ", "Bouquets", "red", "L (51 stems)", "99.00", "yes", "", "r-l.jpg"},
       {"Sunflower trio", "Bouquets", "yellow", "S", "19.90", "no", "Three", "sunflowers.jpg"},
       {"Greeting card", "Extras", "", "one size", "3.50", "yes", "Card", ""}});
}

// --- headers -------------------------------------------------------------------------------------------

TEST(NormalizeHeaderTest, EnglishSynonymsAndUnits) {
  EXPECT_EQ(NormalizeHeader("Product Name").field, Field::kName);
  EXPECT_EQ(NormalizeHeader("  DESCRIPTION ").field, Field::kDescription);
  auto price = NormalizeHeader("Price (EUR)");
  EXPECT_EQ(price.field, Field::kPrice);
  EXPECT_EQ(price.currency_hint, "EUR");
  EXPECT_EQ(NormalizeHeader("Price").currency_hint, "");
  EXPECT_EQ(NormalizeHeader("Price, $").currency_hint, "USD");
  EXPECT_EQ(NormalizeHeader("In stock").field, Field::kInStock);
  EXPECT_EQ(NormalizeHeader("Photo").field, Field::kImage);
  EXPECT_EQ(NormalizeHeader("Image").field, Field::kImage);
  EXPECT_EQ(NormalizeHeader("SKU").field, Field::kSku);
  EXPECT_EQ(NormalizeHeader("Question").field, Field::kQuestion);
  EXPECT_EQ(NormalizeHeader("answer").field, Field::kAnswer);
  EXPECT_EQ(NormalizeHeader("Duration (min)").field, Field::kDurationMin);
}

TEST(NormalizeHeaderTest, RussianSynonymsAndCurrencyAfterComma) {
  EXPECT_EQ(NormalizeHeader("Название").field, Field::kName);
  EXPECT_EQ(NormalizeHeader("Наименование").field, Field::kName);
  EXPECT_EQ(NormalizeHeader("Название услуги").field, Field::kName);
  auto rub = NormalizeHeader("Цена, ₽");
  EXPECT_EQ(rub.field, Field::kPrice);
  EXPECT_EQ(rub.currency_hint, "RUB");
  EXPECT_EQ(NormalizeHeader("Стоимость (руб.)").currency_hint, "RUB");
  EXPECT_EQ(NormalizeHeader("Длительность (мин)").field, Field::kDurationMin);
  EXPECT_EQ(NormalizeHeader("Формат").field, Field::kFormat);
  EXPECT_EQ(NormalizeHeader("В наличии").field, Field::kInStock);
  EXPECT_EQ(NormalizeHeader("Фото").field, Field::kImage);
  EXPECT_EQ(NormalizeHeader("Вопрос").field, Field::kQuestion);
  EXPECT_EQ(NormalizeHeader("ОТВЕТ").field, Field::kAnswer);
  EXPECT_EQ(NormalizeHeader("Категория").field, Field::kCategory);
}

TEST(NormalizeHeaderTest, VariantDimensionsAndUnknownColumns) {
  for (const char* header : {"Size", "Размер", "size (cm)"}) {
    auto mapping = NormalizeHeader(header);
    EXPECT_EQ(mapping.field, Field::kAttribute) << header;
    EXPECT_EQ(mapping.name, "size") << header;
  }
  for (const char* header : {"Colour", "Color", "Цвет"}) {
    auto mapping = NormalizeHeader(header);
    EXPECT_EQ(mapping.field, Field::kAttribute) << header;
    EXPECT_EQ(mapping.name, "colour") << header;
  }
  auto unknown = NormalizeHeader("  Care  tips ");
  EXPECT_EQ(unknown.field, Field::kExtra);
  EXPECT_EQ(unknown.name, "Care tips");
}

TEST(ParseMappingTargetTest, FieldsAttributesExtraIgnoreAndErrors) {
  EXPECT_EQ(ParseMappingTarget("price", "Cost (EUR)")->currency_hint, "EUR");
  EXPECT_EQ(ParseMappingTarget("sku", "Code")->field, Field::kSku);
  auto attribute = ParseMappingTarget("attribute:Material", "Stuff").value();
  EXPECT_EQ(attribute.field, Field::kAttribute);
  EXPECT_EQ(attribute.name, "material");
  EXPECT_EQ(ParseMappingTarget("attribute", "Материал")->name, "материал");
  EXPECT_EQ(ParseMappingTarget("extra", "Notes")->name, "Notes");
  EXPECT_EQ(ParseMappingTarget("ignore", "x")->field, Field::kIgnore);
  auto bad = ParseMappingTarget("prise", "x");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().details.at("field"), "mapping");
  EXPECT_FALSE(ParseMappingTarget("attribute:", "x"));
}

// --- values --------------------------------------------------------------------------------------------

TEST(ParseMoneyTest, SymbolsSeparatorsAndFallbackCurrency) {
  auto euro = ParseMoney("54,90 €", "USD").value();
  EXPECT_EQ(euro.minor, 5490);
  EXPECT_EQ(euro.currency, "EUR");
  auto roubles = ParseMoney("2 500 ₽", "EUR").value();
  EXPECT_EQ(roubles.minor, 250000);
  EXPECT_EQ(roubles.currency, "RUB");
  EXPECT_EQ(ParseMoney("2\xC2\xA0"
                       "500 руб.",
                       "EUR")
                ->minor,
            250000);  // no-break space
  auto plain = ParseMoney("29.90", "EUR").value();
  EXPECT_EQ(plain.minor, 2990);
  EXPECT_EQ(plain.currency, "EUR");
  EXPECT_EQ(ParseMoney("1.234,56", "EUR")->minor, 123456);
  EXPECT_EQ(ParseMoney("1,234.56", "EUR")->minor, 123456);
  EXPECT_EQ(ParseMoney("1,234", "EUR")->minor, 123400);
  EXPECT_EQ(ParseMoney("1.234.567", "EUR")->minor, 123456700);
  EXPECT_EQ(ParseMoney("0", "RUB")->minor, 0);
  EXPECT_EQ(ParseMoney("€12", "RUB")->currency, "EUR");
  EXPECT_EQ(ParseMoney("12.5 usd", "RUB")->minor, 1250);
  EXPECT_EQ(ParseMoney("12.5 usd", "RUB")->currency, "USD");
  EXPECT_EQ(ParseMoney("99", "EUR")->minor, 9900);
}

TEST(ParseMoneyTest, RejectsWhatIsNotAPrice) {
  for (const char* text : {"abc", "", "12abc34", "1.2345", "12.", "5 apples", "--"}) {
    auto parsed = ParseMoney(text, "EUR");
    EXPECT_FALSE(parsed) << text;
    if (!parsed) {
      EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    }
  }
  auto negative = ParseMoney("-5", "EUR");
  ASSERT_FALSE(negative);
  EXPECT_NE(negative.error().message.find("negative"), std::string::npos);
  EXPECT_FALSE(ParseMoney("12", ""));  // no currency anywhere
}

TEST(ParseBooleanTest, EnglishRussianDigitsSigns) {
  for (const char* yes : {"yes", "YES", "да", "Да", "1", "true", "+", "y"})
    EXPECT_TRUE(ParseBoolean(yes).value()) << yes;
  for (const char* no : {"no", "нет", "НЕТ", "0", "false", "-", "n"})
    EXPECT_FALSE(ParseBoolean(no).value()) << no;
  EXPECT_FALSE(ParseBoolean("maybe"));
  EXPECT_FALSE(ParseBoolean("2"));
}

TEST(ParseDurationTest, MinutesHoursAndClockForm) {
  EXPECT_EQ(ParseDurationMinutes("60").value(), 60);
  EXPECT_EQ(ParseDurationMinutes("90 мин").value(), 90);
  EXPECT_EQ(ParseDurationMinutes("45 min").value(), 45);
  EXPECT_EQ(ParseDurationMinutes("1:30").value(), 90);
  EXPECT_EQ(ParseDurationMinutes("2 h").value(), 120);
  EXPECT_EQ(ParseDurationMinutes("1,5 ч").value(), 90);
  EXPECT_FALSE(ParseDurationMinutes("long"));
  EXPECT_FALSE(ParseDurationMinutes("1:75"));
  EXPECT_FALSE(ParseDurationMinutes("10 days"));
  EXPECT_FALSE(ParseDurationMinutes("0.5"));  // half a minute
}

TEST(ParseFormatTest, OnlineOffline) {
  EXPECT_EQ(ParseFormat("online").value(), "online");
  EXPECT_EQ(ParseFormat("Онлайн").value(), "online");
  EXPECT_EQ(ParseFormat("офлайн").value(), "offline");
  EXPECT_EQ(ParseFormat("OFFLINE").value(), "offline");
  EXPECT_FALSE(ParseFormat("hybrid"));
}

TEST(ParseValuesTest, CountsCurrenciesAndKinds) {
  EXPECT_EQ(ParseCount("1 000").value(), 1000);
  EXPECT_FALSE(ParseCount("-1"));
  EXPECT_FALSE(ParseCount("1.5"));
  EXPECT_EQ(ParseCurrency("eur").value(), "EUR");
  EXPECT_EQ(ParseCurrency("₽").value(), "RUB");
  EXPECT_FALSE(ParseCurrency("euros!"));
  EXPECT_EQ(ParseKbKind("FAQ").value(), KbKind::kFaq);
  EXPECT_EQ(ToString(KbKind::kService), "SERVICE");
  EXPECT_FALSE(ParseKbKind("faq"));
  EXPECT_EQ(ParseImportMode("merge").value(), ImportMode::kMerge);
  EXPECT_FALSE(ParseImportMode("upsert"));
  EXPECT_EQ(NameKey("  Red   ROSES bouquet "), "red roses bouquet");
  EXPECT_EQ(NameKey("СТРИЖКА Женская"), "стрижка женская");
}

// --- parsing a table -----------------------------------------------------------------------------------

TEST(ParseCatalogueTest, FlowerShopGroupsVariantsAndKeepsExactPrices) {
  auto parsed = ParseCatalogue(FlowerShop(), KbKind::kProduct, {}, "USD");
  ASSERT_TRUE(parsed.problems.empty()) << parsed.problems.front().message;
  EXPECT_EQ(parsed.rows, 5);
  ASSERT_EQ(parsed.columns.size(), 8u);
  EXPECT_EQ(parsed.columns[0].mapping.field, Field::kName);
  EXPECT_EQ(parsed.columns[4].mapping.currency_hint, "EUR");
  EXPECT_EQ(parsed.columns[0].samples,
            (std::vector<std::string>{"Red roses bouquet", "Red roses bouquet", "red  ROSES bouquet "}));
  ASSERT_EQ(parsed.items.size(), 3u);
  const Item& roses = parsed.items[0];
  EXPECT_EQ(roses.name, "Red roses bouquet");
  EXPECT_EQ(roses.category, "Bouquets");
  EXPECT_EQ(roses.description, "Classic");
  ASSERT_EQ(roses.variants.size(), 3u);
  EXPECT_EQ(roses.variants[0].attributes, (TextMap{{"colour", "red"}, {"size", "S (11 stems)"}}));
  EXPECT_EQ(roses.variants[1].price_minor, 5490);
  EXPECT_EQ(roses.variants[1].currency, "EUR");
  EXPECT_EQ(roses.variants[2].price_minor, 9900);
  EXPECT_EQ(roses.variants[2].image, "r-l.jpg");
  EXPECT_EQ(parsed.items[1].variants[0].in_stock, false);
  EXPECT_EQ(parsed.items[2].variants[0].attributes,
            (TextMap{{"size", "one size"}}));  // empty colour left out
  EXPECT_TRUE(parsed.items[2].variants[0].image.empty());
}

TEST(ParseCatalogueTest, BeautySalonServicesInRoubles) {
  auto table =
      MakeTable({"Название услуги", "Категория", "Длительность (мин)", "Цена, ₽", "Формат", "Описание"},
                {{"Стрижка женская", "Волосы", "60", "2500", "офлайн", "Стрижка"},
                 {"Консультация стилиста", "Консультации", "30", "0", "онлайн", "Бесплатно"}});
  auto parsed = ParseCatalogue(table, KbKind::kService, {}, "EUR");
  ASSERT_TRUE(parsed.problems.empty()) << parsed.problems.front().message;
  ASSERT_EQ(parsed.items.size(), 2u);
  EXPECT_EQ(parsed.items[0].duration_min, 60);
  EXPECT_EQ(parsed.items[0].format, "offline");
  EXPECT_EQ(parsed.items[0].variants[0].price_minor, 250000);
  EXPECT_EQ(parsed.items[0].variants[0].currency, "RUB");
  EXPECT_TRUE(parsed.items[0].variants[0].attributes.empty());
  EXPECT_EQ(parsed.items[1].variants[0].price_minor, 0);
  EXPECT_EQ(parsed.items[1].format, "online");
}

TEST(ParseCatalogueTest, CompanyCurrencyAndCurrencyColumn) {
  auto table =
      MakeTable({"Name", "Price", "Currency"}, {{"A", "10", ""}, {"B", "10", "usd"}, {"C", "10 €", "usd"}});
  auto parsed = ParseCatalogue(table, KbKind::kProduct, {}, "GBP");
  ASSERT_TRUE(parsed.problems.empty());
  EXPECT_EQ(parsed.items[0].variants[0].currency, "GBP");
  EXPECT_EQ(parsed.items[1].variants[0].currency, "USD");
  EXPECT_EQ(parsed.items[2].variants[0].currency, "EUR");  // the cell's own symbol wins
}

TEST(ParseCatalogueTest, CollectsEveryProblemWithLineColumnAndField) {
  auto table = FlowerShop();
  table.rows[3].cells[4].text = "abc";    // line 5, column 5: price
  table.rows[1].cells[5].text = "maybe";  // line 3, column 6: in_stock
  table.rows[4].cells[0].text = "";       // line 6: no name
  auto parsed = ParseCatalogue(table, KbKind::kProduct, {}, "EUR");
  ASSERT_EQ(parsed.problems.size(), 3u);
  EXPECT_EQ(parsed.problems[0].line, 3);
  EXPECT_EQ(parsed.problems[0].column, 6);
  EXPECT_EQ(parsed.problems[0].field, "in_stock");
  EXPECT_EQ(parsed.problems[1].line, 5);
  EXPECT_EQ(parsed.problems[1].column, 5);
  EXPECT_EQ(parsed.problems[1].field, "price");
  EXPECT_NE(parsed.problems[1].message.find("line 5"), std::string::npos);
  EXPECT_NE(parsed.problems[1].message.find("abc"), std::string::npos);
  EXPECT_EQ(parsed.problems[2].line, 6);
  EXPECT_EQ(parsed.problems[2].field, "name");

  auto refusal = RefusalOf(parsed.problems);
  EXPECT_EQ(refusal.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refusal.details.at("line"), 3);
  EXPECT_EQ(refusal.details.at("column"), 6);
  EXPECT_EQ(refusal.details.at("field"), "in_stock");
  EXPECT_EQ(refusal.details.at("problems").as_array().size(), 3u);
}

TEST(ParseCatalogueTest, ProblemsAreCappedAtFifty) {
  std::vector<std::vector<std::string>> rows(80, {"Thing", "oops"});
  for (size_t i = 0; i < rows.size(); ++i) rows[i][0] = "Thing " + std::to_string(i);
  auto parsed = ParseCatalogue(MakeTable({"Name", "Price"}, rows), KbKind::kProduct, {}, "EUR");
  EXPECT_EQ(parsed.problems.size(), kMaxProblems);
  EXPECT_EQ(RefusalOf(parsed.problems).details.at("problems").as_array().size(), kMaxProblems);
}

TEST(ParseCatalogueTest, RequiredFieldsPerKind) {
  auto no_name_column = ParseCatalogue(MakeTable({"Price"}, {{"1"}}), KbKind::kProduct, {}, "EUR");
  ASSERT_EQ(no_name_column.problems.size(), 1u);
  EXPECT_EQ(no_name_column.problems[0].field, "name");
  EXPECT_EQ(no_name_column.problems[0].line, 1);

  auto faq = MakeTable({"question", "answer"}, {{"Do you deliver on Sundays?", "Yes"}, {"Card?", ""}});
  auto parsed = ParseCatalogue(faq, KbKind::kFaq, {}, "EUR");
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_EQ(parsed.problems[0].field, "answer");
  EXPECT_EQ(parsed.problems[0].line, 3);
  EXPECT_EQ(parsed.problems[0].column, 2);
  ASSERT_EQ(parsed.items.size(), 1u);
  EXPECT_EQ(TitleOf(parsed.items[0]), "Do you deliver on Sundays?");
}

TEST(ParseCatalogueTest, OverridesByColumnIndexAndDuplicateMappings) {
  auto table = MakeTable({"Thing", "Cost", "Material", "Notes"}, {{"Vase", "12", "glass", "fragile"}});
  std::map<int64_t, ColumnMapping> overrides{{0, ParseMappingTarget("name", "Thing").value()},
                                             {1, ParseMappingTarget("price", "Cost").value()},
                                             {2, ParseMappingTarget("attribute", "Material").value()}};
  auto parsed = ParseCatalogue(table, KbKind::kProduct, overrides, "EUR");
  ASSERT_TRUE(parsed.problems.empty()) << parsed.problems.front().message;
  const Item& vase = parsed.items.at(0);
  EXPECT_EQ(vase.name, "Vase");
  EXPECT_EQ(vase.variants[0].price_minor, 1200);
  EXPECT_EQ(vase.variants[0].attributes, (TextMap{{"material", "glass"}}));
  EXPECT_EQ(vase.extra, (TextMap{{"Notes", "fragile"}}));

  std::map<int64_t, ColumnMapping> twice{{0, ParseMappingTarget("name", "Thing").value()},
                                         {3, ParseMappingTarget("name", "Notes").value()}};
  auto clash = ParseCatalogue(table, KbKind::kProduct, twice, "EUR");
  ASSERT_EQ(clash.problems.size(), 1u);
  EXPECT_EQ(clash.problems[0].column, 4);
  EXPECT_EQ(clash.problems[0].field, "name");
}

TEST(ParseCatalogueTest, RepeatedIdenticalVariantIsAProblem) {
  auto table = MakeTable({"Name", "Size", "Price"}, {{"Tee", "M", "10"}, {"tee", "M", "11"}});
  auto parsed = ParseCatalogue(table, KbKind::kProduct, {}, "EUR");
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_EQ(parsed.problems[0].line, 3);
  EXPECT_NE(parsed.problems[0].message.find("line 2"), std::string::npos);
}

TEST(ParseCatalogueTest, EmptyFileIsAProblem) {
  auto parsed = ParseCatalogue(MakeTable({"Name"}, {}), KbKind::kProduct, {}, "EUR");
  ASSERT_EQ(parsed.problems.size(), 1u);
}

TEST(ValidateItemTest, RequiredFieldsVariantsAndCurrency) {
  Item item{.name = "Rose", .variants = {Variant{}}};
  EXPECT_TRUE(ValidateItem(item, KbKind::kProduct));
  EXPECT_FALSE(ValidateItem(item, KbKind::kFaq));
  Item nameless = item;
  nameless.name = "  ";
  EXPECT_EQ(ValidateItem(nameless, KbKind::kProduct).error().details.at("field"), "name");
  Item no_variants = item;
  no_variants.variants.clear();
  EXPECT_FALSE(ValidateItem(no_variants, KbKind::kProduct));
  Item priced = item;
  priced.variants[0].price_minor = 100;
  EXPECT_EQ(ValidateItem(priced, KbKind::kProduct).error().details.at("field"), "currency");
  priced.variants[0].currency = "EUR";
  EXPECT_TRUE(ValidateItem(priced, KbKind::kProduct));
  Item twins = priced;
  twins.variants.push_back(twins.variants[0]);
  EXPECT_FALSE(ValidateItem(twins, KbKind::kProduct));
}

// --- import plan ---------------------------------------------------------------------------------------

Item Stored(std::string id, std::string name, std::vector<Variant> variants) {
  return Item{.id = std::move(id), .name = std::move(name), .variants = std::move(variants)};
}
Variant Sized(std::string id, std::string size, std::string sku = {}) {
  return Variant{.id = std::move(id), .attributes = {{"size", std::move(size)}}, .sku = std::move(sku)};
}

TEST(PlanImportTest, MergeMatchesByNameThenAttributesAndKeepsTheRest) {
  std::vector<Item> existing = {Stored("itm_1", "Red roses", {Sized("var_s", "S"), Sized("var_m", "M")}),
                                Stored("itm_2", "Lilies", {Sized("var_l", "M")})};
  std::vector<Item> incoming = {Item{.name = "RED  roses", .variants = {Sized("", "M"), Sized("", "XL")}},
                                Item{.name = "Tulips", .variants = {Variant{}}}};
  auto plan = PlanImport(existing, incoming, ImportMode::kMerge);
  ASSERT_EQ(plan.update.size(), 1u);
  EXPECT_EQ(plan.update[0].id, "itm_1");
  ASSERT_EQ(plan.update[0].variants.size(), 3u);
  EXPECT_EQ(plan.update[0].variants[0].id, "var_m");
  EXPECT_EQ(plan.update[0].variants[1].id, "");       // XL is new
  EXPECT_EQ(plan.update[0].variants[2].id, "var_s");  // kept by merge
  ASSERT_EQ(plan.create.size(), 1u);
  EXPECT_EQ(plan.create[0].name, "Tulips");
  EXPECT_TRUE(plan.delete_items.empty());
}

TEST(PlanImportTest, ReplaceDeletesWhatIsAbsentAndDropsMissingVariants) {
  std::vector<Item> existing = {Stored("itm_1", "Red roses", {Sized("var_s", "S"), Sized("var_m", "M")}),
                                Stored("itm_2", "Lilies", {Sized("var_l", "M")})};
  std::vector<Item> incoming = {Item{.name = "Red roses", .variants = {Sized("", "M")}}};
  auto plan = PlanImport(existing, incoming, ImportMode::kReplace);
  ASSERT_EQ(plan.update.size(), 1u);
  ASSERT_EQ(plan.update[0].variants.size(), 1u);
  EXPECT_EQ(plan.update[0].variants[0].id, "var_m");
  EXPECT_EQ(plan.delete_items, (std::vector<std::string>{"itm_2"}));
  EXPECT_TRUE(plan.create.empty());
}

TEST(PlanImportTest, FileWithFewerVariantColumnsMatchesByTheAttributesItNames) {
  Variant red_m{.id = "var_rm", .attributes = {{"colour", "red"}, {"size", "M"}}};
  Variant red_s{.id = "var_rs", .attributes = {{"colour", "red"}, {"size", "S"}}};
  Variant white_s{.id = "var_ws", .attributes = {{"colour", "white"}, {"size", "S"}}};
  std::vector<Item> existing = {Stored("itm_1", "Roses", {red_m, red_s, white_s})};
  std::vector<Item> incoming = {
      Item{.name = "Roses", .variants = {Sized("", "M"), Sized("", "S")}}};  // S is ambiguous: red or white
  auto merged = PlanImport(existing, incoming, ImportMode::kMerge);
  ASSERT_EQ(merged.update.size(), 1u);
  const auto& variants = merged.update[0].variants;
  ASSERT_EQ(variants.size(), 4u);  // M matched, S new (ambiguous), red S and white S kept
  EXPECT_EQ(variants[0].id, "var_rm");
  EXPECT_EQ(variants[0].attributes, (TextMap{{"colour", "red"}, {"size", "M"}}));  // merge keeps colour
  EXPECT_EQ(variants[1].id, "");
  auto replaced = PlanImport(existing, incoming, ImportMode::kReplace);
  EXPECT_EQ(replaced.update[0].variants[0].id, "var_rm");
  EXPECT_EQ(replaced.update[0].variants[0].attributes, (TextMap{{"size", "M"}}));  // the file is the truth
  EXPECT_EQ(replaced.update[0].variants.size(), 2u);
}

TEST(PlanImportTest, SkuWinsOverName) {
  std::vector<Item> existing = {Stored("itm_1", "Old name", {Sized("var_1", "S", "RR-S")})};
  std::vector<Item> incoming = {Item{.name = "Renamed", .variants = {Sized("", "Small", "RR-S")}}};
  auto plan = PlanImport(existing, incoming, ImportMode::kReplace);
  ASSERT_EQ(plan.update.size(), 1u);
  EXPECT_EQ(plan.update[0].id, "itm_1");
  EXPECT_EQ(plan.update[0].name, "Renamed");
  EXPECT_EQ(plan.update[0].variants[0].id, "var_1");
  EXPECT_TRUE(plan.delete_items.empty());
}

// --- export --------------------------------------------------------------------------------------------

TEST(ExportCsvTest, OneRowPerVariantQuotingAndFormulaNeutralised) {
  Item roses{
      .name = "Red roses",
      .description = "=HYPERLINK(\"http://evil\",\"x\")",
      .category = "Bouquets",
      .extra = {{"Care", "water, daily"}},
      .variants = {
          Variant{.attributes = {{"size", "S"}}, .price_minor = 2990, .currency = "EUR", .in_stock = true},
          Variant{.attributes = {{"size", "M"}}, .price_minor = 5490, .currency = "EUR"}}};
  Item card{.name = "+Card", .variants = {Variant{.price_minor = 350, .currency = "EUR", .in_stock = false}}};
  std::string csv = ExportCsv({roses, card});
  EXPECT_EQ(
      csv,
      "name,description,category,price,currency,in_stock,size,Care\r\n"
      "Red roses,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",Bouquets,29.90,EUR,yes,S,\"water, daily\"\r\n"
      "Red roses,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",Bouquets,54.90,EUR,,M,\"water, daily\"\r\n"
      "'+Card,,,3.50,EUR,no,,\r\n");
}

TEST(ExportCsvTest, CellNeutralisation) {
  EXPECT_EQ(CsvCell("=1+1"), "'=1+1");
  EXPECT_EQ(CsvCell("-5"), "'-5");
  EXPECT_EQ(CsvCell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvCell("\tx"), "'\tx");
  EXPECT_EQ(CsvCell("\rx"), "\"'\rx\"");
  EXPECT_EQ(CsvCell("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(CsvCell("plain"), "plain");
  EXPECT_EQ(FormatMinor(5), "0.05");
  EXPECT_EQ(FormatMinor(250000), "2500.00");
}

TEST(ExportCsvTest, ExportReimportsToTheSameItems) {
  auto parsed = ParseCatalogue(FlowerShop(), KbKind::kProduct, {}, "EUR");
  std::string csv = ExportCsv(parsed.items);
  // Split the export back into a table (no quoted cells in this sample).
  std::vector<std::vector<std::string>> lines;
  size_t start = 0;
  for (size_t end = csv.find("\r\n"); end != std::string::npos;
       start = end + 2, end = csv.find("\r\n", start)) {
    std::vector<std::string> cells;
    std::string line = csv.substr(start, end - start);
    size_t from = 0;
    for (size_t comma = line.find(',');; comma = line.find(',', from)) {
      cells.push_back(line.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
    lines.push_back(cells);
  }
  std::vector<std::string> header = lines.front();
  lines.erase(lines.begin());
  auto again = ParseCatalogue(MakeTable(header, lines), KbKind::kProduct, {}, "USD");
  ASSERT_TRUE(again.problems.empty()) << again.problems.front().message;
  EXPECT_EQ(again.items, parsed.items);
}

}  // namespace
}  // namespace x8::knowledge
