#include <charconv>
#include <stdexcept>
#include <string>

#include "platform/storage/database.h"

namespace x8::storage {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;  // clang 14 (clang-tidy) lacks aggregate CTAD

int64_t ToInt(const Value& value) {
  return std::visit(Overloaded{
                        [](std::nullptr_t) -> int64_t {
                          throw std::invalid_argument("column is NULL, expected an integer");
                        },
                        [](int64_t v) { return v; },
                        [](double v) -> int64_t {
                          auto truncated = static_cast<int64_t>(v);
                          if (static_cast<double>(truncated) != v)
                            throw std::invalid_argument("column is not an integer");
                          return truncated;
                        },
                        [](const std::string& v) -> int64_t {
                          int64_t out = 0;
                          auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
                          if (ec != std::errc() || end != v.data() + v.size()) {
                            throw std::invalid_argument("column text is not an integer");
                          }
                          return out;
                        },
                        [](const Bytes&) -> int64_t {
                          throw std::invalid_argument("column is bytes, expected an integer");
                        },
                    },
                    value);
}

double ToDouble(const Value& value) {
  return std::visit(
      Overloaded{
          [](std::nullptr_t) -> double { throw std::invalid_argument("column is NULL, expected a number"); },
          [](int64_t v) { return static_cast<double>(v); },
          [](double v) { return v; },
          [](const std::string& v) -> double {
            size_t used = 0;
            double out = std::stod(v, &used);
            if (used != v.size()) throw std::invalid_argument("column text is not a number");
            return out;
          },
          [](const Bytes&) -> double { throw std::invalid_argument("column is bytes, expected a number"); },
      },
      value);
}

std::string ToText(const Value& value) {
  return std::visit(
      Overloaded{
          [](std::nullptr_t) -> std::string { throw std::invalid_argument("column is NULL, expected text"); },
          [](int64_t v) { return std::to_string(v); },
          [](double v) {
            char buf[32];
            auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
            return std::string(buf, end);
          },
          [](const std::string& v) { return v; },
          [](const Bytes& v) { return std::string(v.begin(), v.end()); },
      },
      value);
}

}  // namespace

size_t Row::Index(std::string_view column) const {
  for (size_t i = 0; i < columns_->size(); ++i) {
    if ((*columns_)[i] == column) return i;
  }
  throw std::out_of_range("no column named " + std::string(column));
}

const Value& Row::operator[](std::string_view column) const { return values_.at(Index(column)); }

int64_t Row::Int(size_t i) const { return ToInt(values_.at(i)); }
int64_t Row::Int(std::string_view column) const { return Int(Index(column)); }

std::optional<int64_t> Row::OptInt(std::string_view column) const {
  size_t i = Index(column);
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

double Row::Double(std::string_view column) const { return ToDouble(values_.at(Index(column))); }

std::string Row::Text(size_t i) const { return ToText(values_.at(i)); }
std::string Row::Text(std::string_view column) const { return Text(Index(column)); }

std::optional<std::string> Row::OptText(std::string_view column) const {
  size_t i = Index(column);
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

Bytes Row::Blob(std::string_view column) const {
  const Value& value = values_.at(Index(column));
  if (const auto* bytes = std::get_if<Bytes>(&value)) return *bytes;
  if (const auto* text = std::get_if<std::string>(&value)) return Bytes(text->begin(), text->end());
  throw std::invalid_argument("column is not bytes");
}

bool Row::Bool(std::string_view column) const {
  const Value& value = values_.at(Index(column));
  if (const auto* text = std::get_if<std::string>(&value)) {
    if (*text == "t" || *text == "true" || *text == "1") return true;
    if (*text == "f" || *text == "false" || *text == "0") return false;
    throw std::invalid_argument("column text is not a boolean");
  }
  return ToInt(value) != 0;
}

}  // namespace x8::storage
