#include "modules/assistant/testing/indexed_catalogue.h"

#include <algorithm>
#include <stdexcept>

#include "platform/tabular/table.h"

namespace x8::assistant::testing {

namespace search = knowledge::search;

KnowledgeBase LoadCsv(std::string_view kb_id, knowledge::KbKind kind, std::string_view csv,
                      std::string_view default_currency) {
  auto table = tabular::ReadCsv(csv);
  if (!table) throw std::runtime_error("test catalogue: " + table.error().message);
  auto parsed = knowledge::ParseCatalogue(*table, kind, {}, default_currency);
  if (!parsed.problems.empty())
    throw std::runtime_error("test catalogue: " + parsed.problems.front().message);
  KnowledgeBase kb{.kb_id = std::string(kb_id), .kind = kind, .items = std::move(parsed.items)};
  for (size_t position = 0; position < kb.items.size(); ++position) {
    auto& item = kb.items[position];
    item.id = "itm_" + kb.kb_id + "_" + std::to_string(position + 1);
    for (size_t variant = 0; variant < item.variants.size(); ++variant) {
      item.variants[variant].id =
          "var_" + kb.kb_id + "_" + std::to_string(position + 1) + "_" + std::to_string(variant + 1);
    }
  }
  return kb;
}

IndexedCatalogue::IndexedCatalogue(std::vector<KnowledgeBase> knowledge_bases) {
  std::vector<search::Document> documents;
  for (auto& kb : knowledge_bases) {
    for (auto& item : kb.items) {
      search::Document document{.id = std::to_string(entries_.size()),
                                .name = std::string(knowledge::TitleOf(item)),
                                .description = item.description.empty() ? item.answer : item.description,
                                .category = item.category,
                                .variants = {}};
      for (const auto& variant : item.variants) {
        document.variants.push_back(
            search::Variant{.id = variant.id,
                            .attributes = {variant.attributes.begin(), variant.attributes.end()},
                            .price_minor = variant.price_minor,
                            .in_stock = variant.in_stock.value_or(!variant.stock || *variant.stock > 0),
                            .sku = variant.sku});
      }
      documents.push_back(std::move(document));
      positions_[item.id] = entries_.size();
      entries_.push_back({kb.kb_id, kb.kind, std::move(item)});
    }
  }
  index_ = search::Index::Build(std::move(documents));
}

Result<std::vector<Catalogue::Hit>> IndexedCatalogue::Search(std::string_view text, const Filter& filter,
                                                             size_t limit) {
  ++search_calls_;
  search::Query query;
  query.text = std::string(text);
  query.category = filter.category;
  query.min_price_minor = filter.min_price_minor;
  query.max_price_minor = filter.max_price_minor;
  query.in_stock_only = filter.in_stock_only;
  query.limit = std::clamp<size_t>(limit, 1, 50);
  std::vector<Hit> hits;
  for (const auto& found : index_.Search(query)) {
    const Entry& entry = entries_.at(std::stoul(found.document_id));
    Hit hit{.kb_id = entry.kb_id, .kind = entry.kind, .item = entry.item, .score = found.score};
    hit.item.variants.clear();
    for (const auto& variant : entry.item.variants) {
      if (std::find(found.variant_ids.begin(), found.variant_ids.end(), variant.id) !=
          found.variant_ids.end()) {
        hit.item.variants.push_back(variant);
      }
    }
    hits.push_back(std::move(hit));
  }
  return hits;
}

Result<std::optional<Catalogue::Hit>> IndexedCatalogue::Item(std::string_view item_id) {
  auto found = positions_.find(std::string(item_id));
  if (found == positions_.end()) return std::optional<Hit>();
  const Entry& entry = entries_[found->second];
  return std::optional<Hit>(Hit{entry.kb_id, entry.kind, entry.item, 0});
}

Result<std::vector<std::string>> IndexedCatalogue::Categories() {
  std::vector<std::string> categories;
  for (const auto& entry : entries_) {
    if (entry.kind == knowledge::KbKind::kFaq || entry.item.category.empty()) continue;
    if (std::find(categories.begin(), categories.end(), entry.item.category) == categories.end()) {
      categories.push_back(entry.item.category);
    }
  }
  return categories;
}

Result<std::vector<knowledge::Item>> IndexedCatalogue::Faq() {
  std::vector<knowledge::Item> faq;
  for (const auto& entry : entries_) {
    if (entry.kind == knowledge::KbKind::kFaq) faq.push_back(entry.item);
  }
  return faq;
}

std::string_view FlowerShopCsv() {
  return R"csv(Product Name,Category,Colour,Size,Price (EUR),In stock,Description,Photo
Red roses bouquet,Bouquets,red,S (11 stems),29.90,yes,Classic bouquet of fresh red roses,red-roses-s.jpg
Red roses bouquet,Bouquets,red,M (25 stems),54.90,yes,Classic bouquet of fresh red roses,red-roses-m.jpg
Red roses bouquet,Bouquets,red,L (51 stems),99.00,yes,Classic bouquet of fresh red roses,red-roses-l.jpg
White lilies,Bouquets,white,M,39.50,yes,"Fragrant white lilies, 7 stems",white-lilies.jpg
Tulip mix,Bouquets,mixed,M (15 stems),24.00,yes,"Seasonal tulips in mixed colours",tulips.jpg
Sunflower trio,Bouquets,yellow,S,19.90,no,Three large sunflowers with greenery,sunflowers.jpg
Orchid in pot,Plants,white,one size,45.00,yes,"Phalaenopsis orchid, ceramic pot",orchid.jpg
Succulent set,Plants,green,3 pcs,18.50,yes,Three small succulents in concrete pots,succulents.jpg
Greeting card,Extras,,one size,3.50,yes,Handwritten card with your message,
Vase (glass),Extras,clear,medium,12.00,yes,Simple glass vase for medium bouquets,vase.jpg
)csv";
}

std::string_view BeautySalonRuCsv() {
  return R"csv(Название услуги;Категория;Длительность (мин);Цена, ₽;Формат;Описание
Стрижка женская;Волосы;60;2500;офлайн;Стрижка, мытьё и укладка
Стрижка мужская;Волосы;40;1500;офлайн;Классическая или модельная стрижка
Окрашивание в один тон;Волосы;120;4800;офлайн;Окрашивание корней и длины
Маникюр с покрытием;Ногти;90;2200;офлайн;Аппаратный маникюр и гель-лак
Консультация стилиста;Консультации;30;0;онлайн;Бесплатная видеоконсультация по образу
Разбор гардероба;Консультации;90;3500;онлайн;Онлайн-разбор гардероба с рекомендациями
)csv";
}

std::string_view FaqCsv() {
  return R"csv(question,answer
Do you deliver on Sundays?,"Yes, from 10:00 to 16:00 within the city."
How much is delivery?,Delivery inside the city is free for orders over 50 EUR; otherwise 7 EUR.
Can I add a card with my message?,"Yes — add a Greeting card to your order and tell us the text."
How long do the flowers stay fresh?,Usually 7–10 days if you change the water every two days.
)csv";
}

std::string_view RussianFlowersCsv() {
  return R"csv(Название;Категория;Размер;Цена, ₽;В наличии;Описание
Розы красные;Цветы;;150;да;Свежие красные розы, цена за штуку
Букет тюльпанов;Букеты;S;1200;да;Весенние тюльпаны
Букет тюльпанов;Букеты;M;1900;да;Весенние тюльпаны
Ваза стеклянная;Аксессуары;;700;да;Простая стеклянная ваза
)csv";
}

IndexedCatalogue FlowerShopCatalogue() {
  return IndexedCatalogue({LoadCsv("flowers", knowledge::KbKind::kProduct, FlowerShopCsv(), "EUR"),
                           LoadCsv("faq", knowledge::KbKind::kFaq, FaqCsv(), "EUR")});
}

IndexedCatalogue RussianCatalogue() {
  return IndexedCatalogue({LoadCsv("cvety", knowledge::KbKind::kProduct, RussianFlowersCsv(), "RUB"),
                           LoadCsv("salon", knowledge::KbKind::kService, BeautySalonRuCsv(), "RUB")});
}

}  // namespace x8::assistant::testing
