// WebSocket fan-out, Beast-free. Each open socket is a connection that subscribes to topics;
// Publish() delivers an event to every subscriber of a topic. Which principal may subscribe to
// which topic is a policy the modules install (e.g. "company.<id>.inbox" for that company's users).
//
// Wire protocol (JSON text frames):
//   client → {"type":"subscribe","topic":"…"} | {"type":"unsubscribe","topic":"…"} | {"type":"ping"}
//   server → {"type":"subscribed","topic":"…"} | {"type":"event","topic":"…","data":…} |
//            {"type":"pong"} | {"type":"error","error":{"code":"…","message":"…"}}
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "platform/http/message.h"

namespace x8::http {

class WebSocketHub {
 public:
  // Thread-safe: queues a text frame on the connection.
  using Sender = std::function<void(std::string text)>;
  using TopicPolicy = std::function<bool(const std::optional<Principal>& principal, std::string_view topic)>;

  WebSocketHub();

  uint64_t Attach(std::optional<Principal> principal, Sender sender);
  void Detach(uint64_t connection_id);
  void OnMessage(uint64_t connection_id, std::string_view text);

  // Returns how many connections the event was queued for.
  size_t Publish(std::string_view topic, const boost::json::value& data);

  // Replaces the policy. The default admits only the "system" topic (server notices, e.g. restarts).
  void SetTopicPolicy(TopicPolicy policy);
  size_t connection_count() const;

 private:
  struct Connection {
    std::optional<Principal> principal;
    Sender sender;
    std::set<std::string, std::less<>> topics;
  };
  void SendError(const Connection& connection, std::string_view code, std::string_view message);

  mutable std::mutex mutex_;
  uint64_t next_id_ = 1;
  std::map<uint64_t, Connection> connections_;
  TopicPolicy policy_;
};

}  // namespace x8::http
