// GoogleApi over HttpClient: Google's OAuth token and revoke endpoints and Calendar API v3
// (shared/reference/payments-calendar.md §7). Blocking; no token or secret ever reaches a log or an error.
#pragma once

#include <string>

#include "modules/calendar/google/domain/ports.h"
#include "platform/http/client/http_client.h"

namespace x8::calendar::google {

struct GoogleApiOptions {
  std::string client_id;
  std::string client_secret;
  std::string token_url = "https://oauth2.googleapis.com/token";
  std::string revoke_url = "https://oauth2.googleapis.com/revoke";
  std::string api_base = "https://www.googleapis.com/calendar/v3";  // without a trailing slash
};

class HttpGoogleApi final : public GoogleApi {
 public:
  HttpGoogleApi(http::HttpClient& http, GoogleApiOptions options);

  Result<TokenGrant> ExchangeCode(std::string_view code, std::string_view code_verifier,
                                  std::string_view redirect_uri) override;
  Result<TokenGrant> Refresh(std::string_view refresh_token) override;
  Status Revoke(std::string_view token) override;
  Result<std::vector<CalendarEntry>> ListCalendars(std::string_view access_token) override;
  Result<EventInfo> InsertEvent(std::string_view access_token, std::string_view calendar_id,
                                const EventInput& event) override;
  Result<EventInfo> GetEvent(std::string_view access_token, std::string_view calendar_id,
                             std::string_view event_id) override;
  Status DeleteEvent(std::string_view access_token, std::string_view calendar_id,
                     std::string_view event_id) override;
  Result<std::vector<scheduling::BusyRange>> FreeBusy(std::string_view access_token,
                                                      std::string_view calendar_id, int64_t from_ms,
                                                      int64_t to_ms) override;

 private:
  Result<TokenGrant> TokenRequest(std::string body);
  Result<http::HttpResponse> Call(std::string method, std::string url, std::string_view access_token,
                                  std::string body = {});

  http::HttpClient& http_;
  GoogleApiOptions options_;
};

// RFC 3339 in UTC with a Z ("2026-03-29T08:30:00Z") and back (Z or ±hh:mm offsets, optional fraction).
std::string FormatRfc3339(int64_t unix_ms);
Result<int64_t> ParseRfc3339(std::string_view text);
// Maps a Calendar API error answer to X8's codes (see GoogleApi).
Error ApiError(const http::HttpResponse& response, std::string_view what);

}  // namespace x8::calendar::google
