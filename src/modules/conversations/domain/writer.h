// Writing messages into a conversation inside a transaction: shared by ingest, the turn runner, the
// inbox's human replies and the payment observer, so seq, counters and the outbox stay consistent.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "modules/conversations/domain/model.h"
#include "modules/conversations/domain/ports.h"
#include "platform/jobs/queue.h"
#include "platform/storage/database.h"

namespace x8::conversations {

inline constexpr size_t kPreviewChars = 120;

// At most kPreviewChars bytes of `text`, cut at a UTF-8 character boundary.
std::string Preview(std::string_view text);

// `text` in parts of at most `max_chars` characters (UTF-8 code points), cut after the last whitespace
// that fits when there is one. One part for text that fits (also for ""); max_chars 0 = no limit.
std::vector<std::string> SplitText(std::string_view text, size_t max_chars);

// Gives `message` its id, seq, account, conversation and created_at, inserts it and updates the
// conversation's counters in memory (the caller saves the conversation). Notes leave the preview alone.
Result<Message> AppendMessage(storage::Tx& tx, ConversationRepository& repository, Conversation& conversation,
                              Message message, int64_t now_ms);

// Enqueues conversations.deliver for an outgoing message, in order per conversation.
Status EnqueueDelivery(storage::Tx& tx, jobs::Queue& queue, const Message& message, int64_t now_ms);

// WebSocket event data on company.<id>.inbox.
boost::json::object MessageEvent(const Message& message);
boost::json::object ConversationEvent(const Conversation& conversation);

}  // namespace x8::conversations
