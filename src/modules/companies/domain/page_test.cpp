#include "modules/companies/domain/page.h"

#include <gtest/gtest.h>

#include "core/ids.h"

namespace x8::companies {
namespace {

TEST(PageCursor, RoundTripsAndIsOpaque) {
  PageCursor cursor{1'767'225'600'123, NewId("cmp")};
  auto text = EncodeCursor(cursor);
  EXPECT_EQ(text.find(cursor.id), std::string::npos);
  EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(DecodeCursor(text).value(), cursor);
}

TEST(PageCursor, RejectsAnythingItDidNotProduceNamingTheField) {
  std::string good = EncodeCursor({5, NewId("cmp")});
  for (std::string_view bad : {std::string_view(""), std::string_view("!!"), std::string_view("djE6"),
                               std::string_view("abc"), std::string_view(good).substr(0, good.size() - 3)}) {
    auto decoded = DecodeCursor(bad);
    ASSERT_FALSE(decoded) << bad;
    EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(decoded.error().details.at("field"), "cursor");
  }
  // Well-formed layout but a foreign id prefix or a negative time.
  EXPECT_FALSE(DecodeCursor(EncodeCursor({5, NewId("acc")})));
  EXPECT_FALSE(DecodeCursor(EncodeCursor({-1, NewId("cmp")})));
  EXPECT_FALSE(DecodeCursor(std::string(200, 'A')));
}

TEST(PageSize, DefaultsAndBounds) {
  EXPECT_EQ(ParsePageSize(std::nullopt).value(), kDefaultPageSize);
  EXPECT_EQ(ParsePageSize("1").value(), 1);
  EXPECT_EQ(ParsePageSize("200").value(), 200);
  for (const char* bad : {"0", "201", "-5", "ten", "", "5x", "99999999999999999999"}) {
    auto size = ParsePageSize(std::string(bad));
    ASSERT_FALSE(size) << bad;
    EXPECT_EQ(size.error().details.at("field"), "limit");
  }
}

}  // namespace
}  // namespace x8::companies
