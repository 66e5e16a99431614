// The LLM engine: any OpenAI-compatible chat-completions model with tool calling. The model chooses
// tools (search_catalogue, item_details, add_to_cart, remove_from_cart, set_quantity, view_cart,
// checkout, hand_off); X8 runs them against the Catalogue and an in-memory cart and sends the results
// back, at most kMaxLlmRounds calls per turn. Prices and totals come only from the catalogue and
// commerce::QuoteOf; the payment link is the turn runner's own message. docs/assistant.md.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "modules/assistant/domain/chat_model.h"
#include "modules/assistant/domain/engine.h"

namespace x8::assistant {

struct LlmOptions {
  std::string base_url;  // e.g. https://api.openai.com/v1 (assistant.llm_base_url)
  std::string api_key;   // secret (assistant.llm_api_key); "" sends no Authorization header
  std::string model = "gpt-4o-mini";
  int64_t timeout_ms = 30'000;
  int64_t max_context_tokens = 6'000;  // system prompt + tools + history + new messages, ≈ 4 bytes/token
};

inline constexpr int kMaxLlmRounds = 6;
inline constexpr size_t kBytesPerToken = 4;
inline constexpr size_t kMaxToolResultItems = 8;

// The tools the model may call, with their JSON schemas; `scheduling` adds list_slots and choose_slot
// (the company has a Schedule), `delivery` list_delivery_windows and set_delivery (goods travel in a
// delivery window the customer chooses).
std::vector<ToolDefinition> AssistantTools(bool scheduling = false, bool delivery = false);
// The system prompt for a turn: company, rules, scenario prompts, the pricing and link rules (and how
// deliveries are arranged, with `delivery`).
std::string SystemPrompt(const TurnInput& input, bool delivery = false);
// Tokens a message is estimated to cost (content + tool calls, ≈ 4 bytes per token, at least 1).
size_t EstimateTokens(const ChatMessage& message);

std::unique_ptr<Engine> MakeLlmEngine(LlmOptions options, std::shared_ptr<ChatModel> model);

}  // namespace x8::assistant
