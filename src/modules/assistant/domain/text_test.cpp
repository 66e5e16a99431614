#include "modules/assistant/domain/text.h"

#include <gtest/gtest.h>

namespace x8::assistant {
namespace {

struct QuantityCase {
  const char* text;
  std::optional<int64_t> milli;
};

class QuantityTable : public ::testing::TestWithParam<QuantityCase> {};

TEST_P(QuantityTable, Parses) {
  EXPECT_EQ(ParseQuantity(GetParam().text), GetParam().milli) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    EnglishAndRussian, QuantityTable,
    ::testing::Values(QuantityCase{"2", 2000}, QuantityCase{"two", 2000}, QuantityCase{"Two please", 2000},
                      QuantityCase{"две", 2000}, QuantityCase{"два", 2000}, QuantityCase{"три розы", 3000},
                      QuantityCase{"x3", 3000}, QuantityCase{"X3", 3000}, QuantityCase{"3x", 3000},
                      QuantityCase{"× 4", 4000}, QuantityCase{"3 pcs", 3000}, QuantityCase{"3pcs", 3000},
                      QuantityCase{"5 шт", 5000}, QuantityCase{"1.5 kg", 1500}, QuantityCase{"1,5 кг", 1500},
                      QuantityCase{"1.5kg", 1500}, QuantityCase{"500 g", 500}, QuantityCase{"полтора", 1500},
                      QuantityCase{"полторы кило", 1500}, QuantityCase{"a dozen", 12000},
                      QuantityCase{"0.25", 250}, QuantityCase{"I want 10 tulips", 10000},
                      QuantityCase{"under 50 eur", std::nullopt}, QuantityCase{"€30", std::nullopt},
                      QuantityCase{"roses", std::nullopt}, QuantityCase{"0", std::nullopt},
                      QuantityCase{"", std::nullopt}, QuantityCase{"99999999", std::nullopt}));

TEST(Analyse, WordsKeepDecimalsAndApostrophes) {
  auto analysed = Analyse("I'll take 1,5 kg, OK? Ёлки!");
  std::vector<std::string> words;
  for (const auto& word : analysed.words) words.push_back(word.folded);
  EXPECT_EQ(words, (std::vector<std::string>{"i'll", "take", "1.5", "kg", "ok", "елки"}));
}

TEST(Analyse, StemsRussianAndEnglish) {
  auto analysed = Analyse("корзину roses");
  ASSERT_EQ(analysed.words.size(), 2u);
  EXPECT_EQ(analysed.words[0].stem, Analyse("корзина").words[0].stem);
  EXPECT_EQ(analysed.words[1].stem, "rose");
}

TEST(Normalised, FoldsAndJoins) { EXPECT_EQ(Normalised("  M (25 Stems) "), "m 25 stems"); }

TEST(Phrases, FindsSequences) {
  auto words = Analyse("please make it 3").words;
  EXPECT_EQ(FindPhrase(words, {"make", "it"}), 1u);
  EXPECT_FALSE(FindPhrase(words, {"it", "make"}));
}

TEST(Truncate, CutsOnCodePoints) {
  EXPECT_EQ(Truncate("short", 40), "short");
  EXPECT_EQ(Truncate("Очень длинное название", 6), "Очень…");
}

TEST(SameStem, PrefixTolerance) {
  EXPECT_TRUE(SameStem("deliv", "deliveri"));
  EXPECT_FALSE(SameStem("ros", "rose"));
  EXPECT_TRUE(SameStem("rose", "rose"));
}

}  // namespace
}  // namespace x8::assistant
