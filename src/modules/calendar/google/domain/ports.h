// The Google Calendar module's ports: what it needs from the rest of X8 (company access, bookings),
// its storage, and the Google APIs it calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "modules/scheduling/domain/ports.h"
#include "platform/http/message.h"
#include "platform/storage/database.h"

namespace x8::calendar::google {

inline constexpr std::string_view kSyncJob = "calendar.google.sync";  // payload {booking_id, account_id}
// One page of a back-fill: enqueues kSyncJob for the company's confirmed bookings that end after from_ms
// and have no event in the chosen calendar (phase "confirmed"), or for its cancelled ones that still have
// an event there (phase "cancelled", after the confirmed pages), then the next page. Payload {account_id,
// company_id, calendar_id, from_ms, after_starts_at, after_id, phase} ("" after_id: from the first
// booking; no phase: "confirmed").
inline constexpr std::string_view kBackfillJob = "calendar.google.backfill";

// Implemented by the app over the companies module (same contract as commerce::CompanyAccess): the
// account that owns `company_id` when `principal` may act on it; kNotFound otherwise.
class CompanyAccess {
 public:
  virtual ~CompanyAccess() = default;
  virtual Result<std::string> AccountOf(const http::Principal& principal, std::string_view company_id) = 0;
};

// Implemented by the app over scheduling.
class BookingReader {
 public:
  virtual ~BookingReader() = default;
  // The booking as it stands now; kNotFound when there is none (the sync job then does nothing).
  virtual Result<scheduling::Booking> Get(std::string_view booking_id) = 0;
  // Records the Google event id on the booking ("" once the event was deleted), inside the sync job's
  // transaction. kNotFound when the booking is gone.
  virtual Status SetGoogleEventId(storage::Tx& tx, std::string_view booking_id,
                                  std::string_view event_id) = 0;
  // The company's bookings in `status` that end after `from_ms`, by start then id, at most `limit` (the
  // back-fill pages through the confirmed ones to create their events, then the cancelled ones to delete
  // the events they still have).
  virtual Result<std::vector<scheduling::Booking>> WithStatusFrom(std::string_view company_id,
                                                                  scheduling::BookingStatus status,
                                                                  int64_t from_ms, int64_t limit) = 0;
};

enum class ConnectionStatus { kConnected, kError, kDisconnected };
std::string_view ToString(ConnectionStatus status);  // connected | error | disconnected
ConnectionStatus ParseConnectionStatus(std::string_view text);

// One company's link to a Google account. Token fields hold sealed text (crypto::SecretBox), never
// plaintext, and never leave the module.
struct Connection {
  std::string account_id;
  std::string company_id;
  ConnectionStatus status = ConnectionStatus::kDisconnected;
  std::string google_email;
  std::string refresh_token_sealed;
  std::string access_token_sealed;
  int64_t access_expires_at = 0;  // unix ms
  std::string scope;
  std::string calendar_id;
  std::string calendar_name;
  std::string last_error;
  std::string connected_by;  // user id
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// A started connect: single use, keyed by the hash of the state sent to Google.
struct PendingState {
  std::string state_hash;  // sha256 hex of the state
  std::string account_id;
  std::string company_id;
  std::string user_id;
  std::string verifier_sealed;  // the PKCE verifier, sealed and bound to the state hash
  int64_t expires_at = 0;
  int64_t created_at = 0;
};

// X8's record of a booking's event (one per booking): where it is and under which id. The id carries the
// event's generation (EventIdFor): a booking whose event X8 deleted in a calendar (cancelled, or moved
// away) and that must be there again gets the next generation, since Google keeps deleted ids (409).
struct SyncedEvent {
  std::string booking_id;
  std::string account_id;
  std::string company_id;
  std::string calendar_id;
  std::string event_id;  // EventIdFor(booking_id, generation)
  std::string status;    // created | deleted
  int64_t updated_at = 0;
};

// Storage (store/sql_connection_repository.cpp, SQLite and PostgreSQL). Every call takes the tenant.
class ConnectionRepository {
 public:
  virtual ~ConnectionRepository() = default;
  virtual Result<std::optional<Connection>> Find(storage::Executor& db, std::string_view account_id,
                                                 std::string_view company_id) = 0;
  // Inserts or replaces the company's connection.
  virtual Status Upsert(storage::Executor& db, const Connection& connection) = 0;
  virtual Status Delete(storage::Executor& db, std::string_view account_id, std::string_view company_id) = 0;
  // For busy times, which only know the company (company ids are unique across tenants).
  virtual Result<std::optional<Connection>> FindByCompany(storage::Executor& db,
                                                          std::string_view company_id) = 0;

  virtual Status SaveState(storage::Executor& db, const PendingState& state) = 0;
  // Deletes and returns the state (single use); nullopt when unknown or already used.
  virtual Result<std::optional<PendingState>> TakeState(storage::Executor& db,
                                                        std::string_view state_hash) = 0;
  virtual Result<int64_t> PruneStates(storage::Executor& db, int64_t now_ms) = 0;

  virtual Result<std::optional<SyncedEvent>> FindEvent(storage::Executor& db, std::string_view account_id,
                                                       std::string_view booking_id) = 0;
  virtual Status UpsertEvent(storage::Executor& db, const SyncedEvent& event) = 0;
};

// ---- Google's APIs (clients/google_api.cpp over HttpClient) ----

struct TokenGrant {
  std::string access_token;
  std::string refresh_token;  // "" when Google sent none (refresh grants)
  int64_t expires_in_s = 0;
  std::string scope;
};

struct CalendarEntry {
  std::string id;
  std::string summary;
  std::string access_role;  // owner | writer | reader | freeBusyReader
  bool primary = false;
  std::string time_zone;
};

struct EventDateTime {
  int64_t at_ms = 0;
  std::string time_zone;  // IANA
};

struct EventInput {
  std::string id;  // base32hex
  std::string summary;
  std::string description;
  std::string location;
  EventDateTime start;
  EventDateTime end;
  std::string booking_id;  // extendedProperties.private.booking_id
};

struct EventInfo {
  std::string id;
  std::string status;  // confirmed | tentative | cancelled
  std::string html_link;
};

// Errors: kUnauthenticated for 401 (the access token is no longer good); kRateLimited for 429 and
// 403 usageLimits reasons; kUnavailable for 5xx and transport failures; kNotFound 404; kConflict 409;
// kFailedPrecondition 410 (details.reason "deleted"); kPermissionDenied other 403s. Token endpoint:
// kFailedPrecondition with details.reason "invalid_grant" when the refresh token is dead.
class GoogleApi {
 public:
  virtual ~GoogleApi() = default;
  virtual Result<TokenGrant> ExchangeCode(std::string_view code, std::string_view code_verifier,
                                          std::string_view redirect_uri) = 0;
  virtual Result<TokenGrant> Refresh(std::string_view refresh_token) = 0;
  virtual Status Revoke(std::string_view token) = 0;
  virtual Result<std::vector<CalendarEntry>> ListCalendars(std::string_view access_token) = 0;
  virtual Result<EventInfo> InsertEvent(std::string_view access_token, std::string_view calendar_id,
                                        const EventInput& event) = 0;
  virtual Result<EventInfo> GetEvent(std::string_view access_token, std::string_view calendar_id,
                                     std::string_view event_id) = 0;
  virtual Status DeleteEvent(std::string_view access_token, std::string_view calendar_id,
                             std::string_view event_id) = 0;
  virtual Result<std::vector<scheduling::BusyRange>> FreeBusy(std::string_view access_token,
                                                              std::string_view calendar_id, int64_t from_ms,
                                                              int64_t to_ms) = 0;
};

// Event id for a booking: base32hex (lowercase a–v, 0–9, no padding) of the booking id's bytes for
// generation 0; a later generation appends the marker "vv" and the generation in decimal digits (all
// base32hex characters: "…vv1", "…vv2"). Booking ids have one length, so no booking's id is another's
// with a marker.
std::string EventIdFor(std::string_view booking_id, int64_t generation = 0);
// The generation of one of the booking's event ids (0 for the plain id, "", or an id not the booking's).
int64_t GenerationOf(std::string_view booking_id, std::string_view event_id);

}  // namespace x8::calendar::google
