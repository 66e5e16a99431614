// Cross-node WebSocket fan-out over the real binary: two `x8 serve` processes on one PostgreSQL. A web
// chat visitor's WebSocket is open on node B while the message is posted to node A (and only A runs
// jobs, so A runs the assistant's turn); the reply event reaches the socket on B through
// LISTEN/NOTIFY (docs/design/realtime.md). No timing assertions: generous deadlines only.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "core/ids.h"
#include "platform/crypto/crypto.h"
#include "platform/storage/testing/test_database.h"
#include "tests/integration/server_process.h"
#include "tests/integration/test_tenants.h"
#include "tests/integration/websocket_client.h"

namespace x8::testing {
namespace {

using namespace std::chrono_literals;
using storage::testing::EngineTest;
namespace json = boost::json;

http::HeaderList Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

json::value Body(const Result<http::HttpResponse>& r) { return r ? json::parse(r->body) : json::value(); }

class RealtimeAcrossNodesTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    if (!is_postgres()) GTEST_SKIP() << "one node on SQLite: nothing to fan out";
    ASSERT_TRUE(crypto::Init());
    std::map<std::string, std::string> env = {{"X8_SECURITY_MASTER_KEY", tenants_.master_key_env()},
                                              {"X8_JOBS_POLL_MS", "50"}};
    a_.emplace(ServerOptions{.database_url = url(), .env = env});
    ASSERT_TRUE(a_->Start()) << a_->log();
    env["X8_JOBS_ENABLED"] = "false";  // B only serves: the turn runs on A
    b_.emplace(ServerOptions{.database_url = url(), .env = env});
    ASSERT_TRUE(b_->Start()) << b_->log();
  }
  void TearDown() override {
    b_.reset();
    a_.reset();
    EngineTest::TearDown();
  }

  TestTenants tenants_;
  std::optional<ServerProcess> a_, b_;
};

TEST_P(RealtimeAcrossNodesTest, TheReplyToAMessagePostedOnAReachesTheVisitorsSocketOnB) {
  auto owner = tenants_.AddClient(db());
  auto company =
      a_->Post("/api/v1/companies",
               json::serialize(json::object{{"name", "Two nodes"}, {"type", "PRODUCT"}, {"currency", "EUR"}}),
               "application/json", Bearer(owner.token));
  ASSERT_TRUE(company && company->status == 201) << (company ? company->body : company.error().message);
  std::string company_id(Body(company).at("id").as_string());
  http::HttpRequest settings{.method = "PUT",
                             .url = a_->Url("/api/v1/companies/" + company_id + "/assistant-settings"),
                             .headers = Bearer(owner.token),
                             .body = json::serialize(json::object{{"debounce_ms", 0}})};
  settings.headers.emplace_back("Content-Type", "application/json");
  auto debounce = a_->Send(settings);
  ASSERT_TRUE(debounce && debounce->status == 200) << (debounce ? debounce->body : debounce.error().message);
  auto webchat = b_->Get("/api/v1/companies/" + company_id + "/webchat", Bearer(owner.token));
  ASSERT_TRUE(webchat && webchat->status == 200) << (webchat ? webchat->body : webchat.error().message);
  std::string widget_key(Body(webchat).at("widget_key").as_string());

  // The visitor's session and socket are on B.
  auto session = b_->Post("/api/v1/webchat/" + widget_key + "/sessions", "");
  ASSERT_TRUE(session && session->status == 200) << (session ? session->body : session.error().message);
  std::string visitor_token(Body(session).at("visitor_token").as_string());
  const std::string topic = "webchat." + visitor_token;
  WebSocketClient socket;
  ASSERT_EQ(socket.Connect(b_->port(), "/ws"), 101);
  ASSERT_TRUE(socket.SendText(json::serialize(json::object{{"type", "subscribe"}, {"topic", topic}})));
  auto subscribed = socket.ReadText(20s);
  ASSERT_TRUE(subscribed);
  ASSERT_EQ(json::parse(*subscribed).at("type"), "subscribed") << *subscribed;

  // The message goes to A.
  auto said =
      a_->Post("/api/v1/webchat/" + widget_key + "/messages",
               json::serialize(json::object{
                   {"visitor_token", visitor_token}, {"text", "Hello!"}, {"client_id", NewId("cli")}}));
  ASSERT_TRUE(said && said->status == 202) << (said ? said->body : said.error().message);

  // The assistant's reply, published by A, arrives on B's socket.
  std::optional<json::object> reply;
  std::string seen;
  auto deadline = std::chrono::steady_clock::now() + 60s;
  while (!reply && std::chrono::steady_clock::now() < deadline) {
    auto frame = socket.ReadText(5s);
    if (!frame) continue;
    seen += *frame + "\n";
    auto parsed = json::parse(*frame).as_object();
    if (parsed.at("type") != "event" || parsed.at("topic") != json::value(topic)) continue;
    const auto* message = parsed.at("data").as_object().if_contains("message");
    if (message != nullptr && message->as_object().at("direction") == "out") reply = message->as_object();
  }
  ASSERT_TRUE(reply) << "no reply event on node B's socket; frames:\n"
                     << seen << "\nA:\n"
                     << a_->log() << "\nB:\n"
                     << b_->log();
  EXPECT_FALSE(reply->at("text").as_string().empty());
  EXPECT_NE(b_->log().find("realtime: listening on channel"), std::string::npos);
}

X8_INSTANTIATE_ENGINE_TEST(RealtimeAcrossNodesTest);

}  // namespace
}  // namespace x8::testing
