// A spreadsheet-shaped document read from CSV or XLSX: a header row and data rows of UTF-8 text,
// each cell remembering where it came from so import errors can name the line and column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace x8::tabular {

struct Cell {
  std::string text;    // UTF-8, NFC-normalised, trimmed of surrounding whitespace
  int64_t line = 0;    // 1-based physical line (CSV) or row number (XLSX) in the source
  int64_t column = 0;  // 1-based column
};

struct Row {
  int64_t line = 0;         // 1-based source line of the row's start
  std::vector<Cell> cells;  // padded to the header width; extra cells beyond it are an error
};

struct Table {
  std::vector<Cell> headers;  // the first non-empty row
  std::vector<Row> rows;      // fully empty rows are skipped
  std::string sheet;          // XLSX: the sheet read; CSV: ""
  std::string encoding;       // "UTF-8", "UTF-16LE", "UTF-16BE" or "windows-1251" (CSV); "UTF-8" (XLSX)
  char delimiter = 0;         // CSV: the delimiter found; XLSX: 0
};

struct ReadOptions {
  size_t max_bytes = 20u << 20;  // refuse larger inputs (kPayloadTooLarge)
  size_t max_rows = 100'000;     // refuse more data rows (kInvalidArgument)
  size_t max_cell_bytes = 64u << 10;
  size_t max_cells = 3'000'000;  // refuse when data rows × header width exceeds this (memory guard)
  std::string sheet;             // XLSX: sheet name; empty = the first sheet
};

// Errors are kInvalidArgument (kPayloadTooLarge for size and zip bombs, kUnsupportedMediaType for
// binary non-spreadsheets) with details {"line", "column"} wherever a position is known, always a
// "reason" code, and a message a business owner can act on ("line 7 has 9 cells but the header has 8").
Result<Table> ReadCsv(std::string_view bytes, const ReadOptions& options = {});
Result<Table> ReadXlsx(std::string_view bytes, const ReadOptions& options = {});
// The sheet names of an XLSX workbook, in workbook order.
Result<std::vector<std::string>> ListXlsxSheets(std::string_view bytes);
// Chooses by content (the ZIP signature "PK\3\4" means XLSX), not by file name. A legacy binary .xls
// (OLE2 signature) is kUnsupportedMediaType with a message asking for .xlsx or CSV.
Result<Table> ReadAny(std::string_view bytes, const ReadOptions& options = {});

}  // namespace x8::tabular
