#include "modules/knowledge/search/text.h"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <memory>

namespace x8::knowledge::search {
namespace {

constexpr char16_t kCyrillicSmallIo = u'\u0451';  // ё
constexpr char16_t kCyrillicSmallIe = u'\u0435';  // е

// Sorted, so lookups are a binary search.
constexpr auto kStopWords = [] {
  auto words = std::to_array<std::string_view>(
      {"a",  "an",   "and", "at",  "by", "for", "from", "in",  "is",  "of", "on", "or",  "the",
       "to", "with", "а",   "без", "в",  "во",  "для",  "до",  "за",  "и",  "из", "или", "к",
       "ко", "на",   "над", "о",   "об", "от",  "по",   "под", "при", "с",  "со", "у"});
  std::sort(words.begin(), words.end());
  return words;
}();

struct StemmerDeleter {
  void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
};
using StemmerPtr = std::unique_ptr<sb_stemmer, StemmerDeleter>;

// Snowball stemmers keep per-call state, so every thread gets its own pair.
struct ThreadStemmers {
  StemmerPtr english{sb_stemmer_new("english", "UTF_8")};
  StemmerPtr russian{sb_stemmer_new("russian", "UTF_8")};
};

ThreadStemmers& Stemmers() {
  thread_local ThreadStemmers stemmers;
  return stemmers;
}

// Break iterators are not thread-safe either; one per thread, created once.
icu::BreakIterator* WordBreaker() {
  thread_local std::unique_ptr<icu::BreakIterator> breaker = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> created(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) created.reset();
    return created;
  }();
  return breaker.get();
}

icu::UnicodeString FoldUnicode(std::string_view text) {
  icu::UnicodeString source =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCCasefoldInstance(status);
  icu::UnicodeString folded;
  if (U_SUCCESS(status) && normalizer != nullptr) {
    folded = normalizer->normalize(source, status);
  }
  if (U_FAILURE(status)) folded = source.foldCase();
  folded.findAndReplace(icu::UnicodeString(kCyrillicSmallIo), icu::UnicodeString(kCyrillicSmallIe));
  return folded;
}

// Cuts `text` to at most `max_bytes` without splitting a UTF-8 sequence.
std::string_view TruncateUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

size_t CodePointCount(std::string_view utf8) {
  size_t count = 0;
  for (char byte : utf8) {
    if ((static_cast<unsigned char>(byte) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::u32string DecodeUtf8(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  int32_t offset = 0;
  const auto length = static_cast<int32_t>(utf8.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  while (offset < length) {
    UChar32 code_point = 0;
    U8_NEXT(bytes, offset, length, code_point);
    out.push_back(code_point < 0 ? U'\uFFFD' : static_cast<char32_t>(code_point));
  }
  return out;
}

std::string FoldText(std::string_view text) {
  std::string out;
  FoldUnicode(text).toUTF8String(out);
  return out;
}

bool IsStopWord(std::string_view folded_word) {
  return std::binary_search(kStopWords.begin(), kStopWords.end(), folded_word);
}

Script DetectScript(std::string_view folded_word) {
  bool has_digit = false;
  int32_t offset = 0;
  const auto length = static_cast<int32_t>(folded_word.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(folded_word.data());
  while (offset < length) {
    UChar32 code_point = 0;
    U8_NEXT(bytes, offset, length, code_point);
    if (code_point < 0) continue;
    if (u_isalpha(code_point)) {
      UErrorCode status = U_ZERO_ERROR;
      const UScriptCode script = uscript_getScript(code_point, &status);
      if (U_FAILURE(status)) return Script::kOther;
      if (script == USCRIPT_LATIN) return Script::kLatin;
      if (script == USCRIPT_CYRILLIC) return Script::kCyrillic;
      return Script::kOther;
    }
    if (u_isdigit(code_point)) has_digit = true;
  }
  return has_digit ? Script::kNumber : Script::kOther;
}

std::string Stem(std::string_view folded_word, Script script) {
  sb_stemmer* stemmer = nullptr;
  if (script == Script::kLatin) stemmer = Stemmers().english.get();
  if (script == Script::kCyrillic) stemmer = Stemmers().russian.get();
  if (stemmer == nullptr || folded_word.empty()) return std::string(folded_word);
  const sb_symbol* stemmed = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(folded_word.data()),
                                             static_cast<int>(folded_word.size()));
  if (stemmed == nullptr) return std::string(folded_word);  // out of memory inside Snowball
  return std::string(reinterpret_cast<const char*>(stemmed), static_cast<size_t>(sb_stemmer_length(stemmer)));
}

std::vector<Token> Analyze(std::string_view text, size_t max_tokens) {
  std::vector<Token> tokens;
  if (max_tokens == 0) return tokens;
  const std::string_view bounded = TruncateUtf8(text, kMaxAnalyzedBytes);
  const bool truncated = bounded.size() < text.size();
  const icu::UnicodeString folded = FoldUnicode(bounded);
  icu::BreakIterator* breaker = WordBreaker();
  if (breaker == nullptr) return tokens;
  breaker->setText(folded);
  int32_t start = breaker->first();
  for (int32_t end = breaker->next(); end != icu::BreakIterator::DONE; start = end, end = breaker->next()) {
    const int32_t status = breaker->getRuleStatus();
    if (status < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation, emoji
    Token token;
    folded.tempSubStringBetween(start, end).toUTF8String(token.folded);
    if (IsStopWord(token.folded)) continue;
    token.script = status < UBRK_WORD_NUMBER_LIMIT ? Script::kNumber : DetectScript(token.folded);
    token.stem = Stem(token.folded, token.script);
    token.ends_text = !truncated && end == folded.length();
    tokens.push_back(std::move(token));
    if (tokens.size() >= max_tokens) break;
  }
  return tokens;
}

}  // namespace x8::knowledge::search
