#include "modules/channels/webchat/domain/senders.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/json.h"
#include "modules/channels/webchat/testing/fake_backend.h"
#include "platform/http/websocket_hub.h"

namespace x8::webchat {
namespace {

std::string S(const boost::json::value& value) {
  return value.is_string() ? std::string(value.as_string()) : json::Serialize(value);
}

class SendersTest : public ::testing::Test {
 protected:
  SendersTest()
      : backend_(std::make_shared<testing::FakeBackend>()),
        tokens_(std::make_shared<const VisitorTokens>(std::string(32, 'm'))),
        sender_(backend_, tokens_, [this](std::string_view topic, const boost::json::value& data) {
          hub_.Publish(topic, data);
        }) {
    hub_.SetTopicPolicy(&VisitorTokens::MayWatch);
    channel_ = backend_->AddCompany("cmp_1", NewId("acc"), "Bloom");
  }

  // A visitor's socket subscribed to `topic`; returns what it receives.
  std::shared_ptr<std::vector<boost::json::object>> Subscribe(const std::string& topic) {
    auto frames = std::make_shared<std::vector<boost::json::object>>();
    auto id = hub_.Attach(std::nullopt, [frames](const std::string& text) {
      frames->push_back(json::ParseObject(text).value());
    });
    hub_.OnMessage(id, json::Serialize(boost::json::object{{"type", "subscribe"}, {"topic", topic}}));
    return frames;
  }

  std::shared_ptr<testing::FakeBackend> backend_;
  std::shared_ptr<const VisitorTokens> tokens_;
  http::WebSocketHub hub_;
  WebchatSender sender_;
  conversations::Channel channel_;
};

TEST_F(SendersTest, CapsOfBothKinds) {
  EXPECT_EQ(sender_.kind(), "webchat");
  EXPECT_EQ(sender_.caps().kind, "webchat");
  EXPECT_TRUE(sender_.caps().buttons);
  EXPECT_EQ(sender_.caps().max_buttons, 6u);
  EXPECT_EQ(sender_.caps().max_text_chars, 4000u);
  PlaygroundSender playground;
  EXPECT_EQ(playground.kind(), "playground");
  EXPECT_EQ(playground.caps().kind, "playground");
  EXPECT_EQ(playground.caps().max_buttons, 6u);
  EXPECT_TRUE(playground.Send({.message_id = "msg_1", .channel_id = "chn_1", .text = "hi"}));
}

TEST_F(SendersTest, PublishesTheVisitorsViewOnTheVisitorsTopicOnly) {
  auto visitor = VisitorTokens::NewVisitorId();
  auto token = tokens_->Issue(channel_.public_key, visitor);
  auto mine = Subscribe("webchat." + token);
  auto other = Subscribe("webchat." + tokens_->Issue(channel_.public_key, VisitorTokens::NewVisitorId()));
  ASSERT_EQ(mine->size(), 1u);  // "subscribed"
  EXPECT_EQ(mine->at(0).at("type"), "subscribed");

  auto reply = backend_->AddReply(channel_.id, visitor, "Which size?", {{"M", "size M"}});
  auto sent = sender_.Send({.message_id = reply.id,
                            .channel_id = channel_.id,
                            .contact_external_id = visitor,
                            .text = reply.text,
                            .buttons = reply.buttons});
  ASSERT_TRUE(sent) << sent.error().message;

  ASSERT_EQ(mine->size(), 2u);
  const auto& event = mine->at(1);
  EXPECT_EQ(event.at("type"), "event");
  EXPECT_EQ(S(event.at("topic")), "webchat." + token);
  const auto& data = event.at("data").as_object();
  EXPECT_EQ(data.at("kind"), "message");
  const auto& message = data.at("message").as_object();
  EXPECT_EQ(S(message.at("id")), reply.id);
  EXPECT_EQ(message.at("seq"), 1);
  EXPECT_EQ(message.at("buttons").as_array()[0].at("payload"), "size M");
  EXPECT_FALSE(message.contains("trace"));
  EXPECT_FALSE(message.contains("author_user_id"));
  EXPECT_FALSE(message.contains("error"));
  EXPECT_EQ(other->size(), 1u);  // only "subscribed"
}

TEST_F(SendersTest, NobodyListeningIsFine) {
  auto visitor = VisitorTokens::NewVisitorId();
  auto reply = backend_->AddReply(channel_.id, visitor, "Hello");
  EXPECT_TRUE(
      sender_.Send({.message_id = reply.id, .channel_id = channel_.id, .contact_external_id = visitor}));
}

TEST_F(SendersTest, AMessageGoneMeanwhileIsSentFromTheOutboxCopy) {
  auto visitor = VisitorTokens::NewVisitorId();
  auto mine = Subscribe("webchat." + tokens_->Issue(channel_.public_key, visitor));
  ASSERT_TRUE(sender_.Send({.message_id = "msg_gone",
                            .channel_id = channel_.id,
                            .contact_external_id = visitor,
                            .text = "Pay here",
                            .buttons = {{"Pay", "https://x8.test/pay/sandbox/ps_1"}}}));
  ASSERT_EQ(mine->size(), 2u);
  const auto& message = mine->at(1).at("data").at("message").as_object();
  EXPECT_EQ(message.at("id"), "msg_gone");
  EXPECT_EQ(message.at("text"), "Pay here");
  EXPECT_FALSE(message.contains("seq"));  // the widget catches up over HTTP
}

TEST_F(SendersTest, ErrorsAreRetryableOrPermanentAsTheOutboxNeedsThem) {
  auto visitor = VisitorTokens::NewVisitorId();
  auto not_a_visitor =
      sender_.Send({.message_id = "msg_1", .channel_id = channel_.id, .contact_external_id = "+4915"});
  EXPECT_EQ(not_a_visitor.error().code, ErrorCode::kFailedPrecondition);
  auto no_channel =
      sender_.Send({.message_id = "msg_1", .channel_id = "chn_x", .contact_external_id = visitor});
  EXPECT_EQ(no_channel.error().code, ErrorCode::kFailedPrecondition);
  backend_->FailWith(Unavailable("database is down"));
  auto down =
      sender_.Send({.message_id = "msg_1", .channel_id = channel_.id, .contact_external_id = visitor});
  EXPECT_EQ(down.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace x8::webchat
