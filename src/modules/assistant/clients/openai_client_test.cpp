#include "modules/assistant/clients/openai_client.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/emulators/emulator_process.h"

namespace x8::assistant {
namespace {

namespace bj = boost::json;

TEST(OpenAiWire, RequestShape) {
  ChatRequest request{
      .model = "gpt-test",
      .messages = {{.role = "system", .content = "be brief", .tool_calls = {}, .tool_call_id = ""},
                   {.role = "assistant",
                    .content = std::nullopt,
                    .tool_calls = {{"call_1", "view_cart", "{}"}},
                    .tool_call_id = ""},
                   {.role = "tool", .content = "{\"lines\":[]}", .tool_calls = {}, .tool_call_id = "call_1"}},
      .tools = AssistantTools(),
      .tool_choice = "auto"};
  auto json = ToJson(request);
  EXPECT_EQ(json.at("model").as_string(), "gpt-test");
  const auto& messages = json.at("messages").as_array();
  EXPECT_TRUE(messages[1].at("content").is_null());
  const auto& call = messages[1].at("tool_calls").as_array()[0].as_object();
  EXPECT_EQ(call.at("type").as_string(), "function");
  EXPECT_EQ(call.at("function").at("arguments").as_string(), "{}");
  EXPECT_EQ(messages[2].at("tool_call_id").as_string(), "call_1");
  const auto& tool = json.at("tools").as_array()[0].as_object();
  EXPECT_EQ(tool.at("type").as_string(), "function");
  EXPECT_EQ(tool.at("function").at("name").as_string(), "search_catalogue");
  EXPECT_EQ(tool.at("function").at("parameters").at("type").as_string(), "object");
  EXPECT_EQ(json.at("tool_choice").as_string(), "auto");
  EXPECT_EQ(AssistantTools().size(), 8u);
}

TEST(OpenAiWire, ParsesContentAndToolCalls) {
  auto content = ParseChatResponse(R"({"id":"c1","object":"chat.completion","choices":[{"index":0,
      "message":{"role":"assistant","content":"Hi!"},"finish_reason":"stop"}],
      "usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12}})");
  ASSERT_TRUE(content);
  EXPECT_EQ(content->message.content, "Hi!");
  EXPECT_EQ(content->finish_reason, "stop");
  EXPECT_EQ(content->usage.total_tokens, 12);

  auto calls = ParseChatResponse(R"({"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[
      {"id":"call_a","type":"function","function":{"name":"view_cart","arguments":"{}"}},
      {"type":"function","function":{"name":"item_details","arguments":{"item_id":"itm_1"}}}]},
      "finish_reason":"tool_calls"}]})");
  ASSERT_TRUE(calls);
  EXPECT_FALSE(calls->message.content);
  ASSERT_EQ(calls->message.tool_calls.size(), 2u);
  EXPECT_EQ(calls->message.tool_calls[0].id, "call_a");
  EXPECT_EQ(calls->message.tool_calls[1].id, "call_2");
  EXPECT_EQ(calls->message.tool_calls[1].arguments, R"({"item_id":"itm_1"})");
}

TEST(OpenAiWire, RejectsWhatIsNotACompletion) {
  EXPECT_EQ(ParseChatResponse("nope").error().code, ErrorCode::kInternal);
  EXPECT_EQ(ParseChatResponse(R"({"choices":[]})").error().code, ErrorCode::kInternal);
}

TEST(OpenAiWire, StatusMapping) {
  const std::string body =
      R"({"error":{"message":"Incorrect API key provided.","type":"invalid_request_error"}})";
  EXPECT_EQ(ErrorFromStatus(401, body, std::nullopt).code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(ErrorFromStatus(401, body, std::nullopt).message.find("Incorrect API key"), std::string::npos);
  EXPECT_EQ(ErrorFromStatus(403, "", std::nullopt).code, ErrorCode::kFailedPrecondition);
  auto limited = ErrorFromStatus(429, "", std::string_view("7"));
  EXPECT_EQ(limited.code, ErrorCode::kRateLimited);
  EXPECT_EQ(limited.details.at("retry_after_s").as_int64(), 7);
  EXPECT_EQ(ErrorFromStatus(500, "", std::nullopt).code, ErrorCode::kUnavailable);
  EXPECT_EQ(ErrorFromStatus(503, "<html>", std::nullopt).code, ErrorCode::kUnavailable);
  EXPECT_EQ(ErrorFromStatus(400, body, std::nullopt).code, ErrorCode::kInvalidArgument);
}

class OpenAiClientAgainstEmulator : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    emulator_ = new x8::testing::EmulatorProcess({"--quiet"});
    ASSERT_TRUE(emulator_->Start()) << emulator_->log();
  }
  static void TearDownTestSuite() {
    delete emulator_;
    emulator_ = nullptr;
  }
  void SetUp() override { ASSERT_EQ(emulator_->Control("/__control/reset"), 204); }

  OpenAiClient Client(std::string key = "emulator-openai-key", int timeout_ms = 5000) {
    return OpenAiClient({.base_url = emulator_->Url("/v1"),
                         .api_key = std::move(key),
                         .timeout = std::chrono::milliseconds(timeout_ms)},
                        http_);
  }
  static ChatRequest Hello() {
    return ChatRequest{
        .model = "gpt-test",
        .messages = {{.role = "user", .content = "hello", .tool_calls = {}, .tool_call_id = ""}},
        .tools = AssistantTools(),
        .tool_choice = "auto"};
  }

  static x8::testing::EmulatorProcess* emulator_;
  http::HttpClient http_{http::HttpClientOptions{.retry = {.max_attempts = 1}}};
};
x8::testing::EmulatorProcess* OpenAiClientAgainstEmulator::emulator_ = nullptr;

TEST_F(OpenAiClientAgainstEmulator, AnswersScriptedContent) {
  emulator_->Control("/__control/openai/script",
                     {{"responses", bj::array{bj::object{{"content", "Hello from the emulator"}}}}});
  auto client = Client();
  auto response = client.Complete(Hello());
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->message.content, "Hello from the emulator");
  EXPECT_GT(response->usage.prompt_tokens, 0);
}

TEST_F(OpenAiClientAgainstEmulator, WrongKeyIsFailedPrecondition) {
  auto client = Client("wrong");
  EXPECT_EQ(client.Complete(Hello()).error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(OpenAiClientAgainstEmulator, RateLimitAndServerErrors) {
  emulator_->Control("/__control/openai/script",
                     {{"responses", bj::array{bj::object{{"status", 429}, {"retry_after_s", 3}},
                                              bj::object{{"status", 500}}}}});
  auto client = Client();
  auto limited = client.Complete(Hello());
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(limited.error().details.at("retry_after_s").as_int64(), 3);
  EXPECT_EQ(client.Complete(Hello()).error().code, ErrorCode::kUnavailable);
}

TEST_F(OpenAiClientAgainstEmulator, TimeoutIsUnavailable) {
  emulator_->Control("/__control/openai/script",
                     {{"responses", bj::array{bj::object{{"content", "late"}, {"delay_ms", 1500}}}}});
  auto client = Client("emulator-openai-key", 300);
  EXPECT_EQ(client.Complete(Hello()).error().code, ErrorCode::kUnavailable);
}

TEST_F(OpenAiClientAgainstEmulator, UnreachableIsUnavailable) {
  OpenAiClient client(
      {.base_url = "http://127.0.0.1:1/v1", .api_key = "k", .timeout = std::chrono::seconds(2)}, http_);
  EXPECT_EQ(client.Complete(Hello()).error().code, ErrorCode::kUnavailable);
}

TEST_F(OpenAiClientAgainstEmulator, EmulatorRefusesAToolMessageWithoutItsCall) {
  auto request = Hello();
  request.messages.push_back(
      {.role = "tool", .content = "{}", .tool_calls = {}, .tool_call_id = "call_missing"});
  auto client = Client();
  auto refused = client.Complete(request);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message.find("tool_calls"), std::string::npos) << refused.error().message;
}

TEST_F(OpenAiClientAgainstEmulator, EmulatorRefusesUnansweredToolCalls) {
  auto request = Hello();
  request.messages.push_back({.role = "assistant",
                              .content = std::nullopt,
                              .tool_calls = {{"call_1", "view_cart", "{}"}},
                              .tool_call_id = ""});
  request.messages.push_back({.role = "user", .content = "and?", .tool_calls = {}, .tool_call_id = ""});
  auto client = Client();
  EXPECT_EQ(client.Complete(request).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(OpenAiClientAgainstEmulator, EmulatorRefusesMissingModel) {
  auto request = Hello();
  request.model = "";
  auto client = Client();
  EXPECT_EQ(client.Complete(request).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace x8::assistant
