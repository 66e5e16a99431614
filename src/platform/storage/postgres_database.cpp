// PostgreSQL through libpq: a pool of blocking connections, text parameters (bytea binary),
// `?` placeholders rewritten to `$n`.
#include "platform/storage/postgres_database.h"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "platform/storage/ambient_transaction.h"

namespace x8::storage {
namespace {

// Type OIDs from pg_type.h (stable across versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

struct PgConnDeleter {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using PgConn = std::unique_ptr<PGconn, PgConnDeleter>;

struct PgResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

std::string Trimmed(const char* text) {
  std::string out = text != nullptr ? text : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

bool IsConnectionLost(PGconn* conn, std::string_view sqlstate) {
  return PQstatus(conn) != CONNECTION_OK || sqlstate.starts_with("08") || sqlstate == "57P01" ||
         sqlstate == "57P02" || sqlstate == "57P03";
}

Error ResultError(PGconn* conn, const PGresult* result, std::string_view sql) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state != nullptr ? state : "";
  std::string primary = result != nullptr ? Trimmed(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)) : "";
  if (primary.empty()) primary = Trimmed(PQerrorMessage(conn));
  Error error;
  if (sqlstate == "23505" || sqlstate == "23503") {
    error = Conflict(primary);
    if (const char* constraint = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME)) {
      error.With("constraint", constraint);
    }
  } else if (IsConnectionLost(conn, sqlstate)) {
    error = Unavailable("postgres connection lost: " + primary);
  } else if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03" || sqlstate == "57014") {
    error = Unavailable("postgres: " + primary);
  } else {
    spdlog::warn("postgres: {} (sqlstate {}) in: {}", primary, sqlstate, sql);
    error = Internal("postgres: " + primary);
  }
  if (!sqlstate.empty()) error.With("sqlstate", sqlstate);
  return error;
}

Value ColumnValue(const PGresult* result, int row, int column) {
  if (PQgetisnull(result, row, column)) return nullptr;
  const char* text = PQgetvalue(result, row, column);
  int length = PQgetlength(result, row, column);
  switch (PQftype(result, column)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid:
      return static_cast<int64_t>(std::strtoll(text, nullptr, 10));
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid:
      return std::strtod(text, nullptr);
    case kBoolOid:
      return static_cast<int64_t>(text[0] == 't' ? 1 : 0);
    case kByteaOid: {
      size_t size = 0;
      unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &size);
      Bytes bytes(raw, raw + size);
      PQfreemem(raw);
      return bytes;
    }
    default:
      return std::string(text, length);
  }
}

class Pool;

// A connection checked out of the pool; returns it (or drops it when broken) on destruction.
class Lease {
 public:
  Lease(Pool* pool, PgConn conn) : pool_(pool), conn_(std::move(conn)) {}
  Lease(Lease&&) = default;
  Lease& operator=(Lease&&) = default;
  ~Lease();
  PGconn* get() const { return conn_.get(); }

 private:
  Pool* pool_;
  PgConn conn_;
};

class Pool {
 public:
  Pool(std::string conninfo, std::string description, const DatabaseOptions& options)
      : conninfo_(std::move(conninfo)), description_(std::move(description)), options_(options) {}

  Result<Lease> Acquire() {
    std::unique_lock lock(mutex_);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.busy_timeout_ms);
    for (;;) {
      if (!idle_.empty()) {
        PgConn conn = std::move(idle_.back());
        idle_.pop_back();
        return Lease(this, std::move(conn));
      }
      if (open_ < std::max(1, options_.pool_size)) {
        ++open_;
        lock.unlock();
        auto conn = Connect();
        if (!conn) {
          lock.lock();
          --open_;
          cv_.notify_one();
          return std::move(conn).error();
        }
        return Lease(this, std::move(*conn));
      }
      if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty()) {
        return Unavailable("postgres: no pooled connection available");
      }
    }
  }

  void Release(PgConn conn) {
    {
      std::lock_guard lock(mutex_);
      if (conn && PQstatus(conn.get()) == CONNECTION_OK && PQtransactionStatus(conn.get()) == PQTRANS_IDLE) {
        idle_.push_back(std::move(conn));
      } else {
        --open_;  // broken or mid-transaction: drop it, the next Acquire reconnects
      }
    }
    cv_.notify_one();
  }

 private:
  Result<PgConn> Connect() {
    PgConn conn(PQconnectdb(conninfo_.c_str()));
    if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
      std::string message = conn ? Trimmed(PQerrorMessage(conn.get())) : "out of memory";
      spdlog::warn("postgres: cannot connect to {}: {}", description_, message);
      return Unavailable("cannot connect to " + description_ + ": " + message);
    }
    // Notices (e.g. "relation already exists, skipping") are noise in server logs.
    PQsetNoticeProcessor(
        conn.get(), [](void*, const char*) {}, nullptr);
    return conn;
  }

  std::string conninfo_;
  std::string description_;
  DatabaseOptions options_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<PgConn> idle_;
  int open_ = 0;
};

Lease::~Lease() {
  if (pool_ != nullptr && conn_) pool_->Release(std::move(conn_));
}

Result<Rows> Run(PGconn* conn, std::string_view sql, std::span<const Value> params) {
  std::string statement = RewritePlaceholders(sql);
  std::vector<std::string> texts(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  std::vector<int> lengths(params.size(), 0);
  std::vector<int> formats(params.size(), 0);
  std::vector<Oid> types(params.size(), 0);
  for (size_t i = 0; i < params.size(); ++i) {
    const Value& param = params[i];
    if (const auto* v = std::get_if<int64_t>(&param)) {
      texts[i] = std::to_string(*v);
      types[i] = kInt8Oid;
    } else if (const auto* d = std::get_if<double>(&param)) {
      char buf[32];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
      texts[i].assign(buf, end);
      types[i] = kFloat8Oid;
    } else if (const auto* s = std::get_if<std::string>(&param)) {
      values[i] = s->c_str();  // untyped: PostgreSQL infers text, jsonb, … from the context
      continue;
    } else if (const auto* b = std::get_if<Bytes>(&param)) {
      static const char kEmpty = 0;
      values[i] = b->empty() ? &kEmpty : reinterpret_cast<const char*>(b->data());
      lengths[i] = static_cast<int>(b->size());
      formats[i] = 1;
      types[i] = kByteaOid;
      continue;
    } else {
      continue;  // NULL
    }
    values[i] = texts[i].c_str();
  }
  PgResult result(PQexecParams(conn, statement.c_str(), static_cast<int>(params.size()), types.data(),
                               values.data(), lengths.data(), formats.data(), /*resultFormat=*/0));
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return ResultError(conn, result.get(), sql);

  Rows rows;
  int column_count = PQnfields(result.get());
  auto columns = std::make_shared<std::vector<std::string>>();
  for (int c = 0; c < column_count; ++c) columns->emplace_back(PQfname(result.get(), c));
  rows.columns = columns;
  int row_count = PQntuples(result.get());
  rows.rows.reserve(row_count);
  for (int r = 0; r < row_count; ++r) {
    std::vector<Value> values_out;
    values_out.reserve(column_count);
    for (int c = 0; c < column_count; ++c) values_out.push_back(ColumnValue(result.get(), r, c));
    rows.rows.emplace_back(rows.columns, std::move(values_out));
  }
  const char* affected = PQcmdTuples(result.get());
  rows.affected = (affected != nullptr && *affected != '\0') ? std::strtoll(affected, nullptr, 10) : 0;
  if (status == PGRES_TUPLES_OK && std::string_view(PQcmdStatus(result.get())).starts_with("SELECT")) {
    rows.affected = 0;
  }
  return rows;
}

Status RunScript(PGconn* conn, std::string_view sql) {
  PgResult result(PQexec(conn, std::string(sql).c_str()));
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && status != PGRES_EMPTY_QUERY) {
    return ResultError(conn, result.get(), sql);
  }
  return Ok();
}

class PostgresTransaction final : public Transaction {
 public:
  PostgresTransaction(const Database& db, Lease lease) : lease_(std::move(lease)), ambient_(db, *this) {}
  ~PostgresTransaction() override { (void)Rollback(); }

  Dialect dialect() const override { return Dialect::kPostgres; }
  using Executor::Query;
  Result<Rows> Query(std::string_view sql, std::span<const Value> params) override {
    if (!active_) return FailedPrecondition("transaction already ended");
    return Run(lease_.get(), sql, params);
  }
  Status ExecScript(std::string_view sql) override {
    if (!active_) return FailedPrecondition("transaction already ended");
    return RunScript(lease_.get(), sql);
  }
  Status Commit() override {
    if (!active_) return FailedPrecondition("transaction already ended");
    // COMMIT of a transaction that already failed reports ROLLBACK; treat that as an error.
    PgResult result(PQexec(lease_.get(), "COMMIT"));
    if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      return ResultError(lease_.get(), result.get(), "COMMIT");
    }
    End();
    if (std::string_view(PQcmdStatus(result.get())) == "ROLLBACK") {
      return Internal("postgres: transaction was aborted by an earlier error");
    }
    return Ok();
  }
  Status Rollback() override {
    if (!active_) return Ok();
    Status status = RunScript(lease_.get(), "ROLLBACK");
    End();
    return status;
  }

 private:
  // No longer ambient, and the connection goes back to the pool now, not when this object dies
  // (Release drops it if it is not idle, e.g. after a failed ROLLBACK).
  void End() {
    active_ = false;
    ambient_.Release();
    Lease released = std::move(lease_);
  }

  Lease lease_;
  bool active_ = true;
  internal::AmbientRegistration ambient_;
};

// LISTEN on a connection of its own. Wait drains what libpq already read, then polls the socket so a
// caller's short timeout keeps its thread responsive to a stop request.
class PostgresListener final : public Listener {
 public:
  PostgresListener(PgConn conn, std::string description)
      : conn_(std::move(conn)), description_(std::move(description)), pid_(PQbackendPID(conn_.get())) {}

  Result<std::vector<Notification>> Wait(std::chrono::milliseconds timeout) override {
    if (!conn_) return Unavailable("postgres listener on " + description_ + " is closed");
    std::vector<Notification> out;
    X8_TRY_STATUS(Consume(out));
    if (!out.empty()) return out;
    pollfd fd{.fd = PQsocket(conn_.get()), .events = POLLIN, .revents = 0};
    if (fd.fd < 0) return Lost();
    int ready = poll(&fd, 1, static_cast<int>(std::max<int64_t>(0, timeout.count())));
    if (ready < 0 && errno != EINTR) return Lost();
    if (ready > 0) X8_TRY_STATUS(Consume(out));
    return out;
  }
  int backend_pid() const override { return pid_; }

 private:
  Status Consume(std::vector<Notification>& out) {
    if (PQconsumeInput(conn_.get()) == 0 || PQstatus(conn_.get()) != CONNECTION_OK) return Lost();
    while (PGnotify* notify = PQnotifies(conn_.get())) {
      out.push_back(Notification{.channel = notify->relname, .payload = notify->extra});
      PQfreemem(notify);
    }
    return Ok();
  }
  Error Lost() {
    std::string message = Trimmed(PQerrorMessage(conn_.get()));
    conn_.reset();
    return Unavailable("postgres listener connection to " + description_ + " lost: " + message);
  }

  PgConn conn_;
  std::string description_;
  int pid_;
};

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string conninfo, std::string description, const DatabaseOptions& options)
      : conninfo_(conninfo),
        description_(description),
        pool_(std::move(conninfo), std::move(description), options) {}

  Result<std::unique_ptr<Listener>> Listen(std::string_view channel) override {
    PgConn conn(PQconnectdb(conninfo_.c_str()));
    if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
      std::string message = conn ? Trimmed(PQerrorMessage(conn.get())) : "out of memory";
      return Unavailable("cannot connect to " + description_ + ": " + message);
    }
    PQsetNoticeProcessor(
        conn.get(), [](void*, const char*) {}, nullptr);
    char* quoted = PQescapeIdentifier(conn.get(), channel.data(), channel.size());
    if (quoted == nullptr) return InvalidArgument("bad LISTEN channel name");
    std::string sql = std::string("LISTEN ") + quoted;
    PQfreemem(quoted);
    X8_TRY_STATUS(RunScript(conn.get(), sql));
    return std::unique_ptr<Listener>(std::make_unique<PostgresListener>(std::move(conn), description_));
  }

  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string Describe() const override { return description_; }

  using Executor::Query;
  Result<Rows> Query(std::string_view sql, std::span<const Value> params) override {
    if (auto* tx = internal::AmbientTransaction(*this)) return tx->Query(sql, params);
    X8_TRY(auto lease, pool_.Acquire());
    return Run(lease.get(), sql, params);
  }

  Status ExecScript(std::string_view sql) override {
    if (auto* tx = internal::AmbientTransaction(*this)) return tx->ExecScript(sql);
    X8_TRY(auto lease, pool_.Acquire());
    return RunScript(lease.get(), sql);
  }

  Result<std::unique_ptr<Transaction>> Begin() override {
    // A second connection per nesting level is the pool exhaustion the ambient transaction avoids.
    if (internal::AmbientTransaction(*this) != nullptr) return internal::NestedTransactionError();
    X8_TRY(auto lease, pool_.Acquire());
    X8_TRY_STATUS(RunScript(lease.get(), "BEGIN"));
    return std::unique_ptr<Transaction>(std::make_unique<PostgresTransaction>(*this, std::move(lease)));
  }

  Status Ping() override {
    X8_TRY(auto rows, Query("SELECT 1", {}));
    return Ok();
  }

 private:
  std::string conninfo_;
  std::string description_;
  Pool pool_;
};

}  // namespace

std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  size_t i = 0;
  auto copy_until = [&](std::string_view terminator, bool backslash_escapes) {
    // Copies from i through the terminator (or the end), honouring doubled quotes.
    while (i < sql.size()) {
      if (backslash_escapes && sql[i] == '\\' && i + 1 < sql.size()) {
        out.append(sql.substr(i, 2));
        i += 2;
        continue;
      }
      if (sql.substr(i, terminator.size()) == terminator) {
        out.append(terminator);
        i += terminator.size();
        // A doubled quote ('' or "") is an escaped quote, not the end.
        if (terminator.size() == 1 && i < sql.size() && sql[i] == terminator[0] &&
            (terminator == "'" || terminator == "\"")) {
          out.push_back(sql[i++]);
          continue;
        }
        return;
      }
      out.push_back(sql[i++]);
    }
  };
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'') {
      bool escape_string = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e');
      out.push_back(sql[i++]);
      copy_until("'", escape_string);
    } else if (c == '"') {
      out.push_back(sql[i++]);
      copy_until("\"", false);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      copy_until("\n", false);
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      out.append("/*");
      i += 2;
      copy_until("*/", false);
    } else if (c == '$' &&
               (i == 0 || !(std::isalnum(static_cast<unsigned char>(sql[i - 1])) || sql[i - 1] == '_'))) {
      // Dollar quoting: $$…$$ or $tag$…$tag$. `$1` is a positional parameter, left alone.
      size_t end = i + 1;
      while (end < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[end])) || sql[end] == '_'))
        ++end;
      bool is_tag = end < sql.size() && sql[end] == '$' &&
                    (end == i + 1 || !std::isdigit(static_cast<unsigned char>(sql[i + 1])));
      if (is_tag) {
        std::string tag(sql.substr(i, end - i + 1));
        out.append(tag);
        i = end + 1;
        copy_until(tag, false);
      } else {
        out.push_back(sql[i++]);
      }
    } else if (c == '?') {
      out.push_back('$');
      out.append(std::to_string(next++));
      ++i;
    } else {
      out.push_back(sql[i++]);
    }
  }
  return out;
}

std::string RedactPostgresUrl(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "postgres://(invalid url)";
  std::string_view rest = url.substr(scheme_end + 3);
  auto query = rest.find('?');
  if (query != std::string_view::npos) rest = rest.substr(0, query);
  auto path = rest.find('/');
  auto at = rest.rfind('@', path);
  if (at != std::string_view::npos) rest = rest.substr(at + 1);
  return std::string(url.substr(0, scheme_end + 3)) + std::string(rest);
}

Result<std::unique_ptr<Database>> OpenPostgres(std::string_view url, const DatabaseOptions& options) {
  std::string conninfo(url);
  int connect_timeout_s = std::max(1, (options.busy_timeout_ms + 999) / 1000);
  conninfo += (conninfo.find('?') == std::string::npos ? "?" : "&");
  conninfo += "connect_timeout=" + std::to_string(connect_timeout_s) + "&application_name=x8";
  auto db = std::make_unique<PostgresDatabase>(conninfo, RedactPostgresUrl(url), options);
  // Fail fast on a wrong URL, but keep the database usable if the server comes up later.
  if (auto status = db->Ping(); !status && status.error().code != ErrorCode::kUnavailable) {
    return std::move(status).error();
  }
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace x8::storage
