#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <thread>
#include <vector>

#include "platform/storage/database.h"
#include "platform/storage/testing/test_database.h"

namespace x8::storage {
namespace {

using testing::EngineTest;

class DatabaseContractTest : public EngineTest {};

TEST_P(DatabaseContractTest, TypesRoundTrip) {
  ASSERT_TRUE(
      db().ExecScript("CREATE TABLE vals (id BIGINT PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, s TEXT, b " +
                      BytesType() + ")"));
  const std::string text = "Привет, мир 👋 — ünïcode";
  const Bytes bytes = {0x00, 0x01, 0x00, 0xff, 0x7f, 0x00};
  const std::vector<std::vector<Value>> inserted = {
      {int64_t{1}, nullptr, nullptr, nullptr, nullptr},
      {int64_t{2}, std::numeric_limits<int64_t>::min(), -0.5, std::string(), Bytes{}},
      {int64_t{3}, std::numeric_limits<int64_t>::max(), 1.5e300, text, bytes},
  };
  for (const auto& row : inserted) {
    auto result = db().Query("INSERT INTO vals (id, i, d, s, b) VALUES (?, ?, ?, ?, ?)", row);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->affected, 1);
  }
  auto rows = db().Query("SELECT id, i, d, s, b FROM vals ORDER BY id", {});
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 3u);
  for (size_t r = 0; r < inserted.size(); ++r) {
    for (size_t c = 0; c < inserted[r].size(); ++c) {
      EXPECT_EQ((*rows)[r][c], inserted[r][c]) << "row " << r << " column " << c;
    }
  }
  EXPECT_EQ((*rows)[2].Text("s"), text);
  EXPECT_EQ((*rows)[2].Blob("b"), bytes);
  EXPECT_EQ((*rows)[1].Int("i"), std::numeric_limits<int64_t>::min());
  EXPECT_FALSE((*rows)[0].OptInt("i").has_value());
  EXPECT_FALSE((*rows)[0].OptText("s").has_value());
  EXPECT_DOUBLE_EQ((*rows)[2].Double("d"), 1.5e300);
  EXPECT_EQ(rows->affected, 0);
}

TEST_P(DatabaseContractTest, ExpressionsAndBooleansMapToPortableTypes) {
  auto rows = db().Query("SELECT 1 = 1 AS yes, 1 = 2 AS no, ? + 1 AS next, ? AS text_param",
                         {int64_t{41}, std::string("x")});
  ASSERT_TRUE(rows) << rows.error().message;
  const Row& row = (*rows)[0];
  EXPECT_TRUE(row.Bool("yes"));
  EXPECT_FALSE(row.Bool("no"));
  EXPECT_EQ(row["yes"], Value(int64_t{1}));
  EXPECT_EQ(row.Int("next"), 42);
  EXPECT_EQ(row.Text("text_param"), "x");
}

TEST_P(DatabaseContractTest, PlaceholdersInsideLiteralsAndIdentifiersAreText) {
  ASSERT_TRUE(db().ExecScript("CREATE TABLE \"odd?name\" (\"col?\" TEXT, v TEXT)"));
  ASSERT_TRUE(
      db().Exec("INSERT INTO \"odd?name\" (\"col?\", v) VALUES ('it''s ?', ?) -- trailing ? comment\n",
                {std::string("bound")}));
  auto rows = db().Query(
      "SELECT \"col?\" AS c, v, '?' || ? AS joined /* a ? in a comment */ FROM \"odd?name\" WHERE v = ?",
      {std::string("x"), std::string("bound")});
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text("c"), "it's ?");
  EXPECT_EQ((*rows)[0].Text("v"), "bound");
  EXPECT_EQ((*rows)[0].Text("joined"), "?x");
}

TEST_P(DatabaseContractTest, UniqueAndForeignKeyViolationsAreConflicts) {
  ASSERT_TRUE(db().ExecScript(
      "CREATE TABLE parents (id TEXT PRIMARY KEY, email TEXT NOT NULL, CONSTRAINT parents_email_key UNIQUE "
      "(email));"
      "CREATE TABLE children (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parents (id))"));
  ASSERT_TRUE(
      db().Exec("INSERT INTO parents (id, email) VALUES (?, ?)", {std::string("p1"), std::string("a@x")}));

  auto duplicate =
      db().Exec("INSERT INTO parents (id, email) VALUES (?, ?)", {std::string("p2"), std::string("a@x")});
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(duplicate.error().details.contains("constraint"));
  EXPECT_NE(std::string(duplicate.error().details.at("constraint").as_string()).find("email"),
            std::string::npos);

  auto same_key =
      db().Exec("INSERT INTO parents (id, email) VALUES (?, ?)", {std::string("p1"), std::string("b@x")});
  ASSERT_FALSE(same_key);
  EXPECT_EQ(same_key.error().code, ErrorCode::kConflict);

  auto orphan = db().Exec("INSERT INTO children (id, parent_id) VALUES (?, ?)",
                          {std::string("c1"), std::string("nope")});
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().code, ErrorCode::kConflict);

  auto bad_sql = db().Exec("SELEC nothing");
  ASSERT_FALSE(bad_sql);
  EXPECT_EQ(bad_sql.error().code, ErrorCode::kInternal);
}

TEST_P(DatabaseContractTest, TransactRollsBackOnErrorAndOnThrow) {
  ASSERT_TRUE(db().ExecScript("CREATE TABLE notes (id TEXT PRIMARY KEY)"));
  Status failed = db().Transact([](Tx& tx) -> Status {
    X8_TRY_STATUS(tx.Exec("INSERT INTO notes (id) VALUES (?)", {std::string("a")}));
    return FailedPrecondition("changed my mind");
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kFailedPrecondition);

  EXPECT_THROW((void)db().Transact([](Tx& tx) -> Status {
    (void)tx.Exec("INSERT INTO notes (id) VALUES (?)", {std::string("b")});
    throw std::runtime_error("bug");
  }),
               std::runtime_error);

  // A failing statement inside the body also aborts the whole transaction.
  Status conflicted = db().Transact([](Tx& tx) -> Status {
    X8_TRY_STATUS(tx.Exec("INSERT INTO notes (id) VALUES (?)", {std::string("c")}));
    X8_TRY_STATUS(tx.Exec("INSERT INTO notes (id) VALUES (?)", {std::string("c")}));
    return Ok();
  });
  EXPECT_EQ(conflicted.error().code, ErrorCode::kConflict);

  auto count = db().Query("SELECT COUNT(*) AS n FROM notes", {});
  ASSERT_TRUE(count);
  EXPECT_EQ((*count)[0].Int("n"), 0);

  auto committed = db().Transact<int64_t>([](Tx& tx) -> Result<int64_t> {
    return tx.Exec("INSERT INTO notes (id) VALUES (?)", {std::string("d")});
  });
  ASSERT_TRUE(committed);
  EXPECT_EQ(*committed, 1);
  EXPECT_EQ((*db().Query("SELECT COUNT(*) AS n FROM notes", {}))[0].Int("n"), 1);
}

TEST_P(DatabaseContractTest, ReadsOutsideATransactionDoNotSeeItsUncommittedWrites) {
  ASSERT_TRUE(db().ExecScript("CREATE TABLE notes (id TEXT PRIMARY KEY)"));
  auto tx = db().Begin();
  ASSERT_TRUE(tx) << tx.error().message;
  ASSERT_TRUE((*tx)->Exec("INSERT INTO notes (id) VALUES ('a')"));
  EXPECT_EQ((*(*tx)->Query("SELECT COUNT(*) AS n FROM notes", {}))[0].Int("n"), 1);
  // Another thread is served by a reader connection (SQLite) or another pooled connection
  // (PostgreSQL), not blocked. (This thread's own db().Query would run in the open transaction.)
  std::thread([&] {
    auto outside = db().Query("SELECT COUNT(*) AS n FROM notes", {});
    ASSERT_TRUE(outside) << outside.error().message;
    EXPECT_EQ((*outside)[0].Int("n"), 0);
  }).join();
  ASSERT_TRUE((*tx)->Commit());
  EXPECT_FALSE((*tx)->Commit());
  EXPECT_EQ((*db().Query("SELECT COUNT(*) AS n FROM notes", {}))[0].Int("n"), 1);
}

// The ambient transaction (database.h): on the thread holding a transaction, the Database's own
// statements run in it. One pooled connection is enough: a statement that took a second one would
// wait for the pool (or SQLite's writer) and fail with kUnavailable instead.
class AmbientTransactionTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    single_ = OpenAnother({.pool_size = 1, .busy_timeout_ms = 2000});
    ASSERT_NE(single_, nullptr);
    ASSERT_TRUE(single_->ExecScript("CREATE TABLE notes (id TEXT PRIMARY KEY)"));
  }
  void TearDown() override {
    single_.reset();
    EngineTest::TearDown();
  }

  // Through the Database, i.e. through the ambient transaction when this thread holds one.
  int64_t Count(Executor& executor) {
    auto rows = executor.Query("SELECT COUNT(*) AS n FROM notes", {});
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? (*rows)[0].Int("n") : -1;
  }
  std::vector<std::string> Ids(Executor& executor) {
    auto rows = executor.Query("SELECT id FROM notes ORDER BY id", {});
    EXPECT_TRUE(rows) << rows.error().message;
    std::vector<std::string> ids;
    if (rows) {
      for (const auto& row : *rows) ids.push_back(row.Text("id"));
    }
    return ids;
  }
  // The server process behind a statement (PostgreSQL), to tell connections apart.
  int64_t BackendPid(Executor& executor) {
    auto rows = executor.Query("SELECT pg_backend_pid() AS pid", {});
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? (*rows)[0].Int("pid") : -1;
  }

  Database& single() { return *single_; }

 private:
  std::unique_ptr<Database> single_;
};

TEST_P(AmbientTransactionTest, TransactBodyReadsAndWritesThroughTheDatabaseInItsTransaction) {
  Status status = single().Transact([&](Tx& tx) -> Status {
    X8_TRY_STATUS(tx.Exec("INSERT INTO notes (id) VALUES ('a')"));
    // A read through the Database sees the uncommitted insert, on the transaction's connection.
    EXPECT_EQ(Count(single()), 1);
    if (is_postgres()) {
      EXPECT_EQ(BackendPid(single()), BackendPid(tx));
    }
    // Writes through the Database join the transaction (on SQLite they used to wait for the writer).
    X8_TRY_STATUS(single().Exec("INSERT INTO notes (id) VALUES (?)", {std::string("b")}));
    X8_TRY_STATUS(single().ExecScript("INSERT INTO notes (id) VALUES ('c')"));
    EXPECT_TRUE(single().Ping());
    EXPECT_EQ(Count(tx), 3);
    return Ok();
  });
  ASSERT_TRUE(status) << status.error().message;
  // Committed, and this thread reads through the pool again.
  EXPECT_EQ(Ids(single()), (std::vector<std::string>{"a", "b", "c"}));

  Status rolled_back = single().Transact([&](Tx&) -> Status {
    X8_TRY_STATUS(single().Exec("INSERT INTO notes (id) VALUES ('d')"));
    EXPECT_EQ(Count(single()), 4);
    return FailedPrecondition("changed my mind");
  });
  ASSERT_FALSE(rolled_back);
  EXPECT_EQ(rolled_back.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Ids(single()), (std::vector<std::string>{"a", "b", "c"}));

  EXPECT_THROW((void)single().Transact([&](Tx&) -> Status {
    (void)single().Exec("INSERT INTO notes (id) VALUES ('e')");
    throw std::runtime_error("bug");
  }),
               std::runtime_error);
  EXPECT_EQ(Ids(single()), (std::vector<std::string>{"a", "b", "c"}));
}

TEST_P(AmbientTransactionTest, OtherThreadsAndOtherDatabasesAreNotRoutedIntoIt) {
  auto two = OpenAnother({.pool_size = 2, .busy_timeout_ms = 2000});
  ASSERT_NE(two, nullptr);
  auto tx = two->Begin();
  ASSERT_TRUE(tx) << tx.error().message;
  ASSERT_TRUE((*tx)->Exec("INSERT INTO notes (id) VALUES ('a')"));
  EXPECT_EQ(Count(*two), 1);
  int64_t tx_pid = is_postgres() ? BackendPid(**tx) : 0;
  if (is_postgres()) {
    EXPECT_EQ(BackendPid(*two), tx_pid);
  }
  std::thread([&] {
    EXPECT_EQ(Count(*two), 0);  // the pool: committed data only
    if (is_postgres()) {
      EXPECT_NE(BackendPid(*two), tx_pid);
    }
    // A Begin on another thread is no nested transaction (PostgreSQL has a second connection; on
    // SQLite it would wait for the writer, so only try it there).
    if (is_postgres()) {
      auto other = two->Begin();
      ASSERT_TRUE(other) << other.error().message;
      EXPECT_EQ(Count(*two), 0);
      ASSERT_TRUE((*other)->Rollback());
    }
  }).join();
  // Another Database object on the same database is not routed into this one's transaction.
  EXPECT_EQ(Count(single()), 0);
  ASSERT_TRUE((*tx)->Commit());
  EXPECT_EQ(Count(*two), 1);
  std::thread([&] { EXPECT_EQ(Count(*two), 1); }).join();
}

TEST_P(AmbientTransactionTest, BeginCommitRollbackAndDestructionEndIt) {
  // The job worker's path: Begin, statements through the Tx and the Database, decide late.
  {
    auto tx = single().Begin();
    ASSERT_TRUE(tx) << tx.error().message;
    ASSERT_TRUE(single().Exec("INSERT INTO notes (id) VALUES ('a')"));
    ASSERT_TRUE((*tx)->Exec("INSERT INTO notes (id) VALUES ('b')"));
    EXPECT_EQ(Count(single()), 2);
    ASSERT_TRUE((*tx)->Commit());
    // Ended but not yet destroyed: the thread is back on the pool.
    EXPECT_EQ(Count(single()), 2);
    auto after = (*tx)->Exec("INSERT INTO notes (id) VALUES ('x')");
    ASSERT_FALSE(after);
    EXPECT_EQ(after.error().code, ErrorCode::kFailedPrecondition);
  }
  {
    auto tx = single().Begin();
    ASSERT_TRUE(tx) << tx.error().message;
    ASSERT_TRUE(single().Exec("INSERT INTO notes (id) VALUES ('c')"));
    EXPECT_EQ(Count(single()), 3);
    ASSERT_TRUE((*tx)->Rollback());
    EXPECT_EQ(Ids(single()), (std::vector<std::string>{"a", "b"}));
  }
  {
    auto tx = single().Begin();
    ASSERT_TRUE(tx) << tx.error().message;
    ASSERT_TRUE(single().Exec("INSERT INTO notes (id) VALUES ('d')"));
  }  // destroyed without Commit: rolled back
  EXPECT_EQ(Ids(single()), (std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE(single().Exec("INSERT INTO notes (id) VALUES ('e')"));  // autocommit again
  EXPECT_EQ(Ids(single()), (std::vector<std::string>{"a", "b", "e"}));
}

TEST_P(AmbientTransactionTest, NestedTransactionOnTheSameDatabaseIsAnError) {
  Status status = single().Transact([&](Tx& tx) -> Status {
    X8_TRY_STATUS(tx.Exec("INSERT INTO notes (id) VALUES ('a')"));
    auto nested_begin = single().Begin();
    EXPECT_FALSE(nested_begin);
    if (!nested_begin) {
      EXPECT_EQ(nested_begin.error().code, ErrorCode::kInternal);
      EXPECT_NE(nested_begin.error().message.find("nested transaction"), std::string::npos);
    }
    Status nested = single().Transact([](Tx&) -> Status { return Ok(); });
    EXPECT_FALSE(nested);
    if (!nested) {
      EXPECT_EQ(nested.error().code, ErrorCode::kInternal);
    }
    // The outer transaction is untouched.
    EXPECT_EQ(Count(single()), 1);
    return Ok();
  });
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(Count(single()), 1);
}

TEST_P(AmbientTransactionTest, SerializationFailureRetriesTheBodyInAFreshTransaction) {
  if (!is_postgres()) GTEST_SKIP() << "PostgreSQL retries serialization failures";
  int attempts = 0;
  Status status = single().Transact([&](Tx&) -> Status {
    ++attempts;
    X8_TRY_STATUS(single().Exec("INSERT INTO notes (id) VALUES (?)", {"attempt" + std::to_string(attempts)}));
    EXPECT_EQ(Count(single()), 1);  // the first attempt's row is gone
    if (attempts == 1) {
      X8_TRY_STATUS(single().ExecScript(
          "DO $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = 'serialization_failure'; END $$"));
    }
    return Ok();
  });
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(Ids(single()), (std::vector<std::string>{"attempt2"}));
}

TEST_P(AmbientTransactionTest, TransactionsOfTwoDatabasesOnOneThreadStaySeparate) {
  // Two independent databases (two in-memory SQLite ones: a second writer on the same file would
  // wait for the first), each with a transaction open on this thread.
  auto open = [&]() -> std::unique_ptr<Database> {
    if (is_postgres()) return OpenAnother({.pool_size = 1, .busy_timeout_ms = 2000});
    auto db = Open("sqlite::memory:", {.pool_size = 1, .busy_timeout_ms = 2000});
    return db ? std::move(*db) : nullptr;
  };
  auto first = open();
  auto second = open();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  ASSERT_TRUE(first->ExecScript("CREATE TABLE t1 (id TEXT PRIMARY KEY)"));
  ASSERT_TRUE(second->ExecScript("CREATE TABLE t2 (id TEXT PRIMARY KEY)"));
  auto count = [](Database& db, const std::string& table) -> int64_t {
    auto rows = db.Query("SELECT COUNT(*) AS n FROM " + table, {});
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? (*rows)[0].Int("n") : -1;
  };

  auto tx1 = first->Begin();
  ASSERT_TRUE(tx1) << tx1.error().message;
  ASSERT_TRUE(first->Exec("INSERT INTO t1 (id) VALUES ('a')"));
  auto tx2 = second->Begin();
  ASSERT_TRUE(tx2) << tx2.error().message;
  ASSERT_TRUE(second->Exec("INSERT INTO t2 (id) VALUES ('b')"));
  EXPECT_EQ(count(*first, "t1"), 1);
  EXPECT_EQ(count(*second, "t2"), 1);
  if (is_postgres()) {  // one database underneath: each sees only the other's committed state
    EXPECT_EQ(count(*first, "t2"), 0);
    EXPECT_EQ(count(*second, "t1"), 0);
  }
  // Ended out of order: the first commits while the second stays open and ambient.
  ASSERT_TRUE((*tx1)->Commit());
  EXPECT_EQ(count(*first, "t1"), 1);
  ASSERT_TRUE(second->Exec("INSERT INTO t2 (id) VALUES ('c')"));
  EXPECT_EQ(count(*second, "t2"), 2);
  ASSERT_TRUE((*tx2)->Rollback());
  EXPECT_EQ(count(*second, "t2"), 0);
  EXPECT_EQ(count(*first, "t1"), 1);
}

X8_INSTANTIATE_ENGINE_TEST(AmbientTransactionTest);

TEST_P(DatabaseContractTest, ConcurrentWritersLoseNoUpdates) {
  ASSERT_TRUE(
      db().ExecScript("CREATE TABLE counters (id TEXT PRIMARY KEY, n BIGINT NOT NULL);"
                      "CREATE TABLE increments (id BIGINT PRIMARY KEY)"));
  ASSERT_TRUE(db().Exec("INSERT INTO counters (id, n) VALUES ('c', 0)"));
  constexpr int kThreads = 4;
  constexpr int kIterations = 40;
  // Read-modify-write: SQLite serializes it through the single writer; PostgreSQL needs the row lock.
  const std::string select =
      std::string("SELECT n FROM counters WHERE id = 'c'") + (is_postgres() ? " FOR UPDATE" : "");
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  auto second = OpenAnother();  // a second Database object on the same database competes too
  ASSERT_NE(second, nullptr);
  for (int t = 0; t < kThreads; ++t) {
    Database& target = t % 2 == 0 ? db() : *second;
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIterations; ++i) {
        Status status = target.Transact([&](Tx& tx) -> Status {
          X8_TRY(auto rows, tx.Query(select, {}));
          int64_t n = rows[0].Int("n");
          X8_TRY_STATUS(tx.Exec("UPDATE counters SET n = ? WHERE id = 'c'", {n + 1}));
          X8_TRY_STATUS(tx.Exec("INSERT INTO increments (id) VALUES (?)", {int64_t{t * 1000 + i}}));
          return Ok();
        });
        if (!status) {
          ADD_FAILURE() << status.error().message;
          ++failures;
        }
        // Readers run alongside the writers.
        if (!target.Query("SELECT COUNT(*) FROM increments", {})) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ((*db().Query("SELECT n FROM counters", {}))[0].Int("n"), kThreads * kIterations);
  EXPECT_EQ((*db().Query("SELECT COUNT(*) AS n FROM increments", {}))[0].Int("n"), kThreads * kIterations);
}

TEST_P(DatabaseContractTest, RowsOutliveTheirResultAndPingWorks) {
  Row kept = [&] {
    auto rows = db().Query("SELECT 7 AS seven", {});
    return (*rows)[0];
  }();
  EXPECT_EQ(kept.Int("seven"), 7);
  EXPECT_EQ(kept.Text("seven"), "7");
  EXPECT_THROW((void)kept.Int("missing"), std::out_of_range);
  EXPECT_TRUE(db().Ping());
}

TEST_P(DatabaseContractTest, DescribeNeverShowsCredentials) {
  std::string description = db().Describe();
  EXPECT_EQ(description.find('@'), std::string::npos) << description;
  EXPECT_EQ(description.rfind(is_postgres() ? "postgres" : "sqlite:", 0), 0u) << description;
}

TEST_P(DatabaseContractTest, LostPostgresConnectionIsUnavailableThenReconnects) {
  if (!is_postgres()) GTEST_SKIP() << "PostgreSQL connection handling";
  auto single = OpenAnother({.pool_size = 1});
  ASSERT_NE(single, nullptr);
  auto pid = single->Query("SELECT pg_backend_pid() AS pid", {});
  ASSERT_TRUE(pid) << pid.error().message;
  ASSERT_TRUE(db().Query("SELECT pg_terminate_backend(?::int)", {(*pid)[0].Int("pid")}));
  auto lost = single->Query("SELECT 1", {});
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, ErrorCode::kUnavailable) << lost.error().message;
  auto again = single->Query("SELECT 1 AS one", {});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ((*again)[0].Int("one"), 1);
}

X8_INSTANTIATE_ENGINE_TEST(DatabaseContractTest);

TEST(SqliteDatabaseTest, CreatesParentDirectoryAndUsesWal) {
  auto dir = std::filesystem::temp_directory_path() / ("x8-sqlite-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto db = Open("sqlite:" + (dir / "nested" / "x8.db").string());
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_TRUE(std::filesystem::exists(dir / "nested"));
  auto mode = (*db)->Query("PRAGMA journal_mode", {});
  ASSERT_TRUE(mode) << mode.error().message;
  EXPECT_EQ((*mode)[0].Text(0), "wal");
  auto fk = (*db)->Query("PRAGMA foreign_keys", {});
  EXPECT_EQ((*fk)[0].Int(size_t{0}), 1);
  db->reset();
  std::filesystem::remove_all(dir);
}

TEST(SqliteDatabaseTest, InMemoryDatabaseKeepsItsData) {
  auto db = Open("sqlite::memory:");
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE((*db)->ExecScript("CREATE TABLE t (x BIGINT); INSERT INTO t VALUES (5)"));
  auto rows = (*db)->Query("SELECT x FROM t", {});
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ((*rows)[0].Int("x"), 5);
  EXPECT_TRUE((*db)->Transact([](Tx& tx) -> Status {
    return tx.Exec("INSERT INTO t VALUES (6)").has_value() ? Ok() : Internal("x");
  }));
  EXPECT_EQ((*(*db)->Query("SELECT COUNT(*) FROM t", {}))[0].Int(size_t{0}), 2);
}

TEST(SqliteDatabaseTest, WriterHeldTooLongIsUnavailable) {
  auto db = Open("sqlite::memory:", {.busy_timeout_ms = 50});
  ASSERT_TRUE(db);
  auto tx = (*db)->Begin();
  ASSERT_TRUE(tx);
  std::thread other([&] {
    auto second = (*db)->Begin();
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  });
  other.join();
}

TEST(OpenTest, RejectsUnknownSchemesAndReportsUnreachablePostgresAsUnavailable) {
  auto unknown = Open("mysql://localhost/x");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);

  auto db = Open("postgres://user:hunter2@127.0.0.1:1/x8", {.busy_timeout_ms = 1000});
  ASSERT_TRUE(db) << db.error().message;  // opening is lazy so a server may come up later
  EXPECT_EQ((*db)->Describe(), "postgres://127.0.0.1:1/x8");
  auto ping = (*db)->Ping();
  ASSERT_FALSE(ping);
  EXPECT_EQ(ping.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(ping.error().message.find("hunter2"), std::string::npos) << ping.error().message;
}

}  // namespace
}  // namespace x8::storage
