// JSON shapes of the knowledge API: items in and out, the import preview.
#include "modules/knowledge/api/routes.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace x8::knowledge {
namespace {

TEST(KnowledgeJsonTest, ItemRoundTripsThroughJson) {
  Item item{.name = "Red roses",
            .category = "Bouquets",
            .duration_min = 30,
            .format = "offline",
            .extra = {{"Care", "water"}},
            .variants = {Variant{.id = "var_1",
                                 .attributes = {{"size", "M"}},
                                 .price_minor = 5490,
                                 .currency = "EUR",
                                 .stock = 3,
                                 .in_stock = true}}};
  auto json = ToJson(item);
  EXPECT_EQ(json.at("variants").as_array()[0].at("price_minor"), 5490);
  EXPECT_TRUE(json.at("variants").as_array()[0].at("sku").is_string());
  auto back = ItemFromJson(json).value();
  back.id = item.id;
  EXPECT_EQ(back, item);
}

TEST(KnowledgeJsonTest, ItemFromJsonNamesTheWrongField) {
  auto unknown = ItemFromJson(json::ParseObject(R"({"name":"x","colour":"red"})").value());
  EXPECT_EQ(unknown.error().details.at("field"), "colour");
  auto variant = ItemFromJson(json::ParseObject(R"({"name":"x","variants":[{"price":1}]})").value());
  EXPECT_EQ(variant.error().details.at("field"), "variants.price");
  auto stock = ItemFromJson(json::ParseObject(R"({"name":"x","variants":[{"in_stock":"yes"}]})").value());
  EXPECT_EQ(stock.error().details.at("field"), "in_stock");
  auto format = ItemFromJson(json::ParseObject(R"({"name":"x","format":"hybrid"})").value());
  EXPECT_EQ(format.error().details.at("field"), "format");
  EXPECT_EQ(ItemFromJson(json::ParseObject(R"({"name":"x","format":"Онлайн"})").value())->format, "online");
  auto extra = ItemFromJson(json::ParseObject(R"({"name":"x","extra":{"a":1}})").value());
  EXPECT_EQ(extra.error().details.at("field"), "extra");
}

TEST(KnowledgeJsonTest, PreviewListsColumnsWithAttributesAndCapsPreviewItems) {
  ImportPreview preview;
  preview.upload.id = "imp_1";
  preview.parsed.rows = 30;
  preview.parsed.columns = {{0, "Product Name", {Field::kName, "", ""}, {"Rose"}},
                            {1, "Size", {Field::kAttribute, "size", ""}, {"M"}},
                            {2, "Price (EUR)", {Field::kPrice, "", "EUR"}, {"1"}}};
  for (int i = 0; i < 25; ++i) preview.parsed.items.push_back(Item{.name = "n" + std::to_string(i)});
  auto json = ToJson(preview);
  EXPECT_EQ(json.at("import_id"), "imp_1");
  const auto& columns = json.at("columns").as_array();
  EXPECT_EQ(columns[0].at("field"), "name");
  EXPECT_FALSE(columns[0].as_object().contains("attribute"));
  EXPECT_EQ(columns[1].at("field"), "attribute");
  EXPECT_EQ(columns[1].at("attribute"), "size");
  EXPECT_EQ(columns[2].at("currency"), "EUR");
  EXPECT_EQ(json.at("preview").as_array().size(), kPreviewItems);
  EXPECT_EQ(json.at("items"), 25);
}

}  // namespace
}  // namespace x8::knowledge
