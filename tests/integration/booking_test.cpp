// Booking from the chat over the real x8 binary, on SQLite and PostgreSQL (issue 6): a SERVICE company
// imports the beauty-salon sample; a web chat visitor books the paid haircut, pays on the sandbox and the
// booking becomes confirmed with a confirmation naming the time; the free consultation books at once
// without a payment link; two visitors racing for the same slot never both get it. A PRODUCT company with
// delivery windows: checkout asks for the address, zone and window, and the window is held and confirmed.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <regex>
#include <thread>

#include "platform/crypto/crypto.h"
#include "platform/storage/testing/test_database.h"
#include "tests/integration/api_client.h"
#include "tests/integration/salon.h"
#include "tests/integration/samples.h"
#include "tests/integration/server_process.h"
#include "tests/integration/test_tenants.h"

namespace x8::testing {
namespace {

using storage::testing::EngineTest;
namespace json = boost::json;

// "15:00" out of a slot label.
std::string ClockOf(const std::string& label) {
  std::smatch match;
  static const std::regex kClock("([0-9]{1,2}:[0-9]{2})");
  return std::regex_search(label, match, kClock) ? match[1].str() : std::string();
}

class BookingApiTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(crypto::Init());
    server_ = std::make_unique<ServerProcess>(ServerOptions{
        .database_url = url(),
        .env = {{"X8_SECURITY_MASTER_KEY", tenants_.master_key_env()}, {"X8_JOBS_POLL_MS", "50"}}});
    ASSERT_TRUE(server_->Start()) << server_->log();
    owner_ = ApiClient(*server_, tenants_.AddClient(db()).token);
    auto salon = SeedSalon(owner_);
    ASSERT_FALSE(HasFatalFailure());
    company_ = salon.company_id;
    auto webchat = owner_.Get("/api/v1/companies/" + company_ + "/webchat");
    ASSERT_EQ(webchat.status, 200) << webchat.body;
    widget_key_ = std::string(Json(webchat).at("widget_key").as_string());
    auto settings = owner_.Put("/api/v1/companies/" + company_ + "/assistant-settings",
                               json::object{{"debounce_ms", 0}, {"default_language", "ru"}});
    ASSERT_EQ(settings.status, 200) << settings.body;
  }
  void TearDown() override {
    server_.reset();
    EngineTest::TearDown();
  }

  WebChatVisitor NewVisitor() { return WebChatVisitor(*server_, widget_key_); }
  static const json::object& Last(const json::array& messages) { return messages.back().as_object(); }
  json::array Bookings() {
    auto r = owner_.Get("/api/v1/companies/" + company_ + "/bookings");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? Json(r).at("items").as_array() : json::array{};
  }

  TestTenants tenants_;
  std::unique_ptr<ServerProcess> server_;
  ApiClient owner_;
  std::string company_, widget_key_;
};

TEST_P(BookingApiTest, PaidHaircutIsHeldPaidAndConfirmedWithItsTime) {
  const auto visitor = NewVisitor();
  auto offered = visitor.Turn("Хочу на женскую стрижку завтра после 15");
  auto slots = Payloads(Last(offered));
  ASSERT_FALSE(slots.empty()) << Texts(offered);
  const std::string label = slots.front();
  const std::string clock = ClockOf(label);
  ASSERT_FALSE(clock.empty()) << label;

  auto chosen = visitor.Turn(label);
  EXPECT_NE(std::string(Last(chosen).at("text").as_string()).find("Записать вас?"), std::string::npos)
      << Texts(chosen);
  auto checkout = visitor.Turn("оформить");
  const std::string url = PaymentUrl(checkout);
  ASSERT_FALSE(url.empty()) << Texts(checkout);

  auto held = Bookings();
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].at("status"), "pending_payment");
  EXPECT_FALSE(held[0].at("order_id").as_string().empty());
  // The visitor gave no name: the calendar shows the one the inbox does, from their visitor id.
  std::string code = visitor.token().substr(visitor.token().find('.') - 4, 4);
  for (auto& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(held[0].at("customer_name").as_string(), "Visitor " + code);

  auto paid = visitor.Pay(url);
  ASSERT_EQ(paid.status, 200) << paid.body;

  ASSERT_TRUE(Eventually([&] {
    auto bookings = Bookings();
    return bookings.size() == 1 && bookings[0].at("status") == "confirmed";
  })) << server_->log();
  json::array transcript;
  ASSERT_TRUE(Eventually([&] {
    transcript = visitor.Transcript();
    return std::string(Last(transcript).at("text").as_string()).find("Вы записаны") != std::string::npos;
  })) << Texts(transcript);
  const std::string confirmation(Last(transcript).at("text").as_string());
  EXPECT_NE(confirmation.find("Стрижка женская"), std::string::npos) << confirmation;
  EXPECT_NE(confirmation.find(clock), std::string::npos) << confirmation;
}

TEST_P(BookingApiTest, FreeConsultationBooksAtOnceWithoutALink) {
  const auto visitor = NewVisitor();
  auto offered = visitor.Turn("консультация стилиста");
  auto slots = Payloads(Last(offered));
  ASSERT_FALSE(slots.empty()) << Texts(offered);
  visitor.Turn(slots.front());
  auto booked = visitor.Turn("записаться");
  EXPECT_TRUE(PaymentUrl(booked).empty()) << Texts(booked);
  const std::string confirmation(Last(booked).at("text").as_string());
  EXPECT_NE(confirmation.find("Вы записаны"), std::string::npos) << Texts(booked);
  EXPECT_NE(confirmation.find(ClockOf(slots.front())), std::string::npos) << confirmation;
  auto bookings = Bookings();
  ASSERT_EQ(bookings.size(), 1u);
  EXPECT_EQ(bookings[0].at("status"), "confirmed");
  EXPECT_EQ(bookings[0].at("order_id"), "");
}

TEST_P(BookingApiTest, TwoVisitorsRacingForOneSlotNeverBothGetIt) {
  const auto first = NewVisitor();
  const auto second = NewVisitor();
  auto offered = first.Turn("мужская стрижка завтра");
  auto slots = Payloads(Last(offered));
  ASSERT_FALSE(slots.empty()) << Texts(offered);
  const std::string label = slots.front();
  second.Turn("мужская стрижка завтра");
  first.Turn(label);
  second.Turn(label);
  // Both confirm at the same moment.
  const size_t seen_first = Outgoing(first.Transcript());
  const size_t seen_second = Outgoing(second.Transcript());
  std::thread a([&] { first.Say("оформить"); });
  std::thread b([&] { second.Say("оформить"); });
  a.join();
  b.join();
  json::array one;
  json::array two;
  ASSERT_TRUE(Eventually([&] {
    one = first.Transcript();
    two = second.Transcript();
    return Outgoing(one) > seen_first && Outgoing(two) > seen_second;
  })) << server_->log();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  one = first.Transcript();
  two = second.Transcript();
  const bool first_link = !PaymentUrl(one).empty();
  const bool second_link = !PaymentUrl(two).empty();
  EXPECT_NE(first_link, second_link) << Texts(one) << "\n=====\n" << Texts(two);
  const auto& loser = first_link ? two : one;
  EXPECT_NE(Texts(loser).find("только что заняли"), std::string::npos) << Texts(loser);
  EXPECT_FALSE(Payloads(Last(loser)).empty()) << "other times are offered";
  auto bookings = Bookings();
  ASSERT_EQ(bookings.size(), 1u);
  EXPECT_EQ(bookings[0].at("status"), "pending_payment");
}

// A PRODUCT company with delivery windows and zones: checkout asks for the address, the zone and a window
// serving that zone; the fee is in the paid total; the window is held with the order and confirmed after
// payment.
TEST_P(BookingApiTest, DeliveryWindowAddressAndZoneAreHeldAndConfirmedWithTheOrder) {
  auto company = owner_.Post(
      "/api/v1/companies",
      json::object{
          {"name", "Fleur"}, {"type", "PRODUCT"}, {"currency", "EUR"}, {"timezone", "Europe/Berlin"}});
  ASSERT_EQ(company.status, 201) << company.body;
  company_ = std::string(Json(company).at("id").as_string());
  auto kb = owner_.Post("/api/v1/companies/" + company_ + "/knowledge-bases",
                        json::object{{"name", "Flowers"}, {"kind", "PRODUCT"}});
  ASSERT_EQ(kb.status, 201) << kb.body;
  const std::string kb_id(Json(kb).at("id").as_string());
  auto uploaded = owner_.Upload("/api/v1/knowledge-bases/" + kb_id + "/imports", std::string(kFlowerShop),
                                "text/csv", "flowers.csv");
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  auto committed = owner_.Post("/api/v1/knowledge-bases/" + kb_id + "/imports/" +
                                   std::string(Json(uploaded).at("import_id").as_string()) + "/commit",
                               json::object{{"mode", "replace"}});
  ASSERT_EQ(committed.status, 200) << committed.body;
  // Windows every day, so there are free ones whatever day the test runs.
  json::array days{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  json::object availability{
      {"delivery_windows",
       json::array{json::object{{"days", days},
                                {"from", "08:00"},
                                {"to", "12:00"},
                                {"capacity", 2},
                                {"zones", json::array{"Pankow"}}},
                   json::object{{"days", days}, {"from", "12:00"}, {"to", "16:00"}, {"capacity", 2}},
                   json::object{{"days", days}, {"from", "16:00"}, {"to", "20:00"}, {"capacity", 2}}}},
      {"delivery_zones",
       json::array{json::object{{"name", "Mitte"}, {"fee_minor", 590}, {"free_over_minor", 50000}},
                   json::object{{"name", "Pankow"}, {"fee_minor", 990}}}}};
  auto saved = owner_.Put("/api/v1/companies/" + company_ + "/availability", availability);
  ASSERT_EQ(saved.status, 200) << saved.body;
  auto webchat = owner_.Get("/api/v1/companies/" + company_ + "/webchat");
  ASSERT_EQ(webchat.status, 200) << webchat.body;
  widget_key_ = std::string(Json(webchat).at("widget_key").as_string());
  auto settings = owner_.Put("/api/v1/companies/" + company_ + "/assistant-settings",
                             json::object{{"debounce_ms", 0}, {"default_language", "en"}});
  ASSERT_EQ(settings.status, 200) << settings.body;

  const auto visitor = NewVisitor();
  auto added = visitor.Turn("I want 2 red roses bouquets size M");
  EXPECT_NE(Texts(added).find("€109.80"), std::string::npos) << Texts(added);
  auto asked = visitor.Turn("checkout");
  EXPECT_NE(std::string(Last(asked).at("text").as_string()).find("delivery address"), std::string::npos)
      << Texts(asked);
  EXPECT_TRUE(PaymentUrl(asked).empty());
  auto zone = visitor.Turn("Berlin, Torstraße 1");
  EXPECT_EQ(Payloads(Last(zone)), (std::vector<std::string>{"Mitte", "Pankow"})) << Texts(zone);
  auto offered = visitor.Turn("Mitte");
  EXPECT_NE(std::string(Last(offered).at("text").as_string()).find("When should we deliver?"),
            std::string::npos)
      << Texts(offered);
  auto windows = Payloads(Last(offered));
  ASSERT_FALSE(windows.empty()) << Texts(offered);
  for (const auto& window : windows) {
    EXPECT_EQ(window.find(", 08:00"), std::string::npos) << "Pankow's morning window offered for Mitte";
  }
  auto checkout = visitor.Turn(windows.front());
  const std::string url = PaymentUrl(checkout);
  ASSERT_FALSE(url.empty()) << Texts(checkout);
  EXPECT_NE(Texts(checkout).find("Delivery: €5.90"), std::string::npos) << Texts(checkout);
  EXPECT_NE(Texts(checkout).find("€115.70"), std::string::npos) << Texts(checkout);

  auto held = Bookings();
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].at("kind"), "delivery");
  EXPECT_EQ(held[0].at("status"), "pending_payment");
  EXPECT_EQ(held[0].at("address"), "Berlin, Torstraße 1");
  EXPECT_EQ(held[0].at("zone"), "Mitte");

  auto paid = visitor.Pay(url);
  ASSERT_EQ(paid.status, 200) << paid.body;
  ASSERT_TRUE(Eventually([&] {
    auto bookings = Bookings();
    return bookings.size() == 1 && bookings[0].at("status") == "confirmed";
  })) << server_->log();
  json::array transcript;
  ASSERT_TRUE(Eventually([&] {
    transcript = visitor.Transcript();
    return std::string(Last(transcript).at("text").as_string()).find("Your delivery is booked") !=
           std::string::npos;
  })) << Texts(transcript);
  const std::string confirmation(Last(transcript).at("text").as_string());
  EXPECT_NE(confirmation.find("Address: Berlin, Torstraße 1."), std::string::npos) << confirmation;
  EXPECT_NE(confirmation.find(ClockOf(windows.front())), std::string::npos) << confirmation;
}

X8_INSTANTIATE_ENGINE_TEST(BookingApiTest);

}  // namespace
}  // namespace x8::testing
