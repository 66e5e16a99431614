// The web chat module over the real conversations module (SQL store, ingest, turn runner, outbox) on
// SQLite and PostgreSQL: a visitor's message is accepted through the public API, the turn answers it, the
// outbox hands the reply to WebchatSender, and the visitor's socket receives it on webchat.<token>.
#include "modules/channels/webchat/module.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cctype>

#include "core/json.h"
#include "modules/channels/webchat/domain/visitor.h"
#include "modules/conversations/testing/fixture.h"
#include "platform/http/pipeline.h"
#include "platform/metrics/registry.h"

namespace x8::webchat {
namespace {

using boost::json::object;

std::string S(const boost::json::value& value) {
  return value.is_string() ? std::string(value.as_string()) : json::Serialize(value);
}

class TenantAuthenticator final : public http::Authenticator {
 public:
  Result<std::optional<http::Principal>> Authenticate(const http::Request& request) override {
    auto auth = request.headers.Get("Authorization");
    if (!auth) return std::optional<http::Principal>();
    std::string account(auth->substr(7));
    return std::optional<http::Principal>(http::Principal{"usr_" + account, "CLIENT", account});
  }
};

const std::string kMasterKey(32, 'q');

class WebchatModuleTest : public conversations::testing::ConversationsTest {
 protected:
  void SetUp() override {
    ConversationsTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    webchat_ = Register(Dependencies{
        .router = router_,
        .conversations = registered_.conversations,
        .ingest = registered_.ingest,
        .access = *access_,
        .companies = [this](std::string_view company_id) -> Result<PublicCompany> {
          auto found = companies_.Find(company_id);
          if (!found) return found.error();
          return PublicCompany{.account_id = found->account_id,
                               .name = found->profile.name,
                               .active = !inactive_.contains(std::string(company_id))};
        },
        .hub = hub_,
        .clock = clock_,
        .master_key = kMasterKey,
        .public_url = "http://x8.test",
    });
    registered_.senders->Register(webchat_.webchat_sender);
    registered_.senders->Register(webchat_.playground_sender);
    auto inbox = registered_.inbox_topic_policy;
    auto visitors = webchat_.topic_policy;
    hub_.SetTopicPolicy(
        [inbox, visitors](const std::optional<http::Principal>& principal, std::string_view topic) {
          return inbox(principal, topic) || visitors(principal, topic);
        });
    pipeline_ =
        std::make_unique<http::Pipeline>(router_, metrics_, http::PipelineOptions{.log_requests = false});
    pipeline_->SetAuthenticator(std::make_shared<TenantAuthenticator>());
  }

  struct Answer {
    int status = 0;
    object body;
  };

  Answer Call(std::string method, const std::string& target, const std::optional<object>& body = std::nullopt,
              const std::string& account = "") {
    http::Request request;
    request.method = std::move(method);
    request.target = target;
    auto q = target.find('?');
    request.path = target.substr(0, q);
    request.query = q == std::string::npos ? "" : target.substr(q + 1);
    request.remote_address = "198.51.100.1";
    if (body) {
      request.body = json::Serialize(*body);
      request.headers.Set("Content-Type", "application/json");
    }
    if (!account.empty()) request.headers.Set("Authorization", "Bearer " + account);
    auto response = pipeline_->Handle(request);
    Answer answer{response.status, {}};
    if (auto parsed = json::ParseObject(response.body)) answer.body = *parsed;
    return answer;
  }

  // A socket subscribed to `topic`; its frames.
  std::shared_ptr<std::vector<object>> Subscribe(const std::string& topic) {
    auto frames = std::make_shared<std::vector<object>>();
    auto id = hub_.Attach(std::nullopt, [frames](const std::string& text) {
      frames->push_back(json::ParseObject(text).value());
    });
    hub_.OnMessage(id, json::Serialize(object{{"type", "subscribe"}, {"topic", topic}}));
    return frames;
  }

  std::string WidgetBase() {
    auto config = Call("GET", "/api/v1/companies/" + company_id_ + "/webchat", std::nullopt, account_id_);
    EXPECT_EQ(config.status, 200) << json::Serialize(config.body);
    return "/api/v1/webchat/" + S(config.body.at("widget_key"));
  }

  Registered webchat_;
  metrics::Registry metrics_;
  std::unique_ptr<http::Pipeline> pipeline_;
  std::set<std::string> inactive_;
};

TEST_P(WebchatModuleTest, VisitorMessageIsAnsweredOnTheVisitorsTopicAndInTheHistory) {
  auto config = Call("GET", "/api/v1/companies/" + company_id_ + "/webchat", std::nullopt, account_id_);
  ASSERT_EQ(config.status, 200);
  EXPECT_EQ(S(config.body.at("channel_id")), channel_.id);  // the fixture's channel: one per company
  EXPECT_EQ(S(config.body.at("snippet")), "<script src=\"http://x8.test/widget.js\" data-key=\"" +
                                              channel_.public_key + "\" async></script>");
  const std::string base = "/api/v1/webchat/" + channel_.public_key;

  auto session = Call("POST", base + "/sessions", object{});
  ASSERT_EQ(session.status, 200) << json::Serialize(session.body);
  EXPECT_EQ(S(session.body.at("company").at("name")), "Flowers");
  std::string token = S(session.body.at("visitor_token"));
  auto socket = Subscribe("webchat." + token);
  ASSERT_EQ(S(socket->at(0).at("type")), "subscribed");

  auto sent = Call("POST", base + "/messages",
                   object{{"visitor_token", token}, {"text", "red roses"}, {"client_id", "c-1"}});
  ASSERT_EQ(sent.status, 202) << json::Serialize(sent.body);
  EXPECT_FALSE(sent.body.at("duplicate").as_bool());
  auto again = Call("POST", base + "/messages",
                    object{{"visitor_token", token}, {"text", "red roses"}, {"client_id", "c-1"}});
  EXPECT_TRUE(again.body.at("duplicate").as_bool());
  EXPECT_EQ(again.body.at("message").at("id"), sent.body.at("message").at("id"));

  clock_.Advance(std::chrono::seconds(3));
  EXPECT_EQ(RunDueJobs(), 2);  // the turn, then the reply's delivery through WebchatSender

  ASSERT_EQ(socket->size(), 2u);
  const auto& event = socket->at(1);
  EXPECT_EQ(S(event.at("data").at("kind")), "message");
  const auto& reply = event.at("data").at("message").as_object();
  EXPECT_EQ(S(reply.at("text")), "guided: red roses");
  EXPECT_EQ(reply.at("seq"), 2);
  EXPECT_FALSE(reply.contains("trace"));
  EXPECT_FALSE(reply.contains("author_user_id"));

  auto history = Call("GET", base + "/messages?visitor_token=" + token + "&after=0");
  ASSERT_EQ(history.status, 200);
  const auto& list = history.body.at("messages").as_array();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(S(list[0].at("author")), "customer");
  EXPECT_EQ(S(list[1].at("status")), "sent");
  for (const auto& message : list) EXPECT_FALSE(message.as_object().contains("trace"));

  auto resumed = Call("POST", base + "/sessions", object{{"visitor_token", token}});
  EXPECT_EQ(S(resumed.body.at("conversation_id")), S(sent.body.at("conversation_id")));
}

TEST_P(WebchatModuleTest, AVisitorWithoutANameIsVisitorAndTheCodeOfTheirId) {
  // The same code the inbox showed before the server named visitors (web: visitorSuffix).
  EXPECT_EQ(conversations::VisitorName("v_8f3a9c2e"), "Visitor 9C2E");
  EXPECT_EQ(conversations::VisitorName("--"), "");

  const std::string base = "/api/v1/webchat/" + channel_.public_key;
  const std::string token = S(Call("POST", base + "/sessions", object{}).body.at("visitor_token"));
  const std::string visitor_id = token.substr(0, token.find('.'));
  std::string code = visitor_id.substr(visitor_id.size() - 4);  // visitor ids are letters and digits
  for (auto& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  ASSERT_EQ(conversations::VisitorName(visitor_id), "Visitor " + code);

  auto sent = Call("POST", base + "/messages",
                   object{{"visitor_token", token}, {"text", "hi"}, {"client_id", "c-1"}});
  ASSERT_EQ(sent.status, 202) << json::Serialize(sent.body);
  const std::string conversation_id = S(sent.body.at("conversation_id"));
  auto stored = MustGet(conversation_id);
  EXPECT_EQ(stored.contact.display_name, conversations::VisitorName(visitor_id));
  auto listed = Call("GET", "/api/v1/conversations/" + conversation_id, std::nullopt, account_id_);
  EXPECT_EQ(S(listed.body.at("contact").at("name")), conversations::VisitorName(visitor_id));
  // The assistant does not greet them as "Visitor …".
  clock_.Advance(std::chrono::seconds(3));
  RunDueJobs();
  ASSERT_FALSE(guided_.inputs.empty());
  EXPECT_EQ(guided_.inputs.back().customer_name, "");

  // A name they give replaces it, and a later message without one keeps it.
  Call("POST", base + "/messages",
       object{{"visitor_token", token}, {"text", "it's Anna"}, {"client_id", "c-2"}, {"name", "Anna"}});
  EXPECT_EQ(MustGet(conversation_id).contact.display_name, "Anna");
  Call("POST", base + "/messages", object{{"visitor_token", token}, {"text", "roses"}, {"client_id", "c-3"}});
  EXPECT_EQ(MustGet(conversation_id).contact.display_name, "Anna");
  clock_.Advance(std::chrono::seconds(3));
  RunDueJobs();
  EXPECT_EQ(guided_.inputs.back().customer_name, "Anna");
}

TEST_P(WebchatModuleTest, InactiveCompanyAndForeignWidgetKeys) {
  const std::string base = "/api/v1/webchat/" + channel_.public_key;
  auto token = S(Call("POST", base + "/sessions", object{}).body.at("visitor_token"));
  auto other =
      registered_.conversations->EnsureChannel(other_account_id_, other_company_id_, "webchat", "Web chat");
  ASSERT_TRUE(other);
  auto foreign = Call("POST", "/api/v1/webchat/" + other->public_key + "/messages",
                      object{{"visitor_token", token}, {"text", "hi"}, {"client_id", "c-1"}});
  EXPECT_EQ(foreign.status, 401);
  inactive_.insert(company_id_);
  EXPECT_EQ(Call("POST", base + "/sessions", object{}).status, 404);
  EXPECT_EQ(Call("GET", base + "/messages?visitor_token=" + token).status, 404);
  // The business can still fetch its snippet.
  EXPECT_EQ(Call("GET", "/api/v1/companies/" + company_id_ + "/webchat", std::nullopt, account_id_).status,
            200);
  EXPECT_EQ(
      Call("GET", "/api/v1/companies/" + company_id_ + "/webchat", std::nullopt, other_account_id_).status,
      404);
}

TEST_P(WebchatModuleTest, PlaygroundThroughTheApi) {
  auto created = Call("POST", "/api/v1/companies/" + company_id_ + "/playground", object{}, account_id_);
  ASSERT_EQ(created.status, 201) << json::Serialize(created.body);
  std::string id = S(created.body.at("id"));
  EXPECT_EQ(S(created.body.at("channel").at("kind")), "playground");
  auto posted =
      Call("POST", "/api/v1/playground/" + id + "/messages", object{{"text", "hello"}}, account_id_);
  ASSERT_EQ(posted.status, 202) << json::Serialize(posted.body);
  EXPECT_EQ(S(posted.body.at("message").at("text")), "hello");
  EXPECT_EQ(RunDueJobs(), 2);  // answered without debounce; PlaygroundSender marks the reply sent
  auto messages = MessagesOf(id);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1].status, "sent");
  EXPECT_EQ(
      Call("POST", "/api/v1/playground/" + id + "/messages", object{{"text", "x"}}, other_account_id_).status,
      404);
  EXPECT_EQ(
      Call("POST", "/api/v1/companies/" + company_id_ + "/playground", object{}, other_account_id_).status,
      404);
}

X8_INSTANTIATE_ENGINE_TEST(WebchatModuleTest);

}  // namespace
}  // namespace x8::webchat
