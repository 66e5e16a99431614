#include "tests/integration/test_tenants.h"

#include <gtest/gtest.h>

#include <chrono>

#include "platform/crypto/crypto.h"

namespace x8::testing {
namespace {

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TestTenants::TestTenants() {
  EXPECT_TRUE(crypto::Init());
  master_key_ = crypto::RandomBytes(32);
  jwt_key_ = crypto::DeriveKey(master_key_, "x8/jwt/v1");
}

std::string TestTenants::master_key_env() const { return crypto::Base64UrlEncode(master_key_); }

TestUser TestTenants::AddUser(storage::Executor& db, const std::string& role, const std::string& account_id,
                              std::string user_id) const {
  int64_t now = NowMillis();
  TestUser user{std::move(user_id), role, account_id, {}};
  storage::Value account = account_id.empty() ? storage::Value(nullptr) : storage::Value(account_id);
  EXPECT_TRUE(
      db.Exec("INSERT INTO users (id, email, email_verified_at, role, account_id, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)",
              {user.id, user.id + "@example.test", now, role, account, now, now}));
  std::string session = NewId("ses");
  EXPECT_TRUE(db.Exec(
      "INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at) VALUES (?, ?, ?, ?, ?)",
      {session, user.id, now, now, now + 3'600'000}));
  int64_t iat = now / 1000;
  user.token = crypto::SignJwtHs256({{"iss", "x8"},
                                     {"sub", user.id},
                                     {"role", role},
                                     {"acc", account_id},
                                     {"sid", session},
                                     {"iat", iat},
                                     {"exp", iat + 900}},
                                    jwt_key_);
  return user;
}

TestUser TestTenants::AddClient(storage::Executor& db, const std::string& manager_user_id) const {
  std::string account_id = NewId("acc");
  std::string owner = NewId("usr");
  storage::Value manager =
      manager_user_id.empty() ? storage::Value(nullptr) : storage::Value(manager_user_id);
  EXPECT_TRUE(
      db.Exec("INSERT INTO accounts (id, owner_user_id, manager_user_id, created_at) VALUES (?, ?, ?, ?)",
              {account_id, owner, manager, NowMillis()}));
  return AddUser(db, "CLIENT", account_id, owner);
}

}  // namespace x8::testing
