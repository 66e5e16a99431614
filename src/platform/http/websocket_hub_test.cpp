#include "platform/http/websocket_hub.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace x8::http {
namespace {

struct Inbox {
  std::vector<std::string> frames;
  WebSocketHub::Sender Sender() {
    return [this](std::string text) { frames.push_back(std::move(text)); };
  }
  boost::json::value Last() const { return boost::json::parse(frames.back()); }
};

TEST(WebSocketHub, SubscribersReceivePublishedEvents) {
  WebSocketHub hub;
  Inbox a, b;
  auto ida = hub.Attach(std::nullopt, a.Sender());
  hub.Attach(std::nullopt, b.Sender());
  hub.OnMessage(ida, R"({"type":"subscribe","topic":"system"})");
  EXPECT_EQ(a.Last().at("type"), "subscribed");
  EXPECT_EQ(hub.Publish("system", boost::json::object{{"notice", "restart"}}), 1u);
  EXPECT_EQ(a.Last().at("data").at("notice"), "restart");
  EXPECT_TRUE(b.frames.empty());
  hub.Detach(ida);
  EXPECT_EQ(hub.Publish("system", 1), 0u);
  EXPECT_EQ(hub.connection_count(), 1u);
}

TEST(WebSocketHub, PolicyDecidesTopicsAndHidesForbiddenOnes) {
  WebSocketHub hub;
  hub.SetTopicPolicy([](const std::optional<Principal>& p, std::string_view topic) {
    return p && topic == "company." + p->tenant_id;
  });
  Inbox mine;
  auto id = hub.Attach(Principal{"usr_1", "CLIENT", "acc_1"}, mine.Sender());
  hub.OnMessage(id, R"({"type":"subscribe","topic":"company.acc_2"})");
  EXPECT_EQ(mine.Last().at("error").at("code"), "not_found");
  hub.OnMessage(id, R"({"type":"subscribe","topic":"company.acc_1"})");
  EXPECT_EQ(mine.Last().at("type"), "subscribed");
  EXPECT_EQ(hub.Publish("company.acc_2", 1), 0u);
  EXPECT_EQ(hub.Publish("company.acc_1", 1), 1u);
}

TEST(WebSocketHub, AnswersPingAndRejectsGarbage) {
  WebSocketHub hub;
  Inbox in;
  auto id = hub.Attach(std::nullopt, in.Sender());
  hub.OnMessage(id, R"({"type":"ping"})");
  EXPECT_EQ(in.Last().at("type"), "pong");
  hub.OnMessage(id, "not json");
  EXPECT_EQ(in.Last().at("error").at("code"), "invalid_argument");
  hub.OnMessage(id, R"({"type":"dance"})");
  EXPECT_EQ(in.Last().at("type"), "error");
}

}  // namespace
}  // namespace x8::http
