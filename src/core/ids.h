// Opaque, prefixed, time-sortable ids for the API: "cmp_01JD3V9K2M8Q4T6X0YB5C7N2PA".
// 48-bit millisecond timestamp + 80 random bits, Crockford base32 (ULID layout), so ids sort by
// creation time as strings and never reveal counts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace x8 {

std::string NewId(std::string_view prefix, int64_t unix_millis);
std::string NewId(std::string_view prefix);  // now

// True when `id` is `<prefix>_` followed by 26 Crockford base32 characters.
bool IsValidId(std::string_view id, std::string_view prefix);

// 32 random bytes, hex: request ids, tokens before hashing.
std::string RandomHex(size_t bytes);

}  // namespace x8
