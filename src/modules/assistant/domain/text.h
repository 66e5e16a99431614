// Text understanding shared by the guided engine: folding and word splitting (en/ru), stems, and the
// quantity parser ("2", "two", "две", "x3", "3 pcs", "1.5 kg", "полтора", "500 g"). Pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace x8::assistant {

struct Word {
  std::string folded;  // NFKC + case folded, "ё" → "е", "’" → "'"
  std::string stem;    // Snowball stem (English for Latin, Russian for Cyrillic); = folded for numbers
  bool has_digit = false;
};

struct Analysed {
  std::string folded;       // the whole text folded
  std::vector<Word> words;  // letters/digits runs; "1.5" and "i'll" stay one word; "×" becomes "x"
};

Analysed Analyse(std::string_view text);

// The folded words of `text` joined by one space: the identity used for button payload matches.
std::string Normalised(std::string_view text);

struct QuantityMatch {
  int64_t quantity_milli = 0;
  size_t first_word = 0;  // the words it used: [first_word, first_word + word_count)
  size_t word_count = 0;
};

// The first quantity in `words`, skipping words marked in `skip` (same size as words, or empty).
// Numbers followed by a currency word are prices, not quantities; numbers above 10,000 are ignored.
std::optional<QuantityMatch> FindQuantity(const std::vector<Word>& words, const std::vector<bool>& skip = {});
// FindQuantity over Analyse(text): the table tests' entry point.
std::optional<int64_t> ParseQuantity(std::string_view text);

// A word equal to one of `keywords` (folded) or sharing its stem.
bool IsOneOf(const Word& word, std::initializer_list<std::string_view> keywords);
// Whether a word sequence (folded, exact) occurs in `words`; returns its first index.
std::optional<size_t> FindPhrase(const std::vector<Word>& words,
                                 std::initializer_list<std::string_view> phrase);

// Whether two stems name the same word: equal, or one a prefix (≥ 4 bytes) of the other.
bool SameStem(std::string_view a, std::string_view b);

// UTF-8-safe cut to at most `max_chars` code points, ending with "…" when cut.
std::string Truncate(std::string_view text, size_t max_chars);

}  // namespace x8::assistant
