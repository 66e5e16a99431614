// Signed-in users for integration tests without walking the sign-in flow each time: rows go straight
// into the server's database and access tokens are signed with the server's key, so the real
// authenticator and tenant checks run on every request. (tests/integration/accounts_test.cpp walks the
// real flow.)
#pragma once

#include <string>

#include "core/ids.h"
#include "platform/storage/database.h"

namespace x8::testing {

struct TestUser {
  std::string id;
  std::string role;
  std::string account_id;  // CLIENT only
  std::string token;       // Bearer access token
};

class TestTenants {
 public:
  TestTenants();  // a fresh random master key

  // For the server under test: X8_SECURITY_MASTER_KEY=<this>.
  std::string master_key_env() const;
  const std::string& jwt_key() const { return jwt_key_; }

  // A user of `role` with a live session and an access token (the server must have migrated `db`).
  TestUser AddUser(storage::Executor& db, const std::string& role, const std::string& account_id = {},
                   std::string user_id = NewId("usr")) const;
  // A business owner with its own account, optionally assigned to a manager.
  TestUser AddClient(storage::Executor& db, const std::string& manager_user_id = {}) const;

 private:
  std::string master_key_;
  std::string jwt_key_;
};

}  // namespace x8::testing
