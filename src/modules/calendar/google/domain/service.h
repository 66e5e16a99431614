// The Google Calendar use cases: connect (OAuth with PKCE and a single-use state), the callback, the
// calendar choice, disconnect (revoke), the sync job of one booking, and busy times with a short cache.
// Tokens are sealed with a subkey of the master key; they are never logged nor returned.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "modules/calendar/google/domain/ports.h"
#include "modules/scheduling/domain/ports.h"
#include "platform/crypto/crypto.h"

namespace x8::jobs {
class Queue;
}
namespace x8::accounts {
class AccessPolicy;
}

namespace x8::calendar::google {

inline constexpr std::string_view kScopeEvents = "https://www.googleapis.com/auth/calendar.events";
inline constexpr std::string_view kScopeReadonly = "https://www.googleapis.com/auth/calendar.readonly";
inline constexpr int64_t kBusyErrorCacheMs = 15'000;
inline constexpr std::string_view kCallbackPath = "/oauth/google-calendar/callback";
inline constexpr std::string_view kBackfillConfirmed = "confirmed";
inline constexpr std::string_view kBackfillCancelled = "cancelled";

struct Settings {
  std::string client_id;  // empty: Google Calendar is not configured (connect answers 412)
  std::string auth_url = "https://accounts.google.com/o/oauth2/v2/auth";
  std::string public_url = "http://localhost:8080";  // without a trailing slash
  int64_t state_ttl_ms = 600'000;
  int64_t busy_cache_ms = 60'000;
  int64_t backfill_page = 100;  // bookings one calendar.google.backfill job looks at
};

// Where a back-fill is: the payload of calendar.google.backfill.
struct BackfillPage {
  std::string account_id;
  std::string company_id;
  std::string calendar_id;  // the calendar it fills; a page for another calendar than the chosen one stops
  int64_t from_ms = 0;      // bookings ending after this (the time the back-fill started)
  int64_t after_starts_at = 0;
  std::string after_id;  // the last booking of the previous page; "" on the first page of a phase
  // kBackfillConfirmed: confirmed bookings without an event in the calendar get one; then
  // kBackfillCancelled: cancelled bookings whose event X8 created there (and never deleted) lose it.
  std::string phase = std::string(kBackfillConfirmed);
};
boost::json::object ToJson(const BackfillPage& page);
Result<BackfillPage> BackfillPageFrom(std::string_view payload);

// What GET …/google-calendar answers (never a token).
struct StatusView {
  std::string company_id;
  bool configured = false;  // the server has a Google OAuth client
  std::string status = "disconnected";
  std::string google_email;
  std::string calendar_id;
  std::string calendar_name;
  std::string last_error;
  int64_t connected_at = 0;
  int64_t updated_at = 0;
};

class GoogleCalendarService final : public scheduling::BookingObserver, public scheduling::BusyTimes {
 public:
  GoogleCalendarService(storage::Database& db, ConnectionRepository& repository, GoogleApi& api,
                        jobs::Queue& queue, const Clock& clock, const accounts::AccessPolicy& access,
                        CompanyAccess& companies, BookingReader& bookings, crypto::SecretBox box,
                        Settings settings);

  std::string RedirectUri() const;

  // ---- the routes (principal checked: other tenants' companies are kNotFound) ----
  Result<StatusView> GetStatus(const http::Principal& principal, std::string_view company_id);
  // The Google authorization URL to send the browser to.
  Result<std::string> Connect(const http::Principal& principal, std::string_view company_id);
  // The public callback: where to redirect the browser,
  // <public_url>/app/calendar?company=<id>&google=connected or …&google=error&reason=<code> (without company=
  // when the state named none). A connection (also a reconnect after `error`) starts a back-fill of the
  // chosen calendar.
  std::string Callback(std::string_view code, std::string_view state, std::string_view error);
  Result<std::vector<CalendarEntry>> Calendars(const http::Principal& principal, std::string_view company_id);
  // Saves the choice (clearing an `error`: the token just worked) and starts a back-fill of that calendar
  // (events in the old one move with their sync jobs).
  Result<StatusView> ChooseCalendar(const http::Principal& principal, std::string_view company_id,
                                    std::string_view calendar_id);
  // Revokes the refresh token at Google (best effort) and forgets the connection. The events X8 created
  // stay in Google, and so do its records of them: a later reconnect back-fills without duplicates.
  Status Disconnect(const http::Principal& principal, std::string_view company_id);

  // ---- scheduling::BookingObserver: enqueues calendar.google.sync when the company is connected ----
  Status BookingChanged(storage::Tx& tx, const scheduling::Booking& booking) override;

  // ---- the calendar.google.sync job: Google calls first, then writes through `tx` ----
  // Confirmed/completed/no_show → the event exists in the chosen calendar (an event X8 created in
  // another calendar before is deleted there once it exists in this one); cancelled → it is gone.
  // kUnavailable/kRateLimited are retried by the worker; not connected is a no-op.
  Status Sync(storage::Tx& tx, std::string_view booking_id);

  // ---- the calendar.google.backfill job: one page of confirmed future bookings without an event in the
  // chosen calendar get their sync job (or, in the cancelled phase, of cancelled ones whose event is still
  // there); a full page enqueues the next one, the last confirmed page the first cancelled one. Reads
  // before writing `tx`.
  Status Backfill(storage::Tx& tx, const BackfillPage& page);

  // ---- scheduling::BusyTimes ----
  Result<std::vector<scheduling::BusyRange>> Busy(std::string_view company_id, int64_t from,
                                                  int64_t to) override;

  const Clock& clock() const { return clock_; }

 private:
  Result<std::string> AccountFor(const http::Principal& principal, std::string_view company_id);
  StatusView View(std::string_view company_id, const std::optional<Connection>& connection) const;
  // A usable access token for the connection: refreshed when it expires within a minute or `force`.
  // invalid_grant marks the connection `error` and answers kFailedPrecondition. `persist` false (busy
  // times, which scheduling may ask for inside its own transaction) keeps refreshed tokens in memory
  // only and writes nothing.
  Result<std::string> AccessToken(Connection& connection, bool force, bool persist);
  // Runs `call` with a fresh token; a 401 refreshes once and retries.
  template <class T, class F>
  Result<T> WithToken(Connection& connection, F&& call, bool persist = true);
  Status MarkError(const Connection& connection, std::string message);
  // Enqueues the first back-fill page of the connection's chosen calendar (nothing without one).
  Status StartBackfill(storage::Tx& tx, const Connection& connection);
  Status EnqueueSync(storage::Tx& tx, const scheduling::Booking& booking, std::string_view status);
  std::string Seal(const Connection& connection, std::string_view what, std::string_view plaintext) const;
  Result<std::string> Open(const Connection& connection, std::string_view what,
                           std::string_view sealed) const;

  storage::Database& db_;
  ConnectionRepository& repository_;
  GoogleApi& api_;
  jobs::Queue& queue_;
  const Clock& clock_;
  const accounts::AccessPolicy& access_;
  CompanyAccess& companies_;
  BookingReader& bookings_;
  crypto::SecretBox box_;
  Settings settings_;

  struct CachedBusy {
    int64_t fetched_at = 0;
    int64_t from = 0;
    int64_t to = 0;
    std::vector<scheduling::BusyRange> ranges;
    std::optional<Error> error;  // a failed fetch, answered again for kBusyErrorCacheMs
  };
  std::mutex cache_mu_;
  std::map<std::string, CachedBusy, std::less<>> busy_cache_;
  // Access tokens refreshed without persisting (busy times): company → (sealed token, expiry).
  std::map<std::string, std::pair<std::string, int64_t>, std::less<>> memory_tokens_;
};

}  // namespace x8::calendar::google
