// Google Calendar API v3 and the offline-token parts of Google's OAuth server, for GoogleEmulator
// (google_emulator.h lists the routes). Rules from shared/reference/payments-calendar.md §7.
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <regex>

#include "platform/crypto/crypto.h"
#include "tests/emulators/google_emulator.h"

namespace x8::emulators {
namespace {

namespace bj = boost::json;

constexpr std::string_view kEvents = "https://www.googleapis.com/auth/calendar.events";
constexpr std::string_view kReadonly = "https://www.googleapis.com/auth/calendar.readonly";
constexpr std::string_view kCalendar = "https://www.googleapis.com/auth/calendar";
constexpr int64_t kAccessTtlMs = int64_t{3599} * 1000;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

http::Response OAuthErrorJson(int status, std::string_view error, std::string_view description) {
  return Json(bj::object{{"error", error}, {"error_description", description}}, status);
}

bool HasScope(const std::string& granted, std::string_view scope) {
  return (" " + granted + " ").find(" " + std::string(scope) + " ") != std::string::npos;
}

// Google's JSON error envelope.
http::Response ApiError(int status, std::string_view reason, std::string_view message,
                        std::string_view domain = "global") {
  bj::object item{{"domain", domain}, {"reason", reason}, {"message", message}};
  std::string_view status_text = status == 401   ? "UNAUTHENTICATED"
                                 : status == 403 ? "PERMISSION_DENIED"
                                 : status == 404 ? "NOT_FOUND"
                                 : status == 409 ? "ALREADY_EXISTS"
                                 : status == 429 ? "RESOURCE_EXHAUSTED"
                                 : status >= 500 ? "INTERNAL"
                                                 : "INVALID_ARGUMENT";
  auto response = Json(bj::object{{"error", bj::object{{"errors", bj::array{item}},
                                                       {"code", status},
                                                       {"message", message},
                                                       {"status", status_text}}}},
                       status);
  if (status == 401)
    response.headers.Set("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"");
  return response;
}

std::string Format(int64_t ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> tp{milliseconds(ms)};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss<milliseconds> tod{tp - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                static_cast<int>(tod.seconds().count()));
  return buf;
}

// RFC 3339; `offset_required` false accepts a bare local time (read as UTC: the emulator has no tz
// database — X8 always sends offsets).
std::optional<int64_t> Parse(const std::string& s, bool offset_required) {
  static const std::regex re(
      R"(^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$)");
  std::smatch m;
  if (!std::regex_match(s, m, re)) return std::nullopt;
  if (!m[8].matched && offset_required) return std::nullopt;
  using namespace std::chrono;
  const year_month_day ymd{year(std::stoi(m[1])), month(std::stoul(m[2])), day(std::stoul(m[3]))};
  if (!ymd.ok()) return std::nullopt;
  int64_t ms = duration_cast<milliseconds>(sys_days(ymd).time_since_epoch()).count() +
               ((std::stoll(m[4]) * 60 + std::stoll(m[5])) * 60 + std::stoll(m[6])) * 1000;
  if (m[8].matched && m[8].str() != "Z" && m[8].str() != "z") {
    const std::string off = m[8].str();
    const int64_t minutes = std::stoll(off.substr(1, 2)) * 60 + std::stoll(off.substr(4, 2));
    ms -= (off[0] == '-' ? -1 : 1) * minutes * 60'000;
  }
  return ms;
}

std::string Str(const bj::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The instant of an EventDateTime ({dateTime, timeZone} or {date}); nullopt when malformed.
std::optional<int64_t> When(const bj::value* v) {
  if (v == nullptr || !v->is_object()) return std::nullopt;
  const auto& o = v->as_object();
  const std::string date = Str(o, "date");
  if (!date.empty()) return Parse(date + "T00:00:00Z", true);
  return Parse(Str(o, "dateTime"), Str(o, "timeZone").empty());
}

}  // namespace

void GoogleEmulator::ResetCalendarLocked() {
  access_tokens_.clear();
  refresh_tokens_.clear();
  calendars_.clear();
  faults_.clear();
  grant_only_.clear();
  refreshes_ = revocations_ = calendar_requests_ = inserts_ = deletes_ = freebusy_ = 0;
}

void GoogleEmulator::RegisterCalendar(http::Router& router) {
  router.Add(
      "POST", "/google/revoke", [this](http::Request& r) { return Revoke(r); }, PublicRoute());
  const std::string base = "/google/calendar/v3";
  router.Add(
      "GET", base + "/users/me/calendarList", [this](http::Request& r) { return CalendarList(r); },
      PublicRoute());
  router.Add(
      "POST", base + "/calendars/{calendar_id}/events", [this](http::Request& r) { return InsertEvent(r); },
      PublicRoute());
  router.Add(
      "GET", base + "/calendars/{calendar_id}/events/{event_id}",
      [this](http::Request& r) { return GetEvent(r); }, PublicRoute());
  router.Add(
      "DELETE", base + "/calendars/{calendar_id}/events/{event_id}",
      [this](http::Request& r) { return DeleteEvent(r); }, PublicRoute());
  router.Add(
      "POST", base + "/freeBusy", [this](http::Request& r) { return FreeBusy(r); }, PublicRoute());
  router.Add(
      "GET", "/__control/google/calendar/events", [this](http::Request& r) { return ControlEvents(r); },
      PublicRoute());
  router.Add(
      "POST", "/__control/google/calendar/events", [this](http::Request& r) { return ControlAddEvent(r); },
      PublicRoute());
  router.Add(
      "POST", "/__control/google/calendar/fail", [this](http::Request& r) { return ControlFail(r); },
      PublicRoute());
  router.Add(
      "POST", "/__control/google/calendar/expire-access-tokens",
      [this](http::Request&) {
        std::lock_guard lock(mu_);
        for (auto& [token, grant] : access_tokens_) grant.expires_at_ms = 0;
        return http::Response::NoContent();
      },
      PublicRoute());
  router.Add(
      "POST", "/__control/google/calendar/grant-only",
      [this](http::Request& r) {
        bj::object body;
        http::Response error;
        if (!ParseJsonBody(r, body, error)) return error;
        std::lock_guard lock(mu_);
        grant_only_ = Str(body, "scope");
        return http::Response::NoContent();
      },
      PublicRoute());
  router.Add(
      "POST", "/__control/google/calendar/kill-refresh-tokens",
      [this](http::Request&) {
        std::lock_guard lock(mu_);
        for (auto& [token, grant] : refresh_tokens_) grant.dead = true;
        return http::Response::NoContent();
      },
      PublicRoute());
}

std::string GoogleEmulator::IssueAccessTokenLocked(const std::string& email, const std::string& scope,
                                                   const std::string& refresh_token) {
  std::string token = "ya29.a0" + crypto::RandomToken(48);
  access_tokens_[token] = AccessGrant{.email = email,
                                      .scope = scope,
                                      .refresh_token = refresh_token,
                                      .expires_at_ms = NowMs() + kAccessTtlMs};
  EnsureCalendarsLocked(email);
  return token;
}

void GoogleEmulator::EnsureCalendarsLocked(const std::string& email) {
  if (calendars_.contains(email)) return;
  calendars_[email] = Calendar{.id = email, .summary = email, .owner = email, .owner_role = "owner"};
  const std::string bookings = "c_" + crypto::Sha256Hex(email).substr(0, 24) + "@group.calendar.google.com";
  calendars_[bookings] =
      Calendar{.id = bookings, .summary = "Bookings", .owner = email, .owner_role = "owner"};
  const std::string holidays =
      "en.usa#holiday+" + crypto::Sha256Hex(email).substr(0, 6) + "@group.v.calendar.google.com";
  calendars_[holidays] = Calendar{
      .id = holidays, .summary = "Holidays in United States", .owner = email, .owner_role = "reader"};
}

http::Response GoogleEmulator::RefreshGrantLocked(
    const std::vector<std::pair<std::string, std::string>>& form, const std::string& client_id) {
  ++refreshes_;
  const std::string refresh_token = FormValue(form, "refresh_token");
  if (refresh_token.empty())
    return OAuthErrorJson(400, "invalid_request", "Missing required parameter: refresh_token");
  auto it = refresh_tokens_.find(refresh_token);
  if (it == refresh_tokens_.end() || it->second.dead || it->second.client_id != client_id) {
    return OAuthErrorJson(400, "invalid_grant", "Token has been expired or revoked.");
  }
  std::string access = IssueAccessTokenLocked(it->second.email, it->second.scope, refresh_token);
  return Json(bj::object{
      {"access_token", access}, {"expires_in", 3599}, {"scope", it->second.scope}, {"token_type", "Bearer"}});
}

http::Response GoogleEmulator::Revoke(const http::Request& request) {
  auto form = ParseForm(request.body);
  std::string token = FormValue(form, "token");
  if (token.empty()) token = FormValue(ParseForm(request.query), "token");
  std::lock_guard lock(mu_);
  ++revocations_;
  std::string refresh;
  if (auto r = refresh_tokens_.find(token); r != refresh_tokens_.end() && !r->second.dead) {
    refresh = token;
  } else if (auto a = access_tokens_.find(token);
             a != access_tokens_.end() && a->second.expires_at_ms > NowMs()) {
    refresh = a->second.refresh_token;
    a->second.expires_at_ms = 0;
    if (refresh.empty()) return Json(bj::object{});
  } else {
    return OAuthErrorJson(400, "invalid_token", "Token expired or revoked");
  }
  // Revoking either token of a grant revokes the grant: its refresh token and every access token.
  if (auto r = refresh_tokens_.find(refresh); r != refresh_tokens_.end()) r->second.dead = true;
  for (auto& [t, grant] : access_tokens_) {
    if (grant.refresh_token == refresh) grant.expires_at_ms = 0;
  }
  return Json(bj::object{});
}

const GoogleEmulator::AccessGrant* GoogleEmulator::AuthorizeLocked(const http::Request& request,
                                                                   std::string_view scope_a,
                                                                   std::string_view scope_b,
                                                                   std::string_view op,
                                                                   http::Response& error) {
  ++calendar_requests_;
  auto header = request.headers.Get("Authorization");
  const AccessGrant* grant = nullptr;
  if (header && header->starts_with("Bearer ")) {
    auto it = access_tokens_.find(std::string(header->substr(7)));
    if (it != access_tokens_.end() && it->second.expires_at_ms > NowMs()) grant = &it->second;
  }
  if (grant == nullptr) {
    error = ApiError(401, "authError", "Invalid Credentials");
    return nullptr;
  }
  if (!HasScope(grant->scope, kCalendar) && !HasScope(grant->scope, scope_a) &&
      (scope_b.empty() || !HasScope(grant->scope, scope_b))) {
    error = ApiError(403, "insufficientPermissions", "Request had insufficient authentication scopes.");
    return nullptr;
  }
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (it->op != "any" && it->op != op) continue;
    const int status = it->status;
    std::string reason = it->reason;
    if (--it->remaining <= 0) faults_.erase(it);
    if (reason.empty()) {
      reason = status == 429 || status == 403 ? "rateLimitExceeded"
               : status == 401                ? "authError"
                                              : "backendError";
    }
    const std::string message = status == 429 || reason == "rateLimitExceeded" ? "Rate Limit Exceeded"
                                : status == 401                                ? "Invalid Credentials"
                                                                               : "Backend Error";
    error = ApiError(status, reason, message, reason == "rateLimitExceeded" ? "usageLimits" : "global");
    return nullptr;
  }
  return grant;
}

GoogleEmulator::Calendar* GoogleEmulator::CalendarForLocked(const AccessGrant& grant,
                                                            std::string calendar_id) {
  if (calendar_id == "primary") calendar_id = grant.email;
  auto it = calendars_.find(calendar_id);
  if (it == calendars_.end() || it->second.owner != grant.email) return nullptr;
  return &it->second;
}

http::Response GoogleEmulator::CalendarList(const http::Request& request) {
  std::lock_guard lock(mu_);
  http::Response error;
  const AccessGrant* grant = AuthorizeLocked(request, kReadonly, "", "list", error);
  if (grant == nullptr) return error;
  bj::array items;
  for (const auto& [id, cal] : calendars_) {
    if (cal.owner != grant->email) continue;
    bj::object item{{"kind", "calendar#calendarListEntry"},
                    {"id", id},
                    {"summary", cal.summary},
                    {"timeZone", "Europe/Berlin"},
                    {"accessRole", cal.owner_role}};
    if (id == grant->email) item["primary"] = true;
    items.push_back(std::move(item));
  }
  return Json(
      bj::object{{"kind", "calendar#calendarList"}, {"etag", "\"p33k\""}, {"items", std::move(items)}});
}

http::Response GoogleEmulator::InsertEvent(const http::Request& request) {
  bj::object body;
  http::Response error;
  if (!ParseJsonBody(request, body, error)) return error;
  auto query = ParseForm(request.query);
  std::lock_guard lock(mu_);
  const AccessGrant* grant = AuthorizeLocked(request, kEvents, "", "insert", error);
  if (grant == nullptr) return error;
  Calendar* cal = CalendarForLocked(*grant, std::string(request.PathParam("calendar_id")));
  if (cal == nullptr) return ApiError(404, "notFound", "Not Found");
  if (cal->owner_role != "owner" && cal->owner_role != "writer") {
    return ApiError(403, "requiredAccessLevel", "You need to have writer access to this calendar.");
  }
  std::string id = Str(body, "id");
  if (body.contains("id")) {
    static const std::regex kId("^[a-v0-9]{5,1024}$");
    if (!std::regex_match(id, kId)) return ApiError(400, "invalidResourceId", "Invalid resource id value.");
    if (cal->events.contains(id))
      return ApiError(409, "duplicate", "The requested identifier already exists.");
  } else {
    do {
      id.clear();
      for (unsigned char c : crypto::RandomBytes(16))
        id.push_back("0123456789abcdefghijklmnopqrstuv"[c & 31]);
    } while (cal->events.contains(id));
  }
  auto start = When(body.if_contains("start"));
  auto end = When(body.if_contains("end"));
  if (!start) return ApiError(400, "required", "Missing start time.");
  if (!end) return ApiError(400, "required", "Missing end time.");
  if (*end <= *start) return ApiError(400, "timeRangeEmpty", "The specified time range is empty.");
  ++inserts_;
  const int64_t now = NowMs();
  bj::object event = body;
  event["kind"] = "calendar#event";
  event["id"] = id;
  event["status"] = "confirmed";
  event["iCalUID"] = id + "@google.com";
  event["htmlLink"] = context_.base_url + "/google/calendar/event?eid=" + id;
  event["created"] = Format(now);
  event["updated"] = Format(now);
  event["etag"] = "\"" + std::to_string(now) + "\"";
  event["organizer"] = bj::object{{"email", cal->id}, {"self", true}};
  // conferenceData persists only with conferenceDataVersion=1; creation is asynchronous (pending first).
  if (FormValue(query, "conferenceDataVersion") != "1") {
    event.erase("conferenceData");
  } else if (auto* conf = event.if_contains("conferenceData"); conf != nullptr && conf->is_object()) {
    if (auto* create = conf->as_object().if_contains("createRequest");
        create != nullptr && create->is_object()) {
      create->as_object()["status"] = bj::object{{"statusCode", "pending"}};
    }
  }
  cal->events[id] = event;
  return Json(event);
}

http::Response GoogleEmulator::GetEvent(const http::Request& request) {
  std::lock_guard lock(mu_);
  http::Response error;
  const AccessGrant* grant = AuthorizeLocked(request, kEvents, kReadonly, "get", error);
  if (grant == nullptr) return error;
  Calendar* cal = CalendarForLocked(*grant, std::string(request.PathParam("calendar_id")));
  if (cal == nullptr) return ApiError(404, "notFound", "Not Found");
  auto it = cal->events.find(std::string(request.PathParam("event_id")));
  if (it == cal->events.end()) return ApiError(404, "notFound", "Not Found");
  bj::object& event = it->second;
  if (auto* conf = event.if_contains("conferenceData"); conf != nullptr && conf->is_object()) {
    auto& c = conf->as_object();
    if (auto* create = c.if_contains("createRequest"); create != nullptr && create->is_object()) {
      create->as_object()["status"] = bj::object{{"statusCode", "success"}};
      c["entryPoints"] = bj::array{bj::object{{"entryPointType", "video"},
                                              {"uri", "https://meet.google.com/abc-defg-hij"},
                                              {"label", "meet.google.com/abc-defg-hij"}}};
      event["hangoutLink"] = "https://meet.google.com/abc-defg-hij";
    }
  }
  return Json(event);
}

http::Response GoogleEmulator::DeleteEvent(const http::Request& request) {
  std::lock_guard lock(mu_);
  http::Response error;
  const AccessGrant* grant = AuthorizeLocked(request, kEvents, "", "delete", error);
  if (grant == nullptr) return error;
  Calendar* cal = CalendarForLocked(*grant, std::string(request.PathParam("calendar_id")));
  if (cal == nullptr) return ApiError(404, "notFound", "Not Found");
  auto it = cal->events.find(std::string(request.PathParam("event_id")));
  if (it == cal->events.end()) return ApiError(404, "notFound", "Not Found");
  if (Str(it->second, "status") == "cancelled") return ApiError(410, "deleted", "Resource has been deleted");
  ++deletes_;
  it->second["status"] = "cancelled";  // deleted events persist, so their ids stay taken
  it->second["updated"] = Format(NowMs());
  return http::Response::NoContent();
}

http::Response GoogleEmulator::FreeBusy(const http::Request& request) {
  bj::object body;
  http::Response error;
  if (!ParseJsonBody(request, body, error)) return error;
  std::lock_guard lock(mu_);
  const AccessGrant* grant = AuthorizeLocked(request, kReadonly, "", "freebusy", error);
  if (grant == nullptr) return error;
  auto time_min = Parse(Str(body, "timeMin"), true);
  auto time_max = Parse(Str(body, "timeMax"), true);
  if (!time_min) return ApiError(400, "required", "Missing timeMin parameter.");
  if (!time_max) return ApiError(400, "required", "Missing timeMax parameter.");
  if (*time_max <= *time_min) return ApiError(400, "timeRangeEmpty", "The specified time range is empty.");
  ++freebusy_;
  bj::object calendars;
  if (const auto* items = body.if_contains("items"); items != nullptr && items->is_array()) {
    for (const auto& item : items->as_array()) {
      if (!item.is_object()) continue;
      const std::string id = Str(item.as_object(), "id");
      Calendar* cal = CalendarForLocked(*grant, id);
      if (cal == nullptr) {
        calendars[id] =
            bj::object{{"errors", bj::array{bj::object{{"domain", "global"}, {"reason", "notFound"}}}},
                       {"busy", bj::array{}}};
        continue;
      }
      std::vector<std::pair<int64_t, int64_t>> ranges;
      for (const auto& [event_id, event] : cal->events) {
        if (Str(event, "status") == "cancelled" || Str(event, "transparency") == "transparent") continue;
        auto s = When(event.if_contains("start"));
        auto e = When(event.if_contains("end"));
        if (!s || !e || *e <= *time_min || *s >= *time_max) continue;
        ranges.emplace_back(std::max(*s, *time_min), std::min(*e, *time_max));
      }
      std::sort(ranges.begin(), ranges.end());
      std::vector<std::pair<int64_t, int64_t>> merged;
      for (const auto& r : ranges) {
        if (!merged.empty() && r.first <= merged.back().second) {
          merged.back().second = std::max(merged.back().second, r.second);
        } else {
          merged.push_back(r);
        }
      }
      bj::array busy;
      for (const auto& [s, e] : merged) busy.push_back(bj::object{{"start", Format(s)}, {"end", Format(e)}});
      calendars[id] = bj::object{{"busy", std::move(busy)}};
    }
  }
  return Json(bj::object{{"kind", "calendar#freeBusy"},
                         {"timeMin", Format(*time_min)},
                         {"timeMax", Format(*time_max)},
                         {"calendars", std::move(calendars)}});
}

http::Response GoogleEmulator::ControlEvents(const http::Request& request) {
  const std::string calendar_id = FormValue(ParseForm(request.query), "calendar_id");
  std::lock_guard lock(mu_);
  bj::array items;
  for (const auto& [id, cal] : calendars_) {
    if (!calendar_id.empty() && id != calendar_id) continue;
    for (const auto& [event_id, event] : cal.events) {
      bj::object copy = event;
      copy["calendar_id"] = id;
      items.push_back(std::move(copy));
    }
  }
  return Json(bj::object{{"items", std::move(items)}});
}

http::Response GoogleEmulator::ControlAddEvent(const http::Request& request) {
  bj::object body;
  http::Response error;
  if (!ParseJsonBody(request, body, error)) return error;
  std::lock_guard lock(mu_);
  auto it = calendars_.find(Str(body, "calendar_id"));
  if (it == calendars_.end()) return Json(bj::object{{"error", "unknown calendar"}}, 404);
  std::string id;
  for (unsigned char c : crypto::RandomBytes(16)) id.push_back("0123456789abcdefghijklmnopqrstuv"[c & 31]);
  bj::object event{{"kind", "calendar#event"},
                   {"id", id},
                   {"status", "confirmed"},
                   {"summary", Str(body, "summary")},
                   {"start", bj::object{{"dateTime", Str(body, "start")}}},
                   {"end", bj::object{{"dateTime", Str(body, "end")}}}};
  it->second.events[id] = event;
  return Json(event);
}

http::Response GoogleEmulator::ControlFail(const http::Request& request) {
  bj::object body;
  http::Response error;
  if (!ParseJsonBody(request, body, error)) return error;
  Fault fault;
  if (const auto* v = body.if_contains("status"); v != nullptr && v->is_int64()) {
    fault.status = static_cast<int>(v->as_int64());
  }
  if (const auto* v = body.if_contains("count"); v != nullptr && v->is_int64()) {
    fault.remaining = static_cast<int>(v->as_int64());
  }
  fault.reason = Str(body, "reason");
  if (const std::string op = Str(body, "op"); !op.empty()) fault.op = op;
  std::lock_guard lock(mu_);
  faults_.push_back(fault);
  return http::Response::NoContent();
}

}  // namespace x8::emulators
