// Google Calendar per company (docs/google-calendar.md, docs/design/scheduling.md "Google Calendar"):
// OAuth (offline, PKCE S256, state), tokens encrypted at rest, the chosen calendar, the event sync job
// after payment / on cancel, and busy times for slot computation.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "modules/calendar/google/domain/ports.h"
#include "modules/calendar/google/domain/service.h"
#include "modules/scheduling/domain/ports.h"

namespace x8::storage {
class Database;
}
namespace x8::http {
class Router;
class HttpClient;
}  // namespace x8::http
namespace x8::jobs {
class Queue;
class Worker;
class Scheduler;
}  // namespace x8::jobs
namespace x8::accounts {
class AccessPolicy;
}
namespace x8::config {
struct Config;
}

namespace x8::calendar::google {

struct Dependencies {
  http::Router& router;
  storage::Database& db;
  jobs::Queue& queue;
  jobs::Worker& worker;        // runs calendar.google.sync, .backfill, .prune_states (register before Start)
  jobs::Scheduler& scheduler;  // calendar.google.prune_states every hour (register before Start)
  const Clock& clock;
  const accounts::AccessPolicy& access;
  // oauth.google_client_id/_secret/_auth_url/_token_url, calendar.google_api_base,
  // calendar.google_revoke_url, server.public_url (redirect URI and the page the callback returns to).
  const config::Config& config;
  std::string master_key;       // the 32 raw bytes (crypto::LoadMasterKey); a subkey encrypts the tokens
  http::HttpClient& http;       // shared outbound client
  CompanyAccess& companies;     // company → account for a signed-in principal (kNotFound when not theirs)
  BookingReader& bookings;      // scheduling: the booking a sync job works on, its google_event_id, and
                                // the confirmed bookings a back-fill pages through
  int64_t backfill_page = 100;  // bookings per calendar.google.backfill job (tests make it small)
};

struct Registered {
  std::shared_ptr<scheduling::BookingObserver> observer;  // give to scheduling: enqueues the sync job
  std::shared_ptr<scheduling::BusyTimes> busy;            // give to scheduling: freeBusy, 60 s cache
  std::shared_ptr<GoogleCalendarService> service;         // the use cases behind the routes
};

// Adds the routes (docs/google-calendar.md), the calendar.google.sync and calendar.google.backfill job
// handlers, and calendar.google.prune_states (hourly: deletes expired connect states); the objects
// behind them live as long as the returned pointers or the router's handlers, whichever is longer.
Registered Register(const Dependencies& deps);

inline constexpr std::string_view kPruneStatesJob = "calendar.google.prune_states";  // job kind and schedule

}  // namespace x8::calendar::google
