// docs/api/openapi.json must describe exactly the routes the server registers.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/integration/server_process.h"

namespace x8::testing {
namespace {

std::set<std::string> ServerRoutes() {
  std::string command = "env -i PATH=/usr/bin:/bin " + X8Binary().string() + " routes 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  std::set<std::string> routes;
  char line[1024];
  while (fgets(line, sizeof line, pipe)) {
    std::istringstream in(line);
    std::string method, path;
    in >> method >> path;
    if (method.empty()) continue;
    method.append(" ").append(path);
    routes.insert(std::move(method));
  }
  EXPECT_EQ(pclose(pipe), 0);
  return routes;
}

std::set<std::string> DocumentedRoutes() {
  std::ifstream in(std::string(X8_SOURCE_ROOT) + "/docs/api/openapi.json");
  std::stringstream ss;
  ss << in.rdbuf();
  auto doc = boost::json::parse(ss.str());
  std::set<std::string> routes;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      std::string upper(method);
      std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
      routes.insert(upper + " " + std::string(path));
    }
  }
  return routes;
}

TEST(OpenApi, DocumentsExactlyTheServersRoutes) {
  auto served = ServerRoutes();
  auto documented = DocumentedRoutes();
  ASSERT_FALSE(served.empty());
  for (const auto& r : served) EXPECT_TRUE(documented.contains(r)) << "undocumented route: " << r;
  for (const auto& r : documented) EXPECT_TRUE(served.contains(r)) << "documented but not served: " << r;
}

}  // namespace
}  // namespace x8::testing
