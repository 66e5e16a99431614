// An in-memory assistant::Catalogue over the real knowledge search index, for engine tests, the
// benchmark and demos: the same ranking, stemming and typo tolerance the product uses, without storage.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "modules/assistant/domain/engine.h"
#include "modules/knowledge/search/index.h"

namespace x8::assistant::testing {

struct KnowledgeBase {
  std::string kb_id;
  knowledge::KbKind kind = knowledge::KbKind::kProduct;
  std::vector<knowledge::Item> items;
};

// Parses a catalogue CSV (any delimiter the importer accepts) into items with stable ids
// ("itm_<kb>_<n>", variants "var_<kb>_<n>_<m>"). Throws on a malformed file: test data only.
KnowledgeBase LoadCsv(std::string_view kb_id, knowledge::KbKind kind, std::string_view csv,
                      std::string_view default_currency);

class IndexedCatalogue final : public Catalogue {
 public:
  explicit IndexedCatalogue(std::vector<KnowledgeBase> knowledge_bases);

  Result<std::vector<Hit>> Search(std::string_view text, const Filter& filter, size_t limit) override;
  Result<std::optional<Hit>> Item(std::string_view item_id) override;
  Result<std::vector<std::string>> Categories() override;
  Result<std::vector<knowledge::Item>> Faq() override;

  // Calls of each method, for tests that check what an engine looked at.
  size_t search_calls() const { return search_calls_; }

 private:
  struct Entry {
    std::string kb_id;
    knowledge::KbKind kind;
    knowledge::Item item;
  };
  std::vector<Entry> entries_;
  std::unordered_map<std::string, size_t> positions_;  // item id → entries_ index
  knowledge::search::Index index_;
  size_t search_calls_ = 0;
};

// The shared samples (/work/shared/samples) as text, plus a small Russian flower shop.
std::string_view FlowerShopCsv();  // products, EUR: Red roses bouquet S/M/L, White lilies, …, Vase (glass)
std::string_view BeautySalonRuCsv();  // services, RUB, ';'-separated
std::string_view FaqCsv();            // four flower-shop questions
std::string_view
RussianFlowersCsv();  // products, RUB: "Розы красные" per stem, "Букет тюльпанов" S/M, "Ваза"

// Flower shop + FAQ (EUR); the Russian flowers + beauty salon (RUB).
IndexedCatalogue FlowerShopCatalogue();
IndexedCatalogue RussianCatalogue();

}  // namespace x8::assistant::testing
