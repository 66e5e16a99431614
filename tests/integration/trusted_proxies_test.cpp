// server.trusted_proxies over real HTTP with the real x8 binary: behind a trusted proxy (here the
// test itself on 127.0.0.1, sending X-Forwarded-For as nginx would), each client has its own per-IP
// rate-limit budget; without the setting, or from a peer that is not trusted, the header is ignored
// and everyone behind the proxy shares one. The route: POST /auth/password/forgot (per-IP limited,
// 202 for any address, nothing sent for unknown ones).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>

#include "tests/integration/server_process.h"

namespace x8::testing {
namespace {

constexpr int kIpLimit = 3;

class TrustedProxiesHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "x8-proxies-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    server_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  void StartServer(const std::string& trusted_proxies) {
    server_.reset();
    std::map<std::string, std::string> env{{"X8_AUTH_RATE_LIMIT_IP_PER_MINUTE", std::to_string(kIpLimit)},
                                           {"X8_AUTH_RATE_LIMIT_EMAIL_PER_HOUR", "1000"}};
    if (!trusted_proxies.empty()) env["X8_SERVER_TRUSTED_PROXIES"] = trusted_proxies;
    auto db = dir_ / ("x8-" + std::to_string(++servers_) + ".db");
    server_ =
        std::make_unique<ServerProcess>(ServerOptions{.database_url = "sqlite:" + db.string(), .env = env});
    ASSERT_TRUE(server_->Start()) << server_->log();
  }

  // One per-IP limited request as `client` (the X-Forwarded-For a proxy would add); its status.
  int Forgot(const std::string& client) {
    http::HeaderList headers;
    if (!client.empty()) headers.emplace_back("X-Forwarded-For", client);
    auto email = "nobody" + std::to_string(++emails_) + "@example.com";
    auto r = server_->Post("/api/v1/auth/password/forgot", R"({"email":")" + email + R"("})",
                           "application/json", headers);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? r->status : 0;
  }

  // Spends `client`'s budget until a request is refused. The fixed one-minute window may roll over
  // once meanwhile, hence the room above the limit.
  bool Exhaust(const std::string& client) {
    for (int i = 0; i < 2 * kIpLimit + 2; ++i) {
      int status = Forgot(client);
      if (status == 429) return true;
      EXPECT_EQ(status, 202);
    }
    return false;
  }

  // Whether a second client is refused right after the first one's budget ran out. A window that
  // rolls over in between would let it through once, so a shared budget is tried a few times.
  bool SharesBudget(const std::string& first, const std::string& second) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      if (!Exhaust(first)) return false;
      if (Forgot(second) == 429) return true;
    }
    return false;
  }

  std::filesystem::path dir_;
  std::unique_ptr<ServerProcess> server_;
  int servers_ = 0;
  int emails_ = 0;
};

TEST_F(TrustedProxiesHttpTest, ClientsBehindATrustedProxyHaveTheirOwnBudgets) {
  StartServer("10.0.0.0/8, 127.0.0.1, ::1");
  ASSERT_TRUE(Exhaust("198.51.100.1"));
  // A second client behind the same proxy: its own, untouched budget.
  EXPECT_EQ(Forgot("198.51.100.2"), 202);
  EXPECT_EQ(Forgot("2001:db8::7"), 202);
  // A client that sends its own X-Forwarded-For: the proxy appends what it saw, and that counts,
  // so inventing addresses does not buy a fresh budget.
  EXPECT_TRUE(SharesBudget("203.0.113.50, 198.51.100.9", "198.51.100.9"));
  // The access log names the client, not the proxy (read after a clean stop flushed it).
  EXPECT_EQ(server_->Terminate(), 0);
  EXPECT_NE(server_->log().find(" 198.51.100.2 POST /api/v1/auth/password/forgot 202 "), std::string::npos)
      << server_->log();
}

TEST_F(TrustedProxiesHttpTest, WithoutTheSettingEveryoneBehindTheProxySharesOneBudget) {
  StartServer("");
  EXPECT_TRUE(SharesBudget("198.51.100.1", "198.51.100.2"));
}

TEST_F(TrustedProxiesHttpTest, HeaderFromAnUntrustedPeerIsIgnored) {
  // Proxies are trusted, but the test's own address (127.0.0.1) is not one of them.
  StartServer("10.0.0.0/8, 2001:db8::/32");
  EXPECT_TRUE(SharesBudget("198.51.100.1", "198.51.100.2"));
}

TEST_F(TrustedProxiesHttpTest, AnInvalidSettingStopsStartUpNamingTheKey) {
  ServerProcess server(ServerOptions{.database_url = "sqlite:" + (dir_ / "bad.db").string(),
                                     .env = {{"X8_SERVER_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/33"}}});
  EXPECT_FALSE(server.Start(std::chrono::seconds(10)));
  EXPECT_NE(server.log().find("server.trusted_proxies"), std::string::npos) << server.log();
  EXPECT_NE(server.log().find("10.0.0.0/33"), std::string::npos) << server.log();
}

}  // namespace
}  // namespace x8::testing
