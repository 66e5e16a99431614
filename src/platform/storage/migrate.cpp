#include "platform/storage/migrate.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>

namespace x8::storage {
namespace {

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

// Serializes migrators on PostgreSQL per schema, so parallel test schemas don't wait on each other.
constexpr std::string_view kPostgresLock =
    "SELECT pg_advisory_xact_lock(hashtext('x8.migrate.' || current_schema()))";

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Takes the migration lock and makes sure the bookkeeping table exists; returns applied versions.
Result<std::map<int64_t, Row>> LockAndReadApplied(Tx& tx) {
  if (tx.dialect() == Dialect::kPostgres) X8_TRY_STATUS(tx.Exec(kPostgresLock));
  X8_TRY_STATUS(tx.Exec(kCreateMigrationsTable));
  X8_TRY(auto rows, tx.Query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version", {}));
  std::map<int64_t, Row> applied;
  for (const Row& row : rows) applied.emplace(row.Int("version"), row);
  return applied;
}

Status RefuseNewer(const std::map<int64_t, Row>& applied, std::span<const Migration> migrations) {
  int64_t newest_known = migrations.empty() ? 0 : migrations.back().version;
  if (!applied.empty() && applied.rbegin()->first > newest_known) {
    return Error(ErrorCode::kFailedPrecondition,
                 "database schema version " + std::to_string(applied.rbegin()->first) +
                     " is newer than this binary knows (" + std::to_string(newest_known) +
                     "); run a newer x8 or restore a matching backup")
        .With("database_version", applied.rbegin()->first)
        .With("binary_version", newest_known);
  }
  return Ok();
}

Status CheckOrdered(std::span<const Migration> migrations) {
  for (size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version <= migrations[i - 1].version) {
      return Internal("migrations are not in strictly increasing version order");
    }
  }
  return Ok();
}

}  // namespace

Status Migrate(Database& db) { return Migrate(db, EmbeddedMigrations(db.dialect())); }

Status Migrate(Database& db, std::span<const Migration> migrations) {
  X8_TRY_STATUS(CheckOrdered(migrations));
  X8_TRY_STATUS(db.Transact([&](Tx& tx) -> Status {
    X8_TRY(auto applied, LockAndReadApplied(tx));
    return RefuseNewer(applied, migrations);
  }));
  for (const Migration& migration : migrations) {
    bool ran = false;
    X8_TRY_STATUS(db.Transact([&](Tx& tx) -> Status {
      ran = false;
      X8_TRY(auto applied, LockAndReadApplied(tx));
      X8_TRY_STATUS(RefuseNewer(applied, migrations));
      if (applied.contains(migration.version)) return Ok();
      if (auto status = tx.ExecScript(migration.sql); !status) {
        Error error = std::move(status).error();
        error.message = "migration " + std::to_string(migration.version) + "_" + std::string(migration.name) +
                        " failed: " + error.message;
        return error;
      }
      X8_TRY_STATUS(tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                            {migration.version, std::string(migration.name), NowMillis()}));
      ran = true;
      return Ok();
    }));
    if (ran) spdlog::info("storage: applied migration {:04}_{}", migration.version, migration.name);
  }
  return Ok();
}

Result<std::vector<MigrationInfo>> MigrationStatus(Database& db) {
  return MigrationStatus(db, EmbeddedMigrations(db.dialect()));
}

Result<std::vector<MigrationInfo>> MigrationStatus(Database& db, std::span<const Migration> migrations) {
  std::map<int64_t, Row> applied;
  X8_TRY_STATUS(db.Transact([&](Tx& tx) -> Status {
    X8_TRY(applied, LockAndReadApplied(tx));
    return Ok();
  }));
  std::vector<MigrationInfo> out;
  for (const Migration& migration : migrations) {
    MigrationInfo info{.version = migration.version, .name = std::string(migration.name)};
    if (auto it = applied.find(migration.version); it != applied.end()) {
      info.applied = true;
      info.applied_at = it->second.Int("applied_at");
      applied.erase(it);
    }
    out.push_back(std::move(info));
  }
  for (const auto& [version, row] : applied) {
    out.push_back({.version = version,
                   .name = row.Text("name"),
                   .applied = true,
                   .applied_at = row.Int("applied_at"),
                   .known = false});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
  return out;
}

}  // namespace x8::storage
