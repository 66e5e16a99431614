// Catalogue items and the pure rules that turn a spreadsheet (tabular::Table) into them: header
// normalisation, value parsing (money, booleans, durations, formats), grouping rows into items with
// variants, validation with line/column problems, the import plan (replace or merge) and the CSV export.
// See docs/design/knowledge.md. No storage, no HTTP.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "platform/tabular/table.h"

namespace x8::knowledge {

enum class KbKind { kProduct, kService, kFaq };
std::string_view ToString(KbKind kind);  // PRODUCT | SERVICE | FAQ
// Exact upper-case names; kInvalidArgument with details.field = `field`.
Result<KbKind> ParseKbKind(std::string_view text, std::string_view field = "kind");

// Where a column's cells go.
enum class Field {
  kName,
  kDescription,
  kCategory,
  kPrice,
  kCurrency,
  kUnit,
  kQuantityStep,
  kStock,
  kInStock,
  kSku,
  kImage,
  kDurationMin,
  kFormat,
  kLocation,
  kQuestion,
  kAnswer,
  kAttribute,  // a variant dimension (size, colour, …): `ColumnMapping::name`
  kExtra,      // kept as text under `ColumnMapping::name`
  kIgnore,
};
std::string_view ToString(Field field);  // name, price, …, attribute, extra, ignore

struct ColumnMapping {
  Field field = Field::kExtra;
  std::string name;           // attribute or extra name (kAttribute, kExtra); "" otherwise
  std::string currency_hint;  // ISO code found in the header ("Price (EUR)" → EUR); "" when none
};

// "Product Name" → name; "Price (EUR)" → price + EUR; "Цена, ₽" → price + RUB; "Размер" →
// attribute size; an unknown header → extra named by the trimmed header.
ColumnMapping NormalizeHeader(std::string_view header);
// A user's mapping override for one column: "<field>", "attribute:<name>", "extra" or "ignore".
// kInvalidArgument (details.field = "mapping") for anything else.
Result<ColumnMapping> ParseMappingTarget(std::string_view target, std::string_view header);

struct Money {
  int64_t minor = 0;     // cents, kopecks
  std::string currency;  // ISO 4217
};

// "54,90 €" → 5490 EUR; "2 500 ₽" → 250000 RUB; "29.90" → 2990 in `fallback_currency`;
// "1.234,56" and "1,234.56" → 123456. Errors (kInvalidArgument) say what is wrong, without position.
Result<Money> ParseMoney(std::string_view text, std::string_view fallback_currency);
// yes/no, да/нет, 1/0, true/false, +/-, y/n (case-insensitive).
Result<bool> ParseBoolean(std::string_view text);
// "60", "90 мин", "45 min", "1:30", "2 h", "1,5 ч" → minutes.
Result<int64_t> ParseDurationMinutes(std::string_view text);
// online/offline/онлайн/офлайн → "online" | "offline".
Result<std::string> ParseFormat(std::string_view text);
// A non-negative whole number ("12", "1 000").
Result<int64_t> ParseCount(std::string_view text);
// A currency code or symbol ("eur", "€", "₽", "руб") → ISO code.
Result<std::string> ParseCurrency(std::string_view text);

// Lower-case (full Unicode case folding), trimmed, inner whitespace collapsed: the identity of a name.
std::string NameKey(std::string_view name);

using TextMap = std::map<std::string, std::string>;

// A variant's `image` cell resolved to an uploaded image of the same account (media_files.file_name
// equal to the cell, case-insensitive): kb_variants.media_id and the URLs to show it.
struct LinkedImage {
  std::string media_id;  // med_…
  std::string thumb_url;
  std::string medium_url;
  std::string url;  // the original
  friend bool operator==(const LinkedImage&, const LinkedImage&) = default;
};

struct Variant {
  std::string id;  // var_… once stored
  TextMap attributes;
  std::optional<int64_t> price_minor;
  std::string currency;  // set whenever price_minor is
  std::string sku;
  std::optional<int64_t> stock;
  std::optional<bool> in_stock;
  std::string image;                  // a bare file name, as in the catalogue
  std::optional<LinkedImage> linked;  // set by the repository when `image` names an uploaded image
  friend bool operator==(const Variant&, const Variant&) = default;
};

struct Item {
  std::string id;  // itm_… once stored
  std::string name;
  std::string description;
  std::string category;
  std::string unit;
  std::string quantity_step;
  std::optional<int64_t> duration_min;
  std::string format;  // "", online, offline
  std::string location;
  std::string question;
  std::string answer;
  TextMap extra;
  std::vector<Variant> variants;  // at least one
  friend bool operator==(const Item&, const Item&) = default;
};

// What a KB item is called: the name, or the question of a FAQ entry.
std::string_view TitleOf(const Item& item);

struct Problem {
  int64_t line = 0;
  int64_t column = 0;  // 0: the whole row
  std::string field;   // canonical field name ("price") or "" when none applies
  std::string message;
};

struct ParsedColumn {
  int64_t index = 0;  // 0-based
  std::string header;
  ColumnMapping mapping;
  std::vector<std::string> samples;  // up to 3 non-empty values
};

struct ParsedCatalogue {
  std::vector<ParsedColumn> columns;
  std::vector<Item> items;  // in first-appearance order
  std::vector<Problem> problems;
  int64_t rows = 0;
};

inline constexpr size_t kMaxProblems = 50;

// Maps the headers (normalised, then `overrides` by 0-based column index), parses every cell and
// groups rows with the same name (case/space-insensitive; the question for FAQ) into one item with a
// variant per row. Collects every problem (up to kMaxProblems) instead of stopping at the first.
ParsedCatalogue ParseCatalogue(const tabular::Table& table, KbKind kind,
                               const std::map<int64_t, ColumnMapping>& overrides,
                               std::string_view default_currency);

// The refusal for a catalogue with problems: kInvalidArgument with the first problem as the message and
// details {line, column, field, problems:[{line, column, field, message}…]}.
Error RefusalOf(const std::vector<Problem>& problems);

// Checks one item as the row CRUD receives it (required fields per kind, at least one variant, price
// with currency). kInvalidArgument with details.field.
Status ValidateItem(const Item& item, KbKind kind);

enum class ImportMode { kReplace, kMerge };
Result<ImportMode> ParseImportMode(std::string_view text);

struct ImportPlan {
  std::vector<Item> create;               // no ids
  std::vector<Item> update;               // existing item ids; matched variants keep their ids
  std::vector<std::string> delete_items;  // replace only: existing items the file no longer has
};

// Matches each incoming item to an existing one by a variant's sku, else by name (NameKey); variants
// inside a matched item by sku, else by attributes. Replace drops unmatched existing items and variants;
// merge keeps them.
ImportPlan PlanImport(const std::vector<Item>& existing, const std::vector<Item>& incoming, ImportMode mode);

// "29.90" for 2990; minor units with two decimals.
std::string FormatMinor(int64_t minor);
// One row per variant: canonical headers, then attribute columns, then extra columns; RFC 4180 quoting,
// CRLF line ends; cells starting with = + - @, tab or CR are prefixed with a single quote.
std::string ExportCsv(const std::vector<Item>& items);
// The neutralised, quoted form of one cell (exposed for tests).
std::string CsvCell(std::string_view text);

}  // namespace x8::knowledge
