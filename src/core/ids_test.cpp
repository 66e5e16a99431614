#include "core/ids.h"

#include <gtest/gtest.h>

#include <set>

namespace x8 {
namespace {

TEST(Ids, HavePrefixAndValidate) {
  auto id = NewId("cmp");
  EXPECT_EQ(id.size(), 3 + 1 + 26u);
  EXPECT_TRUE(IsValidId(id, "cmp"));
  EXPECT_FALSE(IsValidId(id, "conv"));
  EXPECT_FALSE(IsValidId("cmp_short", "cmp"));
  EXPECT_FALSE(IsValidId("cmp_0000000000000000000000000U", "cmp"));  // U is not Crockford
}

TEST(Ids, SortByTime) {
  auto a = NewId("msg", 1'000'000);
  auto b = NewId("msg", 1'000'001);
  auto c = NewId("msg", 2'000'000'000'000);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

TEST(Ids, AreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) EXPECT_TRUE(seen.insert(NewId("x", 42)).second);
}

}  // namespace
}  // namespace x8
