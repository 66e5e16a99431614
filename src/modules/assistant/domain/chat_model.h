// The port the LLM engine talks to: one chat-completions call with tools (OpenAI's wire shape,
// spoken by OpenAI, Azure, Ollama, vLLM, llama.cpp). clients/openai_client.h implements it over HTTP.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace x8::assistant {

struct ToolCall {
  std::string id;         // call_…, echoed back in the tool message
  std::string name;       // the function's name
  std::string arguments;  // a JSON text as the model wrote it (possibly malformed)
  friend bool operator==(const ToolCall&, const ToolCall&) = default;
};

struct ChatMessage {
  std::string role;                    // system | user | assistant | tool
  std::optional<std::string> content;  // null for an assistant message that only calls tools
  std::vector<ToolCall> tool_calls;    // assistant only
  std::string tool_call_id;            // tool only
};

struct ToolDefinition {
  std::string name;
  std::string description;
  boost::json::object parameters;  // JSON schema of the arguments object
};

struct ChatRequest {
  std::string model;
  std::vector<ChatMessage> messages;
  std::vector<ToolDefinition> tools;
  std::string tool_choice = "auto";  // auto | none | required
};

struct ChatUsage {
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  int64_t total_tokens = 0;
};

struct ChatResponse {
  std::string id;
  ChatMessage message;        // the first choice's message
  std::string finish_reason;  // stop | tool_calls | length | …
  ChatUsage usage;
};

class ChatModel {
 public:
  virtual ~ChatModel() = default;
  // Errors: kFailedPrecondition (bad key, 401/403), kRateLimited (429; details.retry_after_s),
  // kUnavailable (5xx, timeouts, transport), kInvalidArgument (the provider refused the request, 400),
  // kInternal (an answer that is not a chat completion).
  virtual Result<ChatResponse> Complete(const ChatRequest& request) = 0;
};

}  // namespace x8::assistant
