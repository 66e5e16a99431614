#include "core/json.h"

namespace x8::json {
namespace {

Error ParseError(std::string_view text, size_t offset, std::string_view what) {
  int64_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  Error e{ErrorCode::kInvalidArgument, "malformed JSON at line " + std::to_string(line) + ", column " +
                                           std::to_string(column) + ": " + std::string(what)};
  e.With("line", line).With("column", column).With("offset", static_cast<int64_t>(offset));
  return e;
}

Error FieldError(std::string_view field, std::string message) {
  Error e{ErrorCode::kInvalidArgument, std::move(message)};
  e.With("field", field);
  return e;
}

}  // namespace

Result<boost::json::value> Parse(std::string_view text) {
  boost::json::stream_parser parser;
  boost::system::error_code ec;
  size_t consumed = parser.write_some(text.data(), text.size(), ec);
  if (ec) return ParseError(text, consumed, ec.message());
  if (consumed < text.size()) {
    // write_some stops after a complete value; anything but whitespace after it is an error.
    auto rest = text.substr(consumed);
    auto pos = rest.find_first_not_of(" \t\r\n");
    if (pos != std::string_view::npos)
      return ParseError(text, consumed + pos, "unexpected data after the value");
  }
  parser.finish(ec);
  if (ec) return ParseError(text, text.size(), ec.message());
  return parser.release();
}

Result<boost::json::object> ParseObject(std::string_view text) {
  X8_TRY(auto value, Parse(text));
  if (!value.is_object()) return Error{ErrorCode::kInvalidArgument, "expected a JSON object"};
  return std::move(value.as_object());
}

Result<std::string> RequireString(const boost::json::object& obj, std::string_view field) {
  auto it = obj.find(field);
  if (it == obj.end() || it->value().is_null()) {
    return FieldError(field, "field '" + std::string(field) + "' is required");
  }
  if (!it->value().is_string())
    return FieldError(field, "field '" + std::string(field) + "' must be a string");
  return std::string(it->value().as_string());
}

Result<std::optional<std::string>> OptionalString(const boost::json::object& obj, std::string_view field) {
  auto it = obj.find(field);
  if (it == obj.end() || it->value().is_null()) return std::optional<std::string>{};
  if (!it->value().is_string())
    return FieldError(field, "field '" + std::string(field) + "' must be a string");
  return std::optional<std::string>(std::string(it->value().as_string()));
}

Result<int64_t> RequireInt(const boost::json::object& obj, std::string_view field) {
  X8_TRY(auto v, OptionalInt(obj, field));
  if (!v) return FieldError(field, "field '" + std::string(field) + "' is required");
  return *v;
}

Result<std::optional<int64_t>> OptionalInt(const boost::json::object& obj, std::string_view field) {
  auto it = obj.find(field);
  if (it == obj.end() || it->value().is_null()) return std::optional<int64_t>{};
  const auto& v = it->value();
  if (v.is_int64()) return std::optional<int64_t>(v.as_int64());
  if (v.is_uint64() && v.as_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return std::optional<int64_t>(static_cast<int64_t>(v.as_uint64()));
  }
  return FieldError(field, "field '" + std::string(field) + "' must be an integer");
}

Result<bool> RequireBool(const boost::json::object& obj, std::string_view field) {
  auto it = obj.find(field);
  if (it == obj.end() || it->value().is_null()) {
    return FieldError(field, "field '" + std::string(field) + "' is required");
  }
  if (!it->value().is_bool())
    return FieldError(field, "field '" + std::string(field) + "' must be true or false");
  return it->value().as_bool();
}

std::string Serialize(const boost::json::value& v) { return boost::json::serialize(v); }

}  // namespace x8::json
