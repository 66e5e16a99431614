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
