// SQLite engine behind storage::Database. Kept out of database.h so nothing else sees sqlite3.h.
#pragma once

#include <memory>
#include <string_view>

#include "platform/storage/database.h"

namespace x8::storage {

// `path` is a file path (its parent directory is created) or ":memory:".
Result<std::unique_ptr<Database>> OpenSqlite(std::string_view path, const DatabaseOptions& options);

}  // namespace x8::storage
