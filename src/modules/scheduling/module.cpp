#include "modules/scheduling/module.h"

#include <chrono>

#include "modules/scheduling/api/routes.h"
#include "modules/scheduling/store/sql_scheduling_repository.h"
#include "platform/http/router.h"
#include "platform/jobs/scheduler.h"
#include "platform/jobs/worker.h"
#include "platform/storage/database.h"

namespace x8::scheduling {

Registered Register(const Dependencies& deps) {
  struct State {
    explicit State(const Dependencies& deps)
        : service(deps.db, repository, deps.companies, deps.services, deps.clock, deps.access) {}
    SqlSchedulingRepository repository;
    SchedulingService service;
  };
  auto state = std::make_shared<State>(deps);
  auto service = std::shared_ptr<SchedulingService>(state, &state->service);
  if (deps.observer) service->SetObserver(deps.observer);
  if (deps.busy) service->SetBusyTimes(deps.busy);

  AddRoutes(deps.router, service);

  deps.worker.Register(std::string(kReleaseHoldsJob), [service](const jobs::Job&, storage::Tx& tx) -> Status {
    X8_TRY_STATUS(service->ReleaseExpiredHolds(tx));
    return Ok();
  });
  auto scheduled = deps.scheduler.Every(std::string(kReleaseHoldsSchedule), std::chrono::minutes(1),
                                        std::string(kReleaseHoldsJob));
  if (!scheduled) throw ErrorException(scheduled.error());

  return {.bookings = service,
          .schedules = service,
          .service = service,
          .repository = std::shared_ptr<SchedulingRepository>(state, &state->repository)};
}

}  // namespace x8::scheduling
