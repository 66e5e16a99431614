#include "modules/calendar/google/store/sql_connection_repository.h"

namespace x8::calendar::google {
namespace {

constexpr std::string_view kConnectionColumns =
    "account_id, company_id, status, google_email, refresh_token_sealed, access_token_sealed, "
    "access_expires_at, scope, calendar_id, calendar_name, last_error, connected_by, created_at, updated_at";

constexpr std::string_view kUpsertConnection =
    "INSERT INTO google_calendar_connections (account_id, company_id, status, google_email, "
    "refresh_token_sealed, access_token_sealed, access_expires_at, scope, calendar_id, calendar_name, "
    "last_error, connected_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (company_id) DO UPDATE SET status = excluded.status, google_email = excluded.google_email, "
    "refresh_token_sealed = excluded.refresh_token_sealed, access_token_sealed = "
    "excluded.access_token_sealed, "
    "access_expires_at = excluded.access_expires_at, scope = excluded.scope, calendar_id = "
    "excluded.calendar_id, calendar_name = excluded.calendar_name, last_error = excluded.last_error, "
    "connected_by = excluded.connected_by, updated_at = excluded.updated_at "
    "WHERE google_calendar_connections.account_id = excluded.account_id";

constexpr std::string_view kDeleteConnection =
    "DELETE FROM google_calendar_connections WHERE account_id = ? AND company_id = ?";

constexpr std::string_view kInsertState =
    "INSERT INTO google_calendar_oauth_states (state_hash, account_id, company_id, user_id, verifier_sealed, "
    "expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSelectState =
    "SELECT state_hash, account_id, company_id, user_id, verifier_sealed, expires_at, created_at "
    "FROM google_calendar_oauth_states WHERE state_hash = ?";
constexpr std::string_view kDeleteState = "DELETE FROM google_calendar_oauth_states WHERE state_hash = ?";
constexpr std::string_view kPruneStates = "DELETE FROM google_calendar_oauth_states WHERE expires_at < ?";

constexpr std::string_view kSelectEvent =
    "SELECT account_id, booking_id, company_id, calendar_id, event_id, status, updated_at "
    "FROM google_calendar_events WHERE account_id = ? AND booking_id = ?";
constexpr std::string_view kUpsertEvent =
    "INSERT INTO google_calendar_events (account_id, booking_id, company_id, calendar_id, event_id, status, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, booking_id) DO UPDATE SET "
    "calendar_id = excluded.calendar_id, event_id = excluded.event_id, status = excluded.status, "
    "updated_at = excluded.updated_at";

Connection ConnectionFromRow(const storage::Row& row) {
  return Connection{.account_id = row.Text("account_id"),
                    .company_id = row.Text("company_id"),
                    .status = ParseConnectionStatus(row.Text("status")),
                    .google_email = row.Text("google_email"),
                    .refresh_token_sealed = row.Text("refresh_token_sealed"),
                    .access_token_sealed = row.Text("access_token_sealed"),
                    .access_expires_at = row.Int("access_expires_at"),
                    .scope = row.Text("scope"),
                    .calendar_id = row.Text("calendar_id"),
                    .calendar_name = row.Text("calendar_name"),
                    .last_error = row.Text("last_error"),
                    .connected_by = row.Text("connected_by"),
                    .created_at = row.Int("created_at"),
                    .updated_at = row.Int("updated_at")};
}

}  // namespace

std::string_view ToString(ConnectionStatus status) {
  switch (status) {
    case ConnectionStatus::kConnected:
      return "connected";
    case ConnectionStatus::kError:
      return "error";
    case ConnectionStatus::kDisconnected:
      break;
  }
  return "disconnected";
}

ConnectionStatus ParseConnectionStatus(std::string_view text) {
  if (text == "connected") return ConnectionStatus::kConnected;
  if (text == "error") return ConnectionStatus::kError;
  return ConnectionStatus::kDisconnected;
}

Result<std::optional<Connection>> SqlConnectionRepository::Find(storage::Executor& db,
                                                                std::string_view account_id,
                                                                std::string_view company_id) {
  X8_TRY(auto rows, db.Query("SELECT " + std::string(kConnectionColumns) +
                                 " FROM google_calendar_connections WHERE account_id = ? AND company_id = ?",
                             {std::string(account_id), std::string(company_id)}));
  if (rows.empty()) return std::optional<Connection>();
  return std::optional<Connection>(ConnectionFromRow(rows[0]));
}

Result<std::optional<Connection>> SqlConnectionRepository::FindByCompany(storage::Executor& db,
                                                                         std::string_view company_id) {
  X8_TRY(auto rows, db.Query("SELECT " + std::string(kConnectionColumns) +
                                 " FROM google_calendar_connections WHERE company_id = ?",
                             {std::string(company_id)}));
  if (rows.empty()) return std::optional<Connection>();
  return std::optional<Connection>(ConnectionFromRow(rows[0]));
}

Status SqlConnectionRepository::Upsert(storage::Executor& db, const Connection& c) {
  X8_TRY(auto affected,
         db.Exec(kUpsertConnection,
                 {c.account_id, c.company_id, std::string(ToString(c.status)), c.google_email,
                  c.refresh_token_sealed, c.access_token_sealed, c.access_expires_at, c.scope, c.calendar_id,
                  c.calendar_name, c.last_error, c.connected_by, c.created_at, c.updated_at}));
  if (affected == 0) return NotFound("no such company");  // the company belongs to another account
  return Ok();
}

Status SqlConnectionRepository::Delete(storage::Executor& db, std::string_view account_id,
                                       std::string_view company_id) {
  X8_TRY_STATUS(db.Exec(kDeleteConnection, {std::string(account_id), std::string(company_id)}));
  return Ok();
}

Status SqlConnectionRepository::SaveState(storage::Executor& db, const PendingState& s) {
  X8_TRY_STATUS(db.Exec(kInsertState, {s.state_hash, s.account_id, s.company_id, s.user_id, s.verifier_sealed,
                                       s.expires_at, s.created_at}));
  return Ok();
}

Result<std::optional<PendingState>> SqlConnectionRepository::TakeState(storage::Executor& db,
                                                                       std::string_view state_hash) {
  X8_TRY(auto rows, db.Query(kSelectState, {std::string(state_hash)}));
  if (rows.empty()) return std::optional<PendingState>();
  // Whoever deletes the row owns the state: a replayed callback racing this one finds nothing.
  X8_TRY(auto deleted, db.Exec(kDeleteState, {std::string(state_hash)}));
  if (deleted == 0) return std::optional<PendingState>();
  const auto& row = rows[0];
  return std::optional<PendingState>(PendingState{.state_hash = row.Text("state_hash"),
                                                  .account_id = row.Text("account_id"),
                                                  .company_id = row.Text("company_id"),
                                                  .user_id = row.Text("user_id"),
                                                  .verifier_sealed = row.Text("verifier_sealed"),
                                                  .expires_at = row.Int("expires_at"),
                                                  .created_at = row.Int("created_at")});
}

Result<int64_t> SqlConnectionRepository::PruneStates(storage::Executor& db, int64_t now_ms) {
  return db.Exec(kPruneStates, {now_ms});
}

Result<std::optional<SyncedEvent>> SqlConnectionRepository::FindEvent(storage::Executor& db,
                                                                      std::string_view account_id,
                                                                      std::string_view booking_id) {
  X8_TRY(auto rows, db.Query(kSelectEvent, {std::string(account_id), std::string(booking_id)}));
  if (rows.empty()) return std::optional<SyncedEvent>();
  const auto& row = rows[0];
  return std::optional<SyncedEvent>(SyncedEvent{.booking_id = row.Text("booking_id"),
                                                .account_id = row.Text("account_id"),
                                                .company_id = row.Text("company_id"),
                                                .calendar_id = row.Text("calendar_id"),
                                                .event_id = row.Text("event_id"),
                                                .status = row.Text("status"),
                                                .updated_at = row.Int("updated_at")});
}

Status SqlConnectionRepository::UpsertEvent(storage::Executor& db, const SyncedEvent& e) {
  X8_TRY_STATUS(db.Exec(kUpsertEvent, {e.account_id, e.booking_id, e.company_id, e.calendar_id, e.event_id,
                                       e.status, e.updated_at}));
  return Ok();
}

}  // namespace x8::calendar::google
