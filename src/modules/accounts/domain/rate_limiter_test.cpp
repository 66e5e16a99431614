#include "modules/accounts/domain/rate_limiter.h"

#include <gtest/gtest.h>

namespace x8::accounts {
namespace {

TEST(RateLimiter, AllowsTheLimitThenRefusesUntilTheWindowEnds) {
  FakeClock clock(int64_t{60'000} * 1000);  // on a minute boundary
  RateLimiter limiter(clock);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.Hit("ip:1", 3, std::chrono::minutes(1))) << i;
  clock.Advance(Millis(20'000));
  auto refused = limiter.Hit("ip:1", 3, std::chrono::minutes(1));
  ASSERT_TRUE(refused);
  EXPECT_EQ(*refused, 40);  // seconds left in the fixed window
  clock.Advance(Millis(39'999));
  ASSERT_TRUE(limiter.Hit("ip:1", 3, std::chrono::minutes(1)));
  EXPECT_EQ(*limiter.Hit("ip:1", 3, std::chrono::minutes(1)), 1);  // rounds up, never 0
  clock.Advance(Millis(1));
  EXPECT_FALSE(limiter.Hit("ip:1", 3, std::chrono::minutes(1))) << "a new window starts from zero";
}

TEST(RateLimiter, KeysAreIndependent) {
  FakeClock clock;
  RateLimiter limiter(clock);
  EXPECT_FALSE(limiter.Hit("email:a@x.io", 1, std::chrono::hours(1)));
  EXPECT_TRUE(limiter.Hit("email:a@x.io", 1, std::chrono::hours(1)));
  EXPECT_FALSE(limiter.Hit("email:b@x.io", 1, std::chrono::hours(1)));
}

TEST(RateLimiter, CheckReturnsRateLimitedWithRetryAfter) {
  FakeClock clock(int64_t{3'600'000} * 10);
  RateLimiter limiter(clock);
  EXPECT_TRUE(limiter.Check("k", 1, std::chrono::hours(1)));
  auto refused = limiter.Check("k", 1, std::chrono::hours(1));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(refused.error().details.at("retry_after_s").as_int64(), 3600);
}

TEST(RateLimiter, ZeroLimitDisables) {
  FakeClock clock;
  RateLimiter limiter(clock);
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(limiter.Hit("k", 0, std::chrono::minutes(1)));
}

TEST(RateLimiter, ExpiredWindowsArePrunedWhenFull) {
  FakeClock clock(0);
  RateLimiter limiter(clock, /*max_keys=*/10);
  for (int i = 0; i < 10; ++i) limiter.Hit("k" + std::to_string(i), 5, std::chrono::minutes(1));
  EXPECT_EQ(limiter.size(), 10u);
  clock.Advance(std::chrono::minutes(2));
  limiter.Hit("fresh", 5, std::chrono::minutes(1));
  EXPECT_EQ(limiter.size(), 1u);
}

}  // namespace
}  // namespace x8::accounts
