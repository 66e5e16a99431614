#include "modules/calendar/google/clients/google_api.h"

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>

namespace x8::calendar::google {
namespace {

namespace bj = boost::json;

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

std::string Form(const std::vector<std::pair<std::string_view, std::string_view>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out.push_back('&');
    out += Encode(k) + "=" + Encode(v);
  }
  return out;
}

std::string Str(const bj::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

Result<bj::object> JsonObject(const http::HttpResponse& response, std::string_view what) {
  boost::system::error_code ec;
  auto value = bj::parse(response.body, ec);
  if (ec || !value.is_object())
    return Unavailable("Google sent an unreadable answer to " + std::string(what));
  return std::move(value.as_object());
}

EventInfo EventFrom(const bj::object& o) {
  return EventInfo{.id = Str(o, "id"), .status = Str(o, "status"), .html_link = Str(o, "htmlLink")};
}

bj::object DateTimeJson(const EventDateTime& at) {
  bj::object o{{"dateTime", FormatRfc3339(at.at_ms)}};
  if (!at.time_zone.empty()) o["timeZone"] = at.time_zone;
  return o;
}

}  // namespace

std::string FormatRfc3339(int64_t unix_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> tp{milliseconds(unix_ms)};
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

Result<int64_t> ParseRfc3339(std::string_view s) {
  using namespace std::chrono;
  auto bad = [&] { return InvalidArgument("not an RFC 3339 time: " + std::string(s.substr(0, 40))); };
  auto num = [&](size_t pos, size_t len, int& out) {
    if (pos + len > s.size()) return false;
    out = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (s.size() < 20 || !num(0, 4, y) || s[4] != '-' || !num(5, 2, mo) || s[7] != '-' || !num(8, 2, d) ||
      (s[10] != 'T' && s[10] != 't') || !num(11, 2, h) || s[13] != ':' || !num(14, 2, mi) || s[16] != ':' ||
      !num(17, 2, se)) {
    return bad();
  }
  size_t pos = 19;
  int64_t frac_ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 3) frac_ms = frac_ms * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return bad();
    for (int i = digits; i < 3; ++i) frac_ms *= 10;
  }
  int64_t offset_min = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh = 0, om = 0;
    if (!num(pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !num(pos + 4, 2, om))
      return bad();
    offset_min = static_cast<int64_t>(oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad();
  }
  if (pos != s.size()) return bad();
  const year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || se > 60) return bad();
  const int64_t day_ms = duration_cast<milliseconds>(sys_days(ymd).time_since_epoch()).count();
  return day_ms + ((h * 60 + mi) * 60 + se) * int64_t{1000} + frac_ms - offset_min * 60'000;
}

Error ApiError(const http::HttpResponse& response, std::string_view what) {
  std::string reason;
  std::string message;
  boost::system::error_code ec;
  auto value = bj::parse(response.body, ec);
  if (!ec && value.is_object()) {
    if (const auto* e = value.as_object().if_contains("error"); e != nullptr && e->is_object()) {
      message = Str(e->as_object(), "message");
      if (const auto* list = e->as_object().if_contains("errors"); list != nullptr && list->is_array()) {
        for (const auto& item : list->as_array()) {
          if (item.is_object() && reason.empty()) reason = Str(item.as_object(), "reason");
        }
      }
    }
  }
  const std::string text = "Google Calendar " + std::string(what) + ": HTTP " +
                           std::to_string(response.status) + (message.empty() ? "" : " " + message);
  Error error{ErrorCode::kInternal, text};
  const int s = response.status;
  const bool usage = reason == "rateLimitExceeded" || reason == "userRateLimitExceeded" ||
                     reason == "quotaExceeded" || reason == "dailyLimitExceeded";
  if (s == 401) {
    error.code = ErrorCode::kUnauthenticated;
  } else if (s == 429 || (s == 403 && usage)) {
    error.code = ErrorCode::kRateLimited;
  } else if (s == 403) {
    error.code = ErrorCode::kPermissionDenied;
  } else if (s == 404) {
    error.code = ErrorCode::kNotFound;
  } else if (s == 409) {
    error.code = ErrorCode::kConflict;
  } else if (s == 410) {
    error.code = ErrorCode::kFailedPrecondition;
    error.details["reason"] = "deleted";
  } else if (s >= 500) {
    error.code = ErrorCode::kUnavailable;
  } else if (s >= 400) {
    error.code = ErrorCode::kInvalidArgument;
  }
  error.details["status"] = s;
  if (!reason.empty()) error.details["google_reason"] = reason;
  return error;
}

HttpGoogleApi::HttpGoogleApi(http::HttpClient& http, GoogleApiOptions options)
    : http_(http), options_(std::move(options)) {
  while (options_.api_base.ends_with('/')) options_.api_base.pop_back();
}

Result<TokenGrant> HttpGoogleApi::TokenRequest(std::string body) {
  http::HttpRequest request{
      .method = "POST",
      .url = options_.token_url,
      .headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}},
      .body = std::move(body),
      .idempotent = false};
  X8_TRY(auto response, http_.Send(request));
  boost::system::error_code ec;
  auto value = bj::parse(response.body, ec);
  const bj::object empty;
  const bj::object& o = !ec && value.is_object() ? value.as_object() : empty;
  if (response.status != 200) {
    const std::string error = Str(o, "error");
    const std::string description = Str(o, "error_description");
    if (error == "invalid_grant") {
      return Error{ErrorCode::kFailedPrecondition,
                   "Google refused the authorization (invalid_grant" +
                       (description.empty() ? std::string() : ": " + description) +
                       "): the access was revoked or expired; connect Google Calendar again",
                   {{"reason", "invalid_grant"}}};
    }
    Error failure{response.status >= 500 ? ErrorCode::kUnavailable : ErrorCode::kFailedPrecondition,
                  "Google's token endpoint answered HTTP " + std::to_string(response.status) +
                      (error.empty() ? "" : " (" + error + ")"),
                  {{"reason", error.empty() ? "token_error" : error}}};
    if (response.status == 429) failure.code = ErrorCode::kRateLimited;
    return failure;
  }
  TokenGrant grant{.access_token = Str(o, "access_token"),
                   .refresh_token = Str(o, "refresh_token"),
                   .scope = Str(o, "scope")};
  if (const auto* v = o.if_contains("expires_in"); v != nullptr && v->is_int64())
    grant.expires_in_s = v->as_int64();
  if (grant.access_token.empty()) return Unavailable("Google's token endpoint sent no access token");
  if (grant.expires_in_s <= 0) grant.expires_in_s = 3600;
  return grant;
}

Result<TokenGrant> HttpGoogleApi::ExchangeCode(std::string_view code, std::string_view code_verifier,
                                               std::string_view redirect_uri) {
  return TokenRequest(Form({{"code", code},
                            {"client_id", options_.client_id},
                            {"client_secret", options_.client_secret},
                            {"redirect_uri", redirect_uri},
                            {"grant_type", "authorization_code"},
                            {"code_verifier", code_verifier}}));
}

Result<TokenGrant> HttpGoogleApi::Refresh(std::string_view refresh_token) {
  return TokenRequest(Form({{"grant_type", "refresh_token"},
                            {"refresh_token", refresh_token},
                            {"client_id", options_.client_id},
                            {"client_secret", options_.client_secret}}));
}

Status HttpGoogleApi::Revoke(std::string_view token) {
  http::HttpRequest request{.method = "POST",
                            .url = options_.revoke_url,
                            .headers = {{"Content-Type", "application/x-www-form-urlencoded"}},
                            .body = Form({{"token", token}})};
  X8_TRY(auto response, http_.Send(request));
  // 400 invalid_token: already revoked or expired — the goal is reached either way.
  if (response.status == 200 || response.status == 400) return Ok();
  return Unavailable("Google's revoke endpoint answered HTTP " + std::to_string(response.status));
}

Result<http::HttpResponse> HttpGoogleApi::Call(std::string method, std::string url,
                                               std::string_view access_token, std::string body) {
  http::HttpRequest request{.method = std::move(method), .url = std::move(url)};
  request.headers.emplace_back("Authorization", "Bearer " + std::string(access_token));
  request.headers.emplace_back("Accept", "application/json");
  if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  request.body = std::move(body);
  return http_.Send(request);
}

Result<std::vector<CalendarEntry>> HttpGoogleApi::ListCalendars(std::string_view access_token) {
  std::vector<CalendarEntry> out;
  std::string page_token;
  for (int page = 0; page < 20; ++page) {
    std::string url = options_.api_base + "/users/me/calendarList?minAccessRole=reader&maxResults=250";
    if (!page_token.empty()) url += "&pageToken=" + Encode(page_token);
    X8_TRY(auto response, Call("GET", url, access_token));
    if (response.status != 200) return ApiError(response, "calendarList");
    X8_TRY(auto o, JsonObject(response, "calendarList"));
    if (const auto* items = o.if_contains("items"); items != nullptr && items->is_array()) {
      for (const auto& item : items->as_array()) {
        if (!item.is_object()) continue;
        const auto& c = item.as_object();
        CalendarEntry entry{
            .id = Str(c, "id"),
            .summary = Str(c, "summaryOverride").empty() ? Str(c, "summary") : Str(c, "summaryOverride"),
            .access_role = Str(c, "accessRole"),
            .time_zone = Str(c, "timeZone")};
        if (const auto* p = c.if_contains("primary"); p != nullptr && p->is_bool())
          entry.primary = p->as_bool();
        if (!entry.id.empty()) out.push_back(std::move(entry));
      }
    }
    page_token = Str(o, "nextPageToken");
    if (page_token.empty()) break;
  }
  return out;
}

Result<EventInfo> HttpGoogleApi::InsertEvent(std::string_view access_token, std::string_view calendar_id,
                                             const EventInput& event) {
  bj::object body{
      {"id", event.id},
      {"summary", event.summary},
      {"start", DateTimeJson(event.start)},
      {"end", DateTimeJson(event.end)},
      {"extendedProperties", bj::object{{"private", bj::object{{"booking_id", event.booking_id}}}}}};
  if (!event.description.empty()) body["description"] = event.description;
  if (!event.location.empty()) body["location"] = event.location;
  X8_TRY(auto response,
         Call("POST", options_.api_base + "/calendars/" + Encode(calendar_id) + "/events?sendUpdates=none",
              access_token, bj::serialize(body)));
  if (response.status != 200) return ApiError(response, "events.insert");
  X8_TRY(auto o, JsonObject(response, "events.insert"));
  return EventFrom(o);
}

Result<EventInfo> HttpGoogleApi::GetEvent(std::string_view access_token, std::string_view calendar_id,
                                          std::string_view event_id) {
  X8_TRY(auto response,
         Call("GET", options_.api_base + "/calendars/" + Encode(calendar_id) + "/events/" + Encode(event_id),
              access_token));
  if (response.status != 200) return ApiError(response, "events.get");
  X8_TRY(auto o, JsonObject(response, "events.get"));
  return EventFrom(o);
}

Status HttpGoogleApi::DeleteEvent(std::string_view access_token, std::string_view calendar_id,
                                  std::string_view event_id) {
  X8_TRY(auto response, Call("DELETE",
                             options_.api_base + "/calendars/" + Encode(calendar_id) + "/events/" +
                                 Encode(event_id) + "?sendUpdates=none",
                             access_token));
  if (response.status == 200 || response.status == 204) return Ok();
  return ApiError(response, "events.delete");
}

Result<std::vector<scheduling::BusyRange>> HttpGoogleApi::FreeBusy(std::string_view access_token,
                                                                   std::string_view calendar_id,
                                                                   int64_t from_ms, int64_t to_ms) {
  bj::object body{{"timeMin", FormatRfc3339(from_ms)},
                  {"timeMax", FormatRfc3339(to_ms)},
                  {"items", bj::array{bj::object{{"id", calendar_id}}}}};
  X8_TRY(auto response, Call("POST", options_.api_base + "/freeBusy", access_token, bj::serialize(body)));
  if (response.status != 200) return ApiError(response, "freeBusy");
  X8_TRY(auto o, JsonObject(response, "freeBusy"));
  const auto* calendars = o.if_contains("calendars");
  if (calendars == nullptr || !calendars->is_object())
    return Unavailable("freeBusy answer without calendars");
  const auto* entry = calendars->as_object().if_contains(calendar_id);
  if (entry == nullptr || !entry->is_object()) return NotFound("freeBusy did not answer for the calendar");
  const auto& cal = entry->as_object();
  if (const auto* errors = cal.if_contains("errors");
      errors != nullptr && errors->is_array() && !errors->as_array().empty()) {
    std::string reason;
    if (errors->as_array()[0].is_object()) reason = Str(errors->as_array()[0].as_object(), "reason");
    return Error{reason == "notFound" ? ErrorCode::kNotFound : ErrorCode::kUnavailable,
                 "freeBusy error for the calendar: " + reason,
                 {{"google_reason", reason}}};
  }
  std::vector<scheduling::BusyRange> out;
  if (const auto* busy = cal.if_contains("busy"); busy != nullptr && busy->is_array()) {
    for (const auto& b : busy->as_array()) {
      if (!b.is_object()) continue;
      X8_TRY(auto start, ParseRfc3339(Str(b.as_object(), "start")));
      X8_TRY(auto end, ParseRfc3339(Str(b.as_object(), "end")));
      out.push_back({.starts_at = start, .ends_at = end});
    }
  }
  return out;
}

}  // namespace x8::calendar::google
