// Google Calendar over the real x8 binary against the x8_emulators binary, on SQLite and PostgreSQL: a
// SERVICE company (the beauty-salon sample) connects its Google Calendar through the OAuth consent
// (x8 → the emulator's authorize → x8's callback), picks a calendar, and a manual booking is mirrored as
// an event with the deterministic id, removed again on cancel; an event added in Google takes its time
// out of the free slots; another tenant sees 404 and a forged or reused state connects nothing.
// server.public_url is http://x8.test (the redirect URI registered with the emulator); the test maps
// that origin to the server's real loopback port.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <regex>
#include <thread>

#include "platform/crypto/crypto.h"
#include "platform/http/client/http_client.h"
#include "platform/storage/testing/test_database.h"
#include "tests/emulators/emulator_process.h"
#include "tests/integration/api_client.h"
#include "tests/integration/salon.h"
#include "tests/integration/server_process.h"
#include "tests/integration/test_tenants.h"

namespace x8::testing {
namespace {

using storage::testing::EngineTest;
namespace json = boost::json;

constexpr std::string_view kPublicUrl = "http://x8.test";
constexpr std::string_view kClientId = "x8-calendar-test.apps.googleusercontent.com";
constexpr std::string_view kClientSecret = "google-calendar-test-secret";
constexpr std::string_view kCallbackPath = "/oauth/google-calendar/callback";

// The query parameters of a URL (values are base64url / plain tokens here: no decoding needed).
std::map<std::string, std::string> QueryOf(std::string_view url) {
  std::map<std::string, std::string> out;
  auto q = url.find('?');
  if (q == std::string_view::npos) return out;
  std::string_view query = url.substr(q + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    auto eq = pair.find('=');
    out[std::string(pair.substr(0, eq))] =
        eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return out;
}

// RFC 3339 in UTC.
std::string Rfc3339(int64_t ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> tp{milliseconds(ms)};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss<milliseconds> tod{tp - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                static_cast<int>(tod.seconds().count()));
  return buf;
}

class GoogleCalendarApiTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(crypto::Init());
    emulators_ = std::make_unique<EmulatorProcess>(
        std::vector<std::string>{"--quiet", "--google-client-id", std::string(kClientId),
                                 "--google-client-secret", std::string(kClientSecret)});
    ASSERT_TRUE(emulators_->Start()) << emulators_->log();
    // Google accepts only the redirect URI registered for the app.
    ASSERT_EQ(emulators_->Control(
                  "/__control/google/client",
                  {{"redirect_uris", json::array{std::string(kPublicUrl) + std::string(kCallbackPath)}}}),
              204);
    const std::string emu = emulators_->Url("");
    server_ = std::make_unique<ServerProcess>(
        ServerOptions{.database_url = url(),
                      .env = {{"X8_SECURITY_MASTER_KEY", tenants_.master_key_env()},
                              {"X8_JOBS_POLL_MS", "50"},
                              {"X8_SERVER_PUBLIC_URL", std::string(kPublicUrl)},
                              {"X8_OAUTH_GOOGLE_CLIENT_ID", std::string(kClientId)},
                              {"X8_OAUTH_GOOGLE_CLIENT_SECRET", std::string(kClientSecret)},
                              {"X8_OAUTH_GOOGLE_AUTH_URL", emu + "/google/o/oauth2/v2/auth"},
                              {"X8_OAUTH_GOOGLE_TOKEN_URL", emu + "/google/token"},
                              {"X8_OAUTH_GOOGLE_JWKS_URL", emu + "/google/oauth2/v3/certs"},
                              {"X8_CALENDAR_GOOGLE_API_BASE", emu + "/google/calendar/v3"},
                              {"X8_CALENDAR_GOOGLE_REVOKE_URL", emu + "/google/revoke"}}});
    ASSERT_TRUE(server_->Start()) << server_->log();
    http::HttpClientOptions options;
    options.follow_redirects = false;
    options.retry.max_attempts = 1;
    browser_ = std::make_unique<http::HttpClient>(options);

    owner_ = ApiClient(*server_, tenants_.AddClient(db()).token);
    auto salon = SeedSalon(owner_);
    ASSERT_FALSE(HasFatalFailure());
    company_ = salon.company_id;
    haircut_ = salon.haircut_id;
  }
  void TearDown() override {
    browser_.reset();
    server_.reset();
    emulators_.reset();
    EngineTest::TearDown();
  }

  std::string Base() const { return "/api/v1/companies/" + company_ + "/google-calendar"; }

  // A GET with redirects off; URLs on http://x8.test go to the server's real port. Returns
  // {status, Location}.
  std::pair<int, std::string> Visit(std::string url) {
    if (url.starts_with(kPublicUrl)) url = server_->Url(url.substr(kPublicUrl.size()));
    auto response = browser_->Send(http::HttpRequest{.method = "GET", .url = url});
    if (!response) return {0, response.error().message};
    return {response->status, std::string(response->Header("Location").value_or(""))};
  }

  // POST …/connect → the emulator's consent → x8's callback URL (not yet visited).
  std::string Authorize() {
    auto connect = owner_.Post(Base() + "/connect");
    EXPECT_EQ(connect.status, 200) << connect.body;
    if (connect.status != 200) return {};
    const std::string authorization(Json(connect).at("authorization_url").as_string());
    EXPECT_TRUE(authorization.starts_with(emulators_->Url("/google/o/oauth2/v2/auth?"))) << authorization;
    auto q = QueryOf(authorization);
    EXPECT_EQ(q["client_id"], kClientId);
    EXPECT_EQ(q["access_type"], "offline");
    EXPECT_EQ(q["code_challenge_method"], "S256");
    EXPECT_FALSE(q["state"].empty());
    auto [status, callback] = Visit(authorization);
    EXPECT_EQ(status, 302) << callback;
    EXPECT_TRUE(callback.starts_with(std::string(kPublicUrl) + std::string(kCallbackPath) + "?")) << callback;
    EXPECT_FALSE(QueryOf(callback)["code"].empty()) << callback;
    EXPECT_EQ(QueryOf(callback)["state"], q["state"]) << callback;
    return callback;
  }

  // Where the callback sends the browser after a connection: the Calendar page of this company.
  std::string ConnectedPage() const {
    return std::string(kPublicUrl) + "/app/calendar?company=" + company_ + "&google=connected";
  }

  // The whole consent, then the "Bookings" calendar chosen; returns its id.
  std::string ConnectAndChooseBookings() {
    const std::string callback = Authorize();
    auto [status, page] = Visit(callback);
    EXPECT_EQ(status, 302);
    EXPECT_EQ(page, ConnectedPage()) << server_->log();
    return ChooseBookingsCalendar();
  }

  // Chooses the account's "Bookings" calendar; returns its id ("" when it is not listed).
  std::string ChooseBookingsCalendar() {
    auto calendars = owner_.Get(Base() + "/calendars");
    EXPECT_EQ(calendars.status, 200) << calendars.body;
    if (calendars.status != 200) return {};
    std::string bookings;
    const auto listed = Json(calendars);
    for (const auto& c : listed.at("items").as_array()) {
      if (c.at("summary") == "Bookings") bookings = std::string(c.at("id").as_string());
    }
    EXPECT_FALSE(bookings.empty()) << calendars.body;
    auto chosen = owner_.Put(Base(), json::object{{"calendar_id", bookings}});
    EXPECT_EQ(chosen.status, 200) << chosen.body;
    return bookings;
  }

  // A manual haircut booking for Anna at the free slot `slot_index`; its id ("" when it failed).
  std::string BookSlot(size_t slot_index) {
    auto slots = Slots();
    EXPECT_GT(slots.size(), slot_index);
    if (slots.size() <= slot_index) return {};
    auto created = owner_.Post("/api/v1/companies/" + company_ + "/bookings",
                               json::object{{"item_id", haircut_},
                                            {"starts_at", slots[slot_index].at("starts_at").as_int64()},
                                            {"customer_name", "Anna"}});
    EXPECT_EQ(created.status, 201) << created.body;
    return created.status == 201 ? std::string(Json(created).at("id").as_string()) : std::string();
  }

  json::array Slots() {
    auto r = owner_.Get("/api/v1/companies/" + company_ + "/slots?item_id=" + haircut_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? Json(r).at("items").as_array() : json::array{};
  }
  json::array Events(const std::string& calendar_id) {
    json::array out;
    auto all = emulators_->ControlGet("/__control/google/calendar/events");
    if (const auto* items = all.if_contains("items"); items != nullptr && items->is_array()) {
      for (const auto& e : items->as_array()) {
        if (e.at("calendar_id") == calendar_id.c_str()) out.push_back(e);
      }
    }
    return out;
  }
  json::object Booking(const std::string& id) {
    auto r = owner_.Get("/api/v1/bookings/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? Json(r).as_object() : json::object{};
  }

  TestTenants tenants_;
  std::unique_ptr<EmulatorProcess> emulators_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<http::HttpClient> browser_;
  ApiClient owner_;
  std::string company_, haircut_;
};

TEST_P(GoogleCalendarApiTest, ConnectsListsAndChoosesACalendarWithoutShowingAToken) {
  auto before = owner_.Get(Base());
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(Json(before).at("configured"), true);
  EXPECT_EQ(Json(before).at("status"), "disconnected");

  const std::string callback = Authorize();
  ASSERT_FALSE(callback.empty());
  auto [status, page] = Visit(callback);
  EXPECT_EQ(status, 302);
  EXPECT_EQ(page, ConnectedPage()) << server_->log();

  auto connected = owner_.Get(Base());
  ASSERT_EQ(connected.status, 200) << connected.body;
  auto view = Json(connected).as_object();
  EXPECT_EQ(view.at("status"), "connected") << connected.body;
  EXPECT_EQ(view.at("google_email"), "emulated.user@example.com");
  EXPECT_EQ(view.at("calendar_id"), "emulated.user@example.com") << "the primary calendar by default";
  EXPECT_EQ(connected.body.find("ya29."), std::string::npos) << connected.body;
  EXPECT_EQ(connected.body.find("token"), std::string::npos) << connected.body;

  auto calendars = owner_.Get(Base() + "/calendars");
  ASSERT_EQ(calendars.status, 200) << calendars.body;
  std::map<std::string, json::object> by_summary;
  const auto listed = Json(calendars);
  for (const auto& c : listed.at("items").as_array()) {
    by_summary[std::string(c.at("summary").as_string())] = c.as_object();
  }
  ASSERT_EQ(by_summary.size(), 3u) << calendars.body;
  ASSERT_TRUE(by_summary.contains("Bookings")) << calendars.body;
  EXPECT_EQ(by_summary["Bookings"].at("writable"), true);
  EXPECT_EQ(by_summary["Holidays in United States"].at("writable"), false);
  EXPECT_EQ(by_summary["emulated.user@example.com"].at("primary"), true);

  const std::string bookings(by_summary["Bookings"].at("id").as_string());
  auto chosen = owner_.Put(Base(), json::object{{"calendar_id", bookings}});
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  EXPECT_EQ(Json(chosen).at("calendar_id"), bookings.c_str());
  EXPECT_EQ(Json(chosen).at("calendar_name"), "Bookings");
  auto after = owner_.Get(Base());
  EXPECT_EQ(Json(after).at("calendar_id"), bookings.c_str());
  auto unknown = owner_.Put(Base(), json::object{{"calendar_id", "nobody@example.com"}});
  EXPECT_GE(unknown.status, 400) << unknown.body;
  EXPECT_LT(unknown.status, 500) << unknown.body;
}

TEST_P(GoogleCalendarApiTest, AManualBookingIsMirroredAndItsEventDeletedOnCancel) {
  const std::string calendar = ConnectAndChooseBookings();
  ASSERT_FALSE(calendar.empty());
  auto slots = Slots();
  ASSERT_FALSE(slots.empty());
  const int64_t starts_at = slots.front().at("starts_at").as_int64();
  auto created =
      owner_.Post("/api/v1/companies/" + company_ + "/bookings",
                  json::object{{"item_id", haircut_}, {"starts_at", starts_at}, {"customer_name", "Анна"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string booking_id(Json(created).at("id").as_string());
  EXPECT_EQ(Json(created).at("status"), "confirmed") << created.body;

  json::array events;
  ASSERT_TRUE(Eventually([&] {
    events = Events(calendar);
    return !events.empty();
  })) << server_->log();
  std::string google_event_id;
  ASSERT_TRUE(Eventually([&] {
    google_event_id = std::string(Booking(booking_id).at("google_event_id").as_string());
    return !google_event_id.empty();
  })) << server_->log();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // no second insert follows
  events = Events(calendar);
  ASSERT_EQ(events.size(), 1u) << json::serialize(events);
  const std::string event_id(events[0].at("id").as_string());
  EXPECT_TRUE(std::regex_match(event_id, std::regex("^[a-v0-9]{5,1024}$"))) << event_id;
  EXPECT_EQ(event_id, google_event_id);
  EXPECT_EQ(events[0].at("status"), "confirmed");

  auto cancelled = owner_.Post("/api/v1/bookings/" + booking_id + "/cancel");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  ASSERT_TRUE(Eventually([&] {
    auto now = Events(calendar);
    return now.size() == 1 && now[0].at("status") == "cancelled";
  })) << json::serialize(Events(calendar))
      << server_->log();
  EXPECT_EQ(emulators_->ControlGet("/__control/google/stats").at("deletes"), 1);
  EXPECT_TRUE(Eventually([&] { return Booking(booking_id).at("google_event_id") == ""; }));
}

TEST_P(GoogleCalendarApiTest, ABusyEventInGoogleTakesItsTimeOutOfTheSlots) {
  auto free = Slots();  // before connecting: no busy times from Google
  ASSERT_GE(free.size(), 2u);
  const int64_t starts_at = free[1].at("starts_at").as_int64();
  const int64_t ends_at = free[1].at("ends_at").as_int64();
  const std::string calendar = ConnectAndChooseBookings();
  ASSERT_FALSE(calendar.empty());
  ASSERT_EQ(emulators_->Control("/__control/google/calendar/events", {{"calendar_id", calendar},
                                                                      {"start", Rfc3339(starts_at)},
                                                                      {"end", Rfc3339(ends_at)},
                                                                      {"summary", "Dentist"}}),
            200);
  auto slots = Slots();
  ASSERT_FALSE(slots.empty());
  for (const auto& slot : slots) {
    const int64_t s = slot.at("starts_at").as_int64();
    const int64_t e = slot.at("ends_at").as_int64();
    EXPECT_FALSE(s < ends_at && e > starts_at) << "a slot over the busy event at " << Rfc3339(s);
  }
  EXPECT_GE(emulators_->ControlGet("/__control/google/stats").at("freebusy").as_int64(), 1);
}

TEST_P(GoogleCalendarApiTest, AnotherTenantSeesNothingAndAForgedOrReusedStateConnectsNothing) {
  const ApiClient other(*server_, tenants_.AddClient(db()).token);
  EXPECT_EQ(other.Get(Base()).status, 404);
  EXPECT_EQ(other.Post(Base() + "/connect").status, 404);
  EXPECT_EQ(other.Get(Base() + "/calendars").status, 404);
  EXPECT_EQ(other.Put(Base(), json::object{{"calendar_id", "x"}}).status, 404);
  EXPECT_EQ(other.Delete(Base()).status, 404);

  // A forged state: the consent is real, the state is not the one x8 issued.
  const std::string callback = Authorize();
  ASSERT_FALSE(callback.empty());
  const std::string code = QueryOf(callback)["code"];
  auto [forged_status, forged] = Visit(std::string(kPublicUrl) + std::string(kCallbackPath) +
                                       "?code=" + code + "&state=" + crypto::RandomToken(32));
  EXPECT_EQ(forged_status, 302);
  EXPECT_TRUE(forged.starts_with(std::string(kPublicUrl) + "/app/calendar?google=error")) << forged;
  auto [empty_status, empty] = Visit(std::string(kPublicUrl) + std::string(kCallbackPath) + "?code=" + code);
  EXPECT_EQ(empty_status, 302);
  EXPECT_TRUE(empty.starts_with(std::string(kPublicUrl) + "/app/calendar?google=error")) << empty;
  auto status = owner_.Get(Base());
  EXPECT_EQ(Json(status).at("status"), "disconnected") << status.body;
  EXPECT_EQ(owner_.Get(Base() + "/calendars").status / 100, 4);

  // The real callback connects once; the same state again is refused and changes nothing.
  auto [ok_status, ok] = Visit(callback);
  EXPECT_EQ(ok, ConnectedPage()) << server_->log();
  auto [again_status, again] = Visit(callback);
  EXPECT_EQ(again_status, 302);
  EXPECT_TRUE(again.starts_with(std::string(kPublicUrl) + "/app/calendar?google=error")) << again;
  EXPECT_EQ(Json(owner_.Get(Base())).at("status"), "connected");
  // The other tenant still cannot see the connection.
  EXPECT_EQ(other.Get(Base()).status, 404);
}

TEST_P(GoogleCalendarApiTest, BookingsFromBeforeAreBackfilledMovedWithTheCalendarAndNotDuplicated) {
  auto status_of = [&](const std::string& calendar, const std::string& booking_id) {
    for (const auto& e : Events(calendar)) {
      if (e.at("extendedProperties").at("private").at("booking_id") == booking_id.c_str()) {
        return std::string(e.at("status").as_string());
      }
    }
    return std::string();
  };
  const std::string primary = "emulated.user@example.com";
  const std::string before = BookSlot(0);  // booked while Google Calendar is not connected
  ASSERT_FALSE(before.empty());

  auto [status, page] = Visit(Authorize());
  EXPECT_EQ(page, ConnectedPage()) << server_->log();
  ASSERT_TRUE(Eventually([&] { return status_of(primary, before) == "confirmed"; })) << server_->log();
  ASSERT_TRUE(Eventually([&] { return !Booking(before).at("google_event_id").as_string().empty(); }));

  // Disconnect leaves the event; a booking made meanwhile is not added until the reconnect.
  ASSERT_EQ(owner_.Delete(Base()).status, 204);
  const std::string meanwhile = BookSlot(1);
  ASSERT_FALSE(meanwhile.empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(status_of(primary, before), "confirmed");
  EXPECT_EQ(status_of(primary, meanwhile), "");
  auto [again_status, again] = Visit(Authorize());
  EXPECT_EQ(again, ConnectedPage()) << server_->log();
  ASSERT_TRUE(Eventually([&] { return status_of(primary, meanwhile) == "confirmed"; })) << server_->log();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(Events(primary).size(), 2u) << json::serialize(Events(primary));
  EXPECT_EQ(emulators_->ControlGet("/__control/google/stats").at("inserts"), 2) << "no duplicate insert";

  // Choosing another calendar moves both events there.
  const std::string bookings = ChooseBookingsCalendar();
  ASSERT_FALSE(bookings.empty());
  ASSERT_TRUE(Eventually([&] {
    return status_of(bookings, before) == "confirmed" && status_of(bookings, meanwhile) == "confirmed" &&
           status_of(primary, before) == "cancelled" && status_of(primary, meanwhile) == "cancelled";
  })) << json::serialize(Events(primary))
      << json::serialize(Events(bookings)) << server_->log();
}

// Google keeps deleted events (409 on their ids): switching back to a calendar brings the events back under
// their next generation's id (base32hex of the booking id + "vv1"); a booking cancelled while disconnected
// loses its event when the company connects again.
TEST_P(GoogleCalendarApiTest, SwitchingBackAndCancellingWhileDisconnectedKeepGoogleInStep) {
  // event id → status in one calendar
  auto events_in = [&](const std::string& calendar) {
    std::map<std::string, std::string> out;
    for (const auto& e : Events(calendar)) {
      out[std::string(e.at("id").as_string())] = std::string(e.at("status").as_string());
    }
    return out;
  };
  auto event_id_of = [&](const std::string& booking_id) {
    return std::string(Booking(booking_id).at("google_event_id").as_string());
  };
  const std::string primary = "emulated.user@example.com";
  auto [status, page] = Visit(Authorize());
  ASSERT_EQ(page, ConnectedPage()) << server_->log();
  const std::string leaving = BookSlot(0);
  const std::string staying = BookSlot(1);
  ASSERT_FALSE(leaving.empty());
  ASSERT_FALSE(staying.empty());
  ASSERT_TRUE(Eventually([&] { return !event_id_of(leaving).empty() && !event_id_of(staying).empty(); }))
      << server_->log();
  const std::string first_leaving = event_id_of(leaving);
  const std::string first_staying = event_id_of(staying);

  const std::string bookings = ChooseBookingsCalendar();
  ASSERT_FALSE(bookings.empty());
  ASSERT_TRUE(Eventually([&] {
    auto there = events_in(bookings);
    return there[first_leaving] == "confirmed" && there[first_staying] == "confirmed" &&
           events_in(primary)[first_leaving] == "cancelled" &&
           events_in(primary)[first_staying] == "cancelled";
  })) << json::serialize(Events(primary))
      << json::serialize(Events(bookings)) << server_->log();

  // Back to the primary calendar: the first ids are taken there (deleted), so the events come back under
  // the next generation's ids, and leave the Bookings calendar.
  ASSERT_EQ(owner_.Put(Base(), json::object{{"calendar_id", primary}}).status, 200);
  const std::string second_leaving = first_leaving + "vv1";
  const std::string second_staying = first_staying + "vv1";
  ASSERT_TRUE(Eventually([&] {
    auto here = events_in(primary);
    return here[second_leaving] == "confirmed" && here[second_staying] == "confirmed" &&
           events_in(bookings)[first_leaving] == "cancelled" &&
           events_in(bookings)[first_staying] == "cancelled";
  })) << json::serialize(Events(primary))
      << json::serialize(Events(bookings)) << server_->log();
  EXPECT_TRUE(std::regex_match(second_leaving, std::regex("^[a-v0-9]{5,1024}$"))) << second_leaving;
  EXPECT_TRUE(Eventually([&] { return event_id_of(leaving) == second_leaving; }));

  // Cancelled while disconnected: the event stays until the company connects again.
  ASSERT_EQ(owner_.Delete(Base()).status, 204);
  auto cancelled = owner_.Post("/api/v1/bookings/" + leaving + "/cancel");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(events_in(primary)[second_leaving], "confirmed");
  auto [again_status, again] = Visit(Authorize());
  ASSERT_EQ(again, ConnectedPage()) << server_->log();
  ASSERT_TRUE(Eventually([&] { return events_in(primary)[second_leaving] == "cancelled"; }))
      << json::serialize(Events(primary)) << server_->log();
  EXPECT_TRUE(Eventually([&] { return event_id_of(leaving).empty(); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(events_in(primary)[second_staying], "confirmed");
  int live = 0;
  for (const std::string& calendar : std::vector<std::string>{primary, bookings}) {
    for (const auto& [id, event_status] : events_in(calendar)) live += event_status == "confirmed" ? 1 : 0;
  }
  EXPECT_EQ(live, 1) << "only the staying booking's event";
}

X8_INSTANTIATE_ENGINE_TEST(GoogleCalendarApiTest);

}  // namespace
}  // namespace x8::testing
