#include <gtest/gtest.h>

#include <thread>

#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::storage {
namespace {

using testing::EngineTest;

class MigrateContractTest : public EngineTest {};

TEST_P(MigrateContractTest, EmbeddedMigrationsApplyOnceAndCreateTheJobsSchema) {
  auto migrations = EmbeddedMigrations(db().dialect());
  ASSERT_FALSE(migrations.empty());
  EXPECT_EQ(migrations.front().version, 1);
  EXPECT_EQ(migrations.front().name, "jobs");

  ASSERT_TRUE(Migrate(db()));
  ASSERT_TRUE(Migrate(db()));  // idempotent
  auto status = MigrationStatus(db());
  ASSERT_TRUE(status) << status.error().message;
  ASSERT_EQ(status->size(), migrations.size());
  for (const auto& info : *status) {
    EXPECT_TRUE(info.applied) << info.version;
    EXPECT_TRUE(info.known);
    EXPECT_TRUE(info.applied_at.has_value());
  }
  auto recorded = db().Query("SELECT COUNT(*) AS n FROM schema_migrations", {});
  EXPECT_EQ((*recorded)[0].Int("n"), static_cast<int64_t>(migrations.size()));
  EXPECT_TRUE(db().Query("SELECT id, kind, state, lease_expires_at FROM jobs", {}));
  EXPECT_TRUE(db().Query("SELECT name, next_run_at FROM job_schedules", {}));
}

TEST_P(MigrateContractTest, RefusesADatabaseNewerThanTheBinary) {
  ASSERT_TRUE(Migrate(db()));
  ASSERT_TRUE(
      db().Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)"));
  auto refused = Migrate(db());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("9999"), std::string::npos) << refused.error().message;
  auto status = MigrationStatus(db());
  ASSERT_TRUE(status);
  EXPECT_EQ(status->back().version, 9999);
  EXPECT_FALSE(status->back().known);
}

TEST_P(MigrateContractTest, AppliesOnlyPendingAndRollsBackAFailingMigration) {
  const Migration first[] = {{1, "one", "CREATE TABLE one (x BIGINT)"}};
  ASSERT_TRUE(Migrate(db(), first));
  const Migration more[] = {
      {1, "one", "CREATE TABLE one (x BIGINT)"},  // would fail if re-run
      {2, "two", "CREATE TABLE two (x BIGINT); INSERT INTO two VALUES (1)"},
      {3, "broken", "CREATE TABLE three (x BIGINT); INSERT INTO nowhere VALUES (1)"},
  };
  auto result = Migrate(db(), more);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("3_broken"), std::string::npos) << result.error().message;
  auto status = MigrationStatus(db(), more);
  ASSERT_TRUE(status);
  ASSERT_EQ(status->size(), 3u);
  EXPECT_TRUE((*status)[0].applied);
  EXPECT_TRUE((*status)[1].applied);
  EXPECT_FALSE((*status)[2].applied);
  EXPECT_TRUE(db().Query("SELECT x FROM two", {}));
  EXPECT_FALSE(db().Query("SELECT x FROM three", {}));  // rolled back with its migration
}

TEST_P(MigrateContractTest, ConcurrentMigratorsBothSucceed) {
  auto other = OpenAnother();
  ASSERT_NE(other, nullptr);
  Status a, b;
  std::thread first([&] { a = Migrate(db()); });
  std::thread second([&] { b = Migrate(*other); });
  first.join();
  second.join();
  EXPECT_TRUE(a) << a.error().message;
  EXPECT_TRUE(b) << b.error().message;
  auto recorded = db().Query("SELECT COUNT(*) AS n FROM schema_migrations", {});
  EXPECT_EQ((*recorded)[0].Int("n"), static_cast<int64_t>(EmbeddedMigrations(db().dialect()).size()));
}

X8_INSTANTIATE_ENGINE_TEST(MigrateContractTest);

}  // namespace
}  // namespace x8::storage
