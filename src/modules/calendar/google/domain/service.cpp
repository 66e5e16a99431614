#include "modules/calendar/google/domain/service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <tuple>

#include "core/json.h"
#include "modules/accounts/domain/access.h"
#include "platform/jobs/queue.h"

namespace x8::calendar::google {
namespace {

constexpr int64_t kRefreshMarginMs = 60'000;
constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kBusyWindowMs = 14 * kDayMs;
// A full back-fill page of bookings seen already (many at one instant) asks for twice as many, up to this.
constexpr int64_t kBackfillMaxPage = 10'000;
// Between a booking's base32hex id and its event's generation (EventIdFor).
constexpr std::string_view kGenerationMarker = "vv";
// Generations one sync job steps through in a calendar (each found deleted there) before giving up.
constexpr int64_t kMaxGenerationSteps = 64;

std::string Encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

bool HasScope(std::string_view granted, std::string_view scope) {
  size_t pos = 0;
  while (pos <= granted.size()) {
    size_t end = granted.find(' ', pos);
    if (end == std::string_view::npos) end = granted.size();
    if (granted.substr(pos, end - pos) == scope) return true;
    pos = end + 1;
  }
  return false;
}

bool WantsEvent(scheduling::BookingStatus status) {
  return status == scheduling::BookingStatus::kConfirmed || status == scheduling::BookingStatus::kCompleted ||
         status == scheduling::BookingStatus::kNoShow;
}

std::string Describe(const scheduling::Booking& b) {
  std::string out;
  auto line = [&](std::string_view label, std::string_view value) {
    if (value.empty()) return;
    out += std::string(label) + ": " + std::string(value) + "\n";
  };
  line("Customer", b.customer_name);
  line("Address", b.address);
  line("Zone", b.zone);
  line("Format", b.format);
  line("Notes", b.notes);
  line("Order", b.order_id);
  line("Booking", b.id);
  out += "Booked through X8.";
  return out;
}

bool IsInvalidGrant(const Error& error) {
  const auto* reason = error.details.if_contains("reason");
  return reason != nullptr && reason->is_string() && reason->as_string() == "invalid_grant";
}

}  // namespace

boost::json::object ToJson(const BackfillPage& page) {
  return {{"account_id", page.account_id},
          {"company_id", page.company_id},
          {"calendar_id", page.calendar_id},
          {"from_ms", page.from_ms},
          {"after_starts_at", page.after_starts_at},
          {"after_id", page.after_id},
          {"phase", page.phase}};
}

Result<BackfillPage> BackfillPageFrom(std::string_view payload) {
  X8_TRY(auto o, json::ParseObject(payload));
  BackfillPage page;
  X8_TRY(page.account_id, json::RequireString(o, "account_id"));
  X8_TRY(page.company_id, json::RequireString(o, "company_id"));
  X8_TRY(page.calendar_id, json::RequireString(o, "calendar_id"));
  auto number = [&](std::string_view key) -> int64_t {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_int64() ? v->as_int64() : 0;
  };
  page.from_ms = number("from_ms");
  page.after_starts_at = number("after_starts_at");
  if (const auto* after = o.if_contains("after_id"); after != nullptr && after->is_string()) {
    page.after_id = std::string(after->as_string());
  }
  // Pages enqueued before the cancelled phase existed carry no phase: they are confirmed pages.
  if (const auto* phase = o.if_contains("phase"); phase != nullptr && phase->is_string()) {
    if (phase->as_string() != kBackfillConfirmed && phase->as_string() != kBackfillCancelled) {
      return InvalidArgument("unknown back-fill phase");
    }
    page.phase = std::string(phase->as_string());
  }
  return page;
}

std::string EventIdFor(std::string_view booking_id, int64_t generation) {
  static constexpr char kAlphabet[] = "0123456789abcdefghijklmnopqrstuv";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : booking_id) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  while (out.size() < 5) out.push_back('0');  // ids are never this short; keeps Google's minimum anyway
  if (generation > 0) out += std::string(kGenerationMarker) + std::to_string(generation);
  return out;
}

int64_t GenerationOf(std::string_view booking_id, std::string_view event_id) {
  const std::string base = EventIdFor(booking_id);
  if (!event_id.starts_with(base)) return 0;
  std::string_view rest = event_id.substr(base.size());
  if (!rest.starts_with(kGenerationMarker)) return 0;
  rest.remove_prefix(kGenerationMarker.size());
  if (rest.empty() || rest.size() > 18 || rest.front() == '0') return 0;
  int64_t generation = 0;
  for (char c : rest) {
    if (c < '0' || c > '9') return 0;
    generation = generation * 10 + (c - '0');
  }
  return generation;
}

GoogleCalendarService::GoogleCalendarService(storage::Database& db, ConnectionRepository& repository,
                                             GoogleApi& api, jobs::Queue& queue, const Clock& clock,
                                             const accounts::AccessPolicy& access, CompanyAccess& companies,
                                             BookingReader& bookings, crypto::SecretBox box,
                                             Settings settings)
    : db_(db),
      repository_(repository),
      api_(api),
      queue_(queue),
      clock_(clock),
      access_(access),
      companies_(companies),
      bookings_(bookings),
      box_(std::move(box)),
      settings_(std::move(settings)) {
  while (settings_.public_url.ends_with('/')) settings_.public_url.pop_back();
}

std::string GoogleCalendarService::RedirectUri() const {
  return settings_.public_url + std::string(kCallbackPath);
}

Result<std::string> GoogleCalendarService::AccountFor(const http::Principal& principal,
                                                      std::string_view company_id) {
  X8_TRY(auto account_id, companies_.AccountOf(principal, company_id));
  X8_TRY_STATUS(access_.CanAccess(principal, account_id));
  return account_id;
}

std::string GoogleCalendarService::Seal(const Connection& c, std::string_view what,
                                        std::string_view plaintext) const {
  return box_.Seal(plaintext,
                   "calendar.google:" + c.account_id + "/" + c.company_id + "/" + std::string(what));
}

Result<std::string> GoogleCalendarService::Open(const Connection& c, std::string_view what,
                                                std::string_view sealed) const {
  auto opened =
      box_.Open(sealed, "calendar.google:" + c.account_id + "/" + c.company_id + "/" + std::string(what));
  if (!opened) return Internal("a stored Google token cannot be decrypted (was the master key changed?)");
  return opened;
}

StatusView GoogleCalendarService::View(std::string_view company_id,
                                       const std::optional<Connection>& connection) const {
  StatusView view{.company_id = std::string(company_id), .configured = !settings_.client_id.empty()};
  if (!connection) return view;
  view.status = std::string(ToString(connection->status));
  view.google_email = connection->google_email;
  view.calendar_id = connection->calendar_id;
  view.calendar_name = connection->calendar_name;
  view.last_error = connection->last_error;
  view.connected_at = connection->created_at;
  view.updated_at = connection->updated_at;
  return view;
}

Result<StatusView> GoogleCalendarService::GetStatus(const http::Principal& principal,
                                                    std::string_view company_id) {
  X8_TRY(auto account_id, AccountFor(principal, company_id));
  X8_TRY(auto connection, repository_.Find(db_, account_id, company_id));
  return View(company_id, connection);
}

Result<std::string> GoogleCalendarService::Connect(const http::Principal& principal,
                                                   std::string_view company_id) {
  X8_TRY(auto account_id, AccountFor(principal, company_id));
  if (settings_.client_id.empty()) {
    return Error{ErrorCode::kFailedPrecondition,
                 "Google Calendar is not configured on this server (oauth.google_client_id)",
                 {{"reason", "not_configured"}}};
  }
  const int64_t now = clock_.NowMillis();
  const std::string state = crypto::RandomToken(32);
  const std::string verifier = crypto::RandomToken(48);  // 64 characters, RFC 7636 allows 43–128
  PendingState pending{.state_hash = crypto::Sha256Hex(state),
                       .account_id = account_id,
                       .company_id = std::string(company_id),
                       .user_id = principal.user_id,
                       .expires_at = now + settings_.state_ttl_ms,
                       .created_at = now};
  pending.verifier_sealed = box_.Seal(verifier, "calendar.google.state:" + pending.state_hash);
  X8_TRY_STATUS(db_.Transact([&](storage::Tx& tx) -> Status {
    X8_TRY_STATUS(repository_.PruneStates(tx, now));
    return repository_.SaveState(tx, pending);
  }));
  const std::vector<std::pair<std::string, std::string>> params = {
      {"client_id", settings_.client_id},
      {"redirect_uri", RedirectUri()},
      {"response_type", "code"},
      {"scope", std::string(kScopeEvents) + " " + std::string(kScopeReadonly)},
      {"access_type", "offline"},
      {"prompt", "consent"},
      {"include_granted_scopes", "true"},
      {"state", state},
      {"code_challenge", crypto::Base64UrlEncode(crypto::Sha256(verifier))},
      {"code_challenge_method", "S256"}};
  std::string url = settings_.auth_url;
  char sep = url.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    url += sep + k + "=" + Encode(v);
    sep = '&';
  }
  return url;
}

std::string GoogleCalendarService::Callback(std::string_view code, std::string_view state,
                                            std::string_view error) {
  std::string company_id;  // named in the page once the state identified the company
  auto page = [&](std::string_view outcome) {
    std::string url = settings_.public_url + "/app/calendar?";
    if (!company_id.empty()) url += "company=" + Encode(company_id) + "&";
    return url + "google=" + std::string(outcome);
  };
  auto fail = [&](std::string_view reason) { return page("error") + "&reason=" + std::string(reason); };
  if (state.empty() || state.size() > 512) return fail("invalid_state");
  auto taken = repository_.TakeState(db_, crypto::Sha256Hex(state));
  if (!taken) {
    spdlog::warn("google calendar: reading the OAuth state failed: {}", taken.error().message);
    return fail("server_error");
  }
  if (!*taken) return fail("invalid_state");
  const PendingState pending = std::move(**taken);
  company_id = pending.company_id;
  const int64_t now = clock_.NowMillis();
  if (pending.expires_at < now) return fail("state_expired");
  if (!error.empty()) {
    spdlog::info("google calendar: company {} authorization answered error={}", pending.company_id,
                 error.substr(0, 64));
    return fail(error == "access_denied" ? "access_denied" : "provider_error");
  }
  if (code.empty() || code.size() > 2048) return fail("invalid_request");
  auto verifier = box_.Open(pending.verifier_sealed, "calendar.google.state:" + pending.state_hash);
  if (!verifier) return fail("invalid_state");

  auto grant = api_.ExchangeCode(code, *verifier, RedirectUri());
  if (!grant) {
    spdlog::warn("google calendar: company {} code exchange failed: {}", pending.company_id,
                 grant.error().message);
    return fail("token_exchange_failed");
  }
  if (grant->refresh_token.empty()) {
    (void)api_.Revoke(grant->access_token);
    return fail("no_refresh_token");
  }
  if (!grant->scope.empty() && !HasScope(grant->scope, kScopeEvents)) {
    (void)api_.Revoke(grant->refresh_token);
    return fail("missing_scope");
  }

  auto existing = repository_.Find(db_, pending.account_id, pending.company_id);
  if (!existing) return fail("server_error");
  Connection c = existing->value_or(
      Connection{.account_id = pending.account_id, .company_id = pending.company_id, .created_at = now});
  if (!*existing) c.created_at = now;
  c.status = ConnectionStatus::kConnected;
  c.refresh_token_sealed = Seal(c, "refresh", grant->refresh_token);
  c.access_token_sealed = Seal(c, "access", grant->access_token);
  c.access_expires_at = now + grant->expires_in_s * 1000;
  c.scope = grant->scope;
  c.last_error.clear();
  c.connected_by = pending.user_id;
  c.updated_at = now;

  // The primary calendar's id is the Google account's address; it is the default choice.
  auto calendars = api_.ListCalendars(grant->access_token);
  if (calendars) {
    const CalendarEntry* primary = nullptr;
    const CalendarEntry* chosen = nullptr;
    for (const auto& entry : *calendars) {
      if (entry.primary) primary = &entry;
      if (!c.calendar_id.empty() && entry.id == c.calendar_id) chosen = &entry;
    }
    if (primary != nullptr) c.google_email = primary->id;
    if (chosen == nullptr) chosen = primary;
    if (chosen != nullptr) {
      c.calendar_id = chosen->id;
      c.calendar_name = chosen->summary;
    } else {
      c.calendar_id.clear();
      c.calendar_name.clear();
    }
  } else {
    spdlog::warn("google calendar: company {} calendar list failed: {}", c.company_id,
                 calendars.error().message);
  }
  // The connection and its back-fill commit together: bookings confirmed before connecting (or while the
  // connection was in error) reach the calendar too.
  auto saved = db_.Transact([&](storage::Tx& tx) -> Status {
    X8_TRY_STATUS(repository_.Upsert(tx, c));
    return StartBackfill(tx, c);
  });
  if (!saved) {
    spdlog::warn("google calendar: saving company {}'s connection failed: {}", c.company_id,
                 saved.error().message);
    (void)api_.Revoke(grant->refresh_token);
    return fail("server_error");
  }
  {
    std::lock_guard lock(cache_mu_);
    busy_cache_.erase(c.company_id);
  }
  spdlog::info("google calendar: company {} connected", c.company_id);
  return page("connected");
}

Status GoogleCalendarService::StartBackfill(storage::Tx& tx, const Connection& c) {
  if (c.calendar_id.empty()) return Ok();
  const BackfillPage first{.account_id = c.account_id,
                           .company_id = c.company_id,
                           .calendar_id = c.calendar_id,
                           .from_ms = clock_.NowMillis()};
  jobs::JobSpec spec{.kind = std::string(kBackfillJob),
                     .payload = boost::json::serialize(ToJson(first)),
                     .max_attempts = 8,
                     .unique_key = std::string(kBackfillJob) + ":" + c.company_id + ":" + c.calendar_id,
                     .serial_key = std::string(kBackfillJob) + ":" + c.company_id};
  X8_TRY_STATUS(queue_.Enqueue(tx, spec));
  return Ok();
}

Status GoogleCalendarService::EnqueueSync(storage::Tx& tx, const scheduling::Booking& booking,
                                          std::string_view status) {
  jobs::JobSpec spec{.kind = std::string(kSyncJob),
                     .payload = boost::json::serialize(
                         boost::json::object{{"booking_id", booking.id}, {"account_id", booking.account_id}}),
                     .max_attempts = 8,
                     .unique_key = std::string(kSyncJob) + ":" + booking.id + ":" + std::string(status),
                     .serial_key = std::string(kSyncJob) + ":" + booking.id};
  X8_TRY_STATUS(queue_.Enqueue(tx, spec));
  return Ok();
}

Status GoogleCalendarService::Backfill(storage::Tx& tx, const BackfillPage& page) {
  // Reads first (through db_), then the writes through `tx`, like Sync.
  X8_TRY(auto found, repository_.Find(db_, page.account_id, page.company_id));
  // Disconnected or in error: a reconnect starts a new back-fill. Another calendar chosen: its own runs.
  if (!found || found->status != ConnectionStatus::kConnected || found->calendar_id != page.calendar_id) {
    return Ok();
  }
  const bool cancelled_phase = page.phase == kBackfillCancelled;
  // Bookings after the cursor (by start, then id) all end after max(from_ms, cursor start - 1); the rows
  // at or before the cursor that the query also returns (those still running at the cursor) are skipped.
  const bool first = page.after_id.empty();
  const int64_t from = first ? page.from_ms : std::max(page.from_ms, page.after_starts_at - 1);
  const auto after_cursor = [&](const scheduling::Booking& b) {
    return first || std::tie(b.starts_at, b.id) > std::tie(page.after_starts_at, page.after_id);
  };
  int64_t limit = std::max<int64_t>(settings_.backfill_page, 1);
  std::vector<scheduling::Booking> fresh;
  bool full = false;
  bool stopped = false;
  for (;;) {
    X8_TRY(auto rows, bookings_.WithStatusFrom(page.company_id,
                                               cancelled_phase ? scheduling::BookingStatus::kCancelled
                                                               : scheduling::BookingStatus::kConfirmed,
                                               from, limit));
    full = static_cast<int64_t>(rows.size()) >= limit;
    fresh.clear();
    for (auto& b : rows) {
      if (after_cursor(b)) fresh.push_back(std::move(b));
    }
    if (!fresh.empty() || !full) break;
    if (limit >= kBackfillMaxPage) {
      spdlog::warn("google calendar: company {}'s back-fill stopped its {} bookings: over {} at one time",
                   page.company_id, page.phase, kBackfillMaxPage);
      stopped = true;
      break;
    }
    limit *= 2;
  }
  std::vector<const scheduling::Booking*> todo;
  for (const auto& b : fresh) {
    if (b.account_id != page.account_id) continue;
    X8_TRY(auto record, repository_.FindEvent(db_, page.account_id, b.id));
    const bool live_here = record && record->calendar_id == page.calendar_id && record->status == "created";
    // Confirmed: an event X8 created in this calendar is there (the owner may have deleted it in Google
    // since: X8 leaves it). Cancelled: only an event X8 created here and never deleted (cancelled while
    // the connection was disconnected or in error) needs its delete.
    if (live_here == cancelled_phase) todo.push_back(&b);
  }
  for (const auto* b : todo) {
    X8_TRY_STATUS(EnqueueSync(tx, *b, cancelled_phase ? "cancelled" : "confirmed"));
  }
  std::optional<BackfillPage> next;
  if (full && !fresh.empty()) {
    next = page;
    next->after_starts_at = fresh.back().starts_at;
    next->after_id = fresh.back().id;
  } else if (!cancelled_phase) {
    // The confirmed bookings are done (or given up): the cancelled ones follow, from the first.
    next = page;
    next->after_starts_at = 0;
    next->after_id.clear();
    next->phase = std::string(kBackfillCancelled);
  }
  if (next) {
    jobs::JobSpec spec{.kind = std::string(kBackfillJob),
                       .payload = boost::json::serialize(ToJson(*next)),
                       .max_attempts = 8,
                       .serial_key = std::string(kBackfillJob) + ":" + page.company_id};
    X8_TRY_STATUS(queue_.Enqueue(tx, spec));
  }
  spdlog::info("google calendar: company {} back-fill: {} of {} {} bookings to {}{}", page.company_id,
               todo.size(), fresh.size(), page.phase, cancelled_phase ? "remove" : "add",
               full && !stopped ? ", more follow" : "");
  return Ok();
}

Status GoogleCalendarService::MarkError(const Connection& connection, std::string message) {
  Connection c = connection;
  c.status = ConnectionStatus::kError;
  c.last_error = std::move(message);
  c.updated_at = clock_.NowMillis();
  spdlog::warn("google calendar: company {} needs attention: {}", c.company_id, c.last_error);
  return repository_.Upsert(db_, c);
}

Result<std::string> GoogleCalendarService::AccessToken(Connection& c, bool force, bool persist) {
  const int64_t now = clock_.NowMillis();
  if (!persist) {
    std::lock_guard lock(cache_mu_);
    auto it = memory_tokens_.find(c.company_id);
    if (it != memory_tokens_.end() && it->second.second > c.access_expires_at) {
      c.access_token_sealed = it->second.first;
      c.access_expires_at = it->second.second;
    }
  }
  if (!force && !c.access_token_sealed.empty() && c.access_expires_at - kRefreshMarginMs > now) {
    return Open(c, "access", c.access_token_sealed);
  }
  if (c.refresh_token_sealed.empty()) return FailedPrecondition("Google Calendar is not connected");
  X8_TRY(auto refresh_token, Open(c, "refresh", c.refresh_token_sealed));
  auto grant = api_.Refresh(refresh_token);
  if (!grant) {
    const auto* reason = grant.error().details.if_contains("reason");
    if (reason != nullptr && reason->is_string() && reason->as_string() == "invalid_grant") {
      if (persist) {
        (void)MarkError(
            c,
            "Google no longer accepts this connection (invalid_grant): it was revoked, expired or "
            "the password changed. Connect Google Calendar again.");
      }
      c.status = ConnectionStatus::kError;
    }
    return grant.error();
  }
  c.access_token_sealed = Seal(c, "access", grant->access_token);
  c.access_expires_at = now + grant->expires_in_s * 1000;
  if (!grant->refresh_token.empty()) c.refresh_token_sealed = Seal(c, "refresh", grant->refresh_token);
  if (c.status == ConnectionStatus::kError) {
    c.status = ConnectionStatus::kConnected;
    c.last_error.clear();
  }
  c.updated_at = now;
  if (!persist) {
    std::lock_guard lock(cache_mu_);
    memory_tokens_[c.company_id] = {c.access_token_sealed, c.access_expires_at};
  } else if (auto saved = repository_.Upsert(db_, c); !saved) {
    spdlog::warn("google calendar: saving company {}'s refreshed token failed: {}", c.company_id,
                 saved.error().message);
  }
  return std::move(grant->access_token);
}

template <class T, class F>
Result<T> GoogleCalendarService::WithToken(Connection& connection, F&& call, bool persist) {
  X8_TRY(auto token, AccessToken(connection, false, persist));
  Result<T> result = call(token);
  if (!result && result.error().code == ErrorCode::kUnauthenticated) {
    X8_TRY(auto fresh, AccessToken(connection, true, persist));
    result = call(fresh);
  }
  return result;
}

Result<std::vector<CalendarEntry>> GoogleCalendarService::Calendars(const http::Principal& principal,
                                                                    std::string_view company_id) {
  X8_TRY(auto account_id, AccountFor(principal, company_id));
  X8_TRY(auto found, repository_.Find(db_, account_id, company_id));
  if (!found || found->status == ConnectionStatus::kDisconnected) {
    return Error{
        ErrorCode::kFailedPrecondition, "Google Calendar is not connected", {{"reason", "not_connected"}}};
  }
  Connection c = std::move(*found);
  return WithToken<std::vector<CalendarEntry>>(
      c, [&](const std::string& token) { return api_.ListCalendars(token); });
}

Result<StatusView> GoogleCalendarService::ChooseCalendar(const http::Principal& principal,
                                                         std::string_view company_id,
                                                         std::string_view calendar_id) {
  if (calendar_id.empty() || calendar_id.size() > 1024) {
    return Error{ErrorCode::kInvalidArgument, "calendar_id is required", {{"field", "calendar_id"}}};
  }
  X8_TRY(auto calendars, Calendars(principal, company_id));
  const auto it = std::find_if(calendars.begin(), calendars.end(),
                               [&](const CalendarEntry& e) { return e.id == calendar_id; });
  if (it == calendars.end()) {
    return Error{ErrorCode::kInvalidArgument,
                 "no such calendar in the connected Google account",
                 {{"field", "calendar_id"}}};
  }
  if (it->access_role != "owner" && it->access_role != "writer") {
    return Error{ErrorCode::kInvalidArgument,
                 "X8 cannot add events to this calendar (read-only)",
                 {{"field", "calendar_id"}}};
  }
  X8_TRY(auto account_id, AccountFor(principal, company_id));
  X8_TRY(auto found, repository_.Find(db_, account_id, company_id));
  if (!found) return FailedPrecondition("Google Calendar is not connected");
  Connection c = std::move(*found);
  c.calendar_id = it->id;
  c.calendar_name = it->summary;
  c.updated_at = clock_.NowMillis();
  if (c.status == ConnectionStatus::kError) {
    // Google just answered with this connection's token: what needed attention was the old calendar.
    c.status = ConnectionStatus::kConnected;
    c.last_error.clear();
  }
  // The sync jobs of the back-fill move events X8 created in the old calendar into this one.
  X8_TRY_STATUS(db_.Transact([&](storage::Tx& tx) -> Status {
    X8_TRY_STATUS(repository_.Upsert(tx, c));
    return StartBackfill(tx, c);
  }));
  {
    std::lock_guard lock(cache_mu_);
    busy_cache_.erase(c.company_id);
  }
  return View(company_id, c);
}

Status GoogleCalendarService::Disconnect(const http::Principal& principal, std::string_view company_id) {
  X8_TRY(auto account_id, AccountFor(principal, company_id));
  X8_TRY(auto found, repository_.Find(db_, account_id, company_id));
  if (!found) return Ok();
  if (!found->refresh_token_sealed.empty()) {
    auto token = Open(*found, "refresh", found->refresh_token_sealed);
    if (token) {
      if (auto revoked = api_.Revoke(*token); !revoked) {
        spdlog::warn("google calendar: revoking company {}'s token failed: {}", found->company_id,
                     revoked.error().message);
      }
    }
  }
  X8_TRY_STATUS(repository_.Delete(db_, account_id, company_id));
  std::lock_guard lock(cache_mu_);
  busy_cache_.erase(std::string(company_id));
  return Ok();
}

Status GoogleCalendarService::BookingChanged(storage::Tx& tx, const scheduling::Booking& booking) {
  const bool cancelled = booking.status == scheduling::BookingStatus::kCancelled;
  if (booking.status != scheduling::BookingStatus::kConfirmed && !cancelled) return Ok();
  X8_TRY(auto connection, repository_.Find(tx, booking.account_id, booking.company_id));
  if (cancelled) {
    // Only bookings that reached Google (or may have) need a delete; released holds never did.
    X8_TRY(auto event, repository_.FindEvent(tx, booking.account_id, booking.id));
    const bool mirrored = (event && event->status == "created") || !booking.google_event_id.empty();
    if (!mirrored) return Ok();
  } else if (!connection || connection->status != ConnectionStatus::kConnected ||
             connection->calendar_id.empty()) {
    return Ok();
  }
  if (!connection) return Ok();
  return EnqueueSync(tx, booking, cancelled ? "cancelled" : "confirmed");
}

Status GoogleCalendarService::Sync(storage::Tx& tx, std::string_view booking_id) {
  // Everything outside the database happens before the first statement on `tx` (the worker's
  // transaction starts lazily; on SQLite it holds the writer from then on).
  auto loaded = bookings_.Get(booking_id);
  if (!loaded) {
    if (loaded.error().code == ErrorCode::kNotFound) return Ok();
    return loaded.error();
  }
  const scheduling::Booking booking = std::move(*loaded);
  X8_TRY(auto found, repository_.Find(db_, booking.account_id, booking.company_id));
  if (!found || found->status == ConnectionStatus::kDisconnected) return Ok();
  Connection c = std::move(*found);
  X8_TRY(auto record, repository_.FindEvent(db_, booking.account_id, booking.id));
  const int64_t now = clock_.NowMillis();
  SyncedEvent synced{
      .booking_id = booking.id,
      .account_id = booking.account_id,
      .company_id = booking.company_id,
      .calendar_id = c.calendar_id,
      .event_id = record && !record->event_id.empty() ? record->event_id : EventIdFor(booking.id),
      .updated_at = now};
  const bool live = record && record->status == "created";

  if (WantsEvent(booking.status)) {
    if (c.calendar_id.empty()) return Ok();
    if (live && record->calendar_id == c.calendar_id) {
      if (booking.google_event_id == record->event_id) return Ok();
    } else {
      // An event X8 created in a calendar chosen before: it moves (created here, then deleted there).
      const std::string moved_from =
          live && !record->calendar_id.empty() ? record->calendar_id : std::string();
      // From the generation X8 used last: a retry (the record is written only at the end) and a lost record
      // walk the same ids again and find the event an earlier attempt created.
      int64_t generation = std::max(record ? GenerationOf(booking.id, record->event_id) : 0,
                                    GenerationOf(booking.id, booking.google_event_id));
      EventInput input{.summary = booking.customer_name.empty()
                                      ? booking.title
                                      : booking.title + " — " + booking.customer_name,
                       .description = Describe(booking),
                       .location = booking.address.empty() ? booking.location : booking.address,
                       .start = {.at_ms = booking.starts_at, .time_zone = booking.timezone},
                       .end = {.at_ms = booking.ends_at, .time_zone = booking.timezone},
                       .booking_id = booking.id};
      for (int64_t step = 0;; ++step) {
        if (step == kMaxGenerationSteps) {
          return Error{ErrorCode::kFailedPrecondition,
                       "booking " + booking.id + "'s event was deleted in this calendar too many times",
                       {{"reason", "too_many_generations"}}};
        }
        input.id = EventIdFor(booking.id, generation);
        auto inserted = WithToken<EventInfo>(
            c, [&](const std::string& token) { return api_.InsertEvent(token, c.calendar_id, input); });
        if (inserted) break;
        if (inserted.error().code != ErrorCode::kConflict) {
          if (inserted.error().code == ErrorCode::kPermissionDenied ||
              inserted.error().code == ErrorCode::kNotFound) {
            (void)MarkError(c, "Google refused to add events to the chosen calendar (" +
                                   inserted.error().message + "). Choose another calendar or reconnect.");
          }
          return inserted.error();
        }
        // The id exists in this calendar. Live: an earlier attempt created it and its answer was lost, so
        // it is the booking's event. Deleted (X8 cancelled it or moved it away, or the owner deleted it):
        // Google keeps the id and never takes it again, so the event comes back under the next generation.
        auto existing = WithToken<EventInfo>(
            c, [&](const std::string& token) { return api_.GetEvent(token, c.calendar_id, input.id); });
        if (!existing) return existing.error();
        if (existing->status != "cancelled") break;
        ++generation;
      }
      synced.event_id = input.id;
      if (!moved_from.empty()) {
        auto removed = WithToken<void>(c, [&](const std::string& token) {
          return api_.DeleteEvent(token, moved_from, record->event_id);
        });
        if (!removed) {
          const auto code = removed.error().code;
          const bool gone = (code == ErrorCode::kNotFound || code == ErrorCode::kFailedPrecondition) &&
                            !IsInvalidGrant(removed.error());
          if (code == ErrorCode::kPermissionDenied) {
            // The old calendar is out of reach (another Google account since a reconnect): it stays.
            spdlog::info("google calendar: booking {}'s event in the previous calendar is left there: {}",
                         booking.id, removed.error().message);
          } else if (!gone) {
            return removed.error();  // retried: the insert then meets 409 and the delete runs again
          }
        }
      }
    }
    synced.status = "created";
    X8_TRY_STATUS(repository_.UpsertEvent(tx, synced));
    auto set = bookings_.SetGoogleEventId(tx, booking.id, synced.event_id);
    if (!set && set.error().code != ErrorCode::kNotFound) return set.error();
    return Ok();
  }

  if (booking.status != scheduling::BookingStatus::kCancelled) return Ok();
  if (record && record->status == "deleted") return Ok();
  const std::string calendar_id = record ? record->calendar_id : c.calendar_id;
  if (calendar_id.empty()) return Ok();
  // The event of the generation X8 created last (no record: the id the booking carries, else the first).
  if (!record && !booking.google_event_id.empty()) synced.event_id = booking.google_event_id;
  auto deleted = WithToken<void>(
      c, [&](const std::string& token) { return api_.DeleteEvent(token, calendar_id, synced.event_id); });
  if (!deleted) {
    const auto code = deleted.error().code;
    const bool gone = code == ErrorCode::kNotFound || code == ErrorCode::kFailedPrecondition;  // 404 / 410
    if (!gone || IsInvalidGrant(deleted.error())) return deleted.error();
  }
  synced.calendar_id = calendar_id;
  synced.status = "deleted";
  X8_TRY_STATUS(repository_.UpsertEvent(tx, synced));
  auto set = bookings_.SetGoogleEventId(tx, booking.id, "");
  if (!set && set.error().code != ErrorCode::kNotFound) return set.error();
  return Ok();
}

Result<std::vector<scheduling::BusyRange>> GoogleCalendarService::Busy(std::string_view company_id,
                                                                       int64_t from, int64_t to) {
  std::vector<scheduling::BusyRange> out;
  if (to <= from) return out;
  const int64_t now = clock_.NowMillis();
  auto overlapping = [&](const std::vector<scheduling::BusyRange>& ranges) {
    for (const auto& r : ranges) {
      if (r.ends_at > from && r.starts_at < to) out.push_back(r);
    }
    return out;
  };
  {
    std::lock_guard lock(cache_mu_);
    auto it = busy_cache_.find(company_id);
    if (it != busy_cache_.end() && it->second.error && now - it->second.fetched_at < kBusyErrorCacheMs) {
      return *it->second.error;
    }
    if (it != busy_cache_.end() && !it->second.error &&
        now - it->second.fetched_at < settings_.busy_cache_ms && it->second.from <= from &&
        it->second.to >= to) {
      return overlapping(it->second.ranges);
    }
  }
  X8_TRY(auto found, repository_.FindByCompany(db_, company_id));
  if (!found || found->status == ConnectionStatus::kDisconnected || found->calendar_id.empty()) return out;
  if (found->status == ConnectionStatus::kError) {
    return Error{ErrorCode::kFailedPrecondition,
                 "Google Calendar needs to be connected again: " + found->last_error,
                 {{"reason", "connection_error"}}};
  }
  Connection c = std::move(*found);
  // Ask for whole days and at least two weeks, so the next questions (other days offered, the hold of a
  // chosen slot) are answered from the cache.
  const int64_t fetch_from = from - ((from % kDayMs) + kDayMs) % kDayMs;
  const int64_t fetch_to = std::max(to, fetch_from + kBusyWindowMs);
  auto fetched = WithToken<std::vector<scheduling::BusyRange>>(
      c, [&](const std::string& token) { return api_.FreeBusy(token, c.calendar_id, fetch_from, fetch_to); },
      /*persist=*/false);
  if (!fetched) {
    std::lock_guard lock(cache_mu_);
    busy_cache_[std::string(company_id)] = CachedBusy{.fetched_at = now, .error = fetched.error()};
    return fetched.error();
  }
  auto ranges = std::move(*fetched);
  {
    std::lock_guard lock(cache_mu_);
    busy_cache_[std::string(company_id)] =
        CachedBusy{.fetched_at = now, .from = fetch_from, .to = fetch_to, .ranges = ranges};
  }
  return overlapping(ranges);
}

}  // namespace x8::calendar::google
