// The per-request CPU cost of X8's HTTP layer, without sockets: routing, the middleware chain,
// JSON in and out, metrics. Socket-level numbers come from the wrk runs in scripts/bench.
#include <benchmark/benchmark.h>

#include <boost/json.hpp>

#include "core/json.h"
#include "platform/http/pipeline.h"
#include "platform/http/router.h"
#include "platform/metrics/registry.h"

namespace x8::http {
namespace {

Router& BigRouter() {
  static Router* router = [] {
    auto* r = new Router();
    const char* resources[] = {"companies", "contacts", "conversations",   "messages",
                               "orders",    "bookings", "knowledge-bases", "media",
                               "channels",  "payments", "users",           "plans"};
    for (const char* res : resources) {
      std::string base = std::string("/api/v1/") + res;
      auto ok = [](Request&) { return Response::NoContent(); };
      r->Add("GET", base, ok);
      r->Add("POST", base, ok);
      r->Add("GET", base + "/{id}", ok);
      r->Add("PATCH", base + "/{id}", ok);
      r->Add("DELETE", base + "/{id}", ok);
      r->Add("GET", base + "/{id}/events", ok);
    }
    r->Add(
        "GET", "/healthz",
        [](Request&) {
          return Response::Json(boost::json::object{{"status", "ok"}});
        },
        RouteOptions{.access = Access::kPublic});
    r->Add(
        "POST", "/api/v1/echo",
        [](Request& req) {
          auto body = req.JsonBody();
          return Response::Json(boost::json::object{{"echo", std::move(*body)}});
        },
        RouteOptions{.access = Access::kPublic});
    return r;
  }();
  return *router;
}

void BM_RouterMatchParam(benchmark::State& state) {
  auto& router = BigRouter();
  for (auto _ : state) {
    auto m = router.Match("GET", "/api/v1/conversations/conv_01JD3V9K2M8Q4T6X0YB5C7N2PA/events");
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(BM_RouterMatchParam);

void BM_PipelineHealthz(benchmark::State& state) {
  metrics::Registry registry;
  Pipeline pipeline(BigRouter(), registry, PipelineOptions{.log_requests = false});
  for (auto _ : state) {
    Request request;
    request.method = "GET";
    request.path = "/healthz";
    auto response = pipeline.Handle(request);
    benchmark::DoNotOptimize(response);
  }
}
BENCHMARK(BM_PipelineHealthz);

void BM_PipelineJsonEcho(benchmark::State& state) {
  metrics::Registry registry;
  Pipeline pipeline(BigRouter(), registry, PipelineOptions{.log_requests = false});
  const std::string body =
      R"({"conversation_id":"conv_01JD3V9K2M8Q4T6X0YB5C7N2PA","text":"Хочу 2 букета красных роз на субботу",)"
      R"("items":[{"sku":"RR-M","qty":2,"price":5490},{"sku":"CARD","qty":1,"price":300}],"channel":"telegram"})";
  for (auto _ : state) {
    Request request;
    request.method = "POST";
    request.path = "/api/v1/echo";
    request.headers.Set("Content-Type", "application/json");
    request.body = body;
    auto response = pipeline.Handle(request);
    benchmark::DoNotOptimize(response);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_PipelineJsonEcho);

void BM_MetricsCounterIncCached(benchmark::State& state) {
  metrics::Registry registry;
  auto& counter = registry.Counter("bench_total", "bench", {"route"}).With({"/x"});
  for (auto _ : state) counter.Inc();
}
BENCHMARK(BM_MetricsCounterIncCached)->Threads(1)->Threads(2);

}  // namespace
}  // namespace x8::http
