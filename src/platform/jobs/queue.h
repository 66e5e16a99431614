// Enqueueing and admin introspection of the durable job queue (tables from migration 0001_jobs).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "platform/jobs/job.h"
#include "platform/storage/database.h"

namespace x8::jobs {

struct EnqueueResult {
  std::string id;
  bool duplicate = false;  // an active job with the same unique_key already existed; this is its id
};

class Queue {
 public:
  Queue(storage::Database& db, Clock& clock) : db_(db), clock_(clock) {}

  // Enqueues in its own transaction.
  Result<EnqueueResult> Enqueue(const JobSpec& spec);
  // Enqueues inside the caller's transaction: the job exists iff the caller's writes commit.
  Result<EnqueueResult> Enqueue(storage::Tx& tx, const JobSpec& spec);

  Result<std::optional<Job>> Get(std::string_view id);
  // Every state, including those with zero jobs: {"pending": n, "running": n, "done": n, "dead": n}.
  Result<std::map<std::string, int64_t>> CountByState();
  // Dead letters, most recently failed first.
  Result<std::vector<Job>> ListDead(int limit = 100);
  // Puts a dead letter back as a fresh pending job due now (attempts reset). kNotFound if the id is
  // not a dead letter.
  Status RetryDead(std::string_view id);
  // Deletes done jobs finished before `before_ms`; returns how many.
  Result<int64_t> PruneDone(int64_t before_ms);

 private:
  storage::Database& db_;
  Clock& clock_;
};

}  // namespace x8::jobs
