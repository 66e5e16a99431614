#include "modules/knowledge/search/typo.h"

#include <algorithm>
#include <array>

namespace x8::knowledge::search {
namespace {

constexpr size_t kMaxTypoWordLength = 64;  // longer words are not typo-corrected (bounded work)

uint64_t HashCodePoints(std::u32string_view text) {
  uint64_t hash = 14695981039346656037ULL;  // FNV-1a
  for (char32_t code_point : text) {
    hash ^= static_cast<uint64_t>(code_point);
    hash *= 1099511628211ULL;
  }
  return hash;
}

// Collects the hashes of `word` with 0..depth code points removed (duplicates allowed).
void CollectDeletionHashes(std::u32string& word, int depth, size_t from, std::vector<uint64_t>& hashes) {
  hashes.push_back(HashCodePoints(word));
  if (depth == 0 || word.size() <= 1) return;
  // Deleting only at positions >= from enumerates each set of deleted positions once.
  for (size_t position = from; position < word.size(); ++position) {
    const char32_t removed = word[position];
    word.erase(position, 1);
    CollectDeletionHashes(word, depth - 1, position, hashes);
    word.insert(position, 1, removed);
  }
}

int IndexDepth(size_t length) {
  if (length >= 6) return 2;
  if (length >= 3) return 1;
  return 0;
}

}  // namespace

int MaxTypoDistance(size_t length) {
  if (length >= 8) return 2;
  if (length >= 4) return 1;
  return 0;
}

int DamerauLevenshtein(std::u32string_view left, std::u32string_view right, int max_distance) {
  const int over = max_distance + 1;
  const auto left_size = static_cast<int>(left.size());
  const auto right_size = static_cast<int>(right.size());
  if (std::abs(left_size - right_size) > max_distance) return over;
  if (left_size > static_cast<int>(kMaxTypoWordLength) || right_size > static_cast<int>(kMaxTypoWordLength)) {
    return left == right ? 0 : over;
  }
  // Three rolling rows: two rows back (for transpositions), previous, current.
  std::array<int, kMaxTypoWordLength + 1> before_previous{};
  std::array<int, kMaxTypoWordLength + 1> previous{};
  std::array<int, kMaxTypoWordLength + 1> current{};
  for (int column = 0; column <= right_size; ++column) previous[column] = column;
  for (int row = 1; row <= left_size; ++row) {
    current[0] = row;
    int row_minimum = current[0];
    for (int column = 1; column <= right_size; ++column) {
      const int cost = left[row - 1] == right[column - 1] ? 0 : 1;
      int best = std::min({previous[column] + 1, current[column - 1] + 1, previous[column - 1] + cost});
      if (row > 1 && column > 1 && left[row - 1] == right[column - 2] && left[row - 2] == right[column - 1]) {
        best = std::min(best, before_previous[column - 2] + 1);
      }
      current[column] = best;
      row_minimum = std::min(row_minimum, best);
    }
    if (row_minimum > max_distance) return over;
    before_previous = previous;
    previous = current;
  }
  return std::min(previous[right_size], over);
}

DeletionIndex DeletionIndex::Build(const std::vector<std::u32string>& terms) {
  DeletionIndex index;
  std::vector<uint64_t> hashes;
  for (uint32_t term_id = 0; term_id < terms.size(); ++term_id) {
    const std::u32string& term = terms[term_id];
    if (term.size() > kMaxTypoWordLength) continue;
    hashes.clear();
    std::u32string scratch = term;
    CollectDeletionHashes(scratch, IndexDepth(term.size()), 0, hashes);
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    for (uint64_t hash : hashes) index.entries_.emplace_back(hash, term_id);
  }
  std::sort(index.entries_.begin(), index.entries_.end());
  return index;
}

void DeletionIndex::Lookup(std::u32string_view word, int max_distance,
                           const std::vector<std::u32string>& terms, size_t max_matches,
                           std::vector<TypoMatch>& matches) const {
  if (max_distance <= 0 || word.empty() || word.size() > kMaxTypoWordLength || max_matches == 0) return;
  std::vector<uint64_t> hashes;
  std::u32string scratch(word);
  CollectDeletionHashes(scratch, max_distance, 0, hashes);
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  std::vector<uint32_t> candidates;
  for (uint64_t hash : hashes) {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), std::pair<uint64_t, uint32_t>{hash, 0});
    for (; it != entries_.end() && it->first == hash; ++it) candidates.push_back(it->second);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  const size_t first_new = matches.size();
  for (uint32_t term_id : candidates) {
    const int distance = DamerauLevenshtein(word, terms[term_id], max_distance);
    if (distance == 0 || distance > max_distance) continue;
    matches.push_back({term_id, distance});
  }
  std::stable_sort(matches.begin() + static_cast<std::ptrdiff_t>(first_new), matches.end(),
                   [](const TypoMatch& a, const TypoMatch& b) { return a.distance < b.distance; });
  if (matches.size() - first_new > max_matches) matches.resize(first_new + max_matches);
}

}  // namespace x8::knowledge::search
