#include "modules/companies/domain/page.h"

#include <gtest/gtest.h>

#include "core/ids.h"

namespace x8::companies {
namespace {

TEST(PageCursor, RoundTripsAndIsOpaque) {
  PageCursor cursor{1234};
  auto text = EncodeCursor(cursor);
  EXPECT_EQ(text.find("1234"), std::string::npos);
  EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(DecodeCursor(text).value(), cursor);
}

TEST(PageCursor, RejectsAnythingItDidNotProduceNamingTheField) {
  std::string good = EncodeCursor({5});
  for (std::string_view bad : {std::string_view(""), std::string_view("!!"), std::string_view("djE6"),
                               std::string_view("abc"), std::string_view(good).substr(0, good.size() - 3)}) {
    auto decoded = DecodeCursor(bad);
    ASSERT_FALSE(decoded) << bad;
    EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(decoded.error().details.at("field"), "cursor");
  }
  // Well-formed layout but no company can have that number.
  EXPECT_FALSE(DecodeCursor(EncodeCursor({0})));
  EXPECT_FALSE(DecodeCursor(EncodeCursor({-1})));
  EXPECT_EQ(DecodeCursor(EncodeCursor({9'007'199'254'740'993})).value().seq, 9'007'199'254'740'993);
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
