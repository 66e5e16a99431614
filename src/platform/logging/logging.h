// Process-wide logging on spdlog: text for people, JSON lines for log shippers. Secrets never reach
// a log line: callers log ids and paths, not bodies, tokens or query strings.
#pragma once

#include <string>

#include "core/error.h"

namespace x8::logging {

// level: trace|debug|info|warn|error; format: text|json. Logs go to stderr.
Status Setup(const std::string& level, const std::string& format);

}  // namespace x8::logging
