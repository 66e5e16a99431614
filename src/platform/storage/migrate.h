// Versioned schema migrations, embedded into the binary at build time from
// migrations/{sqlite,postgres}/NNNN_name.sql.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/storage/database.h"

namespace x8::storage {

struct Migration {
  int64_t version = 0;
  std::string_view name;
  std::string_view sql;
};

struct MigrationInfo {
  int64_t version = 0;
  std::string name;
  bool applied = false;
  std::optional<int64_t> applied_at;  // unix ms
  bool known = true;                  // false: applied by a newer binary than this one
};

// The migrations compiled into this binary for `dialect`, ordered by version.
std::span<const Migration> EmbeddedMigrations(Dialect dialect);

// Applies pending migrations in order, one transaction each, recording them in
// schema_migrations(version, name, applied_at). Idempotent; concurrent callers serialize on a lock
// (pg_advisory_xact_lock on PostgreSQL, the writer on SQLite). Fails with kFailedPrecondition,
// changing nothing, when the database has a version newer than the newest known one.
Status Migrate(Database& db);
Status Migrate(Database& db, std::span<const Migration> migrations);

// Known migrations with their state, plus any applied version this binary does not know.
Result<std::vector<MigrationInfo>> MigrationStatus(Database& db);
Result<std::vector<MigrationInfo>> MigrationStatus(Database& db, std::span<const Migration> migrations);

}  // namespace x8::storage
