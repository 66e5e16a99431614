#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "platform/jobs/queue.h"
#include "platform/jobs/scheduler.h"
#include "platform/jobs/worker.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::jobs {
namespace {

using namespace std::chrono_literals;
using storage::Tx;

class JobsTest : public storage::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(storage::Migrate(db()));
    ASSERT_TRUE(db().ExecScript("CREATE TABLE effects (job_id TEXT NOT NULL, note TEXT)"));
  }

  int64_t CountEffects(const std::string& job_id) {
    auto rows = db().Query("SELECT COUNT(*) AS n FROM effects WHERE job_id = ?", {job_id});
    EXPECT_TRUE(rows);
    return rows ? (*rows)[0].Int("n") : -1;
  }

  Job MustGet(const std::string& id) {
    auto job = Queue(db(), clock_).Get(id);
    EXPECT_TRUE(job && job->has_value());
    return job && job->has_value() ? **job : Job{};
  }

  // Polls until `done` or a generous deadline; the deadline only guards against hangs.
  template <class Predicate>
  bool WaitFor(Predicate done, std::chrono::milliseconds deadline = 30s) {
    auto until = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < until) {
      if (done()) return true;
      std::this_thread::sleep_for(20ms);
    }
    return done();
  }

  Handler RecordEffect() {
    return [](const Job& job, Tx& tx) -> Status {
      return tx.Exec("INSERT INTO effects (job_id) VALUES (?)", {job.id}).has_value() ? Ok()
                                                                                      : Internal("insert");
    };
  }

  FakeClock clock_;
};

TEST_P(JobsTest, EnqueueClaimAndComplete) {
  Queue queue(db(), clock_);
  auto enqueued = queue.Enqueue({.kind = "email", .payload = R"({"to":"a@x"})"});
  ASSERT_TRUE(enqueued) << enqueued.error().message;
  EXPECT_FALSE(enqueued->duplicate);
  Job pending = MustGet(enqueued->id);
  EXPECT_EQ(pending.state, JobState::kPending);
  EXPECT_EQ(pending.attempts, 0);
  EXPECT_EQ(pending.payload, R"({"to":"a@x"})");

  Worker worker(db(), clock_, {.worker_id = "w1"});
  std::string seen_payload;
  worker.Register("email", [&](const Job& job, Tx& tx) -> Status {
    seen_payload = job.payload;
    EXPECT_EQ(job.state, JobState::kRunning);
    EXPECT_EQ(job.locked_by, "w1");
    return RecordEffect()(job, tx);
  });
  auto ran = worker.RunOnce();
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_TRUE(*ran);
  EXPECT_EQ(seen_payload, R"({"to":"a@x"})");
  Job done = MustGet(enqueued->id);
  EXPECT_EQ(done.state, JobState::kDone);
  EXPECT_EQ(done.attempts, 1);
  EXPECT_FALSE(done.locked_by.has_value());
  EXPECT_EQ(done.finished_at, clock_.NowMillis());
  EXPECT_EQ(CountEffects(enqueued->id), 1);
  EXPECT_FALSE(*worker.RunOnce());
}

TEST_P(JobsTest, FutureJobsAndUnknownKindsAreNotClaimed) {
  Queue queue(db(), clock_);
  auto later = queue.Enqueue({.kind = "email", .run_at = clock_.NowMillis() + 60'000});
  ASSERT_TRUE(queue.Enqueue({.kind = "sms"}));
  Worker worker(db(), clock_);
  worker.Register("email", RecordEffect());
  EXPECT_FALSE(*worker.RunOnce());
  clock_.Advance(60s);
  EXPECT_TRUE(*worker.RunOnce());
  EXPECT_EQ(MustGet(later->id).state, JobState::kDone);
  EXPECT_EQ((*queue.CountByState())["pending"], 1);  // the sms job waits for a worker that knows it
}

TEST_P(JobsTest, InvalidSpecsAreRejected) {
  Queue queue(db(), clock_);
  EXPECT_EQ(queue.Enqueue({.kind = ""}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(queue.Enqueue({.kind = "k", .payload = "{nope"}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(queue.Enqueue({.kind = "k", .max_attempts = 0}).error().code, ErrorCode::kInvalidArgument);
}

TEST_P(JobsTest, EnqueueInsideCallerTransactionIsAtomicWithItsWrites) {
  Queue queue(db(), clock_);
  std::string rolled_back_id;
  Status failed = db().Transact([&](Tx& tx) -> Status {
    X8_TRY_STATUS(tx.Exec("INSERT INTO effects (job_id, note) VALUES ('order', 'rolled back')"));
    X8_TRY(auto job, queue.Enqueue(tx, {.kind = "receipt"}));
    rolled_back_id = job.id;
    return FailedPrecondition("payment declined");
  });
  ASSERT_FALSE(failed);
  EXPECT_FALSE(*queue.Get(rolled_back_id));

  std::string committed_id;
  ASSERT_TRUE(db().Transact([&](Tx& tx) -> Status {
    X8_TRY_STATUS(tx.Exec("INSERT INTO effects (job_id, note) VALUES ('order', 'committed')"));
    X8_TRY(auto job, queue.Enqueue(tx, {.kind = "receipt"}));
    committed_id = job.id;
    return Ok();
  }));
  EXPECT_TRUE(queue.Get(committed_id)->has_value());
  EXPECT_EQ(CountEffects("order"), 1);
}

TEST_P(JobsTest, FailuresRetryWithExponentialBackoff) {
  Queue queue(db(), clock_);
  auto id = queue.Enqueue({.kind = "flaky", .max_attempts = 5})->id;
  Worker worker(db(), clock_, {.backoff_base_ms = 1'000});
  int calls = 0;
  worker.Register("flaky", [&](const Job& job, Tx& tx) -> Status {
    ++calls;
    X8_TRY_STATUS(tx.Exec("INSERT INTO effects (job_id) VALUES (?)", {job.id}));
    if (calls < 3) return Unavailable("provider down (" + std::to_string(calls) + ")");
    return Ok();
  });

  ASSERT_TRUE(*worker.RunOnce());
  Job first = MustGet(id);
  EXPECT_EQ(first.state, JobState::kPending);
  EXPECT_EQ(first.attempts, 1);
  EXPECT_EQ(first.last_error, "provider down (1)");
  EXPECT_GE(first.run_at, clock_.NowMillis() + 750);
  EXPECT_LE(first.run_at, clock_.NowMillis() + 1'250);
  EXPECT_EQ(CountEffects(id), 0);   // the failed attempt's writes were rolled back
  EXPECT_FALSE(*worker.RunOnce());  // not due yet

  clock_.SetMillis(first.run_at);
  ASSERT_TRUE(*worker.RunOnce());
  Job second = MustGet(id);
  EXPECT_EQ(second.attempts, 2);
  EXPECT_GE(second.run_at, clock_.NowMillis() + 1'500);  // doubled
  EXPECT_LE(second.run_at, clock_.NowMillis() + 2'500);

  clock_.SetMillis(second.run_at);
  ASSERT_TRUE(*worker.RunOnce());
  Job done = MustGet(id);
  EXPECT_EQ(done.state, JobState::kDone);
  EXPECT_EQ(done.attempts, 3);
  EXPECT_EQ(CountEffects(id), 1);
}

TEST_P(JobsTest, PermanentFailuresAreDeadLetteredAtOnce) {
  Queue queue(db(), clock_);
  auto rejected = queue.Enqueue({.kind = "mail", .payload = R"({"to":"nobody"})", .max_attempts = 10})->id;
  auto throttled = queue.Enqueue({.kind = "mail", .payload = R"({"to":"busy"})", .max_attempts = 10})->id;
  Worker worker(db(), clock_, {.backoff_base_ms = 10});
  worker.Register("mail", [&](const Job& job, Tx&) -> Status {
    if (job.id == rejected) return InvalidArgument("550 no such mailbox");
    return Error{ErrorCode::kRateLimited, "421 try later"};
  });
  ASSERT_TRUE(*worker.RunOnce());
  ASSERT_TRUE(*worker.RunOnce());
  Job dead = MustGet(rejected);
  EXPECT_EQ(dead.state, JobState::kDead);
  EXPECT_EQ(dead.attempts, 1);
  EXPECT_EQ(dead.last_error, "permanent: 550 no such mailbox");
  Job retrying = MustGet(throttled);
  EXPECT_EQ(retrying.state, JobState::kPending);
  EXPECT_EQ(retrying.last_error, "421 try later");
  EXPECT_TRUE(IsRetryable(Unavailable("x")));
  EXPECT_FALSE(IsRetryable(NotFound("x")));
}

TEST_P(JobsTest, DeadLetterAfterMaxAttemptsCanBeListedAndRetried) {
  Queue queue(db(), clock_);
  auto id = queue.Enqueue({.kind = "doomed", .max_attempts = 2})->id;
  Worker worker(db(), clock_, {.backoff_base_ms = 10});
  bool fixed = false;
  worker.Register("doomed", [&](const Job&, Tx&) -> Status {
    if (!fixed) throw std::runtime_error("bad template");
    return Ok();
  });
  ASSERT_TRUE(*worker.RunOnce());
  clock_.Advance(1s);
  ASSERT_TRUE(*worker.RunOnce());
  Job dead = MustGet(id);
  EXPECT_EQ(dead.state, JobState::kDead);
  EXPECT_EQ(dead.attempts, 2);
  EXPECT_EQ(dead.last_error, "handler threw: bad template");
  clock_.Advance(1h);
  EXPECT_FALSE(*worker.RunOnce());  // dead letters are never picked up again by themselves

  auto counts = queue.CountByState();
  ASSERT_TRUE(counts);
  EXPECT_EQ((*counts)["dead"], 1);
  EXPECT_EQ((*counts)["pending"], 0);
  auto letters = queue.ListDead();
  ASSERT_TRUE(letters);
  ASSERT_EQ(letters->size(), 1u);
  EXPECT_EQ((*letters)[0].id, id);

  fixed = true;
  ASSERT_TRUE(queue.RetryDead(id));
  EXPECT_EQ(queue.RetryDead(id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(*worker.RunOnce());
  Job done = MustGet(id);
  EXPECT_EQ(done.state, JobState::kDone);
  EXPECT_EQ(done.attempts, 1);
}

TEST_P(JobsTest, UniqueKeyDedupesWhilePendingOrRunning) {
  Queue queue(db(), clock_);
  auto first = queue.Enqueue({.kind = "sync", .unique_key = "sync:acct1"});
  auto second = queue.Enqueue({.kind = "sync", .payload = R"({"x":1})", .unique_key = "sync:acct1"});
  auto other = queue.Enqueue({.kind = "sync", .unique_key = "sync:acct2"});
  ASSERT_TRUE(first && second && other);
  EXPECT_TRUE(second->duplicate);
  EXPECT_EQ(second->id, first->id);
  EXPECT_NE(other->id, first->id);

  Worker worker(db(), clock_);
  worker.Register("sync", [&](const Job& job, Tx& tx) -> Status {
    if (job.id == first->id) {
      auto while_running = queue.Enqueue(tx, {.kind = "sync", .unique_key = "sync:acct1"});
      EXPECT_TRUE(while_running && while_running->duplicate);
    }
    return Ok();
  });
  ASSERT_TRUE(*worker.RunOnce());
  ASSERT_TRUE(*worker.RunOnce());
  auto after_done = queue.Enqueue({.kind = "sync", .unique_key = "sync:acct1"});
  ASSERT_TRUE(after_done);
  EXPECT_FALSE(after_done->duplicate);  // the key is free again once the job finished
}

TEST_P(JobsTest, HandlerEffectsCommitOnlyTogetherWithCompletion) {
  Queue queue(db(), clock_);
  auto failing = queue.Enqueue({.kind = "fails_after_write", .max_attempts = 1})->id;
  auto stolen = queue.Enqueue({.kind = "loses_lease"})->id;
  Worker worker(db(), clock_, {.worker_id = "owner"});
  worker.Register("fails_after_write", [&](const Job& job, Tx& tx) -> Status {
    X8_TRY_STATUS(tx.Exec("INSERT INTO effects (job_id) VALUES (?)", {job.id}));
    return Internal("boom after the write");
  });
  worker.Register("loses_lease", [&](const Job& job, Tx& tx) -> Status {
    // Another worker takes the job over (as after a lease expiry) before this attempt completes.
    X8_TRY_STATUS(
        db().Exec("UPDATE jobs SET locked_by = 'thief', attempts = attempts + 1 WHERE id = ?", {job.id}));
    return tx.Exec("INSERT INTO effects (job_id) VALUES (?)", {job.id}).has_value() ? Ok()
                                                                                    : Internal("insert");
  });
  ASSERT_TRUE(*worker.RunOnce());
  ASSERT_TRUE(*worker.RunOnce());

  EXPECT_EQ(MustGet(failing).state, JobState::kDead);
  EXPECT_EQ(CountEffects(failing), 0);
  Job taken = MustGet(stolen);
  EXPECT_EQ(taken.state, JobState::kRunning);
  EXPECT_EQ(taken.locked_by, "thief");
  EXPECT_EQ(CountEffects(stolen), 0);
}

TEST_P(JobsTest, AfterCommitHooksRunOnlyOnceTheJobsWritesCommitted) {
  Queue queue(db(), clock_);
  auto done = queue.Enqueue({.kind = "publishes"})->id;
  auto failing = queue.Enqueue({.kind = "fails_after_hook", .max_attempts = 1})->id;
  auto stolen = queue.Enqueue({.kind = "loses_lease_after_hook"})->id;
  Worker worker(db(), clock_, {.worker_id = "owner"});
  std::vector<std::string> ran;
  int64_t effects_seen = -1;
  worker.Register("publishes", [&](const Job& job, Tx& tx) -> Status {
    X8_TRY_STATUS(tx.Exec("INSERT INTO effects (job_id) VALUES (?)", {job.id}));
    AfterCommit(tx, [&, id = job.id] {
      ran.emplace_back("first");
      effects_seen = CountEffects(id);  // a fresh read outside the transaction: the row is committed
    });
    AfterCommit(tx, [&] { throw std::runtime_error("a broken hook"); });
    AfterCommit(tx, [&] { ran.emplace_back("second"); });
    EXPECT_TRUE(ran.empty());  // not while the handler runs
    return Ok();
  });
  worker.Register("fails_after_hook", [&](const Job& job, Tx& tx) -> Status {
    X8_TRY_STATUS(tx.Exec("INSERT INTO effects (job_id) VALUES (?)", {job.id}));
    AfterCommit(tx, [&] { ran.emplace_back("rolled back"); });
    return Internal("boom");
  });
  worker.Register("loses_lease_after_hook", [&](const Job& job, Tx& tx) -> Status {
    X8_TRY_STATUS(
        db().Exec("UPDATE jobs SET locked_by = 'thief', attempts = attempts + 1 WHERE id = ?", {job.id}));
    AfterCommit(tx, [&] { ran.emplace_back("lease lost"); });
    return Ok();
  });
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(*worker.RunOnce());

  EXPECT_EQ(ran, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(effects_seen, 1);
  EXPECT_EQ(MustGet(done).state, JobState::kDone);
  EXPECT_EQ(MustGet(failing).state, JobState::kDead);
  EXPECT_EQ(MustGet(stolen).locked_by, "thief");

  // Outside a job's transaction there is no commit to wait for: the hook runs at once.
  bool now = false;
  ASSERT_TRUE(db().Transact([&](Tx& tx) -> Status {
    AfterCommit(tx, [&] { now = true; });
    EXPECT_TRUE(now);
    return Ok();
  }));
}

TEST_P(JobsTest, ExpiredLeaseIsReclaimed) {
  Queue queue(db(), clock_);
  auto id = queue.Enqueue({.kind = "work"})->id;
  ASSERT_TRUE(
      db().Exec("UPDATE jobs SET state = 'running', locked_by = 'ghost', attempts = 1, lease_expires_at = ? "
                "WHERE id = ?",
                {clock_.NowMillis() + 5'000, id}));
  Worker worker(db(), clock_, {.worker_id = "alive"});
  worker.Register("work", RecordEffect());
  EXPECT_FALSE(*worker.RunOnce());  // lease still valid
  clock_.Advance(5s);
  ASSERT_TRUE(*worker.RunOnce());
  Job done = MustGet(id);
  EXPECT_EQ(done.state, JobState::kDone);
  EXPECT_EQ(done.attempts, 2);
}

TEST_P(JobsTest, SerialKeyRunsOneAtATimeInOrderEvenAcrossRetries) {
  SystemClock clock;
  Queue queue(db(), clock);
  std::map<std::string, std::vector<int>> order;
  std::map<std::string, int> running;
  std::mutex mutex;
  std::atomic<int> overlaps{0};
  std::atomic<int> completed{0};
  std::atomic<bool> failed_once{false};
  constexpr int kPerKey = 5;
  std::vector<std::pair<std::string, int>> specs;
  for (int i = 0; i < kPerKey; ++i) {
    for (std::string key : {"conv_a", "conv_b"}) {
      ASSERT_TRUE(queue.Enqueue({.kind = "reply",
                                 .payload = R"({"key":")" + key + R"(","n":)" + std::to_string(i) + "}",
                                 .serial_key = key}));
    }
  }
  Worker worker(db(), clock, {.concurrency = 4, .poll_ms = 10, .backoff_base_ms = 50});
  worker.Register("reply", [&](const Job& job, Tx&) -> Status {
    auto payload = boost::json::parse(job.payload).as_object();
    std::string key(payload.at("key").as_string());
    int n = static_cast<int>(payload.at("n").as_int64());
    {
      std::lock_guard lock(mutex);
      if (++running[key] > 1) ++overlaps;
    }
    std::this_thread::sleep_for(15ms);
    bool fail = key == "conv_a" && n == 0 && !failed_once.exchange(true);
    {
      std::lock_guard lock(mutex);
      --running[key];
      if (!fail) order[key].push_back(n);
    }
    if (fail) return Unavailable("first attempt fails; later jobs of conv_a must wait");
    ++completed;
    return Ok();
  });
  ASSERT_TRUE(worker.Start());
  EXPECT_TRUE(WaitFor([&] { return completed.load() == 2 * kPerKey; }));
  worker.Stop();
  EXPECT_EQ(overlaps.load(), 0);
  std::vector<int> expected = {0, 1, 2, 3, 4};
  EXPECT_EQ(order["conv_a"], expected);
  EXPECT_EQ(order["conv_b"], expected);
}

TEST_P(JobsTest, TwoWorkersOnSeparateDatabasesNeverRunTheSameJob) {
  SystemClock clock;
  Queue queue(db(), clock);
  constexpr int kJobs = 40;
  for (int i = 0; i < kJobs; ++i) ASSERT_TRUE(queue.Enqueue({.kind = "once"}));
  auto other_db = OpenAnother({.pool_size = 4});
  ASSERT_NE(other_db, nullptr);
  std::mutex mutex;
  std::map<std::string, int> runs;
  auto handler = [&](const Job& job, Tx& tx) -> Status {
    {
      std::lock_guard lock(mutex);
      ++runs[job.id];
    }
    return tx.Exec("INSERT INTO effects (job_id) VALUES (?)", {job.id}).has_value() ? Ok()
                                                                                    : Internal("insert");
  };
  Worker first(db(), clock, {.concurrency = 2, .poll_ms = 10, .worker_id = "first"});
  Worker second(*other_db, clock, {.concurrency = 2, .poll_ms = 10, .worker_id = "second"});
  first.Register("once", handler);
  second.Register("once", handler);
  ASSERT_TRUE(first.Start());
  ASSERT_TRUE(second.Start());
  EXPECT_TRUE(WaitFor([&] { return (*queue.CountByState())["done"] == kJobs; }));
  first.Stop();
  second.Stop();
  EXPECT_EQ(runs.size(), static_cast<size_t>(kJobs));
  for (const auto& [id, count] : runs) EXPECT_EQ(count, 1) << id;
  EXPECT_EQ((*db().Query("SELECT COUNT(*) AS n FROM effects", {}))[0].Int("n"), kJobs);
}

TEST_P(JobsTest, StopWaitsForRunningHandlers) {
  SystemClock clock;
  Queue queue(db(), clock);
  auto id = queue.Enqueue({.kind = "slow"})->id;
  std::atomic<bool> started{false};
  std::atomic<bool> finished{false};
  Worker worker(db(), clock, {.concurrency = 1, .poll_ms = 10});
  worker.Register("slow", [&](const Job&, Tx&) -> Status {
    started = true;
    std::this_thread::sleep_for(300ms);
    finished = true;
    return Ok();
  });
  ASSERT_TRUE(worker.Start());
  ASSERT_TRUE(WaitFor([&] { return started.load(); }));
  worker.Stop();
  EXPECT_TRUE(finished.load());
  EXPECT_EQ(MustGet(id).state, JobState::kDone);
}

TEST_P(JobsTest, SchedulersOnSeveralNodesEnqueueEachSlotOnce) {
  auto other_db = OpenAnother();
  ASSERT_NE(other_db, nullptr);
  clock_.SetMillis(1'767'225'600'000 + 5'000);
  Scheduler node_a(db(), clock_);
  Scheduler node_b(*other_db, clock_);
  for (Scheduler* node : {&node_a, &node_b}) {
    ASSERT_TRUE(node->Every("digest", 60s, "send_digest", R"({"period":"minute"})"));
  }
  EXPECT_EQ(*node_a.Tick() + *node_b.Tick(), 1);
  EXPECT_EQ(*node_a.Tick() + *node_b.Tick(), 0);  // same slot

  Worker worker(db(), clock_);
  int digests = 0;
  worker.Register("send_digest", [&](const Job& job, Tx&) -> Status {
    EXPECT_EQ(job.payload, R"({"period":"minute"})");
    ++digests;
    return Ok();
  });
  clock_.Advance(60s);
  ASSERT_TRUE(*worker.RunOnce());
  EXPECT_EQ(*node_b.Tick() + *node_a.Tick(), 1);
  ASSERT_TRUE(*worker.RunOnce());
  EXPECT_EQ(digests, 2);

  // A slot that comes due while the previous run is still pending does not pile up.
  clock_.Advance(60s);
  EXPECT_EQ(*node_a.Tick(), 1);
  clock_.Advance(60s);
  EXPECT_EQ(*node_a.Tick(), 0);
  EXPECT_EQ((*Queue(db(), clock_).CountByState())["pending"], 1);
}

TEST_P(JobsTest, HeartbeatKeepsALongHandlersLease) {
  SystemClock clock;
  Queue queue(db(), clock);
  auto id = queue.Enqueue({.kind = "long"})->id;
  std::atomic<bool> started{false};
  std::atomic<int> runs{0};
  Worker owner(db(), clock, {.concurrency = 1, .lease_ms = 400, .heartbeat_ms = 100, .poll_ms = 10});
  owner.Register("long", [&](const Job&, Tx&) -> Status {
    ++runs;
    started = true;
    std::this_thread::sleep_for(1200ms);  // three lease lengths
    return Ok();
  });
  auto other_db = OpenAnother();
  ASSERT_NE(other_db, nullptr);
  Worker rival(*other_db, clock, {.lease_ms = 400});
  rival.Register("long", [&](const Job&, Tx&) -> Status {
    ++runs;
    return Ok();
  });
  ASSERT_TRUE(owner.Start());
  ASSERT_TRUE(WaitFor([&] { return started.load(); }));
  for (int i = 0; i < 10; ++i) {
    auto ran = rival.RunOnce();
    ASSERT_TRUE(ran) << ran.error().message;
    EXPECT_FALSE(*ran) << "the rival took a job whose owner was still heartbeating";
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(WaitFor([&] { return MustGet(id).state == JobState::kDone; }));
  owner.Stop();
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(MustGet(id).attempts, 1);
}

X8_INSTANTIATE_ENGINE_TEST(JobsTest);

}  // namespace
}  // namespace x8::jobs
