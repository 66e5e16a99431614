// Background work over the conversations tables: the outbox (conversations.deliver), payment status
// changes from commerce, retention (conversations.retention) and the companies module's statistics.
#pragma once

#include <span>
#include <string>
#include <unordered_map>

#include "core/clock.h"
#include "core/error.h"
#include "modules/commerce/domain/checkout.h"
#include "modules/companies/domain/ports.h"
#include "modules/conversations/domain/ports.h"
#include "modules/conversations/domain/service.h"
#include "modules/scheduling/domain/ports.h"
#include "platform/jobs/job.h"
#include "platform/jobs/queue.h"
#include "platform/storage/database.h"

namespace x8::jobs {
class Worker;
}

namespace x8::conversations {

// conversations.deliver {message_id, account_id}: sends one queued message through its channel's sender
// (outside the transaction), then marks it sent. Retryable failures go back to the queue; a permanent
// failure or the last attempt marks the message failed with the error and completes the job.
class DeliveryRunner {
 public:
  DeliveryRunner(storage::Database& db, ConversationRepository& repository, const SenderRegistry& senders,
                 const Clock& clock, Publisher publish)
      : db_(db), repository_(repository), senders_(senders), clock_(clock), publish_(std::move(publish)) {}

  Status Run(const jobs::Job& job, storage::Tx& tx);

 private:
  storage::Database& db_;
  ConversationRepository& repository_;
  const SenderRegistry& senders_;
  const Clock& clock_;
  Publisher publish_;
};

// Mirrors an order's payment status onto its conversation, with the after-payment / expiry message.
class ConversationPaymentObserver final : public commerce::PaymentObserver {
 public:
  // `bookings` (may be null): a paid order's holds are confirmed and named in the message; an expired or
  // cancelled order's holds are released. `publish` (may be null) gets the changed conversation on the
  // company's inbox topic once the change commits (jobs::AfterCommit), whatever the status: a
  // cancelled or refunded order writes no message that would carry it to the inbox.
  ConversationPaymentObserver(ConversationRepository& repository, jobs::Queue& queue, jobs::Worker* worker,
                              const Clock& clock, scheduling::BookingPort* bookings = nullptr,
                              Publisher publish = nullptr)
      : repository_(repository),
        queue_(queue),
        worker_(worker),
        clock_(clock),
        bookings_(bookings),
        publish_(std::move(publish)) {}

  Status PaymentStatusChanged(storage::Tx& tx, const commerce::OrderEvent& event) override;

 private:
  ConversationRepository& repository_;
  jobs::Queue& queue_;
  jobs::Worker* worker_;
  const Clock& clock_;
  scheduling::BookingPort* bookings_;
  Publisher publish_;
};

// conversations.retention: messages past their company's retention_days, conversations left empty,
// accounts above max_messages_per_account (oldest conversations first), inbound events older than 7 days.
class RetentionRunner {
 public:
  RetentionRunner(ConversationRepository& repository, const Clock& clock, int64_t max_messages_per_account)
      : repository_(repository), clock_(clock), max_messages_per_account_(max_messages_per_account) {}

  Status Run(const jobs::Job& job, storage::Tx& tx);

 private:
  ConversationRepository& repository_;
  const Clock& clock_;
  int64_t max_messages_per_account_;
};

class ConversationStats final : public companies::CompanyStatsSource {
 public:
  ConversationStats(storage::Database& db, ConversationRepository& repository)
      : db_(db), repository_(repository) {}

  Result<std::unordered_map<std::string, companies::CompanyStats>> StatsFor(
      std::span<const std::string> company_ids) override;

 private:
  storage::Database& db_;
  ConversationRepository& repository_;
};

}  // namespace x8::conversations
