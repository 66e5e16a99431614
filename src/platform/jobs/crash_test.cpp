// A job survives a worker killed in the middle of its transaction: the job is picked up again after
// the lease expires, and its effects commit exactly once.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "platform/jobs/queue.h"
#include "platform/jobs/worker.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::jobs {
namespace {

using namespace std::chrono_literals;

class JobCrashTest : public storage::testing::EngineTest {};

pid_t SpawnWorker(const std::string& url, const std::string& marker, const std::string& log) {
  pid_t pid = fork();
  if (pid == 0) {
    FILE* out = std::freopen(log.c_str(), "w", stdout);
    if (out != nullptr) dup2(fileno(stdout), STDERR_FILENO);
    execl(X8_JOB_TEST_WORKER_PATH, X8_JOB_TEST_WORKER_PATH, url.c_str(), marker.c_str(), nullptr);
    _exit(127);
  }
  return pid;
}

TEST_P(JobCrashTest, JobSurvivesAKilledWorkerAndItsEffectsCommitOnce) {
  ASSERT_TRUE(storage::Migrate(db()));
  ASSERT_TRUE(db().ExecScript("CREATE TABLE job_effects (job_id TEXT NOT NULL)"));
  SystemClock clock;
  Queue queue(db(), clock);
  auto job_id = queue.Enqueue({.kind = "slow_effect", .max_attempts = 3})->id;

  auto scratch = std::filesystem::temp_directory_path() /
                 ("x8-crash-" + std::to_string(getpid()) + "-" + std::to_string(clock.NowMillis()));
  std::filesystem::create_directories(scratch);
  std::string marker = (scratch / "blocked").string();
  pid_t helper = SpawnWorker(url(), marker, (scratch / "worker.log").string());
  ASSERT_GT(helper, 0);

  // The helper claimed the job (committed) and wrote its effect inside the still-open transaction.
  auto deadline = std::chrono::steady_clock::now() + 30s;
  bool blocked = false;
  while (std::chrono::steady_clock::now() < deadline && !blocked) {
    auto job = queue.Get(job_id);
    blocked = job && *job && (*job)->state == JobState::kRunning && std::filesystem::exists(marker);
    if (!blocked) std::this_thread::sleep_for(20ms);
  }
  if (!blocked) {
    kill(helper, SIGKILL);
    waitpid(helper, nullptr, 0);
    FAIL() << "helper never reached the blocking point; see " << (scratch / "worker.log");
  }
  ASSERT_EQ(kill(helper, SIGKILL), 0);
  int wait_status = 0;
  ASSERT_EQ(waitpid(helper, &wait_status, 0), helper);
  ASSERT_TRUE(WIFSIGNALED(wait_status));

  Worker survivor(db(), clock, {.concurrency = 1, .lease_ms = 1500, .poll_ms = 50, .worker_id = "survivor"});
  survivor.Register("slow_effect", [](const Job& job, storage::Tx& tx) -> Status {
    X8_TRY_STATUS(tx.Exec("INSERT INTO job_effects (job_id) VALUES (?)", {job.id}));
    return Ok();
  });
  Job final_state;
  while (std::chrono::steady_clock::now() < deadline + 15s) {
    auto ran = survivor.RunOnce();
    ASSERT_TRUE(ran) << ran.error().message;
    auto job = queue.Get(job_id);
    ASSERT_TRUE(job && *job);
    final_state = **job;
    if (final_state.state == JobState::kDone) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(final_state.state, JobState::kDone);
  EXPECT_EQ(final_state.attempts, 2);
  auto effects = db().Query("SELECT COUNT(*) AS n FROM job_effects WHERE job_id = ?", {job_id});
  ASSERT_TRUE(effects) << effects.error().message;
  EXPECT_EQ((*effects)[0].Int("n"), 1);
  std::filesystem::remove_all(scratch);
}

X8_INSTANTIATE_ENGINE_TEST(JobCrashTest);

}  // namespace
}  // namespace x8::jobs
