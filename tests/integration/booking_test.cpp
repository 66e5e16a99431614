// Booking from the chat over the real x8 binary, on SQLite and PostgreSQL (issue 6): a SERVICE company
// imports the beauty-salon sample; a web chat visitor books the paid haircut, pays on the sandbox and the
// booking becomes confirmed with a confirmation naming the time; the free consultation books at once
// without a payment link; two visitors racing for the same slot never both get it. A PRODUCT company with
// delivery windows: checkout asks for the address, zone and window, and the window is held and confirmed.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <regex>
#include <thread>

#include "core/ids.h"
#include "platform/crypto/crypto.h"
#include "platform/storage/testing/test_database.h"
#include "tests/integration/salon.h"
#include "tests/integration/samples.h"
#include "tests/integration/server_process.h"
#include "tests/integration/test_tenants.h"

namespace x8::testing {
namespace {

using storage::testing::EngineTest;
namespace json = boost::json;

json::value Json(const http::HttpResponse& r) { return json::parse(r.body); }

bool Eventually(const std::function<bool()>& probe,
                std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (probe()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return probe();
}

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
    salon_ = tenants_.AddClient(db());
    auto salon = SeedSalon(*server_, salon_);
    ASSERT_FALSE(HasFatalFailure());
    company_ = salon.company_id;
    auto webchat = Call("GET", "/api/v1/companies/" + company_ + "/webchat");
    ASSERT_EQ(webchat.status, 200) << webchat.body;
    widget_key_ = std::string(Json(webchat).at("widget_key").as_string());
    auto settings = Call("PUT", "/api/v1/companies/" + company_ + "/assistant-settings",
                         json::object{{"debounce_ms", 0}, {"default_language", "ru"}});
    ASSERT_EQ(settings.status, 200) << settings.body;
  }
  void TearDown() override {
    server_.reset();
    EngineTest::TearDown();
  }

  http::HttpResponse Raw(std::string method, const std::string& path, std::string body = {},
                         http::HeaderList headers = {}) {
    http::HttpRequest request{.method = std::move(method), .url = server_->Url(path)};
    request.headers = {{"Authorization", "Bearer " + salon_.token}};
    for (auto& header : headers) request.headers.push_back(std::move(header));
    request.body = std::move(body);
    auto response = server_->Send(std::move(request));
    EXPECT_TRUE(response) << response.error().message;
    return response ? *response : http::HttpResponse{};
  }
  http::HttpResponse Call(std::string method, const std::string& path, const json::object& body = {}) {
    if (method == "GET") return Raw(std::move(method), path);
    return Raw(std::move(method), path, json::serialize(body), {{"Content-Type", "application/json"}});
  }
  http::HttpResponse Public(std::string method, const std::string& path, const json::object& body = {}) {
    http::HttpRequest request{.method = std::move(method), .url = server_->Url(path)};
    if (request.method != "GET") {
      request.headers = {{"Content-Type", "application/json"}};
      request.body = json::serialize(body);
    }
    auto response = server_->Send(std::move(request));
    EXPECT_TRUE(response) << response.error().message;
    return response ? *response : http::HttpResponse{};
  }

  std::string NewVisitor() {
    auto r = Public("POST", "/api/v1/webchat/" + widget_key_ + "/sessions");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? std::string(Json(r).at("visitor_token").as_string()) : std::string();
  }
  void Say(const std::string& token, const std::string& text) {
    auto r = Public("POST", "/api/v1/webchat/" + widget_key_ + "/messages",
                    {{"visitor_token", token}, {"text", text}, {"client_id", NewId("cli")}});
    EXPECT_EQ(r.status, 202) << r.body;
  }
  json::array Transcript(const std::string& token) {
    auto r =
        Public("GET", "/api/v1/webchat/" + widget_key_ + "/messages?visitor_token=" + token + "&after=0");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? Json(r).at("messages").as_array() : json::array{};
  }
  static size_t Outgoing(const json::array& messages) {
    size_t n = 0;
    for (const auto& m : messages) n += m.at("direction") == "out" ? 1 : 0;
    return n;
  }
  // Says `text` and returns the transcript once the reply (all of that turn's messages) is there.
  json::array Turn(const std::string& token, const std::string& text) {
    const size_t seen = Outgoing(Transcript(token));
    Say(token, text);
    json::array transcript;
    EXPECT_TRUE(Eventually([&] {
      transcript = Transcript(token);
      return Outgoing(transcript) > seen;
    })) << "no reply to "
        << text << "\n"
        << server_->log();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return Transcript(token);
  }
  static std::string Texts(const json::array& messages) {
    std::string out;
    for (const auto& m : messages) out += std::string(m.at("text").as_string()) + "\n---\n";
    return out;
  }
  static const json::object& Last(const json::array& messages) { return messages.back().as_object(); }
  static std::vector<std::string> Payloads(const json::object& message) {
    std::vector<std::string> out;
    for (const auto& button : message.at("buttons").as_array())
      out.emplace_back(button.at("payload").as_string());
    return out;
  }
  static std::string PaymentUrl(const json::array& messages) {
    for (const auto& m : messages) {
      for (const auto& button : m.at("buttons").as_array()) {
        std::string payload(button.at("payload").as_string());
        if (payload.starts_with("http")) return payload;
      }
    }
    return {};
  }
  json::array Bookings() {
    auto r = Call("GET", "/api/v1/companies/" + company_ + "/bookings");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? Json(r).at("items").as_array() : json::array{};
  }

  TestTenants tenants_;
  std::unique_ptr<ServerProcess> server_;
  TestUser salon_;
  std::string company_, widget_key_;
};

TEST_P(BookingApiTest, PaidHaircutIsHeldPaidAndConfirmedWithItsTime) {
  const std::string token = NewVisitor();
  auto offered = Turn(token, "Хочу на женскую стрижку завтра после 15");
  auto slots = Payloads(Last(offered));
  ASSERT_FALSE(slots.empty()) << Texts(offered);
  const std::string label = slots.front();
  const std::string clock = ClockOf(label);
  ASSERT_FALSE(clock.empty()) << label;

  auto chosen = Turn(token, label);
  EXPECT_NE(std::string(Last(chosen).at("text").as_string()).find("Записать вас?"), std::string::npos)
      << Texts(chosen);
  auto checkout = Turn(token, "оформить");
  const std::string url = PaymentUrl(checkout);
  ASSERT_FALSE(url.empty()) << Texts(checkout);

  auto held = Bookings();
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].at("status"), "pending_payment");
  EXPECT_FALSE(held[0].at("order_id").as_string().empty());
  // The visitor gave no name: the calendar shows the one the inbox does, from their visitor id.
  std::string code = token.substr(token.find('.') - 4, 4);
  for (auto& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(held[0].at("customer_name").as_string(), "Visitor " + code);

  const std::string path = url.substr(url.find("/pay/sandbox/"));
  http::HttpRequest pay{.method = "POST", .url = server_->Url(path + "/pay")};
  pay.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  auto paid = server_->Send(pay);
  ASSERT_TRUE(paid);
  ASSERT_EQ(paid->status, 200) << paid->body;

  ASSERT_TRUE(Eventually([&] {
    auto bookings = Bookings();
    return bookings.size() == 1 && bookings[0].at("status") == "confirmed";
  })) << server_->log();
  json::array transcript;
  ASSERT_TRUE(Eventually([&] {
    transcript = Transcript(token);
    return std::string(Last(transcript).at("text").as_string()).find("Вы записаны") != std::string::npos;
  })) << Texts(transcript);
  const std::string confirmation(Last(transcript).at("text").as_string());
  EXPECT_NE(confirmation.find("Стрижка женская"), std::string::npos) << confirmation;
  EXPECT_NE(confirmation.find(clock), std::string::npos) << confirmation;
}

TEST_P(BookingApiTest, FreeConsultationBooksAtOnceWithoutALink) {
  const std::string token = NewVisitor();
  auto offered = Turn(token, "консультация стилиста");
  auto slots = Payloads(Last(offered));
  ASSERT_FALSE(slots.empty()) << Texts(offered);
  Turn(token, slots.front());
  auto booked = Turn(token, "записаться");
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
  const std::string first = NewVisitor();
  const std::string second = NewVisitor();
  auto offered = Turn(first, "мужская стрижка завтра");
  auto slots = Payloads(Last(offered));
  ASSERT_FALSE(slots.empty()) << Texts(offered);
  const std::string label = slots.front();
  Turn(second, "мужская стрижка завтра");
  Turn(first, label);
  Turn(second, label);
  // Both confirm at the same moment.
  const size_t seen_first = Outgoing(Transcript(first));
  const size_t seen_second = Outgoing(Transcript(second));
  std::thread a([&] { Say(first, "оформить"); });
  std::thread b([&] { Say(second, "оформить"); });
  a.join();
  b.join();
  json::array one;
  json::array two;
  ASSERT_TRUE(Eventually([&] {
    one = Transcript(first);
    two = Transcript(second);
    return Outgoing(one) > seen_first && Outgoing(two) > seen_second;
  })) << server_->log();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  one = Transcript(first);
  two = Transcript(second);
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
  auto company =
      Call("POST", "/api/v1/companies",
           json::object{
               {"name", "Fleur"}, {"type", "PRODUCT"}, {"currency", "EUR"}, {"timezone", "Europe/Berlin"}});
  ASSERT_EQ(company.status, 201) << company.body;
  company_ = std::string(Json(company).at("id").as_string());
  auto kb = Call("POST", "/api/v1/companies/" + company_ + "/knowledge-bases",
                 json::object{{"name", "Flowers"}, {"kind", "PRODUCT"}});
  ASSERT_EQ(kb.status, 201) << kb.body;
  const std::string kb_id(Json(kb).at("id").as_string());
  auto uploaded = Raw("POST", "/api/v1/knowledge-bases/" + kb_id + "/imports", std::string(kFlowerShop),
                      {{"Content-Type", "text/csv"}, {"X-File-Name", "flowers.csv"}});
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  auto committed = Call("POST",
                        "/api/v1/knowledge-bases/" + kb_id + "/imports/" +
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
  auto saved = Call("PUT", "/api/v1/companies/" + company_ + "/availability", availability);
  ASSERT_EQ(saved.status, 200) << saved.body;
  auto webchat = Call("GET", "/api/v1/companies/" + company_ + "/webchat");
  ASSERT_EQ(webchat.status, 200) << webchat.body;
  widget_key_ = std::string(Json(webchat).at("widget_key").as_string());
  auto settings = Call("PUT", "/api/v1/companies/" + company_ + "/assistant-settings",
                       json::object{{"debounce_ms", 0}, {"default_language", "en"}});
  ASSERT_EQ(settings.status, 200) << settings.body;

  const std::string token = NewVisitor();
  auto added = Turn(token, "I want 2 red roses bouquets size M");
  EXPECT_NE(Texts(added).find("€109.80"), std::string::npos) << Texts(added);
  auto asked = Turn(token, "checkout");
  EXPECT_NE(std::string(Last(asked).at("text").as_string()).find("delivery address"), std::string::npos)
      << Texts(asked);
  EXPECT_TRUE(PaymentUrl(asked).empty());
  auto zone = Turn(token, "Berlin, Torstraße 1");
  EXPECT_EQ(Payloads(Last(zone)), (std::vector<std::string>{"Mitte", "Pankow"})) << Texts(zone);
  auto offered = Turn(token, "Mitte");
  EXPECT_NE(std::string(Last(offered).at("text").as_string()).find("When should we deliver?"), std::string::npos)
      << Texts(offered);
  auto windows = Payloads(Last(offered));
  ASSERT_FALSE(windows.empty()) << Texts(offered);
  for (const auto& window : windows) {
    EXPECT_EQ(window.find(", 08:00"), std::string::npos) << "Pankow's morning window offered for Mitte";
  }
  auto checkout = Turn(token, windows.front());
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

  const std::string path = url.substr(url.find("/pay/sandbox/"));
  http::HttpRequest pay{.method = "POST", .url = server_->Url(path + "/pay")};
  pay.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  auto paid = server_->Send(pay);
  ASSERT_TRUE(paid);
  ASSERT_EQ(paid->status, 200) << paid->body;
  ASSERT_TRUE(Eventually([&] {
    auto bookings = Bookings();
    return bookings.size() == 1 && bookings[0].at("status") == "confirmed";
  })) << server_->log();
  json::array transcript;
  ASSERT_TRUE(Eventually([&] {
    transcript = Transcript(token);
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
