#include "platform/http/websocket_hub.h"

#include <boost/json.hpp>
#include <vector>

#include "core/json.h"

namespace x8::http {

WebSocketHub::WebSocketHub()
    : policy_([](const std::optional<Principal>&, std::string_view topic) { return topic == "system"; }) {}

uint64_t WebSocketHub::Attach(std::optional<Principal> principal, Sender sender) {
  std::lock_guard lock(mutex_);
  uint64_t id = next_id_++;
  connections_.emplace(id, Connection{std::move(principal), std::move(sender), {}});
  return id;
}

void WebSocketHub::Detach(uint64_t connection_id) {
  std::lock_guard lock(mutex_);
  connections_.erase(connection_id);
}

void WebSocketHub::SendError(const Connection& connection, std::string_view code, std::string_view message) {
  boost::json::object error{{"code", code}, {"message", message}};
  connection.sender(
      boost::json::serialize(boost::json::object{{"type", "error"}, {"error", std::move(error)}}));
}

void WebSocketHub::OnMessage(uint64_t connection_id, std::string_view text) {
  std::lock_guard lock(mutex_);
  auto it = connections_.find(connection_id);
  if (it == connections_.end()) return;
  Connection& connection = it->second;
  auto message = json::ParseObject(text);
  if (!message) return SendError(connection, "invalid_argument", message.error().message);
  auto type = json::RequireString(*message, "type");
  if (!type) return SendError(connection, "invalid_argument", type.error().message);
  if (*type == "ping") {
    connection.sender(R"({"type":"pong"})");
    return;
  }
  if (*type != "subscribe" && *type != "unsubscribe") {
    return SendError(connection, "invalid_argument", "unknown message type '" + *type + "'");
  }
  auto topic = json::RequireString(*message, "topic");
  if (!topic) return SendError(connection, "invalid_argument", topic.error().message);
  if (*type == "unsubscribe") {
    connection.topics.erase(*topic);
    connection.sender(
        boost::json::serialize(boost::json::object{{"type", "unsubscribed"}, {"topic", *topic}}));
    return;
  }
  // Unknown and forbidden topics look the same, so topic names reveal nothing about other tenants.
  if (!policy_(connection.principal, *topic)) {
    return SendError(connection, "not_found", "no such topic");
  }
  connection.topics.insert(*topic);
  connection.sender(boost::json::serialize(boost::json::object{{"type", "subscribed"}, {"topic", *topic}}));
}

size_t WebSocketHub::Publish(std::string_view topic, const boost::json::value& data) {
  auto frame =
      boost::json::serialize(boost::json::object{{"type", "event"}, {"topic", topic}, {"data", data}});
  std::lock_guard lock(mutex_);
  size_t delivered = 0;
  for (auto& [id, connection] : connections_) {
    if (connection.topics.contains(topic)) {
      connection.sender(frame);
      ++delivered;
    }
  }
  return delivered;
}

void WebSocketHub::SetTopicPolicy(TopicPolicy policy) {
  std::lock_guard lock(mutex_);
  policy_ = std::move(policy);
}

size_t WebSocketHub::connection_count() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

}  // namespace x8::http
