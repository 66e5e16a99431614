#include "modules/knowledge/domain/catalogue.h"

#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <set>
#include <unordered_map>
#include <utility>

namespace x8::knowledge {
namespace {

constexpr std::array<std::string_view, 4> kSpaceSequences = {"\xC2\xA0", "\xE2\x80\xAF", "\xE2\x80\x89",
                                                             "\xE2\x80\x87"};

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// Replaces the Unicode spaces people type into numbers and headers (no-break, thin, figure) with ' '.
std::string UnifySpaces(std::string_view text) {
  std::string out(text);
  for (auto space : kSpaceSequences) {
    for (size_t at = out.find(space); at != std::string::npos; at = out.find(space, at)) {
      out.replace(at, space.size(), " ");
    }
  }
  return out;
}

std::string Trim(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && IsAsciiSpace(text[begin])) ++begin;
  while (end > begin && IsAsciiSpace(text[end - 1])) --end;
  return std::string(text.substr(begin, end - begin));
}

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (IsAsciiSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string Fold(std::string_view text) {
  auto unicode =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  unicode.foldCase();
  std::string out;
  unicode.toUTF8String(out);
  return out;
}

// Folded, with Unicode spaces unified, trimmed and collapsed: how headers and keywords compare.
std::string Simplify(std::string_view text) { return CollapseSpaces(Fold(UnifySpaces(text))); }

struct FieldName {
  Field field;
  std::string_view name;
};
constexpr std::array<FieldName, 19> kFieldNames = {{{Field::kName, "name"},
                                                    {Field::kDescription, "description"},
                                                    {Field::kCategory, "category"},
                                                    {Field::kPrice, "price"},
                                                    {Field::kCurrency, "currency"},
                                                    {Field::kUnit, "unit"},
                                                    {Field::kQuantityStep, "quantity_step"},
                                                    {Field::kStock, "stock"},
                                                    {Field::kInStock, "in_stock"},
                                                    {Field::kSku, "sku"},
                                                    {Field::kImage, "image"},
                                                    {Field::kDurationMin, "duration_min"},
                                                    {Field::kFormat, "format"},
                                                    {Field::kLocation, "location"},
                                                    {Field::kQuestion, "question"},
                                                    {Field::kAnswer, "answer"},
                                                    {Field::kAttribute, "attribute"},
                                                    {Field::kExtra, "extra"},
                                                    {Field::kIgnore, "ignore"}}};

struct Synonym {
  std::string_view header;  // Simplify()d
  Field field;
  std::string_view attribute;  // for kAttribute
};

// Headers after lower-casing and stripping units/currency; English and Russian.
constexpr Synonym kSynonyms[] = {
    {"name", Field::kName, {}},
    {"product name", Field::kName, {}},
    {"product", Field::kName, {}},
    {"item", Field::kName, {}},
    {"item name", Field::kName, {}},
    {"title", Field::kName, {}},
    {"service", Field::kName, {}},
    {"service name", Field::kName, {}},
    {"название", Field::kName, {}},
    {"наименование", Field::kName, {}},
    {"название товара", Field::kName, {}},
    {"название услуги", Field::kName, {}},
    {"наименование товара", Field::kName, {}},
    {"наименование услуги", Field::kName, {}},
    {"товар", Field::kName, {}},
    {"услуга", Field::kName, {}},
    {"description", Field::kDescription, {}},
    {"details", Field::kDescription, {}},
    {"описание", Field::kDescription, {}},
    {"category", Field::kCategory, {}},
    {"categories", Field::kCategory, {}},
    {"group", Field::kCategory, {}},
    {"категория", Field::kCategory, {}},
    {"раздел", Field::kCategory, {}},
    {"группа", Field::kCategory, {}},
    {"price", Field::kPrice, {}},
    {"cost", Field::kPrice, {}},
    {"цена", Field::kPrice, {}},
    {"стоимость", Field::kPrice, {}},
    {"currency", Field::kCurrency, {}},
    {"валюта", Field::kCurrency, {}},
    {"unit", Field::kUnit, {}},
    {"units", Field::kUnit, {}},
    {"единица", Field::kUnit, {}},
    {"ед. изм.", Field::kUnit, {}},
    {"ед изм", Field::kUnit, {}},
    {"единица измерения", Field::kUnit, {}},
    {"quantity step", Field::kQuantityStep, {}},
    {"quantity_step", Field::kQuantityStep, {}},
    {"step", Field::kQuantityStep, {}},
    {"шаг", Field::kQuantityStep, {}},
    {"кратность", Field::kQuantityStep, {}},
    {"stock", Field::kStock, {}},
    {"quantity", Field::kStock, {}},
    {"qty", Field::kStock, {}},
    {"остаток", Field::kStock, {}},
    {"количество", Field::kStock, {}},
    {"in stock", Field::kInStock, {}},
    {"in_stock", Field::kInStock, {}},
    {"available", Field::kInStock, {}},
    {"availability", Field::kInStock, {}},
    {"в наличии", Field::kInStock, {}},
    {"наличие", Field::kInStock, {}},
    {"sku", Field::kSku, {}},
    {"article", Field::kSku, {}},
    {"артикул", Field::kSku, {}},
    {"image", Field::kImage, {}},
    {"photo", Field::kImage, {}},
    {"picture", Field::kImage, {}},
    {"фото", Field::kImage, {}},
    {"изображение", Field::kImage, {}},
    {"картинка", Field::kImage, {}},
    {"duration", Field::kDurationMin, {}},
    {"duration_min", Field::kDurationMin, {}},
    {"длительность", Field::kDurationMin, {}},
    {"продолжительность", Field::kDurationMin, {}},
    {"format", Field::kFormat, {}},
    {"формат", Field::kFormat, {}},
    {"location", Field::kLocation, {}},
    {"address", Field::kLocation, {}},
    {"место", Field::kLocation, {}},
    {"адрес", Field::kLocation, {}},
    {"question", Field::kQuestion, {}},
    {"вопрос", Field::kQuestion, {}},
    {"answer", Field::kAnswer, {}},
    {"ответ", Field::kAnswer, {}},
    {"size", Field::kAttribute, "size"},
    {"размер", Field::kAttribute, "size"},
    {"colour", Field::kAttribute, "colour"},
    {"color", Field::kAttribute, "colour"},
    {"цвет", Field::kAttribute, "colour"},
};

struct CurrencyWord {
  std::string_view word;  // Simplify()d
  std::string_view code;
};
constexpr CurrencyWord kCurrencyWords[] = {
    {"€", "EUR"},   {"eur", "EUR"},  {"euro", "EUR"}, {"евро", "EUR"}, {"₽", "RUB"}, {"rub", "RUB"},
    {"руб", "RUB"}, {"руб.", "RUB"}, {"р", "RUB"},    {"р.", "RUB"},   {"rur", "RUB"}, {"рублей", "RUB"},
    {"$", "USD"},   {"usd", "USD"},  {"us$", "USD"},  {"£", "GBP"},    {"gbp", "GBP"}, {"₴", "UAH"},
    {"грн", "UAH"}, {"₸", "KZT"},    {"тг", "KZT"},   {"chf", "CHF"},
};

std::optional<std::string> CurrencyOfWord(std::string_view simplified) {
  for (const auto& word : kCurrencyWords) {
    if (word.word == simplified) return std::string(word.code);
  }
  if (simplified.size() == 3 &&
      std::all_of(simplified.begin(), simplified.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    std::string code(simplified);
    for (char& c : code) c = static_cast<char>(c - 'a' + 'A');
    return code;
  }
  return std::nullopt;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Digits with at most one decimal separator: "1234", "12.5" → value × 10^decimals, rejecting more.
Result<int64_t> ScaledNumber(std::string_view digits_and_point, int decimals, std::string_view what) {
  int64_t whole = 0;
  int64_t fraction = 0;
  int fraction_digits = 0;
  bool point = false;
  int whole_digits = 0;
  for (char c : digits_and_point) {
    if (c == '.') {
      if (point) return InvalidArgument(std::string(what));
      point = true;
      continue;
    }
    if (!IsDigit(c)) return InvalidArgument(std::string(what));
    if (point) {
      if (++fraction_digits > decimals) return InvalidArgument(std::string(what));
      fraction = fraction * 10 + (c - '0');
    } else {
      if (++whole_digits > 15) return InvalidArgument(std::string(what));
      whole = whole * 10 + (c - '0');
    }
  }
  if (whole_digits == 0 && fraction_digits == 0) return InvalidArgument(std::string(what));
  for (int i = fraction_digits; i < decimals; ++i) fraction *= 10;
  int64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  return whole * scale + fraction;
}

// "1.234,56" / "1,234.56" / "54,90" / "1 500" → "1234.56", "54.90", "1500": the last separator followed
// by one or two digits is the decimal point; every other separator groups thousands.
Result<std::string> CanonicalNumber(std::string_view text, std::string_view what) {
  std::string compact;
  for (char c : text) {
    if (c == ' ' || c == '\'') continue;
    compact.push_back(c);
  }
  if (compact.empty()) return InvalidArgument(std::string(what));
  size_t last = compact.find_last_of(".,");
  bool has_decimal = false;
  if (last != std::string::npos) {
    size_t after = compact.size() - last - 1;
    char separator = compact[last];
    bool other_kind = compact.find(separator == '.' ? ',' : '.') != std::string::npos;
    bool repeated = compact.find(separator) != last;
    has_decimal = (after == 1 || after == 2) || (after != 3 && !repeated) || (other_kind && !repeated);
    if (after == 0) return InvalidArgument(std::string(what));
  }
  std::string out;
  for (size_t i = 0; i < compact.size(); ++i) {
    char c = compact[i];
    if (c == '.' || c == ',') {
      if (has_decimal && i == last) out.push_back('.');
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string_view ToString(KbKind kind) {
  switch (kind) {
    case KbKind::kProduct:
      return "PRODUCT";
    case KbKind::kService:
      return "SERVICE";
    case KbKind::kFaq:
      return "FAQ";
  }
  return "PRODUCT";
}

Result<KbKind> ParseKbKind(std::string_view text, std::string_view field) {
  if (text == "PRODUCT") return KbKind::kProduct;
  if (text == "SERVICE") return KbKind::kService;
  if (text == "FAQ") return KbKind::kFaq;
  return InvalidArgument("kind must be PRODUCT, SERVICE or FAQ").With("field", field);
}

std::string_view ToString(Field field) {
  for (const auto& entry : kFieldNames) {
    if (entry.field == field) return entry.name;
  }
  return "extra";
}

ColumnMapping NormalizeHeader(std::string_view header) {
  std::string text = Simplify(header);
  std::string hint;
  auto take_hint = [&hint](std::string_view part) {
    std::string simplified = CollapseSpaces(part);
    if (auto code = CurrencyOfWord(simplified); code && hint.empty()) hint = *code;
  };
  // Units and currency in brackets: "price (eur)", "длительность (мин)", "size [cm]".
  for (auto [open, close] : {std::pair{'(', ')'}, std::pair{'[', ']'}}) {
    for (size_t begin = text.find(open); begin != std::string::npos; begin = text.find(open)) {
      size_t end = text.find(close, begin);
      if (end == std::string::npos) end = text.size() - 1;
      take_hint(std::string_view(text).substr(begin + 1, end - begin - 1));
      text.erase(begin, end - begin + 1);
    }
  }
  // After a comma: "цена, ₽", "weight, kg".
  if (size_t comma = text.find(','); comma != std::string::npos) {
    take_hint(std::string_view(text).substr(comma + 1));
    text.erase(comma);
  }
  // A bare currency symbol inside: "price €".
  for (std::string_view symbol : {"€", "₽", "$", "£"}) {
    if (size_t at = text.find(symbol); at != std::string::npos) {
      take_hint(symbol);
      text.erase(at, symbol.size());
    }
  }
  text = CollapseSpaces(text);
  while (!text.empty() && (text.back() == ':' || text.back() == '*')) text.pop_back();
  text = CollapseSpaces(text);
  for (const auto& synonym : kSynonyms) {
    if (synonym.header == text) {
      ColumnMapping mapping{.field = synonym.field, .name = std::string(synonym.attribute)};
      if (synonym.field == Field::kPrice) mapping.currency_hint = hint;
      return mapping;
    }
  }
  std::string name = CollapseSpaces(UnifySpaces(header));
  return {.field = Field::kExtra, .name = name.empty() ? "column" : name, .currency_hint = {}};
}

Result<ColumnMapping> ParseMappingTarget(std::string_view target, std::string_view header) {
  auto bad = [&] {
    return InvalidArgument("unknown mapping '" + std::string(target) +
                           "': use a field name, attribute:<name>, extra or ignore")
        .With("field", "mapping");
  };
  if (target.starts_with("attribute:")) {
    std::string name = Simplify(target.substr(10));
    if (name.empty()) return bad();
    return ColumnMapping{.field = Field::kAttribute, .name = name, .currency_hint = {}};
  }
  if (target == "attribute") {
    std::string name = Simplify(header);
    if (name.empty()) return bad();
    return ColumnMapping{.field = Field::kAttribute, .name = name, .currency_hint = {}};
  }
  if (target == "extra") {
    std::string name = CollapseSpaces(UnifySpaces(header));
    return ColumnMapping{.field = Field::kExtra, .name = name.empty() ? "column" : name, .currency_hint = {}};
  }
  for (const auto& entry : kFieldNames) {
    if (entry.name == target && entry.field != Field::kAttribute) {
      ColumnMapping mapping{.field = entry.field, .name = {}, .currency_hint = {}};
      if (entry.field == Field::kPrice) mapping.currency_hint = NormalizeHeader(header).currency_hint;
      return mapping;
    }
  }
  return bad();
}

Result<std::string> ParseCurrency(std::string_view text) {
  std::string simplified = Simplify(text);
  if (auto code = CurrencyOfWord(simplified)) return *code;
  return InvalidArgument("'" + Trim(text) + "' is not a currency (use a code like EUR or a symbol like €)");
}

Result<Money> ParseMoney(std::string_view text, std::string_view fallback_currency) {
  std::string unified = UnifySpaces(text);
  std::string trimmed = Trim(unified);
  auto not_a_price = [&] {
    return InvalidArgument("'" + trimmed + "' is not a price (write it like 29.90 or 2 500 ₽)");
  };
  if (trimmed.empty()) return not_a_price();
  // Split into the number (digits, separators, spaces) and the currency text around it.
  std::string number;
  std::string currency_text;
  size_t first_digit = trimmed.find_first_of("0123456789");
  size_t last_digit = trimmed.find_last_of("0123456789");
  if (first_digit == std::string::npos) return not_a_price();
  for (size_t i = 0; i < trimmed.size(); ++i) {
    char c = trimmed[i];
    bool numeric = IsDigit(c) || c == '.' || c == ',' || c == ' ' || c == '\'';
    if (i >= first_digit && i <= last_digit) {
      if (!numeric) return not_a_price();
      number.push_back(c);
    } else if (c == '-' && i < first_digit) {
      return InvalidArgument("a price cannot be negative ('" + trimmed + "')");
    } else if (i > last_digit && (c == '.' || c == ',') && currency_text.empty()) {
      return not_a_price();  // "12." or "12,"
    } else {
      currency_text.push_back(c);
    }
  }
  std::string currency_word = Trim(currency_text);
  std::string currency(fallback_currency);
  if (!currency_word.empty()) {
    auto code = CurrencyOfWord(Simplify(currency_word));
    if (!code) return not_a_price();
    currency = *code;
  }
  X8_TRY(auto canonical, CanonicalNumber(number, "'" + trimmed + "' is not a price"));
  auto minor = ScaledNumber(canonical, 2, "'" + trimmed + "' is not a price (at most two decimals)");
  if (!minor) return std::move(minor).error();
  if (currency.empty()) return InvalidArgument("the price '" + trimmed + "' has no currency");
  return Money{*minor, currency};
}

Result<bool> ParseBoolean(std::string_view text) {
  std::string value = Simplify(text);
  for (std::string_view yes : {"yes", "y", "да", "д", "1", "true", "+", "in stock", "в наличии", "есть"}) {
    if (value == yes) return true;
  }
  for (std::string_view no : {"no", "n", "нет", "н", "0", "false", "-", "out of stock", "нет в наличии"}) {
    if (value == no) return false;
  }
  return InvalidArgument("'" + Trim(text) + "' is not yes or no (use yes/no, да/нет, 1/0, +/-)");
}

Result<int64_t> ParseDurationMinutes(std::string_view text) {
  std::string value = Simplify(text);
  auto bad = [&] {
    return InvalidArgument("'" + Trim(text) + "' is not a duration (write minutes like 90, 90 min or 1:30)");
  };
  if (value.empty()) return bad();
  if (size_t colon = value.find(':'); colon != std::string::npos) {
    auto hours = ScaledNumber(value.substr(0, colon), 0, "");
    std::string minutes_text = value.substr(colon + 1);
    auto minutes = ScaledNumber(minutes_text, 0, "");
    if (!hours || !minutes || minutes_text.size() != 2 || *minutes >= 60) return bad();
    return *hours * 60 + *minutes;
  }
  size_t unit_at = value.find_first_not_of("0123456789., ");
  std::string number = Trim(value.substr(0, unit_at));
  std::string unit = unit_at == std::string::npos ? "" : Trim(value.substr(unit_at));
  int64_t per_unit = 0;
  for (std::string_view minute : {"", "min", "mins", "minutes", "m", "мин", "мин.", "минут", "минуты", "м"}) {
    if (unit == minute) per_unit = 1;
  }
  for (std::string_view hour : {"h", "hr", "hrs", "hour", "hours", "ч", "ч.", "час", "часа", "часов"}) {
    if (unit == hour) per_unit = 60;
  }
  if (per_unit == 0 || number.empty() || number.find(' ') != std::string::npos) return bad();
  for (char& c : number) c = c == ',' ? '.' : c;
  auto hundredths = ScaledNumber(number, 2, "");
  if (!hundredths) return bad();
  int64_t scaled = *hundredths * per_unit;
  if (scaled % 100 != 0) return bad();  // fractions of a minute
  return scaled / 100;
}

Result<std::string> ParseFormat(std::string_view text) {
  std::string value = Simplify(text);
  for (std::string_view online : {"online", "онлайн", "on-line", "remote", "дистанционно"}) {
    if (value == online) return std::string("online");
  }
  for (std::string_view offline : {"offline", "офлайн", "оффлайн", "off-line", "in person", "очно"}) {
    if (value == offline) return std::string("offline");
  }
  return InvalidArgument("'" + Trim(text) + "' is not a format (use online or offline, онлайн или офлайн)");
}

Result<int64_t> ParseCount(std::string_view text) {
  std::string compact;
  for (char c : UnifySpaces(text)) {
    if (c != ' ') compact.push_back(c);
  }
  auto value = ScaledNumber(compact, 0, "");
  if (!value) return InvalidArgument("'" + Trim(text) + "' is not a whole number");
  return *value;
}

std::string NameKey(std::string_view name) { return Simplify(name); }

std::string_view TitleOf(const Item& item) { return item.name.empty() ? item.question : item.name; }

namespace {

struct RowOutcome {
  Item item;
  int64_t line = 0;
};

std::string& TextFieldOf(Item& item, Field field) {
  switch (field) {
    case Field::kName:
      return item.name;
    case Field::kDescription:
      return item.description;
    case Field::kCategory:
      return item.category;
    case Field::kUnit:
      return item.unit;
    case Field::kQuantityStep:
      return item.quantity_step;
    case Field::kLocation:
      return item.location;
    case Field::kQuestion:
      return item.question;
    case Field::kAnswer:
      return item.answer;
    case Field::kFormat:
      return item.format;
    default:
      break;
  }
  static thread_local std::string unused;
  return unused;
}

bool IsItemTextField(Field field) {
  return field == Field::kName || field == Field::kDescription || field == Field::kCategory ||
         field == Field::kUnit || field == Field::kQuantityStep || field == Field::kLocation ||
         field == Field::kQuestion || field == Field::kAnswer;
}

// Fills item-level fields of `into` that are still empty from `from` (the first row that has one wins).
void FillItemFields(Item& into, const Item& from) {
  for (Field field : {Field::kName, Field::kDescription, Field::kCategory, Field::kUnit, Field::kQuantityStep,
                      Field::kLocation, Field::kQuestion, Field::kAnswer, Field::kFormat}) {
    std::string& target = TextFieldOf(into, field);
    if (target.empty()) target = TextFieldOf(const_cast<Item&>(from), field);
  }
  if (!into.duration_min) into.duration_min = from.duration_min;
  for (const auto& [key, value] : from.extra) into.extra.emplace(key, value);
}

}  // namespace

ParsedCatalogue ParseCatalogue(const tabular::Table& table, KbKind kind,
                               const std::map<int64_t, ColumnMapping>& overrides,
                               std::string_view default_currency) {
  ParsedCatalogue out;
  out.rows = static_cast<int64_t>(table.rows.size());
  auto add_problem = [&out](Problem problem) {
    if (out.problems.size() < kMaxProblems) out.problems.push_back(std::move(problem));
  };
  int64_t header_line = table.headers.empty() ? 1 : table.headers.front().line;

  // Columns and their mapping.
  std::map<Field, size_t> single_fields;  // canonical field → column index
  for (size_t i = 0; i < table.headers.size(); ++i) {
    ParsedColumn column{
        .index = static_cast<int64_t>(i), .header = table.headers[i].text, .mapping = {}, .samples = {}};
    auto override = overrides.find(column.index);
    column.mapping = override != overrides.end() ? override->second : NormalizeHeader(column.header);
    Field field = column.mapping.field;
    if (field != Field::kAttribute && field != Field::kExtra && field != Field::kIgnore) {
      auto [at, inserted] = single_fields.emplace(field, i);
      if (!inserted) {
        add_problem({.line = header_line,
                     .column = static_cast<int64_t>(i) + 1,
                     .field = std::string(ToString(field)),
                     .message = "columns " + std::to_string(at->second + 1) + " and " +
                                std::to_string(i + 1) + " are both mapped to " +
                                std::string(ToString(field)) + "; map one of them to something else"});
        column.mapping = {.field = Field::kIgnore, .name = {}, .currency_hint = {}};
      }
    }
    for (const auto& row : table.rows) {
      if (column.samples.size() >= 3) break;
      if (i < row.cells.size() && !row.cells[i].text.empty()) column.samples.push_back(row.cells[i].text);
    }
    out.columns.push_back(std::move(column));
  }
  std::vector<Field> required = kind == KbKind::kFaq ? std::vector<Field>{Field::kQuestion, Field::kAnswer}
                                                     : std::vector<Field>{Field::kName};
  std::set<Field> missing_columns;
  for (Field field : required) {
    if (!single_fields.contains(field)) {
      missing_columns.insert(field);
      add_problem({.line = header_line,
                   .column = 0,
                   .field = std::string(ToString(field)),
                   .message = "no column is recognised as " + std::string(ToString(field)) +
                              "; name a column so or map one to it"});
    }
  }

  // Rows → items with one variant each, then grouped by name.
  std::vector<Item> items;
  std::vector<int64_t> first_lines;
  std::unordered_map<std::string, size_t> item_by_key;
  std::vector<std::vector<int64_t>> variant_lines;
  for (const auto& row : table.rows) {
    Item item;
    Variant variant;
    bool row_ok = true;
    auto cell_problem = [&](const tabular::Cell& cell, Field field, std::string message) {
      row_ok = false;
      add_problem({.line = cell.line != 0 ? cell.line : row.line,
                   .column = cell.column,
                   .field = std::string(ToString(field)),
                   .message = "line " + std::to_string(cell.line != 0 ? cell.line : row.line) + ", column " +
                              std::to_string(cell.column) + " (" + std::string(ToString(field)) +
                              "): " + std::move(message)});
    };
    // The row's own currency column first: prices without a symbol use it.
    std::string row_currency;
    for (size_t i = 0; i < out.columns.size() && i < row.cells.size(); ++i) {
      if (out.columns[i].mapping.field != Field::kCurrency || row.cells[i].text.empty()) continue;
      auto currency = ParseCurrency(row.cells[i].text);
      if (!currency) {
        cell_problem(row.cells[i], Field::kCurrency, currency.error().message);
      } else {
        row_currency = *currency;
      }
    }
    for (size_t i = 0; i < out.columns.size() && i < row.cells.size(); ++i) {
      const tabular::Cell& cell = row.cells[i];
      const ColumnMapping& mapping = out.columns[i].mapping;
      if (cell.text.empty()) continue;
      switch (mapping.field) {
        case Field::kPrice: {
          std::string fallback = !row_currency.empty()            ? row_currency
                                 : !mapping.currency_hint.empty() ? mapping.currency_hint
                                                                  : std::string(default_currency);
          auto money = ParseMoney(cell.text, fallback);
          if (!money) {
            cell_problem(cell, Field::kPrice, money.error().message);
          } else {
            variant.price_minor = money->minor;
            variant.currency = money->currency;
          }
          break;
        }
        case Field::kStock: {
          auto count = ParseCount(cell.text);
          if (!count) {
            cell_problem(cell, Field::kStock, count.error().message);
          } else {
            variant.stock = *count;
          }
          break;
        }
        case Field::kInStock: {
          auto flag = ParseBoolean(cell.text);
          if (!flag) {
            cell_problem(cell, Field::kInStock, flag.error().message);
          } else {
            variant.in_stock = *flag;
          }
          break;
        }
        case Field::kDurationMin: {
          auto minutes = ParseDurationMinutes(cell.text);
          if (!minutes) {
            cell_problem(cell, Field::kDurationMin, minutes.error().message);
          } else {
            item.duration_min = *minutes;
          }
          break;
        }
        case Field::kFormat: {
          auto format = ParseFormat(cell.text);
          if (!format) {
            cell_problem(cell, Field::kFormat, format.error().message);
          } else {
            item.format = *format;
          }
          break;
        }
        case Field::kSku:
          variant.sku = cell.text;
          break;
        case Field::kImage:
          variant.image = cell.text;
          break;
        case Field::kAttribute:
          variant.attributes[mapping.name] = cell.text;
          break;
        case Field::kExtra:
          item.extra[mapping.name] = cell.text;
          break;
        case Field::kCurrency:
        case Field::kIgnore:
          break;
        default:
          if (IsItemTextField(mapping.field)) TextFieldOf(item, mapping.field) = cell.text;
          break;
      }
    }
    for (Field field : required) {
      if (missing_columns.contains(field) || !TextFieldOf(item, field).empty()) continue;
      size_t index = single_fields.at(field);
      tabular::Cell where = index < row.cells.size() ? row.cells[index] : tabular::Cell{};
      if (where.line == 0) where.line = row.line;
      if (where.column == 0) where.column = static_cast<int64_t>(index) + 1;
      cell_problem(where, field, std::string(ToString(field)) + " is required");
    }
    if (!row_ok) continue;
    item.variants.push_back(std::move(variant));
    std::string key = NameKey(TitleOf(item));
    auto [at, inserted] = item_by_key.emplace(key, items.size());
    if (inserted) {
      items.push_back(std::move(item));
      first_lines.push_back(row.line);
      variant_lines.push_back({row.line});
      continue;
    }
    Item& into = items[at->second];
    const Variant& added = item.variants.front();
    for (size_t v = 0; v < into.variants.size(); ++v) {
      const Variant& present = into.variants[v];
      if (present.attributes == added.attributes && present.sku == added.sku) {
        add_problem(
            {.line = row.line,
             .column = 0,
             .field = "name",
             .message = "line " + std::to_string(row.line) + " repeats '" + std::string(TitleOf(into)) +
                        "' of line " + std::to_string(variant_lines[at->second][v]) +
                        " with the same variant (add a size, colour or sku column to tell them apart)"});
        row_ok = false;
        break;
      }
    }
    if (!row_ok) continue;
    FillItemFields(into, item);
    into.variants.push_back(added);
    variant_lines[at->second].push_back(row.line);
  }
  if (table.rows.empty() && out.problems.empty()) {
    add_problem({.line = header_line, .column = 0, .field = "", .message = "the file has no data rows"});
  }
  out.items = std::move(items);
  return out;
}

Error RefusalOf(const std::vector<Problem>& problems) {
  if (problems.empty()) return Internal("RefusalOf called without problems");
  const Problem& first = problems.front();
  boost::json::array list;
  for (size_t i = 0; i < problems.size() && i < kMaxProblems; ++i) {
    const Problem& problem = problems[i];
    list.push_back(boost::json::object{{"line", problem.line},
                                       {"column", problem.column},
                                       {"field", problem.field},
                                       {"message", problem.message}});
  }
  return InvalidArgument(first.message)
      .With("line", first.line)
      .With("column", first.column)
      .With("field", std::string_view(first.field))
      .With("problems", std::move(list));
}

Status ValidateItem(const Item& item, KbKind kind) {
  if (kind == KbKind::kFaq) {
    if (Trim(item.question).empty()) return InvalidArgument("question is required").With("field", "question");
    if (Trim(item.answer).empty()) return InvalidArgument("answer is required").With("field", "answer");
  } else if (Trim(item.name).empty()) {
    return InvalidArgument("name is required").With("field", "name");
  }
  if (item.variants.empty())
    return InvalidArgument("an item needs at least one variant").With("field", "variants");
  if (!item.format.empty() && item.format != "online" && item.format != "offline") {
    return InvalidArgument("format must be online or offline").With("field", "format");
  }
  if (item.duration_min && *item.duration_min < 0) {
    return InvalidArgument("duration_min cannot be negative").With("field", "duration_min");
  }
  std::set<std::pair<TextMap, std::string>> seen;
  for (const auto& variant : item.variants) {
    if (variant.price_minor) {
      if (*variant.price_minor < 0)
        return InvalidArgument("a price cannot be negative").With("field", "price");
      if (!CurrencyOfWord(Simplify(variant.currency)) || variant.currency.size() != 3) {
        return InvalidArgument("a price needs a currency code like EUR").With("field", "currency");
      }
    }
    if (variant.stock && *variant.stock < 0) {
      return InvalidArgument("stock cannot be negative").With("field", "stock");
    }
    if (!seen.emplace(variant.attributes, variant.sku).second) {
      return InvalidArgument("two variants have the same attributes and sku").With("field", "variants");
    }
  }
  return Ok();
}

Result<ImportMode> ParseImportMode(std::string_view text) {
  if (text == "replace") return ImportMode::kReplace;
  if (text == "merge") return ImportMode::kMerge;
  return InvalidArgument("mode must be replace or merge").With("field", "mode");
}

namespace {

bool IsSubset(const TextMap& part, const TextMap& whole) {
  for (const auto& [key, value] : part) {
    auto it = whole.find(key);
    if (it == whole.end() || it->second != value) return false;
  }
  return true;
}

}  // namespace

ImportPlan PlanImport(const std::vector<Item>& existing, const std::vector<Item>& incoming, ImportMode mode) {
  ImportPlan plan;
  std::unordered_map<std::string, size_t> by_sku;
  std::unordered_map<std::string, std::vector<size_t>> by_name;
  for (size_t i = 0; i < existing.size(); ++i) {
    for (const auto& variant : existing[i].variants) {
      if (!variant.sku.empty()) by_sku.emplace(variant.sku, i);
    }
    by_name[NameKey(TitleOf(existing[i]))].push_back(i);
  }
  std::vector<bool> matched(existing.size(), false);
  for (const Item& item : incoming) {
    std::optional<size_t> found;
    for (const auto& variant : item.variants) {
      if (variant.sku.empty()) continue;
      auto at = by_sku.find(variant.sku);
      if (at != by_sku.end() && !matched[at->second]) {
        found = at->second;
        break;
      }
    }
    if (!found) {
      auto at = by_name.find(NameKey(TitleOf(item)));
      if (at != by_name.end()) {
        for (size_t candidate : at->second) {
          if (!matched[candidate]) {
            found = candidate;
            break;
          }
        }
      }
    }
    if (!found) {
      Item created = item;
      created.id.clear();
      for (auto& variant : created.variants) variant.id.clear();
      plan.create.push_back(std::move(created));
      continue;
    }
    matched[*found] = true;
    const Item& current = existing[*found];
    Item updated = item;
    updated.id = current.id;
    std::vector<bool> variant_taken(current.variants.size(), false);
    for (auto& variant : updated.variants) variant.id.clear();
    // By sku, else by equal attributes; then by attributes the file names (a file without the colour
    // column still updates {"colour":"red","size":"M"} from a row with size M), when only one fits.
    for (int pass = 0; pass < 2; ++pass) {
      for (auto& variant : updated.variants) {
        if (!variant.id.empty()) continue;
        std::optional<size_t> match;
        int candidates = 0;
        for (size_t v = 0; v < current.variants.size(); ++v) {
          if (variant_taken[v]) continue;
          const Variant& old = current.variants[v];
          bool same = false;
          if (!variant.sku.empty()) {
            same = pass == 0 && old.sku == variant.sku;
          } else if (pass == 0) {
            same = old.attributes == variant.attributes;
          } else {
            same = IsSubset(variant.attributes, old.attributes);
          }
          if (same && !match) match = v;
          candidates += same ? 1 : 0;
        }
        if (match && (pass == 0 || candidates == 1)) {
          variant.id = current.variants[*match].id;
          if (pass == 1 && mode == ImportMode::kMerge) {
            TextMap attributes = current.variants[*match].attributes;
            for (const auto& [key, value] : variant.attributes) attributes[key] = value;
            variant.attributes = std::move(attributes);
          }
          variant_taken[*match] = true;
        }
      }
    }
    if (mode == ImportMode::kMerge) {
      for (size_t v = 0; v < current.variants.size(); ++v) {
        if (!variant_taken[v]) updated.variants.push_back(current.variants[v]);
      }
    }
    plan.update.push_back(std::move(updated));
  }
  if (mode == ImportMode::kReplace) {
    for (size_t i = 0; i < existing.size(); ++i) {
      if (!matched[i]) plan.delete_items.push_back(existing[i].id);
    }
  }
  return plan;
}

std::string FormatMinor(int64_t minor) {
  std::string sign = minor < 0 ? "-" : "";
  int64_t magnitude = minor < 0 ? -minor : minor;
  std::string cents = std::to_string(magnitude % 100);
  if (cents.size() < 2) cents.insert(0, "0");
  return sign + std::to_string(magnitude / 100) + "." + cents;
}

std::string CsvCell(std::string_view text) {
  std::string value(text);
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                         value[0] == '\t' || value[0] == '\r')) {
    value.insert(0, "'");
  }
  if (value.find_first_of(",\"\r\n;") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

std::string ExportCsv(const std::vector<Item>& items) {
  using Getter = std::string (*)(const Item&, const Variant&);
  struct Column {
    std::string_view header;
    Getter get;
  };
  static const Column kCanonical[] = {
      {"name", [](const Item& i, const Variant&) { return i.name; }},
      {"description", [](const Item& i, const Variant&) { return i.description; }},
      {"category", [](const Item& i, const Variant&) { return i.category; }},
      {"price", [](const Item&,
                   const Variant& v) { return v.price_minor ? FormatMinor(*v.price_minor) : std::string(); }},
      {"currency", [](const Item&, const Variant& v) { return v.price_minor ? v.currency : std::string(); }},
      {"unit", [](const Item& i, const Variant&) { return i.unit; }},
      {"quantity_step", [](const Item& i, const Variant&) { return i.quantity_step; }},
      {"stock",
       [](const Item&, const Variant& v) { return v.stock ? std::to_string(*v.stock) : std::string(); }},
      {"in_stock",
       [](const Item&, const Variant& v) {
         return v.in_stock ? std::string(*v.in_stock ? "yes" : "no") : "";
       }},
      {"sku", [](const Item&, const Variant& v) { return v.sku; }},
      {"image", [](const Item&, const Variant& v) { return v.image; }},
      {"duration_min",
       [](const Item& i, const Variant&) { return i.duration_min ? std::to_string(*i.duration_min) : ""; }},
      {"format", [](const Item& i, const Variant&) { return i.format; }},
      {"location", [](const Item& i, const Variant&) { return i.location; }},
      {"question", [](const Item& i, const Variant&) { return i.question; }},
      {"answer", [](const Item& i, const Variant&) { return i.answer; }},
  };
  // Columns that carry something (name always), attribute and extra names in first-appearance order.
  std::vector<const Column*> used;
  for (const auto& column : kCanonical) {
    bool any = column.header == "name";
    for (const auto& item : items) {
      for (const auto& variant : item.variants) any = any || !column.get(item, variant).empty();
    }
    if (any) used.push_back(&column);
  }
  std::vector<std::string> attributes;
  std::vector<std::string> extras;
  auto remember = [](std::vector<std::string>& names, const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  for (const auto& item : items) {
    for (const auto& variant : item.variants) {
      for (const auto& [name, value] : variant.attributes) remember(attributes, name);
    }
    for (const auto& [name, value] : item.extra) remember(extras, name);
  }
  std::string out;
  auto write_row = [&out](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out.push_back(',');
      out += CsvCell(cells[i]);
    }
    out += "\r\n";
  };
  std::vector<std::string> header;
  header.reserve(used.size() + attributes.size() + extras.size());
  for (const auto* column : used) header.emplace_back(column->header);
  for (const auto& name : attributes) header.push_back(name);
  for (const auto& name : extras) header.push_back(name);
  write_row(header);
  for (const auto& item : items) {
    for (const auto& variant : item.variants) {
      std::vector<std::string> cells;
      cells.reserve(header.size());
      for (const auto* column : used) cells.push_back(column->get(item, variant));
      for (const auto& name : attributes) {
        auto at = variant.attributes.find(name);
        cells.push_back(at == variant.attributes.end() ? "" : at->second);
      }
      for (const auto& name : extras) {
        auto at = item.extra.find(name);
        cells.push_back(at == item.extra.end() ? "" : at->second);
      }
      write_row(cells);
    }
  }
  return out;
}

}  // namespace x8::knowledge
