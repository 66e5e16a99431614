// Text into HTML: the one escaping every server-rendered page and mail uses.
#pragma once

#include <string>
#include <string_view>

namespace x8 {

// Escapes & < > " ' so `text` is safe in element content and in quoted attribute values.
std::string EscapeHtml(std::string_view text);

}  // namespace x8
