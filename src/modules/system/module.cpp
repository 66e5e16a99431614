#include "modules/system/module.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "platform/http/router.h"
#include "platform/jobs/queue.h"
#include "platform/jobs/scheduler.h"
#include "platform/jobs/worker.h"
#include "platform/metrics/registry.h"
#include "platform/storage/database.h"

namespace x8::system {

namespace {
constexpr int64_t kKeepDoneJobsMillis = 7LL * 24 * 3600 * 1000;
}  // namespace

void Register(const Dependencies& deps) {
  auto& router = deps.router;
  auto& db = deps.db;
  auto& registry = deps.registry;
  auto& queue = deps.queue;
  const auto& info = deps.info;
  using http::Access;
  using http::Request;
  using http::Response;
  const http::RouteOptions kPublic{.access = Access::kPublic};

  router.Add(
      "GET", "/healthz",
      [](Request&) {
        return Response::Json(boost::json::object{{"status", "ok"}});
      },
      kPublic);

  router.Add(
      "GET", "/readyz",
      [&db](Request&) {
        auto ping = db.Ping();
        boost::json::object checks{{"database", ping ? "ok" : "unavailable"}};
        if (!ping) {
          return Response::Json(boost::json::object{{"status", "not_ready"}, {"checks", checks}}, 503);
        }
        return Response::Json(boost::json::object{{"status", "ready"}, {"checks", checks}});
      },
      kPublic);

  auto& jobs_gauge = registry.Gauge("x8_jobs", "Jobs in the durable queue by state", {"state"});
  router.Add(
      "GET", "/metrics",
      [&registry, &queue, &jobs_gauge](Request&) {
        if (auto counts = queue.CountByState()) {
          for (const char* state : {"pending", "running", "done", "dead"}) {
            auto it = counts->find(state);
            jobs_gauge.With({state}).Set(it == counts->end() ? 0.0 : static_cast<double>(it->second));
          }
        }
        return Response::Text(registry.Render(), "text/plain; version=0.0.4; charset=utf-8");
      },
      kPublic);

  const Clock& clock = deps.clock;
  deps.worker.Register("system.prune_jobs", [&queue, &clock](const jobs::Job&, storage::Tx&) -> Status {
    X8_TRY(auto pruned, queue.PruneDone(clock.NowMillis() - kKeepDoneJobsMillis));
    if (pruned > 0) spdlog::info("pruned {} finished jobs", pruned);
    return Ok();
  });
  if (auto scheduled = deps.scheduler.Every("system.prune_jobs", std::chrono::hours(1), "system.prune_jobs");
      !scheduled) {
    spdlog::error("cannot schedule system.prune_jobs: {}", scheduled.error().message);
  }

  std::string database = db.dialect() == storage::Dialect::kSqlite ? "sqlite" : "postgres";
  router.Add(
      "GET", "/api/v1/version",
      [info, database](Request&) {
        return Response::Json(boost::json::object{{"version", info.version},
                                                  {"commit", info.commit},
                                                  {"environment", info.environment},
                                                  {"database", database}});
      },
      kPublic);

  if (info.environment == "development") {
    // ?delay_ms= (at most 10 s) holds the request, so drain-on-shutdown can be seen working.
    router.Add(
        "POST", "/api/v1/echo",
        [](Request& request) {
          auto body = request.JsonBody();
          if (!body) return Response::FromError(body.error(), request.request_id);
          if (auto delay = request.QueryParam("delay_ms")) {
            int64_t ms = std::strtoll(delay->c_str(), nullptr, 10);
            std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp<int64_t>(ms, 0, 10'000)));
          }
          return Response::Json(boost::json::object{{"echo", std::move(*body)}});
        },
        kPublic);
  }
}

}  // namespace x8::system
