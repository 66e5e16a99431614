#include "modules/knowledge/search/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace x8::knowledge::search {
namespace {

std::vector<std::string> Stems(std::string_view text, size_t max_tokens = 64) {
  std::vector<std::string> stems;
  for (const Token& token : Analyze(text, max_tokens)) stems.push_back(token.stem);
  return stems;
}

TEST(FoldTextTest, CaseFoldsAndNormalisesCompatibilityForms) {
  EXPECT_EQ(FoldText("Red ROSES"), "red roses");
  EXPECT_EQ(FoldText("ÉCOLE"), "école");
  EXPECT_EQ(FoldText("ＲＯＳＥ"), "rose");        // full-width letters
  EXPECT_EQ(FoldText("\xEF\xAC\x81ne"), "fine");  // the "ﬁ" ligature
  EXPECT_EQ(FoldText("Straße"), "strasse");
  EXPECT_EQ(FoldText("РОЗЫ"), "розы");
}

TEST(FoldTextTest, ReplacesYoWithYe) {
  EXPECT_EQ(FoldText("Ёлка и ёж"), "елка и еж");
  EXPECT_EQ(FoldText("мытьё"), "мытье");
}

TEST(FoldTextTest, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(FoldText(std::string("a\xFF"
                                 "b")),
            "a\xEF\xBF\xBD"
            "b");
}

TEST(StemTest, EnglishAndRussian) {
  EXPECT_EQ(Stem("roses", Script::kLatin), "rose");
  EXPECT_EQ(Stem("rose", Script::kLatin), "rose");
  EXPECT_EQ(Stem("lilies", Script::kLatin), Stem("lily", Script::kLatin));
  EXPECT_EQ(Stem("розы", Script::kCyrillic), "роз");
  EXPECT_EQ(Stem("роза", Script::kCyrillic), "роз");
  EXPECT_EQ(Stem("роз", Script::kCyrillic), "роз");
  EXPECT_EQ(Stem("стрижка", Script::kCyrillic), Stem("стрижки", Script::kCyrillic));
  EXPECT_EQ(Stem("25", Script::kNumber), "25");
  EXPECT_EQ(Stem("花", Script::kOther), "花");
}

TEST(DetectScriptTest, ByFirstLetter) {
  EXPECT_EQ(DetectScript("rose"), Script::kLatin);
  EXPECT_EQ(DetectScript("роза"), Script::kCyrillic);
  EXPECT_EQ(DetectScript("25"), Script::kNumber);
  EXPECT_EQ(DetectScript("3pcs"), Script::kLatin);
  EXPECT_EQ(DetectScript("ανθος"), Script::kOther);
}

TEST(StopWordTest, EnglishAndRussian) {
  for (const char* word : {"the", "a", "of", "with", "for", "and", "и", "в", "на", "с", "для", "по"}) {
    EXPECT_TRUE(IsStopWord(word)) << word;
  }
  EXPECT_FALSE(IsStopWord("rose"));
  EXPECT_FALSE(IsStopWord("m"));
  EXPECT_FALSE(IsStopWord("роза"));
}

TEST(AnalyzeTest, SplitsOnWordBoundariesAndDropsStopWords) {
  EXPECT_EQ(Stems("Classic bouquet of fresh red roses"),
            (std::vector<std::string>{"classic", "bouquet", "fresh", "red", "rose"}));
  EXPECT_EQ(Stems("Маникюр с покрытием"), (std::vector<std::string>{"маникюр", "покрыт"}));
}

TEST(AnalyzeTest, KeepsNumbersAndDetectsScriptPerToken) {
  const std::vector<Token> tokens = Analyze("M (25 stems) букет", 10);
  ASSERT_EQ(tokens.size(), 4U);
  EXPECT_EQ(tokens[0].stem, "m");
  EXPECT_EQ(tokens[1].stem, "25");
  EXPECT_EQ(tokens[1].script, Script::kNumber);
  EXPECT_EQ(tokens[2].stem, "stem");
  EXPECT_EQ(tokens[2].script, Script::kLatin);
  EXPECT_EQ(tokens[3].script, Script::kCyrillic);
}

TEST(AnalyzeTest, EmojiAndPunctuationAreNotWords) {
  EXPECT_TRUE(Analyze("🌹🌹 !!! ... — ?", 10).empty());
  EXPECT_EQ(Stems("red🌹roses!!!"), (std::vector<std::string>{"red", "rose"}));
  EXPECT_TRUE(Analyze("", 10).empty());
  EXPECT_TRUE(Analyze("the and of", 10).empty());
}

TEST(AnalyzeTest, MarksTheWordStillBeingTyped) {
  std::vector<Token> tokens = Analyze("red ros", 10);
  ASSERT_EQ(tokens.size(), 2U);
  EXPECT_FALSE(tokens[0].ends_text);
  EXPECT_TRUE(tokens[1].ends_text);
  tokens = Analyze("red ros ", 10);
  ASSERT_EQ(tokens.size(), 2U);
  EXPECT_FALSE(tokens[1].ends_text);
}

TEST(AnalyzeTest, BoundedWorkOnLongText) {
  std::string text;
  while (text.size() < 3 * kMaxAnalyzedBytes) text += "роза rose ";
  EXPECT_EQ(Analyze(text, 32).size(), 32U);
  const std::vector<Token> all = Analyze(text, 1'000'000);
  EXPECT_LE(all.size(), kMaxAnalyzedBytes / 4);
  EXPECT_FALSE(all.back().ends_text);
  EXPECT_TRUE(Analyze("rose", 0).empty());
}

TEST(Utf8Test, CountsAndDecodesCodePoints) {
  EXPECT_EQ(CodePointCount("роза"), 4U);
  EXPECT_EQ(CodePointCount("rose"), 4U);
  EXPECT_EQ(DecodeUtf8("ё1"), std::u32string(U"ё1"));
}

}  // namespace
}  // namespace x8::knowledge::search
