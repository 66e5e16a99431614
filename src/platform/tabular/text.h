// Text helpers shared by the CSV and XLSX readers (internal to x8_tabular).
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "platform/tabular/table.h"

namespace x8::tabular::internal {

// Excel's widest sheet (column XFD); wider rows are refused before they are padded or stored.
constexpr int64_t kMaxColumns = 16384;

bool IsValidUtf8(std::string_view bytes);
// Decodes bytes in the named ICU charset ("windows-1251", "UTF-16LE", ...) to UTF-8.
Result<std::string> DecodeToUtf8(std::string_view bytes, const char* charset);
// Trims ASCII whitespace and no-break spaces (Excel pastes U+00A0), then NFC-normalises.
std::string CleanCellText(std::string_view text);

Error PositionedError(int64_t line, int64_t column, std::string_view reason, std::string message);
Error TooLargeError(size_t size, size_t max_bytes);
// The row and cell limits checked before a data row at `line` is added to a table of `rows` rows.
Status CheckRoomForRow(size_t rows, size_t width, int64_t line, const ReadOptions& options);

}  // namespace x8::tabular::internal
