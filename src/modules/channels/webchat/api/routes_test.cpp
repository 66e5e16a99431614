// The web chat API over the real router and pipeline, against the in-memory backend.
#include "modules/channels/webchat/api/routes.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/json.h"
#include "modules/accounts/domain/access.h"
#include "modules/accounts/domain/rate_limiter.h"
#include "modules/channels/webchat/testing/fake_backend.h"
#include "platform/http/pipeline.h"
#include "platform/metrics/registry.h"

namespace x8::webchat {
namespace {

using boost::json::object;

std::string S(const boost::json::value& value) {
  return value.is_string() ? std::string(value.as_string()) : json::Serialize(value);
}

const std::string kAccountA = NewId("acc");
const std::string kAccountB = NewId("acc");

// "Bearer <account id>": a CLIENT of that account.
class TenantAuthenticator final : public http::Authenticator {
 public:
  Result<std::optional<http::Principal>> Authenticate(const http::Request& request) override {
    auto auth = request.headers.Get("Authorization");
    if (!auth) return std::optional<http::Principal>();
    std::string account(auth->substr(7));
    return std::optional<http::Principal>(http::Principal{"usr_" + account, "CLIENT", account});
  }
};

class NoManagers final : public accounts::AccountDirectory {
 public:
  Result<std::optional<std::string>> ManagerOf(std::string_view) override {
    return std::optional<std::string>("");
  }
};

struct Answer {
  int status = 0;
  object body;
  http::Headers headers;
};

class WebchatRoutesTest : public ::testing::Test {
 protected:
  WebchatRoutesTest()
      : access_(directory_),
        backend_(std::make_shared<testing::FakeBackend>()),
        tokens_(std::make_shared<const VisitorTokens>(std::string(32, 'm'))),
        limiter_(std::make_shared<accounts::RateLimiter>(clock_)),
        pipeline_(router_, metrics_, http::PipelineOptions{.log_requests = false}) {
    AddRoutes(
        router_, backend_, tokens_, access_, limiter_,
        RouteOptions{
            .public_url = "https://x8.example.com/", .messages_per_minute = 5, .sessions_per_minute = 3});
    pipeline_.SetAuthenticator(std::make_shared<TenantAuthenticator>());
    channel_ = backend_->AddCompany("cmp_a", kAccountA, "Bloom");
    other_ = backend_->AddCompany("cmp_b", kAccountB, "Other shop");
  }

  Answer Call(std::string method, const std::string& target, const std::optional<object>& body = std::nullopt,
              const std::string& account = "", const std::string& origin = "") {
    http::Request request;
    request.method = std::move(method);
    request.target = target;
    auto q = target.find('?');
    request.path = http::PercentDecode(target.substr(0, q));
    request.query = q == std::string::npos ? "" : target.substr(q + 1);
    request.remote_address = "203.0.113.7";
    if (body) {
      request.body = json::Serialize(*body);
      request.headers.Set("Content-Type", "application/json");
    }
    if (!account.empty()) request.headers.Set("Authorization", "Bearer " + account);
    if (!origin.empty()) request.headers.Set("Origin", origin);
    auto response = pipeline_.Handle(request);
    Answer answer{response.status, {}, response.headers};
    if (!response.body.empty()) {
      auto parsed = json::ParseObject(response.body);
      if (parsed) answer.body = *parsed;
    }
    return answer;
  }

  std::string Base(const conversations::Channel& channel) { return "/api/v1/webchat/" + channel.public_key; }

  std::string NewSession(const conversations::Channel& channel) {
    auto answer = Call("POST", Base(channel) + "/sessions", object{});
    EXPECT_EQ(answer.status, 200) << json::Serialize(answer.body);
    return std::string(answer.body.at("visitor_token").as_string());
  }

  Answer Send(const std::string& token, const std::string& text, const std::string& client_id) {
    return Call("POST", Base(channel_) + "/messages",
                object{{"visitor_token", token}, {"text", text}, {"client_id", client_id}}, "",
                "https://shop.example.org");
  }

  FakeClock clock_;
  NoManagers directory_;
  accounts::AccessPolicy access_;
  std::shared_ptr<testing::FakeBackend> backend_;
  std::shared_ptr<const VisitorTokens> tokens_;
  std::shared_ptr<accounts::RateLimiter> limiter_;
  http::Router router_;
  metrics::Registry metrics_;
  http::Pipeline pipeline_;
  conversations::Channel channel_, other_;
};

TEST_F(WebchatRoutesTest, SessionIssuesATokenAndResumesAValidOne) {
  auto first = Call("POST", Base(channel_) + "/sessions", object{});
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.headers.Get("Access-Control-Allow-Origin").value_or(""), "*");
  EXPECT_EQ(first.body.at("company").at("name"), "Bloom");
  EXPECT_TRUE(first.body.at("conversation_id").is_null());
  std::string token(first.body.at("visitor_token").as_string());
  auto visitor = tokens_->Verify(channel_.public_key, token);
  ASSERT_TRUE(visitor);

  ASSERT_EQ(Send(token, "hello", "c1").status, 202);
  auto resumed = Call("POST", Base(channel_) + "/sessions", object{{"visitor_token", token}});
  EXPECT_EQ(S(resumed.body.at("visitor_token")), token);
  EXPECT_TRUE(resumed.body.at("conversation_id").is_string());

  // A token of another widget (or garbage) gets a fresh identity instead of an error.
  auto foreign = tokens_->Issue(other_.public_key, *visitor);
  auto fresh = Call("POST", Base(channel_) + "/sessions", object{{"visitor_token", foreign}});
  EXPECT_EQ(fresh.status, 200);
  EXPECT_NE(S(fresh.body.at("visitor_token")), foreign);
  EXPECT_NE(S(fresh.body.at("visitor_token")), token);
  EXPECT_TRUE(fresh.body.at("conversation_id").is_null());
  // An empty body is fine too.
  EXPECT_EQ(Call("POST", Base(channel_) + "/sessions").status, 200);
}

TEST_F(WebchatRoutesTest, UnknownWidgetsAndInactiveCompaniesAre404) {
  auto unknown = Call("POST", "/api/v1/webchat/wc_ffffffffffffffffffffffffffffffff/sessions", object{});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body.at("error").at("details").at("field"), "widget_key");
  EXPECT_EQ(Call("POST", "/api/v1/webchat/not-a-key/sessions", object{}).status, 404);

  auto closed = backend_->AddCompany("cmp_closed", kAccountA, "Closed", /*active=*/false);
  EXPECT_EQ(Call("POST", Base(closed) + "/sessions", object{}).status, 404);
  backend_->SetChannelStatus(other_.id, "disabled");
  EXPECT_EQ(Call("POST", Base(other_) + "/sessions", object{}).status, 404);
}

TEST_F(WebchatRoutesTest, MessagesAreAcceptedAsTheVisitorWithDedupeByClientId) {
  auto token = NewSession(channel_);
  auto visitor = tokens_->Verify(channel_.public_key, token).value();
  auto sent = Send(token, "  two red roses  ", "0b4c6a7e-7f1e-4c36-9f55-3f6a0e2b9d11");
  ASSERT_EQ(sent.status, 202) << json::Serialize(sent.body);
  EXPECT_FALSE(sent.body.at("duplicate").as_bool());
  const auto& message = sent.body.at("message").as_object();
  EXPECT_EQ(message.at("text"), "two red roses");
  EXPECT_EQ(message.at("author"), "customer");
  EXPECT_FALSE(message.contains("trace"));

  auto accepted = backend_->accepted();
  ASSERT_EQ(accepted.size(), 1u);
  EXPECT_EQ(accepted[0].channel_id, channel_.id);
  EXPECT_EQ(accepted[0].contact_external_id, visitor);
  EXPECT_EQ(accepted[0].external_id, visitor + ":0b4c6a7e-7f1e-4c36-9f55-3f6a0e2b9d11");
  ASSERT_TRUE(accepted[0].referral);
  EXPECT_EQ(accepted[0].referral->source, "website");
  EXPECT_EQ(accepted[0].referral->url, "https://shop.example.org");

  auto again = Send(token, "two red roses", "0b4c6a7e-7f1e-4c36-9f55-3f6a0e2b9d11");
  ASSERT_EQ(again.status, 202);
  EXPECT_TRUE(again.body.at("duplicate").as_bool());
  EXPECT_EQ(again.body.at("message").at("id"), message.at("id"));
  EXPECT_EQ(backend_->accepted().size(), 1u);

  // The same client id from another visitor is that visitor's own message.
  auto stranger = Send(NewSession(channel_), "hi", "0b4c6a7e-7f1e-4c36-9f55-3f6a0e2b9d11");
  EXPECT_FALSE(stranger.body.at("duplicate").as_bool());
}

TEST_F(WebchatRoutesTest, BadTokensAre401WithAClearMessage) {
  auto token = NewSession(channel_);
  auto visitor = tokens_->Verify(channel_.public_key, token).value();
  for (const auto& bad :
       {std::string("garbage"), tokens_->Issue(other_.public_key, visitor),
        VisitorTokens("another master key, 32 bytes....").Issue(channel_.public_key, visitor)}) {
    auto answer = Send(bad, "hello", "c1");
    EXPECT_EQ(answer.status, 401) << bad;
    EXPECT_EQ(answer.body.at("error").at("details").at("field"), "visitor_token");
    EXPECT_NE(std::string(answer.body.at("error").at("message").as_string()).find("start a new session"),
              std::string::npos);
    auto listed = Call("GET", Base(channel_) + "/messages?visitor_token=" + bad + "&after=0");
    EXPECT_EQ(listed.status, 401);
  }
  EXPECT_EQ(Call("GET", Base(channel_) + "/messages?after=0").status, 401);
  auto missing = Call("POST", Base(channel_) + "/messages", object{{"text", "hi"}, {"client_id", "c1"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.body.at("error").at("details").at("field"), "visitor_token");
  EXPECT_TRUE(backend_->accepted().empty());
}

TEST_F(WebchatRoutesTest, TextAndClientIdAreValidated) {
  auto token = NewSession(channel_);
  auto field = [](const Answer& answer) {
    return std::string(answer.body.at("error").at("details").at("field").as_string());
  };
  auto empty = Send(token, "   \n ", "c1");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(field(empty), "text");
  auto long_text = Send(token, std::string(4001, 'a'), "c2");
  EXPECT_EQ(long_text.status, 400);
  EXPECT_EQ(field(long_text), "text");
  EXPECT_EQ(Send(token, std::string(4000, 'a'), "c3").status, 202);
  auto bad_id = Send(token, "hi", "has space");
  EXPECT_EQ(bad_id.status, 400);
  EXPECT_EQ(field(bad_id), "client_id");
  EXPECT_EQ(field(Send(token, "hi", std::string(65, 'a'))), "client_id");
  auto number = Call("POST", Base(channel_) + "/messages",
                     object{{"visitor_token", token}, {"text", 5}, {"client_id", "c4"}});
  EXPECT_EQ(number.status, 400);
  EXPECT_EQ(field(number), "text");
}

TEST(WebchatTextTest, LengthCountsCharactersNotBytes) {
  std::string cyrillic;
  for (int i = 0; i < 4000; ++i) cyrillic += "ы";
  EXPECT_EQ(cyrillic.size(), 8000u);
  EXPECT_EQ(Utf8Length(cyrillic), 4000u);
  EXPECT_EQ(Utf8Length("a🌹b"), 3u);
}

TEST_F(WebchatRoutesTest, HistoryIsTheVisitorsViewAfterASeq) {
  auto token = NewSession(channel_);
  auto visitor = tokens_->Verify(channel_.public_key, token).value();
  ASSERT_EQ(Send(token, "roses", "c1").status, 202);
  backend_->AddReply(channel_.id, visitor, "Which size?", {{"M", "size M"}});
  backend_->AddNote(channel_.id, visitor, "VIP customer");

  auto all = Call("GET", Base(channel_) + "/messages?visitor_token=" + token + "&after=0");
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.headers.Get("Cache-Control").value_or(""), "no-store");
  EXPECT_EQ(all.headers.Get("Access-Control-Allow-Origin").value_or(""), "*");
  const auto& list = all.body.at("messages").as_array();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1].at("text"), "Which size?");
  for (const auto& message : list) {
    EXPECT_FALSE(message.as_object().contains("trace"));
    EXPECT_FALSE(message.as_object().contains("author_user_id"));
    EXPECT_FALSE(message.as_object().contains("error"));
    EXPECT_NE(message.at("direction"), "note");
  }
  auto after = Call("GET", Base(channel_) + "/messages?visitor_token=" + token + "&after=1");
  ASSERT_EQ(after.body.at("messages").as_array().size(), 1u);
  EXPECT_EQ(after.body.at("messages").as_array()[0].at("seq"), 2);

  auto bad_after = Call("GET", Base(channel_) + "/messages?visitor_token=" + token + "&after=-1");
  EXPECT_EQ(bad_after.status, 400);
  EXPECT_EQ(bad_after.body.at("error").at("details").at("field"), "after");
  EXPECT_EQ(Call("GET", Base(channel_) + "/messages?visitor_token=" + token + "&after=x").status, 400);

  // A new visitor has no history; another visitor's token sees only their own.
  auto stranger =
      Call("GET", Base(channel_) + "/messages?visitor_token=" + NewSession(channel_) + "&after=0");
  EXPECT_TRUE(stranger.body.at("messages").as_array().empty());
}

TEST_F(WebchatRoutesTest, PreflightIsAnsweredForTheWidgetsRequests) {
  http::Request request;
  request.method = "OPTIONS";
  request.path = Base(channel_) + "/messages";
  request.target = request.path;
  request.headers.Set("Origin", "https://shop.example.org");
  request.headers.Set("Access-Control-Request-Method", "POST");
  request.headers.Set("Access-Control-Request-Headers", "content-type");
  auto response = pipeline_.Handle(request);
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(response.headers.Get("Access-Control-Allow-Origin").value_or(""), "*");
}

TEST_F(WebchatRoutesTest, RateLimitsPerVisitorAndNewVisitorsPerAddress) {
  auto token = NewSession(channel_);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(Send(token, "hi", "r" + std::to_string(i)).status, 202);
  auto limited = Send(token, "hi", "r5");
  EXPECT_EQ(limited.status, 429);
  clock_.Advance(std::chrono::minutes(1));
  EXPECT_EQ(Send(token, "hi", "r6").status, 202);

  for (int i = 0; i < 3; ++i) NewSession(channel_);  // three new visitors from one address in this minute
  EXPECT_EQ(Call("POST", Base(channel_) + "/sessions", object{}).status, 429);
  // Resuming is not limited.
  EXPECT_EQ(Call("POST", Base(channel_) + "/sessions", object{{"visitor_token", token}}).status, 200);
}

TEST_F(WebchatRoutesTest, ConfigEnsuresTheChannelAndBuildsTheSnippet) {
  auto config = Call("GET", "/api/v1/companies/cmp_a/webchat", std::nullopt, kAccountA);
  ASSERT_EQ(config.status, 200) << json::Serialize(config.body);
  EXPECT_EQ(S(config.body.at("channel_id")), channel_.id);
  EXPECT_EQ(S(config.body.at("widget_key")), channel_.public_key);
  EXPECT_EQ(S(config.body.at("snippet")), "<script src=\"https://x8.example.com/widget.js\" data-key=\"" +
                                              channel_.public_key + "\" async></script>");
  EXPECT_EQ(Call("GET", "/api/v1/companies/cmp_b/webchat", std::nullopt, kAccountA).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/companies/cmp_zz/webchat", std::nullopt, kAccountA).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/companies/cmp_a/webchat").status, 401);
}

TEST_F(WebchatRoutesTest, PlaygroundConversationsAndMessagesStayInTheirTenant) {
  auto created = Call("POST", "/api/v1/companies/cmp_a/playground", object{}, kAccountA);
  ASSERT_EQ(created.status, 201) << json::Serialize(created.body);
  std::string conversation_id(created.body.at("id").as_string());
  EXPECT_EQ(created.body.at("company_id"), "cmp_a");

  auto sent = Call("POST", "/api/v1/playground/" + conversation_id + "/messages", object{{"text", " roses "}},
                   kAccountA);
  ASSERT_EQ(sent.status, 202) << json::Serialize(sent.body);
  EXPECT_EQ(sent.body.at("message").at("text"), "roses");
  EXPECT_EQ(sent.body.at("message").at("author"), "customer");

  EXPECT_EQ(Call("POST", "/api/v1/companies/cmp_a/playground", object{}, kAccountB).status, 404);
  EXPECT_EQ(
      Call("POST", "/api/v1/playground/" + conversation_id + "/messages", object{{"text", "hi"}}, kAccountB)
          .status,
      404);
  auto empty =
      Call("POST", "/api/v1/playground/" + conversation_id + "/messages", object{{"text", ""}}, kAccountA);
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(empty.body.at("error").at("details").at("field"), "text");
  EXPECT_EQ(Call("POST", "/api/v1/companies/cmp_a/playground", object{}).status, 401);
  // A web chat conversation is not a Playground one.
  auto token = NewSession(channel_);
  auto visitor_message = Send(token, "hi", "c1");
  auto web_conversation = std::string(visitor_message.body.at("conversation_id").as_string());
  EXPECT_EQ(
      Call("POST", "/api/v1/playground/" + web_conversation + "/messages", object{{"text", "hi"}}, kAccountA)
          .status,
      404);
}

TEST_F(WebchatRoutesTest, BackendFailuresAreNotDisguised) {
  backend_->FailWith(Unavailable("database is down"));
  EXPECT_EQ(Call("POST", Base(channel_) + "/sessions", object{}).status, 503);
}

}  // namespace
}  // namespace x8::webchat
