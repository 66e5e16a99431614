// Google and Facebook sign-in end to end: the real x8 binary against the x8_emulators binary, on
// SQLite and PostgreSQL. A tiny "browser" follows every 302 by hand with redirects off and carries
// x8's cookies. server.public_url is http://x8.test (the provider registers that redirect URI); the
// browser maps that origin to the server's real loopback port.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <optional>

#include "platform/storage/testing/test_database.h"
#include "tests/emulators/emulator.h"
#include "tests/emulators/emulator_process.h"
#include "tests/integration/server_process.h"

namespace x8::testing {
namespace {

using storage::testing::EngineTest;
namespace bj = boost::json;

constexpr std::string_view kPublicUrl = "http://x8.test";
constexpr std::string_view kGoogleClientId = "x8-test.apps.googleusercontent.com";
constexpr std::string_view kGoogleSecret = "google-test-secret";
constexpr std::string_view kFacebookAppId = "424242424242";
constexpr std::string_view kFacebookSecret = "facebook-test-secret";

std::map<std::string, std::string> QueryOf(std::string_view url) {
  std::map<std::string, std::string> out;
  auto q = url.find('?');
  if (q == std::string_view::npos) return out;
  std::string_view query = url.substr(q + 1);
  query = query.substr(0, query.find('#'));
  for (auto& [k, v] : emulators::ParseForm(query)) out.emplace(k, v);
  return out;
}

std::string PathOf(std::string_view url) { return std::string(url.substr(0, url.find('?'))); }

// Follows redirects by hand; keeps the cookies x8 sets (the provider's own cookies do not matter).
class Browser {
 public:
  Browser(ServerProcess& server) : server_(server), client_(Options()) {}

  struct Answer {
    int status = 0;
    std::string location;  // fragment removed
    std::string body;
  };

  Answer Get(const std::string& url) {
    http::HttpRequest request{.method = "GET", .url = Resolve(url)};
    bool to_x8 = request.url.starts_with(server_.Url(""));
    if (to_x8 && !cookies_.empty()) request.headers.emplace_back("Cookie", CookieHeader());
    auto response = client_.Send(request);
    if (!response) return Answer{.status = 0, .body = response.error().message};
    if (to_x8) Remember(*response);
    std::string location(response->Header("Location").value_or(""));
    return Answer{.status = response->status,
                  .location = location.substr(0, location.find('#')),
                  .body = response->body};
  }

  http::HttpResponse Refresh() {
    http::HttpRequest request{.method = "POST", .url = server_.Url("/api/v1/auth/refresh")};
    if (!cookies_.empty()) request.headers.emplace_back("Cookie", CookieHeader());
    auto response = client_.Send(request).value();
    Remember(response);
    return response;
  }

  // GET /start → the provider URL it redirects to ("" when it did not).
  std::string Start(std::string_view provider, std::string_view redirect) {
    auto answer = Get("/api/v1/auth/oauth/" + std::string(provider) +
                      "/start?redirect=" + emulators::UrlEncode(redirect));
    return answer.status == 302 ? answer.location : "";
  }
  // The provider's authorization step → the callback URL it sends the browser to.
  std::string Authorize(const std::string& provider_url) {
    auto answer = Get(provider_url);
    return answer.status == 302 ? answer.location : "status " + std::to_string(answer.status);
  }
  // The callback → where x8 sends the browser (a path on x8).
  std::string Callback(const std::string& callback_url) {
    auto answer = Get(callback_url);
    return answer.status == 302 ? answer.location : "status " + std::to_string(answer.status);
  }
  std::string SignIn(std::string_view provider, std::string_view redirect = "/app") {
    std::string provider_url = Start(provider, redirect);
    if (provider_url.empty()) return "start failed";
    return Callback(Authorize(provider_url));
  }

  bool HasCookie(const std::string& name) const { return cookies_.contains(name); }
  void DropCookie(const std::string& name) { cookies_.erase(name); }
  void ClearCookies() { cookies_.clear(); }

 private:
  static http::HttpClientOptions Options() {
    http::HttpClientOptions options;
    options.follow_redirects = false;
    options.retry.max_attempts = 1;
    return options;
  }
  std::string Resolve(const std::string& url) const {
    if (url.starts_with("/")) return server_.Url(url);
    if (url.starts_with(kPublicUrl)) return server_.Url(url.substr(kPublicUrl.size()));
    return url;
  }
  std::string CookieHeader() const {
    std::string out;
    for (const auto& [name, value] : cookies_) {
      if (!out.empty()) out += "; ";
      out.append(name).append("=").append(value);
    }
    return out;
  }
  void Remember(const http::HttpResponse& response) {
    for (const auto& [name, value] : response.headers) {
      if (strcasecmp(name.c_str(), "Set-Cookie") != 0) continue;
      std::string pair = value.substr(0, value.find(';'));
      auto eq = pair.find('=');
      std::string cookie_name = pair.substr(0, eq), cookie_value = pair.substr(eq + 1);
      if (value.find("Max-Age=0") != std::string::npos || cookie_value.empty()) {
        cookies_.erase(cookie_name);
      } else {
        cookies_[cookie_name] = cookie_value;
      }
    }
  }

  ServerProcess& server_;
  http::HttpClient client_;
  std::map<std::string, std::string> cookies_;
};

class OAuthTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    emulators_ = std::make_unique<EmulatorProcess>(std::vector<std::string>{
        "--quiet", "--google-client-id", std::string(kGoogleClientId), "--google-client-secret",
        std::string(kGoogleSecret), "--facebook-app-id", std::string(kFacebookAppId), "--facebook-app-secret",
        std::string(kFacebookSecret)});
    ASSERT_TRUE(emulators_->Start()) << emulators_->log();
    // The providers accept only the redirect URIs registered for the app, as the real ones do.
    ASSERT_EQ(
        emulators_->Control(
            "/__control/google/client",
            {{"redirect_uris", bj::array{std::string(kPublicUrl) + "/api/v1/auth/oauth/google/callback"}}}),
        204);
    ASSERT_EQ(
        emulators_->Control(
            "/__control/facebook/app",
            {{"redirect_uris", bj::array{std::string(kPublicUrl) + "/api/v1/auth/oauth/facebook/callback"}}}),
        204);
    const std::string emu = emulators_->Url("");
    server_ = std::make_unique<ServerProcess>(
        ServerOptions{.database_url = url(),
                      .env = {{"X8_SERVER_PUBLIC_URL", std::string(kPublicUrl)},
                              {"X8_AUTH_RATE_LIMIT_IP_PER_MINUTE", "1000"},
                              {"X8_OAUTH_GOOGLE_CLIENT_ID", std::string(kGoogleClientId)},
                              {"X8_OAUTH_GOOGLE_CLIENT_SECRET", std::string(kGoogleSecret)},
                              {"X8_OAUTH_GOOGLE_AUTH_URL", emu + "/google/o/oauth2/v2/auth"},
                              {"X8_OAUTH_GOOGLE_TOKEN_URL", emu + "/google/token"},
                              {"X8_OAUTH_GOOGLE_JWKS_URL", emu + "/google/oauth2/v3/certs"},
                              {"X8_OAUTH_FACEBOOK_APP_ID", std::string(kFacebookAppId)},
                              {"X8_OAUTH_FACEBOOK_APP_SECRET", std::string(kFacebookSecret)},
                              {"X8_OAUTH_FACEBOOK_AUTH_URL", emu + "/facebook/v19.0/dialog/oauth"},
                              {"X8_OAUTH_FACEBOOK_GRAPH_URL", emu + "/facebook/v19.0"}}});
    ASSERT_TRUE(server_->Start()) << server_->log();
    browser_ = std::make_unique<Browser>(*server_);
  }
  void TearDown() override {
    browser_.reset();
    server_.reset();
    emulators_.reset();
    EngineTest::TearDown();
  }

  void NextGoogleUser(const bj::object& user) {
    ASSERT_EQ(emulators_->Control("/__control/google/next-user", user), 204);
  }
  void NextFacebookUser(const bj::object& user) {
    ASSERT_EQ(emulators_->Control("/__control/facebook/next-user", user), 204);
  }
  // The signed-in user behind the browser's refresh cookie (null when refresh fails).
  bj::value SignedInUser() {
    auto response = browser_->Refresh();
    if (response.status != 200) return nullptr;
    return bj::parse(response.body).at("user");
  }
  static std::string Id(const bj::value& user) { return std::string(user.at("id").as_string()); }

  std::unique_ptr<EmulatorProcess> emulators_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<Browser> browser_;
};

TEST_P(OAuthTest, ProvidersAreAdvertised) {
  auto providers = server_->Get("/api/v1/auth/providers").value();
  ASSERT_EQ(providers.status, 200);
  EXPECT_EQ(bj::parse(providers.body), (bj::value{{"google", true}, {"facebook", true}}));
}

TEST_P(OAuthTest, GoogleSignInCreatesAVerifiedClientAndASession) {
  NextGoogleUser({{"sub", "111"}, {"email", "Ada@Example.com"}, {"email_verified", true}, {"name", "Ada"}});
  std::string provider_url = browser_->Start("google", "/app/settings?tab=1");
  ASSERT_TRUE(provider_url.starts_with(emulators_->Url("/google/o/oauth2/v2/auth?"))) << provider_url;
  auto q = QueryOf(provider_url);
  EXPECT_EQ(q["response_type"], "code");
  EXPECT_EQ(q["client_id"], kGoogleClientId);
  EXPECT_EQ(q["redirect_uri"], "http://x8.test/api/v1/auth/oauth/google/callback");
  EXPECT_EQ(q["scope"], "openid email profile");
  EXPECT_EQ(q["code_challenge_method"], "S256");
  EXPECT_EQ(q["code_challenge"].size(), 43u);
  EXPECT_GE(q["state"].size(), 43u);
  EXPECT_GE(q["nonce"].size(), 43u);
  EXPECT_TRUE(browser_->HasCookie("x8_oauth_google"));

  std::string callback = browser_->Authorize(provider_url);
  ASSERT_TRUE(callback.starts_with("http://x8.test/api/v1/auth/oauth/google/callback?")) << callback;
  EXPECT_EQ(browser_->Callback(callback), "/oauth/complete?redirect=%2Fapp%2Fsettings%3Ftab%3D1");
  EXPECT_TRUE(browser_->HasCookie("x8_refresh"));
  EXPECT_FALSE(browser_->HasCookie("x8_oauth_google"));  // spent

  auto user = SignedInUser();
  ASSERT_TRUE(user.is_object());
  EXPECT_EQ(user.at("email"), "ada@example.com");
  EXPECT_EQ(user.at("name"), "Ada");
  EXPECT_EQ(user.at("role"), "CLIENT");
  EXPECT_EQ(user.at("email_verified"), true);
  EXPECT_TRUE(user.at("account_id").is_string());
}

TEST_P(OAuthTest, SecondGoogleSignInFindsTheSameUserAndReusesTheCachedKeys) {
  NextGoogleUser({{"sub", "222"}, {"email", "bob@example.com"}, {"email_verified", true}, {"name", "Bob"}});
  ASSERT_EQ(browser_->SignIn("google"), "/oauth/complete?redirect=%2Fapp");
  std::string first = Id(SignedInUser());
  browser_->ClearCookies();
  // Same Google account, even with a changed address: identified by sub.
  NextGoogleUser(
      {{"sub", "222"}, {"email", "bob.new@example.com"}, {"email_verified", true}, {"name", "Bob"}});
  ASSERT_EQ(browser_->SignIn("google"), "/oauth/complete?redirect=%2Fapp");
  auto second = SignedInUser();
  EXPECT_EQ(Id(second), first);
  EXPECT_EQ(second.at("email"), "bob@example.com");
  EXPECT_EQ(emulators_->ControlGet("/__control/google/stats").at("jwks_fetches"), 1);
}

TEST_P(OAuthTest, ExistingPasswordUserWithTheSameEmailIsLinkedNotDuplicated) {
  auto registered =
      server_
          ->Post("/api/v1/auth/register",
                 R"({"email":"carol@example.com","password":"correct horse battery","name":"Carol"})")
          .value();
  ASSERT_EQ(registered.status, 201) << registered.body;
  std::string id(bj::parse(registered.body).at("user").at("id").as_string());
  NextGoogleUser({{"sub", "333"}, {"email", "carol@example.com"}, {"email_verified", true}, {"name", "C"}});
  ASSERT_EQ(browser_->SignIn("google"), "/oauth/complete?redirect=%2Fapp");
  auto user = SignedInUser();
  EXPECT_EQ(Id(user), id);
  EXPECT_EQ(user.at("email_verified"), true);  // Google vouched for the address
  EXPECT_EQ(user.at("name"), "Carol");         // the profile is not overwritten
}

TEST_P(OAuthTest, UnverifiedGoogleEmailIsRefused) {
  NextGoogleUser({{"sub", "444"}, {"email", "dan@example.com"}, {"email_verified", false}});
  EXPECT_EQ(browser_->SignIn("google"), "/sign-in?oauth_error=email_not_verified");
  EXPECT_FALSE(browser_->HasCookie("x8_refresh"));
}

TEST_P(OAuthTest, DeniedConsentReturnsToSignIn) {
  NextGoogleUser({{"deny", true}});
  EXPECT_EQ(browser_->SignIn("google"), "/sign-in?oauth_error=access_denied");
  NextFacebookUser({{"deny", true}});
  EXPECT_EQ(browser_->SignIn("facebook"), "/sign-in?oauth_error=access_denied");
  EXPECT_FALSE(browser_->HasCookie("x8_refresh"));
}

TEST_P(OAuthTest, ForgedStateIsRefused) {
  std::string callback = browser_->Authorize(browser_->Start("google", "/app"));
  auto q = QueryOf(callback);
  EXPECT_EQ(browser_->Callback("/api/v1/auth/oauth/google/callback?state=forged&code=" +
                               emulators::UrlEncode(q["code"])),
            "/sign-in?oauth_error=invalid_state");
  EXPECT_EQ(browser_->Callback("/api/v1/auth/oauth/google/callback?code=" + emulators::UrlEncode(q["code"])),
            "/sign-in?oauth_error=invalid_state");
  // A Google state presented at the Facebook callback is someone else's.
  std::string google_url = browser_->Start("google", "/app");
  EXPECT_EQ(browser_->Callback("/api/v1/auth/oauth/facebook/callback?code=x&state=" +
                               emulators::UrlEncode(QueryOf(google_url)["state"])),
            "/sign-in?oauth_error=invalid_state");
  EXPECT_FALSE(browser_->HasCookie("x8_refresh"));
}

TEST_P(OAuthTest, CallbackFromAnotherBrowserIsRefused) {
  // Login CSRF: an attacker's genuine callback URL opened in the victim's browser (no state cookie).
  std::string callback = browser_->Authorize(browser_->Start("google", "/app"));
  Browser victim(*server_);
  EXPECT_EQ(victim.Callback(callback), "/sign-in?oauth_error=invalid_state");
  EXPECT_FALSE(victim.HasCookie("x8_refresh"));
}

TEST_P(OAuthTest, ReplayedStateIsRefused) {
  std::string callback = browser_->Authorize(browser_->Start("google", "/app"));
  ASSERT_EQ(browser_->Callback(callback), "/oauth/complete?redirect=%2Fapp");
  Browser again(*server_);
  EXPECT_EQ(again.Callback(callback), "/sign-in?oauth_error=invalid_state");
  EXPECT_FALSE(again.HasCookie("x8_refresh"));
}

TEST_P(OAuthTest, BadIdTokensAreRefused) {
  const std::vector<std::pair<std::string, bj::object>> cases = {
      {"wrong nonce", {{"nonce", "not-the-one-we-sent"}}},
      {"wrong aud", {{"aud", "someone-else.apps.googleusercontent.com"}}},
      {"expired", {{"exp_offset_s", -3600}}},
      {"wrong iss", {{"iss", "https://evil.example"}}},
      {"unknown kid", {{"kid", "not-published"}}},
      {"wrong signing key", {{"wrong_key", true}}},
  };
  for (const auto& [name, id_token] : cases) {
    NextGoogleUser(
        {{"sub", "555"}, {"email", "eve@example.com"}, {"email_verified", true}, {"id_token", id_token}});
    EXPECT_EQ(browser_->SignIn("google"), "/sign-in?oauth_error=invalid_id_token") << name;
    EXPECT_FALSE(browser_->HasCookie("x8_refresh")) << name;
  }
  // The same user with an honest token gets in.
  NextGoogleUser({{"sub", "555"}, {"email", "eve@example.com"}, {"email_verified", true}});
  EXPECT_EQ(browser_->SignIn("google"), "/oauth/complete?redirect=%2Fapp");
}

TEST_P(OAuthTest, RotatedGoogleKeysAreFetchedAgain) {
  ASSERT_EQ(browser_->SignIn("google"), "/oauth/complete?redirect=%2Fapp");
  ASSERT_EQ(emulators_->Control("/__control/google/rotate-key"), 200);
  browser_->ClearCookies();
  EXPECT_EQ(browser_->SignIn("google"), "/oauth/complete?redirect=%2Fapp");
  EXPECT_EQ(emulators_->ControlGet("/__control/google/stats").at("jwks_fetches"), 2);
}

TEST_P(OAuthTest, PkceMismatchIsRefusedByTheProvider) {
  std::string callback = browser_->Authorize(browser_->Start("google", "/app"));
  std::string code = QueryOf(callback)["code"];
  ASSERT_FALSE(code.empty());
  // Someone who stole the code but not x8's verifier cannot redeem it.
  http::HttpClient client;
  http::HttpRequest request{.method = "POST", .url = emulators_->Url("/google/token")};
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.body = "grant_type=authorization_code&code=" + emulators::UrlEncode(code) +
                 "&client_id=" + std::string(kGoogleClientId) +
                 "&client_secret=" + std::string(kGoogleSecret) +
                 "&redirect_uri=" + emulators::UrlEncode("http://x8.test/api/v1/auth/oauth/google/callback") +
                 "&code_verifier=" + std::string(43, 'A');
  auto refused = client.Send(request).value();
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(bj::parse(refused.body),
            (bj::value{{"error", "invalid_grant"}, {"error_description", "Invalid code verifier."}}));
  // The code is spent: x8's own exchange now fails, and the browser is told so.
  EXPECT_EQ(browser_->Callback(callback), "/sign-in?oauth_error=token_exchange_failed");
  EXPECT_FALSE(browser_->HasCookie("x8_refresh"));
}

TEST_P(OAuthTest, FacebookSignIn) {
  NextFacebookUser({{"id", "10150001"}, {"name", "Fiona"}, {"email", "fiona@example.com"}});
  std::string dialog = browser_->Start("facebook", "/app/inbox");
  ASSERT_TRUE(dialog.starts_with(emulators_->Url("/facebook/v19.0/dialog/oauth?"))) << dialog;
  auto q = QueryOf(dialog);
  EXPECT_EQ(q["client_id"], kFacebookAppId);
  EXPECT_EQ(q["redirect_uri"], "http://x8.test/api/v1/auth/oauth/facebook/callback");
  EXPECT_EQ(q["response_type"], "code");
  EXPECT_EQ(q["scope"], "email,public_profile");
  EXPECT_FALSE(q["state"].empty());
  EXPECT_EQ(browser_->Callback(browser_->Authorize(dialog)), "/oauth/complete?redirect=%2Fapp%2Finbox");
  auto user = SignedInUser();
  ASSERT_TRUE(user.is_object());
  EXPECT_EQ(user.at("email"), "fiona@example.com");
  EXPECT_EQ(user.at("name"), "Fiona");
  EXPECT_EQ(user.at("email_verified"), true);
  // Again: the same user through the linked identity.
  std::string id = Id(user);
  browser_->ClearCookies();
  EXPECT_EQ(browser_->SignIn("facebook"), "/oauth/complete?redirect=%2Fapp");
  EXPECT_EQ(Id(SignedInUser()), id);
  EXPECT_EQ(emulators_->ControlGet("/__control/facebook/stats").at("me_requests"), 2);
}

TEST_P(OAuthTest, FacebookWithoutEmailIsRefused) {
  NextFacebookUser({{"id", "10150002"}, {"name", "No Mail"}});
  EXPECT_EQ(browser_->SignIn("facebook"), "/sign-in?oauth_error=email_required");
  EXPECT_FALSE(browser_->HasCookie("x8_refresh"));
}

TEST_P(OAuthTest, OpenRedirectsAreNeutralised) {
  for (std::string_view target : {"//evil.example", "https://evil.example/app", "/\\evil.example",
                                  "\\\\evil.example", "javascript:alert(1)"}) {
    browser_->ClearCookies();
    EXPECT_EQ(browser_->SignIn("google", target), "/oauth/complete?redirect=%2Fapp") << target;
  }
}

TEST_P(OAuthTest, UnknownProviderReturnsToSignIn) {
  auto answer = browser_->Get("/api/v1/auth/oauth/myspace/start?redirect=%2Fapp");
  EXPECT_EQ(answer.status, 302);
  EXPECT_EQ(answer.location, "/sign-in?oauth_error=unknown_provider");
  auto callback = browser_->Get("/api/v1/auth/oauth/myspace/callback?code=x&state=y");
  EXPECT_EQ(callback.location, "/sign-in?oauth_error=unknown_provider");
}

X8_INSTANTIATE_ENGINE_TEST(OAuthTest);

}  // namespace
}  // namespace x8::testing
