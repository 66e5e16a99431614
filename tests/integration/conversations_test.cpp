// The hot path over the real x8 binary, on SQLite and PostgreSQL: a visitor writes through the public
// web chat API, the guided assistant sells from the imported flower-shop catalogue, the sandbox checkout
// takes the payment, and the business sees the conversation and the order end as paid. Also: a burst is
// answered once, a resent message is a duplicate, a server killed before the turn ran answers exactly once
// after the restart, and other tenants get 404.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <thread>

#include "platform/crypto/crypto.h"
#include "platform/storage/testing/test_database.h"
#include "tests/emulators/emulator_process.h"
#include "tests/integration/api_client.h"
#include "tests/integration/samples.h"
#include "tests/integration/server_process.h"
#include "tests/integration/test_tenants.h"
#include "tests/integration/websocket_client.h"

namespace x8::testing {
namespace {

using storage::testing::EngineTest;
namespace json = boost::json;

class ConversationsApiTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(crypto::Init());
    StartServer();
    shop_ = ApiClient(*server_, tenants_.AddClient(db()).token);
    other_ = ApiClient(*server_, tenants_.AddClient(db()).token);
    anonymous_ = ApiClient(*server_);
    company_ = CreateCompany(shop_, "Bloom test shop");
    std::string kb = CreateKb(shop_, company_);
    Import(shop_, kb, kFlowerShop);
    auto webchat = shop_.Get("/api/v1/companies/" + company_ + "/webchat");
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
  // In place, so the clients and visitors bound to the server reach it again after a restart.
  void StartServer() {
    server_.emplace(ServerOptions{.database_url = url(), .env = ServerEnv()});
    ASSERT_TRUE(server_->Start()) << server_->log();
  }

  std::string CreateCompany(const ApiClient& user, const std::string& name) {
    auto r = user.Post("/api/v1/companies",
                       json::object{{"name", name}, {"type", "PRODUCT"}, {"currency", "EUR"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(Json(r).at("id").as_string()) : std::string();
  }
  std::string CreateKb(const ApiClient& user, const std::string& company_id) {
    auto r = user.Post("/api/v1/companies/" + company_id + "/knowledge-bases",
                       json::object{{"name", "Flowers"}, {"kind", "PRODUCT"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(Json(r).at("id").as_string()) : std::string();
  }
  void Import(const ApiClient& user, const std::string& kb_id, std::string_view csv) {
    auto uploaded = user.Upload("/api/v1/knowledge-bases/" + kb_id + "/imports", std::string(csv), "text/csv",
                                "flowers.csv");
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    std::string import_id(Json(uploaded).at("import_id").as_string());
    auto committed = user.Post("/api/v1/knowledge-bases/" + kb_id + "/imports/" + import_id + "/commit",
                               json::object{{"mode", "replace"}});
    ASSERT_EQ(committed.status, 200) << committed.body;
  }
  void SetDebounce(int64_t ms) {
    auto r =
        shop_.Put("/api/v1/companies/" + company_ + "/assistant-settings", json::object{{"debounce_ms", ms}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  WebChatVisitor NewVisitor() { return WebChatVisitor(*server_, widget_key_); }
  // The business's view: how many turns the assistant took (the first message of each turn carries its
  // trace).
  size_t AssistantTurns(const std::string& conversation_id) {
    auto r = shop_.Get("/api/v1/conversations/" + conversation_id + "/messages?limit=200");
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
  std::optional<ServerProcess> server_;
  ApiClient shop_, other_, anonymous_;
  std::string company_, widget_key_;
};

TEST_P(ConversationsApiTest, AVisitorBuysTwoBouquetsAndTheBusinessSeesItPaid) {
  const auto visitor = NewVisitor();
  auto first = visitor.Say("I want 2 red roses bouquets size M");
  std::string conversation_id(first.at("message").at("conversation_id").as_string());
  auto transcript = visitor.AwaitReply(0);
  visitor.Say("checkout");
  transcript = visitor.AwaitReply(Outgoing(transcript));
  std::string url = PaymentUrl(transcript);
  ASSERT_FALSE(url.empty()) << json::serialize(transcript);
  auto page = anonymous_.Get(url.substr(url.find("/pay/sandbox/")));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("109.80"), std::string::npos) << "2 × €54.90 on the checkout page";

  auto paid = visitor.Pay(url);
  EXPECT_EQ(paid.status, 200) << paid.body;
  EXPECT_EQ(visitor.Pay(url).status, 409) << "a paid link cannot be paid twice";

  ASSERT_TRUE(Eventually([&] {
    auto r = shop_.Get("/api/v1/conversations/" + conversation_id);
    return r.status == 200 && Json(r).at("payment_status") == "paid";
  })) << server_->log();
  auto conversation = Json(shop_.Get("/api/v1/conversations/" + conversation_id));
  EXPECT_EQ(conversation.at("outcome"), "paid");

  auto orders = shop_.Get("/api/v1/companies/" + company_ + "/orders");
  ASSERT_EQ(orders.status, 200) << orders.body;
  auto orders_json = Json(orders);
  const auto& items = orders_json.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("payment_status"), "paid");
  EXPECT_EQ(items[0].at("total_minor"), 10980);
  EXPECT_EQ(items[0].at("currency"), "EUR");
  // The visitor gave no name: the order carries the one the inbox shows, from their visitor id.
  std::string code = visitor.token().substr(visitor.token().find('.') - 4, 4);
  for (auto& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(items[0].at("customer_name").as_string(), "Visitor " + code);
  EXPECT_EQ(conversation.at("contact").at("name").as_string(), "Visitor " + code);

  // The visitor hears about the payment in the chat.
  EXPECT_TRUE(Eventually([&] { return Outgoing(visitor.Transcript()) > Outgoing(transcript); }));

  // Another tenant sees none of it.
  EXPECT_EQ(other_.Get("/api/v1/conversations/" + conversation_id).status, 404);
  EXPECT_EQ(other_.Get("/api/v1/orders/" + std::string(items[0].at("id").as_string())).status, 404);
  EXPECT_EQ(other_.Get("/api/v1/companies/" + company_ + "/conversations").status, 404);
  EXPECT_EQ(other_.Post("/api/v1/conversations/" + conversation_id + "/take-over").status, 404);
}

TEST_P(ConversationsApiTest, ABurstGetsOneReplyAndAResentMessageIsADuplicate) {
  SetDebounce(1500);
  const auto visitor = NewVisitor();
  auto first = visitor.Say("hello", "cli_burst_1");
  std::string conversation_id(first.at("message").at("conversation_id").as_string());
  visitor.Say("red roses", "cli_burst_2");
  auto resent = visitor.Say("red roses", "cli_burst_2");
  EXPECT_EQ(resent.at("duplicate"), true);
  visitor.Say("size M", "cli_burst_3");

  visitor.AwaitReply(0);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // any second turn would have run by now
  EXPECT_EQ(AssistantTurns(conversation_id), 1u);
  size_t customer = 0;
  auto transcript = visitor.Transcript();
  for (const auto& m : transcript) customer += m.at("direction") == "in" ? 1 : 0;
  EXPECT_EQ(customer, 3u) << "the resent message is stored once";
}

TEST_P(ConversationsApiTest, AServerKilledBeforeTheTurnAnswersExactlyOnceAfterRestart) {
  SetDebounce(3000);
  const auto visitor = NewVisitor();
  auto first = visitor.Say("red roses");
  std::string conversation_id(first.at("message").at("conversation_id").as_string());
  server_->Kill();  // accepted and stored; the turn was still waiting for its debounce window
  StartServer();
  visitor.AwaitReply(0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  EXPECT_EQ(AssistantTurns(conversation_id), 1u);
}

TEST_P(ConversationsApiTest, AHumanTakesOverAndHandsBack) {
  const auto visitor = NewVisitor();
  auto first = visitor.Say("hello");
  std::string conversation_id(first.at("message").at("conversation_id").as_string());
  visitor.AwaitReply(0);
  ASSERT_EQ(shop_.Post("/api/v1/conversations/" + conversation_id + "/take-over").status, 200);
  auto reply = shop_.Post("/api/v1/conversations/" + conversation_id + "/messages",
                          json::object{{"text", "Hi, Anna from the shop here"}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_TRUE(Eventually([&] {
    auto transcript = visitor.Transcript();
    for (const auto& m : transcript) {
      if (m.at("text") == "Hi, Anna from the shop here") return true;
    }
    return false;
  }));
  size_t turns = AssistantTurns(conversation_id);
  visitor.Say("red roses");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(AssistantTurns(conversation_id), turns) << "the assistant keeps quiet while a human has it";
  ASSERT_EQ(shop_.Post("/api/v1/conversations/" + conversation_id + "/hand-back").status, 200);
  visitor.Say("red roses");
  EXPECT_TRUE(Eventually([&] { return AssistantTurns(conversation_id) > turns; }));

  auto list = shop_.Get("/api/v1/companies/" + company_ + "/conversations?channel=webchat");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Json(list).at("items").as_array().size(), 1u);
}

TEST_P(ConversationsApiTest, TheInboxHearsAVisitorLiveAndOtherTenantsCannotListen) {
  // The web app authenticates its socket with ?access_token= (browsers cannot set headers on it).
  WebSocketClient owner;
  ASSERT_EQ(owner.Connect(server_->port(), "/ws?access_token=" + shop_.token()), 101);
  const std::string topic = "company." + company_ + ".inbox";
  ASSERT_TRUE(owner.SendText(json::serialize(json::object{{"type", "subscribe"}, {"topic", topic}})));
  auto subscribed = owner.ReadText();
  ASSERT_TRUE(subscribed);
  EXPECT_EQ(json::parse(*subscribed).at("type"), "subscribed") << *subscribed;

  WebSocketClient stranger;
  ASSERT_EQ(stranger.Connect(server_->port(), "/ws?access_token=" + other_.token()), 101);
  ASSERT_TRUE(stranger.SendText(json::serialize(json::object{{"type", "subscribe"}, {"topic", topic}})));
  auto refused = stranger.ReadText();
  ASSERT_TRUE(refused);
  EXPECT_EQ(json::parse(*refused).at("type"), "error") << *refused;

  const auto visitor = NewVisitor();
  visitor.Say("hello from the website");
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
  auto unknown = anonymous_.Post("/api/v1/webchat/wc_unknown/sessions");
  EXPECT_EQ(unknown.status, 404);
  const auto visitor = NewVisitor();
  auto forged =
      anonymous_.Post("/api/v1/webchat/" + widget_key_ + "/messages",
                      {{"visitor_token", visitor.token() + "x"}, {"text", "hi"}, {"client_id", "c1"}});
  EXPECT_EQ(forged.status, 401) << forged.body;
  auto empty = anonymous_.Post("/api/v1/webchat/" + widget_key_ + "/messages",
                               {{"visitor_token", visitor.token()}, {"text", ""}, {"client_id", "c2"}});
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_EQ(Json(empty).at("error").at("details").at("field"), "text");
  auto settings =
      shop_.Put("/api/v1/companies/" + company_ + "/assistant-settings", json::object{{"debounce_ms", -5}});
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
    auto r =
        shop_.Put("/api/v1/companies/" + company_ + "/assistant-settings", json::object{{"engine", "llm"}});
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
    auto r = shop_.Get("/api/v1/companies/" + company_ + "/knowledge-bases");
    auto kbs = Json(r);
    std::string kb(kbs.at("items").as_array().at(0).at("id").as_string());
    auto items = Json(shop_.Get("/api/v1/knowledge-bases/" + kb + "/items?limit=50"));
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

  const auto visitor = NewVisitor();
  auto first = visitor.Say("two red roses bouquets, medium please");
  std::string conversation_id(first.at("message").at("conversation_id").as_string());
  auto transcript = visitor.AwaitReply(0);
  bool answered = false;
  for (const auto& m : transcript)
    answered |= m.at("text") == "Two M bouquets are in your cart. Shall I send the payment link?";
  EXPECT_TRUE(answered) << json::serialize(transcript);
  auto conversation = Json(shop_.Get("/api/v1/conversations/" + conversation_id));
  EXPECT_EQ(conversation.at("total_minor"), 10980) << json::serialize(conversation);
  auto requests = emulator_->ControlGet("/__control/openai/requests");
  EXPECT_EQ(requests.at("count"), 3) << "search → add → answer";
}

TEST_P(LlmConversationsTest, AServerKilledWhileTheModelThinksAnswersExactlyOnce) {
  json::object slow{{"content", "Hello! Roses, lilies or tulips today?"}, {"delay_ms", 3000}};
  json::object again{{"content", "Hello! Roses, lilies or tulips today?"}};
  ASSERT_EQ(emulator_->Control("/__control/openai/script", {{"responses", json::array{slow, again}}}), 200);
  const auto visitor = NewVisitor();
  auto first = visitor.Say("hi there");
  std::string conversation_id(first.at("message").at("conversation_id").as_string());
  ASSERT_TRUE(Eventually([&] {
    return emulator_->ControlGet("/__control/openai/requests").at("count") == 1;
  })) << "the turn reached the model";
  server_->Kill();  // mid-turn: the model's answer never reaches this server
  StartServer();
  auto transcript = visitor.AwaitReply(0);
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));  // a doubled turn would have landed by now
  EXPECT_EQ(AssistantTurns(conversation_id), 1u);
  size_t greetings = 0;
  for (const auto& m : visitor.Transcript())
    greetings += m.at("text") == "Hello! Roses, lilies or tulips today?" ? 1 : 0;
  EXPECT_EQ(greetings, 1u);
  EXPECT_EQ(emulator_->ControlGet("/__control/openai/requests").at("count"), 2)
      << "the turn ran again after the crash";
}

X8_INSTANTIATE_ENGINE_TEST(LlmConversationsTest);

}  // namespace
}  // namespace x8::testing
