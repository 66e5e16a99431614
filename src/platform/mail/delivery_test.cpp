#include "platform/mail/delivery.h"

#include <gtest/gtest.h>

#include "platform/mail/outbox.h"
#include "platform/mail/testing/recording_mailer.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::mail {
namespace {

using storage::Tx;

Status MigrateThroughMail(storage::Database& db) {
  auto all = storage::EmbeddedMigrations(db.dialect());
  size_t count = 0;
  while (count < all.size() && all[count].version <= 2) ++count;
  return storage::Migrate(db, all.first(count));
}

Message CodeMail(const std::string& to = "anna@example.com") {
  return *Render("login_code", to, {.language = "ru", .code = "424242", .valid_minutes = 10});
}

class DeliveryTest : public storage::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(MigrateThroughMail(db()));
    queue_ = std::make_unique<jobs::Queue>(db(), clock_);
    worker_ = std::make_unique<jobs::Worker>(db(), clock_, jobs::WorkerOptions{.backoff_base_ms = 1000});
  }
  void TearDown() override {
    worker_.reset();
    EngineTest::TearDown();
  }

  std::string EnqueueCommitted(const Message& message) {
    EXPECT_TRUE(db().Transact([&](Tx& tx) { return EnqueueMail(tx, *queue_, message); }));
    auto rows = db().Query("SELECT id FROM jobs WHERE kind = 'mail.send' ORDER BY seq DESC LIMIT 1");
    EXPECT_TRUE(rows && !rows->empty());
    return rows && !rows->empty() ? (*rows)[0].Text("id") : "";
  }

  jobs::Job MustGet(const std::string& id) {
    auto job = queue_->Get(id);
    EXPECT_TRUE(job && job->has_value());
    return job && job->has_value() ? **job : jobs::Job{};
  }

  FakeClock clock_;
  testing::RecordingMailer mailer_;
  std::unique_ptr<jobs::Queue> queue_;
  std::unique_ptr<jobs::Worker> worker_;
};

TEST_P(DeliveryTest, EnqueuedMailIsDeliveredExactlyOnce) {
  RegisterMailJobs(*worker_, mailer_);
  std::string id = EnqueueCommitted(CodeMail());
  EXPECT_EQ(MustGet(id).max_attempts, kSendMaxAttempts);

  ASSERT_TRUE(worker_->RunOnce().value());
  EXPECT_FALSE(worker_->RunOnce().value());
  clock_.Advance(Millis(3'600'000));
  EXPECT_FALSE(worker_->RunOnce().value());

  auto sent = mailer_.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, "anna@example.com");
  EXPECT_EQ(sent[0].subject, "Код для входа в X8: 424242");
  EXPECT_EQ(sent[0].html, CodeMail().html);
  EXPECT_EQ(sent[0].tag, "login_code");

  jobs::Job job = MustGet(id);
  EXPECT_EQ(job.state, jobs::JobState::kDone);
  EXPECT_EQ(job.payload.find("424242"), std::string::npos) << "the code must not outlive its delivery";
  EXPECT_NE(job.payload.find("login_code"), std::string::npos);
}

TEST_P(DeliveryTest, RolledBackTransactionSendsNothing) {
  RegisterMailJobs(*worker_, mailer_);
  Status status = db().Transact([&](Tx& tx) -> Status {
    X8_TRY_STATUS(EnqueueMail(tx, *queue_, CodeMail()));
    return Conflict("the user insert failed");
  });
  ASSERT_FALSE(status);
  EXPECT_FALSE(worker_->RunOnce().value());
  EXPECT_EQ(mailer_.calls(), 0);
}

TEST_P(DeliveryTest, InvalidMessageIsNotEnqueued) {
  Status status = db().Transact([&](Tx& tx) {
    return EnqueueMail(tx, *queue_, {.to = "a@b.c\r\nBcc: all@b.c", .subject = "x", .text = "x"});
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(queue_->CountByState()->at("pending"), 0);
}

TEST_P(DeliveryTest, TransientFailureRetriesWithBackoff) {
  RegisterMailJobs(*worker_, mailer_);
  std::string id = EnqueueCommitted(CodeMail());
  mailer_.FailWith(Unavailable("SMTP send failed: connection refused"));
  ASSERT_TRUE(worker_->RunOnce().value());
  jobs::Job job = MustGet(id);
  EXPECT_EQ(job.state, jobs::JobState::kPending);
  EXPECT_EQ(job.attempts, 1);
  EXPECT_GT(job.run_at, clock_.NowMillis());
  EXPECT_EQ(job.last_error.value_or(""), "SMTP send failed: connection refused");
  EXPECT_NE(job.payload.find("424242"), std::string::npos);  // still needed for the retry

  EXPECT_FALSE(worker_->RunOnce().value());  // not due yet
  mailer_.FailWith(std::nullopt);
  clock_.Advance(Millis(2'000));
  ASSERT_TRUE(worker_->RunOnce().value());
  EXPECT_EQ(mailer_.sent().size(), 1u);
  EXPECT_EQ(mailer_.calls(), 2);
  EXPECT_EQ(MustGet(id).state, jobs::JobState::kDone);
}

TEST_P(DeliveryTest, RejectedRecipientIsDeadLetteredAtOnce) {
  RegisterMailJobs(*worker_, mailer_);
  std::string id = EnqueueCommitted(CodeMail("gone@example.com"));
  mailer_.FailWith(InvalidArgument("SMTP server rejected the recipient: RCPT failed: 550"));
  ASSERT_TRUE(worker_->RunOnce().value());
  clock_.Advance(Millis(3'600'000));
  EXPECT_FALSE(worker_->RunOnce().value());
  EXPECT_EQ(mailer_.calls(), 1);

  jobs::Job job = MustGet(id);
  EXPECT_EQ(job.state, jobs::JobState::kDead);
  EXPECT_EQ(job.attempts, 1);
  EXPECT_NE(job.last_error.value_or("").find("RCPT failed: 550"), std::string::npos);
  auto dead = queue_->ListDead();
  ASSERT_TRUE(dead);
  ASSERT_EQ(dead->size(), 1u);

  // An admin can still put it back (e.g. after the mailbox was fixed).
  mailer_.FailWith(std::nullopt);
  ASSERT_TRUE(queue_->RetryDead(id));
  ASSERT_TRUE(worker_->RunOnce().value());
  EXPECT_EQ(mailer_.sent().size(), 1u);
}

TEST_P(DeliveryTest, MalformedPayloadIsDeadLettered) {
  RegisterMailJobs(*worker_, mailer_);
  auto enqueued = queue_->Enqueue({.kind = std::string(kSendJobKind), .payload = R"({"to":"a@b.c"})"});
  ASSERT_TRUE(enqueued);
  ASSERT_TRUE(worker_->RunOnce().value());
  EXPECT_EQ(MustGet(enqueued->id).state, jobs::JobState::kDead);
  EXPECT_EQ(mailer_.calls(), 0);
}

TEST_P(DeliveryTest, OutboxThroughTheQueue) {
  auto mailer = MakeMailer({}, db());
  ASSERT_TRUE(mailer);
  RegisterMailJobs(*worker_, **mailer);
  EnqueueCommitted(CodeMail());
  ASSERT_TRUE(worker_->RunOnce().value());
  auto outbox = ListOutbox(db(), 10, "anna@example.com");
  ASSERT_TRUE(outbox);
  ASSERT_EQ(outbox->size(), 1u);
  EXPECT_EQ((*outbox)[0].subject, "Код для входа в X8: 424242");
}

TEST(MessageJsonTest, RoundTrips) {
  Message message{.to = "a@b.c", .subject = "Тема", .text = "t\n", .html = "<b>h</b>", .tag = "x"};
  auto back = MessageFromJson(MessageToJson(message));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->to, message.to);
  EXPECT_EQ(back->subject, message.subject);
  EXPECT_EQ(back->text, message.text);
  EXPECT_EQ(back->html, message.html);
  EXPECT_EQ(back->tag, message.tag);
  EXPECT_FALSE(MessageFromJson("{}"));
  EXPECT_FALSE(MessageFromJson("not json"));
}

TEST(MakeMailerTest, RefusesBadSmtpSettings) {
  EXPECT_FALSE(SmtpMailer::Create({.smtp_url = "http://mail.example.com"}));
  EXPECT_FALSE(SmtpMailer::Create({.smtp_url = "smtp://"}));
  EXPECT_FALSE(SmtpMailer::Create({.smtp_url = "smtp://mail.example.com:587", .from = "nobody"}));
  auto remote = SmtpMailer::Create({.smtp_url = "smtp://mail.example.com:587"});
  ASSERT_TRUE(remote);
  EXPECT_TRUE((*remote)->requires_tls());
  for (const char* local : {"smtp://127.0.0.1:2525", "smtp://localhost:25", "smtp://[::1]:25"}) {
    auto mailer = SmtpMailer::Create({.smtp_url = local});
    ASSERT_TRUE(mailer) << local;
    EXPECT_FALSE((*mailer)->requires_tls()) << local;
  }
}

X8_INSTANTIATE_ENGINE_TEST(DeliveryTest);

}  // namespace
}  // namespace x8::mail
