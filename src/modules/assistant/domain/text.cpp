#include "modules/assistant/domain/text.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include "modules/knowledge/search/text.h"

namespace x8::assistant {
namespace {

namespace search = knowledge::search;

void AppendUtf8(std::string& out, UChar32 code_point) {
  char buffer[4];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buffer), length, 4, code_point, error);
  if (!error) out.append(buffer, static_cast<size_t>(length));
}

Word MakeWord(std::string folded) {
  Word word;
  for (char c : folded) word.has_digit = word.has_digit || (c >= '0' && c <= '9');
  search::Script script = search::DetectScript(folded);
  word.stem = word.has_digit ? folded : search::Stem(folded, script);
  word.folded = std::move(folded);
  return word;
}

struct NumberWord {
  std::string_view word;
  int64_t milli;
};
constexpr std::array kNumberWords{
    NumberWord{"one", 1000},     NumberWord{"two", 2000},     NumberWord{"three", 3000},
    NumberWord{"four", 4000},    NumberWord{"five", 5000},    NumberWord{"six", 6000},
    NumberWord{"seven", 7000},   NumberWord{"eight", 8000},   NumberWord{"nine", 9000},
    NumberWord{"ten", 10000},    NumberWord{"eleven", 11000}, NumberWord{"twelve", 12000},
    NumberWord{"dozen", 12000},  NumberWord{"couple", 2000},  NumberWord{"half", 500},
    NumberWord{"один", 1000},    NumberWord{"одна", 1000},    NumberWord{"одну", 1000},
    NumberWord{"одно", 1000},    NumberWord{"два", 2000},     NumberWord{"две", 2000},
    NumberWord{"три", 3000},     NumberWord{"четыре", 4000},  NumberWord{"пять", 5000},
    NumberWord{"шесть", 6000},   NumberWord{"семь", 7000},    NumberWord{"восемь", 8000},
    NumberWord{"девять", 9000},  NumberWord{"десять", 10000}, NumberWord{"полтора", 1500},
    NumberWord{"полторы", 1500}, NumberWord{"пару", 2000},    NumberWord{"пара", 2000},
    NumberWord{"дюжина", 12000}, NumberWord{"дюжину", 12000}, NumberWord{"половина", 500},
    NumberWord{"половину", 500},
};

// Units a quantity may carry and the factor from the number to thousandths of the item's unit.
struct UnitWord {
  std::string_view word;
  int64_t milli_per_unit;
};
constexpr std::array kUnitWords{
    UnitWord{"kg", 1000},
    UnitWord{"кг", 1000},
    UnitWord{"kilo", 1000},
    UnitWord{"kilos", 1000},
    UnitWord{"kilogram", 1000},
    UnitWord{"kilograms", 1000},
    UnitWord{"килограмм", 1000},
    UnitWord{"килограмма", 1000},
    UnitWord{"g", 1},
    UnitWord{"gr", 1},
    UnitWord{"grams", 1},
    UnitWord{"gram", 1},
    UnitWord{"г", 1},
    UnitWord{"гр", 1},
    UnitWord{"грамм", 1},
    UnitWord{"pcs", 1000},
    UnitWord{"pc", 1000},
    UnitWord{"pieces", 1000},
    UnitWord{"piece", 1000},
    UnitWord{"шт", 1000},
    UnitWord{"штук", 1000},
    UnitWord{"штуки", 1000},
    UnitWord{"штуку", 1000},
    UnitWord{"x", 1000},
};

constexpr std::array<std::string_view, 14> kCurrencyWords{
    "eur", "euro", "euros", "€", "usd", "$", "dollars", "rub", "руб", "рублей", "рубля", "₽", "gbp", "£"};

std::optional<int64_t> UnitFactor(std::string_view word) {
  for (const auto& unit : kUnitWords) {
    if (unit.word == word) return unit.milli_per_unit;
  }
  return std::nullopt;
}

// "2" → 2000, "1.5" / "1,5" → 1500, "0.25" → 250; nullopt for anything else.
std::optional<int64_t> ParseDecimalMilli(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int64_t whole = 0;
  size_t at = 0;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
    whole = whole * 10 + (text[at] - '0');
    if (whole > 1'000'000) return std::nullopt;
    ++at;
  }
  if (at == 0) return std::nullopt;
  int64_t fraction = 0;
  if (at < text.size()) {
    if (text[at] != '.' && text[at] != ',') return std::nullopt;
    ++at;
    int64_t scale = 100;
    size_t digits = 0;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      if (digits < 3) fraction += (text[at] - '0') * scale;
      scale /= 10;
      ++digits;
      ++at;
    }
    if (digits == 0 || at != text.size()) return std::nullopt;
  }
  return whole * 1000 + fraction;
}

// A word that is itself a quantity: "2", "1.5", "x3", "3x", "3pcs", "1.5kg", "two", "две".
std::optional<int64_t> WordQuantity(std::string_view word, bool& carried_unit) {
  carried_unit = false;
  for (const auto& number : kNumberWords) {
    if (number.word == word) return number.milli;
  }
  if (auto plain = ParseDecimalMilli(word)) return plain;
  if (word.size() > 1 && word.front() == 'x') {
    if (auto after = ParseDecimalMilli(word.substr(1))) {
      carried_unit = true;
      return after;
    }
  }
  // A number glued to a unit: "3x", "3pcs", "1.5kg", "500g".
  size_t digits_end = 0;
  while (digits_end < word.size() && ((word[digits_end] >= '0' && word[digits_end] <= '9') ||
                                      word[digits_end] == '.' || word[digits_end] == ',')) {
    ++digits_end;
  }
  if (digits_end == 0 || digits_end == word.size()) return std::nullopt;
  auto number = ParseDecimalMilli(word.substr(0, digits_end));
  auto factor = UnitFactor(word.substr(digits_end));
  if (!number || !factor) return std::nullopt;
  carried_unit = true;
  return *number * *factor / 1000;
}

}  // namespace

Analysed Analyse(std::string_view text) {
  Analysed out;
  out.folded = search::FoldText(text.substr(0, search::kMaxAnalyzedBytes));
  const std::string& folded = out.folded;
  const auto length = static_cast<int32_t>(folded.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(folded.data());
  std::string current;
  auto flush = [&] {
    while (!current.empty() && (current.back() == '\'' || current.back() == '.' || current.back() == ',')) {
      current.pop_back();
    }
    if (!current.empty()) out.words.push_back(MakeWord(std::move(current)));
    current.clear();
  };
  int32_t offset = 0;
  while (offset < length) {
    UChar32 code_point = 0;
    U8_NEXT(bytes, offset, length, code_point);
    if (code_point < 0) {
      flush();
      continue;
    }
    if (u_isalnum(code_point) != 0 || code_point == U'€' || code_point == U'₽' || code_point == U'$' ||
        code_point == U'£') {
      if (code_point == U'€' || code_point == U'₽' || code_point == U'$' || code_point == U'£') {
        flush();
        AppendUtf8(current, code_point);
        flush();
        continue;
      }
      AppendUtf8(current, code_point);
      continue;
    }
    if (code_point == U'×' || code_point == U'*') {
      flush();
      out.words.push_back(MakeWord("x"));
      continue;
    }
    const bool apostrophe = code_point == '\'' || code_point == U'’';
    const bool decimal_point = code_point == '.' || code_point == ',';
    if ((apostrophe || decimal_point) && !current.empty() && offset < length) {
      const char next = folded[static_cast<size_t>(offset)];
      const bool previous_digit = current.back() >= '0' && current.back() <= '9';
      if (decimal_point && previous_digit && next >= '0' && next <= '9') {
        current.push_back('.');
        continue;
      }
      if (apostrophe && !previous_digit && static_cast<unsigned char>(next) >= 'a' &&
          static_cast<unsigned char>(next) <= 'z') {
        current.push_back('\'');
        continue;
      }
    }
    flush();
  }
  flush();
  return out;
}

std::string Normalised(std::string_view text) {
  std::string out;
  for (const auto& word : Analyse(text).words) {
    if (!out.empty()) out += ' ';
    out += word.folded;
  }
  return out;
}

std::optional<QuantityMatch> FindQuantity(const std::vector<Word>& words, const std::vector<bool>& skip) {
  auto skipped = [&](size_t at) { return at < skip.size() && skip[at]; };
  for (size_t at = 0; at < words.size(); ++at) {
    if (skipped(at)) continue;
    const std::string& word = words[at].folded;
    // "x 3" / "× 3": the multiplication sign before the number.
    if (word == "x" && at + 1 < words.size() && !skipped(at + 1)) {
      if (auto number = ParseDecimalMilli(words[at + 1].folded);
          number && *number > 0 && *number <= 10'000'000) {
        return QuantityMatch{*number, at, 2};
      }
    }
    bool carried_unit = false;
    auto quantity = WordQuantity(word, carried_unit);
    if (!quantity || *quantity <= 0 || *quantity > 10'000'000) continue;
    size_t used = 1;
    if (!carried_unit && at + 1 < words.size() && !skipped(at + 1)) {
      const std::string& next = words[at + 1].folded;
      bool is_currency = false;
      for (auto currency : kCurrencyWords) is_currency = is_currency || currency == next;
      if (is_currency) continue;
      if (auto factor = UnitFactor(next)) {
        *quantity = *quantity * *factor / 1000;
        used = 2;
      }
    }
    if (at > 0 && !skipped(at - 1)) {
      const std::string& previous = words[at - 1].folded;
      bool is_currency = false;
      for (auto currency : kCurrencyWords) is_currency = is_currency || currency == previous;
      if (is_currency) continue;
    }
    if (*quantity <= 0) continue;
    return QuantityMatch{*quantity, at, used};
  }
  return std::nullopt;
}

std::optional<int64_t> ParseQuantity(std::string_view text) {
  auto match = FindQuantity(Analyse(text).words);
  if (!match) return std::nullopt;
  return match->quantity_milli;
}

bool SameStem(std::string_view a, std::string_view b) {
  if (a == b) return true;
  if (a.size() > b.size()) std::swap(a, b);
  return a.size() >= 4 && b.substr(0, a.size()) == a;
}

bool IsOneOf(const Word& word, std::initializer_list<std::string_view> keywords) {
  for (auto keyword : keywords) {
    if (word.folded == keyword) return true;
  }
  if (word.has_digit || word.stem.size() < 3) return false;
  for (auto keyword : keywords) {
    if (keyword.size() < 3) continue;
    search::Script script = search::DetectScript(keyword);
    if (search::Stem(keyword, script) == word.stem) return true;
  }
  return false;
}

std::optional<size_t> FindPhrase(const std::vector<Word>& words,
                                 std::initializer_list<std::string_view> phrase) {
  if (phrase.size() == 0 || words.size() < phrase.size()) return std::nullopt;
  for (size_t start = 0; start + phrase.size() <= words.size(); ++start) {
    size_t offset = 0;
    bool matches = true;
    for (auto part : phrase) {
      if (words[start + offset].folded != part) {
        matches = false;
        break;
      }
      ++offset;
    }
    if (matches) return start;
  }
  return std::nullopt;
}

std::string Truncate(std::string_view text, size_t max_chars) {
  if (search::CodePointCount(text) <= max_chars) return std::string(text);
  std::string out;
  size_t count = 0;
  const auto length = static_cast<int32_t>(text.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t offset = 0;
  while (offset < length && count + 1 < max_chars) {
    const int32_t start = offset;
    UChar32 code_point = 0;
    U8_NEXT(bytes, offset, length, code_point);
    out.append(text.substr(static_cast<size_t>(start), static_cast<size_t>(offset - start)));
    ++count;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + "…";
}

}  // namespace x8::assistant
