// libFuzzer target: ReadAny (XLSX when the bytes start with a ZIP signature) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "platform/tabular/table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  x8::tabular::ReadOptions options;
  options.max_bytes = 1u << 20;
  const auto table = x8::tabular::ReadAny(bytes, options);
  if (table) {
    for (const auto& row : table->rows) {
      if (row.cells.size() != table->headers.size()) __builtin_trap();
    }
  }
  (void)x8::tabular::ListXlsxSheets(bytes);
  return 0;
}
