// The accounts module through Register: the accounts.cleanup job is registered with the worker and
// scheduled, and a scheduled run deletes what has been dead for longer than the grace period only.
#include "modules/accounts/module.h"

#include <gtest/gtest.h>

#include "core/ids.h"
#include "modules/accounts/store/cleanup.h"
#include "modules/accounts/store/sql_store.h"
#include "platform/crypto/crypto.h"
#include "platform/http/router.h"
#include "platform/jobs/queue.h"
#include "platform/jobs/scheduler.h"
#include "platform/jobs/worker.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::accounts {
namespace {

using storage::testing::EngineTest;

constexpr int64_t kDay = 24 * 3'600'000LL;

class AccountsModuleTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    ASSERT_TRUE(crypto::Init());
    ASSERT_TRUE(storage::Migrate(db()));
    queue_ = std::make_unique<jobs::Queue>(db(), clock_);
    worker_ = std::make_unique<jobs::Worker>(db(), clock_);
    scheduler_ = std::make_unique<jobs::Scheduler>(db(), clock_);
    module_ = Module::Register({.router = router_,
                                .db = db(),
                                .queue = *queue_,
                                .worker = *worker_,
                                .scheduler = *scheduler_,
                                .clock = clock_,
                                .config = config_,
                                .master_key = std::string(32, 'k')});
  }

  // One scheduler tick and the job it enqueued, as a node runs them.
  void RunScheduledCleanup() {
    auto ticked = scheduler_->Tick();
    ASSERT_TRUE(ticked) << ticked.error().message;
    EXPECT_EQ(*ticked, 1);
    auto ran = worker_->RunOnce();
    ASSERT_TRUE(ran) << ran.error().message;
    EXPECT_TRUE(*ran);
  }
  int64_t Count(const std::string& sql) {
    auto rows = db().Query(sql, {});
    EXPECT_TRUE(rows);
    return rows ? (*rows)[0].Int("n") : -1;
  }

  FakeClock clock_;
  config::Config config_;
  http::Router router_;
  std::unique_ptr<jobs::Queue> queue_;
  std::unique_ptr<jobs::Worker> worker_;
  std::unique_ptr<jobs::Scheduler> scheduler_;
  std::unique_ptr<Module> module_;
};

TEST_P(AccountsModuleTest, TheCleanupJobIsScheduledHourlyAndKeepsWhatIsValid) {
  auto again = scheduler_->Every(std::string(kCleanupJob), std::chrono::hours(1), std::string(kCleanupJob));
  ASSERT_FALSE(again) << "Register already scheduled accounts.cleanup";
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidArgument);

  // An admin's password-set link (an unused, unexpired one-time token) and a session that expired
  // long ago.
  ASSERT_TRUE(module_->service().CreateOrPromoteAdmin("admin@example.com", "Admin"));
  SqlAccountsStore store(db());
  auto admin = store.FindUserByEmail(db(), "admin@example.com").value();
  ASSERT_TRUE(admin);
  Session old{.id = NewId("ses"),
              .user_id = admin->id,
              .created_at = clock_.NowMillis() - 60 * kDay,
              .last_used_at = clock_.NowMillis() - 60 * kDay,
              .expires_at = clock_.NowMillis() - 30 * kDay};
  ASSERT_TRUE(store.InsertSession(db(), old));

  RunScheduledCleanup();
  const int64_t now = clock_.NowMillis();
  EXPECT_EQ(Count("SELECT next_run_at AS n FROM job_schedules WHERE name = 'accounts.cleanup'"),
            now - now % kCleanupInterval.count() + kCleanupInterval.count())
      << "the next run is due in the next hour's slot";
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM sessions"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM one_time_tokens"), 1) << "the link is still valid";
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'accounts.cleanup' AND state = 'done'"), 1);

  // Within the grace period after the link expired it stays; after it, the next hourly run deletes it.
  clock_.Advance(std::chrono::seconds(config_.auth.password_reset_ttl_s) + std::chrono::days(1));
  RunScheduledCleanup();
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM one_time_tokens"), 1);
  clock_.Advance(std::chrono::days(7));
  RunScheduledCleanup();
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM one_time_tokens"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'accounts.cleanup' AND state = 'done'"), 3);
}

X8_INSTANTIATE_ENGINE_TEST(AccountsModuleTest);

}  // namespace
}  // namespace x8::accounts
