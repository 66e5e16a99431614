// Unit tests of the OAuth helpers and the JWKS cache, and the state/identity store on both engines.
// The whole flow against the emulators is tests/integration/oauth_test.cpp.
#include "modules/accounts/oauth/oauth.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "modules/accounts/oauth/jwks_cache.h"
#include "modules/accounts/oauth/store.h"
#include "platform/crypto/crypto.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::accounts::oauth {
namespace {

namespace bj = boost::json;

TEST(SafeRedirectPath, KeepsSameOriginPaths) {
  EXPECT_EQ(SafeRedirectPath("/app"), "/app");
  EXPECT_EQ(SafeRedirectPath("/app/settings?tab=profile#top"), "/app/settings?tab=profile#top");
  EXPECT_EQ(SafeRedirectPath("/"), "/");
}

TEST(SafeRedirectPath, ReplacesEverythingElse) {
  for (std::string_view bad :
       {"", "app", "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example",
        "https://evil.example/app", "javascript:alert(1)", "/\t/evil.example", "/app\r\nSet-Cookie: x=1",
        "/ /evil.example", "/app\x7f"}) {
    EXPECT_EQ(SafeRedirectPath(bad), "/app") << bad;
  }
  EXPECT_EQ(SafeRedirectPath(std::string(513, 'a').insert(0, "/")), "/app");
  EXPECT_EQ(SafeRedirectPath("//x", "/home"), "/home");
}

TEST(Encoding, UrlEncodeLeavesOnlyUnreserved) {
  EXPECT_EQ(UrlEncode("openid email profile"), "openid%20email%20profile");
  EXPECT_EQ(UrlEncode("http://x8.test/a?b=c+d"), "http%3A%2F%2Fx8.test%2Fa%3Fb%3Dc%2Bd");
  EXPECT_EQ(UrlEncode("AZaz09-._~"), "AZaz09-._~");
}

TEST(Encoding, WithQueryAppendsToExistingQueries) {
  EXPECT_EQ(WithQuery("https://a/x", {{"k", "v 1"}, {"e", ""}}), "https://a/x?k=v%201&e=");
  EXPECT_EQ(WithQuery("https://a/x?p=1", {{"k", "v"}}), "https://a/x?p=1&k=v");
  EXPECT_EQ(WithQuery("https://a/x?", {{"k", "v"}}), "https://a/x?k=v");
  EXPECT_EQ(WithQuery("https://a/x", {}), "https://a/x");
}

TEST(Pkce, MatchesRfc7636AppendixB) {
  EXPECT_EQ(PkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(AppSecretProof, IsHexHmacSha256OfTheToken) {
  EXPECT_EQ(AppSecretProof("app-secret", "EAAB-token"),
            "294c307ff2427ed2140908ec13f483ef7f7d7819a8fc32fb535cf6ada2327ab2");
}

TEST(CacheControl, ReadsMaxAge) {
  EXPECT_EQ(CacheControlMaxAge("public, max-age=19845, must-revalidate, no-transform"), 19845);
  EXPECT_EQ(CacheControlMaxAge("Max-Age=\"60\""), 60);
  EXPECT_EQ(CacheControlMaxAge("no-store"), 0);
  EXPECT_EQ(CacheControlMaxAge("max-age=300, no-cache"), 0);
  EXPECT_EQ(CacheControlMaxAge("public"), std::nullopt);
  EXPECT_EQ(CacheControlMaxAge("max-age=-5"), std::nullopt);
  EXPECT_EQ(CacheControlMaxAge("max-age=abc"), std::nullopt);
}

TEST(OAuthErrorCode, ComesFromDetailsOrIsServerError) {
  EXPECT_EQ(OAuthErrorCode(FlowError(kErrInvalidState, "x")), "invalid_state");
  EXPECT_EQ(OAuthErrorCode(Internal("db down")), "server_error");
  EXPECT_EQ(OAuthErrorCode(Error{ErrorCode::kRateLimited, "slow down"}), "rate_limited");
}

// A provider's key set that the test can rotate, served with a Cache-Control max-age.
class JwksCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    key1_ = crypto::GenerateRsaPrivateKeyPem().value();
    key2_ = crypto::GenerateRsaPrivateKeyPem().value();
    Serve({{"k1", key1_}});
  }
  void Serve(const std::vector<std::pair<std::string, std::string>>& keys) {
    bj::array jwks;
    for (const auto& [kid, pem] : keys) jwks.push_back(crypto::PublicJwkFromPrivatePem(pem, kid).value());
    served_ = bj::serialize(bj::object{{"keys", std::move(jwks)}});
  }
  std::string Token(std::string_view kid, const std::string& pem, int64_t exp_offset_s = 3600) {
    int64_t now = clock_.NowMillis() / 1000;
    return crypto::SignJwtRs256(bj::object{{"kid", kid}},
                                bj::object{{"sub", "1"}, {"iat", now}, {"exp", now + exp_offset_s}}, pem)
        .value();
  }
  JwksFetcher Fetcher() {
    return [this](const std::string& url) -> Result<http::HttpResponse> {
      EXPECT_EQ(url, "https://keys.example/certs");
      if (!available_) return Unavailable("connection refused");
      return http::HttpResponse{.status = 200,
                                .headers = {{"Cache-Control", "public, max-age=100, must-revalidate"}},
                                .body = served_};
    };
  }

  FakeClock clock_;
  std::string key1_, key2_, served_;
  bool available_ = true;
};

TEST_F(JwksCacheTest, CachesForMaxAgeThenFetchesAgain) {
  JwksCache cache("https://keys.example/certs", Fetcher(), clock_);
  ASSERT_TRUE(cache.Verify(Token("k1", key1_)));
  ASSERT_TRUE(cache.Verify(Token("k1", key1_)));
  EXPECT_EQ(cache.fetches(), 1);
  clock_.Advance(std::chrono::seconds(99));
  ASSERT_TRUE(cache.Verify(Token("k1", key1_)));
  EXPECT_EQ(cache.fetches(), 1);
  clock_.Advance(std::chrono::seconds(2));
  ASSERT_TRUE(cache.Verify(Token("k1", key1_)));
  EXPECT_EQ(cache.fetches(), 2);
}

TEST_F(JwksCacheTest, UnknownKidFetchesOnceMore) {
  JwksCache cache("https://keys.example/certs", Fetcher(), clock_);
  ASSERT_TRUE(cache.Verify(Token("k1", key1_)));
  Serve({{"k2", key2_}});  // rotated at the provider
  auto rotated = cache.Verify(Token("k2", key2_));
  ASSERT_TRUE(rotated) << rotated.error().message;
  EXPECT_EQ(cache.fetches(), 2);
  auto unknown = cache.Verify(Token("k9", key2_));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().details.at("reason"), "unknown_kid");
  EXPECT_EQ(cache.fetches(), 3);  // one refetch per token, not a loop
}

TEST_F(JwksCacheTest, RejectsForgedAndExpiredTokens) {
  JwksCache cache("https://keys.example/certs", Fetcher(), clock_);
  auto forged = cache.Verify(Token("k1", key2_));  // right kid, wrong key
  ASSERT_FALSE(forged);
  EXPECT_EQ(forged.error().details.at("reason"), "signature");
  auto expired = cache.Verify(Token("k1", key1_, -3600));
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().details.at("reason"), "expired");
}

TEST_F(JwksCacheTest, KeepsStaleKeysWhenTheProviderIsDown) {
  JwksCache cache("https://keys.example/certs", Fetcher(), clock_);
  available_ = false;
  auto none = cache.Verify(Token("k1", key1_));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kUnavailable);
  available_ = true;
  ASSERT_TRUE(cache.Verify(Token("k1", key1_)));
  available_ = false;
  clock_.Advance(std::chrono::seconds(500));
  EXPECT_TRUE(cache.Verify(Token("k1", key1_)));
}

class OAuthStoreTest : public storage::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    ASSERT_TRUE(storage::Migrate(db()));
    for (std::string id : {"usr_a", "usr_b"}) {
      ASSERT_TRUE(
          db().Exec("INSERT INTO users (id, email, role, created_at, updated_at) VALUES (?, ?, ?, 1, 1)",
                    {storage::Value(id), storage::Value(id + "@example.com"), storage::Value("ADMIN")}));
    }
  }
  PendingState State(std::string hash, int64_t expires_at) {
    return PendingState{.state_hash = std::move(hash),
                        .provider = "google",
                        .code_verifier = "verifier",
                        .nonce = "nonce",
                        .redirect_after = "/app/x",
                        .expires_at = expires_at,
                        .created_at = 1000};
  }
  OAuthStore store_;
};

TEST_P(OAuthStoreTest, StatesAreSingleUse) {
  ASSERT_TRUE(store_.InsertState(db(), State("h1", 5000), 1000));
  auto taken = store_.TakeState(db(), "h1").value();
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->provider, "google");
  EXPECT_EQ(taken->code_verifier, "verifier");
  EXPECT_EQ(taken->nonce, "nonce");
  EXPECT_EQ(taken->redirect_after, "/app/x");
  EXPECT_EQ(taken->expires_at, 5000);
  EXPECT_FALSE(store_.TakeState(db(), "h1").value());
  EXPECT_FALSE(store_.TakeState(db(), "never").value());
}

TEST_P(OAuthStoreTest, InsertingPurgesExpiredStates) {
  ASSERT_TRUE(store_.InsertState(db(), State("old", 2000), 1000));
  ASSERT_TRUE(store_.InsertState(db(), State("live", 9000), 1000));
  ASSERT_TRUE(store_.InsertState(db(), State("new", 9000), 3000));
  EXPECT_FALSE(store_.TakeState(db(), "old").value());
  EXPECT_TRUE(store_.TakeState(db(), "live").value());
  EXPECT_TRUE(store_.TakeState(db(), "new").value());
}

TEST_P(OAuthStoreTest, FirstLinkWins) {
  EXPECT_FALSE(store_.FindLinkedUser(db(), "google", "sub-1").value());
  EXPECT_EQ(store_.Link(db(), "google", "sub-1", "usr_a", "a@example.com", 10).value(), "usr_a");
  EXPECT_EQ(store_.Link(db(), "google", "sub-1", "usr_b", "b@example.com", 11).value(), "usr_a");
  EXPECT_EQ(store_.Link(db(), "facebook", "sub-1", "usr_b", "", 12).value(), "usr_b");
  EXPECT_EQ(store_.FindLinkedUser(db(), "google", "sub-1").value(), std::optional<std::string>("usr_a"));
}

X8_INSTANTIATE_ENGINE_TEST(OAuthStoreTest);

}  // namespace
}  // namespace x8::accounts::oauth
