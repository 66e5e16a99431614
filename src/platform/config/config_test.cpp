#include "platform/config/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace x8::config {
namespace {

std::string WriteTemp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("x8_config_test_" + name);
  std::ofstream(path) << text;
  return path.string();
}

TEST(Config, DefaultsAreTheEmbeddedSetup) {
  auto c = Load("", {}).value();
  EXPECT_EQ(c.server.port, 8080);
  EXPECT_EQ(c.database.url, "sqlite:./data/x8.db");
  EXPECT_EQ(c.environment, "development");
}

TEST(Config, FileThenEnvironmentOverride) {
  auto file =
      WriteTemp("ok.json", R"({"server": {"port": 9000, "host": "127.0.0.1"}, "log": {"level": "debug"}})");
  auto c = Load(file, {{"X8_SERVER_PORT", "9100"}, {"PATH", "/bin"}}).value();
  EXPECT_EQ(c.server.port, 9100);
  EXPECT_EQ(c.server.host, "127.0.0.1");
  EXPECT_EQ(c.log.level, "debug");
}

TEST(Config, UnknownFileKeyIsRejectedWithHint) {
  auto file = WriteTemp("typo.json", R"({"server": {"prot": 9000}})");
  auto r = Load(file, {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("server.prot"), std::string::npos);
  EXPECT_NE(r.error().message.find("did you mean 'server.port'"), std::string::npos);
}

TEST(Config, UnknownEnvironmentKeyIsRejected) {
  auto r = Load("", {{"X8_SERVER_PROT", "1"}});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("X8_SERVER_PORT"), std::string::npos);
  EXPECT_TRUE(Load("", {{"X8_TEST_POSTGRES_URL", "x"}}));
}

TEST(Config, WrongTypesAndRangesNameTheKey) {
  auto file = WriteTemp("type.json", R"({"server": {"port": "eighty"}})");
  auto r = Load(file, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().details.at("key").as_string(), "server.port");
  EXPECT_FALSE(Load("", {{"X8_SERVER_PORT", "70000"}}));
  EXPECT_FALSE(Load("", {{"X8_SERVER_PORT", "80a"}}));
  EXPECT_FALSE(Load("", {{"X8_LOG_LEVEL", "loud"}}));
  EXPECT_FALSE(Load("", {{"X8_JOBS_ENABLED", "maybe"}}));
}

TEST(Config, TrustedProxiesAreCheckedWhenLoaded) {
  EXPECT_EQ(Load("", {}).value().server.trusted_proxies, "");
  auto ok = Load("", {{"X8_SERVER_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8, 2001:db8::/32"}});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->server.trusted_proxies, "127.0.0.1, 10.0.0.0/8, 2001:db8::/32");
  auto env = Load("", {{"X8_SERVER_TRUSTED_PROXIES", "10.0.0.0/8, 10.0.0.300"}});
  ASSERT_FALSE(env);
  EXPECT_EQ(env.error().details.at("key").as_string(), "server.trusted_proxies");
  EXPECT_NE(env.error().message.find("X8_SERVER_TRUSTED_PROXIES"), std::string::npos) << env.error().message;
  EXPECT_NE(env.error().message.find("'10.0.0.300'"), std::string::npos) << env.error().message;
  auto file = WriteTemp("proxies.json", R"({"server": {"trusted_proxies": "10.0.0.0/40"}})");
  auto from_file = Load(file, {});
  ASSERT_FALSE(from_file);
  EXPECT_EQ(from_file.error().details.at("key").as_string(), "server.trusted_proxies");
  EXPECT_NE(from_file.error().message.find("'10.0.0.0/40'"), std::string::npos);
  EXPECT_TRUE(Load(WriteTemp("proxies_ok.json", R"({"server": {"trusted_proxies": "::1"}})"), {}));
}

TEST(Config, MalformedFileReportsPosition) {
  auto file = WriteTemp("bad.json", "{\n \"server\": {\"port\": 1,}\n}");
  auto r = Load(file, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().details.at("line").as_int64(), 2);
  EXPECT_FALSE(Load("/nonexistent/x8.json", {}));
}

TEST(Config, PasswordsBelongInTheEnvironment) {
  auto file = WriteTemp("pw.json", R"({"database": {"url": "postgres://x8:secret@db/x8"}})");
  EXPECT_FALSE(Load(file, {}));
  auto smtp = WriteTemp("smtp.json", R"({"mail": {"smtp_password": "hunter2"}})");
  EXPECT_FALSE(Load(smtp, {}));
  EXPECT_TRUE(Load("", {{"X8_MAIL_SMTP_PASSWORD", "hunter2"}}));
  auto c = Load("", {{"X8_DATABASE_URL", "postgres://x8:s3cr3tpw@db:5432/x8"}}).value();
  auto text = Describe(c);
  EXPECT_EQ(text.find("s3cr3tpw"), std::string::npos);
  EXPECT_NE(text.find("postgres://x8:***@db:5432/x8"), std::string::npos);
}

TEST(Config, DocumentationListsEveryKey) {
  const char* root = std::getenv("X8_SOURCE_DIR");
  ASSERT_NE(root, nullptr);
  std::ifstream in(std::filesystem::path(root) / "docs" / "configuration.md");
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_NE(ss.str().find(ReferenceTable()), std::string::npos)
      << "docs/configuration.md is out of date; paste this table into it:\n"
      << ReferenceTable();
}

}  // namespace
}  // namespace x8::config
