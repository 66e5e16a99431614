#include "modules/assistant/domain/llm_engine.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "modules/assistant/clients/openai_client.h"
#include "modules/assistant/testing/fake_schedule.h"
#include "modules/assistant/testing/indexed_catalogue.h"
#include "tests/emulators/emulator_process.h"

namespace x8::assistant {
namespace {

namespace bj = boost::json;

bj::object Call(std::string_view name, bj::value arguments) {
  return bj::object{{"name", name}, {"arguments", std::move(arguments)}};
}
bj::object Calls(std::initializer_list<bj::object> calls) {
  bj::array list;
  for (const auto& call : calls) list.push_back(call);
  return bj::object{{"tool_calls", std::move(list)}};
}
bj::object Content(std::string_view text) { return bj::object{{"content", text}}; }

class LlmEngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    emulator_ = new x8::testing::EmulatorProcess({"--quiet"});
    ASSERT_TRUE(emulator_->Start()) << emulator_->log();
  }
  static void TearDownTestSuite() {
    delete emulator_;
    emulator_ = nullptr;
  }
  void SetUp() override {
    ASSERT_EQ(emulator_->Control("/__control/reset"), 204);
    input_.company = {
        .id = "cmp_1", .name = "Fleur", .type = "PRODUCT", .currency = "EUR", .timezone = "UTC"};
    input_.settings.engine = "llm";
    input_.settings.prompts["rules"] = "Always suggest a greeting card.";
  }

  void Script(std::initializer_list<bj::object> responses) {
    bj::array list;
    for (const auto& response : responses) list.push_back(response);
    ASSERT_EQ(emulator_->Control("/__control/openai/script", {{"responses", std::move(list)}}), 200);
  }
  bj::array Requests() {
    return emulator_->ControlGet("/__control/openai/requests").at("requests").as_array();
  }

  Result<TurnResult> Run(int64_t max_context_tokens = 6000, int64_t timeout_ms = 5000) {
    auto engine = MakeLlmEngine(LlmOptions{.base_url = emulator_->Url("/v1"),
                                           .api_key = "emulator-openai-key",
                                           .model = "gpt-test",
                                           .timeout_ms = timeout_ms,
                                           .max_context_tokens = max_context_tokens},
                                http_);
    EXPECT_EQ(engine->name(), "llm");
    return engine->Run(input_, catalogue_);
  }

  static x8::testing::EmulatorProcess* emulator_;
  http::HttpClient http_{http::HttpClientOptions{.retry = {.max_attempts = 1}}};
  testing::IndexedCatalogue catalogue_ = testing::FlowerShopCatalogue();
  TurnInput input_;
};
x8::testing::EmulatorProcess* LlmEngineTest::emulator_ = nullptr;

// The tool message answering `call_id` in a recorded request, parsed.
bj::object ToolResult(const bj::value& request, std::string_view call_id) {
  for (const auto& message : request.at("body").at("messages").as_array()) {
    const auto& fields = message.as_object();
    if (fields.at("role").as_string() == "tool" && fields.at("tool_call_id").as_string() == call_id) {
      return bj::parse(fields.at("content").as_string()).as_object();
    }
  }
  ADD_FAILURE() << "no tool message for " << call_id;
  return {};
}

TEST_F(LlmEngineTest, ToolLoopBuildsTheCartAndChecksOut) {
  Script({Calls({Call("search_catalogue", bj::object{{"query", "red roses"}})}),
          Calls({Call(
              "add_to_cart",
              bj::object{{"item_id", "itm_flowers_1"}, {"variant_id", "var_flowers_1_2"}, {"quantity", 2}})}),
          Calls({Call("checkout", bj::object{})}),
          Content("Two M bouquets of red roses, €109.80 in total. The payment link follows.")});
  input_.new_messages = {"I'd like two medium red rose bouquets", "and pay please"};
  auto result = Run();
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->cart.lines.size(), 1u);
  EXPECT_EQ(result->cart.lines[0].variant_label, "M (25 stems)");
  EXPECT_EQ(result->cart.lines[0].quantity_milli, 2000);
  EXPECT_EQ(result->cart.lines[0].unit_price_minor, 5490);
  EXPECT_TRUE(result->checkout);
  ASSERT_EQ(result->replies.size(), 1u);
  EXPECT_EQ(result->replies[0].text,
            "Two M bouquets of red roses, €109.80 in total. The payment link follows.");

  auto requests = Requests();
  ASSERT_EQ(requests.size(), 4u);
  for (const auto& request : requests) EXPECT_EQ(request.at("status").as_int64(), 200);
  // The first request: system prompt with the rules, then both new messages.
  const auto& first = requests[0].at("body").at("messages").as_array();
  EXPECT_EQ(first[0].at("role").as_string(), "system");
  const std::string system(first[0].at("content").as_string());
  EXPECT_NE(system.find("Always suggest a greeting card."), std::string::npos);
  EXPECT_NE(system.find("Never write URLs"), std::string::npos);
  EXPECT_EQ(first[first.size() - 1].at("content").as_string(), "and pay please");
  EXPECT_EQ(requests[0].at("body").at("tools").as_array().size(), 8u);

  auto search = ToolResult(requests[1], "call_emu_1");
  EXPECT_EQ(search.at("items").as_array()[0].at("name").as_string(), "Red roses bouquet");
  auto added = ToolResult(requests[2], "call_emu_2");
  EXPECT_EQ(added.at("total_minor").as_int64(), 10980);
  EXPECT_EQ(added.at("total").as_string(), "€109.80");
  auto checkout = ToolResult(requests[3], "call_emu_3");
  EXPECT_EQ(checkout.at("status").as_string(), "confirmed");

  bool saw_llm = false;
  bool saw_tool = false;
  for (const auto& step : result->trace) {
    saw_llm = saw_llm || step.at("step").as_string() == "llm";
    saw_tool = saw_tool || step.at("step").as_string() == "tool";
  }
  EXPECT_TRUE(saw_llm);
  EXPECT_TRUE(saw_tool);
}

TEST_F(LlmEngineTest, MalformedArgumentsGoBackAsAToolError) {
  Script({Calls({Call("add_to_cart", "{\"item_id\": \"itm_flowers_1\", quantity: }")}),
          Content("Sorry, which size would you like?")});
  input_.new_messages = {"roses"};
  auto result = Run();
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(result->cart.empty());
  auto requests = Requests();
  ASSERT_EQ(requests.size(), 2u);
  auto error = ToolResult(requests[1], "call_emu_1");
  EXPECT_NE(std::string(error.at("error").as_string()).find("not a JSON object"), std::string::npos);
}

TEST_F(LlmEngineTest, ToolFailuresAreReportedToTheModel) {
  Script({Calls({Call("add_to_cart",
                      bj::object{
                          {"item_id", "itm_flowers_4"}, {"variant_id", "var_flowers_4_1"}, {"quantity", 1}}),
                 Call("checkout", bj::object{}), Call("fly_to_moon", bj::object{})}),
          Content("Sunflowers are out of stock, sorry.")});
  input_.new_messages = {"sunflowers and pay"};
  auto result = Run();
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_FALSE(result->checkout);
  auto requests = Requests();
  EXPECT_NE(std::string(ToolResult(requests[1], "call_emu_1").at("error").as_string()).find("out of stock"),
            std::string::npos);
  EXPECT_NE(std::string(ToolResult(requests[1], "call_emu_2").at("error").as_string()).find("empty"),
            std::string::npos);
  EXPECT_NE(std::string(ToolResult(requests[1], "call_emu_3").at("error").as_string()).find("unknown tool"),
            std::string::npos);
}

TEST_F(LlmEngineTest, CartEditsAndHandOff) {
  ASSERT_TRUE(commerce::AddToCart(input_.cart, {.item_id = "itm_flowers_1",
                                                .variant_id = "var_flowers_1_1",
                                                .name = "Red roses bouquet",
                                                .variant_label = "S (11 stems)",
                                                .unit_price_minor = 2990,
                                                .currency = "EUR",
                                                .quantity_milli = 1000}));
  Script({Calls({Call("set_quantity", bj::object{{"variant_id", "var_flowers_1_1"}, {"quantity", "3"}}),
                 Call("view_cart", bj::object{})}),
          Calls({Call("remove_from_cart", bj::object{{"variant_id", "var_flowers_1_1"}}),
                 Call("hand_off", bj::object{{"reason", "wants a custom bouquet"}})}),
          Content("")});
  input_.new_messages = {"make it three… actually, can a florist call me?"};
  auto result = Run();
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(result->cart.empty());
  EXPECT_TRUE(result->handoff);
  EXPECT_EQ(result->handoff_reason, "wants a custom bouquet");
  EXPECT_EQ(result->replies.at(0).text, HandoffText("en"));
  auto requests = Requests();
  EXPECT_EQ(ToolResult(requests[1], "call_emu_2").at("total_minor").as_int64(), 8970);
}

TEST_F(LlmEngineTest, RateLimitedAndUnavailable) {
  Script({bj::object{{"status", 429}, {"retry_after_s", 2}}, bj::object{{"status", 500}}});
  input_.new_messages = {"hi"};
  auto limited = Run();
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
  auto down = Run();
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, ErrorCode::kUnavailable);
}

TEST_F(LlmEngineTest, TimeoutIsUnavailable) {
  Script({bj::object{{"content", "late"}, {"delay_ms", 1500}}});
  input_.new_messages = {"hi"};
  auto result = Run(6000, 300);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
}

TEST_F(LlmEngineTest, HistoryIsTrimmedToTheBudgetNeverTheNewMessages) {
  for (int n = 0; n < 60; ++n) {
    input_.history.push_back({n % 2 == 0 ? Author::kCustomer : Author::kAssistant,
                              "message " + std::to_string(n) + " " + std::string(400, 'x'), n});
  }
  const std::string long_new(3000, 'n');
  input_.new_messages = {"first new", long_new};
  Script({Content("ok")});
  const int64_t budget = 4000;
  auto result = Run(budget);
  ASSERT_TRUE(result) << result.error().message;
  auto requests = Requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& messages = requests[0].at("body").at("messages").as_array();
  ASSERT_GE(messages.size(), 4u);
  EXPECT_EQ(messages[messages.size() - 2].at("content").as_string(), "first new");
  EXPECT_EQ(messages[messages.size() - 1].at("content").as_string(), long_new);
  // Kept history is the most recent, in order; the oldest was dropped.
  const size_t kept = messages.size() - 3;
  EXPECT_GT(kept, 0u);
  EXPECT_LT(kept, 60u);
  EXPECT_TRUE(
      std::string(messages[messages.size() - 3].at("content").as_string()).starts_with("message 59 "));
  EXPECT_FALSE(std::string(messages[1].at("content").as_string()).starts_with("message 0 "));
  // The whole request (tools included) stays within the budget at ≈ 4 bytes per token.
  const auto bytes = bj::serialize(requests[0].at("body")).size();
  EXPECT_LE(bytes / kBytesPerToken, static_cast<size_t>(budget) * 11 / 10) << bytes;
}

TEST_F(LlmEngineTest, NewMessagesSurviveEvenOverBudget) {
  input_.history.push_back({Author::kCustomer, "old", 0});
  input_.new_messages = {std::string(8000, 'y')};
  Script({Content("ok")});
  auto result = Run(500);
  ASSERT_TRUE(result) << result.error().message;
  const auto requests = Requests();
  const auto& messages = requests[0].at("body").at("messages").as_array();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1].at("content").as_string().size(), 8000u);
}

TEST_F(LlmEngineTest, RoundsAreBoundedAndTheLastForbidsTools) {
  for (int n = 0; n < kMaxLlmRounds; ++n) Script({Calls({Call("view_cart", bj::object{})})});
  input_.new_messages = {"loop"};
  auto result = Run();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
  auto requests = Requests();
  ASSERT_EQ(requests.size(), static_cast<size_t>(kMaxLlmRounds));
  EXPECT_EQ(requests.back().at("body").at("tool_choice").as_string(), "none");
  EXPECT_EQ(requests.front().at("body").at("tool_choice").as_string(), "auto");
}

TEST_F(LlmEngineTest, LinksTheModelWritesAreRemoved) {
  Script({Content("Pay here: https://evil.example/pay?x=1 (secure) or http://x.y")});
  input_.new_messages = {"pay"};
  auto result = Run();
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->replies.at(0).text, "Pay here:  (secure) or");
}

TEST_F(LlmEngineTest, HistoryRolesAndLanguage) {
  input_.history = {{Author::kCustomer, "Привет", 1},
                    {Author::kAssistant, "Здравствуйте!", 2},
                    {Author::kHuman, "Это Анна из магазина", 3}};
  input_.new_messages = {"Есть розы?"};
  Script({Content("Да, есть.")});
  auto result = Run();
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->language, "ru");
  const auto requests = Requests();
  const auto& messages = requests[0].at("body").at("messages").as_array();
  EXPECT_EQ(messages[1].at("role").as_string(), "user");
  EXPECT_EQ(messages[2].at("role").as_string(), "assistant");
  EXPECT_EQ(messages[3].at("role").as_string(), "assistant");
}

TEST(LlmPrompt, SystemPromptCarriesCompanyRulesAndCart) {
  TurnInput input;
  input.company = {.id = "c", .name = "Fleur", .type = "PRODUCT", .currency = "EUR", .timezone = "UTC"};
  input.settings.prompts = {{"rules", "No discounts."}, {"checkout", "Thank them warmly."}, {"greeting", ""}};
  input.language = "ru";
  ASSERT_TRUE(commerce::AddToCart(input.cart, {.item_id = "i",
                                               .variant_id = "var_9",
                                               .name = "Orchid in pot",
                                               .unit_price_minor = 4500,
                                               .currency = "EUR",
                                               .quantity_milli = 1000}));
  const std::string prompt = SystemPrompt(input);
  EXPECT_NE(prompt.find("Fleur"), std::string::npos);
  EXPECT_NE(prompt.find("EUR"), std::string::npos);
  EXPECT_NE(prompt.find("No discounts."), std::string::npos);
  EXPECT_NE(prompt.find("Thank them warmly."), std::string::npos);
  EXPECT_EQ(prompt.find("When greeting"), std::string::npos);
  EXPECT_NE(prompt.find("Russian"), std::string::npos);
  EXPECT_NE(prompt.find("[var_9]"), std::string::npos);
  EXPECT_NE(prompt.find("payment link"), std::string::npos);
}

// Wed 25 Nov 2026 10:00 in Moscow.
constexpr int64_t kSalonNow = 1795590000000;
constexpr int64_t kHourMs = 3'600'000;

TEST_F(LlmEngineTest, ListsSlotsAndPutsTheChosenOneOnTheCartLine) {
  testing::FakeSchedule schedule("Europe/Moscow");
  catalogue_ = testing::RussianCatalogue();
  input_.company = {
      .id = "cmp_1", .name = "Салон", .type = "SERVICE", .currency = "RUB", .timezone = "Europe/Moscow"};
  input_.schedule = &schedule;
  input_.now_ms = kSalonNow;
  Script({Calls({Call(
              "list_slots",
              bj::object{{"item_id", "itm_salon_1"}, {"from", "2026-11-26T15:00"}, {"to", "2026-11-26"}})}),
          Calls({Call("choose_slot",
                      bj::object{{"item_id", "itm_salon_1"}, {"starts_at", "2026-11-25T12:00"}})}),
          Calls({Call("choose_slot",
                      bj::object{{"item_id", "itm_salon_1"}, {"starts_at", "2026-11-26T16:00"}})}),
          Content("Записала вас на женскую стрижку в четверг в 16:00 — 2 500 "
                  "₽. "
                  "Оформляем?")});
  input_.new_messages = {"Хочу на женскую стрижку завтра после 15"};
  auto result = Run();
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->cart.lines.size(), 1u);
  const auto& line = result->cart.lines[0];
  EXPECT_EQ(line.name, "Стрижка женская");
  EXPECT_EQ(line.slot_starts_at, kSalonNow + 30 * kHourMs);  // Thu 16:00 Moscow
  EXPECT_EQ(line.slot_ends_at, kSalonNow + 31 * kHourMs);
  EXPECT_EQ(line.slot_label, "чт 26 нояб., 16:00");
  EXPECT_FALSE(result->checkout);

  auto requests = Requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0].at("body").at("tools").as_array().size(), 10u);
  const std::string system(requests[0].at("body").at("messages").as_array()[0].at("content").as_string());
  EXPECT_NE(system.find("list_slots"), std::string::npos);
  EXPECT_NE(system.find("2026-11-25T10:00"), std::string::npos) << system;
  auto listed = ToolResult(requests[1], "call_emu_1");
  const auto& slots = listed.at("slots").as_array();
  ASSERT_EQ(slots.size(), 5u);  // 15:00–19:00
  EXPECT_EQ(slots[0].at("starts_at").as_string(), "2026-11-26T15:00");
  EXPECT_EQ(slots[0].at("label").as_string(), "чт 26 нояб., 15:00");
  // A time list_slots did not return is refused.
  auto refused = ToolResult(requests[2], "call_emu_2");
  EXPECT_NE(refused.at("error").as_string().find("list_slots"), std::string::npos);
  auto chosen = ToolResult(requests[3], "call_emu_3");
  EXPECT_EQ(chosen.at("chosen").as_string(), "чт 26 нояб., 16:00");
  EXPECT_EQ(chosen.at("total_minor").as_int64(), 250000);

  // The next turn: the offered slots are remembered (engine state); a new time replaces the old one.
  input_.cart = result->cart;
  input_.state = result->state;
  input_.language = "ru";
  ASSERT_EQ(emulator_->Control("/__control/reset"), 204);
  Script({Calls({Call("choose_slot",
                      bj::object{{"item_id", "itm_salon_1"}, {"starts_at", "2026-11-26T17:00"}})}),
          Calls({Call("checkout", bj::object{})}),
          Content("Готово, ссылка на оплату придёт следующим сообщением.")});
  input_.new_messages = {"давайте лучше в 17, и оформляем"};
  auto next = Run();
  ASSERT_TRUE(next) << next.error().message;
  ASSERT_EQ(next->cart.lines.size(), 1u);
  EXPECT_EQ(next->cart.lines[0].slot_starts_at, kSalonNow + 31 * kHourMs);
  EXPECT_TRUE(next->checkout);
}

// Goods of a company that delivers in windows: checkout waits for the address, zone and window, which
// the model finds with list_delivery_windows and records with set_delivery; the zone's fee is X8's.
TEST_F(LlmEngineTest, DeliveryNeedsAddressZoneAndAnOfferedWindowBeforeCheckout) {
  testing::FakeSchedule schedule("Europe/Berlin");
  schedule.delivers = true;
  schedule.zones = {{.name = "Mitte", .fee_minor = 590, .free_over_minor = 15'000},
                    {.name = "Pankow", .fee_minor = 990}};
  schedule.zone_hours = {{"Pankow", {14}}};
  input_.company.timezone = "Europe/Berlin";
  input_.schedule = &schedule;
  input_.now_ms = kSalonNow;  // Wed 25 Nov 2026 08:00 in Berlin
  const bj::object address{{"address", "Berlin, Pankow, Breite Str. 3"}, {"zone", "Pankow"}};
  auto with = [](bj::object fields, std::string_view key, std::string_view value) {
    fields[key] = value;
    return fields;
  };
  Script({Calls({Call("add_to_cart",
                      bj::object{
                          {"item_id", "itm_flowers_1"}, {"variant_id", "var_flowers_1_2"}, {"quantity", 2}}),
                 Call("checkout", bj::object{})}),
          Calls({Call("list_delivery_windows", bj::object{}),
                 Call("list_delivery_windows", bj::object{{"zone", "Pankow"}, {"from", "2026-11-27"}})}),
          Calls({Call("set_delivery", with(address, "starts_at", "2026-11-27T10:00")),
                 Call("set_delivery", bj::object{{"address", "Pankow"}, {"starts_at", "2026-11-27T14:00"}}),
                 Call("set_delivery", with(address, "starts_at", "2026-11-27T14:00"))}),
          Calls({Call("checkout", bj::object{})}),
          Content("Two M bouquets, delivered Friday 14:00–18:00 to Breite Str. 3: €119.70.")});
  input_.new_messages = {"two medium red rose bouquets to Breite Str. 3 in Pankow on Friday afternoon"};
  auto result = Run();
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(result->checkout);
  ASSERT_TRUE(result->cart.delivery);
  EXPECT_EQ(result->cart.delivery->zone, "Pankow");
  EXPECT_EQ(result->cart.delivery->address, "Berlin, Pankow, Breite Str. 3");
  EXPECT_EQ(result->cart.delivery->starts_at, kSalonNow + (2 * 24 + 6) * kHourMs);  // Fri 14:00
  EXPECT_EQ(result->cart.delivery->label, "Fri 27 Nov, 14:00\u201318:00");
  EXPECT_EQ(commerce::QuoteOf(result->cart, "EUR")->total_minor, 11'970);

  auto requests = Requests();
  ASSERT_EQ(requests.size(), 5u);
  EXPECT_EQ(requests[0].at("body").at("tools").as_array().size(), 12u);
  const std::string system(requests[0].at("body").at("messages").as_array()[0].at("content").as_string());
  EXPECT_NE(system.find("set_delivery"), std::string::npos) << system;
  // Checkout before the delivery is arranged is refused with what is missing.
  EXPECT_NE(ToolResult(requests[1], "call_emu_2").at("error").as_string().find("list_delivery_windows"),
            std::string::npos);
  // Without a zone: the zones and their fees; with Pankow: only its windows.
  auto zones = ToolResult(requests[2], "call_emu_3");
  ASSERT_EQ(zones.at("zones").as_array().size(), 2u);
  EXPECT_EQ(zones.at("zones").as_array()[0].at("free_from").as_string(), "€150.00");
  auto windows = ToolResult(requests[2], "call_emu_4").at("windows").as_array();
  ASSERT_FALSE(windows.empty());
  for (const auto& window : windows) {
    EXPECT_NE(std::string(window.at("starts_at").as_string()).find("T14:00"), std::string::npos);
  }
  EXPECT_EQ(schedule.last_delivery_zone, "Pankow");
  // A window not offered for the zone, and an address without a house number, are refused.
  EXPECT_NE(ToolResult(requests[3], "call_emu_5").at("error").as_string().find("not offered"),
            std::string::npos);
  EXPECT_NE(ToolResult(requests[3], "call_emu_6").at("error").as_string().find("address"), std::string::npos);
  auto set = ToolResult(requests[3], "call_emu_7");
  EXPECT_EQ(set.at("delivery").at("fee").as_string(), "€9.90");
  EXPECT_EQ(set.at("total").as_string(), "€119.70");
  EXPECT_EQ(ToolResult(requests[4], "call_emu_8").at("status").as_string(), "confirmed");

  // The next turn remembers the windows offered (engine state).
  input_.cart = result->cart;
  input_.cart.delivery.reset();
  input_.state = result->state;
  ASSERT_EQ(emulator_->Control("/__control/reset"), 204);
  Script({Calls({Call("set_delivery", with(address, "starts_at", "2026-11-28T14:00"))}),
          Content("Saturday then.")});
  input_.new_messages = {"Saturday instead"};
  auto next = Run();
  ASSERT_TRUE(next) << next.error().message;
  ASSERT_TRUE(next->cart.delivery);
  EXPECT_EQ(next->cart.delivery->label, "Sat 28 Nov, 14:00\u201318:00");
}

TEST_F(LlmEngineTest, NoScheduleNoSlotTools) {
  Script({Calls({Call("list_slots", bj::object{{"item_id", "itm_flowers_1"}})}), Content("Sorry.")});
  input_.new_messages = {"can I book?"};
  auto result = Run();
  ASSERT_TRUE(result) << result.error().message;
  auto requests = Requests();
  EXPECT_EQ(requests[0].at("body").at("tools").as_array().size(), 8u);
  EXPECT_NE(ToolResult(requests[1], "call_emu_1").at("error").as_string().find("unknown tool"),
            std::string::npos);
}

}  // namespace
}  // namespace x8::assistant
