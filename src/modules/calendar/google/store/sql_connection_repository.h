// ConnectionRepository in portable SQL (SQLite and PostgreSQL), tables of migration 0010.
#pragma once

#include "modules/calendar/google/domain/ports.h"

namespace x8::calendar::google {

class SqlConnectionRepository final : public ConnectionRepository {
 public:
  Result<std::optional<Connection>> Find(storage::Executor& db, std::string_view account_id,
                                         std::string_view company_id) override;
  Result<std::optional<Connection>> FindByCompany(storage::Executor& db,
                                                  std::string_view company_id) override;
  Status Upsert(storage::Executor& db, const Connection& connection) override;
  Status Delete(storage::Executor& db, std::string_view account_id, std::string_view company_id) override;
  Status SaveState(storage::Executor& db, const PendingState& state) override;
  Result<std::optional<PendingState>> TakeState(storage::Executor& db, std::string_view state_hash) override;
  Result<int64_t> PruneStates(storage::Executor& db, int64_t now_ms) override;
  Result<std::optional<SyncedEvent>> FindEvent(storage::Executor& db, std::string_view account_id,
                                               std::string_view booking_id) override;
  Status UpsertEvent(storage::Executor& db, const SyncedEvent& event) override;
};

}  // namespace x8::calendar::google
