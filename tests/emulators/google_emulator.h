// Google's OAuth 2.0 / OpenID Connect endpoints as a web-server client sees them
// (shared/reference/payments-calendar.md §7–8):
//   GET  /google/o/oauth2/v2/auth                 authorization (auto-approves as the scripted user)
//   POST /google/token                            code exchange (client auth, redirect_uri, PKCE S256/plain)
//   GET  /google/oauth2/v3/certs                  JWKS with Cache-Control max-age
//   GET  /google/.well-known/openid-configuration discovery
// Control:
//   POST /__control/google/next-user  {sub, email, email_verified, name, deny?, id_token?:{nonce, aud,
//                                      iss, exp_offset_s, kid, wrong_key}}  — who approves from now on
//                                      and how the next ID tokens are (mis)made; sticky until replaced
//   POST /__control/google/client     {client_id, client_secret, redirect_uris:[…]} (empty list: any)
//   POST /__control/google/rotate-key new signing key with a new kid (the old one leaves the JWKS)
//   GET  /__control/google/stats      {authorizations, token_requests, jwks_fetches, refreshes, revocations,
//                                      calendar_requests, inserts, deletes, freebusy}
//
// Calendar API v3 (google_calendar_emulator.cpp; payments-calendar.md §7), for grants without openid
// (calendar.events, calendar.readonly): access tokens expire (401), offline grants get refresh tokens
// (grant_type=refresh_token; dead ones answer invalid_grant), POST /google/revoke kills a grant.
//   GET    /google/calendar/v3/users/me/calendarList
//   POST   /google/calendar/v3/calendars/{calendarId}/events        id ^[a-v0-9]{5,1024}$; 409 on a reused
//                                                                  id (also after delete)
//   GET    /google/calendar/v3/calendars/{calendarId}/events/{id}  cancelled events too
//   DELETE /google/calendar/v3/calendars/{calendarId}/events/{id}  204; 410 when deleted; 404 unknown
//   POST   /google/calendar/v3/freeBusy                             busy from the calendar's events
// Each user has a primary calendar (id = email), "Bookings" (owner) and a read-only holidays calendar.
//   GET  /__control/google/calendar/events?calendar_id=   every stored event (cancelled included)
//   POST /__control/google/calendar/events                {calendar_id, start, end, summary?}
//   POST /__control/google/calendar/fail                  {status, reason?, count?=1, op?=any|list|insert|
//                                                          get|delete|freebusy}
//   POST /__control/google/calendar/expire-access-tokens  every access token now answers 401
//   POST /__control/google/calendar/kill-refresh-tokens   every refresh token now answers invalid_grant
//   POST /__control/google/calendar/grant-only            {scope}: the user unticks the other boxes
//                                                          (granular consent) for the next code exchanges
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "tests/emulators/emulator.h"

namespace x8::emulators {

struct GoogleOptions {
  std::string client_id = "emulator-google-client.apps.googleusercontent.com";
  std::string client_secret = "emulator-google-secret";
  std::string issuer = "https://accounts.google.com";
  int64_t jwks_max_age_s = 19'845;
};

class GoogleEmulator final : public Emulator {
 public:
  GoogleEmulator(GoogleOptions options, const EmulatorContext& context);

  std::string_view name() const override { return "google"; }
  void Register(http::Router& router) override;
  void Reset() override;

 private:
  struct User {
    std::string sub = "109876543210987654321";
    std::string email = "emulated.user@example.com";
    bool email_verified = true;
    std::string name = "Emulated User";
  };
  // How the ID tokens of the next codes are made; the defaults make a valid token.
  struct IdTokenScript {
    std::optional<std::string> nonce;  // replaces the request's nonce
    std::optional<std::string> aud;
    std::optional<std::string> iss;
    int64_t exp_offset_s = 3600;
    std::optional<std::string> kid;  // a kid that is not in the JWKS
    bool wrong_key = false;          // signed with a key that is not in the JWKS, under the right kid
  };
  struct Script {
    User user;
    bool deny = false;
    IdTokenScript id_token;
  };
  struct IssuedCode {
    std::string client_id;
    std::string redirect_uri;
    std::string code_challenge;
    std::string code_challenge_method;
    std::string nonce;
    std::string scope;
    bool offline = false;
    Script script;
    int64_t expires_at_ms = 0;
    bool used = false;
  };

  struct AccessGrant {
    std::string email;
    std::string scope;
    std::string refresh_token;  // the grant it came from ("" for none)
    int64_t expires_at_ms = 0;
  };
  struct RefreshGrant {
    std::string email;
    std::string scope;
    std::string client_id;
    bool dead = false;
  };
  struct Calendar {
    std::string id;
    std::string summary;
    std::string owner;                                  // email
    std::string owner_role;                             // the owner's accessRole: owner | reader
    std::map<std::string, boost::json::object> events;  // id → event (cancelled ones stay)
  };
  struct Fault {
    int status = 500;
    std::string reason;
    int remaining = 1;
    std::string op = "any";
  };

  http::Response Authorize(const http::Request& request);
  http::Response Token(const http::Request& request);
  http::Response Certs();
  http::Response Discovery();
  http::Response SetNextUser(const http::Request& request);
  http::Response SetClient(const http::Request& request);
  http::Response RotateKey();
  http::Response Stats();
  std::string IdToken(const IssuedCode& code, const std::string& access_token);
  // ---- Calendar (google_calendar_emulator.cpp); the *Locked helpers expect mu_ held ----
  void RegisterCalendar(http::Router& router);
  http::Response RefreshGrantLocked(const std::vector<std::pair<std::string, std::string>>& form,
                                    const std::string& client_id);
  http::Response Revoke(const http::Request& request);
  std::string IssueAccessTokenLocked(const std::string& email, const std::string& scope,
                                     const std::string& refresh_token);
  void EnsureCalendarsLocked(const std::string& email);
  // The caller's grant, or the 401/403 answer in `error`.
  const AccessGrant* AuthorizeLocked(const http::Request& request, std::string_view needed_scope_a,
                                     std::string_view needed_scope_b, std::string_view op,
                                     http::Response& error);
  Calendar* CalendarForLocked(const AccessGrant& grant, std::string calendar_id);
  http::Response CalendarList(const http::Request& request);
  http::Response InsertEvent(const http::Request& request);
  http::Response GetEvent(const http::Request& request);
  http::Response DeleteEvent(const http::Request& request);
  http::Response FreeBusy(const http::Request& request);
  http::Response ControlEvents(const http::Request& request);
  http::Response ControlAddEvent(const http::Request& request);
  http::Response ControlFail(const http::Request& request);
  void ResetCalendarLocked();
  void NewSigningKey();

  const GoogleOptions defaults_;
  const EmulatorContext& context_;
  std::mutex mu_;
  std::string client_id_;
  std::string client_secret_;
  std::vector<std::string> redirect_uris_;
  std::string key_pem_;
  std::string kid_;
  std::string other_key_pem_;  // never published
  int key_generation_ = 0;
  Script script_;
  std::map<std::string, IssuedCode> codes_;
  int64_t authorizations_ = 0;
  int64_t token_requests_ = 0;
  int64_t jwks_fetches_ = 0;
  std::map<std::string, AccessGrant> access_tokens_;
  std::map<std::string, RefreshGrant> refresh_tokens_;
  std::map<std::string, Calendar> calendars_;
  std::vector<Fault> faults_;
  std::string grant_only_;  // "" grants what was asked
  int64_t refreshes_ = 0;
  int64_t revocations_ = 0;
  int64_t calendar_requests_ = 0;
  int64_t inserts_ = 0;
  int64_t deletes_ = 0;
  int64_t freebusy_ = 0;
};

}  // namespace x8::emulators
