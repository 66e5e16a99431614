// The web chat channel: the public API the embeddable widget (/widget.js, web/widget/) talks to, the
// visitors' WebSocket topics, the web chat and Playground senders, and the Playground API.
// See docs/channels/webchat.md and docs/design/conversations.md.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/clock.h"
#include "modules/channels/webchat/domain/ports.h"
#include "modules/conversations/domain/channel.h"
#include "modules/conversations/domain/service.h"
#include "platform/http/websocket_hub.h"

namespace x8::http {
class Router;
}
namespace x8::accounts {
class AccessPolicy;
}

namespace x8::webchat {

struct Dependencies {
  http::Router& router;
  // conversations::Register's results.
  std::shared_ptr<conversations::ConversationService> conversations;
  std::shared_ptr<conversations::IngestService> ingest;
  const accounts::AccessPolicy& access;
  // The company by id with its display name and whether it is ACTIVE (the composition root, over the
  // companies module); an unknown or deleted company is kNotFound.
  CompanyLookup companies;
  http::WebSocketHub& hub;  // visitors' topics "webchat.<visitor_token>"
  // Where the events go when set (the composition root's realtime::Bus: every node's sockets); unset,
  // straight to `hub` (this node's sockets only).
  Publisher publish;
  const Clock& clock;      // rate-limit windows
  std::string master_key;  // the 32 raw bytes of the master key (visitor tokens use a key derived from it)
  std::string public_url;  // server.public_url, for the embed snippet
  int64_t messages_per_minute = 60;   // per visitor; 0 disables (load benchmarks)
  int64_t sessions_per_minute = 120;  // new visitors per client address; 0 disables
};

struct Registered {
  // For conversations::SenderRegistry::Register.
  std::shared_ptr<conversations::ChannelSender> webchat_sender;
  std::shared_ptr<conversations::ChannelSender> playground_sender;
  // For http::WebSocketHub::SetTopicPolicy, composed with the inbox policy: true for
  // "webchat.<visitor_token>" with a well-formed token (VisitorTokens::MayWatch explains why the MAC is
  // not checked there); false for every other topic.
  http::WebSocketHub::TopicPolicy topic_policy;
};

// Adds the routes (api/routes.h); the objects behind them live as long as the router's handlers and the
// returned pointers.
Registered Register(const Dependencies& deps);

}  // namespace x8::webchat
