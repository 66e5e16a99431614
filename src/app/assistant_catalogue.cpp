#include "app/assistant_catalogue.h"

#include <algorithm>
#include <set>

namespace x8::app {

Result<std::vector<assistant::Catalogue::Hit>> SnapshotCatalogue::Search(std::string_view text,
                                                                         const Filter& filter, size_t limit) {
  knowledge::search::Query query{.text = std::string(text),
                                 .category = filter.category,
                                 .min_price_minor = filter.min_price_minor,
                                 .max_price_minor = filter.max_price_minor,
                                 .in_stock_only = filter.in_stock_only,
                                 .limit = std::clamp<size_t>(limit, 1, knowledge::kMaxSearchLimit)};
  std::vector<Hit> hits;
  for (const auto& found : snapshot_->index.Search(query)) {
    const auto& entry = snapshot_->items.at(std::stoul(found.document_id));
    Hit hit{.kb_id = entry.kb_id, .kind = entry.kind, .item = entry.item, .score = found.score};
    std::erase_if(hit.item.variants, [&](const knowledge::Variant& variant) {
      return std::find(found.variant_ids.begin(), found.variant_ids.end(), variant.id) ==
             found.variant_ids.end();
    });
    hits.push_back(std::move(hit));
  }
  return hits;
}

Result<std::optional<assistant::Catalogue::Hit>> SnapshotCatalogue::Item(std::string_view item_id) {
  for (const auto& entry : snapshot_->items) {
    if (entry.item.id == item_id) {
      return std::optional<Hit>(
          Hit{.kb_id = entry.kb_id, .kind = entry.kind, .item = entry.item, .score = 0});
    }
  }
  return std::optional<Hit>();
}

Result<std::vector<std::string>> SnapshotCatalogue::Categories() {
  std::vector<std::string> categories;
  std::set<std::string> seen;
  for (const auto& entry : snapshot_->items) {
    if (entry.kind == knowledge::KbKind::kFaq || entry.item.category.empty()) continue;
    if (seen.insert(knowledge::NameKey(entry.item.category)).second)
      categories.push_back(entry.item.category);
  }
  return categories;
}

Result<std::vector<knowledge::Item>> SnapshotCatalogue::Faq() {
  std::vector<knowledge::Item> faq;
  for (const auto& entry : snapshot_->items) {
    if (entry.kind == knowledge::KbKind::kFaq) faq.push_back(entry.item);
  }
  return faq;
}

}  // namespace x8::app
