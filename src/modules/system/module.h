// Operational endpoints: liveness, readiness, Prometheus metrics, version, and (in development)
// a JSON echo used by the load benchmarks.
#pragma once

#include <string>

namespace x8::storage {
class Database;
}
namespace x8::metrics {
class Registry;
}
namespace x8::http {
class Router;
}

namespace x8::system {

struct SystemInfo {
  std::string version;
  std::string commit;
  std::string environment;
};

void Register(http::Router& router, storage::Database& db, metrics::Registry& registry, SystemInfo info);

}  // namespace x8::system
