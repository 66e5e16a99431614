#include "modules/knowledge/search/index.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <numeric>
#include <string_view>

#include "modules/knowledge/search/text.h"

namespace x8::knowledge::search {
namespace {

enum Field : size_t { kName = 0, kCategory = 1, kAttributes = 2, kDescription = 3, kFieldCount = 4 };
constexpr std::array<float, kFieldCount> kFieldWeights = {3.0F, 2.0F, 2.0F, 1.0F};
constexpr float kBm25K1 = 1.2F;
constexpr float kBm25B = 0.75F;
constexpr float kPrefixFactor = 0.7F;
constexpr std::array<float, 3> kTypoFactors = {1.0F, 0.6F, 0.4F};  // by edit distance
constexpr size_t kMaxIndexedWordsPerField = 4096;

std::string_view Trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string FoldCategory(std::string_view category) { return std::string(Trim(FoldText(Trim(category)))); }

struct TermCounts {
  uint32_t term_id = 0;
  std::array<uint16_t, kFieldCount> counts{};
};

// Per-thread scratch for Search: dense per-document arrays, reset through the touched lists.
struct Scratch {
  std::vector<float> total;
  std::vector<float> word_best;
  std::vector<uint32_t> word_mask;
  std::vector<uint32_t> touched;
  std::vector<uint32_t> word_touched;

  void Reserve(size_t documents) {
    if (total.size() >= documents) return;
    total.assign(documents, 0.0F);
    word_best.assign(documents, 0.0F);
    word_mask.assign(documents, 0U);
  }
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

struct Candidate {
  uint32_t doc = 0;
  uint32_t matched_words = 0;
  float score = 0;
};

}  // namespace

Index Index::Build(std::vector<Document> documents) {
  Index index;
  index.documents_ = std::move(documents);
  const auto doc_count = static_cast<uint32_t>(index.documents_.size());

  std::unordered_map<std::string, uint32_t> word_ids;  // folded word → term id
  auto term_for = [&index, &word_ids](const Token& token) {
    auto [term_it, inserted] =
        index.term_ids_.try_emplace(token.stem, static_cast<uint32_t>(index.term_stems_.size()));
    if (inserted) {
      index.term_stems_.push_back(token.stem);
      index.term_code_points_.push_back(DecodeUtf8(token.stem));
      index.term_display_.push_back(token.folded);
    }
    word_ids.try_emplace(token.folded, term_it->second);
    return term_it->second;
  };

  struct Posting {
    uint32_t term_id;
    uint32_t doc;
    std::array<uint16_t, kFieldCount> counts;
  };
  std::vector<Posting> postings;
  std::vector<std::array<uint32_t, kFieldCount>> field_lengths(doc_count);
  std::array<double, kFieldCount> total_lengths{};
  std::vector<TermCounts> doc_terms;
  std::vector<uint32_t> variant_terms;

  index.folded_categories_.reserve(doc_count);
  index.variant_begin_.reserve(doc_count + 1);
  index.variant_term_begin_.push_back(0);
  for (uint32_t doc = 0; doc < doc_count; ++doc) {
    const Document& document = index.documents_[doc];
    index.folded_categories_.push_back(FoldCategory(document.category));
    doc_terms.clear();
    auto count = [&](const Token& token, Field field) {
      const uint32_t term_id = term_for(token);
      auto it = std::find_if(doc_terms.begin(), doc_terms.end(),
                             [term_id](const TermCounts& entry) { return entry.term_id == term_id; });
      if (it == doc_terms.end()) it = doc_terms.insert(doc_terms.end(), TermCounts{term_id, {}});
      if (it->counts[field] < UINT16_MAX) ++it->counts[field];
    };
    auto add_field = [&](std::string_view text, Field field) {
      for (const Token& token : Analyze(text, kMaxIndexedWordsPerField)) {
        count(token, field);
        ++field_lengths[doc][field];
      }
    };
    add_field(document.name, kName);
    add_field(document.category, kCategory);
    add_field(document.description, kDescription);

    index.variant_begin_.push_back(static_cast<uint32_t>(index.variant_prices_.size()));
    std::vector<uint32_t> attribute_terms;  // distinct across the document's variants
    for (const Variant& variant : document.variants) {
      variant_terms.clear();
      auto add_variant_text = [&](std::string_view text) {
        for (const Token& token : Analyze(text, kMaxIndexedWordsPerField))
          variant_terms.push_back(term_for(token));
      };
      for (const auto& [attribute_name, value] : variant.attributes) add_variant_text(value);
      add_variant_text(variant.sku);
      std::sort(variant_terms.begin(), variant_terms.end());
      variant_terms.erase(std::unique(variant_terms.begin(), variant_terms.end()), variant_terms.end());
      index.variant_terms_.insert(index.variant_terms_.end(), variant_terms.begin(), variant_terms.end());
      index.variant_term_begin_.push_back(static_cast<uint32_t>(index.variant_terms_.size()));
      attribute_terms.insert(attribute_terms.end(), variant_terms.begin(), variant_terms.end());
      index.variant_prices_.push_back(variant.price_minor.value_or(0));
      index.variant_has_price_.push_back(variant.price_minor.has_value() ? 1 : 0);
      index.variant_in_stock_.push_back(variant.in_stock ? 1 : 0);
    }
    std::sort(attribute_terms.begin(), attribute_terms.end());
    attribute_terms.erase(std::unique(attribute_terms.begin(), attribute_terms.end()), attribute_terms.end());
    // A colour shared by every variant counts once: the attribute field is the set of distinct words.
    for (uint32_t term_id : attribute_terms) {
      auto it = std::find_if(doc_terms.begin(), doc_terms.end(),
                             [term_id](const TermCounts& entry) { return entry.term_id == term_id; });
      if (it == doc_terms.end()) it = doc_terms.insert(doc_terms.end(), TermCounts{term_id, {}});
      it->counts[kAttributes] = 1;
    }
    field_lengths[doc][kAttributes] = static_cast<uint32_t>(attribute_terms.size());
    for (size_t field = 0; field < kFieldCount; ++field) total_lengths[field] += field_lengths[doc][field];
    for (const TermCounts& entry : doc_terms) postings.push_back({entry.term_id, doc, entry.counts});
  }
  index.variant_begin_.push_back(static_cast<uint32_t>(index.variant_prices_.size()));

  // BM25F: field-weighted, length-normalised term frequency, saturated once, times the term's idf.
  std::array<float, kFieldCount> average_lengths{};
  for (size_t field = 0; field < kFieldCount; ++field) {
    average_lengths[field] = doc_count == 0 ? 1.0F : static_cast<float>(total_lengths[field] / doc_count);
    if (average_lengths[field] <= 0) average_lengths[field] = 1.0F;
  }
  std::sort(postings.begin(), postings.end(), [](const Posting& a, const Posting& b) {
    return a.term_id != b.term_id ? a.term_id < b.term_id : a.doc < b.doc;
  });
  const size_t term_count = index.term_stems_.size();
  std::vector<uint32_t> document_frequency(term_count, 0);
  for (const Posting& posting : postings) ++document_frequency[posting.term_id];
  index.posting_begin_.assign(term_count + 1, 0);
  for (size_t term = 0; term < term_count; ++term) {
    index.posting_begin_[term + 1] = index.posting_begin_[term] + document_frequency[term];
  }
  index.posting_docs_.reserve(postings.size());
  index.posting_weights_.reserve(postings.size());
  for (const Posting& posting : postings) {
    const float frequency = static_cast<float>(document_frequency[posting.term_id]);
    const float idf =
        std::log(1.0F + (static_cast<float>(doc_count) - frequency + 0.5F) / (frequency + 0.5F));
    float weighted_frequency = 0;
    for (size_t field = 0; field < kFieldCount; ++field) {
      if (posting.counts[field] == 0) continue;
      const float length_ratio =
          static_cast<float>(field_lengths[posting.doc][field]) / average_lengths[field];
      weighted_frequency += kFieldWeights[field] * static_cast<float>(posting.counts[field]) /
                            (1.0F - kBm25B + kBm25B * length_ratio);
    }
    index.posting_docs_.push_back(posting.doc);
    index.posting_weights_.push_back(idf * weighted_frequency * (kBm25K1 + 1.0F) /
                                     (weighted_frequency + kBm25K1));
  }

  index.words_.assign(word_ids.begin(), word_ids.end());
  std::sort(index.words_.begin(), index.words_.end());
  index.deletions_ = DeletionIndex::Build(index.term_code_points_);

  std::vector<std::string> folded_names;
  folded_names.reserve(doc_count);
  for (const Document& document : index.documents_) folded_names.push_back(FoldText(document.name));
  index.docs_by_name_.resize(doc_count);
  std::iota(index.docs_by_name_.begin(), index.docs_by_name_.end(), 0U);
  std::stable_sort(index.docs_by_name_.begin(), index.docs_by_name_.end(),
                   [&folded_names](uint32_t a, uint32_t b) { return folded_names[a] < folded_names[b]; });
  index.name_rank_.resize(doc_count);
  for (uint32_t rank = 0; rank < doc_count; ++rank) index.name_rank_[index.docs_by_name_[rank]] = rank;
  return index;
}

bool Index::PassesCategory(uint32_t doc, const std::optional<std::string>& folded_category) const {
  return !folded_category.has_value() || folded_categories_[doc] == *folded_category;
}

bool Index::HasVariantFilter(const Query& query) const {
  return query.in_stock_only || query.min_price_minor.has_value() || query.max_price_minor.has_value();
}

bool Index::VariantPasses(uint32_t variant, const Query& query) const {
  if (query.in_stock_only && variant_in_stock_[variant] == 0) return false;
  if (query.min_price_minor.has_value() || query.max_price_minor.has_value()) {
    if (variant_has_price_[variant] == 0) return false;
    const int64_t price = variant_prices_[variant];
    if (query.min_price_minor.has_value() && price < *query.min_price_minor) return false;
    if (query.max_price_minor.has_value() && price > *query.max_price_minor) return false;
  }
  return true;
}

bool Index::PostingsContain(uint32_t term_id, uint32_t doc) const {
  const auto begin = posting_docs_.begin() + posting_begin_[term_id];
  const auto end = posting_docs_.begin() + posting_begin_[term_id + 1];
  return std::binary_search(begin, end, doc);
}

Hit Index::MakeHit(uint32_t doc, double score, size_t matched_words, const Query& query,
                   const std::vector<std::vector<Expansion>>& expansions) const {
  Hit hit;
  hit.document_id = documents_[doc].id;
  hit.score = score;
  hit.matched_query_words = matched_words;
  std::vector<uint32_t> matched_term_ids;
  for (const std::vector<Expansion>& word_expansions : expansions) {
    for (const Expansion& expansion : word_expansions) {
      if (!PostingsContain(expansion.term_id, doc)) continue;
      if (std::find(matched_term_ids.begin(), matched_term_ids.end(), expansion.term_id) !=
          matched_term_ids.end()) {
        continue;
      }
      matched_term_ids.push_back(expansion.term_id);
      hit.matched_terms.push_back(term_display_[expansion.term_id]);
    }
  }
  // Variants: those passing the filters, narrowed to the ones matching the most attribute words.
  size_t best_attribute_matches = 0;
  std::vector<std::pair<uint32_t, size_t>> passing;  // (variant, attribute words matched)
  for (uint32_t variant = variant_begin_[doc]; variant < variant_begin_[doc + 1]; ++variant) {
    if (!VariantPasses(variant, query)) continue;
    const auto terms_begin = variant_terms_.begin() + variant_term_begin_[variant];
    const auto terms_end = variant_terms_.begin() + variant_term_begin_[variant + 1];
    size_t attribute_matches = 0;
    for (uint32_t term_id : matched_term_ids) {
      if (std::binary_search(terms_begin, terms_end, term_id)) ++attribute_matches;
    }
    best_attribute_matches = std::max(best_attribute_matches, attribute_matches);
    passing.emplace_back(variant, attribute_matches);
  }
  const Document& document = documents_[doc];
  for (const auto& [variant, attribute_matches] : passing) {
    if (attribute_matches < best_attribute_matches) continue;
    hit.variant_ids.push_back(document.variants[variant - variant_begin_[doc]].id);
  }
  return hit;
}

std::vector<Hit> Index::Search(const Query& query) const {
  std::vector<Hit> hits;
  const size_t limit = std::min({query.limit, kMaxLimit, documents_.size()});
  if (limit == 0) return hits;
  std::optional<std::string> folded_category;
  if (query.category.has_value()) folded_category = FoldCategory(*query.category);
  const bool variant_filter = HasVariantFilter(query);
  auto passes_filters = [&](uint32_t doc) {
    if (!PassesCategory(doc, folded_category)) return false;
    if (!variant_filter) return true;
    for (uint32_t variant = variant_begin_[doc]; variant < variant_begin_[doc + 1]; ++variant) {
      if (VariantPasses(variant, query)) return true;
    }
    return false;
  };

  // Query words, each stem once (the last occurrence decides whether it is still being typed).
  std::vector<Token> words;
  for (Token& token : Analyze(query.text, kMaxQueryWords)) {
    auto same =
        std::find_if(words.begin(), words.end(), [&token](const Token& w) { return w.stem == token.stem; });
    if (same != words.end()) {
      same->ends_text = same->ends_text || token.ends_text;
      continue;
    }
    words.push_back(std::move(token));
  }

  std::vector<std::vector<Expansion>> expansions;
  if (words.empty()) {
    for (uint32_t doc : docs_by_name_) {
      if (!passes_filters(doc)) continue;
      hits.push_back(MakeHit(doc, 0.0, 0, query, expansions));
      if (hits.size() >= limit) break;
    }
    return hits;
  }

  expansions.resize(words.size());
  std::vector<TypoMatch> typos;
  for (size_t position = 0; position < words.size(); ++position) {
    const Token& word = words[position];
    std::vector<Expansion>& word_expansions = expansions[position];
    const auto exact = term_ids_.find(word.stem);
    if (exact != term_ids_.end()) word_expansions.push_back({exact->second, 1.0F});
    if (word.script == Script::kNumber) continue;  // 25 is not a typo of 26, nor a prefix of 250
    const size_t length = CodePointCount(word.folded);
    if (exact == term_ids_.end()) {
      typos.clear();
      deletions_.Lookup(DecodeUtf8(word.stem), MaxTypoDistance(length), term_code_points_, kMaxTypoExpansions,
                        typos);
      for (const TypoMatch& typo : typos)
        word_expansions.push_back({typo.term_id, kTypoFactors[typo.distance]});
    }
    if (position + 1 == words.size() && word.ends_text && length >= kMinPrefixLength) {
      auto it =
          std::lower_bound(words_.begin(), words_.end(), std::pair<std::string, uint32_t>{word.folded, 0});
      size_t added = 0;
      for (; it != words_.end() && it->first.starts_with(word.folded) && added < kMaxPrefixExpansions; ++it) {
        const uint32_t term_id = it->second;
        const bool known = std::any_of(word_expansions.begin(), word_expansions.end(),
                                       [term_id](const Expansion& e) { return e.term_id == term_id; });
        if (known) continue;
        word_expansions.push_back({term_id, kPrefixFactor});
        ++added;
      }
    }
  }

  // Score: every query word contributes its best-matching expansion once per document.
  Scratch& scratch = ThreadScratch();
  scratch.Reserve(documents_.size());
  scratch.touched.clear();
  for (size_t position = 0; position < words.size(); ++position) {
    scratch.word_touched.clear();
    for (const Expansion& expansion : expansions[position]) {
      const uint32_t begin = posting_begin_[expansion.term_id];
      const uint32_t end = posting_begin_[expansion.term_id + 1];
      for (uint32_t posting = begin; posting < end; ++posting) {
        const uint32_t doc = posting_docs_[posting];
        const float weight = posting_weights_[posting] * expansion.factor;
        float& best = scratch.word_best[doc];
        if (best == 0.0F) scratch.word_touched.push_back(doc);
        best = std::max(best, weight);
      }
    }
    const uint32_t bit = 1U << position;
    for (uint32_t doc : scratch.word_touched) {
      if (scratch.word_mask[doc] == 0) scratch.touched.push_back(doc);
      scratch.total[doc] += scratch.word_best[doc];
      scratch.word_mask[doc] |= bit;
      scratch.word_best[doc] = 0.0F;
    }
  }
  std::vector<Candidate> candidates;
  candidates.reserve(scratch.touched.size());
  for (uint32_t doc : scratch.touched) {
    if (passes_filters(doc)) {
      candidates.push_back(
          {doc, static_cast<uint32_t>(std::popcount(scratch.word_mask[doc])), scratch.total[doc]});
    }
    scratch.total[doc] = 0.0F;
    scratch.word_mask[doc] = 0;
  }

  const auto better = [this](const Candidate& a, const Candidate& b) {
    if (a.matched_words != b.matched_words) return a.matched_words > b.matched_words;
    if (a.score != b.score) return a.score > b.score;
    return name_rank_[a.doc] < name_rank_[b.doc];
  };
  const size_t top = std::min(limit, candidates.size());
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(top),
                    candidates.end(), better);
  hits.reserve(top);
  for (size_t rank = 0; rank < top; ++rank) {
    const Candidate& candidate = candidates[rank];
    hits.push_back(MakeHit(candidate.doc, candidate.score, candidate.matched_words, query, expansions));
  }
  return hits;
}

}  // namespace x8::knowledge::search
