// Database::Listen: PostgreSQL LISTEN/NOTIFY on a dedicated connection, with NOTIFY's transactional
// semantics (delivered at commit, never after a rollback) holding through the ambient transaction.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/ids.h"
#include "platform/storage/database.h"
#include "platform/storage/testing/test_database.h"

namespace x8::storage {
namespace {

using namespace std::chrono_literals;
using testing::EngineTest;

class ListenContractTest : public EngineTest {
 protected:
  // Channels are per database, not per schema: a channel of its own keeps parallel tests apart.
  std::string channel_ = "x8_test_" + RandomHex(6);

  Status Notify(Executor& exec, const std::string& payload) {
    X8_TRY(auto rows, exec.Query("SELECT pg_notify(?, ?)", {channel_, payload}));
    return Ok();
  }
  // Collects payloads until `count` arrived or the (generous) deadline passed.
  static std::vector<std::string> Collect(Listener& listener, size_t count,
                                          std::chrono::milliseconds within = 10s) {
    std::vector<std::string> out;
    auto deadline = std::chrono::steady_clock::now() + within;
    while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
      auto got = listener.Wait(100ms);
      if (!got) {
        ADD_FAILURE() << got.error().message;
        break;
      }
      for (auto& n : *got) out.push_back(n.payload);
    }
    return out;
  }
  // Nothing more within a short quiet period (used after a rollback; not a timing assertion on
  // delivery, only that nothing shows up).
  static std::vector<std::string> Drain(Listener& listener) { return Collect(listener, 1000, 500ms); }
};

TEST_P(ListenContractTest, SqliteHasNoNotifications) {
  if (is_postgres()) GTEST_SKIP() << "PostgreSQL listens";
  auto listener = db().Listen("x8_events");
  ASSERT_FALSE(listener);
  EXPECT_EQ(listener.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(ListenContractTest, NotificationsArriveInOrderOnEveryListener) {
  if (!is_postgres()) GTEST_SKIP() << "PostgreSQL only";
  auto a = db().Listen(channel_);
  ASSERT_TRUE(a) << a.error().message;
  auto other = OpenAnother();
  ASSERT_NE(other, nullptr);
  auto b = other->Listen(channel_);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_GT((*a)->backend_pid(), 0);

  auto empty = (*a)->Wait(10ms);
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_TRUE(empty->empty());

  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Notify(db(), "n" + std::to_string(i)));
  const std::vector<std::string> expected = {"n0", "n1", "n2", "n3", "n4"};
  EXPECT_EQ(Collect(**a, 5), expected);
  EXPECT_EQ(Collect(**b, 5), expected);

  // Another channel is not heard; a quoted channel name may hold any characters.
  auto odd = db().Listen(channel_ + " Odd\"Name");
  ASSERT_TRUE(odd) << odd.error().message;
  ASSERT_TRUE(db().Query("SELECT pg_notify(?, 'odd')", {channel_ + " Odd\"Name"}));
  EXPECT_EQ(Collect(**odd, 1), std::vector<std::string>{"odd"});
  EXPECT_TRUE(Drain(**a).empty());
}

TEST_P(ListenContractTest, InsideATransactionDeliveredAtCommitNeverAfterRollback) {
  if (!is_postgres()) GTEST_SKIP() << "PostgreSQL only";
  auto listener = db().Listen(channel_);
  ASSERT_TRUE(listener) << listener.error().message;

  // Through the ambient transaction: the Database's statement runs in the open transaction.
  auto tx = db().Begin();
  ASSERT_TRUE(tx) << tx.error().message;
  ASSERT_TRUE(Notify(db(), "committed"));
  EXPECT_TRUE(Drain(**listener).empty()) << "delivered before its transaction committed";
  ASSERT_TRUE((*tx)->Commit());
  EXPECT_EQ(Collect(**listener, 1), std::vector<std::string>{"committed"});

  ASSERT_FALSE(db().Transact([&](Tx&) -> Status {
    X8_TRY_STATUS(Notify(db(), "rolled back"));
    return Internal("roll back");
  }));
  auto rolled = db().Begin();
  ASSERT_TRUE(rolled) << rolled.error().message;
  ASSERT_TRUE(Notify(**rolled, "rolled back too"));
  ASSERT_TRUE((*rolled)->Rollback());
  ASSERT_TRUE(Notify(db(), "after"));
  // "after" arrives, and nothing before it: the rolled-back notifications were never sent.
  EXPECT_EQ(Collect(**listener, 1), std::vector<std::string>{"after"});
  EXPECT_TRUE(Drain(**listener).empty());
}

TEST_P(ListenContractTest, ALostConnectionIsUnavailableAndANewListenerHearsAgain) {
  if (!is_postgres()) GTEST_SKIP() << "PostgreSQL only";
  auto listener = db().Listen(channel_);
  ASSERT_TRUE(listener) << listener.error().message;
  ASSERT_TRUE(
      db().Query("SELECT pg_terminate_backend(CAST(? AS INTEGER))", {int64_t{(*listener)->backend_pid()}}));
  Result<std::vector<Notification>> got = std::vector<Notification>{};
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (got && std::chrono::steady_clock::now() < deadline) got = (*listener)->Wait(100ms);
  ASSERT_FALSE(got) << "the terminated connection was not noticed";
  EXPECT_EQ(got.error().code, ErrorCode::kUnavailable);
  EXPECT_FALSE((*listener)->Wait(10ms));  // stays dead

  auto again = db().Listen(channel_);
  ASSERT_TRUE(again) << again.error().message;
  ASSERT_TRUE(Notify(db(), "back"));
  EXPECT_EQ(Collect(**again, 1), std::vector<std::string>{"back"});
}

X8_INSTANTIATE_ENGINE_TEST(ListenContractTest);

}  // namespace
}  // namespace x8::storage
