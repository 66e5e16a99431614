#include "platform/http/client/retry_policy.h"

#include <gtest/gtest.h>

namespace x8::http {
namespace {

using std::chrono::milliseconds;

TEST(RetryPolicyTest, IdempotencyFollowsMethodKeyAndOverride) {
  for (const char* method : {"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "get"}) {
    EXPECT_TRUE(IsIdempotent(HttpRequest{.method = method})) << method;
  }
  EXPECT_FALSE(IsIdempotent(HttpRequest{.method = "POST"}));
  EXPECT_FALSE(IsIdempotent(HttpRequest{.method = "PATCH"}));
  EXPECT_TRUE(IsIdempotent(HttpRequest{.method = "POST", .headers = {{"idempotency-key", "k1"}}}));
  EXPECT_TRUE(IsIdempotent(HttpRequest{.method = "POST", .idempotent = true}));
  EXPECT_FALSE(IsIdempotent(HttpRequest{.method = "GET", .idempotent = false}));
}

TEST(RetryPolicyTest, RetryableStatuses) {
  for (int status : {429, 502, 503, 504}) EXPECT_TRUE(IsRetryableStatus(status)) << status;
  for (int status : {200, 400, 404, 500, 501}) EXPECT_FALSE(IsRetryableStatus(status)) << status;
}

TEST(RetryPolicyTest, ParsesRetryAfterSecondsOnly) {
  EXPECT_EQ(ParseRetryAfter("5"), milliseconds(5000));
  EXPECT_EQ(ParseRetryAfter(" 0 "), milliseconds(0));
  EXPECT_EQ(ParseRetryAfter("99999999999999999999999"), milliseconds::max());
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("-1"), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("1.5"), std::nullopt);
  EXPECT_EQ(ParseRetryAfter(""), std::nullopt);
}

TEST(RetryPolicyTest, BackoffIsFullJitterUnderAnExponentialCeiling) {
  const RetryOptions options{
      .max_attempts = 10, .base_delay = milliseconds(200), .max_delay = milliseconds(5000)};
  EXPECT_EQ(BackoffDelay(options, 1, 0.0), milliseconds(0));
  EXPECT_EQ(BackoffDelay(options, 1, 1.0), milliseconds(200));
  EXPECT_EQ(BackoffDelay(options, 2, 1.0), milliseconds(400));
  EXPECT_EQ(BackoffDelay(options, 3, 0.5), milliseconds(400));
  EXPECT_EQ(BackoffDelay(options, 6, 1.0), milliseconds(5000));
  EXPECT_EQ(BackoffDelay(options, 1000, 1.0), milliseconds(5000));
}

TEST(RetryPolicyTest, RetryAfterWinsButIsCappedAtMaxDelay) {
  const RetryOptions options;
  EXPECT_EQ(RetryDelay(options, 1, milliseconds(2000), 0.0), milliseconds(2000));
  EXPECT_EQ(RetryDelay(options, 1, milliseconds(60000), 0.0), milliseconds(5000));
  EXPECT_EQ(RetryDelay(options, 2, std::nullopt, 1.0), milliseconds(400));
}

}  // namespace
}  // namespace x8::http
