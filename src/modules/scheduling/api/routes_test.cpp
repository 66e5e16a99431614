// The scheduling module through Register (routes, job, schedule) and the router (no server): JSON
// shapes, validation errors naming the field, status codes, tenancy (other tenants' ids → 404) and the
// scheduling.release_holds sweep run by the worker.
#include "modules/scheduling/api/routes.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "modules/scheduling/module.h"
#include "modules/scheduling/testing/fixture.h"
#include "platform/jobs/queue.h"
#include "platform/jobs/scheduler.h"
#include "platform/jobs/worker.h"

namespace x8::scheduling {
namespace {

using testing::kHourMs;
using testing::kMonday0900Utc;

class SchedulingRoutesTest : public testing::SchedulingTest {
 protected:
  void SetUp() override {
    SchedulingTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    queue_ = std::make_unique<jobs::Queue>(db(), clock_);
    worker_ = std::make_unique<jobs::Worker>(db(), clock_);
    scheduler_ = std::make_unique<jobs::Scheduler>(db(), clock_);
    registered_ = Register(Dependencies{.router = router_,
                                        .db = db(),
                                        .queue = *queue_,
                                        .worker = *worker_,
                                        .scheduler = *scheduler_,
                                        .clock = clock_,
                                        .access = policy_,
                                        .companies = *companies_,
                                        .services = services_,
                                        .observer = &observer_});
  }

  http::Response Call(std::string method, std::string path, std::optional<http::Principal> principal,
                      std::string query = {}, std::string body = {}) {
    http::Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.query = std::move(query);
    request.body = std::move(body);
    request.principal = std::move(principal);
    request.request_id = "req-1";
    auto match = router_.Match(request.method, request.path);
    EXPECT_EQ(match.kind, http::RouteMatch::Kind::kFound) << request.method << " " << request.path;
    if (match.kind != http::RouteMatch::Kind::kFound) return {};
    request.path_params = match.params;
    return match.route->handler(request);
  }
  static boost::json::value Json(const http::Response& r) { return boost::json::parse(r.body); }
  static std::string FieldOf(const http::Response& r) {
    return std::string(Json(r).at("error").at("details").at("field").as_string());
  }
  std::string Company(std::string_view rest) {
    return "/api/v1/companies/" + salon_.company_id + std::string(rest);
  }

  http::Router router_;
  std::unique_ptr<jobs::Queue> queue_;
  std::unique_ptr<jobs::Worker> worker_;
  std::unique_ptr<jobs::Scheduler> scheduler_;
  Registered registered_;
};

TEST_P(SchedulingRoutesTest, AvailabilityDefaultsThenSaved) {
  auto got = Call("GET", Company("/availability"), salon_.principal);
  ASSERT_EQ(got.status, 200) << got.body;
  auto json = Json(got).as_object();
  EXPECT_EQ(json.at("timezone").as_string(), "Europe/Berlin");
  EXPECT_FALSE(json.at("saved").as_bool());
  EXPECT_EQ(boost::json::serialize(json.at("weekly").at("sat")), R"([["10:00","16:00"]])");

  auto put = Call("PUT", Company("/availability"), salon_.principal, "",
                  R"({"timezone":"Europe/Berlin","weekly":{"mon":[["08:00","12:00"]]},"slot_minutes":20,)"
                  R"("delivery_zones":[{"name":"Centre","fee_minor":500,"free_over_minor":null}]})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_TRUE(Json(put).at("saved").as_bool());
  auto again = Json(Call("GET", Company("/availability"), salon_.principal));
  EXPECT_EQ(again.at("slot_minutes").as_int64(), 20);
  EXPECT_EQ(boost::json::serialize(again.at("weekly").at("tue")), "[]");
  EXPECT_EQ(again.at("delivery_zones").at(0).at("fee_minor").as_int64(), 500);

  auto bad = Call("PUT", Company("/availability"), salon_.principal, "",
                  R"({"weekly":{"mon":[["12:00","08:00"]]}})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(FieldOf(bad), "weekly.mon");
  EXPECT_EQ(Call("GET", Company("/availability"), other_.principal).status, 404);
  EXPECT_EQ(Call("PUT", Company("/availability"), other_.principal, "", "{}").status, 404);
  EXPECT_EQ(Call("GET", Company("/availability"), std::nullopt).status, 401);
}

TEST_P(SchedulingRoutesTest, ExceptionsAddListDelete) {
  auto added = Call("POST", Company("/availability/exceptions"), salon_.principal, "",
                    R"({"date":"2026-01-06","hours":[["12:00","14:00"]],"note":"dentist"})");
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string id(Json(added).at("id").as_string());
  EXPECT_FALSE(Json(added).at("closed").as_bool());
  auto duplicate =
      Call("POST", Company("/availability/exceptions"), salon_.principal, "", R"({"date":"2026-01-06"})");
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(FieldOf(duplicate), "date");
  EXPECT_EQ(FieldOf(Call("POST", Company("/availability/exceptions"), salon_.principal, "",
                         R"({"date":"6.1.2026"})")),
            "date");
  auto listed = Json(Call("GET", Company("/availability/exceptions"), salon_.principal));
  ASSERT_EQ(listed.at("items").as_array().size(), 1u);
  EXPECT_EQ(listed.at("items").at(0).at("note").as_string(), "dentist");

  // Tuesday's slots follow the exception: 12:00–14:00 Berlin only.
  auto slots =
      Call("GET", Company("/slots"), salon_.principal, "item_id=itm_yoga&from=2026-01-06&to=2026-01-06");
  ASSERT_EQ(slots.status, 200) << slots.body;
  auto items = Json(slots).at("items").as_array();
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].at("starts_at").as_int64(), kMonday0900Utc + 26 * kHourMs);  // Tue 12:00 Berlin
  EXPECT_EQ(items[0].at("remaining").as_int64(), 3);

  EXPECT_EQ(Call("GET", Company("/availability/exceptions"), other_.principal).status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/availability-exceptions/" + id, other_.principal).status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/availability-exceptions/" + id, salon_.principal).status, 204);
  EXPECT_EQ(Call("DELETE", "/api/v1/availability-exceptions/" + id, salon_.principal).status, 404);
}

TEST_P(SchedulingRoutesTest, SlotsValidateTheirQuery) {
  auto ok = Call("GET", Company("/slots"), salon_.principal,
                 "item_id=itm_cut&from=2026-01-05T09:00:00Z&to=2026-01-05T11:00:00Z");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Json(ok).at("items").as_array().size(), 4u);
  EXPECT_EQ(Json(ok).at("timezone").as_string(), "Europe/Berlin");
  EXPECT_EQ(FieldOf(Call("GET", Company("/slots"), salon_.principal, "item_id=itm_cut&from=soon")), "from");
  EXPECT_EQ(FieldOf(Call("GET", Company("/slots"), salon_.principal, "item_id=itm_shampoo")), "item_id");
  EXPECT_EQ(FieldOf(Call("GET", Company("/slots"), salon_.principal, "item_id=itm_cut&kind=pickup")), "kind");
  EXPECT_EQ(FieldOf(Call("GET", Company("/slots"), salon_.principal,
                         "item_id=itm_cut&from=2026-01-01&to=2026-06-01")),
            "to");
  EXPECT_EQ(Call("GET", Company("/slots"), other_.principal, "item_id=itm_cut").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/companies/cmp_nope/slots", salon_.principal, "item_id=itm_cut").status, 404);
}

TEST_P(SchedulingRoutesTest, DeliverySlotsNarrowToAZone) {
  auto saved = Call("PUT", Company("/availability"), salon_.principal, "",
                    R"({"delivery_zones":[{"name":"Mitte","fee_minor":500},{"name":"Pankow","fee_minor":900}],
                        "delivery_windows":[{"days":["mon"],"from":"10:00","to":"14:00","zones":["Mitte"]},
                                            {"days":["mon"],"from":"14:00","to":"18:00"}]})");
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(Json(saved).at("delivery_windows").as_array()[0].at("zones"), boost::json::array{"Mitte"});
  const std::string day = "kind=delivery&from=2026-01-05&to=2026-01-05";
  auto every = Call("GET", Company("/slots"), salon_.principal, day);
  ASSERT_EQ(every.status, 200) << every.body;
  EXPECT_EQ(Json(every).at("items").as_array().size(), 2u);
  auto pankow = Call("GET", Company("/slots"), salon_.principal, day + "&zone=Pankow");
  ASSERT_EQ(pankow.status, 200) << pankow.body;
  ASSERT_EQ(Json(pankow).at("items").as_array().size(), 1u);
  EXPECT_EQ(Json(pankow).at("items").as_array()[0].at("starts_at").as_int64(),
            kMonday0900Utc + int64_t{4} * 3'600'000);
  EXPECT_EQ(FieldOf(Call("GET", Company("/slots"), salon_.principal, day + "&zone=Moon")), "zone");
  EXPECT_EQ(FieldOf(Call(
                "PUT", Company("/availability"), salon_.principal, "",
                R"({"delivery_windows":[{"days":["mon"],"from":"10:00","to":"14:00","zones":["Moon"]}]})")),
            "delivery_windows[0].zones");
}

TEST_P(SchedulingRoutesTest, ManualBookingsAndTheirLifecycle) {
  auto created = Call("POST", Company("/bookings"), salon_.principal, "",
                      R"({"item_id":"itm_cut","starts_at":)" + std::to_string(kMonday0900Utc) +
                          R"(,"customer_name":"Walk-in","notes":"VIP"})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto booking = Json(created).as_object();
  const std::string id(booking.at("id").as_string());
  EXPECT_EQ(booking.at("status").as_string(), "confirmed");
  EXPECT_EQ(booking.at("source").as_string(), "manual");
  EXPECT_EQ(booking.at("title").as_string(), "Women's haircut");
  EXPECT_EQ(booking.at("timezone").as_string(), "Europe/Berlin");
  EXPECT_EQ(booking.at("starts_at").as_int64(), kMonday0900Utc);
  EXPECT_EQ(booking.size(), 24u);

  auto taken = Call("POST", Company("/bookings"), salon_.principal, "",
                    R"({"item_id":"itm_cut","starts_at":"2026-01-05T09:00:00Z","customer_name":"Second"})");
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(Json(taken).at("error").at("details").at("reason").as_string(), "slot_taken");
  EXPECT_EQ(FieldOf(Call("POST", Company("/bookings"), salon_.principal, "",
                         R"({"item_id":"itm_cut","starts_at":1})")),
            "customer_name");
  EXPECT_EQ(FieldOf(Call("POST", Company("/bookings"), salon_.principal, "",
                         R"({"starts_at":1,"customer_name":"A"})")),
            "item_id");
  EXPECT_EQ(Call("POST", Company("/bookings"), other_.principal, "",
                 R"({"item_id":"itm_cut","starts_at":1,"customer_name":"A"})")
                .status,
            404);

  auto listed =
      Call("GET", Company("/bookings"), salon_.principal, "from=2026-01-05&to=2026-01-05&status=confirmed");
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(Json(listed).at("items").as_array().size(), 1u);
  EXPECT_EQ(Json(Call("GET", Company("/bookings"), salon_.principal, "from=2026-01-06"))
                .at("items")
                .as_array()
                .size(),
            0u);
  EXPECT_EQ(FieldOf(Call("GET", Company("/bookings"), salon_.principal, "status=done")), "status");
  EXPECT_EQ(Call("GET", Company("/bookings"), other_.principal).status, 404);

  EXPECT_EQ(Call("GET", "/api/v1/bookings/" + id, salon_.principal).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/bookings/" + id, other_.principal).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/bookings/bkg_unknown", salon_.principal).status, 404);
  EXPECT_EQ(Call("POST", "/api/v1/bookings/" + id + "/cancel", other_.principal).status, 404);
  EXPECT_EQ(Call("POST", "/api/v1/bookings/" + id + "/complete", salon_.principal).status,
            409);  // not started
  clock_.SetMillis(kMonday0900Utc + 2 * kHourMs);
  auto no_show = Call("POST", "/api/v1/bookings/" + id + "/no-show", salon_.principal);
  ASSERT_EQ(no_show.status, 200) << no_show.body;
  EXPECT_EQ(Json(no_show).at("status").as_string(), "no_show");
  EXPECT_EQ(Call("POST", "/api/v1/bookings/" + id + "/cancel", salon_.principal).status, 409);
}

TEST_P(SchedulingRoutesTest, TheSweepJobReleasesExpiredHolds) {
  auto held = db().Transact<Booking>(
      [&](storage::Tx& tx) { return registered_.bookings->Hold(tx, Request("itm_cut", kMonday0900Utc)); });
  ASSERT_TRUE(held) << held.error().message;
  clock_.Advance(std::chrono::minutes(90));
  ASSERT_TRUE(scheduler_->Tick());
  auto ran = worker_->RunOnce();
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_TRUE(*ran);
  auto booking = Json(Call("GET", "/api/v1/bookings/" + held->id, salon_.principal));
  EXPECT_EQ(booking.at("status").as_string(), "cancelled");
  EXPECT_EQ(Taken("itm_cut", kMonday0900Utc), 0);

  // The factory gives the assistant the same slots.
  auto schedule = registered_.schedules->For(
      assistant::CompanyProfile{.id = salon_.company_id, .timezone = "Europe/Berlin"});
  auto slots = schedule->FreeSlots("itm_cut", kMonday0900Utc, kMonday0900Utc + kHourMs, 5, "en");
  ASSERT_TRUE(slots);
  ASSERT_EQ(slots->size(), 2u);
  EXPECT_EQ(slots->front().label, "Mon 5 Jan, 10:00");
}

X8_INSTANTIATE_ENGINE_TEST(SchedulingRoutesTest);

}  // namespace
}  // namespace x8::scheduling
