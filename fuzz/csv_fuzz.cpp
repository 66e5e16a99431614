// libFuzzer target: ReadCsv on arbitrary bytes must return a table or an error, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "platform/tabular/table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  x8::tabular::ReadOptions options;
  options.max_cell_bytes = 256;  // small limits reach the error paths with small inputs
  options.max_rows = 64;
  const auto table =
      x8::tabular::ReadCsv(std::string_view(reinterpret_cast<const char*>(data), size), options);
  if (table) {
    for (const auto& row : table->rows) {
      if (row.cells.size() != table->headers.size()) __builtin_trap();
    }
  }
  return 0;
}
