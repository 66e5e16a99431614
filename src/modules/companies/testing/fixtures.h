// Test fixtures: users and accounts rows (migration 0003's tables) for companies tests, written
// straight to the database so the tests do not depend on the accounts service.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/ids.h"
#include "platform/http/message.h"
#include "platform/storage/database.h"

namespace x8::companies::testing {

inline std::string InsertUser(storage::Database& db, std::string_view role, int64_t created_at,
                              const std::string& account_id = {}) {
  std::string id = NewId("usr");
  storage::Value account = account_id.empty() ? storage::Value(nullptr) : storage::Value(account_id);
  auto inserted = db.Exec(
      "INSERT INTO users (id, email, role, account_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      {id, id + "@example.test", std::string(role), account, created_at, created_at});
  EXPECT_TRUE(inserted) << inserted.error().message;
  return id;
}

inline std::string InsertManager(storage::Database& db, int64_t created_at = 1'767'225'600'000) {
  return InsertUser(db, "MANAGER", created_at);
}

// A CLIENT user with its account, optionally assigned to `manager_user_id`. Returns the principal.
inline http::Principal InsertClient(storage::Database& db, const std::string& manager_user_id = {},
                                    int64_t created_at = 1'767'225'600'000) {
  std::string account_id = NewId("acc");
  std::string user_id = NewId("usr");
  storage::Value manager =
      manager_user_id.empty() ? storage::Value(nullptr) : storage::Value(manager_user_id);
  auto account =
      db.Exec("INSERT INTO accounts (id, owner_user_id, manager_user_id, created_at) VALUES (?, ?, ?, ?)",
              {account_id, user_id, manager, created_at});
  EXPECT_TRUE(account) << account.error().message;
  auto user = db.Exec(
      "INSERT INTO users (id, email, role, account_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      {user_id, user_id + "@example.test", std::string("CLIENT"), account_id, created_at, created_at});
  EXPECT_TRUE(user) << user.error().message;
  return {user_id, "CLIENT", account_id};
}

}  // namespace x8::companies::testing
