// Operational endpoints: liveness, readiness, Prometheus metrics, version, and (in development)
// a JSON echo used by the load benchmarks.
#pragma once

#include <string>

#include "core/clock.h"

namespace x8::storage {
class Database;
}
namespace x8::metrics {
class Registry;
}
namespace x8::http {
class Router;
}
namespace x8::jobs {
class Queue;
class Worker;
class Scheduler;
}  // namespace x8::jobs

namespace x8::system {

struct SystemInfo {
  std::string version;
  std::string commit;
  std::string environment;
};

struct Dependencies {
  http::Router& router;
  storage::Database& db;
  metrics::Registry& registry;
  jobs::Queue& queue;
  jobs::Worker& worker;
  jobs::Scheduler& scheduler;
  const Clock& clock;
  SystemInfo info;
};

// Routes: /healthz, /readyz, /metrics, /api/v1/version, /api/v1/echo (development only).
// Jobs: "system.prune_jobs", scheduled hourly, deletes finished jobs older than a week.
void Register(const Dependencies& deps);

}  // namespace x8::system
