#include "core/json.h"

#include <gtest/gtest.h>

namespace x8::json {
namespace {

TEST(JsonParse, AcceptsObject) {
  auto r = ParseObject(R"({"a": 1, "b": "x"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->at("a").as_int64(), 1);
}

TEST(JsonParse, ReportsLineAndColumnOfError) {
  auto r = Parse("{\n  \"a\": 1,\n  \"b\": tru\n}");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().details.at("line").as_int64(), 3);
  EXPECT_GE(r.error().details.at("column").as_int64(), 8);
}

TEST(JsonParse, RejectsTrailingGarbage) {
  auto r = Parse(R"({"a":1} x)");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().details.at("column").as_int64(), 9);
}

TEST(JsonParse, RejectsTruncatedDocument) {
  auto r = Parse(R"({"a":)");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().details.at("offset").as_int64(), 5);
}

TEST(JsonParse, RejectsNonObjectWhenObjectRequired) { EXPECT_FALSE(ParseObject("[1,2]")); }

TEST(JsonFields, NameTheWrongField) {
  auto obj = ParseObject(R"({"name": 5, "n": "x"})").value();
  auto s = RequireString(obj, "name");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().details.at("field").as_string(), "name");
  EXPECT_FALSE(RequireInt(obj, "n"));
  EXPECT_FALSE(RequireString(obj, "missing"));
  auto opt = OptionalString(obj, "missing");
  ASSERT_TRUE(opt);
  EXPECT_FALSE(opt->has_value());
}

}  // namespace
}  // namespace x8::json
