// The in-memory catalogue index the assistant and the Playground query: BM25-style ranking over the
// name, category, variant attributes and description, English and Russian stemming, typo tolerance,
// prefix matching for the word being typed, and category / price / stock filters. See docs/search.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "modules/knowledge/search/typo.h"

namespace x8::knowledge::search {

struct Variant {
  std::string id;
  std::vector<std::pair<std::string, std::string>> attributes;  // e.g. {"size", "M (25 stems)"}
  std::optional<int64_t> price_minor;
  bool in_stock = true;
  std::string sku;
};

struct Document {
  std::string id;
  std::string name, description, category;
  std::vector<Variant> variants;
};

struct Query {
  std::string text;
  std::optional<std::string> category;  // equality after case folding
  std::optional<int64_t> min_price_minor, max_price_minor;
  bool in_stock_only = false;
  size_t limit = 10;
};

struct Hit {
  std::string document_id;
  double score = 0;
  // Variants that pass the filters; when query words matched variant attributes, only the variants
  // matching the most of them.
  std::vector<std::string> variant_ids;
  // The catalogue words that matched (as written in the catalogue, folded), in query order.
  std::vector<std::string> matched_terms;
  size_t matched_query_words = 0;  // distinct query words this document matched
};

inline constexpr size_t kMaxQueryWords = 32;        // words after the 32nd are ignored
inline constexpr size_t kMaxTypoExpansions = 8;     // index terms one query word may be corrected to
inline constexpr size_t kMaxPrefixExpansions = 32;  // index terms the last word may complete to
inline constexpr size_t kMinPrefixLength = 3;       // code points before prefix matching starts
inline constexpr size_t kMaxLimit = 1000;

class Index {
 public:
  Index() = default;
  static Index Build(std::vector<Document> documents);

  // Ranked documents: more distinct query words matched first, then the BM25 score, then the name.
  // A query without searchable words (empty, only punctuation, emoji or stop words) lists every
  // document passing the filters in name order with score 0.
  std::vector<Hit> Search(const Query& query) const;

  size_t document_count() const { return documents_.size(); }
  size_t term_count() const { return term_stems_.size(); }
  const Document& document(size_t position) const { return documents_[position]; }

 private:
  struct Expansion {
    uint32_t term_id = 0;
    float factor = 1;  // 1 exact, lower for prefix and typo matches
  };

  bool PassesCategory(uint32_t doc, const std::optional<std::string>& folded_category) const;
  bool VariantPasses(uint32_t variant, const Query& query) const;
  bool HasVariantFilter(const Query& query) const;
  bool PostingsContain(uint32_t term_id, uint32_t doc) const;
  Hit MakeHit(uint32_t doc, double score, size_t matched_words, const Query& query,
              const std::vector<std::vector<Expansion>>& expansions) const;

  std::vector<Document> documents_;
  std::vector<std::string> folded_categories_;
  std::vector<uint32_t> name_rank_;     // position of each document in name order
  std::vector<uint32_t> docs_by_name_;  // documents in name order

  std::unordered_map<std::string, uint32_t> term_ids_;  // stem → term id
  std::vector<std::string> term_stems_;
  std::vector<std::u32string> term_code_points_;
  std::vector<std::string> term_display_;                // the first folded catalogue word with this stem
  std::vector<std::pair<std::string, uint32_t>> words_;  // folded catalogue word → term id, sorted
  DeletionIndex deletions_;

  // Postings in compressed-row form: term t owns [posting_begin_[t], posting_begin_[t + 1]), by doc.
  std::vector<uint32_t> posting_begin_;
  std::vector<uint32_t> posting_docs_;
  std::vector<float> posting_weights_;  // the precomputed BM25F contribution of (term, doc)

  // Variants, flattened: document d owns [variant_begin_[d], variant_begin_[d + 1]).
  std::vector<uint32_t> variant_begin_;
  std::vector<int64_t> variant_prices_;
  std::vector<uint8_t> variant_has_price_;
  std::vector<uint8_t> variant_in_stock_;
  std::vector<uint32_t> variant_term_begin_;  // variant v's sorted attribute terms, same layout
  std::vector<uint32_t> variant_terms_;
};

}  // namespace x8::knowledge::search
