// A durable job: what was enqueued plus its progress through the queue.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "platform/storage/database.h"

namespace x8::jobs {

// pending → running (leased) → done; a failed attempt goes back to pending with a later run_at,
// and after max_attempts to dead (a dead letter: kept, visible, retryable by an admin).
enum class JobState { kPending, kRunning, kDone, kDead };

std::string_view ToString(JobState state);
Result<JobState> ParseJobState(std::string_view text);

struct JobSpec {
  std::string kind;               // which handler runs it
  std::string payload = "{}";     // JSON text
  std::optional<int64_t> run_at;  // unix ms; default now
  int max_attempts = 5;
  // At most one pending/running job per unique_key: a second Enqueue returns the existing job.
  std::optional<std::string> unique_key;
  // Jobs sharing a serial_key run one at a time, in (run_at at enqueue, enqueue order) order.
  std::optional<std::string> serial_key;
};

struct Job {
  std::string id;
  std::string kind;
  std::string payload;
  JobState state = JobState::kPending;
  int64_t attempts = 0;  // including the one running now
  int64_t max_attempts = 0;
  int64_t scheduled_at = 0;
  int64_t run_at = 0;
  std::optional<std::string> unique_key;
  std::optional<std::string> serial_key;
  std::optional<std::string> locked_by;
  std::optional<int64_t> lease_expires_at;
  std::optional<std::string> last_error;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> finished_at;
};

// Columns to select for JobFromRow, e.g. "SELECT " + std::string(kJobColumns) + " FROM jobs".
inline constexpr std::string_view kJobColumns =
    "id, kind, payload, state, attempts, max_attempts, scheduled_at, run_at, unique_key, serial_key, "
    "locked_by, lease_expires_at, last_error, created_at, updated_at, finished_at";

Result<Job> JobFromRow(const storage::Row& row);

}  // namespace x8::jobs
