// x8_job_test_worker DB_URL MARKER_FILE
// A worker process for the crash test: its "slow_effect" handler records the job in job_effects
// inside the job's transaction and, on the first attempt, touches MARKER_FILE and then blocks
// forever, so the test can SIGKILL it mid-transaction. Later attempts return normally.
#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include "core/clock.h"
#include "platform/jobs/worker.h"
#include "platform/storage/database.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: x8_job_test_worker DB_URL MARKER_FILE\n";
    return 2;
  }
  const std::string marker = argv[2];
  auto db = x8::storage::Open(argv[1], {.pool_size = 2});
  if (!db) {
    std::cerr << "open: " << db.error().message << "\n";
    return 1;
  }
  x8::SystemClock clock;
  x8::jobs::Worker worker(
      **db, clock,
      {.concurrency = 1, .lease_ms = 1500, .heartbeat_ms = 300, .poll_ms = 50, .worker_id = "crash-helper"});
  worker.Register("slow_effect", [&](const x8::jobs::Job& job, x8::storage::Tx& tx) -> x8::Status {
    X8_TRY_STATUS(tx.Exec("INSERT INTO job_effects (job_id) VALUES (?)", {job.id}));
    if (job.attempts == 1) {
      std::ofstream(marker) << job.id << "\n";
      for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
    }
    return x8::Ok();
  });
  if (auto started = worker.Start(); !started) {
    std::cerr << "start: " << started.error().message << "\n";
    return 1;
  }
  for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
}
