// x8_fold on SQLite and the FoldedContains/LikeContains search both engines run (text_search.h).
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "platform/storage/database.h"
#include "platform/storage/testing/test_database.h"
#include "platform/storage/text_search.h"

namespace x8::storage {
namespace {

using testing::EngineTest;

class TextSearchContractTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    ASSERT_TRUE(db().ExecScript("CREATE TABLE people (id BIGINT PRIMARY KEY, name TEXT)"));
    const std::vector<std::string> names = {"Ольга Петрова", "Émile Zola", "Straße 7",    "Ωmega",
                                            "100% sure",     "snake_case", "back\\slash", "plain ascii"};
    for (size_t i = 0; i < names.size(); ++i) {
      ASSERT_TRUE(
          db().Exec("INSERT INTO people (id, name) VALUES (?, ?)", {static_cast<int64_t>(i), names[i]}));
    }
    ASSERT_TRUE(db().Exec("INSERT INTO people (id, name) VALUES (99, NULL)"));
  }

  // The names whose text contains `query`, case-insensitively, as the repositories search.
  std::vector<std::string> Search(std::string_view query) {
    auto rows =
        db().Query("SELECT name FROM people WHERE " + FoldedContains(db().dialect(), "name") + " ORDER BY id",
                   {LikeContains(query)});
    EXPECT_TRUE(rows) << rows.error().message;
    std::vector<std::string> out;
    if (rows) {
      for (const auto& row : *rows) out.push_back(row.Text("name"));
    }
    return out;
  }
};

using Names = std::vector<std::string>;

TEST_P(TextSearchContractTest, CyrillicAndAccentedLettersMatchInAnyCase) {
  for (const char* query : {"ольга", "Ольга", "ОЛЬГА", "оЛьГа", "ПЕТРОВ"}) {
    EXPECT_EQ(Search(query), Names{"Ольга Петрова"}) << query;
  }
  for (const char* query : {"émile", "ÉMILE", "Émile", "éMiLe"}) {
    EXPECT_EQ(Search(query), Names{"Émile Zola"}) << query;
  }
  EXPECT_EQ(Search("ωMEGA"), Names{"Ωmega"});
  EXPECT_EQ(Search("PLAIN ASCII"), Names{"plain ascii"});
  EXPECT_EQ(Search("STRASSE 7"), is_postgres() ? Names{} : Names{"Straße 7"})
      << "full case folding (ß → ss) on SQLite; PostgreSQL's lower() keeps ß";
  EXPECT_EQ(Search("STRAßE"), Names{"Straße 7"});
  EXPECT_TRUE(Search("emile").empty()) << "case-insensitive, not accent-insensitive";
}

TEST_P(TextSearchContractTest, WildcardsAndTheEscapeCharacterMatchLiterally) {
  EXPECT_EQ(Search("%"), Names{"100% sure"});
  EXPECT_EQ(Search("0% S"), Names{"100% sure"});
  EXPECT_EQ(Search("_"), Names{"snake_case"});
  EXPECT_EQ(Search("E_C"), Names{"snake_case"});
  EXPECT_TRUE(Search("e%c").empty());
  EXPECT_TRUE(Search("k_s").empty());
  EXPECT_EQ(Search("\\"), Names{"back\\slash"});
  EXPECT_EQ(Search("K\\S"), Names{"back\\slash"});
  EXPECT_EQ(Search("").size(), 8u) << "an empty query matches every non-NULL name";
}

X8_INSTANTIATE_ENGINE_TEST(TextSearchContractTest);

TEST(SqliteFoldTest, FoldsOnTheWriterAndOnEveryReaderConnection) {
  auto dir = std::filesystem::temp_directory_path() / ("x8-fold-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto db = Open("sqlite:" + (dir / "x8.db").string(), {.pool_size = 3});
  ASSERT_TRUE(db) << db.error().message;
  // Inside a transaction: the writer connection.
  ASSERT_TRUE((*db)->Transact([](Tx& tx) -> Status {
    X8_TRY(auto rows, tx.Query("SELECT x8_fold('ОЛЬГА') AS f", {}));
    if (rows[0].Text("f") != "ольга") return Internal("writer folded to " + rows[0].Text("f"));
    return Ok();
  }));
  // Plain reads from several threads: reader connections.
  std::vector<std::thread> threads;
  threads.reserve(6);
  std::atomic<int> good{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        auto rows = (*db)->Query("SELECT x8_fold(?) AS f", {std::string("ÉMILE Größe")});
        if (rows && (*rows)[0].Text("f") == "émile grösse") ++good;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(good.load(), 120);
  db->reset();
  std::filesystem::remove_all(dir);
}

TEST(SqliteFoldTest, FoldsLikeFoldCaseAndKeepsNullAndNumbers) {
  auto db = Open("sqlite::memory:");
  ASSERT_TRUE(db) << db.error().message;
  auto rows = (*db)->Query(
      "SELECT x8_fold(NULL) AS n, x8_fold(42) AS i, x8_fold('') AS e, x8_fold('ABC xyz') AS a, x8_fold(?) AS "
      "u, "
      "x8_fold(x8_fold(?)) AS twice, x8_fold(?) AS bad",
      {std::string("Ольга ΣΊΣΥΦΟΣ ǅ ﬁ İ"), std::string("Ольга ΣΊΣΥΦΟΣ ǅ ﬁ İ"), std::string("A\xff")});
  ASSERT_TRUE(rows) << rows.error().message;
  const Row& row = (*rows)[0];
  EXPECT_FALSE(row.OptText("n").has_value());
  EXPECT_EQ(row.Text("i"), "42");
  EXPECT_EQ(row.Text("e"), "");
  EXPECT_EQ(row.Text("a"), "abc xyz");
  EXPECT_EQ(row.Text("u"), FoldCase("Ольга ΣΊΣΥΦΟΣ ǅ ﬁ İ"));
  EXPECT_EQ(row.Text("u"), "ольга σίσυφοσ ǆ fi i̇");
  EXPECT_EQ(row.Text("twice"), row.Text("u"));
  EXPECT_EQ(row.Text("bad"), "a\xef\xbf\xbd") << "invalid UTF-8 folds to U+FFFD";
}

TEST(SqliteFoldTest, IsDeterministicSoIndexesMayUseIt) {
  auto db = Open("sqlite::memory:");
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE(
      (*db)->ExecScript("CREATE TABLE t (name TEXT); CREATE INDEX t_folded ON t (x8_fold(name));"
                        "INSERT INTO t VALUES ('ОЛЬГА')"));
  auto rows = (*db)->Query("SELECT COUNT(*) AS n FROM t WHERE x8_fold(name) = ?", {std::string("ольга")});
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ((*rows)[0].Int("n"), 1);
}

TEST(FoldCaseTest, EscapeLikeEscapesWildcardsAndBackslash) {
  EXPECT_EQ(EscapeLike("a%b_c\\d"), "a\\%b\\_c\\\\d");
  EXPECT_EQ(LikeContains("50%"), "%50\\%%");
  EXPECT_EQ(Folded(Dialect::kSqlite, "c.name"), "x8_fold(c.name)");
  EXPECT_EQ(Folded(Dialect::kPostgres, "c.name"), "lower(c.name)");
  EXPECT_EQ(FoldedContains(Dialect::kSqlite, "m.text"), "x8_fold(m.text) LIKE x8_fold(?) ESCAPE '\\'");
}

}  // namespace
}  // namespace x8::storage
