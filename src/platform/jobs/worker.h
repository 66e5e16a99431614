// Runs jobs from the durable queue. Several workers (threads, processes, nodes) can share one
// database: a job is claimed with a lease (locked_by, lease_expires_at) and a job whose lease
// expired — its worker died — is claimed again.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "platform/jobs/job.h"
#include "platform/storage/database.h"

namespace x8::jobs {

class LazyTransaction;

// Runs one attempt. Writes through `tx` commit together with marking the job done, and only if this
// worker still holds the lease, so a job's effects commit exactly once. The transaction starts at
// the handler's first statement: on SQLite it holds the single writer from then on, so do slow
// outside calls before touching `tx`. Returning an error (or throwing) rolls back; then
//   - kUnavailable, kInternal, kRateLimited, kConflict (and exceptions): retry with backoff, and
//     dead-letter after max_attempts;
//   - any other code (kInvalidArgument, kNotFound, kFailedPrecondition, …): permanent — a retry
//     cannot succeed, so the job is dead-lettered at once (an admin can still retry it).
using Handler = std::function<Status(const Job& job, storage::Tx& tx)>;

// True for the error codes a later attempt could get past (see Handler).
bool IsRetryable(const Error& error);

// Work for after a job's transaction commits: `fn` runs once the attempt's writes have committed
// together with the job's completion — on the worker's thread, right after the commit, in the order
// added — and never when the attempt rolls back (an error, an exception, a lost lease). For effects
// outside the database that must not get ahead of the rows they describe, such as a WebSocket event
// carrying a row the job wrote. `tx` is the transaction the worker handed to the handler; for any
// other transaction (a Database::Transact body, a test's own) the worker cannot see its commit, so
// `fn` runs at once. An exception from `fn` is logged; the others still run.
void AfterCommit(storage::Tx& tx, std::function<void()> fn);

struct WorkerOptions {
  int concurrency = 4;
  int64_t lease_ms = 30'000;
  int64_t heartbeat_ms = 0;  // lease renewal period while a handler runs; 0 means lease_ms / 3
  int64_t poll_ms = 1'000;
  int64_t backoff_base_ms = 1'000;  // retry n waits about base * 2^(n-1), ±25% jitter
  int64_t backoff_max_ms = 3'600'000;
  std::string worker_id;  // default: "<hostname>-<pid>-<random>"
};

class Worker {
 public:
  Worker(storage::Database& db, Clock& clock, WorkerOptions options = {});
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Register every kind before Start(); the worker only claims kinds it has a handler for.
  void Register(std::string kind, Handler handler);

  // Starts `concurrency` polling threads and the lease heartbeat.
  Status Start();
  // Stops claiming and waits for running handlers to finish.
  void Stop();

  // Claims and runs at most one due job on the calling thread; true when a job was claimed.
  Result<bool> RunOnce();
  // Ends the idle poll sleep of every polling thread now: call after enqueueing a job that should
  // start at once (a chat reply) instead of within poll_ms. Thread-safe; cheap when nobody sleeps.
  void Wake();

  const std::string& worker_id() const { return options_.worker_id; }

 private:
  Result<std::optional<Job>> Claim();
  Status Run(const Job& job, const Handler& handler);
  Result<bool> Complete(const Job& job, LazyTransaction& tx);  // false: the lease was lost
  Status RecordFailure(const Job& job, const Error& error);
  int64_t BackoffMillis(int64_t attempts);
  void PollLoop();
  void HeartbeatLoop();
  void SleepUnlessStopping(int64_t millis, uint64_t generation);

  storage::Database& db_;
  Clock& clock_;
  WorkerOptions options_;
  std::map<std::string, Handler> handlers_;
  std::string claim_sql_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  uint64_t wake_generation_ = 0;                         // bumped by Wake(); ends idle sleeps
  std::set<std::pair<std::string, int64_t>> in_flight_;  // (job id, attempt) leased by this worker
  std::vector<std::thread> threads_;
};

}  // namespace x8::jobs
