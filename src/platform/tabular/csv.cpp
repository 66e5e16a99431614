// CSV as Excel, LibreOffice and Google Sheets write it: RFC 4180 quoting, any line ending, and the
// delimiter and encoding of the user's locale (Russian Excel writes ';' and, on Windows, windows-1251).
#include <algorithm>
#include <array>
#include <map>
#include <string>

#include "platform/tabular/table.h"
#include "platform/tabular/text.h"

namespace x8::tabular {
namespace {

using internal::CleanCellText;
using internal::PositionedError;

constexpr std::array<char, 4> kDelimiterCandidates = {',', ';', '\t', '|'};
constexpr size_t kSniffRecords = 50;

struct RawCell {
  std::string text;
  int64_t line = 0;
};

struct RawRecord {
  int64_t line = 0;
  std::vector<RawCell> cells;
};

bool IsLineBreak(char c) { return c == '\n' || c == '\r'; }

// Consumes one line break at `pos` ("\r\n", "\n" or "\r") and returns the position after it.
size_t SkipLineBreak(std::string_view text, size_t pos) {
  if (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') return pos + 2;
  return pos + 1;
}

// A quote opens a quoted cell only at the start of the cell, possibly after spaces ("a, "b"" is common
// in hand-written files); returns the position of that quote or npos.
size_t OpeningQuote(std::string_view text, size_t pos, char delimiter) {
  while (pos < text.size() && (text[pos] == ' ' || (text[pos] == '\t' && delimiter != '\t'))) ++pos;
  return pos < text.size() && text[pos] == '"' ? pos : std::string_view::npos;
}

class CsvParser {
 public:
  CsvParser(std::string_view text, char delimiter, size_t max_cell_bytes)
      : text_(text), delimiter_(delimiter), max_cell_bytes_(max_cell_bytes) {}

  // Reads the next record into `record`; false at the end of the input.
  Result<bool> Next(RawRecord& record) {
    if (pos_ >= text_.size()) return false;
    record.line = line_;
    record.cells.clear();
    for (;;) {
      RawCell cell;
      cell.line = line_;
      const int64_t column = static_cast<int64_t>(record.cells.size()) + 1;
      if (const size_t quote = OpeningQuote(text_, pos_, delimiter_); quote != std::string_view::npos) {
        pos_ = quote + 1;
        X8_TRY_STATUS(ReadQuoted(cell, column));
      }
      X8_TRY_STATUS(ReadUnquoted(cell, column));
      record.cells.push_back(std::move(cell));
      if (static_cast<int64_t>(record.cells.size()) > internal::kMaxColumns) {
        return PositionedError(record.line, internal::kMaxColumns + 1, "too_many_cells",
                               "line " + std::to_string(record.line) + " has more than " +
                                   std::to_string(internal::kMaxColumns) + " cells");
      }
      if (pos_ >= text_.size()) return true;
      if (text_[pos_] == delimiter_) {
        ++pos_;
        if (pos_ >= text_.size()) {  // "a,b," at the very end: the last cell is empty
          record.cells.push_back(RawCell{"", line_});
          return true;
        }
        continue;
      }
      pos_ = SkipLineBreak(text_, pos_);
      ++line_;
      return true;
    }
  }

 private:
  Status CheckCellSize(const RawCell& cell, int64_t column) const {
    if (cell.text.size() <= max_cell_bytes_) return Ok();
    return PositionedError(cell.line, column, "cell_too_large",
                           "line " + std::to_string(cell.line) + ", column " + std::to_string(column) +
                               ": the cell is longer than " + std::to_string(max_cell_bytes_) + " bytes");
  }

  Status ReadQuoted(RawCell& cell, int64_t column) {
    const int64_t opened_at = line_;
    for (;;) {
      const size_t special = text_.find_first_of("\"\r\n", pos_);
      if (special == std::string_view::npos) {
        return PositionedError(opened_at, column, "unclosed_quote",
                               "line " + std::to_string(opened_at) + ": a quoted cell (column " +
                                   std::to_string(column) + ") is never closed");
      }
      cell.text.append(text_.substr(pos_, special - pos_));
      if (text_[special] == '"') {
        if (special + 1 < text_.size() && text_[special + 1] == '"') {
          cell.text.push_back('"');
          pos_ = special + 2;
        } else {
          pos_ = special + 1;
          return CheckCellSize(cell, column);
        }
      } else {
        cell.text.push_back('\n');
        pos_ = SkipLineBreak(text_, special);
        ++line_;
      }
      X8_TRY_STATUS(CheckCellSize(cell, column));
    }
  }

  // Unquoted text up to the delimiter or line end; after a closing quote this keeps any stray text
  // ("abc"def → abcdef) rather than refusing the file.
  Status ReadUnquoted(RawCell& cell, int64_t column) {
    size_t end = pos_;
    while (end < text_.size() && text_[end] != delimiter_ && !IsLineBreak(text_[end])) ++end;
    cell.text.append(text_.substr(pos_, end - pos_));
    pos_ = end;
    return CheckCellSize(cell, column);
  }

  std::string_view text_;
  char delimiter_;
  size_t max_cell_bytes_;
  size_t pos_ = 0;
  int64_t line_ = 1;
};

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// Field counts of the first non-blank records when split by `delimiter`, honouring quotes.
std::vector<size_t> FieldCounts(std::string_view text, char delimiter) {
  std::vector<size_t> counts;
  size_t pos = 0;
  while (pos < text.size() && counts.size() < kSniffRecords) {
    size_t fields = 1;
    const size_t record_start = pos;
    bool at_cell_start = true;
    while (pos < text.size()) {
      if (at_cell_start) {
        at_cell_start = false;
        if (const size_t quote = OpeningQuote(text, pos, delimiter); quote != std::string_view::npos) {
          pos = quote + 1;
          while (pos < text.size()) {
            if (text[pos] == '"') {
              if (pos + 1 < text.size() && text[pos + 1] == '"') {
                pos += 2;
                continue;
              }
              ++pos;
              break;
            }
            ++pos;
          }
          continue;
        }
      }
      const char c = text[pos];
      if (c == delimiter) {
        ++fields;
        at_cell_start = true;
        ++pos;
      } else if (IsLineBreak(c)) {
        break;
      } else {
        ++pos;
      }
    }
    const std::string_view record = text.substr(record_start, pos - record_start);
    if (pos < text.size()) pos = SkipLineBreak(text, pos);
    if (!IsBlank(record)) counts.push_back(fields);
  }
  return counts;
}

// The candidate whose most common field count (above one) repeats on the most records wins; ties go
// to the wider split, then to the order of kDelimiterCandidates.
char SniffDelimiter(std::string_view text) {
  char best = ',';
  size_t best_frequency = 0;
  size_t best_width = 0;
  for (char candidate : kDelimiterCandidates) {
    std::map<size_t, size_t> frequency_by_count;
    for (size_t count : FieldCounts(text, candidate)) {
      if (count > 1) ++frequency_by_count[count];
    }
    for (const auto& [count, frequency] : frequency_by_count) {
      if (frequency > best_frequency || (frequency == best_frequency && count > best_width)) {
        best = candidate;
        best_frequency = frequency;
        best_width = count;
      }
    }
  }
  return best;
}

bool AllCellsEmpty(const std::vector<Cell>& cells) {
  return std::all_of(cells.begin(), cells.end(), [](const Cell& cell) { return cell.text.empty(); });
}

}  // namespace

Result<Table> ReadCsv(std::string_view bytes, const ReadOptions& options) {
  if (bytes.size() > options.max_bytes) return internal::TooLargeError(bytes.size(), options.max_bytes);

  Table table;
  std::string decoded;
  std::string_view text = bytes;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    // Excel's "Unicode Text" export: UTF-16 with a byte order mark.
    table.encoding = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    X8_TRY(decoded, internal::DecodeToUtf8(bytes.substr(2), table.encoding.c_str()));
    text = decoded;
  } else if (internal::IsValidUtf8(text)) {
    table.encoding = "UTF-8";
  } else {
    table.encoding = "windows-1251";
    X8_TRY(decoded, internal::DecodeToUtf8(text, "windows-1251"));
    text = decoded;
  }
  if (text.find('\0') != std::string_view::npos) {
    return Error(ErrorCode::kUnsupportedMediaType,
                 "the file is not a text (CSV) file; upload a .csv or .xlsx file")
        .With("reason", "not_text");
  }

  table.delimiter = SniffDelimiter(text);
  CsvParser parser(text, table.delimiter, options.max_cell_bytes);
  RawRecord record;
  bool have_header = false;
  for (;;) {
    X8_TRY(const bool more, parser.Next(record));
    if (!more) break;
    std::vector<Cell> cells;
    cells.reserve(record.cells.size());
    for (size_t i = 0; i < record.cells.size(); ++i) {
      cells.push_back(
          Cell{CleanCellText(record.cells[i].text), record.cells[i].line, static_cast<int64_t>(i) + 1});
    }
    if (AllCellsEmpty(cells)) continue;
    if (!have_header) {
      table.headers = std::move(cells);
      have_header = true;
      continue;
    }
    const size_t width = table.headers.size();
    if (cells.size() > width) {
      // Spreadsheets often leave trailing empty cells ("a;b;;"); only text past the header is a problem.
      const auto first_extra = std::find_if(cells.begin() + static_cast<ptrdiff_t>(width), cells.end(),
                                            [](const Cell& cell) { return !cell.text.empty(); });
      if (first_extra != cells.end()) {
        return PositionedError(record.line, first_extra->column, "too_many_cells",
                               "line " + std::to_string(record.line) + " has " +
                                   std::to_string(cells.size()) + " cells but the header has " +
                                   std::to_string(width));
      }
      cells.resize(width);
    }
    for (size_t i = cells.size(); i < width; ++i) {
      cells.push_back(Cell{"", record.line, static_cast<int64_t>(i) + 1});
    }
    X8_TRY_STATUS(internal::CheckRoomForRow(table.rows.size(), width, record.line, options));
    table.rows.push_back(Row{record.line, std::move(cells)});
  }
  if (!have_header) {
    return PositionedError(0, 0, "empty", "the file is empty: the first row should hold the column names");
  }
  return table;
}

}  // namespace x8::tabular
