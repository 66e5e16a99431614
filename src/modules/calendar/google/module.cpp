#include "modules/calendar/google/module.h"

#include <chrono>
#include <stdexcept>

#include "core/json.h"
#include "modules/calendar/google/api/routes.h"
#include "modules/calendar/google/clients/google_api.h"
#include "modules/calendar/google/store/sql_connection_repository.h"
#include "platform/config/config.h"
#include "platform/crypto/crypto.h"
#include "platform/http/router.h"
#include "platform/jobs/scheduler.h"
#include "platform/jobs/worker.h"

namespace x8::calendar::google {

inline constexpr std::string_view kKeyPurpose = "x8/calendar.google/tokens/v1";

Registered Register(const Dependencies& deps) {
  auto box = crypto::SecretBox::FromKey(crypto::DeriveKey(deps.master_key, kKeyPurpose));
  if (!box) throw ErrorException(box.error());
  struct State {
    State(const Dependencies& deps, crypto::SecretBox box)
        : api(deps.http, GoogleApiOptions{.client_id = deps.config.oauth.google_client_id,
                                          .client_secret = deps.config.oauth.google_client_secret,
                                          .token_url = deps.config.oauth.google_token_url,
                                          .revoke_url = deps.config.calendar.google_revoke_url,
                                          .api_base = deps.config.calendar.google_api_base}),
          service(deps.db, repository, api, deps.queue, deps.clock, deps.access, deps.companies,
                  deps.bookings, std::move(box),
                  Settings{.client_id = deps.config.oauth.google_client_id,
                           .auth_url = deps.config.oauth.google_auth_url,
                           .public_url = deps.config.server.public_url,
                           .backfill_page = deps.backfill_page}) {}
    SqlConnectionRepository repository;
    HttpGoogleApi api;
    GoogleCalendarService service;
  };
  auto state = std::make_shared<State>(deps, std::move(*box));
  auto service = std::shared_ptr<GoogleCalendarService>(state, &state->service);

  AddRoutes(deps.router, service);
  deps.worker.Register(std::string(kSyncJob), [service](const jobs::Job& job, storage::Tx& tx) -> Status {
    X8_TRY(auto payload, json::ParseObject(job.payload));
    X8_TRY(auto booking_id, json::RequireString(payload, "booking_id"));
    return service->Sync(tx, booking_id);
  });
  deps.worker.Register(std::string(kBackfillJob), [service](const jobs::Job& job, storage::Tx& tx) -> Status {
    X8_TRY(auto page, BackfillPageFrom(job.payload));
    return service->Backfill(tx, page);
  });
  // Connect states nobody came back with (the consent page was closed): starting a connect prunes the
  // expired ones too, this covers the time nobody connects. Each connect prunes, so the backlog is small
  // and one statement in the job's transaction does.
  deps.worker.Register(std::string(kPruneStatesJob),
                       [state, &clock = deps.clock](const jobs::Job&, storage::Tx& tx) -> Status {
                         X8_TRY_STATUS(state->repository.PruneStates(tx, clock.NowMillis()));
                         return Ok();
                       });
  auto scheduled =
      deps.scheduler.Every(std::string(kPruneStatesJob), std::chrono::hours(1), std::string(kPruneStatesJob));
  if (!scheduled) throw ErrorException(scheduled.error());  // a start-up bug

  return {.observer = service, .busy = service, .service = service};
}

}  // namespace x8::calendar::google
