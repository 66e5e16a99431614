// Typo tolerance: a bounded Damerau–Levenshtein distance and a SymSpell-style deletion index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace x8::knowledge::search {

// Optimal string alignment distance (insert, delete, substitute, swap two neighbours: 1 each).
// Returns max_distance + 1 as soon as the distance is known to exceed max_distance.
int DamerauLevenshtein(std::u32string_view left, std::u32string_view right, int max_distance);

// The typo budget for a query word of `length` code points: 0 below 4, 1 from 4, 2 from 8.
int MaxTypoDistance(size_t length);

struct TypoMatch {
  uint32_t term_id = 0;
  int distance = 0;
};

// Maps every variant of a term with up to one (terms of 3–5 code points) or two (6 and more) code
// points deleted to the term. Two words within distance d share a variant reachable by at most d
// deletions from each, so a lookup only generates the query word's deletions and verifies the
// candidates with DamerauLevenshtein.
class DeletionIndex {
 public:
  DeletionIndex() = default;
  // `terms[i]` is term id i.
  static DeletionIndex Build(const std::vector<std::u32string>& terms);

  // Appends terms within `max_distance` of `word` (excluding an identical term) to `matches`, closest
  // first, at most `max_matches` of them.
  void Lookup(std::u32string_view word, int max_distance, const std::vector<std::u32string>& terms,
              size_t max_matches, std::vector<TypoMatch>& matches) const;

  size_t entry_count() const { return entries_.size(); }

 private:
  std::vector<std::pair<uint64_t, uint32_t>> entries_;  // (variant hash, term id), sorted
};

}  // namespace x8::knowledge::search
