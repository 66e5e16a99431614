// Keyset pagination over (created_at, id): the cursor names the last row of a page and is opaque to
// callers (base64url of "v1:<created_at>:<id>"), so its layout can change without breaking clients.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace x8::companies {

inline constexpr int64_t kDefaultPageSize = 50;
inline constexpr int64_t kMaxPageSize = 200;

struct PageCursor {
  int64_t created_at = 0;
  std::string id;

  bool operator==(const PageCursor&) const = default;
};

std::string EncodeCursor(const PageCursor& cursor);
// kInvalidArgument with details.field = "cursor" for anything EncodeCursor did not produce.
Result<PageCursor> DecodeCursor(std::string_view text);

// The ?limit= value: absent → kDefaultPageSize; otherwise an integer in [1, kMaxPageSize]
// (details.field = "limit").
Result<int64_t> ParsePageSize(const std::optional<std::string>& text);

}  // namespace x8::companies
