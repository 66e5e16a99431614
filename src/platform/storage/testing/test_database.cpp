#include "platform/storage/testing/test_database.h"

#include <cstdlib>
#include <filesystem>

#include "core/ids.h"

namespace x8::storage::testing {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

std::string WithSearchPath(const std::string& url, const std::string& schema) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

}  // namespace

std::string EngineName(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::kSqlite ? "Sqlite" : "Postgres";
}

void EngineTest::SetUp() {
  if (GetParam() == Engine::kSqlite) {
    std::string pattern = (std::filesystem::temp_directory_path() / "x8-storage-test.XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    sqlite_dir_ = pattern;
    url_ = "sqlite:" + sqlite_dir_ + "/test.db";
  } else {
    postgres_admin_url_ = Env("X8_TEST_POSTGRES_URL");
    if (postgres_admin_url_.empty()) {
      if (Env("X8_TEST_REQUIRE_POSTGRES") == "1") {
        FAIL() << "X8_TEST_REQUIRE_POSTGRES=1 but X8_TEST_POSTGRES_URL is not set; start one with "
                  "`export X8_TEST_POSTGRES_URL=$(scripts/start-postgres /tmp/x8pg)`";
      }
      GTEST_SKIP() << "X8_TEST_POSTGRES_URL not set; PostgreSQL contract tests skipped";
    }
    auto admin = Open(postgres_admin_url_, {.pool_size = 1});
    ASSERT_TRUE(admin) << admin.error().message;
    postgres_schema_ = "x8t_" + RandomHex(8);
    auto created = (*admin)->Exec("CREATE SCHEMA " + postgres_schema_);
    ASSERT_TRUE(created) << created.error().message;
    url_ = WithSearchPath(postgres_admin_url_, postgres_schema_);
  }
  auto db = Open(url_, {.pool_size = 4});
  ASSERT_TRUE(db) << db.error().message;
  db_ = std::move(*db);
}

void EngineTest::TearDown() {
  db_.reset();
  if (!sqlite_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(sqlite_dir_, ec);
  }
  if (!postgres_schema_.empty()) {
    auto admin = Open(postgres_admin_url_, {.pool_size = 1});
    ASSERT_TRUE(admin) << admin.error().message;
    auto dropped = (*admin)->Exec("DROP SCHEMA " + postgres_schema_ + " CASCADE");
    EXPECT_TRUE(dropped) << dropped.error().message;
  }
}

std::unique_ptr<Database> EngineTest::OpenAnother(const DatabaseOptions& options) {
  auto db = Open(url_, options);
  EXPECT_TRUE(db) << db.error().message;
  return db ? std::move(*db) : nullptr;
}

}  // namespace x8::storage::testing
