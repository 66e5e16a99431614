#include "tests/integration/salon.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/integration/samples.h"

namespace x8::testing {
namespace {

namespace json = boost::json;

void Seed(const ApiClient& owner, Salon& salon) {
  auto company = owner.Post(
      "/api/v1/companies",
      {{"name", "Салон красоты"}, {"type", "SERVICE"}, {"currency", "RUB"}, {"timezone", "Europe/Moscow"}});
  ASSERT_EQ(company.status, 201) << company.body;
  const std::string company_id(Json(company).at("id").as_string());
  auto kb = owner.Post("/api/v1/companies/" + company_id + "/knowledge-bases",
                       {{"name", "Услуги"}, {"kind", "SERVICE"}});
  ASSERT_EQ(kb.status, 201) << kb.body;
  const std::string kb_id(Json(kb).at("id").as_string());
  auto uploaded = owner.Upload("/api/v1/knowledge-bases/" + kb_id + "/imports", std::string(kBeautySalon),
                               "text/csv", "salon.csv");
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  const std::string import_id(Json(uploaded).at("import_id").as_string());
  auto committed = owner.Post("/api/v1/knowledge-bases/" + kb_id + "/imports/" + import_id + "/commit",
                              {{"mode", "replace"}});
  ASSERT_EQ(committed.status, 200) << committed.body;

  auto items = owner.Get("/api/v1/knowledge-bases/" + kb_id + "/items?limit=100");
  ASSERT_EQ(items.status, 200) << items.body;
  const auto listed = Json(items);
  for (const auto& item : listed.at("items").as_array()) {
    if (item.at("name") == "Стрижка женская") salon.haircut_id = std::string(item.at("id").as_string());
  }
  ASSERT_FALSE(salon.haircut_id.empty()) << items.body;

  auto availability = owner.Get("/api/v1/companies/" + company_id + "/availability");
  ASSERT_EQ(availability.status, 200) << availability.body;
  auto open = Json(availability).as_object();
  open.erase("timezone");
  json::object weekly;
  for (const char* day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) {
    weekly[day] = json::array{json::array{"08:00", "22:00"}};
  }
  open["weekly"] = std::move(weekly);
  auto saved = owner.Put("/api/v1/companies/" + company_id + "/availability", open);
  ASSERT_EQ(saved.status, 200) << saved.body;
  salon.company_id = company_id;
  salon.kb_id = kb_id;
}

}  // namespace

Salon SeedSalon(const ApiClient& owner) {
  Salon salon;
  Seed(owner, salon);
  return salon;
}

}  // namespace x8::testing
