// SQLite in WAL mode with one writer connection and a pool of read-only connections.
//
// SQLite allows one writer at a time per file. Funnelling every write through a single connection
// guarded by a mutex turns contention between our own threads into an orderly queue (instead of
// SQLITE_BUSY errors and busy-handler sleeps), and BEGIN IMMEDIATE makes a transaction take the
// file's write lock up front, so it never fails at COMMIT after doing its work. Readers use their
// own connections and, thanks to WAL, never wait for the writer.
#include "platform/storage/sqlite_database.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

#include "platform/storage/ambient_transaction.h"
#include "platform/storage/text_search.h"

namespace x8::storage {
namespace {

constexpr size_t kMaxCachedStatements = 128;

Error SqliteError(sqlite3* db, int rc, std::string_view sql) {
  int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
  std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_FOREIGNKEY: {
      Error error = Conflict(message);
      // "UNIQUE constraint failed: t.a, t.b" → "t.a, t.b"
      if (auto colon = message.find(": "); colon != std::string::npos) {
        error.With("constraint", std::string_view(message).substr(colon + 2));
      }
      return error;
    }
    default:
      break;
  }
  if ((extended & 0xff) == SQLITE_BUSY || (extended & 0xff) == SQLITE_LOCKED) {
    return Unavailable("database is busy: " + message);
  }
  spdlog::warn("sqlite: {} (code {}) in: {}", message, extended, sql);
  return Internal("sqlite: " + message);
}

// x8_fold(text): full Unicode case folding (text_search.h), so searches fold "Ольга" like PostgreSQL's
// lower() does; SQLite's LOWER() and LIKE fold ASCII only. NULL stays NULL; numbers fold as their text.
void FoldFunction(sqlite3_context* context, int /*argc*/, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  if (text == nullptr) {
    sqlite3_result_error_nomem(context);
    return;
  }
  try {
    std::string folded = FoldCase(std::string_view(text, static_cast<size_t>(sqlite3_value_bytes(argv[0]))));
    sqlite3_result_text64(context, folded.data(), folded.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(context);
  }
}

int RegisterFunctions(sqlite3* db) {
  static constexpr char kFoldName[] = "x8_fold";
  static_assert(kSqliteFoldFunction == kFoldName);
  return sqlite3_create_function_v2(db, kFoldName, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                    nullptr, FoldFunction, nullptr, nullptr, nullptr);
}

bool IsBlank(const char* text) {
  for (; *text != '\0'; ++text) {
    if (!std::isspace(static_cast<unsigned char>(*text))) return false;
  }
  return true;
}

// One sqlite3 handle, used by one thread at a time (the owner guarantees it).
class Connection {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  ~Connection() {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool read_only,
                                                  const DatabaseOptions& options) {
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (read_only ? 0 : SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    auto connection = std::make_unique<Connection>(db);
    if (rc != SQLITE_OK)
      return Unavailable(std::string("cannot open sqlite database: ") + sqlite3_errstr(rc));
    sqlite3_busy_timeout(db, options.busy_timeout_ms);
    sqlite3_extended_result_codes(db, 1);
    if (int registered = RegisterFunctions(db); registered != SQLITE_OK)
      return SqliteError(db, registered, "x8_fold");
    std::string pragmas = "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
    if (read_only) {
      pragmas += "PRAGMA query_only=ON;";
    } else if (path != ":memory:") {
      pragmas = "PRAGMA journal_mode=WAL;" + pragmas;
    }
    X8_TRY_STATUS(connection->ExecScript(pragmas));
    return connection;
  }

  Status ExecScript(std::string_view sql) {
    std::string text(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (message != nullptr) sqlite3_free(message);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
    return Ok();
  }

  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt, &tail);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
    if (stmt == nullptr) return InvalidArgument("empty SQL statement");
    if (tail != nullptr && tail < sql.data() + sql.size() &&
        !IsBlank(std::string(tail, sql.data() + sql.size()).c_str())) {
      sqlite3_finalize(stmt);
      return InvalidArgument("Query runs one statement; use ExecScript for several");
    }
    if (statements_.size() >= kMaxCachedStatements) {
      for (auto& [cached_sql, cached] : statements_) sqlite3_finalize(cached);
      statements_.clear();
    }
    statements_.emplace(std::string(sql), stmt);
    return stmt;
  }

  Result<bool> IsReadOnly(std::string_view sql) {
    X8_TRY(auto stmt, Prepare(sql));
    return sqlite3_stmt_readonly(stmt) != 0;
  }

  Result<Rows> Run(std::string_view sql, std::span<const Value> params) {
    X8_TRY(auto stmt, Prepare(sql));
    struct Reset {
      sqlite3_stmt* stmt;
      ~Reset() {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
      }
    } reset{stmt};
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
      return InvalidArgument("statement expects " + std::to_string(sqlite3_bind_parameter_count(stmt)) +
                             " parameters, got " + std::to_string(params.size()));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      int index = static_cast<int>(i) + 1;
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              return sqlite3_bind_null(stmt, index);
            } else if constexpr (std::is_same_v<T, int64_t>) {
              return sqlite3_bind_int64(stmt, index, v);
            } else if constexpr (std::is_same_v<T, double>) {
              return sqlite3_bind_double(stmt, index, v);
            } else if constexpr (std::is_same_v<T, std::string>) {
              return sqlite3_bind_text64(stmt, index, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
            } else if (v.empty()) {
              return sqlite3_bind_zeroblob(stmt, index, 0);  // a null data pointer would bind NULL
            } else {
              return sqlite3_bind_blob64(stmt, index, v.data(), v.size(), SQLITE_STATIC);
            }
          },
          params[i]);
      if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
    }

    Rows rows;
    int column_count = sqlite3_column_count(stmt);
    auto columns = std::make_shared<std::vector<std::string>>();
    for (int c = 0; c < column_count; ++c) columns->emplace_back(sqlite3_column_name(stmt, c));
    rows.columns = columns;
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return SqliteError(db_, rc, sql);
      std::vector<Value> values;
      values.reserve(column_count);
      for (int c = 0; c < column_count; ++c) values.push_back(ColumnValue(stmt, c));
      rows.rows.emplace_back(rows.columns, std::move(values));
    }
    rows.affected = sqlite3_stmt_readonly(stmt) ? 0 : sqlite3_changes64(db_);
    return rows;
  }

 private:
  static Value ColumnValue(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER:
        return static_cast<int64_t>(sqlite3_column_int64(stmt, c));
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, c);
      case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        return std::string(text, sqlite3_column_bytes(stmt, c));
      }
      case SQLITE_BLOB: {
        const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(stmt, c));
        int size = sqlite3_column_bytes(stmt, c);
        return size == 0 ? Bytes{} : Bytes(data, data + size);
      }
      default:
        return nullptr;
    }
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(const Database& db, Connection& connection, std::unique_lock<std::timed_mutex> lock)
      : connection_(connection), lock_(std::move(lock)), ambient_(db, *this) {}
  ~SqliteTransaction() override { (void)Rollback(); }

  Dialect dialect() const override { return Dialect::kSqlite; }
  using Executor::Query;
  Result<Rows> Query(std::string_view sql, std::span<const Value> params) override {
    if (!lock_.owns_lock()) return FailedPrecondition("transaction already ended");
    return connection_.Run(sql, params);
  }
  Status ExecScript(std::string_view sql) override {
    if (!lock_.owns_lock()) return FailedPrecondition("transaction already ended");
    return connection_.ExecScript(sql);
  }
  Status Commit() override {
    if (!lock_.owns_lock()) return FailedPrecondition("transaction already ended");
    X8_TRY_STATUS(connection_.ExecScript("COMMIT"));
    End();
    return Ok();
  }
  Status Rollback() override {
    if (!lock_.owns_lock()) return Ok();
    Status status = connection_.ExecScript("ROLLBACK");
    End();
    return status;
  }

 private:
  void End() {
    ambient_.Release();
    lock_.unlock();
  }

  Connection& connection_;
  std::unique_lock<std::timed_mutex> lock_;
  internal::AmbientRegistration ambient_;  // declared last: registered once the writer is held
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, DatabaseOptions options, std::unique_ptr<Connection> writer)
      : path_(std::move(path)), options_(options), writer_(std::move(writer)) {}

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string Describe() const override { return "sqlite:" + path_; }

  using Executor::Query;
  Result<Rows> Query(std::string_view sql, std::span<const Value> params) override {
    if (auto* tx = internal::AmbientTransaction(*this)) return tx->Query(sql, params);
    if (!in_memory()) {
      X8_TRY(auto reader, AcquireReader());
      auto read_only = reader->IsReadOnly(sql);
      if (!read_only || *read_only) {
        auto rows = read_only ? reader->Run(sql, params) : Result<Rows>(read_only.error());
        ReleaseReader(std::move(reader));
        return rows;
      }
      ReleaseReader(std::move(reader));
    }
    X8_TRY(auto lock, LockWriter());
    return writer_->Run(sql, params);
  }

  Status ExecScript(std::string_view sql) override {
    if (auto* tx = internal::AmbientTransaction(*this)) return tx->ExecScript(sql);
    X8_TRY(auto lock, LockWriter());
    return writer_->ExecScript(sql);
  }

  Result<std::unique_ptr<Transaction>> Begin() override {
    // This thread holds the writer already: waiting for it would only time out.
    if (internal::AmbientTransaction(*this) != nullptr) return internal::NestedTransactionError();
    X8_TRY(auto lock, LockWriter());
    X8_TRY_STATUS(writer_->ExecScript("BEGIN IMMEDIATE"));
    return std::unique_ptr<Transaction>(
        std::make_unique<SqliteTransaction>(*this, *writer_, std::move(lock)));
  }

  Status Ping() override {
    X8_TRY(auto rows, Query("SELECT 1", {}));
    return Ok();
  }

 private:
  bool in_memory() const { return path_ == ":memory:"; }

  Result<std::unique_lock<std::timed_mutex>> LockWriter() {
    std::unique_lock lock(writer_mutex_, std::defer_lock);
    if (!lock.try_lock_for(std::chrono::milliseconds(options_.busy_timeout_ms))) {
      return Unavailable("database is busy: timed out waiting for the writer");
    }
    return lock;
  }

  Result<std::unique_ptr<Connection>> AcquireReader() {
    std::unique_lock lock(readers_mutex_);
    for (;;) {
      if (!idle_readers_.empty()) {
        auto reader = std::move(idle_readers_.back());
        idle_readers_.pop_back();
        return reader;
      }
      if (open_readers_ < std::max(1, options_.pool_size)) {
        ++open_readers_;
        lock.unlock();
        auto reader = Connection::Open(path_, /*read_only=*/true, options_);
        if (!reader) {
          lock.lock();
          --open_readers_;
          readers_cv_.notify_one();
        }
        return reader;
      }
      if (!readers_cv_.wait_for(lock, std::chrono::milliseconds(options_.busy_timeout_ms),
                                [&] { return !idle_readers_.empty(); })) {
        return Unavailable("database is busy: no reader connection available");
      }
    }
  }

  void ReleaseReader(std::unique_ptr<Connection> reader) {
    {
      std::lock_guard lock(readers_mutex_);
      idle_readers_.push_back(std::move(reader));
    }
    readers_cv_.notify_one();
  }

  std::string path_;
  DatabaseOptions options_;
  std::timed_mutex writer_mutex_;
  std::unique_ptr<Connection> writer_;
  std::mutex readers_mutex_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
  int open_readers_ = 0;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(std::string_view path_view, const DatabaseOptions& options) {
  std::string path(path_view);
  if (path.empty()) return InvalidArgument("sqlite url needs a path, e.g. sqlite:./data/x8.db");
  if (path != ":memory:") {
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) return Unavailable("cannot create directory " + parent.string() + ": " + ec.message());
  }
  X8_TRY(auto writer, Connection::Open(path, /*read_only=*/false, options));
  return std::unique_ptr<Database>(std::make_unique<SqliteDatabase>(path, options, std::move(writer)));
}

}  // namespace x8::storage
