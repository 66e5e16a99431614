// The conversations.turn job: one assistant turn for a conversation's unanswered customer messages.
// Reads and the engine run before the job's transaction starts; the writes then commit together with
// the job's completion, so a crash re-runs the turn and its reply is written exactly once.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "modules/assistant/domain/engine.h"
#include "modules/commerce/domain/checkout.h"
#include "modules/conversations/domain/ports.h"
#include "modules/conversations/domain/service.h"
#include "modules/scheduling/domain/ports.h"
#include "platform/jobs/job.h"
#include "platform/jobs/queue.h"
#include "platform/storage/database.h"

namespace x8::conversations {

class TurnRunner {
 public:
  struct Options {
    int64_t history_messages = 40;
  };
  // `engines` by name (guided | llm); "guided" must be present. `checkout` may be null (no payment links:
  // a checkout request then only records a trace step). `welcome_video` may be null. `schedules` and
  // `bookings` may be null (no times offered / cart lines' slots are not held). `publish` (may be null)
  // gets the conversation on the company's inbox topic after a turn that wrote no message (a cart-only
  // change): the deliver job publishes the others when it sends their messages.
  TurnRunner(storage::Database& db, ConversationRepository& repository, ConversationService& conversations,
             CompanyDirectory& companies, CatalogueProvider& catalogues, WelcomeVideoSource* welcome_video,
             const SenderRegistry& senders, std::map<std::string, assistant::Engine*, std::less<>> engines,
             commerce::CheckoutPort* checkout, jobs::Queue& queue, const Clock& clock, Options options,
             ScheduleProvider* schedules = nullptr, scheduling::BookingPort* bookings = nullptr,
             Publisher publish = nullptr)
      : db_(db),
        repository_(repository),
        conversations_(conversations),
        companies_(companies),
        catalogues_(catalogues),
        welcome_video_(welcome_video),
        senders_(senders),
        engines_(std::move(engines)),
        checkout_(checkout),
        queue_(queue),
        clock_(clock),
        options_(options),
        schedules_(schedules),
        bookings_(bookings),
        publish_(std::move(publish)) {}

  // The job handler (payload {"conversation_id", "account_id"}).
  Status Run(const jobs::Job& job, storage::Tx& tx);

 private:
  Result<assistant::TurnResult> RunEngine(const std::string& engine_name, const assistant::TurnInput& input,
                                          assistant::Catalogue& catalogue);
  // Marks everything up to `last_inbound_seq` answered without replying (the conversation is a human's).
  Status MarkAnswered(storage::Tx& tx, const std::string& conversation_id, int64_t last_inbound_seq);

  storage::Database& db_;
  ConversationRepository& repository_;
  ConversationService& conversations_;
  CompanyDirectory& companies_;
  CatalogueProvider& catalogues_;
  WelcomeVideoSource* welcome_video_;
  const SenderRegistry& senders_;
  std::map<std::string, assistant::Engine*, std::less<>> engines_;
  commerce::CheckoutPort* checkout_;
  jobs::Queue& queue_;
  const Clock& clock_;
  Options options_;
  ScheduleProvider* schedules_;
  scheduling::BookingPort* bookings_;
  Publisher publish_;
};

}  // namespace x8::conversations
