#include "modules/assistant/clients/openai_client.h"

#include <boost/json.hpp>
#include <charconv>

#include "core/json.h"

namespace x8::assistant {
namespace {

namespace bj = boost::json;

bj::object MessageJson(const ChatMessage& message) {
  bj::object out{{"role", message.role}};
  out["content"] = message.content ? bj::value(*message.content) : bj::value(nullptr);
  if (!message.tool_calls.empty()) {
    bj::array calls;
    for (const auto& call : message.tool_calls) {
      calls.push_back(
          bj::object{{"id", call.id},
                     {"type", "function"},
                     {"function", bj::object{{"name", call.name}, {"arguments", call.arguments}}}});
    }
    out["tool_calls"] = std::move(calls);
  }
  if (!message.tool_call_id.empty()) out["tool_call_id"] = message.tool_call_id;
  return out;
}

std::string TextOf(const bj::value* value) {
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

int64_t IntOf(const bj::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) return 0;
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64()) return static_cast<int64_t>(value->as_uint64());
  return 0;
}

}  // namespace

bj::object ToJson(const ChatRequest& request) {
  bj::array messages;
  for (const auto& message : request.messages) messages.push_back(MessageJson(message));
  bj::object out{{"model", request.model}, {"messages", std::move(messages)}};
  if (!request.tools.empty()) {
    bj::array tools;
    for (const auto& tool : request.tools) {
      tools.push_back(bj::object{{"type", "function"},
                                 {"function", bj::object{{"name", tool.name},
                                                         {"description", tool.description},
                                                         {"parameters", tool.parameters}}}});
    }
    out["tools"] = std::move(tools);
    out["tool_choice"] = request.tool_choice;
  }
  return out;
}

Result<ChatResponse> ParseChatResponse(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed || !parsed->is_object()) return Internal("the model's answer is not a JSON object");
  const auto& root = parsed->as_object();
  const auto* choices = root.if_contains("choices");
  if (choices == nullptr || !choices->is_array() || choices->as_array().empty() ||
      !choices->as_array().front().is_object()) {
    return Internal("the model's answer has no choices");
  }
  const auto& choice = choices->as_array().front().as_object();
  const auto* message = choice.if_contains("message");
  if (message == nullptr || !message->is_object()) return Internal("the model's answer has no message");
  const auto& fields = message->as_object();
  ChatResponse response;
  response.id = TextOf(root.if_contains("id"));
  response.finish_reason = TextOf(choice.if_contains("finish_reason"));
  response.message.role = fields.contains("role") ? TextOf(fields.if_contains("role")) : "assistant";
  if (const auto* content = fields.if_contains("content"); content != nullptr && content->is_string()) {
    response.message.content = std::string(content->as_string());
  }
  if (const auto* calls = fields.if_contains("tool_calls"); calls != nullptr && calls->is_array()) {
    size_t position = 0;
    for (const auto& entry : calls->as_array()) {
      ++position;
      if (!entry.is_object()) return Internal("a tool call is not an object");
      const auto& call = entry.as_object();
      const auto* function = call.if_contains("function");
      if (function == nullptr || !function->is_object()) return Internal("a tool call has no function");
      ToolCall out;
      out.id = TextOf(call.if_contains("id"));
      if (out.id.empty()) out.id = "call_" + std::to_string(position);
      out.name = TextOf(function->as_object().if_contains("name"));
      const auto* arguments = function->as_object().if_contains("arguments");
      if (arguments != nullptr && arguments->is_string()) {
        out.arguments = std::string(arguments->as_string());
      } else if (arguments != nullptr && !arguments->is_null()) {
        out.arguments = bj::serialize(*arguments);
      }
      response.message.tool_calls.push_back(std::move(out));
    }
  }
  if (const auto* usage = root.if_contains("usage"); usage != nullptr && usage->is_object()) {
    response.usage.prompt_tokens = IntOf(usage->as_object(), "prompt_tokens");
    response.usage.completion_tokens = IntOf(usage->as_object(), "completion_tokens");
    response.usage.total_tokens = IntOf(usage->as_object(), "total_tokens");
  }
  return response;
}

Error ErrorFromStatus(int status, std::string_view body, std::optional<std::string_view> retry_after) {
  std::string message;
  boost::system::error_code ec;
  auto parsed = bj::parse(body, ec);
  if (!ec && parsed.is_object()) {
    if (const auto* error = parsed.as_object().if_contains("error"); error != nullptr && error->is_object()) {
      message = TextOf(error->as_object().if_contains("message"));
    }
  }
  if (message.empty()) message = "HTTP " + std::to_string(status);
  message = "language model: " + message;
  Error error;
  if (status == 401 || status == 403) {
    error = FailedPrecondition(message);
  } else if (status == 429) {
    error = Error(ErrorCode::kRateLimited, message);
    int64_t seconds = 0;
    if (retry_after) {
      auto [end, parse_error] =
          std::from_chars(retry_after->data(), retry_after->data() + retry_after->size(), seconds);
      if (parse_error == std::errc() && end == retry_after->data() + retry_after->size()) {
        error.details["retry_after_s"] = seconds;
      }
    }
  } else if (status >= 500 || status == 408) {
    error = Unavailable(message);
  } else {
    error = InvalidArgument(message);
  }
  error.details["status"] = status;
  return error;
}

OpenAiClient::OpenAiClient(OpenAiOptions options, http::HttpClient& http)
    : options_(std::move(options)), http_(http) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/') options_.base_url.pop_back();
}

Result<ChatResponse> OpenAiClient::Complete(const ChatRequest& request) {
  if (options_.base_url.empty()) return FailedPrecondition("assistant.llm_base_url is not configured");
  http::HttpRequest http_request{.method = "POST",
                                 .url = options_.base_url + "/chat/completions",
                                 .headers = {{"Content-Type", "application/json"}},
                                 .body = bj::serialize(ToJson(request)),
                                 .timeout = options_.timeout};
  if (!options_.api_key.empty())
    http_request.headers.emplace_back("Authorization", "Bearer " + options_.api_key);
  auto response = http_.Send(http_request);
  if (!response) {
    if (response.error().code == ErrorCode::kInvalidArgument) {
      return FailedPrecondition("assistant.llm_base_url is not usable: " + response.error().message);
    }
    return Unavailable("language model unreachable: " + response.error().message);
  }
  if (response->status != 200)
    return ErrorFromStatus(response->status, response->body, response->Header("retry-after"));
  return ParseChatResponse(response->body);
}

std::unique_ptr<Engine> MakeLlmEngine(LlmOptions options, http::HttpClient& http) {
  auto client =
      std::make_shared<OpenAiClient>(OpenAiOptions{.base_url = options.base_url,
                                                   .api_key = options.api_key,
                                                   .timeout = std::chrono::milliseconds(options.timeout_ms)},
                                     http);
  return MakeLlmEngine(std::move(options), std::move(client));
}

}  // namespace x8::assistant
