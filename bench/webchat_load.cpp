// Web chat end to end under load: V concurrent visitors each send a message through the public web
// chat API and wait on their WebSocket topic for the assistant's reply, again and again, for a fixed
// time. Prints replies/s and the message → reply latency distribution. Run by scripts/bench against a
// server it starts (debounce 0); see bench/RESULTS.md.
//
//   x8_webchat_load --port 8080 --widget-key wc_… --visitors 16 --seconds 10 [--text "red roses"]
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/ids.h"
#include "platform/http/client/http_client.h"
#include "tests/integration/websocket_client.h"

namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

struct Totals {
  std::mutex mutex;
  std::vector<double> latencies_ms;
  std::atomic<int64_t> errors{0};
};

std::optional<json::object> PostJson(x8::http::HttpClient& client, const std::string& url,
                                     const json::object& body, int expected_status) {
  x8::http::HttpRequest request{.method = "POST",
                                .url = url,
                                .headers = {{"Content-Type", "application/json"}},
                                .body = json::serialize(body)};
  request.idempotent = false;
  auto response = client.Send(request);
  if (!response || response->status != expected_status) return std::nullopt;
  auto parsed = json::parse(response->body);
  if (!parsed.is_object()) return std::nullopt;
  return parsed.as_object();
}

// True when `frame` is an event carrying a reply (a message not written by the customer).
bool IsReply(const std::string& frame) {
  boost::system::error_code ec;
  auto value = json::parse(frame, ec);
  if (ec || !value.is_object()) return false;
  const auto& object = value.as_object();
  if (object.if_contains("type") == nullptr || object.at("type") != "event") return false;
  const auto* data = object.at("data").if_object();
  if (!data || !data->if_contains("message")) return false;
  const auto& message = data->at("message").as_object();
  return message.if_contains("direction") && message.at("direction") == "out";
}

void Visitor(uint16_t port, const std::string& widget_key, const std::string& text, Clock::time_point until,
             Totals& totals) {
  x8::http::HttpClient client;
  const std::string base = "http://127.0.0.1:" + std::to_string(port) + "/api/v1/webchat/" + widget_key;
  auto session = PostJson(client, base + "/sessions", json::object{}, 200);
  if (!session) {
    ++totals.errors;
    return;
  }
  const std::string token(session->at("visitor_token").as_string());
  x8::testing::WebSocketClient socket;
  if (socket.Connect(port, "/ws") != 101 ||
      !socket.SendText(json::serialize(json::object{{"type", "subscribe"}, {"topic", "webchat." + token}})) ||
      !socket.ReadText()) {
    ++totals.errors;
    return;
  }
  std::vector<double> mine;
  while (Clock::now() < until) {
    auto started = Clock::now();
    auto sent = PostJson(
        client, base + "/messages",
        json::object{{"visitor_token", token}, {"text", text}, {"client_id", x8::NewId("cli")}}, 202);
    if (!sent) {
      ++totals.errors;
      continue;
    }
    bool replied = false;
    while (!replied) {
      auto frame = socket.ReadText(std::chrono::seconds(10));
      if (!frame) break;
      replied = IsReply(*frame);
    }
    if (!replied) {
      ++totals.errors;
      continue;
    }
    // A reply may come as several messages (text, then buttons); the first one is the latency.
    mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
    while (socket.ReadText(std::chrono::milliseconds(20))) {
    }
  }
  std::lock_guard lock(totals.mutex);
  totals.latencies_ms.insert(totals.latencies_ms.end(), mine.begin(), mine.end());
}

double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t index = std::min(sorted.size() - 1, static_cast<size_t>(p * static_cast<double>(sorted.size())));
  return sorted[index];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"web chat message → reply load test"};
  uint16_t port = 8080;
  std::string widget_key;
  int visitors = 16;
  int seconds = 10;
  std::string text = "red roses";
  app.add_option("--port", port, "server port on 127.0.0.1");
  app.add_option("--widget-key", widget_key, "the company's web chat key (wc_…)")->required();
  app.add_option("--visitors", visitors, "concurrent visitors");
  app.add_option("--seconds", seconds, "how long to run");
  app.add_option("--text", text, "what every visitor writes");
  CLI11_PARSE(app, argc, argv);

  Totals totals;
  auto started = Clock::now();
  auto until = started + std::chrono::seconds(seconds);
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(visitors));
  for (int i = 0; i < visitors; ++i) {
    threads.emplace_back([&] { Visitor(port, widget_key, text, until, totals); });
  }
  for (auto& thread : threads) thread.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - started).count();

  auto& latencies = totals.latencies_ms;
  std::sort(latencies.begin(), latencies.end());
  std::printf("visitors %d, %.1f s: %zu replies (%.1f replies/s), %lld errors\n", visitors, elapsed,
              latencies.size(), static_cast<double>(latencies.size()) / elapsed,
              static_cast<long long>(totals.errors.load()));
  std::printf("message → first reply latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n",
              Percentile(latencies, 0.50), Percentile(latencies, 0.90), Percentile(latencies, 0.99),
              latencies.empty() ? 0.0 : latencies.back());
  return latencies.empty() ? 1 : 0;
}
