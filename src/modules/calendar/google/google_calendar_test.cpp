// The Google Calendar module against the Google emulator (x8_emulators) on both database engines:
// the connect flow over the router, encrypted tokens, calendar choice, the sync job's idempotency (409
// after a lost answer, 410 on a second delete), token refresh, invalid_grant, free/busy and tenancy.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <memory>
#include <tuple>

#include "core/ids.h"
#include "modules/accounts/domain/access.h"
#include "modules/calendar/google/clients/google_api.h"
#include "modules/calendar/google/module.h"
#include "modules/companies/testing/fixtures.h"
#include "platform/config/config.h"
#include "platform/crypto/crypto.h"
#include "platform/http/client/http_client.h"
#include "platform/http/router.h"
#include "platform/jobs/queue.h"
#include "platform/jobs/scheduler.h"
#include "platform/jobs/worker.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"
#include "tests/emulators/emulator_process.h"

namespace x8::calendar::google {
namespace {

namespace bj = boost::json;

constexpr std::string_view kPublicUrl = "https://x8.example";

class EveryAccountExists final : public accounts::AccountDirectory {
 public:
  Result<std::optional<std::string>> ManagerOf(std::string_view) override {
    return std::optional<std::string>("");
  }
};

class TableCompanies final : public CompanyAccess {
 public:
  TableCompanies(storage::Database& db, const accounts::AccessPolicy& policy) : db_(db), policy_(policy) {}
  Result<std::string> AccountOf(const http::Principal& principal, std::string_view company_id) override {
    X8_TRY(auto rows, db_.Query("SELECT account_id FROM companies WHERE id = ?", {std::string(company_id)}));
    if (rows.empty()) return NotFound("no such company");
    std::string account_id = rows[0].Text("account_id");
    X8_TRY_STATUS(policy_.CanAccess(principal, account_id));
    return account_id;
  }

 private:
  storage::Database& db_;
  const accounts::AccessPolicy& policy_;
};

class FakeBookings final : public BookingReader {
 public:
  Result<scheduling::Booking> Get(std::string_view booking_id) override {
    std::lock_guard lock(mu);
    auto it = bookings.find(std::string(booking_id));
    if (it == bookings.end()) return NotFound("no such booking");
    return it->second;
  }
  Status SetGoogleEventId(storage::Tx&, std::string_view booking_id, std::string_view event_id) override {
    std::lock_guard lock(mu);
    auto it = bookings.find(std::string(booking_id));
    if (it == bookings.end()) return NotFound("no such booking");
    it->second.google_event_id = std::string(event_id);
    return Ok();
  }
  // Like ListBookings with a status filter: by start then id, ending after from_ms, at most limit.
  Result<std::vector<scheduling::Booking>> WithStatusFrom(std::string_view company_id,
                                                          scheduling::BookingStatus status, int64_t from_ms,
                                                          int64_t limit) override {
    std::lock_guard lock(mu);
    std::vector<scheduling::Booking> out;
    for (const auto& [id, b] : bookings) {
      if (b.company_id == company_id && b.status == status && b.ends_at > from_ms) {
        out.push_back(b);
      }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return std::tie(a.starts_at, a.id) < std::tie(b.starts_at, b.id);
    });
    if (static_cast<int64_t>(out.size()) > limit) out.resize(static_cast<size_t>(limit));
    return out;
  }
  std::mutex mu;
  std::map<std::string, scheduling::Booking> bookings;
};

// The job worker's transaction starts at the first statement, so the service can use the database for
// its own writes (token refresh, error status) before touching `tx`; this mimics it.
class LazyTx final : public storage::Executor {
 public:
  explicit LazyTx(storage::Database& db) : db_(db) {}
  storage::Dialect dialect() const override { return db_.dialect(); }
  Result<storage::Rows> Query(std::string_view sql, std::span<const storage::Value> params) override {
    X8_TRY_STATUS(Begin());
    return tx_->Query(sql, params);
  }
  Status ExecScript(std::string_view sql) override {
    X8_TRY_STATUS(Begin());
    return tx_->ExecScript(sql);
  }
  Status Finish(const Status& outcome) {
    if (!tx_) return outcome;
    if (!outcome) {
      (void)tx_->Rollback();
      return outcome;
    }
    return tx_->Commit();
  }

 private:
  Status Begin() {
    if (tx_) return Ok();
    X8_TRY(auto tx, db_.Begin());
    tx_ = std::move(tx);
    return Ok();
  }
  storage::Database& db_;
  std::unique_ptr<storage::Transaction> tx_;
};

struct Tenant {
  http::Principal principal;
  std::string company_id;
};

std::string QueryValue(std::string_view url, std::string_view key) {
  auto q = url.find('?');
  if (q == std::string_view::npos) return "";
  std::string_view rest = url.substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == key) return http::PercentDecode(pair.substr(eq + 1), true);
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return "";
}

class GoogleCalendarTest : public storage::testing::EngineTest {
 protected:
  static void SetUpTestSuite() {
    emulator_ = new testing::EmulatorProcess();
    if (!emulator_->Start()) {
      ADD_FAILURE() << "emulator did not start: " << emulator_->log();
    }
  }
  static void TearDownTestSuite() {
    delete emulator_;
    emulator_ = nullptr;
  }

  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(storage::Migrate(db()));
    ASSERT_EQ(emulator_->Control("/__control/reset"), 204);
    config_.server.public_url = std::string(kPublicUrl);
    config_.oauth.google_client_id = "emulator-google-client.apps.googleusercontent.com";
    config_.oauth.google_client_secret = "emulator-google-secret";
    config_.oauth.google_auth_url = emulator_->Url("/google/o/oauth2/v2/auth");
    config_.oauth.google_token_url = emulator_->Url("/google/token");
    config_.calendar.google_api_base = emulator_->Url("/google/calendar/v3");
    config_.calendar.google_revoke_url = emulator_->Url("/google/revoke");
    queue_ = std::make_unique<jobs::Queue>(db(), clock_);
    worker_ = std::make_unique<jobs::Worker>(db(), clock_);
    scheduler_ = std::make_unique<jobs::Scheduler>(db(), clock_);
    companies_ = std::make_unique<TableCompanies>(db(), policy_);
    registered_ = Register(Dependencies{.router = router_,
                                        .db = db(),
                                        .queue = *queue_,
                                        .worker = *worker_,
                                        .scheduler = *scheduler_,
                                        .clock = clock_,
                                        .access = policy_,
                                        .config = config_,
                                        .master_key = std::string(32, 'k'),
                                        .http = http_,
                                        .companies = *companies_,
                                        .bookings = bookings_,
                                        .backfill_page = 2});
    alice_ = InsertTenant("Salon Alice");
    bob_ = InsertTenant("Bob's Bikes");
  }

  Tenant InsertTenant(const std::string& name) {
    static int64_t seq = 0;
    Tenant tenant{.principal = companies::testing::InsertClient(db())};
    tenant.company_id = NewId("cmp");
    ++seq;
    auto inserted = db().Exec(
        "INSERT INTO companies (id, seq, code, account_id, name, search_text, type, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, 'SERVICE', 0, 0)",
        {tenant.company_id, seq + 500, "GCAL" + std::to_string(seq), tenant.principal.tenant_id, name, name});
    EXPECT_TRUE(inserted) << inserted.error().message;
    return tenant;
  }

  http::Response Call(std::string method, std::string path, const std::optional<http::Principal>& principal,
                      std::string query = {}, std::string body = {}) {
    http::Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.query = std::move(query);
    request.body = std::move(body);
    request.headers.Set("Content-Type", "application/json");
    request.principal = principal;
    request.request_id = "req-1";
    auto match = router_.Match(request.method, request.path);
    EXPECT_EQ(match.kind, http::RouteMatch::Kind::kFound) << request.method << " " << request.path;
    if (match.kind != http::RouteMatch::Kind::kFound) return {};
    request.path_params = match.params;
    return match.route->handler(request);
  }
  static bj::object Body(const http::Response& r) { return bj::parse(r.body).as_object(); }
  std::string Base(const Tenant& t) { return "/api/v1/companies/" + t.company_id + "/google-calendar"; }

  // POST …/connect, the browser at Google (auto-approve), the callback: where the browser ends up.
  std::string ConnectThroughBrowser(const Tenant& tenant, std::string* authorization_url = nullptr) {
    auto started = Call("POST", Base(tenant) + "/connect", tenant.principal);
    EXPECT_EQ(started.status, 200) << started.body;
    std::string url(Body(started).at("authorization_url").as_string());
    if (authorization_url != nullptr) *authorization_url = url;
    auto at_google = http_.Send({.method = "GET", .url = url});
    EXPECT_TRUE(at_google);
    EXPECT_EQ(at_google->status, 302) << at_google->body;
    std::string back(at_google->Header("Location").value_or(""));
    EXPECT_TRUE(back.starts_with(std::string(kPublicUrl) + "/oauth/google-calendar/callback?")) << back;
    std::string query = back.substr(back.find('?') + 1);
    auto callback = Call("GET", "/oauth/google-calendar/callback", std::nullopt, query);
    EXPECT_EQ(callback.status, 302);
    return std::string(callback.headers.Get("Location").value_or(""));
  }

  scheduling::Booking AddBooking(const Tenant& tenant, scheduling::BookingStatus status,
                                 int64_t starts_at = 1'800'000'000'000, int64_t minutes = 60) {
    scheduling::Booking b{.id = NewId("bkg"),
                          .account_id = tenant.principal.tenant_id,
                          .company_id = tenant.company_id,
                          .title = "Women's haircut",
                          .starts_at = starts_at,
                          .ends_at = starts_at + minutes * 60'000,
                          .timezone = "Europe/Berlin",
                          .status = status,
                          .customer_name = "Anna",
                          .format = "offline",
                          .location = "Hauptstr. 1, Berlin"};
    std::lock_guard lock(bookings_.mu);
    bookings_.bookings[b.id] = b;
    return b;
  }
  void SetStatus(const std::string& id, scheduling::BookingStatus status) {
    std::lock_guard lock(bookings_.mu);
    bookings_.bookings[id].status = status;
  }
  scheduling::Booking Booking(const std::string& id) {
    std::lock_guard lock(bookings_.mu);
    return bookings_.bookings[id];
  }
  Status Changed(const std::string& id) {
    auto booking = Booking(id);
    return db().Transact([&](storage::Tx& tx) { return registered_.observer->BookingChanged(tx, booking); });
  }
  Status SyncNow(const std::string& id) {
    LazyTx tx(db());
    return tx.Finish(registered_.service->Sync(tx, id));
  }
  bj::array Events() {
    return emulator_->ControlGet("/__control/google/calendar/events").at("items").as_array();
  }
  // The events of one calendar: event id → status (confirmed | cancelled).
  std::map<std::string, std::string> EventsIn(std::string_view calendar_id) {
    std::map<std::string, std::string> out;
    for (const auto& e : Events()) {
      if (e.at("calendar_id").as_string() != calendar_id) continue;
      out[std::string(e.at("id").as_string())] = std::string(e.at("status").as_string());
    }
    return out;
  }
  // Runs every due job (sync and back-fill pages); how many ran.
  int Drain() {
    int ran = 0;
    for (;;) {
      auto once = worker_->RunOnce();
      EXPECT_TRUE(once) << once.error().message;
      if (!once || !*once) return ran;
      ++ran;
    }
  }
  int64_t JobCount(std::string_view kind, std::string_view state = "") {
    auto rows = state.empty()
                    ? db().Query("SELECT COUNT(*) AS n FROM jobs WHERE kind = ?", {std::string(kind)})
                    : db().Query("SELECT COUNT(*) AS n FROM jobs WHERE kind = ? AND state = ?",
                                 {std::string(kind), std::string(state)});
    EXPECT_TRUE(rows);
    return rows ? (*rows)[0].Int("n") : -1;
  }
  std::string Page(const Tenant& t, std::string_view rest) {
    return std::string(kPublicUrl) + "/app/calendar?company=" + t.company_id + "&google=" + std::string(rest);
  }
  std::string BookingsCalendar(const Tenant& t) {
    auto listed = Call("GET", Base(t) + "/calendars", t.principal);
    EXPECT_EQ(listed.status, 200) << listed.body;
    const auto body = Body(listed);
    for (const auto& item : body.at("items").as_array()) {
      if (item.at("summary").as_string() == "Bookings") return std::string(item.at("id").as_string());
    }
    ADD_FAILURE() << "no Bookings calendar";
    return "";
  }
  // The connection's current access token, opened as the module does (tests only).
  std::string AccessTokenOf(const Tenant& t) {
    auto rows = db().Query("SELECT access_token_sealed FROM google_calendar_connections WHERE company_id = ?",
                           {t.company_id});
    if (!rows || rows->empty()) return "";
    auto box =
        crypto::SecretBox::FromKey(crypto::DeriveKey(std::string(32, 'k'), "x8/calendar.google/tokens/v1"));
    if (!box) return "";
    auto opened = box->Open((*rows)[0].Text("access_token_sealed"),
                            "calendar.google:" + t.principal.tenant_id + "/" + t.company_id + "/access");
    return opened ? *opened : "";
  }
  int64_t Stat(std::string_view name) {
    return emulator_->ControlGet("/__control/google/stats").at(name).as_int64();
  }

  static testing::EmulatorProcess* emulator_;
  SystemClock clock_;
  EveryAccountExists accounts_;
  accounts::AccessPolicy policy_{accounts_};
  config::Config config_;
  http::HttpClient http_{http::HttpClientOptions{.retry = {.max_attempts = 1}}};
  http::Router router_;
  std::unique_ptr<jobs::Queue> queue_;
  std::unique_ptr<jobs::Worker> worker_;
  std::unique_ptr<jobs::Scheduler> scheduler_;
  std::unique_ptr<TableCompanies> companies_;
  FakeBookings bookings_;
  Registered registered_;
  Tenant alice_;
  Tenant bob_;
};

testing::EmulatorProcess* GoogleCalendarTest::emulator_ = nullptr;

TEST(GoogleCalendarPure, EventIdIsBase32HexOfTheBookingId) {
  EXPECT_EQ(EventIdFor("f"), "co000");            // "co" padded to Google's minimum of 5
  EXPECT_EQ(EventIdFor("foobar"), "cpnmuoj1e8");  // RFC 4648 §10: CPNMUOJ1E8======
  const std::string id = EventIdFor("bkg_01JD5Z8Q7W3V2X9Y4K6M8N0P2R");
  EXPECT_GE(id.size(), 5u);
  for (char c : id) EXPECT_TRUE((c >= 'a' && c <= 'v') || (c >= '0' && c <= '9')) << id;
  EXPECT_EQ(id, EventIdFor("bkg_01JD5Z8Q7W3V2X9Y4K6M8N0P2R"));
}

TEST(GoogleCalendarPure, LaterGenerationsAppendABase32HexMarker) {
  const std::string booking = "bkg_01JD5Z8Q7W3V2X9Y4K6M8N0P2R";
  const std::string base = EventIdFor(booking);
  EXPECT_EQ(EventIdFor(booking, 0), base);
  EXPECT_EQ(EventIdFor(booking, 1), base + "vv1");
  EXPECT_EQ(EventIdFor(booking, 12), base + "vv12");
  for (int64_t generation : {0, 1, 9, 10, 12345}) {
    const std::string id = EventIdFor(booking, generation);
    for (char c : id) EXPECT_TRUE((c >= 'a' && c <= 'v') || (c >= '0' && c <= '9')) << id;
    EXPECT_EQ(GenerationOf(booking, id), generation) << id;
  }
  EXPECT_EQ(GenerationOf(booking, ""), 0);
  EXPECT_EQ(GenerationOf(booking, base + "vv"), 0);
  EXPECT_EQ(GenerationOf(booking, base + "vv01"), 0);
  EXPECT_EQ(GenerationOf(booking, base + "vvx"), 0);
  EXPECT_EQ(GenerationOf("bkg_01JD5Z8Q7W3V2X9Y4K6M8N0P2S", EventIdFor(booking, 3)), 0);  // another booking's
}

TEST(GoogleCalendarPure, Rfc3339RoundTrips) {
  EXPECT_EQ(FormatRfc3339(1'800'000'000'000), "2027-01-15T08:00:00Z");
  EXPECT_EQ(ParseRfc3339("2027-01-15T08:00:00Z").value(), 1'800'000'000'000);
  EXPECT_EQ(ParseRfc3339("2027-01-15T09:00:00.000+01:00").value(), 1'800'000'000'000);
  EXPECT_FALSE(ParseRfc3339("2027-01-15 08:00"));
}

TEST_P(GoogleCalendarTest, ConnectFlowStoresEncryptedTokensAndPicksThePrimaryCalendar) {
  auto before = Call("GET", Base(alice_), alice_.principal);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(Body(before).at("status").as_string(), "disconnected");
  EXPECT_TRUE(Body(before).at("configured").as_bool());

  std::string url;
  EXPECT_EQ(ConnectThroughBrowser(alice_, &url), Page(alice_, "connected"));
  EXPECT_EQ(QueryValue(url, "access_type"), "offline");
  EXPECT_EQ(QueryValue(url, "prompt"), "consent");
  EXPECT_EQ(QueryValue(url, "include_granted_scopes"), "true");
  EXPECT_EQ(QueryValue(url, "response_type"), "code");
  EXPECT_EQ(QueryValue(url, "code_challenge_method"), "S256");
  EXPECT_EQ(QueryValue(url, "code_challenge").size(), 43u);
  EXPECT_GE(QueryValue(url, "state").size(), 32u);
  EXPECT_EQ(QueryValue(url, "redirect_uri"), std::string(kPublicUrl) + "/oauth/google-calendar/callback");
  EXPECT_EQ(
      QueryValue(url, "scope"),
      "https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.readonly");

  auto status = Body(Call("GET", Base(alice_), alice_.principal));
  EXPECT_EQ(status.at("status").as_string(), "connected");
  EXPECT_EQ(status.at("google_email").as_string(), "emulated.user@example.com");
  EXPECT_EQ(status.at("calendar_id").as_string(), "emulated.user@example.com");
  EXPECT_FALSE(status.contains("refresh_token"));
  EXPECT_FALSE(status.contains("access_token"));

  auto rows =
      db().Query("SELECT * FROM google_calendar_connections WHERE company_id = ?", {alice_.company_id});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  const auto& row = (*rows)[0];
  EXPECT_TRUE(row.Text("refresh_token_sealed").starts_with("v1."));
  EXPECT_TRUE(row.Text("access_token_sealed").starts_with("v1."));
  for (size_t i = 0; i < row.size(); ++i) {
    if (row.IsNull(i) || !std::holds_alternative<std::string>(row[i])) continue;
    const std::string text = row.Text(i);
    EXPECT_EQ(text.find("1//0"), std::string::npos) << row.columns()[i];   // the emulator's refresh tokens
    EXPECT_EQ(text.find("ya29."), std::string::npos) << row.columns()[i];  // and access tokens
  }

  // The state is single use: replaying the callback fails (a used state names no company).
  const std::string state = QueryValue(url, "state");
  auto replay = Call("GET", "/oauth/google-calendar/callback", std::nullopt, "code=x&state=" + state);
  EXPECT_EQ(std::string(replay.headers.Get("Location").value_or("")),
            std::string(kPublicUrl) + "/app/calendar?google=error&reason=invalid_state");
}

TEST_P(GoogleCalendarTest, DeniedConsentAndUnknownStateRedirectWithError) {
  ASSERT_EQ(emulator_->Control("/__control/google/next-user", bj::object{{"deny", true}}), 204);
  EXPECT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "error&reason=access_denied"));
  auto unknown = Call("GET", "/oauth/google-calendar/callback", std::nullopt, "code=abc&state=nope");
  EXPECT_EQ(std::string(unknown.headers.Get("Location").value_or("")),
            std::string(kPublicUrl) + "/app/calendar?google=error&reason=invalid_state");
  EXPECT_EQ(Body(Call("GET", Base(alice_), alice_.principal)).at("status").as_string(), "disconnected");
}

TEST_P(GoogleCalendarTest, AGrantWithoutTheEventsScopeIsRefused) {
  ASSERT_EQ(emulator_->Control("/__control/google/calendar/grant-only",
                               bj::object{{"scope", "https://www.googleapis.com/auth/calendar.readonly"}}),
            204);
  EXPECT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "error&reason=missing_scope"));
  EXPECT_EQ(Stat("revocations"), 1);  // the unusable grant is handed back
  EXPECT_EQ(Body(Call("GET", Base(alice_), alice_.principal)).at("status").as_string(), "disconnected");
}

TEST_P(GoogleCalendarTest, ListsAndChoosesCalendars) {
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  auto listed = Call("GET", Base(alice_) + "/calendars", alice_.principal);
  ASSERT_EQ(listed.status, 200) << listed.body;
  std::string bookings_id, holidays_id;
  const auto list = Body(listed);
  for (const auto& item : list.at("items").as_array()) {
    const auto& o = item.as_object();
    if (o.at("summary").as_string() == "Bookings") bookings_id = std::string(o.at("id").as_string());
    if (o.at("access_role").as_string() == "reader") holidays_id = std::string(o.at("id").as_string());
  }
  ASSERT_FALSE(bookings_id.empty());
  ASSERT_FALSE(holidays_id.empty());  // contains '#' and '+': exercises path encoding below

  auto chosen = Call("PUT", Base(alice_), alice_.principal, {},
                     bj::serialize(bj::object{{"calendar_id", bookings_id}}));
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  EXPECT_EQ(Body(chosen).at("calendar_name").as_string(), "Bookings");
  auto read_only = Call("PUT", Base(alice_), alice_.principal, {},
                        bj::serialize(bj::object{{"calendar_id", holidays_id}}));
  EXPECT_EQ(read_only.status, 400) << read_only.body;
  auto unknown =
      Call("PUT", Base(alice_), alice_.principal, {}, bj::serialize(bj::object{{"calendar_id", "x@y"}}));
  EXPECT_EQ(unknown.status, 400);

  // The booking lands in the chosen calendar.
  auto booking = AddBooking(alice_, scheduling::BookingStatus::kConfirmed);
  ASSERT_TRUE(Changed(booking.id));
  ASSERT_GE(Drain(), 1);
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("calendar_id").as_string(), bookings_id);
}

TEST_P(GoogleCalendarTest, SyncCreatesTheEventOnceAndCancelDeletesIt) {
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  auto booking = AddBooking(alice_, scheduling::BookingStatus::kConfirmed);
  const std::string event_id = EventIdFor(booking.id);

  // A pending hold changes nothing.
  auto hold = AddBooking(alice_, scheduling::BookingStatus::kPendingPayment);
  ASSERT_TRUE(Changed(hold.id));
  ASSERT_TRUE(Changed(booking.id));
  ASSERT_TRUE(Changed(booking.id));  // the same change twice: one job (unique key)
  auto jobs = db().Query("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'calendar.google.sync'");
  ASSERT_TRUE(jobs);
  EXPECT_EQ((*jobs)[0].Int("n"), 1);
  ASSERT_GE(Drain(), 1);

  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  const auto& event = events[0].as_object();
  EXPECT_EQ(event.at("id").as_string(), event_id);
  EXPECT_EQ(event.at("summary").as_string(), "Women's haircut — Anna");
  EXPECT_EQ(event.at("location").as_string(), "Hauptstr. 1, Berlin");
  EXPECT_EQ(event.at("start").at("dateTime").as_string(), "2027-01-15T08:00:00Z");
  EXPECT_EQ(event.at("start").at("timeZone").as_string(), "Europe/Berlin");
  EXPECT_EQ(event.at("end").at("dateTime").as_string(), "2027-01-15T09:00:00Z");
  EXPECT_EQ(event.at("extendedProperties").at("private").at("booking_id").as_string(), booking.id);
  EXPECT_EQ(Booking(booking.id).google_event_id, event_id);

  // The answer of an insert was lost: our record is gone, the retry meets 409 and takes the event.
  ASSERT_TRUE(db().Exec("DELETE FROM google_calendar_events"));
  ASSERT_TRUE(SyncNow(booking.id));
  EXPECT_EQ(Events().size(), 1u);
  EXPECT_EQ(Stat("inserts"), 1);
  EXPECT_EQ(Booking(booking.id).google_event_id, event_id);

  // Cancel deletes; a second delete (410) is success too.
  SetStatus(booking.id, scheduling::BookingStatus::kCancelled);
  ASSERT_TRUE(Changed(booking.id));
  ASSERT_GE(Drain(), 1);
  ASSERT_EQ(Events().size(), 1u);
  EXPECT_EQ(Events()[0].at("status").as_string(), "cancelled");
  EXPECT_EQ(Booking(booking.id).google_event_id, "");
  ASSERT_TRUE(db().Exec("DELETE FROM google_calendar_events"));
  EXPECT_TRUE(SyncNow(booking.id));
  EXPECT_EQ(Stat("deletes"), 1);

  // Google keeps the deleted id (409 on reuse): a re-confirmed booking gets the next generation's id, even
  // without X8's record; its first event stays deleted.
  SetStatus(booking.id, scheduling::BookingStatus::kConfirmed);
  EXPECT_TRUE(SyncNow(booking.id));
  EXPECT_EQ(EventsIn("emulated.user@example.com"),
            (std::map<std::string, std::string>{{event_id, "cancelled"},
                                                {EventIdFor(booking.id, 1), "confirmed"}}));
  EXPECT_EQ(Booking(booking.id).google_event_id, EventIdFor(booking.id, 1));
}

TEST_P(GoogleCalendarTest, ARebookedBookingComesBackUnderTheNextGenerationIdempotently) {
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  const std::string primary = "emulated.user@example.com";
  auto booking = AddBooking(alice_, scheduling::BookingStatus::kConfirmed);
  ASSERT_TRUE(Changed(booking.id));
  Drain();
  SetStatus(booking.id, scheduling::BookingStatus::kCancelled);
  ASSERT_TRUE(Changed(booking.id));
  Drain();
  ASSERT_EQ(EventsIn(primary).at(EventIdFor(booking.id)), "cancelled");

  // Confirmed again (the business re-confirms it): the event is there again, under generation 1.
  SetStatus(booking.id, scheduling::BookingStatus::kConfirmed);
  ASSERT_TRUE(Changed(booking.id));
  Drain();
  const std::string second = EventIdFor(booking.id, 1);
  EXPECT_EQ(EventsIn(primary), (std::map<std::string, std::string>{{EventIdFor(booking.id), "cancelled"},
                                                                   {second, "confirmed"}}));
  EXPECT_EQ(Booking(booking.id).google_event_id, second);
  auto record = db().Query(
      "SELECT calendar_id, event_id, status FROM google_calendar_events WHERE booking_id = ?", {booking.id});
  ASSERT_TRUE(record);
  ASSERT_EQ(record->size(), 1u);
  EXPECT_EQ((*record)[0].Text("event_id"), second);  // the generation, recorded with the event
  EXPECT_EQ((*record)[0].Text("status"), "created");
  EXPECT_EQ(Stat("inserts"), 2);

  // The answer of that insert was lost (X8's record and the booking still show the deleted first event):
  // the retry walks the same ids, meets its own event (409, confirmed) and inserts nothing.
  ASSERT_TRUE(
      db().Exec("UPDATE google_calendar_events SET event_id = ?, status = 'deleted' WHERE booking_id = ?",
                {EventIdFor(booking.id), booking.id}));
  {
    std::lock_guard lock(bookings_.mu);
    bookings_.bookings[booking.id].google_event_id = "";
  }
  ASSERT_TRUE(SyncNow(booking.id));
  EXPECT_EQ(Stat("inserts"), 2);
  EXPECT_EQ(EventsIn(primary).size(), 2u);
  EXPECT_EQ(Booking(booking.id).google_event_id, second);
  ASSERT_TRUE(SyncNow(booking.id));  // and again: nothing to do
  EXPECT_EQ(Stat("inserts"), 2);

  // Cancelling deletes the event of the current generation; a second re-confirmation takes generation 2.
  SetStatus(booking.id, scheduling::BookingStatus::kCancelled);
  ASSERT_TRUE(Changed(booking.id));
  Drain();
  EXPECT_EQ(EventsIn(primary).at(second), "cancelled");
  EXPECT_EQ(Booking(booking.id).google_event_id, "");
  SetStatus(booking.id, scheduling::BookingStatus::kConfirmed);
  ASSERT_TRUE(Changed(booking.id));
  Drain();
  EXPECT_EQ(EventsIn(primary),
            (std::map<std::string, std::string>{{EventIdFor(booking.id), "cancelled"},
                                                {second, "cancelled"},
                                                {EventIdFor(booking.id, 2), "confirmed"}}));
  EXPECT_EQ(Booking(booking.id).google_event_id, EventIdFor(booking.id, 2));
}

TEST_P(GoogleCalendarTest, TheEmulatorKeepsDeletedEventsLikeGoogle) {
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  const std::string token = AccessTokenOf(alice_);
  ASSERT_FALSE(token.empty());
  HttpGoogleApi api(http_, GoogleApiOptions{.client_id = config_.oauth.google_client_id,
                                            .client_secret = config_.oauth.google_client_secret,
                                            .token_url = config_.oauth.google_token_url,
                                            .revoke_url = config_.calendar.google_revoke_url,
                                            .api_base = config_.calendar.google_api_base});
  const EventInput event{.id = "abcdefghij0123456789",
                         .summary = "Cut",
                         .start = {.at_ms = 1'800'000'000'000, .time_zone = "Europe/Berlin"},
                         .end = {.at_ms = 1'800'003'600'000, .time_zone = "Europe/Berlin"},
                         .booking_id = "bkg_x"};
  auto inserted = api.InsertEvent(token, "primary", event);
  ASSERT_TRUE(inserted) << inserted.error().message;
  EXPECT_EQ(inserted->status, "confirmed");
  ASSERT_TRUE(api.DeleteEvent(token, "primary", event.id));
  auto got = api.GetEvent(token, "primary", event.id);  // deleted events persist, and GET returns them
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->id, event.id);
  EXPECT_EQ(got->status, "cancelled");
  auto again = api.InsertEvent(token, "primary", event);  // the id stays taken
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto twice = api.DeleteEvent(token, "primary", event.id);  // 410
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
  auto unknown = api.GetEvent(token, "primary", "unknown0000");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST_P(GoogleCalendarTest, RateLimitsAreRetryableAndUnknownBookingsAreNoOps) {
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  auto booking = AddBooking(alice_, scheduling::BookingStatus::kConfirmed);
  ASSERT_EQ(
      emulator_->Control("/__control/google/calendar/fail", bj::object{{"status", 429}, {"op", "insert"}}),
      204);
  auto limited = SyncNow(booking.id);
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
  EXPECT_TRUE(jobs::IsRetryable(limited.error()));
  ASSERT_EQ(
      emulator_->Control("/__control/google/calendar/fail", bj::object{{"status", 503}, {"op", "insert"}}),
      204);
  auto down = SyncNow(booking.id);
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, ErrorCode::kUnavailable);
  ASSERT_EQ(
      emulator_->Control("/__control/google/calendar/fail",
                         bj::object{{"status", 403}, {"reason", "rateLimitExceeded"}, {"op", "insert"}}),
      204);
  auto usage = SyncNow(booking.id);
  ASSERT_FALSE(usage);
  EXPECT_EQ(usage.error().code, ErrorCode::kRateLimited);
  // A 401 refreshes the access token once and retries.
  ASSERT_EQ(
      emulator_->Control("/__control/google/calendar/fail", bj::object{{"status", 401}, {"op", "insert"}}),
      204);
  EXPECT_TRUE(SyncNow(booking.id));
  EXPECT_EQ(Stat("refreshes"), 1);
  EXPECT_EQ(Events().size(), 1u);
  EXPECT_TRUE(SyncNow("bkg_unknown"));
  // A company that never connected: the observer enqueues nothing.
  auto other = AddBooking(bob_, scheduling::BookingStatus::kConfirmed);
  ASSERT_TRUE(Changed(other.id));
  auto jobs = db().Query("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'calendar.google.sync'");
  EXPECT_EQ((*jobs)[0].Int("n"), 0);
}

TEST_P(GoogleCalendarTest, ExpiredAccessTokenIsRefreshedOnce) {
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  const auto sealed_before =
      (*db().Query("SELECT access_token_sealed FROM google_calendar_connections"))[0].Text(
          "access_token_sealed");
  ASSERT_EQ(emulator_->Control("/__control/google/calendar/expire-access-tokens"), 204);
  auto listed = Call("GET", Base(alice_) + "/calendars", alice_.principal);
  EXPECT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(Stat("refreshes"), 1);
  const auto sealed_after =
      (*db().Query("SELECT access_token_sealed FROM google_calendar_connections"))[0].Text(
          "access_token_sealed");
  EXPECT_NE(sealed_before, sealed_after);
  EXPECT_EQ(Call("GET", Base(alice_) + "/calendars", alice_.principal).status, 200);
  EXPECT_EQ(Stat("refreshes"), 1);  // the new token is used from then on
}

TEST_P(GoogleCalendarTest, InvalidGrantMarksTheConnectionInError) {
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  ASSERT_EQ(emulator_->Control("/__control/google/calendar/expire-access-tokens"), 204);
  ASSERT_EQ(emulator_->Control("/__control/google/calendar/kill-refresh-tokens"), 204);
  auto booking = AddBooking(alice_, scheduling::BookingStatus::kConfirmed);
  auto synced = SyncNow(booking.id);
  ASSERT_FALSE(synced);
  EXPECT_EQ(synced.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(jobs::IsRetryable(synced.error()));
  auto status = Body(Call("GET", Base(alice_), alice_.principal));
  EXPECT_EQ(status.at("status").as_string(), "error");
  EXPECT_NE(std::string(status.at("last_error").as_string()).find("invalid_grant"), std::string::npos);
  EXPECT_EQ(Call("GET", Base(alice_) + "/calendars", alice_.principal).status, 422);
  // Connecting again heals it.
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  EXPECT_EQ(Body(Call("GET", Base(alice_), alice_.principal)).at("status").as_string(), "connected");
}

TEST_P(GoogleCalendarTest, BusyTimesComeFromFreeBusyAndAreCached) {
  auto none = registered_.busy->Busy(alice_.company_id, 1'800'000'000'000, 1'800'086'400'000);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());  // not connected
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  ASSERT_EQ(emulator_->Control("/__control/google/calendar/events",
                               bj::object{{"calendar_id", "emulated.user@example.com"},
                                          {"start", "2027-01-15T10:00:00Z"},
                                          {"end", "2027-01-15T11:30:00+01:00"},
                                          {"summary", "Dentist"}}),
            200);
  auto busy = registered_.busy->Busy(alice_.company_id, 1'800'000'000'000, 1'800'086'400'000);
  ASSERT_TRUE(busy) << busy.error().message;
  ASSERT_EQ(busy->size(), 1u);
  EXPECT_EQ((*busy)[0].starts_at, ParseRfc3339("2027-01-15T10:00:00Z").value());
  EXPECT_EQ((*busy)[0].ends_at, ParseRfc3339("2027-01-15T10:30:00Z").value());
  EXPECT_TRUE(registered_.busy->Busy(alice_.company_id, 1'800'000'000'000, 1'800'040'000'000));
  auto next_week = registered_.busy->Busy(alice_.company_id, 1'800'500'000'000, 1'800'586'400'000);
  ASSERT_TRUE(next_week);
  EXPECT_TRUE(next_week->empty());
  EXPECT_EQ(Stat("freebusy"), 1);  // later questions inside the fetched fortnight come from the cache
  ASSERT_EQ(
      emulator_->Control("/__control/google/calendar/fail", bj::object{{"status", 500}, {"op", "freebusy"}}),
      204);
  auto other_window = registered_.busy->Busy(alice_.company_id, 1'700'000'000'000, 1'700'086'400'000);
  EXPECT_FALSE(other_window);  // errors are returned; scheduling computes slots without them
  // A failure is remembered briefly, so a Google outage does not cost every slot question a call.
  EXPECT_FALSE(registered_.busy->Busy(alice_.company_id, 1'800'000'000'000, 1'800'040'000'000));
  EXPECT_EQ(Stat("freebusy"), 1);
}

TEST_P(GoogleCalendarTest, DisconnectRevokesAndForgets) {
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  auto gone = Call("DELETE", Base(alice_), alice_.principal);
  EXPECT_EQ(gone.status, 204);
  EXPECT_EQ(Stat("revocations"), 1);
  EXPECT_EQ(Body(Call("GET", Base(alice_), alice_.principal)).at("status").as_string(), "disconnected");
  auto rows = db().Query("SELECT COUNT(*) AS n FROM google_calendar_connections");
  EXPECT_EQ((*rows)[0].Int("n"), 0);
  EXPECT_EQ(Call("GET", Base(alice_) + "/calendars", alice_.principal).status, 422);
}

TEST_P(GoogleCalendarTest, OtherTenantsCompaniesAreNotFound) {
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  const auto& intruder = bob_.principal;
  EXPECT_EQ(Call("GET", Base(alice_), intruder).status, 404);
  EXPECT_EQ(Call("POST", Base(alice_) + "/connect", intruder).status, 404);
  EXPECT_EQ(Call("GET", Base(alice_) + "/calendars", intruder).status, 404);
  EXPECT_EQ(Call("PUT", Base(alice_), intruder, {}, R"({"calendar_id":"emulated.user@example.com"})").status,
            404);
  EXPECT_EQ(Call("DELETE", Base(alice_), intruder).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/companies/cmp_nope/google-calendar", intruder).status, 404);
  EXPECT_EQ(Body(Call("GET", Base(alice_), alice_.principal)).at("status").as_string(), "connected");
  EXPECT_EQ(router_.Match("GET", "/oauth/google-calendar/callback").route->options.access,
            http::Access::kPublic);
  EXPECT_EQ(router_.Match("GET", Base(alice_)).route->options.access, http::Access::kAuthenticated);
}

TEST_P(GoogleCalendarTest, ConnectingBackfillsFutureConfirmedBookingsPageByPage) {
  constexpr int64_t kStart = 1'800'000'000'000;
  std::vector<std::string> wanted;
  wanted.reserve(8);
  // Five at one instant (more than a page of two), one long one running across them, two later ones.
  for (int i = 0; i < 5; ++i)
    wanted.push_back(AddBooking(alice_, scheduling::BookingStatus::kConfirmed, kStart).id);
  wanted.push_back(AddBooking(alice_, scheduling::BookingStatus::kConfirmed, kStart - 3'600'000, 600).id);
  wanted.push_back(AddBooking(alice_, scheduling::BookingStatus::kConfirmed, kStart + 86'400'000).id);
  wanted.push_back(
      AddBooking(alice_, scheduling::BookingStatus::kConfirmed, kStart + int64_t{2} * 86'400'000).id);
  // Not copied: a booking in the past, a hold, a cancelled booking, another company's booking.
  const auto past = AddBooking(alice_, scheduling::BookingStatus::kConfirmed, 1'600'000'000'000);
  AddBooking(alice_, scheduling::BookingStatus::kPendingPayment, kStart + 3'600'000);
  AddBooking(alice_, scheduling::BookingStatus::kCancelled, kStart + 3'600'000);
  AddBooking(bob_, scheduling::BookingStatus::kConfirmed, kStart);

  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  // The callback only enqueued the first page; the pages and their sync jobs run in the worker.
  EXPECT_EQ(JobCount(kBackfillJob), 1);
  EXPECT_EQ(JobCount(kSyncJob), 0);
  EXPECT_EQ(Stat("inserts"), 0);
  Drain();
  EXPECT_GE(JobCount(kBackfillJob, "done"), 4);  // 8 bookings, two a page
  EXPECT_EQ(JobCount(kSyncJob, "done"), static_cast<int64_t>(wanted.size()));
  const auto primary = EventsIn("emulated.user@example.com");
  ASSERT_EQ(primary.size(), wanted.size());
  for (const auto& id : wanted) {
    EXPECT_EQ(primary.count(EventIdFor(id)), 1u) << id;
    EXPECT_EQ(Booking(id).google_event_id, EventIdFor(id));
  }
  EXPECT_EQ(primary.count(EventIdFor(past.id)), 0u);
  EXPECT_EQ(Events().size(), wanted.size());  // nothing for Bob, who never connected

  // Connecting again (or a second back-fill) finds every event in place: no sync job, no insert.
  const int64_t inserts = Stat("inserts");
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  Drain();
  EXPECT_EQ(JobCount(kSyncJob), static_cast<int64_t>(wanted.size()));
  EXPECT_EQ(Stat("inserts"), inserts);
  EXPECT_EQ(Events().size(), wanted.size());
}

TEST_P(GoogleCalendarTest, ReconnectingAfterAnErrorBackfillsWhatWasBookedMeanwhile) {
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  Drain();
  ASSERT_EQ(emulator_->Control("/__control/google/calendar/expire-access-tokens"), 204);
  ASSERT_EQ(emulator_->Control("/__control/google/calendar/kill-refresh-tokens"), 204);
  auto before = AddBooking(alice_, scheduling::BookingStatus::kConfirmed);
  ASSERT_TRUE(Changed(before.id));
  Drain();  // the sync job fails for good (invalid_grant): the connection is in error
  ASSERT_EQ(Body(Call("GET", Base(alice_), alice_.principal)).at("status").as_string(), "error");
  auto during = AddBooking(alice_, scheduling::BookingStatus::kConfirmed, 1'800'100'000'000);
  ASSERT_TRUE(Changed(during.id));
  EXPECT_EQ(JobCount(kSyncJob, "pending"), 0);  // nothing is enqueued while in error
  EXPECT_TRUE(Events().empty());

  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  Drain();
  const auto primary = EventsIn("emulated.user@example.com");
  EXPECT_EQ(primary.size(), 2u);
  EXPECT_EQ(primary.count(EventIdFor(before.id)), 1u);
  EXPECT_EQ(primary.count(EventIdFor(during.id)), 1u);
}

TEST_P(GoogleCalendarTest, ChoosingAnotherCalendarMovesTheEvents) {
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  auto booking = AddBooking(alice_, scheduling::BookingStatus::kConfirmed);
  auto later = AddBooking(alice_, scheduling::BookingStatus::kConfirmed, 1'800'086'400'000);
  Drain();
  const std::string primary = "emulated.user@example.com";
  ASSERT_EQ(EventsIn(primary).size(), 2u);

  const std::string bookings_id = BookingsCalendar(alice_);
  auto chosen = Call("PUT", Base(alice_), alice_.principal, {},
                     bj::serialize(bj::object{{"calendar_id", bookings_id}}));
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  EXPECT_EQ(JobCount(kBackfillJob, "pending"), 1);
  Drain();
  const auto moved = EventsIn(bookings_id);
  EXPECT_EQ(moved, (std::map<std::string, std::string>{{EventIdFor(booking.id), "confirmed"},
                                                       {EventIdFor(later.id), "confirmed"}}));
  const auto left = EventsIn(primary);  // deleted there (Google keeps them as cancelled)
  EXPECT_EQ(left, (std::map<std::string, std::string>{{EventIdFor(booking.id), "cancelled"},
                                                      {EventIdFor(later.id), "cancelled"}}));
  auto record =
      db().Query("SELECT calendar_id, status FROM google_calendar_events WHERE booking_id = ?", {booking.id});
  ASSERT_TRUE(record);
  ASSERT_EQ(record->size(), 1u);
  EXPECT_EQ((*record)[0].Text("calendar_id"), bookings_id);
  EXPECT_EQ((*record)[0].Text("status"), "created");
  EXPECT_EQ(Booking(booking.id).google_event_id, EventIdFor(booking.id));

  // A cancellation deletes the event in the calendar it is in now.
  SetStatus(later.id, scheduling::BookingStatus::kCancelled);
  ASSERT_TRUE(Changed(later.id));
  Drain();
  EXPECT_EQ(EventsIn(bookings_id).at(EventIdFor(later.id)), "cancelled");

  // Back to the first calendar: Google keeps the id deleted there (409), so the event comes back under
  // the next generation and leaves the Bookings calendar.
  auto back =
      Call("PUT", Base(alice_), alice_.principal, {}, bj::serialize(bj::object{{"calendar_id", primary}}));
  ASSERT_EQ(back.status, 200) << back.body;
  Drain();
  const std::string second = EventIdFor(booking.id, 1);
  EXPECT_EQ(EventsIn(primary), (std::map<std::string, std::string>{{EventIdFor(booking.id), "cancelled"},
                                                                   {second, "confirmed"},
                                                                   {EventIdFor(later.id), "cancelled"}}));
  EXPECT_EQ(EventsIn(bookings_id).at(EventIdFor(booking.id)), "cancelled");
  EXPECT_EQ(Booking(booking.id).google_event_id, second);

  // And over again: generation 1 is new in the Bookings calendar; back in the primary one, generation 2.
  ASSERT_EQ(
      Call("PUT", Base(alice_), alice_.principal, {}, bj::serialize(bj::object{{"calendar_id", bookings_id}}))
          .status,
      200);
  Drain();
  EXPECT_EQ(EventsIn(bookings_id).at(second), "confirmed");
  EXPECT_EQ(EventsIn(primary).at(second), "cancelled");
  ASSERT_EQ(
      Call("PUT", Base(alice_), alice_.principal, {}, bj::serialize(bj::object{{"calendar_id", primary}}))
          .status,
      200);
  Drain();
  EXPECT_EQ(EventsIn(primary).at(EventIdFor(booking.id, 2)), "confirmed");
  EXPECT_EQ(EventsIn(bookings_id).at(second), "cancelled");
  EXPECT_EQ(Booking(booking.id).google_event_id, EventIdFor(booking.id, 2));
  int live = 0;
  for (const auto& e : Events()) live += e.at("status").as_string() == "confirmed" ? 1 : 0;
  EXPECT_EQ(live, 1);  // one event of the booking, in the chosen calendar; the cancelled booking has none
}

TEST_P(GoogleCalendarTest, ACalendarThatRefusesEventsIsFixedByChoosingAnother) {
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  auto booking = AddBooking(alice_, scheduling::BookingStatus::kConfirmed);
  ASSERT_EQ(
      emulator_->Control("/__control/google/calendar/fail",
                         bj::object{{"status", 403}, {"reason", "requiredAccessLevel"}, {"op", "insert"}}),
      204);
  Drain();
  auto status = Body(Call("GET", Base(alice_), alice_.principal));
  ASSERT_EQ(status.at("status").as_string(), "error");
  EXPECT_TRUE(Events().empty());

  const std::string bookings_id = BookingsCalendar(alice_);
  auto chosen = Call("PUT", Base(alice_), alice_.principal, {},
                     bj::serialize(bj::object{{"calendar_id", bookings_id}}));
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  EXPECT_EQ(Body(chosen).at("status").as_string(), "connected");
  EXPECT_EQ(Body(chosen).at("last_error").as_string(), "");
  Drain();
  EXPECT_EQ(EventsIn(bookings_id).count(EventIdFor(booking.id)), 1u);
}

TEST_P(GoogleCalendarTest, DisconnectLeavesTheEventsAndReconnectAddsOnlyTheMissingOnes) {
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  auto kept = AddBooking(alice_, scheduling::BookingStatus::kConfirmed);
  ASSERT_TRUE(Changed(kept.id));
  Drain();
  ASSERT_EQ(Call("DELETE", Base(alice_), alice_.principal).status, 204);
  EXPECT_EQ(EventsIn("emulated.user@example.com").at(EventIdFor(kept.id)), "confirmed");

  auto meanwhile = AddBooking(alice_, scheduling::BookingStatus::kConfirmed, 1'800'086'400'000);
  ASSERT_TRUE(Changed(meanwhile.id));
  Drain();
  EXPECT_EQ(Events().size(), 1u);  // not connected: nothing is added

  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  Drain();
  const auto primary = EventsIn("emulated.user@example.com");
  EXPECT_EQ(primary, (std::map<std::string, std::string>{{EventIdFor(kept.id), "confirmed"},
                                                         {EventIdFor(meanwhile.id), "confirmed"}}));
  EXPECT_EQ(Stat("inserts"), 2);  // the kept event was not inserted again

  // Even without X8's record of an event, a back-fill does not duplicate it (409, then the event is read).
  ASSERT_TRUE(db().Exec("DELETE FROM google_calendar_events"));
  auto chosen = Call("PUT", Base(alice_), alice_.principal, {},
                     bj::serialize(bj::object{{"calendar_id", "emulated.user@example.com"}}));
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  Drain();
  EXPECT_EQ(EventsIn("emulated.user@example.com").size(), 2u);
  EXPECT_EQ(Booking(kept.id).google_event_id, EventIdFor(kept.id));
}

TEST_P(GoogleCalendarTest, ABackfillForACalendarNoLongerChosenStops) {
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  AddBooking(alice_, scheduling::BookingStatus::kConfirmed);
  const std::string bookings_id = BookingsCalendar(alice_);
  ASSERT_EQ(
      Call("PUT", Base(alice_), alice_.principal, {}, bj::serialize(bj::object{{"calendar_id", bookings_id}}))
          .status,
      200);
  EXPECT_EQ(JobCount(kBackfillJob, "pending"), 2);  // the primary's (stale) and the Bookings one
  Drain();
  EXPECT_EQ(EventsIn("emulated.user@example.com").size(), 0u);
  EXPECT_EQ(EventsIn(bookings_id).size(), 1u);
  EXPECT_EQ(JobCount(kSyncJob), 1);

  // Disconnected: a page left over does nothing.
  auto page = BackfillPageFrom(bj::serialize(ToJson(BackfillPage{.account_id = alice_.principal.tenant_id,
                                                                 .company_id = alice_.company_id,
                                                                 .calendar_id = bookings_id})));
  ASSERT_TRUE(page);
  ASSERT_EQ(Call("DELETE", Base(alice_), alice_.principal).status, 204);
  LazyTx tx(db());
  EXPECT_TRUE(tx.Finish(registered_.service->Backfill(tx, *page)));
  EXPECT_EQ(JobCount(kSyncJob), 1);
}

TEST(GoogleCalendarPure, BackfillPagesKeepTheirPhase) {
  auto old_page = BackfillPageFrom(R"({"account_id":"a","company_id":"c","calendar_id":"k","from_ms":5})");
  ASSERT_TRUE(old_page);
  EXPECT_EQ(old_page->phase, kBackfillConfirmed);  // enqueued before the cancelled phase existed
  BackfillPage page{.account_id = "a",
                    .company_id = "c",
                    .calendar_id = "k",
                    .from_ms = 5,
                    .after_starts_at = 7,
                    .after_id = "bkg_1",
                    .phase = std::string(kBackfillCancelled)};
  auto round = BackfillPageFrom(bj::serialize(ToJson(page)));
  ASSERT_TRUE(round);
  EXPECT_EQ(round->phase, kBackfillCancelled);
  EXPECT_EQ(round->after_id, "bkg_1");
  EXPECT_EQ(round->after_starts_at, 7);
  EXPECT_FALSE(BackfillPageFrom(R"({"account_id":"a","company_id":"c","calendar_id":"k","phase":"x"})"));
}

TEST_P(GoogleCalendarTest, ReconnectingDeletesTheEventsOfBookingsCancelledWhileDisconnected) {
  constexpr int64_t kStart = 1'800'000'000'000;
  const std::string primary = "emulated.user@example.com";
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  // Five upcoming bookings at one instant (more than a page of two), one that stays, one in the past, one
  // cancelled before the disconnect (its event deleted then), all in Google.
  std::vector<std::string> cancelled;
  cancelled.reserve(5);
  for (int i = 0; i < 5; ++i)
    cancelled.push_back(AddBooking(alice_, scheduling::BookingStatus::kConfirmed, kStart).id);
  const auto kept = AddBooking(alice_, scheduling::BookingStatus::kConfirmed, kStart + 86'400'000);
  const auto past = AddBooking(alice_, scheduling::BookingStatus::kConfirmed, 1'600'000'000'000);
  const auto rebooked = AddBooking(alice_, scheduling::BookingStatus::kConfirmed, kStart + 3'600'000);
  for (const auto& id : cancelled) ASSERT_TRUE(Changed(id));
  for (const auto* b : {&kept, &past, &rebooked}) ASSERT_TRUE(Changed(b->id));
  Drain();
  SetStatus(rebooked.id, scheduling::BookingStatus::kCancelled);
  ASSERT_TRUE(Changed(rebooked.id));
  Drain();
  ASSERT_EQ(EventsIn(primary).size(), 8u);
  ASSERT_EQ(EventsIn(primary).at(EventIdFor(rebooked.id)), "cancelled");

  ASSERT_EQ(Call("DELETE", Base(alice_), alice_.principal).status, 204);
  // While disconnected: five bookings and the past one are cancelled, the cancelled one is confirmed again,
  // and a hold is released (a cancelled booking that never had an event).
  for (const auto& id : cancelled) {
    SetStatus(id, scheduling::BookingStatus::kCancelled);
    ASSERT_TRUE(Changed(id));
  }
  SetStatus(past.id, scheduling::BookingStatus::kCancelled);
  ASSERT_TRUE(Changed(past.id));
  SetStatus(rebooked.id, scheduling::BookingStatus::kConfirmed);
  ASSERT_TRUE(Changed(rebooked.id));
  AddBooking(alice_, scheduling::BookingStatus::kCancelled, kStart);
  const int64_t sync_jobs = JobCount(kSyncJob);
  Drain();
  EXPECT_EQ(JobCount(kSyncJob), sync_jobs);  // not connected: nothing was enqueued
  for (const auto& id : cancelled) EXPECT_EQ(EventsIn(primary).at(EventIdFor(id)), "confirmed");

  const int64_t deletes = Stat("deletes");
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  Drain();
  const auto events = EventsIn(primary);
  for (const auto& id : cancelled) {
    EXPECT_EQ(events.at(EventIdFor(id)), "cancelled") << id;
    EXPECT_EQ(Booking(id).google_event_id, "") << id;
  }
  EXPECT_EQ(events.at(EventIdFor(kept.id)), "confirmed");
  EXPECT_EQ(events.at(EventIdFor(past.id)), "confirmed");  // bookings that already ended are left alone
  EXPECT_EQ(events.at(EventIdFor(rebooked.id, 1)), "confirmed");  // confirmed again: the next generation
  EXPECT_EQ(Booking(rebooked.id).google_event_id, EventIdFor(rebooked.id, 1));
  EXPECT_EQ(Stat("deletes"), deletes + 5);
  EXPECT_EQ(JobCount(kSyncJob), sync_jobs + 6);  // five deletes and one insert, nothing for the rest
  EXPECT_EQ(JobCount(kBackfillJob, "pending"), 0);

  // A second back-fill finds nothing left to do.
  const int64_t jobs_before = JobCount(kSyncJob);
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  Drain();
  EXPECT_EQ(JobCount(kSyncJob), jobs_before);
  EXPECT_EQ(Stat("deletes"), deletes + 5);
}

TEST_P(GoogleCalendarTest, ReconnectingAfterAnErrorDeletesTheEventsOfBookingsCancelledMeanwhile) {
  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  auto booking = AddBooking(alice_, scheduling::BookingStatus::kConfirmed);
  ASSERT_TRUE(Changed(booking.id));
  Drain();
  ASSERT_EQ(emulator_->Control("/__control/google/calendar/expire-access-tokens"), 204);
  ASSERT_EQ(emulator_->Control("/__control/google/calendar/kill-refresh-tokens"), 204);
  SetStatus(booking.id, scheduling::BookingStatus::kCancelled);
  ASSERT_TRUE(Changed(booking.id));
  Drain();  // the delete fails for good (invalid_grant): the connection is in error, the event stays
  ASSERT_EQ(Body(Call("GET", Base(alice_), alice_.principal)).at("status").as_string(), "error");
  ASSERT_EQ(EventsIn("emulated.user@example.com").at(EventIdFor(booking.id)), "confirmed");

  ASSERT_EQ(ConnectThroughBrowser(alice_), Page(alice_, "connected"));
  Drain();
  EXPECT_EQ(EventsIn("emulated.user@example.com").at(EventIdFor(booking.id)), "cancelled");
  auto record = db().Query("SELECT status FROM google_calendar_events WHERE booking_id = ?", {booking.id});
  ASSERT_TRUE(record);
  ASSERT_EQ(record->size(), 1u);
  EXPECT_EQ((*record)[0].Text("status"), "deleted");
}

TEST_P(GoogleCalendarTest, TheHourlyPruneJobDeletesExpiredConnectStatesOnly) {
  // A connect started now (its state is valid for 10 minutes) and one abandoned long ago.
  auto started = Call("POST", Base(alice_) + "/connect", alice_.principal);
  ASSERT_EQ(started.status, 200) << started.body;
  const int64_t now = clock_.NowMillis();
  ASSERT_TRUE(
      db().Exec("INSERT INTO google_calendar_oauth_states (state_hash, account_id, company_id, "
                "user_id, verifier_sealed, expires_at, created_at) "
                "VALUES ('abandoned', ?, ?, ?, 'x', ?, ?)",
                {bob_.principal.tenant_id, bob_.company_id, bob_.principal.user_id, now - 1, now - 600'001}));

  auto ticked = scheduler_->Tick();
  ASSERT_TRUE(ticked) << ticked.error().message;
  EXPECT_EQ(*ticked, 1) << "calendar.google.prune_states is scheduled";
  EXPECT_EQ(Drain(), 1);
  EXPECT_EQ(JobCount(kPruneStatesJob, "done"), 1);
  auto left = db().Query("SELECT state_hash, company_id FROM google_calendar_oauth_states", {});
  ASSERT_TRUE(left);
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].Text("company_id"), alice_.company_id);
  EXPECT_FALSE(scheduler_->Every(std::string(kPruneStatesJob), std::chrono::hours(1), "x"))
      << "already registered";
}

X8_INSTANTIATE_ENGINE_TEST(GoogleCalendarTest);

}  // namespace
}  // namespace x8::calendar::google
