// Repository contract: the same statements on SQLite and PostgreSQL, every user-owned row scoped.
#include "modules/accounts/store/sql_store.h"

#include <gtest/gtest.h>

#include "core/ids.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::accounts {
namespace {

using storage::testing::EngineTest;

class StoreTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    ASSERT_TRUE(storage::Migrate(db()));
    store_ = std::make_unique<SqlAccountsStore>(db());
  }
  User AddClient(std::string email, std::string name = "") {
    Account account{
        .id = NewId("acc"), .owner_user_id = NewId("usr"), .trial_ends_at = 5, .created_at = ++now_};
    User user{.id = account.owner_user_id,
              .email = std::move(email),
              .password_hash = std::string("$argon2id$x"),
              .name = std::move(name),
              .role = "CLIENT",
              .account_id = account.id,
              .created_at = now_,
              .updated_at = now_};
    EXPECT_TRUE(store_->InsertAccount(db(), account));
    EXPECT_TRUE(store_->InsertUser(db(), user));
    return user;
  }
  User AddManager(std::string email) {
    User user{.id = NewId("usr"),
              .email = std::move(email),
              .role = "MANAGER",
              .created_at = ++now_,
              .updated_at = now_};
    EXPECT_TRUE(store_->InsertUser(db(), user));
    return user;
  }
  Session AddSession(const User& user) {
    Session s{.id = NewId("ses"),
              .user_id = user.id,
              .created_at = ++now_,
              .last_used_at = now_,
              .expires_at = 1'000'000};
    EXPECT_TRUE(store_->InsertSession(db(), s));
    return s;
  }
  std::unique_ptr<SqlAccountsStore> store_;
  int64_t now_ = 100;
};

TEST_P(StoreTest, UsersRoundTripAndEmailsAreUnique) {
  auto ann = AddClient("ann@example.com", "Ann");
  auto found = store_->FindUserByEmail(db(), "ann@example.com").value();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, ann.id);
  EXPECT_EQ(found->account_id, ann.account_id);
  EXPECT_EQ(*found->password_hash, "$argon2id$x");
  EXPECT_FALSE(found->email_verified_at);
  EXPECT_TRUE(found->two_factor_enabled);
  User dup{
      .id = NewId("usr"), .email = "ann@example.com", .role = "MANAGER", .created_at = 1, .updated_at = 1};
  auto conflict = store_->InsertUser(db(), dup);
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  User bad_role{
      .id = NewId("usr"), .email = "x@example.com", .role = "ROOT", .created_at = 1, .updated_at = 1};
  EXPECT_FALSE(store_->InsertUser(db(), bad_role));

  ASSERT_TRUE(store_->MarkEmailVerified(db(), ann.id, 500));
  ASSERT_TRUE(store_->MarkEmailVerified(db(), ann.id, 900));
  EXPECT_EQ(*store_->FindUserById(db(), ann.id).value()->email_verified_at, 500) << "first verification kept";
  ASSERT_TRUE(store_->SetLoginFailures(db(), ann.id, 0, 777, 600));
  EXPECT_EQ(*store_->FindUserById(db(), ann.id).value()->locked_until, 777);
  ASSERT_TRUE(store_->SetPasswordHash(db(), ann.id, "$argon2id$y", 700));
  auto after = store_->FindUserById(db(), ann.id).value();
  EXPECT_EQ(*after->password_hash, "$argon2id$y");
  EXPECT_FALSE(after->locked_until) << "a new password lifts a lock";
  ASSERT_TRUE(store_->UpdateProfile(db(), ann.id, "Anna", "ru", false, 800));
  after = store_->FindUserById(db(), ann.id).value();
  EXPECT_EQ(after->name, "Anna");
  EXPECT_FALSE(after->two_factor_enabled);
}

// The admin's client search folds Unicode case on both engines (SQLite's own LOWER() is ASCII-only).
TEST_P(StoreTest, ClientSearchIsUnicodeCaseInsensitive) {
  auto olga = AddClient("olga@example.com", "Ольга Цветкова");
  auto emile = AddClient("emile@example.com", "Émile Größe");
  auto id_of = [&](std::string_view query) {
    auto found = store_->ListClients(db(), query, 10).value();
    return found.size() == 1 ? found[0].owner.id : "(" + std::to_string(found.size()) + " found)";
  };
  for (const char* query : {"Ольга", "ольга", "ОЛЬГА", "ЦВЕТКОВА"}) EXPECT_EQ(id_of(query), olga.id) << query;
  for (const char* query : {"Émile", "émile", "ÉMILE", "GRÖßE"}) EXPECT_EQ(id_of(query), emile.id) << query;
  EXPECT_EQ(id_of("OLGA@EXAMPLE"), olga.id);
}

TEST_P(StoreTest, ManagerAssignmentIsOneColumnAndScopesQueries) {
  auto a = AddClient("a@example.com", "Alpha Flowers");
  auto b = AddClient("b@example.com", "Beta 50% Off");
  auto m1 = AddManager("m1@example.com");
  auto m2 = AddManager("m2@example.com");
  EXPECT_EQ(*store_->ManagerOf(a.account_id).value(), "");
  EXPECT_FALSE(store_->ManagerOf(NewId("acc")).value());
  ASSERT_TRUE(store_->SetManager(db(), a.account_id, m1.id).value());
  ASSERT_TRUE(store_->SetManager(db(), a.account_id, m2.id).value())
      << "a second assignment moves the client";
  EXPECT_EQ(*store_->ManagerOf(a.account_id).value(), m2.id);
  EXPECT_TRUE(store_->ListClientsOfManager(db(), m1.id).value().empty());
  ASSERT_EQ(store_->ListClientsOfManager(db(), m2.id).value().size(), 1u);
  EXPECT_FALSE(store_->FindClientOfManager(db(), m1.id, a.account_id).value());
  EXPECT_TRUE(store_->FindClientOfManager(db(), m2.id, a.account_id).value());
  EXPECT_FALSE(store_->FindClientOfManager(db(), m2.id, b.account_id).value());
  EXPECT_FALSE(store_->SetManager(db(), NewId("acc"), m1.id).value());
  EXPECT_FALSE(store_->SetManager(db(), a.account_id, NewId("usr"))) << "foreign key on manager_user_id";
  ASSERT_TRUE(store_->SetManager(db(), a.account_id, "").value());
  EXPECT_EQ(*store_->ManagerOf(a.account_id).value(), "");

  EXPECT_EQ(store_->ListClients(db(), "", 10).value().size(), 2u);
  EXPECT_EQ(store_->ListClients(db(), "flowers", 10).value().size(), 1u);
  auto percent = store_->ListClients(db(), "50%", 10).value();
  ASSERT_EQ(percent.size(), 1u);
  EXPECT_EQ(percent[0].owner.id, b.id);
  EXPECT_TRUE(store_->ListClients(db(), "a_p", 10).value().empty()) << "_ is literal, not a wildcard";
  EXPECT_TRUE(store_->ListClients(db(), "\\", 10).value().empty()) << "\\ is literal, not an escape";
  EXPECT_EQ(store_->ListUsersByRole(db(), "MANAGER", 10).value().size(), 2u);
}

TEST_P(StoreTest, SessionsAreScopedToTheirUser) {
  auto ann = AddClient("ann@example.com");
  auto bob = AddClient("bob@example.com");
  auto s1 = AddSession(ann);
  auto s2 = AddSession(ann);
  AddSession(bob);
  EXPECT_FALSE(store_->FindSession(db(), bob.id, s1.id).value());
  EXPECT_FALSE(store_->RevokeSession(db(), bob.id, s1.id, 10).value());
  auto state = store_->FindSessionState(db(), s1.id).value();
  ASSERT_TRUE(state);
  EXPECT_EQ(state->user_id, ann.id);
  EXPECT_EQ(state->role, "CLIENT");
  EXPECT_EQ(state->account_id, ann.account_id);
  EXPECT_FALSE(state->revoked_at);
  EXPECT_EQ(store_->ListLiveSessions(db(), ann.id, 500).value().size(), 2u);
  EXPECT_EQ(store_->RevokeSessionsOfUser(db(), ann.id, s2.id, 600).value(), 1);
  auto live = store_->ListLiveSessions(db(), ann.id, 700).value();
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].id, s2.id);
  EXPECT_EQ(store_->ListLiveSessions(db(), bob.id, 700).value().size(), 1u) << "bob untouched";
  EXPECT_TRUE(store_->ListLiveSessions(db(), ann.id, 2'000'000).value().empty())
      << "expired sessions drop out";
  EXPECT_TRUE(store_->RevokeSession(db(), ann.id, s2.id, 800).value());
  EXPECT_FALSE(store_->RevokeSession(db(), ann.id, s2.id, 900).value()) << "already revoked";
}

TEST_P(StoreTest, RefreshTokensAreUsedOnce) {
  auto ann = AddClient("ann@example.com");
  auto s = AddSession(ann);
  ASSERT_TRUE(store_->InsertRefreshToken(
      db(), {.token_hash = "h1", .session_id = s.id, .expires_at = 99, .created_at = 1}));
  EXPECT_TRUE(store_->MarkRefreshTokenUsed(db(), "h1", 5).value());
  EXPECT_FALSE(store_->MarkRefreshTokenUsed(db(), "h1", 6).value());
  EXPECT_EQ(*store_->FindRefreshToken(db(), "h1").value()->used_at, 5);
  EXPECT_FALSE(store_->FindRefreshToken(db(), "h2").value());
  EXPECT_FALSE(
      store_->InsertRefreshToken(db(), {.token_hash = "h3", .session_id = "ses_missing", .expires_at = 1}))
      << "a refresh token needs its session";
}

TEST_P(StoreTest, OneTimeTokensAreSingleUseKindBoundAndExpire) {
  auto ann = AddClient("ann@example.com");
  ASSERT_TRUE(store_->InsertOneTimeToken(
      db(),
      {.token_hash = "t1", .kind = "magic_link", .user_id = ann.id, .expires_at = 1000, .created_at = 1}));
  EXPECT_FALSE(store_->ConsumeOneTimeToken(db(), "t1", "password_reset", 10).value()) << "another kind";
  EXPECT_FALSE(store_->ConsumeOneTimeToken(db(), "t1", "magic_link", 1000).value())
      << "expired at expires_at";
  auto used = store_->ConsumeOneTimeToken(db(), "t1", "magic_link", 999).value();
  ASSERT_TRUE(used);
  EXPECT_EQ(used->user_id, ann.id);
  EXPECT_EQ(*used->used_at, 999);
  EXPECT_FALSE(store_->ConsumeOneTimeToken(db(), "t1", "magic_link", 999).value()) << "single use";
  EXPECT_FALSE(store_->InsertOneTimeToken(
      db(), {.token_hash = "t2", .kind = "other", .user_id = ann.id, .expires_at = 1, .created_at = 1}));
}

TEST_P(StoreTest, ChallengesCountAttemptsAndAreUsedOnce) {
  auto ann = AddClient("ann@example.com");
  auto bob = AddClient("bob@example.com");
  std::string id = NewId("lch");
  ASSERT_TRUE(store_->InsertChallenge(
      db(), {.id = id, .user_id = ann.id, .code_hash = "c", .expires_at = 50, .created_at = 1}));
  ASSERT_TRUE(store_->AddChallengeAttempt(db(), ann.id, id));
  ASSERT_TRUE(store_->AddChallengeAttempt(db(), bob.id, id));  // scoped: no effect
  EXPECT_EQ(store_->FindChallenge(db(), id).value()->attempts, 1);
  EXPECT_FALSE(store_->MarkChallengeUsed(db(), bob.id, id, 5).value());
  EXPECT_TRUE(store_->MarkChallengeUsed(db(), ann.id, id, 5).value());
  EXPECT_FALSE(store_->MarkChallengeUsed(db(), ann.id, id, 6).value());
}

X8_INSTANTIATE_ENGINE_TEST(StoreTest);

}  // namespace
}  // namespace x8::accounts
