#include "platform/jobs/worker.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/ids.h"

namespace x8::jobs {
using storage::Dialect;
using storage::Value;

// A transaction that begins at its first statement, so a handler that starts with slow outside
// work does not hold a connection (or SQLite's writer) meanwhile.
class LazyTransaction final : public storage::Executor {
 public:
  explicit LazyTransaction(storage::Database& db) : db_(db) {}

  Dialect dialect() const override { return db_.dialect(); }
  using Executor::Query;
  Result<storage::Rows> Query(std::string_view sql, std::span<const Value> params) override {
    X8_TRY(auto* tx, Get());
    return tx->Query(sql, params);
  }
  Status ExecScript(std::string_view sql) override {
    X8_TRY(auto* tx, Get());
    return tx->ExecScript(sql);
  }

  Result<storage::Transaction*> Get() {
    if (!tx_) {
      X8_TRY(tx_, db_.Begin());
    }
    return tx_.get();
  }
  void Rollback() {
    if (tx_) (void)tx_->Rollback();
    tx_.reset();
    after_commit_.clear();
  }

  void AddAfterCommit(std::function<void()> fn) { after_commit_.push_back(std::move(fn)); }
  // Call once the transaction has committed.
  void RunAfterCommit(const Job& job) {
    auto hooks = std::move(after_commit_);
    after_commit_.clear();
    for (auto& hook : hooks) {
      try {
        hook();
      } catch (const std::exception& e) {
        spdlog::error("jobs: {} {}: an after-commit hook threw: {}", job.kind, job.id, e.what());
      }
    }
  }

 private:
  storage::Database& db_;
  std::unique_ptr<storage::Transaction> tx_;
  std::vector<std::function<void()>> after_commit_;
};

void AfterCommit(storage::Tx& tx, std::function<void()> fn) {
  if (!fn) return;
  if (auto* job_tx = dynamic_cast<LazyTransaction*>(&tx)) {
    job_tx->AddAfterCommit(std::move(fn));
    return;
  }
  fn();
}

namespace {

std::string DefaultWorkerId() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + "-" + std::to_string(getpid()) + "-" + RandomHex(4);
}

std::string BuildClaimSql(Dialect dialect, size_t kind_count) {
  std::string kinds;
  for (size_t i = 0; i < kind_count; ++i) kinds += i == 0 ? "?" : ", ?";
  // A job with a serial_key waits while another job with that key runs or comes earlier in
  // (scheduled_at, seq) order; retries keep their place because scheduled_at never changes.
  return "UPDATE jobs SET state = 'running', locked_by = ?, lease_expires_at = ?, attempts = attempts + 1, "
         "updated_at = ? WHERE id = ("
         " SELECT j.id FROM jobs j"
         " WHERE j.kind IN (" +
         kinds +
         ")"
         "  AND ((j.state = 'pending' AND j.run_at <= ?) OR (j.state = 'running' AND j.lease_expires_at <= "
         "?))"
         "  AND (j.serial_key IS NULL OR NOT EXISTS ("
         "   SELECT 1 FROM jobs s WHERE s.serial_key = j.serial_key AND s.id <> j.id"
         "    AND (s.state = 'running' OR (s.state = 'pending' AND (s.scheduled_at < j.scheduled_at"
         "     OR (s.scheduled_at = j.scheduled_at AND s.seq < j.seq))))))"
         " ORDER BY j.run_at, j.seq LIMIT 1" +
         (dialect == Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "") + ") RETURNING " +
         std::string(kJobColumns);
}

// Guards every state change after the claim: only the lease holder of this attempt may write.
constexpr std::string_view kLeaseGuard =
    " WHERE id = ? AND locked_by = ? AND attempts = ? AND state = 'running'";

}  // namespace

Worker::Worker(storage::Database& db, Clock& clock, WorkerOptions options)
    : db_(db), clock_(clock), options_(std::move(options)) {
  if (options_.worker_id.empty()) options_.worker_id = DefaultWorkerId();
  if (options_.heartbeat_ms <= 0) options_.heartbeat_ms = std::max<int64_t>(1, options_.lease_ms / 3);
  options_.concurrency = std::max(1, options_.concurrency);
}

Worker::~Worker() { Stop(); }

void Worker::Register(std::string kind, Handler handler) {
  handlers_[std::move(kind)] = std::move(handler);
  claim_sql_ = BuildClaimSql(db_.dialect(), handlers_.size());
}

Status Worker::Start() {
  if (handlers_.empty()) return FailedPrecondition("worker has no job handlers registered");
  std::lock_guard lock(mutex_);
  if (!threads_.empty()) return FailedPrecondition("worker already started");
  stopping_ = false;
  for (int i = 0; i < options_.concurrency; ++i) threads_.emplace_back([this] { PollLoop(); });
  threads_.emplace_back([this] { HeartbeatLoop(); });
  spdlog::info("jobs: worker {} started ({} threads, {} kinds)", options_.worker_id, options_.concurrency,
               handlers_.size());
  return Ok();
}

void Worker::Stop() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    threads.swap(threads_);
  }
  wake_.notify_all();
  for (auto& thread : threads) thread.join();
}

Result<bool> Worker::RunOnce() {
  if (handlers_.empty()) return false;
  X8_TRY(auto job, Claim());
  if (!job) return false;
  const Handler& handler = handlers_.at(job->kind);
  {
    std::lock_guard lock(mutex_);
    in_flight_.emplace(job->id, job->attempts);
  }
  Status status = Run(*job, handler);
  {
    std::lock_guard lock(mutex_);
    in_flight_.erase({job->id, job->attempts});
    ++wake_generation_;  // idle peers re-poll: a job serialised behind this one may be due now
  }
  wake_.notify_all();
  if (!status) return std::move(status).error();
  return true;
}

Result<std::optional<Job>> Worker::Claim() {
  int64_t now = clock_.NowMillis();
  std::vector<Value> params = {options_.worker_id, now + options_.lease_ms, now};
  for (const auto& [kind, handler] : handlers_) params.emplace_back(kind);
  params.emplace_back(now);
  params.emplace_back(now);
  X8_TRY(auto rows, db_.Query(claim_sql_, params));
  if (rows.empty()) return std::optional<Job>();
  X8_TRY(auto job, JobFromRow(rows[0]));
  return std::optional<Job>(std::move(job));
}

Status Worker::Run(const Job& job, const Handler& handler) {
  LazyTransaction tx(db_);
  Status result = [&]() -> Status {
    try {
      return handler(job, tx);
    } catch (const std::exception& e) {
      return Internal(std::string("handler threw: ") + e.what());
    }
  }();
  if (result) {
    auto completed = Complete(job, tx);
    if (completed && *completed) {
      tx.RunAfterCommit(job);
      return Ok();
    }
    if (completed) {
      tx.Rollback();
      spdlog::warn("jobs: {} {} attempt {} lost its lease; its effects were rolled back", job.kind, job.id,
                   job.attempts);
      return Ok();
    }
    result = std::move(completed).error();
  }
  tx.Rollback();
  spdlog::warn("jobs: {} {} attempt {}/{} failed: {}", job.kind, job.id, job.attempts, job.max_attempts,
               result.error().message);
  return RecordFailure(job, result.error());
}

Result<bool> Worker::Complete(const Job& job, LazyTransaction& tx) {
  X8_TRY(auto* open, tx.Get());
  int64_t now = clock_.NowMillis();
  X8_TRY(auto changed, open->Exec("UPDATE jobs SET state = 'done', finished_at = ?, updated_at = ?, "
                                  "locked_by = NULL, lease_expires_at = NULL" +
                                      std::string(kLeaseGuard),
                                  {now, now, job.id, options_.worker_id, job.attempts}));
  if (changed != 1) return false;
  X8_TRY_STATUS(open->Commit());
  return true;
}

bool IsRetryable(const Error& error) {
  switch (error.code) {
    case ErrorCode::kUnavailable:
    case ErrorCode::kInternal:
    case ErrorCode::kRateLimited:
    case ErrorCode::kConflict:
      return true;
    default:
      return false;
  }
}

Status Worker::RecordFailure(const Job& job, const Error& failure) {
  int64_t now = clock_.NowMillis();
  bool permanent = !IsRetryable(failure);
  std::string error = (permanent ? "permanent: " : "") + failure.message;
  if (permanent || job.attempts >= job.max_attempts) {
    X8_TRY(auto changed,
           db_.Exec("UPDATE jobs SET state = 'dead', last_error = ?, finished_at = ?, updated_at = ?, "
                    "locked_by = NULL, lease_expires_at = NULL" +
                        std::string(kLeaseGuard),
                    {error, now, now, job.id, options_.worker_id, job.attempts}));
    if (changed == 1) {
      spdlog::error("jobs: {} {} is dead after {} attempt(s): {}", job.kind, job.id, job.attempts, error);
    }
    return Ok();
  }
  X8_TRY(auto changed,
         db_.Exec("UPDATE jobs SET state = 'pending', run_at = ?, last_error = ?, updated_at = ?, "
                  "locked_by = NULL, lease_expires_at = NULL" +
                      std::string(kLeaseGuard),
                  {now + BackoffMillis(job.attempts), error, now, job.id, options_.worker_id, job.attempts}));
  (void)changed;  // 0: the lease was lost meanwhile and the new holder decides
  return Ok();
}

int64_t Worker::BackoffMillis(int64_t attempts) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  double base = static_cast<double>(options_.backoff_base_ms);
  double exponential = base * std::pow(2.0, static_cast<double>(std::min<int64_t>(attempts - 1, 40)));
  double capped = std::min(exponential, static_cast<double>(options_.backoff_max_ms));
  // Jitter spreads retries of jobs that failed together (e.g. a provider outage).
  std::uniform_real_distribution<double> jitter(0.75, 1.25);
  return static_cast<int64_t>(
      std::min(capped * jitter(random), static_cast<double>(options_.backoff_max_ms)));
}

void Worker::PollLoop() {
  for (;;) {
    uint64_t generation = 0;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      generation = wake_generation_;  // a Wake() from here on ends the sleep below
    }
    auto ran = RunOnce();
    if (!ran) spdlog::warn("jobs: worker {}: {}", options_.worker_id, ran.error().message);
    if (!ran || !*ran) SleepUnlessStopping(options_.poll_ms, generation);
  }
}

void Worker::HeartbeatLoop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    // Keeps renewing while Stop() waits for running handlers.
    wake_.wait_for(lock, std::chrono::milliseconds(options_.heartbeat_ms),
                   [&] { return stopping_ && in_flight_.empty(); });
    if (stopping_ && in_flight_.empty()) return;
    auto leased = in_flight_;
    lock.unlock();
    for (const auto& [id, attempt] : leased) {
      int64_t now = clock_.NowMillis();
      auto renewed =
          db_.Exec("UPDATE jobs SET lease_expires_at = ?, updated_at = ?" + std::string(kLeaseGuard),
                   {now + options_.lease_ms, now, id, options_.worker_id, attempt});
      if (!renewed) spdlog::warn("jobs: lease renewal for {} failed: {}", id, renewed.error().message);
    }
    lock.lock();
  }
}

void Worker::SleepUnlessStopping(int64_t millis, uint64_t generation) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, std::chrono::milliseconds(millis),
                 [&] { return stopping_ || wake_generation_ != generation; });
}

void Worker::Wake() {
  {
    std::lock_guard lock(mutex_);
    ++wake_generation_;
  }
  wake_.notify_all();
}

}  // namespace x8::jobs
