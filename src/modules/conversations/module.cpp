#include "modules/conversations/module.h"

#include <chrono>
#include <stdexcept>

#include "modules/conversations/api/routes.h"
#include "modules/conversations/domain/outbox.h"
#include "modules/conversations/domain/turn_runner.h"
#include "modules/conversations/store/sql_conversation_repository.h"
#include "platform/http/router.h"
#include "platform/jobs/queue.h"
#include "platform/jobs/scheduler.h"
#include "platform/jobs/worker.h"
#include "platform/storage/database.h"

namespace x8::conversations {
namespace {

// The Playground has no provider: its messages are read over the inbox API and topic, so "sending"
// one only marks it sent.
class PlaygroundSender final : public ChannelSender {
 public:
  std::string_view kind() const override { return kKindPlayground; }
  assistant::ChannelCaps caps() const override {
    assistant::ChannelCaps caps;
    caps.kind = std::string(kKindPlayground);
    return caps;
  }
  Result<SentMessage> Send(const OutboundMessage&) override { return SentMessage{}; }
};

}  // namespace

std::shared_ptr<companies::CompanyStatsSource> MakeCompanyStats(storage::Database& db) {
  struct State {
    explicit State(storage::Database& db) : stats(db, repository) {}
    SqlConversationRepository repository;
    ConversationStats stats;
  };
  auto state = std::make_shared<State>(db);
  return std::shared_ptr<companies::CompanyStatsSource>(state, &state->stats);
}

Registered Register(const Dependencies& deps) {
  if (!deps.engines.contains(kEngineGuided) || deps.engines.at(std::string(kEngineGuided)) == nullptr) {
    throw std::invalid_argument("conversations: the guided engine is required");
  }
  struct State {
    explicit State(const Dependencies& deps)
        : publish(deps.publish
                      ? deps.publish
                      : Publisher([&hub = deps.hub](std::string_view topic, const boost::json::value& data) {
                          hub.Publish(topic, data);
                        })),
          senders(std::make_shared<SenderRegistry>()),
          ingest(deps.db, repository, deps.queue, &deps.worker, deps.clock, deps.config.default_debounce_ms,
                 publish),
          conversations(deps.db, repository, deps.companies, deps.access, deps.queue, &deps.worker,
                        deps.clock, ingest, publish,
                        ConversationService::Options{.default_debounce_ms = deps.config.default_debounce_ms,
                                                     .llm_available = deps.llm_available}),
          turns(deps.db, repository, conversations, deps.companies, deps.catalogues, deps.welcome_video,
                *senders, deps.engines, deps.checkout, deps.queue, deps.clock,
                TurnRunner::Options{.history_messages = deps.config.history_messages}, deps.schedules,
                deps.bookings, publish),
          deliveries(deps.db, repository, *senders, deps.clock, publish),
          observer(repository, deps.queue, &deps.worker, deps.clock, deps.bookings, publish),
          retention(repository, deps.clock, deps.config.max_messages_per_account),
          stats(deps.db, repository) {}
    SqlConversationRepository repository;
    Publisher publish;
    std::shared_ptr<SenderRegistry> senders;
    IngestService ingest;
    ConversationService conversations;
    TurnRunner turns;
    DeliveryRunner deliveries;
    ConversationPaymentObserver observer;
    RetentionRunner retention;
    ConversationStats stats;
  };
  auto state = std::make_shared<State>(deps);
  state->senders->Register(std::make_shared<PlaygroundSender>());

  deps.worker.Register(std::string(kTurnJob),
                       [state](const jobs::Job& job, storage::Tx& tx) { return state->turns.Run(job, tx); });
  deps.worker.Register(std::string(kDeliverJob), [state](const jobs::Job& job, storage::Tx& tx) {
    return state->deliveries.Run(job, tx);
  });
  deps.worker.Register(std::string(kRetentionJob), [state](const jobs::Job& job, storage::Tx& tx) {
    return state->retention.Run(job, tx);
  });
  auto scheduled = deps.scheduler.Every(std::string(kRetentionJob),
                                        std::chrono::milliseconds(deps.config.retention_interval_ms),
                                        std::string(kRetentionJob));
  if (!scheduled) throw ErrorException(scheduled.error());  // a start-up bug (bad interval)

  auto conversations = std::shared_ptr<ConversationService>(state, &state->conversations);
  AddRoutes(deps.router, conversations);
  return Registered{
      .ingest = std::shared_ptr<IngestService>(state, &state->ingest),
      .conversations = conversations,
      .senders = state->senders,
      .payment_observer = std::shared_ptr<commerce::PaymentObserver>(state, &state->observer),
      .stats = std::shared_ptr<companies::CompanyStatsSource>(state, &state->stats),
      .inbox_topic_policy =
          [conversations](const std::optional<http::Principal>& principal, std::string_view topic) {
            return conversations->MayWatchInbox(principal, topic);
          },
  };
}

}  // namespace x8::conversations
