#include "modules/conversations/domain/writer.h"

#include "core/ids.h"
#include "core/json.h"

namespace x8::conversations {

std::string Preview(std::string_view text) {
  if (text.size() <= kPreviewChars) return std::string(text);
  size_t cut = kPreviewChars;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut));
}

std::vector<std::string> SplitText(std::string_view text, size_t max_chars) {
  std::vector<std::string> parts;
  auto is_continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
  while (true) {
    // Byte offset after `max_chars` code points, and the last whitespace before it.
    size_t end = 0;
    size_t chars = 0;
    size_t last_space = std::string_view::npos;
    while (end < text.size() && (max_chars == 0 || chars < max_chars)) {
      if (text[end] == ' ' || text[end] == '\n') last_space = end;
      ++end;
      while (end < text.size() && is_continuation(text[end])) ++end;
      ++chars;
    }
    if (end >= text.size()) {
      parts.emplace_back(text);
      return parts;
    }
    size_t cut = last_space != std::string_view::npos && last_space > 0 ? last_space : end;
    parts.emplace_back(text.substr(0, cut));
    text.remove_prefix(cut);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
    if (text.empty()) return parts;
  }
}

Result<Message> AppendMessage(storage::Tx& tx, ConversationRepository& repository, Conversation& conversation,
                              Message message, int64_t now_ms) {
  message.id = NewId("msg", now_ms);
  message.account_id = conversation.account_id;
  message.conversation_id = conversation.id;
  message.seq = ++conversation.last_seq;
  message.created_at = now_ms;
  X8_TRY_STATUS(repository.InsertMessage(tx, message));
  conversation.message_count += 1;
  conversation.updated_at = now_ms;
  if (message.direction != "note") {
    conversation.last_message_at = now_ms;
    conversation.last_message_preview = message.text.empty() && !message.attachments.empty()
                                            ? "[" + message.attachments.front().kind + "]"
                                            : Preview(message.text);
  }
  return message;
}

Status EnqueueDelivery(storage::Tx& tx, jobs::Queue& queue, const Message& message, int64_t now_ms) {
  boost::json::object payload{{"message_id", message.id}, {"account_id", message.account_id}};
  X8_TRY_STATUS(queue.Enqueue(tx, jobs::JobSpec{.kind = "conversations.deliver",
                                                .payload = json::Serialize(payload),
                                                .run_at = now_ms,
                                                .max_attempts = 5,
                                                .serial_key = "out:" + message.conversation_id}));
  return Ok();
}

boost::json::object MessageEvent(const Message& message) {
  return {{"kind", "message"}, {"conversation_id", message.conversation_id}, {"message", ToJson(message)}};
}

boost::json::object ConversationEvent(const Conversation& conversation) {
  return {{"kind", "conversation"}, {"conversation", ToJson(conversation)}};
}

}  // namespace x8::conversations
