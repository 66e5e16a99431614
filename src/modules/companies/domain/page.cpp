#include "modules/companies/domain/page.h"

#include <charconv>
#include <optional>

namespace x8::companies {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kVersion = "v1:";

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    auto index = kAlphabet.find(c);
    if (index == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(index);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

Error BadCursor() {
  return InvalidArgument("cursor is not one this API returned; start again without it")
      .With("field", "cursor");
}

}  // namespace

std::string EncodeCursor(const PageCursor& cursor) {
  return Base64UrlEncode(std::string(kVersion) + std::to_string(cursor.seq));
}

Result<PageCursor> DecodeCursor(std::string_view text) {
  if (text.empty() || text.size() > 64) return BadCursor();
  auto decoded = Base64UrlDecode(text);
  if (!decoded || !decoded->starts_with(kVersion)) return BadCursor();
  std::string_view rest(*decoded);
  rest.remove_prefix(kVersion.size());
  PageCursor cursor;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), cursor.seq);
  if (rest.empty() || ec != std::errc() || end != rest.data() + rest.size() || cursor.seq < 1)
    return BadCursor();
  return cursor;
}

Result<int64_t> ParsePageSize(const std::optional<std::string>& text) {
  if (!text) return kDefaultPageSize;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (text->empty() || ec != std::errc() || end != text->data() + text->size() || value < 1 ||
      value > kMaxPageSize) {
    return InvalidArgument("limit must be an integer from 1 to " + std::to_string(kMaxPageSize))
        .With("field", "limit")
        .With("limit", kMaxPageSize);
  }
  return value;
}

}  // namespace x8::companies
