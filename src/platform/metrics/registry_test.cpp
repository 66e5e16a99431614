#include "platform/metrics/registry.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>
#include <vector>

namespace x8::metrics {
namespace {

TEST(RegistryTest, RendersSmallRegistryExactly) {
  Registry registry;
  auto& requests =
      registry.Counter("x8_http_requests_total", "HTTP requests served.", {"method", "route", "status"});
  requests.With({"GET", "/healthz", "200"}).Inc();
  requests.With({"GET", "/healthz", "200"}).Inc();
  requests.With({"POST", "/api/v1/orders", "201"}).Inc(3);
  registry.Gauge("x8_ws_sessions", "Open WebSocket sessions.").With({}).Set(7);
  auto& latency =
      registry.Histogram("x8_http_request_duration_seconds", "Request latency.", {"route"}, {0.1, 0.5, 1});
  auto& healthz = latency.With({"/healthz"});
  healthz.Observe(0.05);
  healthz.Observe(0.1);  // on the boundary: counted in le="0.1"
  healthz.Observe(0.7);
  healthz.Observe(3);

  EXPECT_EQ(registry.Render(),
            "# HELP x8_http_request_duration_seconds Request latency.\n"
            "# TYPE x8_http_request_duration_seconds histogram\n"
            "x8_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.1\"} 2\n"
            "x8_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.5\"} 2\n"
            "x8_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"1\"} 3\n"
            "x8_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 4\n"
            "x8_http_request_duration_seconds_sum{route=\"/healthz\"} 3.85\n"
            "x8_http_request_duration_seconds_count{route=\"/healthz\"} 4\n"
            "# HELP x8_http_requests_total HTTP requests served.\n"
            "# TYPE x8_http_requests_total counter\n"
            "x8_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2\n"
            "x8_http_requests_total{method=\"POST\",route=\"/api/v1/orders\",status=\"201\"} 3\n"
            "# HELP x8_ws_sessions Open WebSocket sessions.\n"
            "# TYPE x8_ws_sessions gauge\n"
            "x8_ws_sessions 7\n");
}

TEST(RegistryTest, UnlabelledFamilyRendersZeroAndLabelledFamilyWithoutChildrenIsOmitted) {
  Registry registry;
  registry.Counter("x8_jobs_total", "Jobs run.");
  registry.Counter("x8_errors_total", "Errors.", {"kind"});
  EXPECT_EQ(registry.Render(),
            "# HELP x8_jobs_total Jobs run.\n"
            "# TYPE x8_jobs_total counter\n"
            "x8_jobs_total 0\n");
}

TEST(RegistryTest, DefaultLatencyBucketsSpanHalfAMillisecondToTenSeconds) {
  Registry registry;
  registry.Histogram("x8_latency_seconds", "Latency.").With({}).Observe(0.0004);
  const std::string text = registry.Render();
  EXPECT_NE(text.find("x8_latency_seconds_bucket{le=\"0.0005\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("x8_latency_seconds_bucket{le=\"10\"} 1\n"), std::string::npos) << text;
  EXPECT_EQ(DefaultLatencyBuckets().size(), 14u);
}

TEST(RegistryTest, EscapesLabelValuesAndHelp) {
  Registry registry;
  registry.Counter("x8_escapes_total", "Line one\nback\\slash \"quoted\"", {"value"})
      .With({"a\\b\"c\nd"})
      .Inc();
  EXPECT_EQ(registry.Render(),
            "# HELP x8_escapes_total Line one\\nback\\\\slash \"quoted\"\n"
            "# TYPE x8_escapes_total counter\n"
            "x8_escapes_total{value=\"a\\\\b\\\"c\\nd\"} 1\n");
}

TEST(RegistryTest, ConcurrentIncrementsSumExactly) {
  Registry registry;
  auto& family = registry.Counter("x8_concurrent_total", "Concurrent.", {"worker"});
  auto& histogram = registry.Histogram("x8_concurrent_seconds", "Concurrent.", {}, {1});
  auto& gauge = registry.Gauge("x8_concurrent_gauge", "Concurrent.").With({});
  constexpr int kThreads = 8;
  constexpr int kIterations = 20000;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto& shared = family.With({"shared"});
      for (int i = 0; i < kIterations; ++i) {
        shared.Inc();
        family.With({t % 2 == 0 ? "even" : "odd"}).Inc(0.5);
        histogram.With({}).Observe(i % 2 == 0 ? 0.5 : 2.0);
        gauge.Inc();
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(family.With({"shared"}).Value(), kThreads * kIterations);
  EXPECT_EQ(family.With({"even"}).Value(),
            static_cast<double>(kThreads) / 2 * kIterations * 0.5);  // even threads only
  EXPECT_EQ(gauge.Value(), kThreads * kIterations);
  const Histogram::Snapshot snapshot = histogram.With({}).Collect();
  EXPECT_EQ(snapshot.count, static_cast<uint64_t>(kThreads * kIterations));
  EXPECT_EQ(snapshot.cumulative_counts[0], static_cast<uint64_t>(kThreads * kIterations / 2));
  EXPECT_EQ(snapshot.sum,
            static_cast<double>(kThreads * kIterations) / 2 * 2.5);  // half the observations are 2.5
}

TEST(RegistryTest, WithReturnsStableReferences) {
  Registry registry;
  auto& family = registry.Counter("x8_stable_total", "Stable.", {"k"});
  Counter* first = &family.With({"a"});
  for (int i = 0; i < 1000; ++i) family.With({std::to_string(i)});
  EXPECT_EQ(first, &family.With({"a"}));
}

TEST(RegistryTest, SameShapeReturnsSameFamilyOtherShapeThrows) {
  Registry registry;
  auto& family = registry.Counter("x8_same_total", "Same.", {"k"});
  EXPECT_EQ(&family, &registry.Counter("x8_same_total", "Same.", {"k"}));
  EXPECT_THROW(registry.Counter("x8_same_total", "Same.", {"other"}), std::invalid_argument);
  EXPECT_THROW(registry.Gauge("x8_same_total", "Same.", {"k"}), std::invalid_argument);
  registry.Histogram("x8_hist_seconds", "H.", {}, {1, 2});
  EXPECT_THROW(registry.Histogram("x8_hist_seconds", "H.", {}, {1, 3}), std::invalid_argument);
}

TEST(RegistryTest, RejectsMisuse) {
  Registry registry;
  EXPECT_THROW(registry.Counter("9bad", "x"), std::invalid_argument);
  EXPECT_THROW(registry.Counter("bad-name", "x"), std::invalid_argument);
  EXPECT_THROW(registry.Counter("x8_ok_total", "x", {"__reserved"}), std::invalid_argument);
  EXPECT_THROW(registry.Counter("x8_ok_total", "x", {"a", "a"}), std::invalid_argument);
  EXPECT_THROW(registry.Histogram("x8_h_seconds", "x", {"le"}), std::invalid_argument);
  EXPECT_THROW(registry.Histogram("x8_h_seconds", "x", {}, {2, 1}), std::invalid_argument);
  auto& family = registry.Counter("x8_labels_total", "x", {"a", "b"});
  EXPECT_THROW(family.With({"only-one"}), std::invalid_argument);
}

TEST(CounterTest, IgnoresNegativeIncrements) {
  Counter counter;
  counter.Inc(2.5);
  counter.Inc(-1);
  counter.Inc();
  EXPECT_EQ(counter.Value(), 3.5);
}

TEST(FormatValueTest, UsesShortestRoundTripAndPrometheusSpecials) {
  EXPECT_EQ(FormatValue(1), "1");
  EXPECT_EQ(FormatValue(0.0005), "0.0005");
  EXPECT_EQ(FormatValue(-2.5), "-2.5");
  EXPECT_EQ(FormatValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatValue(std::nan("")), "NaN");
}

}  // namespace
}  // namespace x8::metrics
