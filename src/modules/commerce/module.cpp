#include "modules/commerce/module.h"

#include <chrono>

#include "core/json.h"
#include "modules/commerce/api/routes.h"
#include "modules/commerce/domain/sandbox_provider.h"
#include "modules/commerce/store/sql_order_repository.h"
#include "platform/http/router.h"
#include "platform/jobs/scheduler.h"
#include "platform/jobs/worker.h"
#include "platform/storage/database.h"

namespace x8::commerce {

Registered Register(const Dependencies& deps) {
  struct State {
    explicit State(const Dependencies& deps)
        : provider(deps.public_url),
          service(deps.db, repository, provider, deps.queue, deps.clock, deps.access, deps.companies,
                  CheckoutOptions{.link_ttl_ms = deps.link_ttl_minutes * 60'000}) {}
    SqlOrderRepository repository;
    SandboxProvider provider;
    CheckoutService service;
  };
  auto state = std::make_shared<State>(deps);
  auto service = std::shared_ptr<CheckoutService>(state, &state->service);
  if (deps.observer) service->SetObserver(deps.observer);
  jobs::Worker* worker = &deps.worker;
  service->SetWake([worker] { worker->Wake(); });

  AddRoutes(deps.router, service);
  AddSandboxRoutes(deps.router, service, deps.merchants);

  deps.worker.Register(std::string(kApplyEventJob),
                       [service](const jobs::Job& job, storage::Tx& tx) -> Status {
                         X8_TRY(auto payload, json::ParseObject(job.payload));
                         X8_TRY(auto event_id, json::RequireString(payload, "event_id"));
                         return service->ApplyEvent(tx, event_id);
                       });
  deps.worker.Register(std::string(kExpireLinksJob), [service](const jobs::Job&, storage::Tx& tx) -> Status {
    X8_TRY_STATUS(service->ExpireLinks(tx));
    return Ok();
  });
  auto scheduled = deps.scheduler.Every(std::string(kExpireLinksSchedule), std::chrono::minutes(1),
                                        std::string(kExpireLinksJob));
  if (!scheduled) throw ErrorException(scheduled.error());

  return {.checkout = service,
          .service = service,
          .orders = std::shared_ptr<OrderRepository>(state, &state->repository)};
}

}  // namespace x8::commerce
