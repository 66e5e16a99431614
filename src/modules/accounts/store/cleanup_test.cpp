// The accounts.cleanup deletes on SQLite and PostgreSQL with a fixed clock: rows dead for longer than
// the grace period go, valid and recently dead rows stay, and batches bound the work of one run.
#include "modules/accounts/store/cleanup.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/clock.h"
#include "core/ids.h"
#include "modules/accounts/store/sql_store.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::accounts {
namespace {

using storage::Value;
using storage::testing::EngineTest;

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;

class CleanupTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    ASSERT_TRUE(storage::Migrate(db()));
    store_ = std::make_unique<SqlAccountsStore>(db());
    user_ = User{.id = NewId("usr"),
                 .email = "ann@example.com",
                 .role = "MANAGER",
                 .created_at = now_ - 90 * kDay,
                 .updated_at = now_ - 90 * kDay};
    ASSERT_TRUE(store_->InsertUser(db(), user_));
  }

  std::string AddSession(int64_t expires_at, std::optional<int64_t> revoked_at = std::nullopt) {
    Session s{.id = NewId("ses"),
              .user_id = user_.id,
              .created_at = now_ - 60 * kDay,
              .last_used_at = now_ - 60 * kDay,
              .expires_at = expires_at,
              .revoked_at = revoked_at};
    EXPECT_TRUE(store_->InsertSession(db(), s));
    return s.id;
  }
  std::string AddRefreshToken(const std::string& session_id, int64_t expires_at,
                              std::optional<int64_t> used_at = std::nullopt) {
    std::string hash = NewId("rt");
    EXPECT_TRUE(store_->InsertRefreshToken(db(), {.token_hash = hash,
                                                  .session_id = session_id,
                                                  .used_at = used_at,
                                                  .expires_at = expires_at,
                                                  .created_at = now_ - 60 * kDay}));
    return hash;
  }
  std::string AddOneTimeToken(int64_t expires_at, std::optional<int64_t> used_at = std::nullopt) {
    std::string hash = NewId("ott");
    EXPECT_TRUE(store_->InsertOneTimeToken(db(), {.token_hash = hash,
                                                  .kind = "password_reset",
                                                  .user_id = user_.id,
                                                  .expires_at = expires_at,
                                                  .used_at = used_at,
                                                  .created_at = now_ - 60 * kDay}));
    return hash;
  }
  std::string AddChallenge(int64_t expires_at, std::optional<int64_t> used_at = std::nullopt) {
    std::string id = NewId("lch");
    EXPECT_TRUE(store_->InsertChallenge(db(), {.id = id,
                                               .user_id = user_.id,
                                               .code_hash = "c",
                                               .expires_at = expires_at,
                                               .used_at = used_at,
                                               .created_at = now_ - 60 * kDay}));
    return id;
  }
  std::string AddOAuthState(int64_t expires_at) {
    std::string hash = NewId("st");
    EXPECT_TRUE(
        db().Exec("INSERT INTO oauth_states (state_hash, provider, code_verifier, nonce, expires_at, "
                  "created_at) VALUES (?, 'google', 'v', 'n', ?, ?)",
                  {Value(hash), Value(expires_at), Value(expires_at - 600'000)}));
    return hash;
  }
  // The keys left in `table`.
  std::set<std::string> Keys(const std::string& table, const std::string& key) {
    auto rows = db().Query("SELECT " + key + " AS k FROM " + table, {});
    EXPECT_TRUE(rows);
    std::set<std::string> keys;
    if (rows) {
      for (const auto& row : *rows) keys.insert(row.Text("k"));
    }
    return keys;
  }

  FakeClock clock_;
  const int64_t now_ = clock_.NowMillis();
  std::unique_ptr<SqlAccountsStore> store_;
  User user_;
};

TEST_P(CleanupTest, SessionsAndRefreshTokensGoOnlyWhenDeadForLongerThanTheGrace) {
  // A live session: its current token, a used token still within its lifetime (presenting it again
  // signs the session out, so it must stay) and a token that expired long ago.
  auto live = AddSession(now_ + 30 * kDay);
  auto live_current = AddRefreshToken(live, now_ + 30 * kDay);
  auto live_used = AddRefreshToken(live, now_ + 10 * kDay, now_ - 20 * kDay);
  AddRefreshToken(live, now_ - 8 * kDay, now_ - 38 * kDay);
  // Expired yesterday: kept for the grace period.
  auto recent = AddSession(now_ - kDay);
  auto recent_token = AddRefreshToken(recent, now_ - kDay, now_ - 31 * kDay);
  // Expired exactly at the cutoff: not before it, so kept.
  auto at_cutoff = AddSession(now_ - kCleanupGraceMs);
  auto at_cutoff_token = AddRefreshToken(at_cutoff, now_ - kCleanupGraceMs);
  // Expired 8 days ago, with its tokens.
  auto expired = AddSession(now_ - 8 * kDay);
  AddRefreshToken(expired, now_ - 8 * kDay);
  AddRefreshToken(expired, now_ - 9 * kDay, now_ - 38 * kDay);
  // Revoked 8 days ago, with a token that has not expired yet.
  auto revoked = AddSession(now_ + 20 * kDay, now_ - 8 * kDay);
  AddRefreshToken(revoked, now_ + 20 * kDay);
  // Revoked yesterday: kept.
  auto revoked_recently = AddSession(now_ + 20 * kDay, now_ - kDay);
  auto revoked_recently_token = AddRefreshToken(revoked_recently, now_ + 20 * kDay);
  // Expired long ago without any token.
  AddSession(now_ - 30 * kDay);

  auto counts = CleanUpAccounts(db(), now_);
  ASSERT_TRUE(counts) << counts.error().message;
  EXPECT_EQ(counts->sessions, 3);
  EXPECT_EQ(counts->refresh_tokens, 4);
  EXPECT_EQ(counts->total(), 7);
  EXPECT_FALSE(counts->backlog);
  EXPECT_EQ(Keys("sessions", "id"), (std::set<std::string>{live, recent, at_cutoff, revoked_recently}));
  EXPECT_EQ(Keys("refresh_tokens", "token_hash"),
            (std::set<std::string>{live_current, live_used, recent_token, at_cutoff_token,
                                   revoked_recently_token}));

  // The live session still works as before.
  auto state = store_->FindSessionState(db(), live).value();
  ASSERT_TRUE(state);
  EXPECT_FALSE(state->revoked_at);

  // A second run finds nothing; eight days later the then-dead rows go as well.
  EXPECT_EQ(CleanUpAccounts(db(), now_)->total(), 0);
  auto later = CleanUpAccounts(db(), now_ + 8 * kDay);
  ASSERT_TRUE(later);
  EXPECT_EQ(Keys("sessions", "id"), (std::set<std::string>{live}));
  EXPECT_EQ(Keys("refresh_tokens", "token_hash"), (std::set<std::string>{live_current, live_used}));
}

TEST_P(CleanupTest, OneTimeTokensChallengesAndOAuthStatesGoOnceUsedOrExpiredBeforeTheCutoff) {
  auto valid = AddOneTimeToken(now_ + kHour);
  auto invitation = AddOneTimeToken(now_ + 40 * kDay);  // a long-lived unused link stays
  auto expired_recently = AddOneTimeToken(now_ - kDay);
  auto used_recently = AddOneTimeToken(now_ + kHour, now_ - kHour);
  AddOneTimeToken(now_ - 8 * kDay);                    // expired long ago
  AddOneTimeToken(now_ + 30 * kDay, now_ - 8 * kDay);  // used long ago, not expired
  AddOneTimeToken(now_ - 9 * kDay, now_ - 10 * kDay);  // both

  auto open = AddChallenge(now_ + int64_t{10} * 60'000);
  auto failed_recently = AddChallenge(now_ - kHour);
  auto used_challenge = AddChallenge(now_ - kHour, now_ - 2 * kHour);
  AddChallenge(now_ - 8 * kDay);
  AddChallenge(now_ - 8 * kDay, now_ - 8 * kDay - 60'000);

  auto pending_state = AddOAuthState(now_ + 60'000);
  AddOAuthState(now_ - 1);  // states have no grace: expired is gone

  auto counts = CleanUpAccounts(db(), now_);
  ASSERT_TRUE(counts) << counts.error().message;
  EXPECT_EQ(counts->one_time_tokens, 3);
  EXPECT_EQ(counts->login_challenges, 2);
  EXPECT_EQ(counts->oauth_states, 1);
  EXPECT_EQ(Keys("one_time_tokens", "token_hash"),
            (std::set<std::string>{valid, invitation, expired_recently, used_recently}));
  EXPECT_EQ(Keys("login_challenges", "id"), (std::set<std::string>{open, failed_recently, used_challenge}));
  EXPECT_EQ(Keys("oauth_states", "state_hash"), (std::set<std::string>{pending_state}));

  // The unused, unexpired token can still be consumed.
  EXPECT_TRUE(store_->ConsumeOneTimeToken(db(), valid, "password_reset", now_).value());
}

TEST_P(CleanupTest, BatchesBoundTheWorkOfOneRun) {
  for (int i = 0; i < 25; ++i) AddOneTimeToken(now_ - 8 * kDay - i);
  auto live = AddSession(now_ + kDay);
  AddRefreshToken(live, now_ + kDay);
  auto dead = AddSession(now_ - 8 * kDay);
  for (int i = 0; i < 12; ++i) AddRefreshToken(dead, now_ - 8 * kDay - i);
  const CleanupOptions small{.batch = 10, .max_batches = 2};

  auto first = CleanUpAccounts(db(), now_, small);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->one_time_tokens, 20) << "two batches of ten";
  EXPECT_EQ(first->refresh_tokens, 12);
  EXPECT_EQ(first->sessions, 1) << "the session goes once its last token is gone";
  EXPECT_TRUE(first->backlog);
  EXPECT_EQ(Keys("one_time_tokens", "token_hash").size(), 5u);

  auto second = CleanUpAccounts(db(), now_, small);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->one_time_tokens, 5);
  EXPECT_FALSE(second->backlog);
  EXPECT_EQ(CleanUpAccounts(db(), now_, small)->total(), 0);
  EXPECT_EQ(Keys("sessions", "id"), (std::set<std::string>{live}));

  EXPECT_FALSE(CleanUpAccounts(db(), now_, {.batch = 0}));
}

X8_INSTANTIATE_ENGINE_TEST(CleanupTest);

}  // namespace
}  // namespace x8::accounts
