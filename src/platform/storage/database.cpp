#include "platform/storage/database.h"

#include <spdlog/spdlog.h>

#include <exception>

#include "platform/storage/postgres_database.h"
#include "platform/storage/sqlite_database.h"

namespace x8::storage {

bool IsSerializationFailure(const Error& error) {
  const auto* sqlstate = error.details.if_contains("sqlstate");
  return sqlstate != nullptr && sqlstate->is_string() &&
         (sqlstate->get_string() == "40001" || sqlstate->get_string() == "40P01");
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
