// Text analysis for catalogue search: Unicode folding, word segmentation, stop words, script
// detection and Snowball stemming (English for Latin words, Russian for Cyrillic ones).
// Every function is pure and safe to call from several threads at once.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace x8::knowledge::search {

enum class Script { kLatin, kCyrillic, kNumber, kOther };

struct Token {
  std::string folded;  // NFKC + case folded, "ё" → "е"
  std::string stem;    // Snowball stem of `folded` (equal to it for numbers and other scripts)
  Script script = Script::kOther;
  bool ends_text = false;  // nothing but the token's own characters follows it (the user may be typing)
};

// NFKC normalisation with full Unicode case folding, then "ё" → "е". Invalid UTF-8 becomes U+FFFD.
std::string FoldText(std::string_view text);

// Folds `text`, splits it on Unicode word boundaries (UAX #29), keeps words made of letters or digits,
// drops stop words and stems the rest. Stops after `max_tokens` tokens; reads at most
// kMaxAnalyzedBytes of `text`.
std::vector<Token> Analyze(std::string_view text, size_t max_tokens);

inline constexpr size_t kMaxAnalyzedBytes = size_t{64} * 1024;

// The script of the first letter in an already folded word; kNumber when it has digits only.
Script DetectScript(std::string_view folded_word);

// The Snowball stem for a folded word in the given script (unchanged for kNumber and kOther).
std::string Stem(std::string_view folded_word, Script script);

// The small English and Russian stop-word list (folded forms: "the", "и", "для", ...).
bool IsStopWord(std::string_view folded_word);

// Number of Unicode code points in valid UTF-8.
size_t CodePointCount(std::string_view utf8);

// Decodes UTF-8 into code points (invalid bytes become U+FFFD).
std::u32string DecodeUtf8(std::string_view utf8);

}  // namespace x8::knowledge::search
