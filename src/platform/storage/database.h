// One SQL interface over SQLite and PostgreSQL. Repositories write portable SQL with `?`
// placeholders (the PostgreSQL driver rewrites them to $1, $2, …) and branch on dialect() only
// where the engines differ (e.g. FOR UPDATE SKIP LOCKED). Every call is blocking: the HTTP layer
// runs handlers on a worker pool, never on the I/O threads.
//
// The ambient transaction. While a thread holds an open transaction of a Database (opened by
// Transact or Begin), every statement that thread runs through that same Database object (Query,
// Exec, ExecScript, Ping on the Database, not on another Database object, even one on the same URL)
// runs inside the open transaction, on its connection: it sees the transaction's uncommitted writes,
// commits or rolls back with it, and takes no second connection. So code running in a transaction
// may call other modules that read (or write) through the Database without exhausting the
// PostgreSQL pool (N open transactions with pool_size <= N used to wait for the pool and fail with
// kUnavailable) or waiting for the SQLite writer it holds itself. Other threads are unaffected:
// they use the pool and do not see the uncommitted writes. The transaction stops being ambient the
// moment it commits or rolls back (or is destroyed), and the thread reads through the pool again.
// Consequences:
//  - A transaction belongs to the thread that began it: use, commit and end it on that thread (the
//    job worker and Transact do).
//  - Begin/Transact on the same Database while this thread holds one open fails at once with
//    kInternal "nested transaction" (no savepoints); a transaction on another Database is separate.
//  - A statement routed into the transaction fails like one run on the Tx: on PostgreSQL any error
//    (even a conflict the caller ignores) aborts the transaction, so its commit fails.
//  - A write through the Database inside a transaction is no longer independent: it is rolled back
//    with the transaction. Writes that must survive a rollback belong outside the transaction.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"

namespace x8::storage {

enum class Dialect { kSqlite, kPostgres };

// A bound parameter or a column value. Text is UTF-8; bytes travel as std::vector<uint8_t>.
using Bytes = std::vector<uint8_t>;
using Value = std::variant<std::nullptr_t, int64_t, double, std::string, Bytes>;

class Row {
 public:
  // Rows share their column names, so a Row stays valid after the Rows it came from is gone.
  Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> values)
      : columns_(std::move(columns)), values_(std::move(values)) {}

  size_t size() const { return values_.size(); }
  const Value& operator[](size_t i) const { return values_.at(i); }
  const Value& operator[](std::string_view column) const;

  bool IsNull(size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
  bool IsNull(std::string_view column) const { return IsNull(Index(column)); }
  // Typed getters convert where it is lossless (PostgreSQL returns text for numeric types the driver
  // does not know; SQLite stores booleans as integers).
  int64_t Int(size_t i) const;
  int64_t Int(std::string_view column) const;
  std::optional<int64_t> OptInt(std::string_view column) const;
  double Double(std::string_view column) const;
  std::string Text(size_t i) const;
  std::string Text(std::string_view column) const;
  std::optional<std::string> OptText(std::string_view column) const;
  Bytes Blob(std::string_view column) const;
  bool Bool(std::string_view column) const;
  const std::vector<std::string>& columns() const { return *columns_; }

 private:
  // Unknown column names and impossible conversions are programming errors: they throw
  // std::out_of_range / std::invalid_argument rather than returning a Result.
  size_t Index(std::string_view column) const;
  std::shared_ptr<const std::vector<std::string>> columns_;
  std::vector<Value> values_;
};

struct Rows {
  std::shared_ptr<const std::vector<std::string>> columns;
  std::vector<Row> rows;
  int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE

  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
  const Row& operator[](size_t i) const { return rows.at(i); }
  auto begin() const { return rows.begin(); }
  auto end() const { return rows.end(); }
};

// What a caller can run statements on: a pooled connection in autocommit, or a transaction.
class Executor {
 public:
  virtual ~Executor() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement. Errors: kConflict for unique/foreign-key violations (details.constraint
  // names it where the engine says), kUnavailable when the database cannot be reached or is busy
  // past the timeout, kInternal for everything else (the SQL text is logged, never returned).
  virtual Result<Rows> Query(std::string_view sql, std::span<const Value> params = {}) = 0;
  Result<Rows> Query(std::string_view sql, std::initializer_list<Value> params) {
    return Query(sql, std::span<const Value>(params.begin(), params.size()));
  }
  Result<int64_t> Exec(std::string_view sql, std::initializer_list<Value> params = {}) {
    X8_TRY(auto rows, Query(sql, params));
    return rows.affected;
  }
  Result<int64_t> Exec(std::string_view sql, std::span<const Value> params) {
    X8_TRY(auto rows, Query(sql, params));
    return rows.affected;
  }
  // Runs several `;`-separated statements without parameters (migrations, test fixtures).
  virtual Status ExecScript(std::string_view sql) = 0;
};

using Tx = Executor;

// One notification received by a Listener (PostgreSQL NOTIFY channel, payload).
struct Notification {
  std::string channel;
  std::string payload;
};

// A dedicated connection, outside the pool, LISTENing on one channel (Database::Listen). PostgreSQL
// delivers a NOTIFY when the notifying transaction commits (at once outside a transaction), never
// after a rollback, and the notifications of one transaction, and of the transactions one session
// commits, in order. Not thread-safe: one thread calls Wait (a background listener thread).
class Listener {
 public:
  virtual ~Listener() = default;
  // Waits up to `timeout` for notifications and returns those that arrived, oldest first (empty when
  // none came). kUnavailable when the connection is lost: the listener is dead from then on, and what
  // was notified meanwhile is not delivered to it; open a new one (with backoff).
  virtual Result<std::vector<Notification>> Wait(std::chrono::milliseconds timeout) = 0;
  // The server process of the connection (pg_backend_pid()), for diagnostics and tests.
  virtual int backend_pid() const = 0;
};

// An open transaction held by the caller. On SQLite it owns the single writer connection until it
// ends, so keep it short. While it is open it is the ambient transaction of its Database on the
// thread that began it (see the top of this file): the Database's own statements on that thread run
// in it. Destroying it without Commit() rolls back.
class Transaction : public Executor {
 public:
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
};

class Database : public Executor {
 public:
  // Runs `body` in a transaction (BEGIN IMMEDIATE on SQLite so writers queue at the start instead
  // of failing at commit). Commits when body succeeds, rolls back when it returns an error or
  // throws. Serialization failures and deadlocks on PostgreSQL are retried a few times, so `body`
  // may run more than once: keep side effects outside the database out of it.
  virtual Status Transact(const std::function<Status(Tx&)>& body);

  // The building block under Transact for callers that must decide late whether to commit (the
  // job worker). Prefer Transact. Fails with kInternal "nested transaction" when this thread already
  // holds an open transaction on this Database.
  virtual Result<std::unique_ptr<Transaction>> Begin() = 0;

  template <class T>
  Result<T> Transact(const std::function<Result<T>(Tx&)>& body) {
    std::optional<T> out;
    X8_TRY_STATUS(Transact([&](Tx& tx) -> Status {
      X8_TRY(auto v, body(tx));
      out.emplace(std::move(v));
      return Ok();
    }));
    return std::move(*out);
  }

  // Opens a Listener on `channel` (LISTEN on a new connection of its own, not from the pool; the
  // channel is quoted as an identifier, so it is case-sensitive and may hold any characters).
  // Notify with `SELECT pg_notify(channel, payload)` through this Database: inside the ambient
  // transaction it is sent at commit. PostgreSQL only; SQLite answers kFailedPrecondition (one process,
  // nothing to listen to). Channels are per database, not per schema.
  virtual Result<std::unique_ptr<Listener>> Listen(std::string_view channel);

  // Cheap round trip for /readyz.
  virtual Status Ping() = 0;
  // A short human description without credentials, e.g. "sqlite:./data/x8.db" or
  // "postgres://127.0.0.1:5433/x8".
  virtual std::string Describe() const = 0;
};

struct DatabaseOptions {
  int pool_size = 8;           // PostgreSQL connections; SQLite readers (one writer always)
  int busy_timeout_ms = 5000;  // SQLite busy timeout and writer wait / PostgreSQL connect and pool wait
};

// True for errors worth retrying the whole transaction for (PostgreSQL 40001/40P01).
bool IsSerializationFailure(const Error& error);

// "sqlite:./data/x8.db", "sqlite::memory:", "postgres://user:pw@host:port/db" (also "postgresql://").
Result<std::unique_ptr<Database>> Open(std::string_view url, const DatabaseOptions& options = {});

}  // namespace x8::storage
