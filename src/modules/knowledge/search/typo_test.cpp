#include "modules/knowledge/search/typo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace x8::knowledge::search {
namespace {

// Unbounded reference implementation (optimal string alignment).
int ReferenceDistance(const std::u32string& a, const std::u32string& b) {
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

TEST(DamerauLevenshteinTest, CountsEditsAndSwaps) {
  EXPECT_EQ(DamerauLevenshtein(U"rose", U"rose", 2), 0);
  EXPECT_EQ(DamerauLevenshtein(U"rsoe", U"rose", 2), 1);  // swap
  EXPECT_EQ(DamerauLevenshtein(U"rose", U"roses", 2), 1);
  EXPECT_EQ(DamerauLevenshtein(U"rose", U"rse", 2), 1);
  EXPECT_EQ(DamerauLevenshtein(U"rose", U"rase", 2), 1);
  EXPECT_EQ(DamerauLevenshtein(U"стрижка", U"стришка", 2), 1);
  EXPECT_EQ(DamerauLevenshtein(U"kitten", U"sitting", 5), 3);
  EXPECT_EQ(DamerauLevenshtein(U"", U"ab", 5), 2);
}

TEST(DamerauLevenshteinTest, StopsAboveTheBound) {
  EXPECT_EQ(DamerauLevenshtein(U"kitten", U"sitting", 1), 2);
  EXPECT_EQ(DamerauLevenshtein(U"rose", U"tulip", 2), 3);
  EXPECT_EQ(DamerauLevenshtein(U"a", U"abcdef", 2), 3);
}

TEST(DamerauLevenshteinTest, MatchesReferenceOnRandomWords) {
  std::mt19937 random(42);
  std::uniform_int_distribution<int> letter(0, 3);
  std::uniform_int_distribution<int> length(0, 7);
  for (int round = 0; round < 2000; ++round) {
    std::u32string a, b;
    for (int i = length(random); i > 0; --i) a.push_back(U'a' + letter(random));
    for (int i = length(random); i > 0; --i) b.push_back(U'a' + letter(random));
    const int expected = ReferenceDistance(a, b);
    for (int bound = 0; bound <= 3; ++bound) {
      ASSERT_EQ(DamerauLevenshtein(a, b, bound), std::min(expected, bound + 1));
    }
  }
}

TEST(MaxTypoDistanceTest, ByLength) {
  EXPECT_EQ(MaxTypoDistance(3), 0);
  EXPECT_EQ(MaxTypoDistance(4), 1);
  EXPECT_EQ(MaxTypoDistance(7), 1);
  EXPECT_EQ(MaxTypoDistance(8), 2);
}

TEST(DeletionIndexTest, FindsTermsWithinDistanceClosestFirst) {
  const std::vector<std::u32string> terms = {U"rose", U"rosa", U"tulip", U"bouquet", U"стрижк", U"sunflow"};
  const DeletionIndex index = DeletionIndex::Build(terms);
  std::vector<TypoMatch> matches;
  index.Lookup(U"rsoe", 1, terms, 8, matches);
  ASSERT_EQ(matches.size(), 1U);
  EXPECT_EQ(matches[0].term_id, 0U);
  EXPECT_EQ(matches[0].distance, 1);

  matches.clear();
  index.Lookup(U"bukuet", 2, terms, 8, matches);
  ASSERT_EQ(matches.size(), 1U);
  EXPECT_EQ(matches[0].term_id, 3U);
  EXPECT_EQ(matches[0].distance, 2);

  matches.clear();
  index.Lookup(U"bukuet", 1, terms, 8, matches);
  EXPECT_TRUE(matches.empty());

  matches.clear();
  index.Lookup(U"rose", 1, terms, 8, matches);  // the identical term is not a typo
  ASSERT_EQ(matches.size(), 1U);
  EXPECT_EQ(matches[0].term_id, 1U);

  matches.clear();
  index.Lookup(U"стришк", 1, terms, 8, matches);
  ASSERT_EQ(matches.size(), 1U);
  EXPECT_EQ(matches[0].term_id, 4U);

  matches.clear();
  index.Lookup(U"rosx", 1, terms, 1, matches);
  EXPECT_EQ(matches.size(), 1U);  // capped
}

TEST(DeletionIndexTest, AgreesWithBruteForce) {
  std::mt19937 random(7);
  std::uniform_int_distribution<int> letter(0, 4);
  std::uniform_int_distribution<int> length(3, 9);
  auto word = [&] {
    std::u32string text;
    for (int i = length(random); i > 0; --i) text.push_back(U'a' + letter(random));
    return text;
  };
  std::vector<std::u32string> terms;
  terms.reserve(300);
  for (int i = 0; i < 300; ++i) terms.push_back(word());
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  const DeletionIndex index = DeletionIndex::Build(terms);
  for (int round = 0; round < 300; ++round) {
    const std::u32string query = word();
    const int max_distance = MaxTypoDistance(query.size());
    std::vector<TypoMatch> matches;
    index.Lookup(query, max_distance, terms, terms.size(), matches);
    std::vector<uint32_t> found;
    found.reserve(matches.size());
    for (const TypoMatch& match : matches) found.push_back(match.term_id);
    std::sort(found.begin(), found.end());
    std::vector<uint32_t> expected;
    for (uint32_t id = 0; id < terms.size(); ++id) {
      const int distance = ReferenceDistance(query, terms[id]);
      if (max_distance > 0 && distance > 0 && distance <= max_distance) expected.push_back(id);
    }
    ASSERT_EQ(found, expected) << "query of length " << query.size();
  }
}

}  // namespace
}  // namespace x8::knowledge::search
