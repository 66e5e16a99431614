#include "modules/system/module.h"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

#include "platform/http/router.h"
#include "platform/metrics/registry.h"
#include "platform/storage/database.h"

namespace x8::system {

void Register(http::Router& router, storage::Database& db, metrics::Registry& registry, SystemInfo info) {
  using http::Access;
  using http::Request;
  using http::Response;
  const http::RouteOptions kPublic{.access = Access::kPublic};

  router.Add("GET", "/healthz", [](Request&) { return Response::Json(boost::json::object{{"status", "ok"}}); },
             kPublic);

  router.Add("GET", "/readyz", [&db](Request&) {
    auto ping = db.Ping();
    boost::json::object checks{{"database", ping ? "ok" : "unavailable"}};
    if (!ping) {
      return Response::Json(boost::json::object{{"status", "not_ready"}, {"checks", checks}}, 503);
    }
    return Response::Json(boost::json::object{{"status", "ready"}, {"checks", checks}});
  }, kPublic);

  router.Add("GET", "/metrics", [&registry](Request&) {
    return Response::Text(registry.Render(), "text/plain; version=0.0.4; charset=utf-8");
  }, kPublic);

  std::string database = db.dialect() == storage::Dialect::kSqlite ? "sqlite" : "postgres";
  router.Add("GET", "/api/v1/version", [info, database](Request&) {
    return Response::Json(boost::json::object{{"version", info.version},
                                              {"commit", info.commit},
                                              {"environment", info.environment},
                                              {"database", database}});
  }, kPublic);

  if (info.environment == "development") {
    // ?delay_ms= (at most 10 s) holds the request, so drain-on-shutdown can be seen working.
    router.Add("POST", "/api/v1/echo", [](Request& request) {
      auto body = request.JsonBody();
      if (!body) return Response::FromError(body.error(), request.request_id);
      if (auto delay = request.QueryParam("delay_ms")) {
        int64_t ms = std::strtoll(delay->c_str(), nullptr, 10);
        std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp<int64_t>(ms, 0, 10'000)));
      }
      return Response::Json(boost::json::object{{"echo", std::move(*body)}});
    }, kPublic);
  }
}

}  // namespace x8::system
