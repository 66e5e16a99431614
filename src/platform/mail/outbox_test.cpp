#include "platform/mail/outbox.h"

#include <gtest/gtest.h>

#include "core/ids.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::mail {
namespace {

// Applies migrations up to 0002_mail only, so these tests do not depend on later modules' schemas.
Status MigrateThroughMail(storage::Database& db) {
  auto all = storage::EmbeddedMigrations(db.dialect());
  size_t count = 0;
  while (count < all.size() && all[count].version <= 2) ++count;
  return storage::Migrate(db, all.first(count));
}

class OutboxTest : public storage::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(MigrateThroughMail(db()));
  }
  FakeClock clock_;
};

TEST_P(OutboxTest, StoresAndListsNewestFirst) {
  OutboxMailer outbox(db(), clock_);
  ASSERT_TRUE(
      outbox.Send({.to = "anna@example.com", .subject = "First", .text = "one", .tag = "verify_email"}));
  clock_.Advance(Millis(1000));
  ASSERT_TRUE(outbox.Send({.to = "Boris@Example.com",
                           .subject = "Код: 123456",
                           .text = "Ваш код 123456",
                           .html = "<p>Ваш код <b>123456</b></p>",
                           .tag = "login_code"}));
  clock_.Advance(Millis(1000));
  ASSERT_TRUE(outbox.Send({.to = "anna@example.com", .subject = "Third", .text = "three"}));

  auto all = ListOutbox(db());
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].subject, "Third");
  EXPECT_EQ((*all)[1].subject, "Код: 123456");
  EXPECT_EQ((*all)[1].html, "<p>Ваш код <b>123456</b></p>");
  EXPECT_EQ((*all)[1].tag, "login_code");
  EXPECT_EQ((*all)[1].created_at, clock_.NowMillis() - 1000);
  EXPECT_EQ((*all)[2].subject, "First");
  EXPECT_TRUE(IsValidId((*all)[0].id, "mail"));
  EXPECT_EQ((*all)[2].html, "");

  auto anna = ListOutbox(db(), 50, "anna@example.com");
  ASSERT_TRUE(anna);
  ASSERT_EQ(anna->size(), 2u);
  EXPECT_EQ((*anna)[0].subject, "Third");
  auto boris = ListOutbox(db(), 50, "boris@example.com");  // the filter ignores case
  ASSERT_TRUE(boris);
  ASSERT_EQ(boris->size(), 1u);
  EXPECT_EQ((*boris)[0].to, "Boris@Example.com");

  auto limited = ListOutbox(db(), 1);
  ASSERT_TRUE(limited);
  ASSERT_EQ(limited->size(), 1u);
  EXPECT_EQ((*limited)[0].subject, "Third");
  EXPECT_EQ(ListOutbox(db(), 0)->size(), 1u);  // clamped, never "no limit"
  EXPECT_TRUE(ListOutbox(db(), 50, "nobody@example.com")->empty());
}

TEST_P(OutboxTest, RefusesInvalidMessages) {
  OutboxMailer outbox(db(), clock_);
  auto sent = outbox.Send({.to = "not an address", .subject = "x", .text = "x"});
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(ListOutbox(db())->empty());
}

X8_INSTANTIATE_ENGINE_TEST(OutboxTest);

}  // namespace
}  // namespace x8::mail
