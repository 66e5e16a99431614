// Case-insensitive text search that behaves the same on both engines.
//
// SQLite's own LOWER() and LIKE fold ASCII letters only ("Ольга" never matches "ольга"), PostgreSQL's
// lower() follows the database's (UTF-8) ctype. Every SQLite connection therefore registers x8_fold(text):
// full Unicode case folding (ICU), deterministic, usable in any statement. Repositories write
//
//   sql += " AND " + storage::FoldedContains(ex.dialect(), "ct.display_name");
//   params.emplace_back(storage::LikeContains(query));
//
// which is `x8_fold(ct.display_name) LIKE x8_fold(?) ESCAPE '\'` on SQLite and
// `lower(ct.display_name) LIKE lower(?) ESCAPE '\'` on PostgreSQL.
#pragma once

#include <string>
#include <string_view>

#include "platform/storage/database.h"

namespace x8::storage {

// The SQL name of the SQLite case-folding function.
inline constexpr std::string_view kSqliteFoldFunction = "x8_fold";

// An SQL expression for `expr` case-folded: x8_fold(expr) on SQLite, lower(expr) on PostgreSQL.
std::string Folded(Dialect dialect, std::string_view expr);

// `<Folded(expr)> LIKE <Folded(?)> ESCAPE '\'`: one parameter, a pattern from LikeContains/EscapeLike.
std::string FoldedContains(Dialect dialect, std::string_view expr);

// `text` with the LIKE wildcards (%, _) and the escape character (\) escaped for ESCAPE '\'.
std::string EscapeLike(std::string_view text);

// "%" + EscapeLike(text) + "%": matches `text` literally anywhere in the value.
std::string LikeContains(std::string_view text);

// The case folding x8_fold applies (full Unicode case folding, ICU; invalid UTF-8 becomes U+FFFD), for
// tests and for code that must fold a value exactly as SQLite does.
std::string FoldCase(std::string_view text);

}  // namespace x8::storage
