// Test fixture for the conversations module: the real module (SQL store, jobs, routes) on SQLite and
// PostgreSQL with fakes for the ports the composition root provides (companies, catalogue, engines,
// checkout, senders).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "modules/accounts/domain/access.h"
#include "modules/assistant/testing/fake_schedule.h"
#include "modules/conversations/module.h"
#include "platform/http/router.h"
#include "platform/http/websocket_hub.h"
#include "platform/jobs/queue.h"
#include "platform/jobs/scheduler.h"
#include "platform/jobs/worker.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::conversations::testing {

class FakeAccounts final : public accounts::AccountDirectory {
 public:
  Result<std::optional<std::string>> ManagerOf(std::string_view account_id) override {
    if (known.contains(std::string(account_id))) return std::optional<std::string>("");
    return std::optional<std::string>();
  }
  std::set<std::string> known;
};

class FakeCompanies final : public CompanyDirectory {
 public:
  Result<CompanyInfo> Find(std::string_view company_id) override {
    auto found = companies.find(std::string(company_id));
    if (found == companies.end()) return NotFound("company not found");
    return found->second;
  }
  std::map<std::string, CompanyInfo> companies;
};

class EmptyCatalogue final : public assistant::Catalogue {
 public:
  Result<std::vector<Hit>> Search(std::string_view, const Filter&, size_t) override {
    return std::vector<Hit>{};
  }
  Result<std::optional<Hit>> Item(std::string_view) override { return std::optional<Hit>(); }
  Result<std::vector<std::string>> Categories() override { return std::vector<std::string>{}; }
  Result<std::vector<knowledge::Item>> Faq() override { return std::vector<knowledge::Item>{}; }
};

class FakeCatalogues final : public CatalogueProvider {
 public:
  std::unique_ptr<assistant::Catalogue> For(const assistant::CompanyProfile&) override {
    return std::make_unique<EmptyCatalogue>();
  }
};

// Answers each turn with one reply naming the burst it saw; `next` overrides the result once.
class RecordingEngine final : public assistant::Engine {
 public:
  explicit RecordingEngine(std::string name) : name_(std::move(name)) {}
  std::string_view name() const override { return name_; }
  Result<assistant::TurnResult> Run(const assistant::TurnInput& input, assistant::Catalogue&) override {
    std::lock_guard lock(mutex_);
    inputs.push_back(input);
    if (fail_with) return Error{*fail_with, "provider down"};
    if (next) {
      auto result = std::move(*next);
      next.reset();
      return result;
    }
    std::string joined;
    for (const auto& text : input.new_messages) joined += (joined.empty() ? "" : " | ") + text;
    assistant::TurnResult result;
    result.replies.push_back({.text = name_ + ": " + joined});
    result.cart = input.cart;
    result.language = "en";
    result.state = boost::json::object{{"turns", static_cast<int64_t>(inputs.size())}};
    result.trace.push_back(boost::json::object{{"step", "search"}, {"query", joined}});
    return result;
  }
  std::vector<assistant::TurnInput> inputs;
  std::optional<assistant::TurnResult> next;
  std::optional<ErrorCode> fail_with;

 private:
  std::mutex mutex_;
  std::string name_;
};

class FakeCheckout final : public commerce::CheckoutPort {
 public:
  Result<commerce::CheckoutLink> CreateCheckout(storage::Tx&,
                                                const commerce::CheckoutRequest& request) override {
    requests.push_back(request);
    if (request.quote.lines.empty() || request.quote.total_minor <= 0) {
      return InvalidArgument("nothing to pay for");
    }
    return commerce::CheckoutLink{.order_id = "ord_1",
                                  .url = "http://localhost/pay/sandbox/ps_1",
                                  .expires_at_ms = 0,
                                  .quote = request.quote};
  }
  std::vector<commerce::CheckoutRequest> requests;
};

// Holds and bookings in memory: a start in `taken` is full (kConflict "slot_taken").
class FakeBookings final : public scheduling::BookingPort {
 public:
  Result<scheduling::Booking> Hold(storage::Tx& tx, const scheduling::HoldRequest& request) override {
    return Book(tx, request, scheduling::BookingStatus::kPendingPayment);
  }
  Result<scheduling::Booking> BookNow(storage::Tx& tx, const scheduling::HoldRequest& request) override {
    return Book(tx, request, scheduling::BookingStatus::kConfirmed);
  }
  Result<std::vector<scheduling::Booking>> ConfirmForOrder(storage::Tx&, std::string_view order_id) override {
    confirmed_orders.emplace_back(order_id);
    std::vector<scheduling::Booking> out;
    for (auto& booking : bookings) {
      if (booking.order_id != order_id || booking.status != scheduling::BookingStatus::kPendingPayment)
        continue;
      booking.status = scheduling::BookingStatus::kConfirmed;
      booking.hold_expires_at.reset();
      out.push_back(booking);
    }
    return out;
  }
  Result<std::vector<scheduling::Booking>> ReleaseForOrder(storage::Tx&, std::string_view order_id) override {
    released_orders.emplace_back(order_id);
    std::vector<scheduling::Booking> out;
    for (auto& booking : bookings) {
      if (booking.order_id != order_id || booking.status != scheduling::BookingStatus::kPendingPayment)
        continue;
      booking.status = scheduling::BookingStatus::kCancelled;
      out.push_back(booking);
    }
    return out;
  }

  Result<std::vector<scheduling::Booking>> BookingsOfOrder(storage::Tx&, std::string_view order_id) override {
    std::vector<scheduling::Booking> out;
    for (const auto& booking : bookings) {
      if (booking.order_id == order_id) out.push_back(booking);
    }
    return out;
  }

  std::vector<scheduling::HoldRequest> requests;
  std::vector<scheduling::Booking> bookings;
  std::set<int64_t> taken;
  std::vector<std::string> confirmed_orders;
  std::vector<std::string> released_orders;

 private:
  Result<scheduling::Booking> Book(storage::Tx&, const scheduling::HoldRequest& request,
                                   scheduling::BookingStatus status) {
    requests.push_back(request);
    if (taken.contains(request.starts_at)) {
      return Error{ErrorCode::kConflict, "the slot is taken", {{"reason", "slot_taken"}}};
    }
    taken.insert(request.starts_at);
    scheduling::Booking booking{.id = "bkg_" + std::to_string(bookings.size() + 1),
                                .account_id = request.account_id,
                                .company_id = request.company_id,
                                .item_id = request.item_id,
                                .variant_id = request.variant_id,
                                .title = "Women's haircut",
                                .starts_at = request.starts_at,
                                .ends_at = request.starts_at + 3'600'000,
                                .timezone = "Europe/Berlin",
                                .status = status,
                                .hold_expires_at = request.expires_at,
                                .order_id = request.order_id,
                                .format = "offline",
                                .location = "Main St 1"};
    if (request.item_id.empty()) {  // a delivery window
      booking.kind = scheduling::BookingKind::kDelivery;
      booking.title = "Delivery";
      booking.ends_at = request.starts_at + int64_t{4} * 3'600'000;
      booking.format.clear();
      booking.location.clear();
      booking.address = request.address;
      booking.zone = request.zone;
    }
    bookings.push_back(booking);
    return booking;
  }
};

// A FakeSchedule per company when `enabled`; null otherwise (the company has no scheduling).
class FakeSchedules final : public ScheduleProvider {
 public:
  std::unique_ptr<assistant::Schedule> For(const assistant::CompanyProfile&) override {
    if (!enabled) return nullptr;
    auto schedule = std::make_unique<assistant::testing::FakeSchedule>("Europe/Berlin");
    schedule->delivers = delivers;
    schedule->zones = zones;
    return schedule;
  }
  bool enabled = false;
  bool delivers = false;  // delivery windows 10:00–14:00 and 14:00–18:00 every day
  std::vector<assistant::Schedule::Zone> zones;
};

class FakeSender final : public ChannelSender {
 public:
  std::string_view kind() const override { return "webchat"; }
  assistant::ChannelCaps caps() const override {
    assistant::ChannelCaps caps;
    caps.kind = "webchat";
    caps.max_buttons = 3;
    caps.max_text_chars = max_text_chars;
    return caps;
  }
  Result<SentMessage> Send(const OutboundMessage& message) override {
    sent.push_back(message);
    if (fail_with) return Error{*fail_with, "channel refused"};
    return SentMessage{.external_id = "ext-" + std::to_string(sent.size())};
  }
  std::vector<OutboundMessage> sent;
  std::optional<ErrorCode> fail_with;
  size_t max_text_chars = 4096;
};

inline commerce::CartLine Roses(int64_t quantity_milli = 2000) {
  return {.item_id = "itm_1",
          .variant_id = "var_1",
          .name = "Red roses",
          .unit_price_minor = 2500,
          .currency = "EUR",
          .quantity_milli = quantity_milli};
}

class ConversationsTest : public storage::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto migrated = storage::Migrate(db());
    ASSERT_TRUE(migrated) << migrated.error().message;
    queue_ = std::make_unique<jobs::Queue>(db(), clock_);
    worker_ = std::make_unique<jobs::Worker>(db(), clock_, jobs::WorkerOptions{.worker_id = "test"});
    scheduler_ = std::make_unique<jobs::Scheduler>(db(), clock_);
    access_ = std::make_unique<accounts::AccessPolicy>(accounts_);
    account_id_ = NewId("acc");
    other_account_id_ = NewId("acc");
    accounts_.known = {account_id_, other_account_id_};
    company_id_ = NewId("cmp");
    other_company_id_ = NewId("cmp");
    companies_.companies[company_id_] = {account_id_, {company_id_, "Flowers", "PRODUCT", "EUR", "UTC"}};
    companies_.companies[other_company_id_] = {other_account_id_,
                                               {other_company_id_, "Other", "PRODUCT", "EUR", "UTC"}};
    owner_ = {"usr_owner", "CLIENT", account_id_};
    stranger_ = {"usr_stranger", "CLIENT", other_account_id_};
    hub_.SetTopicPolicy([](const auto&, std::string_view) { return true; });
    events_connection_ = hub_.Attach(std::nullopt, [this](std::string text) {
      std::lock_guard lock(events_mutex_);
      events_.push_back(std::move(text));
    });
    hub_.OnMessage(events_connection_,
                   R"({"type":"subscribe","topic":"company.)" + company_id_ + R"(.inbox"})");
    Dependencies deps{.router = router_,
                      .db = db(),
                      .queue = *queue_,
                      .worker = *worker_,
                      .scheduler = *scheduler_,
                      .clock = clock_,
                      .access = *access_,
                      .hub = hub_,
                      .config = config_,
                      .companies = companies_,
                      .catalogues = catalogues_,
                      .engines = {{"guided", &guided_}, {"llm", &llm_}},
                      .checkout = &checkout_,
                      .schedules = &schedules_,
                      .bookings = &bookings_,
                      .llm_available = true};
    registered_ = Register(deps);
    sender_ = std::make_shared<FakeSender>();
    registered_.senders->Register(sender_);
    auto channel = registered_.conversations->EnsureChannel(account_id_, company_id_, "webchat", "Web chat");
    ASSERT_TRUE(channel) << channel.error().message;
    channel_ = *channel;
  }

  Accepted MustAccept(std::string text, std::string external_id, std::string contact = "visitor-1") {
    auto accepted = registered_.ingest->Accept(InboundMessage{.channel_id = channel_.id,
                                                              .external_id = std::move(external_id),
                                                              .contact_external_id = std::move(contact),
                                                              .contact_name = "Anna",
                                                              .text = std::move(text)});
    EXPECT_TRUE(accepted) << accepted.error().message;
    return accepted ? *accepted : Accepted{};
  }

  // Runs every job due now; returns how many ran.
  int RunDueJobs() {
    int ran = 0;
    for (;;) {
      auto once = worker_->RunOnce();
      EXPECT_TRUE(once) << once.error().message;
      if (!once || !*once) return ran;
      ++ran;
    }
  }

  std::vector<Message> MessagesOf(const std::string& conversation_id) {
    auto page = registered_.conversations->Messages(owner_, conversation_id, 0, 200);
    EXPECT_TRUE(page) << page.error().message;
    return page ? page->items : std::vector<Message>{};
  }

  Conversation MustGet(const std::string& conversation_id) {
    auto conversation = registered_.conversations->Get(owner_, conversation_id);
    EXPECT_TRUE(conversation) << conversation.error().message;
    return conversation ? *conversation : Conversation{};
  }

  int64_t CountRows(const std::string& sql) {
    auto rows = db().Query(sql);
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? rows->rows[0].Int(0) : -1;
  }

  std::vector<std::string> Events() {
    std::lock_guard lock(events_mutex_);
    return events_;
  }

  FakeClock clock_;
  config::ConversationsConfig config_{.default_debounce_ms = 3'000, .history_messages = 40};
  std::unique_ptr<jobs::Queue> queue_;
  std::unique_ptr<jobs::Worker> worker_;
  std::unique_ptr<jobs::Scheduler> scheduler_;
  FakeAccounts accounts_;
  std::unique_ptr<accounts::AccessPolicy> access_;
  FakeCompanies companies_;
  FakeCatalogues catalogues_;
  RecordingEngine guided_{"guided"};
  RecordingEngine llm_{"llm"};
  FakeCheckout checkout_;
  FakeSchedules schedules_;
  FakeBookings bookings_;
  http::Router router_;
  http::WebSocketHub hub_;
  uint64_t events_connection_ = 0;
  std::mutex events_mutex_;
  std::vector<std::string> events_;
  Registered registered_;
  std::shared_ptr<FakeSender> sender_;
  std::string account_id_, other_account_id_, company_id_, other_company_id_;
  http::Principal owner_, stranger_;
  Channel channel_;
};

}  // namespace x8::conversations::testing
