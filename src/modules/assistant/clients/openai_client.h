// ChatModel over any OpenAI-compatible chat-completions endpoint (OpenAI, Azure OpenAI, Ollama, vLLM,
// llama.cpp): POST {base_url}/chat/completions with a Bearer key. Blocking; call from worker threads.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "modules/assistant/domain/chat_model.h"
#include "modules/assistant/domain/llm_engine.h"
#include "platform/http/client/http_client.h"

namespace x8::assistant {

struct OpenAiOptions {
  std::string base_url;  // …/v1, no trailing slash needed
  std::string api_key;   // "" sends no Authorization header (local servers)
  std::chrono::milliseconds timeout{30'000};
};

class OpenAiClient final : public ChatModel {
 public:
  OpenAiClient(OpenAiOptions options, http::HttpClient& http);
  // 401/403 → kFailedPrecondition, 429 → kRateLimited (details.retry_after_s when sent),
  // 5xx, timeouts and transport failures → kUnavailable, other 4xx → kInvalidArgument.
  Result<ChatResponse> Complete(const ChatRequest& request) override;

 private:
  OpenAiOptions options_;
  http::HttpClient& http_;
};

// The wire format, exposed for tests.
boost::json::object ToJson(const ChatRequest& request);
// A chat.completion body → the first choice; kInternal when it is not one. Tool-call arguments sent as
// an object (some compatible servers do) are kept as their JSON text; a missing call id gets "call_<n>".
Result<ChatResponse> ParseChatResponse(std::string_view body);
// The error for a non-200 answer, with the provider's {error:{message}} when present.
Error ErrorFromStatus(int status, std::string_view body, std::optional<std::string_view> retry_after);

// The LLM engine over OpenAiClient: the composition root's one call.
std::unique_ptr<Engine> MakeLlmEngine(LlmOptions options, http::HttpClient& http);

}  // namespace x8::assistant
