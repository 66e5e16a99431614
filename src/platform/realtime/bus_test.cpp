// The realtime bus on both engines; on PostgreSQL as two nodes (two Database objects, two hubs, two
// buses on one database): an event published on either reaches the subscribers of both, inside a
// transaction only once it commits, large ones through realtime_events, and after the listener's
// connection is killed the bus reconnects and later events arrive.
#include "platform/realtime/bus.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "platform/jobs/scheduler.h"
#include "platform/jobs/worker.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::realtime {
namespace {

using namespace std::chrono_literals;
using storage::testing::EngineTest;
namespace json = boost::json;

// A WebSocket connection of a hub, subscribed to some topics, recording the events it receives.
class Socket {
 public:
  Socket(http::WebSocketHub& hub, std::initializer_list<std::string_view> topics) {
    auto id = hub.Attach(std::nullopt, [this](const std::string& text) {
      std::lock_guard lock(mutex_);
      auto frame = json::parse(text).as_object();
      if (frame.at("type") == "event") events_.push_back(frame);
    });
    for (auto topic : topics) {
      hub.OnMessage(id, json::serialize(json::object{{"type", "subscribe"}, {"topic", topic}}));
    }
  }
  // Waits (generously) until `count` events arrived; returns them all.
  std::vector<json::object> Await(size_t count, std::chrono::milliseconds within = 15s) {
    auto deadline = std::chrono::steady_clock::now() + within;
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (events_.size() >= count || std::chrono::steady_clock::now() >= deadline) return events_;
      }
      std::this_thread::sleep_for(10ms);
    }
  }
  // What arrived within a short quiet period: for "nothing (more) arrives", never for "arrives in time".
  std::vector<json::object> Settle() {
    std::this_thread::sleep_for(500ms);
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  std::mutex mutex_;
  std::vector<json::object> events_;
};

std::vector<std::string> Texts(const std::vector<json::object>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) {
    const auto& data = e.at("data");
    out.push_back(data.is_object() && data.as_object().contains("text")
                      ? std::string(data.at("text").as_string())
                      : json::serialize(data));
  }
  return out;
}

class BusTest : public EngineTest {
 protected:
  struct Node {
    http::WebSocketHub hub;
    std::shared_ptr<Bus> bus;
  };

  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(storage::Migrate(db()));
    other_db_ = OpenAnother();
    ASSERT_NE(other_db_, nullptr);
    MakeNode(a_, db());
    MakeNode(b_, *other_db_);
  }
  void TearDown() override {
    for (Node* node : {&a_, &b_}) {
      if (node->bus) node->bus->Stop();
      node->bus.reset();
    }
    other_db_.reset();
    EngineTest::TearDown();
  }
  void MakeNode(Node& node, storage::Database& database) {
    node.hub.SetTopicPolicy([](const auto&, std::string_view) { return true; });
    auto bus = Bus::Create(database, node.hub, clock_, BusOptions{.wait = 50ms, .reconnect_min = 50ms});
    ASSERT_TRUE(bus) << bus.error().message;
    node.bus = *bus;
    ASSERT_TRUE(node.bus->Start());
  }
  static json::object Event(std::string_view text) { return json::object{{"text", text}}; }

  FakeClock clock_;
  std::unique_ptr<storage::Database> other_db_;
  Node a_, b_;
};

TEST_P(BusTest, SqlitePublishesToTheLocalHubAtOnce) {
  if (is_postgres()) GTEST_SKIP() << "SQLite only";
  EXPECT_FALSE(a_.bus->distributed());
  Socket socket(a_.hub, {"inbox"});
  a_.bus->publisher()("inbox", Event("hello"));
  EXPECT_EQ(Texts(socket.Await(1, 0ms)), std::vector<std::string>{"hello"});
}

TEST_P(BusTest, AnEventPublishedOnOneNodeReachesBothInOrder) {
  if (!is_postgres()) GTEST_SKIP() << "PostgreSQL only";
  EXPECT_TRUE(a_.bus->distributed());
  // The test's schema names the channel, so parallel tests on one database do not hear each other.
  EXPECT_NE(a_.bus->channel(), "x8_events");
  EXPECT_EQ(a_.bus->channel(), b_.bus->channel());
  Socket on_a(a_.hub, {"inbox"});
  Socket on_b(b_.hub, {"inbox"});
  Socket elsewhere(b_.hub, {"other"});
  auto publish = a_.bus->publisher();
  for (int i = 0; i < 5; ++i) publish("inbox", Event("m" + std::to_string(i)));
  b_.bus->Publish("inbox", Event("from b"));
  const std::vector<std::string> expected = {"m0", "m1", "m2", "m3", "m4", "from b"};
  EXPECT_EQ(Texts(on_b.Await(6)), expected);
  EXPECT_EQ(Texts(on_a.Await(6)), expected);
  EXPECT_EQ(on_b.Await(6)[0].at("topic"), "inbox");
  EXPECT_TRUE(elsewhere.Settle().empty());
}

TEST_P(BusTest, InsideATransactionTheEventArrivesAfterCommitAndNeverAfterRollback) {
  if (!is_postgres()) GTEST_SKIP() << "PostgreSQL only";
  Socket on_b(b_.hub, {"inbox"});
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx) << tx.error().message;
    a_.bus->Publish("inbox", Event("committed"));  // the ambient transaction carries the NOTIFY
    EXPECT_TRUE(on_b.Settle().empty()) << "delivered before the commit";
    ASSERT_TRUE((*tx)->Commit());
  }
  EXPECT_EQ(Texts(on_b.Await(1)), std::vector<std::string>{"committed"});

  ASSERT_FALSE(db().Transact([&](storage::Tx&) -> Status {
    a_.bus->Publish("inbox", Event("rolled back"));
    return Internal("roll back");
  }));
  a_.bus->Publish("inbox", Event("after"));
  EXPECT_EQ(Texts(on_b.Await(2)), (std::vector<std::string>{"committed", "after"}));
  EXPECT_EQ(on_b.Settle().size(), 2u);
}

TEST_P(BusTest, ALargeEventArrivesIntactThroughTheTableAndIsCleanedUp) {
  if (!is_postgres()) GTEST_SKIP() << "PostgreSQL only";
  Socket on_b(b_.hub, {"inbox"});
  std::string big;
  for (int i = 0; big.size() < 20'000; ++i) big += "Строка " + std::to_string(i) + " — \"quoted\"\n";
  json::object data{{"text", big}, {"nested", json::array{1, 2, json::object{{"k", "v"}}}}};
  a_.bus->Publish("inbox", data);
  auto got = on_b.Await(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].at("data"), json::value(data));
  a_.bus->Publish("inbox", Event("small"));
  EXPECT_EQ(Texts(on_b.Await(2)).back(), "small");

  auto stored = db().Query("SELECT COUNT(*) AS n FROM realtime_events", {});
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ((*stored)[0].Int("n"), 1);  // only the large one

  // The cleanup job, as the scheduler runs it: nothing is an hour old yet, then it is.
  jobs::Worker worker(db(), clock_);
  jobs::Scheduler scheduler(db(), clock_);
  ASSERT_TRUE(RegisterCleanup(*a_.bus, worker, scheduler, clock_, std::chrono::minutes(10)));
  ASSERT_TRUE(scheduler.Tick());
  ASSERT_TRUE(worker.RunOnce());
  EXPECT_EQ((*db().Query("SELECT COUNT(*) AS n FROM realtime_events", {}))[0].Int("n"), 1);
  clock_.Advance(std::chrono::hours(2));
  ASSERT_TRUE(scheduler.Tick());
  auto ran = worker.RunOnce();
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_TRUE(*ran);
  EXPECT_EQ((*db().Query("SELECT COUNT(*) AS n FROM realtime_events", {}))[0].Int("n"), 0);
}

TEST_P(BusTest, StopIsPromptAndIdempotent) {
  // No timing assertion: a Stop() that waited for a notification would hang the test into its timeout.
  a_.bus->Stop();
  a_.bus->Stop();
  ASSERT_TRUE(a_.bus->Start());
  a_.bus->Stop();
}

TEST_P(BusTest, AKilledListenerConnectionReconnectsAndLaterEventsArrive) {
  if (!is_postgres()) GTEST_SKIP() << "PostgreSQL only";
  Socket on_b(b_.hub, {"inbox", "system"});
  a_.bus->Publish("inbox", Event("before"));
  ASSERT_EQ(on_b.Await(1).size(), 1u);

  // Every LISTEN connection of this test's channel (node A's and node B's).
  auto killed = db().Query("SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE query = ?",
                           {"LISTEN \"" + b_.bus->channel() + "\""});
  ASSERT_TRUE(killed) << killed.error().message;
  ASSERT_EQ(killed->size(), 2u);
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while ((a_.bus->reconnects() == 0 || b_.bus->reconnects() == 0) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_GE(b_.bus->reconnects(), 1u);
  ASSERT_GE(a_.bus->reconnects(), 1u);

  a_.bus->Publish("inbox", Event("after"));
  auto got = on_b.Await(3);
  ASSERT_EQ(got.size(), 3u) << json::serialize(json::value_from(Texts(got)));
  // The local resync notice, then the later event.
  EXPECT_EQ(got[1].at("topic"), "system");
  EXPECT_EQ(got[1].at("data").at("type"), "resync");
  EXPECT_EQ(got[2].at("data").at("text"), "after");
}

X8_INSTANTIATE_ENGINE_TEST(BusTest);

}  // namespace
}  // namespace x8::realtime
