#include "platform/storage/database.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <vector>

#include "platform/storage/ambient_transaction.h"
#include "platform/storage/postgres_database.h"
#include "platform/storage/sqlite_database.h"

namespace x8::storage {

namespace internal {
namespace {

struct AmbientEntry {
  const Database* db;
  Transaction* tx;
  std::weak_ptr<char> alive;
};

// This thread's open transactions, innermost last. Usually empty or one entry.
thread_local std::vector<AmbientEntry> ambient_transactions;

}  // namespace

Transaction* AmbientTransaction(const Database& db) {
  const auto& stack = ambient_transactions;
  for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
    if (it->db == &db && !it->alive.expired()) return it->tx;
  }
  return nullptr;
}

Error NestedTransactionError() {
  return Internal("nested transaction: this thread already holds an open transaction on this database");
}

AmbientRegistration::AmbientRegistration(const Database& db, Transaction& tx)
    : thread_(std::this_thread::get_id()), alive_(std::make_shared<char>()) {
  auto& stack = ambient_transactions;
  std::erase_if(stack, [](const AmbientEntry& entry) { return entry.alive.expired(); });
  stack.push_back({&db, &tx, alive_});
}

void AmbientRegistration::Release() {
  if (!alive_) return;
  alive_.reset();  // from here on no lookup returns this transaction, on any thread
  if (std::this_thread::get_id() != thread_) {
    // The owning thread drops the dead entry the next time it registers a transaction.
    spdlog::error("storage: a transaction ended on another thread than the one that began it");
    return;
  }
  std::erase_if(ambient_transactions, [](const AmbientEntry& entry) { return entry.alive.expired(); });
}

}  // namespace internal

bool IsSerializationFailure(const Error& error) {
  const auto* sqlstate = error.details.if_contains("sqlstate");
  return sqlstate != nullptr && sqlstate->is_string() &&
         (sqlstate->get_string() == "40001" || sqlstate->get_string() == "40P01");
}

Result<std::unique_ptr<Listener>> Database::Listen(std::string_view /*channel*/) {
  return FailedPrecondition("LISTEN/NOTIFY needs PostgreSQL; " + Describe() + " has no notifications");
}

Status Database::Transact(const std::function<Status(Tx&)>& body) {
  constexpr int kMaxAttempts = 5;
  for (int attempt = 1;; ++attempt) {
    X8_TRY(auto tx, Begin());
    Status result = [&]() -> Status {
      try {
        return body(*tx);
      } catch (...) {
        (void)tx->Rollback();
        throw;
      }
    }();
    if (result) result = tx->Commit();
    if (result) return result;
    (void)tx->Rollback();
    if (!IsSerializationFailure(result.error()) || attempt == kMaxAttempts) return result;
    spdlog::debug("storage: retrying transaction after serialization failure (attempt {})", attempt);
  }
}

Result<std::unique_ptr<Database>> Open(std::string_view url, const DatabaseOptions& options) {
  if (url.starts_with("sqlite:")) return OpenSqlite(url.substr(7), options);
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) return OpenPostgres(url, options);
  return InvalidArgument("unsupported database url; expected sqlite:PATH or postgres://...");
}

}  // namespace x8::storage
