// The accounts.cleanup job's deletes (docs/accounts.md "What is kept, and for how long"): sessions,
// refresh tokens, one-time tokens (email verification, magic links, password resets and manager
// invitations), login challenges and OAuth sign-in states that can never be used again, once they have
// been dead for a grace period — recent history stays inspectable for audits and debugging. Nothing
// still valid is deleted: not a session that is neither expired nor revoked, not a token or challenge
// that is unused and unexpired, not an unexpired OAuth state.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "platform/storage/database.h"

namespace x8::accounts {

inline constexpr std::string_view kCleanupJob = "accounts.cleanup";  // the job kind and the schedule's name
inline constexpr std::chrono::milliseconds kCleanupInterval = std::chrono::hours(1);
// How long a row stays after it expired, was used or was revoked.
inline constexpr int64_t kCleanupGraceMs = int64_t{7} * 24 * 3'600'000;

struct CleanupOptions {
  int64_t grace_ms = kCleanupGraceMs;
  int64_t batch = 1'000;     // rows per statement, each batch in its own short transaction
  int64_t max_batches = 50;  // per kind of leftover and run; a larger backlog waits for the next run
};

// Rows deleted by one run, per table.
struct CleanupCounts {
  int64_t sessions = 0;
  int64_t refresh_tokens = 0;
  int64_t one_time_tokens = 0;
  int64_t login_challenges = 0;
  int64_t oauth_states = 0;
  bool backlog = false;  // some kind hit max_batches: rows may be left for the next run

  int64_t total() const {
    return sessions + refresh_tokens + one_time_tokens + login_challenges + oauth_states;
  }
};

// Deletes, with cutoff = now_ms - grace_ms:
//   - refresh tokens that expired before the cutoff, and those of sessions revoked before it (a used
//     but unexpired token stays while its session lives: presenting it again signs the session out);
//   - sessions that expired or were revoked before the cutoff, once none of their refresh tokens is left;
//   - one-time tokens and login challenges that expired or were used before the cutoff;
//   - OAuth sign-in states that expired before now_ms (no grace: a state is deleted as soon as it is
//     used, and an expired one only holds a PKCE verifier).
// Each statement deletes at most options.batch rows in its own transaction on `db` (so a backlog never
// holds the SQLite writer or PostgreSQL row locks for long) and repeats until a batch comes back short
// or options.max_batches ran. Call it outside any transaction of `db` on this thread.
Result<CleanupCounts> CleanUpAccounts(storage::Database& db, int64_t now_ms,
                                      const CleanupOptions& options = {});

}  // namespace x8::accounts
