#include "modules/accounts/domain/access.h"

#include <gtest/gtest.h>

#include <map>

#include "core/ids.h"

namespace x8::accounts {
namespace {

class FakeDirectory : public AccountDirectory {
 public:
  Result<std::optional<std::string>> ManagerOf(std::string_view account_id) override {
    ++lookups;
    auto it = managers.find(std::string(account_id));
    if (it == managers.end()) return std::optional<std::string>{};
    return std::optional<std::string>(it->second);
  }
  std::map<std::string, std::string> managers;  // account id → manager user id ("" none)
  int lookups = 0;
};

class AccessPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_.managers[account_a_] = manager_1_;
    directory_.managers[account_b_] = "";
  }
  FakeDirectory directory_;
  AccessPolicy policy_{directory_};
  std::string account_a_ = NewId("acc");
  std::string account_b_ = NewId("acc");
  std::string manager_1_ = NewId("usr");
  std::string manager_2_ = NewId("usr");
};

TEST_F(AccessPolicyTest, ClientReachesOnlyItsOwnAccount) {
  http::Principal client{NewId("usr"), "CLIENT", account_a_};
  EXPECT_TRUE(policy_.CanAccess(client, account_a_));
  auto other = policy_.CanAccess(client, account_b_);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(directory_.lookups, 0) << "a client's check needs no database";
}

TEST_F(AccessPolicyTest, ClientWithoutTenantReachesNothing) {
  http::Principal client{NewId("usr"), "CLIENT", ""};
  EXPECT_EQ(policy_.CanAccess(client, account_a_).error().code, ErrorCode::kNotFound);
}

TEST_F(AccessPolicyTest, ManagerReachesOnlyAssignedAccounts) {
  http::Principal manager{manager_1_, "MANAGER", ""};
  EXPECT_TRUE(policy_.CanAccess(manager, account_a_));
  EXPECT_EQ(policy_.CanAccess(manager, account_b_).error().code, ErrorCode::kNotFound);
  http::Principal other_manager{manager_2_, "MANAGER", ""};
  EXPECT_EQ(policy_.CanAccess(other_manager, account_a_).error().code, ErrorCode::kNotFound);
}

TEST_F(AccessPolicyTest, AdminReachesEveryExistingAccount) {
  http::Principal admin{NewId("usr"), "ADMIN", ""};
  EXPECT_TRUE(policy_.CanAccess(admin, account_a_));
  EXPECT_TRUE(policy_.CanAccess(admin, account_b_));
  EXPECT_EQ(policy_.CanAccess(admin, NewId("acc")).error().code, ErrorCode::kNotFound);
}

TEST_F(AccessPolicyTest, MalformedIdsAndUnknownRolesAreNotFound) {
  http::Principal admin{NewId("usr"), "ADMIN", ""};
  EXPECT_EQ(policy_.CanAccess(admin, "").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(policy_.CanAccess(admin, "acc_x' OR 1=1").error().code, ErrorCode::kNotFound);
  http::Principal stranger{NewId("usr"), "ROOT", account_a_};
  EXPECT_EQ(policy_.CanAccess(stranger, account_a_).error().code, ErrorCode::kNotFound);
}

TEST_F(AccessPolicyTest, LookupFailuresPropagate) {
  class Broken : public AccountDirectory {
   public:
    Result<std::optional<std::string>> ManagerOf(std::string_view) override { return Unavailable("db down"); }
  } broken;
  AccessPolicy policy(broken);
  http::Principal admin{NewId("usr"), "ADMIN", ""};
  EXPECT_EQ(policy.CanAccess(admin, account_a_).error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace x8::accounts
