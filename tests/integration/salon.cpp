#include "tests/integration/salon.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/integration/samples.h"

namespace x8::testing {
namespace {

namespace json = boost::json;

http::HttpResponse Send(ServerProcess& server, const TestUser& owner, std::string method,
                        const std::string& path, std::string body, const std::string& content_type) {
  http::HttpRequest request{.method = std::move(method), .url = server.Url(path)};
  request.headers = {{"Authorization", "Bearer " + owner.token}};
  if (!body.empty()) {
    request.headers.emplace_back("Content-Type", content_type);
    if (content_type == "text/csv") request.headers.emplace_back("X-File-Name", "salon.csv");
    request.body = std::move(body);
  }
  auto response = server.Send(std::move(request));
  EXPECT_TRUE(response) << response.error().message;
  return response ? *response : http::HttpResponse{};
}

http::HttpResponse Call(ServerProcess& server, const TestUser& owner, std::string method,
                        const std::string& path, const json::object& body = {}) {
  return Send(server, owner, std::move(method), path, body.empty() ? std::string() : json::serialize(body),
              "application/json");
}

void Seed(ServerProcess& server, const TestUser& owner, Salon& salon) {
  auto company = Call(
      server, owner, "POST", "/api/v1/companies",
      {{"name", "Салон красоты"}, {"type", "SERVICE"}, {"currency", "RUB"}, {"timezone", "Europe/Moscow"}});
  ASSERT_EQ(company.status, 201) << company.body;
  const std::string company_id(json::parse(company.body).at("id").as_string());
  auto kb = Call(server, owner, "POST", "/api/v1/companies/" + company_id + "/knowledge-bases",
                 {{"name", "Услуги"}, {"kind", "SERVICE"}});
  ASSERT_EQ(kb.status, 201) << kb.body;
  const std::string kb_id(json::parse(kb.body).at("id").as_string());
  auto uploaded = Send(server, owner, "POST", "/api/v1/knowledge-bases/" + kb_id + "/imports",
                       std::string(kBeautySalon), "text/csv");
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  const std::string import_id(json::parse(uploaded.body).at("import_id").as_string());
  auto committed =
      Call(server, owner, "POST", "/api/v1/knowledge-bases/" + kb_id + "/imports/" + import_id + "/commit",
           {{"mode", "replace"}});
  ASSERT_EQ(committed.status, 200) << committed.body;

  auto items = Call(server, owner, "GET", "/api/v1/knowledge-bases/" + kb_id + "/items?limit=100");
  ASSERT_EQ(items.status, 200) << items.body;
  const auto listed = json::parse(items.body);
  for (const auto& item : listed.at("items").as_array()) {
    if (item.at("name") == "Стрижка женская") salon.haircut_id = std::string(item.at("id").as_string());
  }
  ASSERT_FALSE(salon.haircut_id.empty()) << items.body;

  auto availability = Call(server, owner, "GET", "/api/v1/companies/" + company_id + "/availability");
  ASSERT_EQ(availability.status, 200) << availability.body;
  auto open = json::parse(availability.body).as_object();
  open.erase("timezone");
  json::object weekly;
  for (const char* day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) {
    weekly[day] = json::array{json::array{"08:00", "22:00"}};
  }
  open["weekly"] = std::move(weekly);
  auto saved = Call(server, owner, "PUT", "/api/v1/companies/" + company_id + "/availability", open);
  ASSERT_EQ(saved.status, 200) << saved.body;
  salon.company_id = company_id;
  salon.kb_id = kb_id;
}

}  // namespace

Salon SeedSalon(ServerProcess& server, const TestUser& owner) {
  Salon salon;
  Seed(server, owner, salon);
  return salon;
}

}  // namespace x8::testing
