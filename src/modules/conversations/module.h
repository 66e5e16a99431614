// The conversations module: channels, contacts, conversations and messages; ingest with buffering,
// the assistant turn runner, the outbox, payment status mirroring, retention and the inbox API.
// See docs/conversations.md and docs/design/conversations.md.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "core/clock.h"
#include "modules/assistant/domain/engine.h"
#include "modules/commerce/domain/checkout.h"
#include "modules/companies/domain/ports.h"
#include "modules/conversations/domain/ports.h"
#include "modules/conversations/domain/service.h"
#include "modules/scheduling/domain/ports.h"
#include "platform/config/config.h"
#include "platform/http/websocket_hub.h"

namespace x8::storage {
class Database;
}
namespace x8::http {
class Router;
}
namespace x8::accounts {
class AccessPolicy;
}
namespace x8::jobs {
class Queue;
class Worker;
class Scheduler;
}  // namespace x8::jobs

namespace x8::conversations {

struct Dependencies {
  http::Router& router;
  storage::Database& db;
  jobs::Queue& queue;
  jobs::Worker& worker;        // conversations.turn / .deliver / .retention are registered on it
  jobs::Scheduler& scheduler;  // conversations.retention every config.retention_interval_ms
  const Clock& clock;
  const accounts::AccessPolicy& access;
  http::WebSocketHub& hub;  // events on company.<id>.inbox
  // Where the events go when set (the composition root's realtime::Bus: every node's sockets, sent when
  // the publishing transaction commits); unset, straight to `hub` (this node's sockets only).
  Publisher publish;
  config::ConversationsConfig config;
  // Ports implemented by the composition root.
  CompanyDirectory& companies;
  CatalogueProvider& catalogues;
  WelcomeVideoSource* welcome_video = nullptr;  // optional
  // Engines by name; "guided" is required, "llm" when configured.
  std::map<std::string, assistant::Engine*, std::less<>> engines;
  commerce::CheckoutPort* checkout = nullptr;  // null: checkout only records a trace step
  // Scheduling (issue 6), both optional: the assistant offers times of services (`schedules`); a
  // checkout holds each cart line's slot until payment, a free service is booked at once, payment
  // confirms the holds and an expired/cancelled link releases them (`bookings`).
  ScheduleProvider* schedules = nullptr;
  scheduling::BookingPort* bookings = nullptr;
  bool llm_available = false;  // assistant.llm_base_url is set
};

struct Registered {
  std::shared_ptr<IngestService> ingest;
  std::shared_ptr<ConversationService> conversations;
  // senders->Register(sender) for each channel kind (web chat, …). A "playground" sender that only marks
  // messages sent is installed by default.
  std::shared_ptr<SenderRegistry> senders;
  std::shared_ptr<commerce::PaymentObserver> payment_observer;
  std::shared_ptr<companies::CompanyStatsSource> stats;
  // For http::WebSocketHub::SetTopicPolicy, composed with other modules' policies: true for
  // "company.<id>.inbox" when the principal may access that company, false for every other topic.
  http::WebSocketHub::TopicPolicy inbox_topic_policy;
};

// The companies module's message statistics over this module's tables. Usable before Register, so the
// companies module (which the conversations module's CompanyDirectory is built on) can take it first.
std::shared_ptr<companies::CompanyStatsSource> MakeCompanyStats(storage::Database& db);

// Registers the inbox routes, the job handlers and the retention schedule. Call before the worker and
// the scheduler start. The objects live as long as the returned pointers and the router's handlers.
Registered Register(const Dependencies& deps);

}  // namespace x8::conversations
