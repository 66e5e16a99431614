#include "modules/channels/webchat/domain/visitor.h"

#include <gtest/gtest.h>

#include <set>

#include "platform/crypto/crypto.h"

namespace x8::webchat {
namespace {

const std::string kMaster(32, 'k');
constexpr std::string_view kWidget = "wc_0123456789abcdef0123456789abcdef";

TEST(VisitorTokensTest, VisitorIdsAreRandomBase62) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto id = VisitorTokens::NewVisitorId();
    EXPECT_TRUE(IsVisitorId(id)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 200u);
  EXPECT_FALSE(IsVisitorId("x0123456789012345678901"));
  EXPECT_FALSE(IsVisitorId("v012345678901234567890"));    // 21 characters after v
  EXPECT_FALSE(IsVisitorId("v01234567890123456789_01"));  // not base62
}

TEST(VisitorTokensTest, TokenIsVisitorIdDotBase64UrlHmacOfWidgetKeyAndVisitor) {
  VisitorTokens tokens(kMaster);
  auto id = VisitorTokens::NewVisitorId();
  auto token = tokens.Issue(kWidget, id);
  auto key = crypto::DeriveKey(kMaster, "webchat-visitor");
  EXPECT_EQ(token,
            id + "." + crypto::Base64UrlEncode(crypto::HmacSha256(key, std::string(kWidget) + ":" + id)));
  EXPECT_EQ(token.size(), kVisitorTokenChars);
  EXPECT_TRUE(IsTokenShape(token));
  EXPECT_EQ(tokens.Verify(kWidget, token).value(), id);
}

TEST(VisitorTokensTest, RefusesForeignWidgetTamperedAndOtherKeysTokens) {
  VisitorTokens tokens(kMaster);
  auto id = VisitorTokens::NewVisitorId();
  auto token = tokens.Issue(kWidget, id);

  auto foreign = tokens.Verify("wc_ffffffffffffffffffffffffffffffff", token);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(foreign.error().details.at("field"), "visitor_token");

  auto tampered = token;
  tampered[5] = tampered[5] == 'a' ? 'b' : 'a';  // another visitor id, same MAC
  EXPECT_FALSE(tokens.Verify(kWidget, tampered));
  auto bad_mac = token;
  bad_mac.back() = bad_mac.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(tokens.Verify(kWidget, bad_mac));

  VisitorTokens other(std::string(32, 'o'));
  EXPECT_FALSE(other.Verify(kWidget, token));

  for (std::string_view junk : {"", ".", "v.", "garbage", "vAAAAAAAAAAAAAAAAAAAAAA."}) {
    EXPECT_FALSE(tokens.Verify(kWidget, junk)) << junk;
  }
  EXPECT_FALSE(tokens.Verify(kWidget, token + "x"));
}

TEST(VisitorTokensTest, TopicPolicyAdmitsOnlyWellFormedVisitorTopics) {
  VisitorTokens tokens(kMaster);
  auto token = tokens.Issue(kWidget, VisitorTokens::NewVisitorId());
  EXPECT_EQ(VisitorTokens::Topic(token), "webchat." + token);
  std::optional<http::Principal> nobody;
  EXPECT_TRUE(VisitorTokens::MayWatch(nobody, VisitorTokens::Topic(token)));
  EXPECT_TRUE(VisitorTokens::MayWatch(http::Principal{"usr_1", "CLIENT", "acc_1"}, "webchat." + token));
  EXPECT_FALSE(VisitorTokens::MayWatch(nobody, "webchat."));
  EXPECT_FALSE(VisitorTokens::MayWatch(nobody, "webchat.garbage"));
  EXPECT_FALSE(VisitorTokens::MayWatch(nobody, "webchat." + token + "x"));
  EXPECT_FALSE(VisitorTokens::MayWatch(nobody, "webchat." + token.substr(0, 24) + std::string(43, '!')));
  EXPECT_FALSE(VisitorTokens::MayWatch(nobody, "company.cmp_1.inbox"));
  EXPECT_FALSE(VisitorTokens::MayWatch(nobody, token));
}

TEST(VisitorTokensTest, WidgetKeys) {
  EXPECT_TRUE(IsWidgetKey(kWidget));
  EXPECT_TRUE(IsWidgetKey("wc_ab-_9"));
  EXPECT_FALSE(IsWidgetKey("wc_"));
  EXPECT_FALSE(IsWidgetKey("wx_0123456789"));
  EXPECT_FALSE(IsWidgetKey("wc_01234.6789"));
  EXPECT_FALSE(IsWidgetKey("wc_" + std::string(101, 'a')));
}

}  // namespace
}  // namespace x8::webchat
