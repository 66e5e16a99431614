// Keyset pagination in creation order: the cursor names the last row of a page by its sequence number
// (the number behind its code, COMP007 → 7) and is opaque to callers (base64url of "v1:<seq>"), so its
// layout can change without breaking clients.
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
  int64_t seq = 0;

  bool operator==(const PageCursor&) const = default;
};

std::string EncodeCursor(const PageCursor& cursor);
// kInvalidArgument with details.field = "cursor" for anything EncodeCursor did not produce.
Result<PageCursor> DecodeCursor(std::string_view text);

// The ?limit= value: absent → kDefaultPageSize; otherwise an integer in [1, kMaxPageSize]
// (details.field = "limit").
Result<int64_t> ParsePageSize(const std::optional<std::string>& text);

}  // namespace x8::companies
