// `x8 demo` (run by `make run`): a newcomer can sign in as the demo owner and the demo admin.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>

#include "tests/integration/server_process.h"

namespace x8::testing {
namespace {

class DemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/x8-demo-XXXXXX";
    dir_ = mkdtemp(tmpl);
    env_ = "X8_DATABASE_URL=sqlite:" + (dir_ / "x8.db").string() +
           " X8_SECURITY_MASTER_KEY_FILE=" + (dir_ / "master.key").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  int RunDemo(std::string* out, const std::string& extra_env = "") {
    std::string command =
        "env -i PATH=/usr/bin:/bin " + env_ + " " + extra_env + " " + X8Binary().string() + " demo 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    char buf[512];
    while (fgets(buf, sizeof buf, pipe)) *out += buf;
    int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::filesystem::path dir_;
  std::string env_;
};

std::string SignIn(ServerProcess& server, const std::string& email, const std::string& password) {
  auto login =
      server.Post("/api/v1/auth/login",
                  boost::json::serialize(boost::json::object{{"email", email}, {"password", password}}));
  EXPECT_TRUE(login);
  if (!login) return "";
  EXPECT_EQ(login->status, 200) << login->body;
  auto body = boost::json::parse(login->body).as_object();
  EXPECT_FALSE(body.contains("two_factor_required")) << "demo users sign in without a code step";
  return body.contains("access_token") ? std::string(body["access_token"].as_string()) : "";
}

TEST_F(DemoTest, SeedsAnOwnerWithTwoBusinessesTheirCataloguesAndAnAdminIdempotently) {
  std::string out;
  ASSERT_EQ(RunDemo(&out), 0) << out;
  EXPECT_NE(out.find("demo@x8.local / x8-demo-florist"), std::string::npos) << out;
  ASSERT_EQ(RunDemo(&out), 0) << out;  // a second run changes nothing and does not fail

  ServerProcess server({.database_url = "sqlite:" + (dir_ / "x8.db").string(),
                        .env = {{"X8_SECURITY_MASTER_KEY_FILE", (dir_ / "master.key").string()}}});
  ASSERT_TRUE(server.Start()) << server.log();
  std::string owner = SignIn(server, "demo@x8.local", "x8-demo-florist");
  auto companies = server.Get("/api/v1/companies", {{"Authorization", "Bearer " + owner}}).value();
  ASSERT_EQ(companies.status, 200) << companies.body;
  auto items = boost::json::parse(companies.body).at("items").as_array();
  ASSERT_EQ(items.size(), 2u) << "a second run adds nothing";
  EXPECT_EQ(items[0].at("name"), "Bloom & Co. Flowers");
  EXPECT_EQ(items[0].at("type"), "PRODUCT");
  EXPECT_EQ(items[1].at("type"), "SERVICE");

  // Both come with their catalogues, ready for the Playground and the widget.
  auto kbs = server
                 .Get("/api/v1/companies/" + std::string(items[0].at("id").as_string()) + "/knowledge-bases",
                      {{"Authorization", "Bearer " + owner}})
                 .value();
  auto kb_items = boost::json::parse(kbs.body).at("items").as_array();
  ASSERT_EQ(kb_items.size(), 2u) << kbs.body;
  EXPECT_EQ(kb_items[0].at("items_count").as_int64() + kb_items[1].at("items_count").as_int64(), 12)
      << "8 products and 4 FAQ entries";
  // The flower shop delivers in windows across its zones (a Saturday window for Mitte only).
  auto availability =
      server
          .Get("/api/v1/companies/" + std::string(items[0].at("id").as_string()) + "/availability",
               {{"Authorization", "Bearer " + owner}})
          .value();
  ASSERT_EQ(availability.status, 200) << availability.body;
  auto delivery = boost::json::parse(availability.body).as_object();
  EXPECT_EQ(delivery.at("delivery_windows").as_array().size(), 3u) << availability.body;
  EXPECT_EQ(delivery.at("delivery_zones").as_array().size(), 3u) << availability.body;
  EXPECT_EQ(delivery.at("delivery_windows").as_array()[2].at("zones"), boost::json::array{"Mitte"});

  std::string admin = SignIn(server, "admin@x8.local", "x8-demo-admin");
  auto outbox = server.Get("/api/v1/admin/outbox", {{"Authorization", "Bearer " + admin}}).value();
  EXPECT_EQ(outbox.status, 200) << outbox.body;
}

TEST_F(DemoTest, RefusesOutsideDevelopment) {
  std::string out;
  EXPECT_EQ(RunDemo(&out, "X8_ENVIRONMENT=production X8_SECURITY_MASTER_KEY=" + std::string(43, 'A')), 1)
      << out;
  EXPECT_NE(out.find("development only"), std::string::npos) << out;
}

}  // namespace
}  // namespace x8::testing
