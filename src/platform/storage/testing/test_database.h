// Contract-test support: every storage-backed test runs against SQLite (temp file) and, when
// X8_TEST_POSTGRES_URL is set, PostgreSQL (a fresh schema per test, dropped afterwards). Without
// the URL the PostgreSQL cases skip, or fail when X8_TEST_REQUIRE_POSTGRES=1.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "platform/storage/database.h"

namespace x8::storage::testing {

enum class Engine { kSqlite, kPostgres };

std::string EngineName(const ::testing::TestParamInfo<Engine>& info);

class EngineTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override;
  void TearDown() override;

  Database& db() { return *db_; }
  // A URL for opening more Database objects (or other processes) on the same fresh database.
  const std::string& url() const { return url_; }
  std::unique_ptr<Database> OpenAnother(const DatabaseOptions& options = {});
  bool is_postgres() const { return GetParam() == Engine::kPostgres; }
  // Column type for bytes, which is the one type name the engines do not share.
  std::string BytesType() const { return is_postgres() ? "BYTEA" : "BLOB"; }

 private:
  std::unique_ptr<Database> db_;
  std::string url_;
  std::string sqlite_dir_;
  std::string postgres_admin_url_;
  std::string postgres_schema_;
};

#define X8_INSTANTIATE_ENGINE_TEST(suite)                                                                    \
  INSTANTIATE_TEST_SUITE_P(                                                                                  \
      Engines, suite,                                                                                        \
      ::testing::Values(::x8::storage::testing::Engine::kSqlite, ::x8::storage::testing::Engine::kPostgres), \
      ::x8::storage::testing::EngineName)

}  // namespace x8::storage::testing
