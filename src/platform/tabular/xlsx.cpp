// XLSX (Office Open XML spreadsheet): a ZIP of XML parts. Only what a catalogue needs is read: the
// sheet list, one sheet's cell values, shared strings and the styles that mark a number as a date.
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <set>

#include "platform/tabular/table.h"
#include "platform/tabular/text.h"

namespace x8::tabular {
namespace {

using internal::CleanCellText;
using internal::PositionedError;

constexpr size_t kMaxUncompressedBytes = 200u << 20;
constexpr int64_t kMaxRow = 1048576;

// What the package may inflate to, and what its cell texts may add up to: 10× the upload limit, at
// most 200 MB.
size_t UnpackBudget(size_t max_bytes) {
  return max_bytes > kMaxUncompressedBytes / 10 ? kMaxUncompressedBytes : max_bytes * 10;
}

Error NotXlsx(std::string_view why) {
  return InvalidArgument("the file is not a valid .xlsx workbook: " + std::string(why))
      .With("reason", "invalid_xlsx");
}

struct ZipCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};

class Package {
 public:
  static Result<Package> Open(std::string_view bytes, size_t max_bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
      zip_error_fini(&error);
      return Internal("libzip could not wrap the upload");
    }
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (archive == nullptr) {
      std::string why = zip_error_strerror(&error);
      zip_source_free(source);
      zip_error_fini(&error);
      return NotXlsx("the ZIP container is damaged or incomplete (" + why + ")");
    }
    zip_error_fini(&error);
    Package package;
    package.archive_.reset(archive);
    // A zip bomb declares a small file that inflates to gigabytes; refuse before inflating anything.
    package.budget_ = UnpackBudget(max_bytes);
    const zip_int64_t entries = zip_get_num_entries(archive, 0);
    uint64_t declared_total = 0;
    for (zip_int64_t i = 0; i < entries; ++i) {
      zip_stat_t stat;
      if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat) == 0 &&
          (stat.valid & ZIP_STAT_SIZE)) {
        declared_total += stat.size;
      }
    }
    if (declared_total > package.budget_) return package.BombError();
    return package;
  }

  // The part's bytes, or nullopt when the package has no such part.
  Result<std::optional<std::string>> Read(const std::string& name) {
    const zip_int64_t index = zip_name_locate(archive_.get(), name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return std::optional<std::string>();
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(
        zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0), &zip_fclose);
    if (!file) return NotXlsx("the part " + name + " cannot be unpacked");
    std::string content;
    char buffer[64 * 1024];
    for (;;) {
      const zip_int64_t got = zip_fread(file.get(), buffer, sizeof buffer);
      if (got < 0) return NotXlsx("the part " + name + " is damaged");
      if (got == 0) break;
      // The declared sizes can lie, so the budget is enforced on what actually inflates.
      if (static_cast<size_t>(got) > budget_ - used_) return BombError();
      used_ += static_cast<size_t>(got);
      content.append(buffer, static_cast<size_t>(got));
    }
    return std::optional<std::string>(std::move(content));
  }

 private:
  Error BombError() const {
    return Error(ErrorCode::kPayloadTooLarge, "the workbook unpacks to more than " +
                                                  std::to_string(budget_ >> 20) +
                                                  " MB; remove unused sheets and images or save it as CSV")
        .With("reason", "too_large");
  }

  std::unique_ptr<zip_t, ZipCloser> archive_;
  size_t budget_ = 0;
  size_t used_ = 0;
};

Result<pugi::xml_document> ParseXml(const std::string& content, const std::string& part) {
  pugi::xml_document document;
  const pugi::xml_parse_result parsed = document.load_buffer(content.data(), content.size());
  if (!parsed) return NotXlsx("the part " + part + " is not well-formed XML (" + parsed.description() + ")");
  return document;
}

Result<pugi::xml_document> ReadXmlPart(Package& package, const std::string& part) {
  X8_TRY(std::optional<std::string> content, package.Read(part));
  if (!content) return NotXlsx("the part " + part + " is missing");
  return ParseXml(*content, part);
}

// Element and attribute names without their namespace prefix ("x:row" → "row"): some generators
// write prefixed SpreadsheetML.
std::string_view LocalName(const char* name) {
  std::string_view view(name);
  const size_t colon = view.find(':');
  return colon == std::string_view::npos ? view : view.substr(colon + 1);
}

pugi::xml_node Child(pugi::xml_node node, std::string_view name) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && LocalName(child.name()) == name) return child;
  }
  return {};
}

template <class F>
void ForEachChild(pugi::xml_node node, std::string_view name, F&& visit) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && LocalName(child.name()) == name) visit(child);
  }
}

std::string_view Attribute(pugi::xml_node node, std::string_view name) {
  for (pugi::xml_attribute attribute : node.attributes()) {
    if (LocalName(attribute.name()) == name) return attribute.value();
  }
  return {};
}

std::string DirectoryOf(const std::string& part) {
  const size_t slash = part.rfind('/');
  return slash == std::string::npos ? "" : part.substr(0, slash + 1);
}

// Resolves a relationship target against the directory of the part that holds the relationship.
std::string ResolveTarget(const std::string& base_directory, std::string_view target) {
  std::string joined =
      target.starts_with('/') ? std::string(target.substr(1)) : base_directory + std::string(target);
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    const std::string segment = joined.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string resolved;
  for (const std::string& segment : segments) {
    if (!resolved.empty()) resolved += '/';
    resolved += segment;
  }
  return resolved;
}

Result<std::map<std::string, std::string>> ReadRelationships(Package& package, const std::string& part) {
  std::map<std::string, std::string> target_by_id;
  const std::string rels_part =
      DirectoryOf(part) + "_rels/" + part.substr(DirectoryOf(part).size()) + ".rels";
  X8_TRY(std::optional<std::string> content, package.Read(rels_part));
  if (!content) return target_by_id;
  X8_TRY(pugi::xml_document document, ParseXml(*content, rels_part));
  ForEachChild(Child(document, "Relationships"), "Relationship", [&](pugi::xml_node relationship) {
    target_by_id[std::string(Attribute(relationship, "Id"))] =
        ResolveTarget(DirectoryOf(part), Attribute(relationship, "Target"));
  });
  return target_by_id;
}

struct SheetEntry {
  std::string name;
  std::string part;
};

struct Workbook {
  std::string part;
  std::vector<SheetEntry> sheets;
  bool date1904 = false;
};

Result<Workbook> ReadWorkbook(Package& package) {
  Workbook workbook;
  workbook.part = "xl/workbook.xml";
  X8_TRY(auto root_relationships, ReadRelationships(package, ""));
  for (const auto& [id, target] : root_relationships) {
    if (target.ends_with("workbook.xml")) workbook.part = target;
  }
  X8_TRY(pugi::xml_document document, ReadXmlPart(package, workbook.part));
  const pugi::xml_node root = Child(document, "workbook");
  if (!root) return NotXlsx("the workbook part has no <workbook> element");
  const std::string_view date1904 = Attribute(Child(root, "workbookPr"), "date1904");
  workbook.date1904 = date1904 == "1" || date1904 == "true";
  X8_TRY(auto relationships, ReadRelationships(package, workbook.part));
  ForEachChild(Child(root, "sheets"), "sheet", [&](pugi::xml_node sheet) {
    SheetEntry entry{std::string(Attribute(sheet, "name")), ""};
    if (auto found = relationships.find(std::string(Attribute(sheet, "id"))); found != relationships.end()) {
      entry.part = found->second;
    }
    workbook.sheets.push_back(std::move(entry));
  });
  if (workbook.sheets.empty()) return NotXlsx("the workbook lists no sheets");
  return workbook;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// Excel writes characters XML cannot hold as "_xHHHH_" (a carriage return is "_x000D_", a literal
// "_x" sequence is escaped as "_x005F_x...").
void AppendUnescaped(std::string_view text, std::string& out) {
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && text[i + 6] == '_') {
      uint32_t code_point = 0;
      bool hex = true;
      for (size_t k = 2; k < 6 && hex; ++k) {
        const int digit = HexDigit(text[i + k]);
        hex = digit >= 0;
        code_point = code_point * 16 + static_cast<uint32_t>(std::max(digit, 0));
      }
      if (hex && (code_point < 0xD800 || code_point > 0xDFFF)) {
        AppendUtf8(code_point, out);
        i += 7;
        continue;
      }
    }
    out.push_back(text[i]);
    ++i;
  }
}

// The visible text of a string item: plain <t>, or the <t> of each rich-text run <r>; phonetic
// guides (<rPh>) are not part of the value.
void AppendText(pugi::xml_node node, std::string& out) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = LocalName(child.name());
    if (name == "t") {
      AppendUnescaped(child.text().get(), out);
    } else if (name == "r") {
      AppendText(child, out);
    }
  }
}

Result<std::vector<std::string>> ReadSharedStrings(Package& package, const std::string& part) {
  std::vector<std::string> strings;
  if (part.empty()) return strings;
  X8_TRY(std::optional<std::string> content, package.Read(part));
  if (!content) return strings;
  X8_TRY(pugi::xml_document document, ParseXml(*content, part));
  ForEachChild(Child(document, "sst"), "si", [&](pugi::xml_node item) {
    std::string text;
    AppendText(item, text);
    strings.push_back(std::move(text));
  });
  return strings;
}

// A number format shows a date when it is one of the built-in date/time ids or its code has date or
// time letters outside quoted literals, escapes and [colour]/[condition] sections.
bool IsDateFormatCode(std::string_view code) {
  bool in_quotes = false;
  bool in_brackets = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (in_quotes) {
      in_quotes = c != '"';
    } else if (in_brackets) {
      // [h], [mm], [ss] are elapsed-time formats: a time, so still a date-like value.
      if (c == ']') in_brackets = false;
    } else if (c == '"') {
      in_quotes = true;
    } else if (c == '[') {
      in_brackets = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == ';') {
      break;  // the first section decides
    } else {
      const char lower = static_cast<char>(c | 0x20);
      if (lower == 'd' || lower == 'm' || lower == 'y' || lower == 'h' || lower == 's') return true;
    }
  }
  return false;
}

struct Styles {
  std::vector<bool> is_date_by_style;   // indexed by the cell's s attribute (cellXfs index)
  std::vector<bool> has_date_by_style;  // whether the format shows a calendar date (not only a time)
};

Result<Styles> ReadStyles(Package& package, const std::string& part) {
  Styles styles;
  if (part.empty()) return styles;
  X8_TRY(std::optional<std::string> content, package.Read(part));
  if (!content) return styles;
  X8_TRY(pugi::xml_document document, ParseXml(*content, part));
  const pugi::xml_node root = Child(document, "styleSheet");
  std::map<int, std::string> custom_codes;
  ForEachChild(Child(root, "numFmts"), "numFmt", [&](pugi::xml_node format) {
    custom_codes[std::atoi(std::string(Attribute(format, "numFmtId")).c_str())] =
        std::string(Attribute(format, "formatCode"));
  });
  ForEachChild(Child(root, "cellXfs"), "xf", [&](pugi::xml_node xf) {
    const int id = std::atoi(std::string(Attribute(xf, "numFmtId")).c_str());
    bool is_date = false;
    bool has_date = false;
    if (auto custom = custom_codes.find(id); custom != custom_codes.end()) {
      is_date = IsDateFormatCode(custom->second);
      std::string lower = custom->second;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](char c) { return static_cast<char>(c | 0x20); });
      has_date = is_date && (lower.find('d') != std::string::npos || lower.find('y') != std::string::npos);
    } else {
      is_date = (id >= 14 && id <= 22) || (id >= 45 && id <= 47);
      has_date = (id >= 14 && id <= 17) || id == 22;
    }
    styles.is_date_by_style.push_back(is_date);
    styles.has_date_by_style.push_back(has_date);
  });
  return styles;
}

// The shortest text that reads back as the number a user typed: Excel stores binary doubles, so
// 54.9 may arrive as 54.900000000000006; 15 significant digits is what Excel itself shows.
std::string FormatNumber(std::string_view raw) {
  double value = 0;
  const auto [end, error] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
  if (error != std::errc() || end != raw.data() + raw.size() || !std::isfinite(value))
    return std::string(raw);
  if (value == std::trunc(value) && std::fabs(value) < 1e15) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return std::string(buffer) == "-0" ? "0" : buffer;
  }
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

// Days since 1970-01-01 → civil date (Howard Hinnant's algorithm).
void CivilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  year = static_cast<int64_t>(year_of_era) + era * 400;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  day = day_of_year - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  if (month <= 2) ++year;
}

std::optional<std::string> FormatSerialDate(std::string_view raw, bool date1904, bool shows_date) {
  double serial = 0;
  const auto [end, error] = std::from_chars(raw.data(), raw.data() + raw.size(), serial);
  if (error != std::errc() || end != raw.data() + raw.size() || !(serial >= 0) || serial > 2958465) {
    return std::nullopt;  // outside Excel's 1900-01-01..9999-12-31: leave the number as it is
  }
  int64_t whole_days = static_cast<int64_t>(std::floor(serial));
  int64_t seconds = std::llround((serial - static_cast<double>(whole_days)) * 86400.0);
  if (seconds >= 86400) {
    ++whole_days;
    seconds -= 86400;
  }
  char time[16];
  std::snprintf(time, sizeof time, "%02d:%02d:%02d", static_cast<int>(seconds / 3600),
                static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  if (whole_days == 0 && !shows_date) return std::string(time);
  std::string date;
  if (!date1904 && whole_days == 60) {
    date = "1900-02-29";  // Lotus 1-2-3's leap-year bug, kept by Excel: serial 60 is a day that never was
  } else {
    // 1900 system: serial 1 is 1900-01-01, and serials after the fictitious 29 February are one too high.
    constexpr int64_t kDays1899_12_31 = -25568;  // 1899-12-31 relative to 1970-01-01
    constexpr int64_t kDays1904_01_01 = -24107;
    const int64_t days_since_epoch =
        date1904 ? kDays1904_01_01 + whole_days : kDays1899_12_31 + whole_days - (whole_days > 60 ? 1 : 0);
    int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    CivilFromDays(days_since_epoch, year, month, day);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02u", static_cast<long long>(year), month, day);
    date = buffer;
  }
  if (seconds == 0) return date;
  return date + "T" + time;
}

// "C7" → column 3, row 7. Returns false for anything that is not a cell reference.
bool ParseCellReference(std::string_view reference, int64_t& column, int64_t& row) {
  size_t i = 0;
  column = 0;
  while (i < reference.size() && std::isalpha(static_cast<unsigned char>(reference[i]))) {
    column = column * 26 + ((reference[i] | 0x20) - 'a' + 1);
    if (column > internal::kMaxColumns) return false;
    ++i;
  }
  if (i == 0 || i == reference.size()) return false;
  row = 0;
  for (; i < reference.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(reference[i]))) return false;
    row = row * 10 + (reference[i] - '0');
    if (row > kMaxRow) return false;
  }
  return row > 0;
}

struct SheetContext {
  const std::vector<std::string>* shared_strings;
  const Styles* styles;
  bool date1904;
};

Result<std::string> CellValue(pugi::xml_node cell, const SheetContext& context, int64_t row, int64_t column) {
  const std::string_view type = Attribute(cell, "t");
  const std::string_view value = Child(cell, "v").text().get();
  if (type == "inlineStr") {
    std::string text;
    AppendText(Child(cell, "is"), text);
    return text;
  }
  if (type == "s") {
    size_t index = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), index);
    if (error != std::errc() || index >= context.shared_strings->size()) {
      return PositionedError(row, column, "invalid_xlsx",
                             "the file is not a valid .xlsx workbook: row " + std::to_string(row) +
                                 ", column " + std::to_string(column) + " refers to a missing shared string");
    }
    return (*context.shared_strings)[index];
  }
  if (type == "b") return std::string(value == "1" ? "TRUE" : "FALSE");
  if (type == "str" || type == "e" || type == "d") return std::string(value);  // formula text, #N/A, ISO date
  if (value.empty()) return std::string();
  const std::string_view style_text = Attribute(cell, "s");
  size_t style = 0;
  if (!style_text.empty() &&
      std::from_chars(style_text.data(), style_text.data() + style_text.size(), style).ec == std::errc() &&
      style < context.styles->is_date_by_style.size() && context.styles->is_date_by_style[style]) {
    if (auto date = FormatSerialDate(value, context.date1904, context.styles->has_date_by_style[style])) {
      return std::move(*date);
    }
  }
  return FormatNumber(value);
}

Status AddRow(Table& table, bool& have_header, int64_t row_number, std::vector<Cell>& cells,
              const ReadOptions& options) {
  while (!cells.empty() && cells.back().text.empty()) cells.pop_back();
  if (cells.empty()) return Ok();
  if (!have_header) {
    table.headers = std::move(cells);
    have_header = true;
    return Ok();
  }
  const size_t width = table.headers.size();
  if (cells.size() > width) {
    return PositionedError(row_number, static_cast<int64_t>(cells.size()), "too_many_cells",
                           "row " + std::to_string(row_number) + " has a value in column " +
                               std::to_string(cells.size()) + " but the header has " + std::to_string(width) +
                               " columns");
  }
  for (size_t i = cells.size(); i < width; ++i) {
    cells.push_back(Cell{"", row_number, static_cast<int64_t>(i) + 1});
  }
  X8_TRY_STATUS(internal::CheckRoomForRow(table.rows.size(), width, row_number, options));
  table.rows.push_back(Row{row_number, std::move(cells)});
  return Ok();
}

Result<Table> ReadSheet(const pugi::xml_document& document, const SheetContext& context,
                        const ReadOptions& options) {
  Table table;
  table.encoding = "UTF-8";
  const pugi::xml_node sheet_data = Child(Child(document, "worksheet"), "sheetData");
  bool have_header = false;
  int64_t previous_row = 0;
  // Many cells can point at one long shared string, so the text budget is counted on the copies.
  const size_t text_budget = UnpackBudget(options.max_bytes);
  size_t text_bytes = 0;
  for (pugi::xml_node row : sheet_data.children()) {
    if (row.type() != pugi::node_element || LocalName(row.name()) != "row") continue;
    int64_t row_number = std::atoll(std::string(Attribute(row, "r")).c_str());
    if (row_number <= previous_row || row_number > kMaxRow) row_number = previous_row + 1;
    previous_row = row_number;
    std::vector<Cell> cells;
    int64_t previous_column = 0;
    for (pugi::xml_node cell : row.children()) {
      if (cell.type() != pugi::node_element || LocalName(cell.name()) != "c") continue;
      int64_t column = 0;
      int64_t referenced_row = 0;
      if (!ParseCellReference(Attribute(cell, "r"), column, referenced_row) || column <= previous_column) {
        column = previous_column + 1;
      }
      if (column > internal::kMaxColumns)
        return NotXlsx("row " + std::to_string(row_number) + " has too many columns");
      previous_column = column;
      X8_TRY(std::string raw, CellValue(cell, context, row_number, column));
      if (raw.size() > options.max_cell_bytes) {
        return PositionedError(row_number, column, "cell_too_large",
                               "row " + std::to_string(row_number) + ", column " + std::to_string(column) +
                                   ": the cell is longer than " + std::to_string(options.max_cell_bytes) +
                                   " bytes");
      }
      text_bytes += raw.size();
      if (text_bytes > text_budget) {
        return Error(ErrorCode::kPayloadTooLarge, "the sheet holds more than " +
                                                      std::to_string(text_budget >> 20) +
                                                      " MB of text; split it into smaller files")
            .With("reason", "too_large");
      }
      while (static_cast<int64_t>(cells.size()) < column - 1) {
        cells.push_back(Cell{"", row_number, static_cast<int64_t>(cells.size()) + 1});
      }
      cells.push_back(Cell{CleanCellText(raw), row_number, column});
    }
    X8_TRY_STATUS(AddRow(table, have_header, row_number, cells, options));
  }
  if (!have_header) {
    return PositionedError(0, 0, "empty", "the sheet is empty: the first row should hold the column names");
  }
  return table;
}

std::string JoinSheetNames(const std::vector<SheetEntry>& sheets) {
  std::string joined;
  for (const SheetEntry& sheet : sheets) {
    if (!joined.empty()) joined += ", ";
    joined += "\"" + sheet.name + "\"";
  }
  return joined;
}

Result<Package> OpenPackage(std::string_view bytes, size_t max_bytes) {
  if (bytes.size() > max_bytes) return internal::TooLargeError(bytes.size(), max_bytes);
  return Package::Open(bytes, max_bytes);
}

}  // namespace

Result<std::vector<std::string>> ListXlsxSheets(std::string_view bytes) {
  X8_TRY(Package package, OpenPackage(bytes, ReadOptions{}.max_bytes));
  X8_TRY(Workbook workbook, ReadWorkbook(package));
  std::vector<std::string> names;
  for (SheetEntry& sheet : workbook.sheets) names.push_back(std::move(sheet.name));
  return names;
}

Result<Table> ReadXlsx(std::string_view bytes, const ReadOptions& options) {
  X8_TRY(Package package, OpenPackage(bytes, options.max_bytes));
  X8_TRY(Workbook workbook, ReadWorkbook(package));
  const SheetEntry* chosen = &workbook.sheets.front();
  if (!options.sheet.empty()) {
    const auto found = std::find_if(workbook.sheets.begin(), workbook.sheets.end(),
                                    [&](const SheetEntry& sheet) { return sheet.name == options.sheet; });
    if (found == workbook.sheets.end()) {
      return InvalidArgument("the workbook has no sheet named \"" + options.sheet +
                             "\"; its sheets are: " + JoinSheetNames(workbook.sheets))
          .With("reason", "sheet_not_found");
    }
    chosen = &*found;
  }
  if (chosen->part.empty()) return NotXlsx("the sheet \"" + chosen->name + "\" has no worksheet part");

  X8_TRY(auto relationships, ReadRelationships(package, workbook.part));
  std::string shared_strings_part;
  std::string styles_part;
  for (const auto& [id, target] : relationships) {
    if (target.ends_with("sharedStrings.xml")) shared_strings_part = target;
    if (target.ends_with("styles.xml")) styles_part = target;
  }
  if (shared_strings_part.empty()) shared_strings_part = DirectoryOf(workbook.part) + "sharedStrings.xml";
  if (styles_part.empty()) styles_part = DirectoryOf(workbook.part) + "styles.xml";
  X8_TRY(std::vector<std::string> shared_strings, ReadSharedStrings(package, shared_strings_part));
  X8_TRY(Styles styles, ReadStyles(package, styles_part));
  X8_TRY(pugi::xml_document sheet, ReadXmlPart(package, chosen->part));
  const SheetContext context{&shared_strings, &styles, workbook.date1904};
  X8_TRY(Table table, ReadSheet(sheet, context, options));
  table.sheet = chosen->name;
  return table;
}

Result<Table> ReadAny(std::string_view bytes, const ReadOptions& options) {
  if (bytes.starts_with(std::string_view("PK\x03\x04", 4))) return ReadXlsx(bytes, options);
  if (bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    return Error(ErrorCode::kUnsupportedMediaType,
                 "this is an old Excel .xls file; open it in Excel and save it as .xlsx or CSV")
        .With("reason", "legacy_xls");
  }
  return ReadCsv(bytes, options);
}

}  // namespace x8::tabular
