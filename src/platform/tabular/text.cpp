#include "platform/tabular/text.h"

#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>

namespace x8::tabular::internal {

bool IsValidUtf8(std::string_view bytes) {
  size_t i = 0;
  const size_t n = bytes.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    uint32_t code_point = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
      code_point = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      code_point = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      code_point = c & 0x07;
    } else {
      return false;
    }
    if (i + length > n) return false;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(bytes[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if ((length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000) ||
        (code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
      return false;
    }
    i += length;
  }
  return true;
}

Result<std::string> DecodeToUtf8(std::string_view bytes, const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> converter(ucnv_open(charset, &status), &ucnv_close);
  if (U_FAILURE(status)) return Internal(std::string("ICU has no converter for ") + charset);
  icu::UnicodeString decoded(bytes.data(), static_cast<int32_t>(bytes.size()), converter.get(), status);
  if (U_FAILURE(status)) {
    return InvalidArgument(std::string("the file could not be decoded as ") + charset);
  }
  std::string utf8;
  decoded.toUTF8String(utf8);
  return utf8;
}

namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::string_view TrimSpaces(std::string_view text) {
  constexpr std::string_view kNoBreakSpace = "\xC2\xA0";
  for (;;) {
    if (!text.empty() && IsAsciiSpace(text.front())) {
      text.remove_prefix(1);
    } else if (text.starts_with(kNoBreakSpace)) {
      text.remove_prefix(kNoBreakSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!text.empty() && IsAsciiSpace(text.back())) {
      text.remove_suffix(1);
    } else if (text.ends_with(kNoBreakSpace)) {
      text.remove_suffix(kNoBreakSpace.size());
    } else {
      break;
    }
  }
  return text;
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

std::string CleanCellText(std::string_view text) {
  text = TrimSpaces(text);
  if (IsAscii(text)) return std::string(text);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  const icu::UnicodeString source =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (nfc->isNormalized(source, status) && U_SUCCESS(status)) return std::string(text);
  status = U_ZERO_ERROR;
  const icu::UnicodeString normalized = nfc->normalize(source, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string utf8;
  normalized.toUTF8String(utf8);
  return utf8;
}

Error PositionedError(int64_t line, int64_t column, std::string_view reason, std::string message) {
  Error error = InvalidArgument(std::move(message));
  if (line > 0) error.With("line", line);
  if (column > 0) error.With("column", column);
  error.With("reason", reason);
  return error;
}

Error TooLargeError(size_t size, size_t max_bytes) {
  return Error(ErrorCode::kPayloadTooLarge, "the file is " + std::to_string(size) + " bytes; the limit is " +
                                                std::to_string(max_bytes) +
                                                " bytes. Split the catalogue into smaller files.")
      .With("reason", "too_large");
}

Status CheckRoomForRow(size_t rows, size_t width, int64_t line, const ReadOptions& options) {
  if (rows >= options.max_rows) {
    return PositionedError(
        line, 0, "too_many_rows",
        "the file has more than " + std::to_string(options.max_rows) + " rows; split it into smaller files");
  }
  if ((rows + 1) * std::max<size_t>(width, 1) > options.max_cells) {
    return PositionedError(
        line, 0, "too_many_cells",
        "the file has more than " + std::to_string(options.max_cells) +
            " cells (rows × columns); remove unused columns or split it into smaller files");
  }
  return Ok();
}

}  // namespace x8::tabular::internal
