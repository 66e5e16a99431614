#include "modules/accounts/api/routes.h"

#include <gtest/gtest.h>

namespace x8::accounts {
namespace {

TEST(RefreshCookie, CarriesTheDesignAttributes) {
  EXPECT_EQ(RefreshCookie("abc", 60, false),
            "x8_refresh=abc; HttpOnly; SameSite=Strict; Path=/api/v1/auth; Max-Age=60");
  EXPECT_EQ(RefreshCookie("", 0, true),
            "x8_refresh=; HttpOnly; SameSite=Strict; Path=/api/v1/auth; Max-Age=0; Secure");
}

TEST(RefreshCookie, IsFoundAmongOtherCookies) {
  EXPECT_EQ(RefreshTokenFromCookies("x8_refresh=tok"), "tok");
  EXPECT_EQ(RefreshTokenFromCookies("a=1; x8_refresh=tok-_9; b=2"), "tok-_9");
  EXPECT_EQ(RefreshTokenFromCookies("a=1;x8_refresh=\"q\""), "q");
  EXPECT_EQ(RefreshTokenFromCookies("x8_refresh_old=zzz; a=1"), "");
  EXPECT_EQ(RefreshTokenFromCookies(""), "");
}

}  // namespace
}  // namespace x8::accounts
