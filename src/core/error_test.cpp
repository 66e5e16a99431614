#include "core/error.h"

#include <gtest/gtest.h>

namespace x8 {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return InvalidArgument("odd").With("value", n);
  return n / 2;
}

Result<int> Quarter(int n) {
  X8_TRY(int half, Half(n));
  X8_TRY(int quarter, Half(half));
  return quarter;
}

TEST(Result, PropagatesErrorsWithDetails) {
  EXPECT_EQ(Quarter(8).value(), 2);
  auto r = Quarter(6);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().details.at("value").as_int64(), 3);
}

TEST(Result, ValueOnErrorThrows) { EXPECT_THROW(Half(3).value(), ErrorException); }

TEST(ErrorCodes, MapToHttpStatuses) {
  EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatus(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(ToString(ErrorCode::kUnsupportedMediaType), "unsupported_media_type");
}

}  // namespace
}  // namespace x8
