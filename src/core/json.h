// JSON helpers on Boost.JSON: parsing with a precise error position, typed field access that
// reports which field is wrong.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace x8::json {

// Parses a JSON document. On failure the error is kInvalidArgument with details
// {"line":L,"column":C,"offset":O} pointing at the first offending byte (1-based line/column).
Result<boost::json::value> Parse(std::string_view text);

// Parses and requires an object at the top level.
Result<boost::json::object> ParseObject(std::string_view text);

// Typed access for request DTOs; errors name the field in details.field.
Result<std::string> RequireString(const boost::json::object& obj, std::string_view field);
Result<std::optional<std::string>> OptionalString(const boost::json::object& obj, std::string_view field);
Result<int64_t> RequireInt(const boost::json::object& obj, std::string_view field);
Result<std::optional<int64_t>> OptionalInt(const boost::json::object& obj, std::string_view field);
Result<bool> RequireBool(const boost::json::object& obj, std::string_view field);

std::string Serialize(const boost::json::value& v);

}  // namespace x8::json
