// Periodic jobs. Any number of nodes may run a Scheduler with the same schedules: each slot is
// claimed by advancing job_schedules.next_run_at with a compare-and-set, so exactly one node
// enqueues it, and the job carries unique_key "schedule:<name>" so a slow job never piles up.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "platform/jobs/queue.h"
#include "platform/storage/database.h"

namespace x8::jobs {

class Scheduler {
 public:
  Scheduler(storage::Database& db, Clock& clock, int64_t tick_ms = 1'000);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Register before Start(). Slots are aligned to multiples of `interval` since the epoch; the first
  // run is due in the current slot.
  Status Every(std::string name, std::chrono::milliseconds interval, std::string kind,
               std::string payload = "{}", int max_attempts = 3);

  // Enqueues every schedule whose slot is due; returns how many jobs this call enqueued.
  Result<int> Tick();

  Status Start();
  void Stop();

 private:
  struct Schedule {
    std::string name;
    int64_t interval_ms;
    std::string kind;
    std::string payload;
    int max_attempts;
  };
  Result<bool> TickOne(const Schedule& schedule);

  storage::Database& db_;
  Clock& clock_;
  Queue queue_;
  int64_t tick_ms_;
  std::vector<Schedule> schedules_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace x8::jobs
