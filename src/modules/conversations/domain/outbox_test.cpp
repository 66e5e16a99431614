// The outbox, payment status changes, retention and statistics, on SQLite and PostgreSQL.
#include "modules/conversations/domain/outbox.h"

#include <gtest/gtest.h>

#include "core/json.h"
#include "modules/conversations/domain/writer.h"
#include "modules/conversations/store/sql_conversation_repository.h"
#include "modules/conversations/testing/fixture.h"

namespace x8::conversations {
namespace {

using testing::ConversationsTest;

constexpr int64_t kDay = 24LL * 3600 * 1000;

class OutboxTest : public ConversationsTest {
 protected:
  // A human reply: one queued outgoing message with its delivery job.
  Message QueuedReply() {
    auto accepted = MustAccept("hi", "e" + std::to_string(++external_ids_));
    auto reply = registered_.conversations->Reply(owner_, accepted.conversation_id, "Hello!");
    EXPECT_TRUE(reply) << reply.error().message;
    return reply ? *reply : Message{};
  }
  Message Reload(const Message& message) {
    for (auto& stored : MessagesOf(message.conversation_id)) {
      if (stored.id == message.id) return stored;
    }
    ADD_FAILURE() << "message " << message.id << " not found";
    return {};
  }
  int external_ids_ = 0;
};

TEST_P(OutboxTest, DeliverySendsAndMarksSent) {
  auto reply = QueuedReply();
  RunDueJobs();
  ASSERT_EQ(sender_->sent.size(), 1u);
  EXPECT_EQ(sender_->sent[0].message_id, reply.id);
  EXPECT_EQ(sender_->sent[0].contact_external_id, "visitor-1");
  EXPECT_EQ(sender_->sent[0].channel_id, channel_.id);
  auto sent = Reload(reply);
  EXPECT_EQ(sent.status, "sent");
  EXPECT_EQ(sent.external_id, "ext-1");
  EXPECT_EQ(sent.sent_at, clock_.NowMillis());
  bool published = false;
  for (const auto& event : Events()) {
    published = published || (event.find(reply.id) != std::string::npos &&
                              event.find(R"("status":"sent")") != std::string::npos);
  }
  EXPECT_TRUE(published);
}

TEST_P(OutboxTest, LongTextIsSentInPartsWithinTheChannelLimit) {
  auto accepted = MustAccept("hi", "e1");
  std::string long_text;
  sender_->max_text_chars = 1'000;
  while (long_text.size() < 1'500) long_text += "bouquet ";
  auto reply = registered_.conversations->Reply(owner_, accepted.conversation_id, long_text);
  ASSERT_TRUE(reply) << reply.error().message;
  RunDueJobs();
  ASSERT_EQ(sender_->sent.size(), 2u);
  EXPECT_EQ(sender_->sent[0].message_id, reply->id);
  EXPECT_EQ(sender_->sent[1].message_id, reply->id + "#2");
  EXPECT_LE(sender_->sent[0].text.size(), 1'000u);
  EXPECT_EQ(sender_->sent[0].text + " " + sender_->sent[1].text, long_text.substr(0, long_text.size() - 1));
  EXPECT_EQ(Reload(*reply).external_id, "ext-1");
}

TEST(SplitTextTest, CutsAtWhitespaceAndCodePoints) {
  EXPECT_EQ(SplitText("", 10), std::vector<std::string>{""});
  EXPECT_EQ(SplitText("short", 10), std::vector<std::string>{"short"});
  EXPECT_EQ(SplitText("one two three", 8), (std::vector<std::string>{"one two", "three"}));
  EXPECT_EQ(SplitText("abcdefghij", 4), (std::vector<std::string>{"abcd", "efgh", "ij"}));
  EXPECT_EQ(SplitText("привет мир", 6), (std::vector<std::string>{"привет", "мир"}));
  EXPECT_EQ(SplitText("ёёёё", 3), (std::vector<std::string>{"ёёё", "ё"}));
  EXPECT_EQ(SplitText("no limit at all", 0), std::vector<std::string>{"no limit at all"});
}

TEST_P(OutboxTest, RetryableFailuresRetryThenEndFailed) {
  sender_->fail_with = ErrorCode::kUnavailable;
  auto reply = QueuedReply();
  RunDueJobs();
  EXPECT_EQ(Reload(reply).status, "queued");  // waiting for the retry
  for (int attempt = 0; attempt < 6; ++attempt) {
    clock_.Advance(Millis(3'600'000));
    RunDueJobs();
  }
  EXPECT_EQ(sender_->sent.size(), 5u);  // max_attempts
  auto failed = Reload(reply);
  EXPECT_EQ(failed.status, "failed");
  EXPECT_EQ(failed.error, "channel refused");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM jobs WHERE kind = 'conversations.deliver' AND state = 'done'"),
            1);
}

TEST_P(OutboxTest, PermanentFailureEndsFailedAtOnce) {
  sender_->fail_with = ErrorCode::kFailedPrecondition;
  auto reply = QueuedReply();
  RunDueJobs();
  EXPECT_EQ(sender_->sent.size(), 1u);
  EXPECT_EQ(Reload(reply).status, "failed");
}

TEST_P(OutboxTest, PaymentObserverMirrorsStatusAndWritesTheMessage) {
  auto accepted = MustAccept("buy", "e1");
  commerce::Quote quote{.currency = "EUR", .subtotal_minor = 5'000, .total_minor = 5'000};
  auto change = [&](commerce::PaymentStatus status) {
    auto done = db().Transact([&](storage::Tx& tx) {
      return registered_.payment_observer->PaymentStatusChanged(
          tx, commerce::OrderEvent{.order_id = "ord_1",
                                   .account_id = account_id_,
                                   .company_id = company_id_,
                                   .conversation_id = accepted.conversation_id,
                                   .status = status,
                                   .quote = quote,
                                   .language = "en"});
    });
    ASSERT_TRUE(done) << done.error().message;
  };
  change(commerce::PaymentStatus::kPaid);
  auto conversation = MustGet(accepted.conversation_id);
  EXPECT_EQ(conversation.payment_status, "paid");
  EXPECT_EQ(conversation.outcome, "paid");
  auto messages = MessagesOf(accepted.conversation_id);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1].text, assistant::PaymentReceivedText("en", quote));
  EXPECT_EQ(messages[1].status, "queued");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM jobs WHERE kind = 'conversations.deliver'"), 1);

  change(commerce::PaymentStatus::kRefunded);
  EXPECT_EQ(MustGet(accepted.conversation_id).outcome, "refunded");
  EXPECT_EQ(MessagesOf(accepted.conversation_id).size(), 2u);  // no message for a refund
  change(commerce::PaymentStatus::kExpired);
  EXPECT_EQ(MessagesOf(accepted.conversation_id).back().text, assistant::PaymentExpiredText("en"));
  // Another account's event for this conversation changes nothing.
  auto foreign = db().Transact([&](storage::Tx& tx) {
    return registered_.payment_observer->PaymentStatusChanged(
        tx, commerce::OrderEvent{.account_id = other_account_id_,
                                 .conversation_id = accepted.conversation_id,
                                 .status = commerce::PaymentStatus::kCancelled});
  });
  ASSERT_TRUE(foreign);
  EXPECT_EQ(MustGet(accepted.conversation_id).outcome, "expired");
}

TEST_P(OutboxTest, EveryPaymentChangeReachesTheInboxOnceCommitted) {
  auto accepted = MustAccept("buy", "e1");
  // As commerce applies payment events: inside a job (payments.apply_event).
  size_t published_inside = 0;
  worker_->Register("test.payment", [&](const jobs::Job& job, storage::Tx& tx) -> Status {
    X8_TRY(auto payload, json::ParseObject(job.payload));
    X8_TRY(auto name, json::RequireString(payload, "status"));
    X8_TRY(auto status, commerce::ParsePaymentStatus(name));
    const size_t at_start = Events().size();
    X8_TRY_STATUS(registered_.payment_observer->PaymentStatusChanged(
        tx, commerce::OrderEvent{.order_id = "ord_1",
                                 .account_id = account_id_,
                                 .company_id = company_id_,
                                 .conversation_id = accepted.conversation_id,
                                 .status = status,
                                 .quote = {.currency = "EUR", .subtotal_minor = 500, .total_minor = 500},
                                 .language = "en"}));
    published_inside += Events().size() - at_start;
    return Ok();
  });
  // The outcome of the last conversation event on the inbox topic.
  auto last_outcome = [&]() -> std::string {
    std::string outcome;
    for (const auto& text : Events()) {
      auto event = json::ParseObject(text);
      if (!event || !event->contains("data")) continue;
      const auto& data = event->at("data").as_object();
      if (data.at("kind") == "conversation")
        outcome = std::string(data.at("conversation").at("outcome").as_string());
    }
    return outcome;
  };
  for (auto status : {commerce::PaymentStatus::kPaymentLinkSent, commerce::PaymentStatus::kCancelled,
                      commerce::PaymentStatus::kPaid, commerce::PaymentStatus::kRefunded}) {
    ASSERT_TRUE(queue_->Enqueue(
        {.kind = "test.payment",
         .payload = json::Serialize(boost::json::object{{"status", commerce::ToString(status)}})}));
    RunDueJobs();  // the payment change (and the delivery of the thank-you the payment wrote)
    EXPECT_EQ(last_outcome(), MustGet(accepted.conversation_id).outcome) << commerce::ToString(status);
  }
  EXPECT_EQ(published_inside, 0u) << "nothing is published before the job commits";
  EXPECT_EQ(last_outcome(), "refunded");
  EXPECT_EQ(MessagesOf(accepted.conversation_id).size(), 2u);  // the thank-you only
}

TEST_P(OutboxTest, RetentionDeletesOldHistoryByCompanyWindow) {
  ASSERT_TRUE(registered_.conversations->UpdateSettings(owner_, company_id_, {.retention_days = 1}));
  auto old = MustAccept("old message", "e1", "visitor-old");
  clock_.Advance(Millis(3'000));
  RunDueJobs();  // the old conversation's reply
  ASSERT_EQ(MustGet(old.conversation_id).message_count, 2);
  clock_.Advance(Millis(2 * kDay));
  auto fresh = MustAccept("new message", "e2", "visitor-new");
  ASSERT_TRUE(queue_->Enqueue(jobs::JobSpec{.kind = std::string(kRetentionJob)}));
  RunDueJobs();
  EXPECT_EQ(registered_.conversations->Get(owner_, old.conversation_id).error().code, ErrorCode::kNotFound);
  auto kept = MustGet(fresh.conversation_id);
  EXPECT_EQ(kept.message_count, 1);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM messages"), 1);  // the fresh one (its turn is not due yet)
  // Inbound events are kept 7 days.
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM inbound_events"), 2);
  clock_.Advance(Millis(8 * kDay));
  ASSERT_TRUE(queue_->Enqueue(jobs::JobSpec{.kind = std::string(kRetentionJob)}));
  RunDueJobs();
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM inbound_events"), 0);
}

TEST_P(OutboxTest, RetentionTrimsAccountsAboveTheLimitOldestConversationsFirst) {
  auto first = MustAccept("one", "e1", "visitor-1");
  MustAccept("two", "e2", "visitor-1");
  clock_.Advance(Millis(10));
  auto second = MustAccept("three", "e3", "visitor-2");
  clock_.Advance(Millis(10));
  auto third = MustAccept("four", "e4", "visitor-3");
  SqlConversationRepository repository;
  RetentionRunner runner(repository, clock_, /*max_messages_per_account=*/2);
  ASSERT_TRUE(db().Transact([&](storage::Tx& tx) { return runner.Run(jobs::Job{}, tx); }));
  EXPECT_EQ(registered_.conversations->Get(owner_, first.conversation_id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(MustGet(second.conversation_id).message_count, 1);
  EXPECT_EQ(MustGet(third.conversation_id).message_count, 1);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM messages"), 2);
}

TEST_P(OutboxTest, StatsCountMessagesAndConversationsPerCompany) {
  QueuedReply();
  MustAccept("hello", "x1", "visitor-2");
  std::vector<std::string> ids{company_id_, other_company_id_};
  auto stats = registered_.stats->StatsFor(ids);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->at(company_id_).messages_in, 2);
  EXPECT_EQ(stats->at(company_id_).messages_out, 1);
  EXPECT_EQ(stats->at(company_id_).conversations, 2);
  EXPECT_EQ(stats->at(other_company_id_).conversations, 0);
  auto standalone = MakeCompanyStats(db())->StatsFor(ids);
  ASSERT_TRUE(standalone);
  EXPECT_EQ(standalone->at(company_id_).messages_in, 2);
}

X8_INSTANTIATE_ENGINE_TEST(OutboxTest);

}  // namespace
}  // namespace x8::conversations
