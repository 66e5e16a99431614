#include "platform/storage/text_search.h"

#include <unicode/unistr.h>

namespace x8::storage {

std::string Folded(Dialect dialect, std::string_view expr) {
  std::string out(dialect == Dialect::kSqlite ? kSqliteFoldFunction : std::string_view("lower"));
  out += '(';
  out += expr;
  out += ')';
  return out;
}

std::string FoldedContains(Dialect dialect, std::string_view expr) {
  return Folded(dialect, expr) + " LIKE " + Folded(dialect, "?") + " ESCAPE '\\'";
}

std::string EscapeLike(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string LikeContains(std::string_view text) { return "%" + EscapeLike(text) + "%"; }

std::string FoldCase(std::string_view text) {
  bool ascii = true;
  for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  std::string out;
  if (ascii) {
    out.assign(text);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  auto unicode =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  unicode.foldCase();  // full folding (U_FOLD_CASE_DEFAULT): "ß" → "ss"
  unicode.toUTF8String(out);
  return out;
}

}  // namespace x8::storage
