// PostgreSQL engine behind storage::Database. Kept out of database.h so nothing else sees libpq.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "platform/storage/database.h"

namespace x8::storage {

Result<std::unique_ptr<Database>> OpenPostgres(std::string_view url, const DatabaseOptions& options);

// Rewrites `?` placeholders to `$1`, `$2`, … outside string literals, quoted identifiers,
// dollar-quoted strings and comments. Exposed for tests.
std::string RewritePlaceholders(std::string_view sql);

// "postgres://user:secret@host:5432/db?x=y" → "postgres://host:5432/db": safe to log.
std::string RedactPostgresUrl(std::string_view url);

}  // namespace x8::storage
