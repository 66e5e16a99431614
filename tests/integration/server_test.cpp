// The real x8 binary over real HTTP, on SQLite and PostgreSQL.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <thread>

#include "platform/storage/testing/test_database.h"
#include "tests/integration/api_client.h"
#include "tests/integration/server_process.h"
#include "tests/integration/websocket_client.h"

namespace x8::testing {
namespace {

using storage::testing::EngineTest;

// Sends raw bytes and returns whatever the server answers before closing (or 3 s).
std::string RawExchange(uint16_t port, const std::string& bytes) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return "connect failed";
  ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  timeval tv{3, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

class ServerTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    server_ = std::make_unique<ServerProcess>(ServerOptions{.database_url = url()});
    ASSERT_TRUE(server_->Start()) << server_->log();
  }
  void TearDown() override {
    server_.reset();
    EngineTest::TearDown();
  }
  ServerProcess& server() { return *server_; }

 private:
  std::unique_ptr<ServerProcess> server_;
};

TEST_P(ServerTest, HealthReadinessAndVersion) {
  auto health = server().Get("/healthz").value();
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(Json(health).at("status"), "ok");
  auto ready = server().Get("/readyz").value();
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(Json(ready).at("checks").at("database"), "ok");
  auto version = server().Get("/api/v1/version").value();
  EXPECT_EQ(Json(version).at("database"), is_postgres() ? "postgres" : "sqlite");
  EXPECT_FALSE(Json(version).at("version").as_string().empty());
}

TEST_P(ServerTest, UnknownRouteAndWrongMethodAreJsonErrors) {
  auto missing = server().Get("/api/v1/nothing-here").value();
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ErrorCodeOf(missing), "not_found");
  EXPECT_TRUE(missing.Header("X-Request-Id"));
  auto wrong = server().Post("/healthz", "{}").value();
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(*wrong.Header("Allow"), "GET");
  EXPECT_EQ(ErrorCodeOf(wrong), "method_not_allowed");
}

TEST_P(ServerTest, MalformedJsonNamesLineAndColumn) {
  auto r = server().Post("/api/v1/echo", "{\n  \"name\": \"roses\",\n  \"price\": 29.90,,\n}").value();
  EXPECT_EQ(r.status, 400);
  auto details = Json(r).at("error").at("details");
  EXPECT_EQ(details.at("line").as_int64(), 3);
  EXPECT_EQ(details.at("column").as_int64(), 18);
  auto ok = server().Post("/api/v1/echo", R"({"name":"розы"})").value();
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(Json(ok).at("echo").at("name"), "розы");
}

TEST_P(ServerTest, WrongMediaTypeIs415) {
  auto r = server().Post("/api/v1/echo", "name=roses", "application/x-www-form-urlencoded").value();
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(ErrorCodeOf(r), "unsupported_media_type");
}

TEST_P(ServerTest, OversizedBodyIs413BeforeItIsRead) {
  std::string big(2 << 20, 'a');
  auto r = server().Post("/api/v1/echo", big).value();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(ErrorCodeOf(r), "payload_too_large");
  EXPECT_EQ(Json(r).at("error").at("details").at("limit").as_int64(), 1 << 20);
  // Chunked bodies have no declared length: the limit applies while reading.
  std::string chunked =
      "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 40; ++i) chunked += "8000\r\n" + std::string(0x8000, 'b') + "\r\n";
  auto raw = RawExchange(server().port(), chunked + "0\r\n\r\n");
  EXPECT_NE(raw.find("413 Payload Too Large"), std::string::npos) << raw.substr(0, 200);
  // The server is still fine afterwards.
  EXPECT_EQ(server().Get("/healthz").value().status, 200);
}

TEST_P(ServerTest, OversizedHeadersAre431AndGarbageIs400) {
  auto r = server().Get("/healthz", {{"X-Big", std::string(20000, 'h')}}).value();
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(ErrorCodeOf(r), "payload_too_large");
  auto raw = RawExchange(server().port(), "THIS IS NOT HTTP\r\n\r\n");
  EXPECT_NE(raw.find("400 Bad Request"), std::string::npos) << raw;
  EXPECT_NE(raw.find("\"code\":\"invalid_argument\""), std::string::npos) << raw;
}

TEST_P(ServerTest, ServesTheWebAppWithCacheHeadersAndSpaFallback) {
  auto index = server().Get("/").value();
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("<title>X8</title>"), std::string::npos);
  EXPECT_EQ(*index.Header("Cache-Control"), "no-cache");
  auto deep = server().Get("/conversations/conv_123").value();
  EXPECT_EQ(deep.status, 200);
  EXPECT_EQ(deep.body, index.body);
  auto asset = server().Get("/assets/app-1a2b3c.js").value();
  EXPECT_EQ(*asset.Header("Cache-Control"), "public, max-age=31536000, immutable");
  auto revalidated = server().Get("/", {{"If-None-Match", std::string(*index.Header("ETag"))}}).value();
  EXPECT_EQ(revalidated.status, 304);
  EXPECT_EQ(server().Get("/assets/gone-999.js").value().status, 404);
  EXPECT_EQ(ErrorCodeOf(server().Get("/api/v1/unknown").value()), "not_found");
  http::HttpRequest head{.method = "HEAD", .url = server().Url("/")};
  auto head_response = server().Send(head).value();
  EXPECT_EQ(head_response.status, 200);
  EXPECT_TRUE(head_response.body.empty());
}

TEST_P(ServerTest, MetricsCountRequestsByRouteTemplate) {
  for (int i = 0; i < 3; ++i) server().Get("/healthz").value();
  server().Get("/no/such/page.png").value();
  auto metrics = server().Get("/metrics").value();
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find(R"(x8_http_requests_total{method="GET",route="/healthz",status="200"} 3)"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find(R"(x8_http_request_duration_seconds_count{method="GET",route="/healthz"} 3)"),
            std::string::npos);
  EXPECT_NE(metrics.body.find(R"(route="unmatched",status="404"} 1)"), std::string::npos);
  // The hourly housekeeping job is scheduled at start, so the queue is never empty.
  EXPECT_NE(metrics.body.find("# TYPE x8_jobs gauge"), std::string::npos);
  EXPECT_NE(metrics.body.find(R"(x8_jobs{state="dead"} 0)"), std::string::npos);
}

TEST_P(ServerTest, SigtermDrainsInFlightRequests) {
  std::optional<Result<http::HttpResponse>> slow;
  std::thread client([&] { slow = server().Post("/api/v1/echo?delay_ms=1500", R"({"n":1})"); });
  // Let the request reach its handler before asking the server to stop.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto started = std::chrono::steady_clock::now();
  int status = server().Terminate();
  client.join();
  EXPECT_EQ(status, 0) << server().log();
  ASSERT_TRUE(slow.has_value() && *slow) << server().log();
  EXPECT_EQ((*slow)->status, 200);
  EXPECT_EQ(Json(**slow).at("echo").at("n"), 1);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(500));
  EXPECT_FALSE(server().Get("/healthz"));  // nobody is listening any more
}

TEST_P(ServerTest, WebSocketSubscribesAndAnswers) {
  WebSocketClient ws;
  ASSERT_EQ(ws.Connect(server().port(), "/ws"), 101);
  ASSERT_TRUE(ws.SendText(R"({"type":"ping"})"));
  EXPECT_EQ(boost::json::parse(ws.ReadText().value()).at("type"), "pong");
  ws.SendText(R"({"type":"subscribe","topic":"system"})");
  EXPECT_EQ(boost::json::parse(ws.ReadText().value()).at("type"), "subscribed");
  ws.SendText(R"({"type":"subscribe","topic":"company.someone-else"})");
  EXPECT_EQ(boost::json::parse(ws.ReadText().value()).at("error").at("code"), "not_found");
  ws.SendText("{not json");
  EXPECT_EQ(boost::json::parse(ws.ReadText().value()).at("error").at("code"), "invalid_argument");
  // A SIGTERM closes open sockets instead of waiting for them.
  EXPECT_EQ(server().Terminate(), 0);
  EXPECT_FALSE(ws.ReadText(std::chrono::seconds(3)).has_value());
}

TEST_P(ServerTest, MigrateReportsEverythingApplied) {
  std::string command = "env -i PATH=/usr/bin:/bin X8_DATABASE_URL='" + url() + "' " + X8Binary().string() +
                        " migrate --status 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, pipe)) out += buf;
  EXPECT_EQ(pclose(pipe), 0) << out;
  EXPECT_NE(out.find("applied 1 "), std::string::npos) << out;
  EXPECT_EQ(out.find("pending"), std::string::npos) << out;
}

X8_INSTANTIATE_ENGINE_TEST(ServerTest);

std::string RunX8(const std::string& env, const std::string& args, int* exit_code) {
  // A clean environment: the test runner's own X8_* settings are not the server's.
  std::string command = "env -i PATH=/usr/bin:/bin " + env + " " + X8Binary().string() + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, pipe)) out += buf;
  int status = pclose(pipe);
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

TEST(ServerStartup, UnknownSettingIsRefusedWithAHint) {
  int code;
  auto out = RunX8("X8_SERVER_PROT=1", "serve", &code);
  EXPECT_EQ(code, 1);
  EXPECT_NE(out.find("unknown configuration key 'X8_SERVER_PROT'"), std::string::npos) << out;
  EXPECT_NE(out.find("did you mean 'X8_SERVER_PORT'"), std::string::npos) << out;
}

TEST(ServerStartup, UnreachableDatabaseFailsClearlyWithoutLeakingThePassword) {
  int code;
  auto out = RunX8("X8_DATABASE_URL='postgres://x8:s3cret@127.0.0.1:1/x8'", "serve --port 0", &code);
  EXPECT_EQ(code, 1);
  EXPECT_NE(out.find("x8:"), std::string::npos) << out;
  EXPECT_EQ(out.find("s3cret"), std::string::npos) << out;
}

TEST(ServerStartup, ConfigCommandMasksSecrets) {
  int code;
  auto out = RunX8("X8_DATABASE_URL='postgres://x8:s3cret@db:5432/x8'", "config", &code);
  EXPECT_EQ(code, 0);
  EXPECT_NE(out.find("database.url = postgres://x8:***@db:5432/x8"), std::string::npos) << out;
  EXPECT_EQ(out.find("s3cret"), std::string::npos);
}

}  // namespace
}  // namespace x8::testing
