#include "platform/jobs/scheduler.h"

#include <spdlog/spdlog.h>

namespace x8::jobs {

Scheduler::Scheduler(storage::Database& db, Clock& clock, int64_t tick_ms)
    : db_(db), clock_(clock), queue_(db, clock), tick_ms_(tick_ms) {}

Scheduler::~Scheduler() { Stop(); }

Status Scheduler::Every(std::string name, std::chrono::milliseconds interval, std::string kind,
                        std::string payload, int max_attempts) {
  if (name.empty() || kind.empty()) return InvalidArgument("schedule name and kind are required");
  if (interval.count() <= 0) return InvalidArgument("schedule interval must be positive");
  for (const auto& schedule : schedules_) {
    if (schedule.name == name) return InvalidArgument("duplicate schedule name: " + name);
  }
  schedules_.push_back(
      {std::move(name), interval.count(), std::move(kind), std::move(payload), max_attempts});
  return Ok();
}

Result<int> Scheduler::Tick() {
  int enqueued = 0;
  for (const auto& schedule : schedules_) {
    X8_TRY(auto did, TickOne(schedule));
    enqueued += did ? 1 : 0;
  }
  return enqueued;
}

Result<bool> Scheduler::TickOne(const Schedule& schedule) {
  int64_t now = clock_.NowMillis();
  int64_t slot_start = now - now % schedule.interval_ms;
  int64_t next_slot = slot_start + schedule.interval_ms;
  return db_.Transact<bool>([&](storage::Tx& tx) -> Result<bool> {
    X8_TRY_STATUS(
        tx.Exec("INSERT INTO job_schedules (name, next_run_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                {schedule.name, slot_start}));
    // Compare-and-set: of all nodes ticking this slot, exactly one moves next_run_at forward.
    X8_TRY(auto won, tx.Exec("UPDATE job_schedules SET next_run_at = ? WHERE name = ? AND next_run_at <= ?",
                             {next_slot, schedule.name, now}));
    if (won != 1) return false;
    X8_TRY(auto result, queue_.Enqueue(tx, JobSpec{.kind = schedule.kind,
                                                   .payload = schedule.payload,
                                                   .max_attempts = schedule.max_attempts,
                                                   .unique_key = "schedule:" + schedule.name}));
    return !result.duplicate;
  });
}

Status Scheduler::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return FailedPrecondition("scheduler already started");
  stopping_ = false;
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      if (auto ticked = Tick(); !ticked)
        spdlog::warn("jobs: scheduler tick failed: {}", ticked.error().message);
      lock.lock();
      wake_.wait_for(lock, std::chrono::milliseconds(tick_ms_), [&] { return stopping_; });
    }
  });
  return Ok();
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace x8::jobs
