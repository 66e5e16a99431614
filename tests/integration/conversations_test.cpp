// The hot path over the real x8 binary, on SQLite and PostgreSQL: a visitor writes through the public
// web chat API, the guided assistant sells from the imported flower-shop catalogue, the sandbox checkout
// takes the payment, and the business sees the conversation and the order end as paid. Also: a burst is
// answered once, a resent message is a duplicate, a server killed before the turn ran answers exactly once
// after the restart, and other tenants get 404.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <thread>

#include "core/ids.h"
#include "platform/crypto/crypto.h"
#include "platform/storage/testing/test_database.h"
#include "tests/emulators/emulator_process.h"
#include "tests/integration/samples.h"
#include "tests/integration/server_process.h"
#include "tests/integration/test_tenants.h"
#include "tests/integration/websocket_client.h"

namespace x8::testing {
namespace {

using storage::testing::EngineTest;
namespace json = boost::json;

json::value Json(const http::HttpResponse& r) { return json::parse(r.body); }

// Polls `probe` until it returns true or `timeout` passes.
bool Eventually(const std::function<bool()>& probe,
                std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (probe()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return probe();
}

class ConversationsApiTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(crypto::Init());
    StartServer();
    shop_ = tenants_.AddClient(db());
    other_ = tenants_.AddClient(db());
    company_ = CreateCompany(shop_, "Bloom test shop");
    std::string kb = CreateKb(shop_, company_);
    Import(shop_, kb, kFlowerShop);
    auto webchat = Call(shop_, "GET", "/api/v1/companies/" + company_ + "/webchat");
    ASSERT_EQ(webchat.status, 200) << webchat.body;
    widget_key_ = std::string(Json(webchat).at("widget_key").as_string());
    SetDebounce(0);
  }
  void TearDown() override {
    server_.reset();
    EngineTest::TearDown();
  }

  virtual std::map<std::string, std::string> ServerEnv() {
    return {{"X8_SECURITY_MASTER_KEY", tenants_.master_key_env()}, {"X8_JOBS_POLL_MS", "50"}};
  }
  void StartServer() {
    server_ = std::make_unique<ServerProcess>(ServerOptions{.database_url = url(), .env = ServerEnv()});
    ASSERT_TRUE(server_->Start()) << server_->log();
  }

  http::HttpResponse Call(const TestUser& user, std::string method, const std::string& path,
                          std::string body = {}, http::HeaderList headers = {}) {
    http::HttpRequest request{.method = std::move(method), .url = server_->Url(path)};
    request.headers = {{"Authorization", "Bearer " + user.token}};
    for (auto& header : headers) request.headers.push_back(std::move(header));
    if (!body.empty()) {
      if (headers.empty()) request.headers.emplace_back("Content-Type", "application/json");
      request.body = std::move(body);
    }
    auto response = server_->Send(std::move(request));
    EXPECT_TRUE(response) << response.error().message;
    return response ? *response : http::HttpResponse{};
  }
  http::HttpResponse Public(std::string method, const std::string& path, const json::object& body = {}) {
    http::HttpRequest request{.method = std::move(method), .url = server_->Url(path)};
    if (request.method != "GET") {
      request.headers = {{"Content-Type", "application/json"}};
      request.body = json::serialize(body);
    }
    auto response = server_->Send(std::move(request));
    EXPECT_TRUE(response) << response.error().message;
    return response ? *response : http::HttpResponse{};
  }

  std::string CreateCompany(const TestUser& user, const std::string& name) {
    auto r = Call(user, "POST", "/api/v1/companies",
                  json::serialize(json::object{{"name", name}, {"type", "PRODUCT"}, {"currency", "EUR"}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(Json(r).at("id").as_string()) : std::string();
  }
  std::string CreateKb(const TestUser& user, const std::string& company_id) {
    auto r = Call(user, "POST", "/api/v1/companies/" + company_id + "/knowledge-bases",
                  json::serialize(json::object{{"name", "Flowers"}, {"kind", "PRODUCT"}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(Json(r).at("id").as_string()) : std::string();
  }
  void Import(const TestUser& user, const std::string& kb_id, std::string_view csv) {
    auto uploaded = Call(user, "POST", "/api/v1/knowledge-bases/" + kb_id + "/imports", std::string(csv),
                         {{"Content-Type", "text/csv"}, {"X-File-Name", "flowers.csv"}});
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    std::string import_id(Json(uploaded).at("import_id").as_string());
    auto committed =
        Call(user, "POST", "/api/v1/knowledge-bases/" + kb_id + "/imports/" + import_id + "/commit",
             json::serialize(json::object{{"mode", "replace"}}));
    ASSERT_EQ(committed.status, 200) << committed.body;
  }
  void SetDebounce(int64_t ms) {
    auto r = Call(shop_, "PUT", "/api/v1/companies/" + company_ + "/assistant-settings",
                  json::serialize(json::object{{"debounce_ms", ms}}));
    ASSERT_EQ(r.status, 200) << r.body;
  }

  std::string NewVisitor() {
    auto r = Public("POST", "/api/v1/webchat/" + widget_key_ + "/sessions");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? std::string(Json(r).at("visitor_token").as_string()) : std::string();
  }
  json::object Say(const std::string& token, const std::string& text,
                   const std::string& client_id = NewId("cli")) {
    auto r = Public("POST", "/api/v1/webchat/" + widget_key_ + "/messages",
                    {{"visitor_token", token}, {"text", text}, {"client_id", client_id}});
    EXPECT_EQ(r.status, 202) << r.body;
    return r.status == 202 ? Json(r).as_object() : json::object{};
  }
  json::array Transcript(const std::string& token) {
    auto r =
        Public("GET", "/api/v1/webchat/" + widget_key_ + "/messages?visitor_token=" + token + "&after=0");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? Json(r).at("messages").as_array() : json::array{};
  }
  static size_t Outgoing(const json::array& messages) {
    size_t n = 0;
    for (const auto& m : messages) n += m.at("direction") == "out" ? 1 : 0;
    return n;
  }
  // Waits until the transcript has more outgoing messages than `seen` and returns it.
  json::array AwaitReply(const std::string& token, size_t seen) {
    json::array transcript;
    EXPECT_TRUE(Eventually([&] {
      transcript = Transcript(token);
      return Outgoing(transcript) > seen;
    })) << "no reply; transcript "
        << json::serialize(transcript) << "\n"
        << server_->log();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the rest of that turn's messages
    return Transcript(token);
  }
  static std::string PaymentUrl(const json::array& messages) {
    for (const auto& m : messages) {
      for (const auto& button : m.at("buttons").as_array()) {
        std::string payload(button.at("payload").as_string());
        if (payload.starts_with("http")) return payload;
      }
    }
    return {};
  }
  // The business's view: how many turns the assistant took (the first message of each turn carries its
  // trace).
  size_t AssistantTurns(const std::string& conversation_id) {
    auto r = Call(shop_, "GET", "/api/v1/conversations/" + conversation_id + "/messages?limit=200");
    EXPECT_EQ(r.status, 200) << r.body;
    size_t turns = 0;
    if (r.status != 200) return 0;
    auto page = Json(r);
    for (const auto& m : page.at("items").as_array()) {
      if (m.at("author") == "assistant" && m.at("trace").is_array()) ++turns;
    }
    return turns;
  }

  TestTenants tenants_;
  std::unique_ptr<ServerProcess> server_;
  TestUser shop_, other_;
  std::string company_, widget_key_;
};

TEST_P(ConversationsApiTest, AVisitorBuysTwoBouquetsAndTheBusinessSeesItPaid) {
  std::string token = NewVisitor();
  auto first = Say(token, "I want 2 red roses bouquets size M");
  std::string conversation_id(first.at("message").at("conversation_id").as_string());
  auto transcript = AwaitReply(token, 0);
  Say(token, "checkout");
  transcript = AwaitReply(token, Outgoing(transcript));
  std::string url = PaymentUrl(transcript);
  ASSERT_FALSE(url.empty()) << json::serialize(transcript);
  std::string path = url.substr(url.find("/pay/sandbox/"));

  auto page = Public("GET", path);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("109.80"), std::string::npos) << "2 × €54.90 on the checkout page";

  http::HttpRequest pay{.method = "POST", .url = server_->Url(path + "/pay")};
  pay.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  auto paid = server_->Send(pay);
  ASSERT_TRUE(paid);
  EXPECT_EQ(paid->status, 200) << paid->body;
  auto again = server_->Send(pay);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409) << "a paid link cannot be paid twice";

  ASSERT_TRUE(Eventually([&] {
    auto r = Call(shop_, "GET", "/api/v1/conversations/" + conversation_id);
    return r.status == 200 && Json(r).at("payment_status") == "paid";
  })) << server_->log();
  auto conversation = Json(Call(shop_, "GET", "/api/v1/conversations/" + conversation_id));
  EXPECT_EQ(conversation.at("outcome"), "paid");

  auto orders = Call(shop_, "GET", "/api/v1/companies/" + company_ + "/orders");
  ASSERT_EQ(orders.status, 200) << orders.body;
  auto orders_json = Json(orders);
  const auto& items = orders_json.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("payment_status"), "paid");
  EXPECT_EQ(items[0].at("total_minor"), 10980);
  EXPECT_EQ(items[0].at("currency"), "EUR");
  // The visitor gave no name: the order carries the one the inbox shows, from their visitor id.
  std::string code = token.substr(token.find('.') - 4, 4);
  for (auto& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(items[0].at("customer_name").as_string(), "Visitor " + code);
  EXPECT_EQ(conversation.at("contact").at("name").as_string(), "Visitor " + code);

  // The visitor hears about the payment in the chat.
  EXPECT_TRUE(Eventually([&] { return Outgoing(Transcript(token)) > Outgoing(transcript); }));

  // Another tenant sees none of it.
  EXPECT_EQ(Call(other_, "GET", "/api/v1/conversations/" + conversation_id).status, 404);
  EXPECT_EQ(Call(other_, "GET", "/api/v1/orders/" + std::string(items[0].at("id").as_string())).status, 404);
  EXPECT_EQ(Call(other_, "GET", "/api/v1/companies/" + company_ + "/conversations").status, 404);
  EXPECT_EQ(Call(other_, "POST", "/api/v1/conversations/" + conversation_id + "/take-over", "{}").status,
            404);
}

TEST_P(ConversationsApiTest, ABurstGetsOneReplyAndAResentMessageIsADuplicate) {
  SetDebounce(1500);
  std::string token = NewVisitor();
  auto first = Say(token, "hello", "cli_burst_1");
  std::string conversation_id(first.at("message").at("conversation_id").as_string());
  Say(token, "red roses", "cli_burst_2");
  auto resent = Say(token, "red roses", "cli_burst_2");
  EXPECT_EQ(resent.at("duplicate"), true);
  Say(token, "size M", "cli_burst_3");

  AwaitReply(token, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // any second turn would have run by now
  EXPECT_EQ(AssistantTurns(conversation_id), 1u);
  size_t customer = 0;
  auto transcript = Transcript(token);
  for (const auto& m : transcript) customer += m.at("direction") == "in" ? 1 : 0;
  EXPECT_EQ(customer, 3u) << "the resent message is stored once";
}

TEST_P(ConversationsApiTest, AServerKilledBeforeTheTurnAnswersExactlyOnceAfterRestart) {
  SetDebounce(3000);
  std::string token = NewVisitor();
  auto first = Say(token, "red roses");
  std::string conversation_id(first.at("message").at("conversation_id").as_string());
  server_->Kill();  // accepted and stored; the turn was still waiting for its debounce window
  StartServer();
  AwaitReply(token, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  EXPECT_EQ(AssistantTurns(conversation_id), 1u);
}

TEST_P(ConversationsApiTest, AHumanTakesOverAndHandsBack) {
  std::string token = NewVisitor();
  auto first = Say(token, "hello");
  std::string conversation_id(first.at("message").at("conversation_id").as_string());
  AwaitReply(token, 0);
  ASSERT_EQ(Call(shop_, "POST", "/api/v1/conversations/" + conversation_id + "/take-over", "{}").status, 200);
  auto reply = Call(shop_, "POST", "/api/v1/conversations/" + conversation_id + "/messages",
                    json::serialize(json::object{{"text", "Hi, Anna from the shop here"}}));
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_TRUE(Eventually([&] {
    auto transcript = Transcript(token);
    for (const auto& m : transcript) {
      if (m.at("text") == "Hi, Anna from the shop here") return true;
    }
    return false;
  }));
  size_t turns = AssistantTurns(conversation_id);
  Say(token, "red roses");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(AssistantTurns(conversation_id), turns) << "the assistant keeps quiet while a human has it";
  ASSERT_EQ(Call(shop_, "POST", "/api/v1/conversations/" + conversation_id + "/hand-back", "{}").status, 200);
  Say(token, "red roses");
  EXPECT_TRUE(Eventually([&] { return AssistantTurns(conversation_id) > turns; }));

  auto list = Call(shop_, "GET", "/api/v1/companies/" + company_ + "/conversations?channel=webchat");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Json(list).at("items").as_array().size(), 1u);
}

TEST_P(ConversationsApiTest, TheInboxHearsAVisitorLiveAndOtherTenantsCannotListen) {
  // The web app authenticates its socket with ?access_token= (browsers cannot set headers on it).
  WebSocketClient owner;
  ASSERT_EQ(owner.Connect(server_->port(), "/ws?access_token=" + shop_.token), 101);
  const std::string topic = "company." + company_ + ".inbox";
  ASSERT_TRUE(owner.SendText(json::serialize(json::object{{"type", "subscribe"}, {"topic", topic}})));
  auto subscribed = owner.ReadText();
  ASSERT_TRUE(subscribed);
  EXPECT_EQ(json::parse(*subscribed).at("type"), "subscribed") << *subscribed;

  WebSocketClient stranger;
  ASSERT_EQ(stranger.Connect(server_->port(), "/ws?access_token=" + other_.token), 101);
  ASSERT_TRUE(stranger.SendText(json::serialize(json::object{{"type", "subscribe"}, {"topic", topic}})));
  auto refused = stranger.ReadText();
  ASSERT_TRUE(refused);
  EXPECT_EQ(json::parse(*refused).at("type"), "error") << *refused;

  std::string token = NewVisitor();
  Say(token, "hello from the website");
  bool heard = false;
  while (!heard) {
    auto frame = owner.ReadText(std::chrono::seconds(10));
    if (!frame) break;
    auto event = json::parse(*frame);
    heard = event.at("type") == "event" && event.at("data").at("kind") == "message" &&
            event.at("data").at("message").at("text") == "hello from the website";
  }
  EXPECT_TRUE(heard) << "the owner's inbox socket got the visitor's message";
}

TEST_P(ConversationsApiTest, BadInputGetsClearErrors) {
  auto unknown = Public("POST", "/api/v1/webchat/wc_unknown/sessions");
  EXPECT_EQ(unknown.status, 404);
  std::string token = NewVisitor();
  auto forged = Public("POST", "/api/v1/webchat/" + widget_key_ + "/messages",
                       {{"visitor_token", token + "x"}, {"text", "hi"}, {"client_id", "c1"}});
  EXPECT_EQ(forged.status, 401) << forged.body;
  auto empty = Public("POST", "/api/v1/webchat/" + widget_key_ + "/messages",
                      {{"visitor_token", token}, {"text", ""}, {"client_id", "c2"}});
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_EQ(Json(empty).at("error").at("details").at("field"), "text");
  auto settings = Call(shop_, "PUT", "/api/v1/companies/" + company_ + "/assistant-settings",
                       json::serialize(json::object{{"debounce_ms", -5}}));
  EXPECT_EQ(settings.status, 400);
  EXPECT_EQ(Json(settings).at("error").at("details").at("field"), "debounce_ms");
}

X8_INSTANTIATE_ENGINE_TEST(ConversationsApiTest);

}  // namespace
}  // namespace x8::testing

namespace x8::testing {
namespace {

// The LLM engine end to end against the OpenAI emulator: tool calls drive the cart with X8's prices, and
// a server killed while the model is thinking answers exactly once after the restart.
class LlmConversationsTest : public ConversationsApiTest {
 protected:
  void SetUp() override {
    emulator_ = std::make_unique<EmulatorProcess>();
    ASSERT_TRUE(emulator_->Start()) << emulator_->log();
    ConversationsApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto r = Call(shop_, "PUT", "/api/v1/companies/" + company_ + "/assistant-settings",
                  json::serialize(json::object{{"engine", "llm"}}));
    ASSERT_EQ(r.status, 200) << r.body;
  }
  std::map<std::string, std::string> ServerEnv() override {
    auto env = ConversationsApiTest::ServerEnv();
    env["X8_ASSISTANT_LLM_BASE_URL"] = emulator_->Url("/v1");
    env["X8_ASSISTANT_LLM_API_KEY"] = "emulator-openai-key";
    env["X8_JOBS_LEASE_MS"] = "2000";  // a killed server's turn is claimed again quickly
    return env;
  }
  // The catalogue ids of the red roses' M variant.
  std::pair<std::string, std::string> RosesM() {
    auto r = Call(shop_, "GET", "/api/v1/companies/" + company_ + "/knowledge-bases");
    auto kbs = Json(r);
    std::string kb(kbs.at("items").as_array().at(0).at("id").as_string());
    auto items = Json(Call(shop_, "GET", "/api/v1/knowledge-bases/" + kb + "/items?limit=50"));
    for (const auto& item : items.at("items").as_array()) {
      if (item.at("name") != "Red roses bouquet") continue;
      for (const auto& variant : item.at("variants").as_array()) {
        if (variant.at("attributes").at("size") == "M (25 stems)") {
          return {std::string(item.at("id").as_string()), std::string(variant.at("id").as_string())};
        }
      }
    }
    ADD_FAILURE() << "no red roses M in " << json::serialize(items);
    return {};
  }
  std::unique_ptr<EmulatorProcess> emulator_;
};

TEST_P(LlmConversationsTest, ToolCallsFillTheCartWithX8sPrices) {
  auto [item_id, variant_id] = RosesM();
  json::object add_args{{"item_id", item_id}, {"variant_id", variant_id}, {"quantity", 2}};
  json::array responses{
      json::object{
          {"tool_calls", json::array{json::object{{"name", "search_catalogue"},
                                                  {"arguments", json::object{{"query", "red roses"}}}}}}},
      json::object{
          {"tool_calls", json::array{json::object{{"name", "add_to_cart"}, {"arguments", add_args}}}}},
      json::object{{"content", "Two M bouquets are in your cart. Shall I send the payment link?"}}};
  ASSERT_EQ(emulator_->Control("/__control/openai/script", {{"responses", responses}}), 200);

  std::string token = NewVisitor();
  auto first = Say(token, "two red roses bouquets, medium please");
  std::string conversation_id(first.at("message").at("conversation_id").as_string());
  auto transcript = AwaitReply(token, 0);
  bool answered = false;
  for (const auto& m : transcript)
    answered |= m.at("text") == "Two M bouquets are in your cart. Shall I send the payment link?";
  EXPECT_TRUE(answered) << json::serialize(transcript);
  auto conversation = Json(Call(shop_, "GET", "/api/v1/conversations/" + conversation_id));
  EXPECT_EQ(conversation.at("total_minor"), 10980) << json::serialize(conversation);
  auto requests = emulator_->ControlGet("/__control/openai/requests");
  EXPECT_EQ(requests.at("count"), 3) << "search → add → answer";
}

TEST_P(LlmConversationsTest, AServerKilledWhileTheModelThinksAnswersExactlyOnce) {
  json::object slow{{"content", "Hello! Roses, lilies or tulips today?"}, {"delay_ms", 3000}};
  json::object again{{"content", "Hello! Roses, lilies or tulips today?"}};
  ASSERT_EQ(emulator_->Control("/__control/openai/script", {{"responses", json::array{slow, again}}}), 200);
  std::string token = NewVisitor();
  auto first = Say(token, "hi there");
  std::string conversation_id(first.at("message").at("conversation_id").as_string());
  ASSERT_TRUE(Eventually([&] {
    return emulator_->ControlGet("/__control/openai/requests").at("count") == 1;
  })) << "the turn reached the model";
  server_->Kill();  // mid-turn: the model's answer never reaches this server
  StartServer();
  auto transcript = AwaitReply(token, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));  // a doubled turn would have landed by now
  EXPECT_EQ(AssistantTurns(conversation_id), 1u);
  size_t greetings = 0;
  for (const auto& m : Transcript(token))
    greetings += m.at("text") == "Hello! Roses, lilies or tulips today?" ? 1 : 0;
  EXPECT_EQ(greetings, 1u);
  EXPECT_EQ(emulator_->ControlGet("/__control/openai/requests").at("count"), 2)
      << "the turn ran again after the crash";
}

X8_INSTANTIATE_ENGINE_TEST(LlmConversationsTest);

}  // namespace
}  // namespace x8::testing
