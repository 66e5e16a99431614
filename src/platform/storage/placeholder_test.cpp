#include <gtest/gtest.h>

#include "platform/storage/postgres_database.h"

namespace x8::storage {
namespace {

TEST(RewritePlaceholdersTest, NumbersBarePlaceholders) {
  EXPECT_EQ(RewritePlaceholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
}

TEST(RewritePlaceholdersTest, LeavesQuotedTextAndCommentsAlone) {
  EXPECT_EQ(RewritePlaceholders("SELECT 'a?''?', \"b?\", ? -- c?\n, ? /* d? */"),
            "SELECT 'a?''?', \"b?\", $1 -- c?\n, $2 /* d? */");
  EXPECT_EQ(RewritePlaceholders("SELECT E'it\\'s ?', ?"), "SELECT E'it\\'s ?', $1");
  EXPECT_EQ(RewritePlaceholders("SELECT $$ ? $$, $tag$ ?'$ $tag$, ?"), "SELECT $$ ? $$, $tag$ ?'$ $tag$, $1");
}

TEST(RedactPostgresUrlTest, DropsUserinfoAndQuery) {
  EXPECT_EQ(RedactPostgresUrl("postgres://u:p@ss@db:5432/x8?sslmode=require"), "postgres://db:5432/x8");
  EXPECT_EQ(RedactPostgresUrl("postgresql://db/x8"), "postgresql://db/x8");
}

}  // namespace
}  // namespace x8::storage
