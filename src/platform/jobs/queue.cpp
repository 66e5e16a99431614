#include "platform/jobs/queue.h"

#include "core/ids.h"
#include "core/json.h"

namespace x8::jobs {
namespace {

constexpr std::string_view kInsertJob =
    "INSERT INTO jobs (id, kind, payload, state, scheduled_at, run_at, attempts, max_attempts, unique_key, "
    "serial_key, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?, 0, ?, ?, ?, ?, ?) "
    "ON CONFLICT DO NOTHING";
constexpr std::string_view kFindActiveByUniqueKey =
    "SELECT id FROM jobs WHERE unique_key = ? AND state IN ('pending', 'running')";

storage::Value OptionalText(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  return *text;
}

Status Validate(const JobSpec& spec) {
  if (spec.kind.empty()) return InvalidArgument("job kind is required");
  if (spec.max_attempts < 1) return InvalidArgument("max_attempts must be at least 1");
  if (auto parsed = json::Parse(spec.payload); !parsed) {
    return InvalidArgument("job payload is not valid JSON: " + parsed.error().message);
  }
  return Ok();
}

}  // namespace

Result<EnqueueResult> Queue::Enqueue(const JobSpec& spec) {
  return db_.Transact<EnqueueResult>([&](storage::Tx& tx) { return Enqueue(tx, spec); });
}

Result<EnqueueResult> Queue::Enqueue(storage::Tx& tx, const JobSpec& spec) {
  X8_TRY_STATUS(Validate(spec));
  int64_t now = clock_.NowMillis();
  int64_t run_at = spec.run_at.value_or(now);
  // The active job holding the unique key may finish between our insert and our lookup; then the
  // insert succeeds on the next round.
  for (int round = 0; round < 3; ++round) {
    std::string id = NewId("job", now);
    X8_TRY(auto inserted,
           tx.Exec(kInsertJob, {id, spec.kind, spec.payload, run_at, run_at, int64_t{spec.max_attempts},
                                OptionalText(spec.unique_key), OptionalText(spec.serial_key), now, now}));
    if (inserted == 1) return EnqueueResult{.id = id};
    if (!spec.unique_key) return Internal("job insert changed no row");
    X8_TRY(auto existing, tx.Query(kFindActiveByUniqueKey, {*spec.unique_key}));
    if (!existing.empty()) return EnqueueResult{.id = existing[0].Text("id"), .duplicate = true};
  }
  return Unavailable("could not enqueue job: unique key kept changing hands");
}

Result<std::optional<Job>> Queue::Get(std::string_view id) {
  X8_TRY(auto rows,
         db_.Query("SELECT " + std::string(kJobColumns) + " FROM jobs WHERE id = ?", {std::string(id)}));
  if (rows.empty()) return std::optional<Job>();
  X8_TRY(auto job, JobFromRow(rows[0]));
  return std::optional<Job>(std::move(job));
}

Result<std::map<std::string, int64_t>> Queue::CountByState() {
  X8_TRY(auto rows, db_.Query("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state", {}));
  std::map<std::string, int64_t> counts;
  for (JobState state : {JobState::kPending, JobState::kRunning, JobState::kDone, JobState::kDead}) {
    counts[std::string(ToString(state))] = 0;
  }
  for (const auto& row : rows) counts[row.Text("state")] = row.Int("n");
  return counts;
}

Result<std::vector<Job>> Queue::ListDead(int limit) {
  X8_TRY(auto rows,
         db_.Query("SELECT " + std::string(kJobColumns) +
                       " FROM jobs WHERE state = 'dead' ORDER BY finished_at DESC, seq DESC LIMIT ?",
                   {int64_t{limit}}));
  std::vector<Job> jobs;
  for (const auto& row : rows) {
    X8_TRY(auto job, JobFromRow(row));
    jobs.push_back(std::move(job));
  }
  return jobs;
}

Status Queue::RetryDead(std::string_view id) {
  int64_t now = clock_.NowMillis();
  X8_TRY(auto changed,
         db_.Exec("UPDATE jobs SET state = 'pending', attempts = 0, run_at = ?, updated_at = ?, "
                  "finished_at = NULL WHERE id = ? AND state = 'dead'",
                  {now, now, std::string(id)}));
  if (changed == 0) return NotFound("no dead job with id " + std::string(id));
  return Ok();
}

Result<int64_t> Queue::PruneDone(int64_t before_ms) {
  return db_.Exec("DELETE FROM jobs WHERE state = 'done' AND finished_at < ?", {before_ms});
}

}  // namespace x8::jobs
