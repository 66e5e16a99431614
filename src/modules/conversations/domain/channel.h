// The channel-agnostic message model and the port every channel implements. Web chat and the
// Playground come with issue 5; Telegram, WhatsApp (WAHA, Cloud API), Messenger, Instagram and Email
// plug into the same two types later. See docs/design/conversations.md.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "modules/assistant/domain/engine.h"

namespace x8::conversations {

struct Attachment {
  std::string kind;  // image | video | audio | file | location
  std::string url;
  std::string mime_type;
  std::string file_name;
};

// Where a lead came from (click-to-WhatsApp ads, TikTok campaigns, a website's page…).
struct Referral {
  std::string source;    // "tiktok", "meta_ad", "website", …
  std::string campaign;  // campaign or ad id / code
  std::string url;       // the page or ad URL when known
};

// One customer message as a channel delivers it, before X8 has touched it.
struct InboundMessage {
  std::string channel_id;   // chn_…: which connected channel it came through (carries company, account)
  std::string external_id;  // the provider's message/update id: (channel_id, external_id) is unique
  std::string contact_external_id;  // the customer on that channel: chat id, phone, visitor id, email
  std::string contact_name;         // "" when unknown
  // The name a contact gets while it has none (a new contact, or one stored without a name) when
  // contact_name is "": web chat passes VisitorName(visitor id). A given contact_name always wins.
  std::string contact_fallback_name;
  std::string text;
  std::vector<Attachment> attachments;
  std::optional<Referral> referral;
  int64_t sent_at_ms = 0;  // the provider's timestamp; 0 = unknown (received time is used)
};

// One message X8 sends to a customer, as the outbox hands it to a channel.
struct OutboundMessage {
  std::string message_id;  // msg_…: idempotency key for the channel where it has one
  std::string channel_id;
  std::string contact_external_id;
  std::string text;
  std::vector<assistant::Button> buttons;
  std::vector<std::string> media_urls;
};

// What sending gave back.
struct SentMessage {
  std::string external_id;  // the provider's id for the sent message ("" when it has none)
};

// Implemented per channel kind. Send is an outside call, made outside any transaction; it may be retried,
// so providers that accept an idempotency key get `message_id`. Errors: kUnavailable / kRateLimited
// (retried with backoff), kFailedPrecondition (the channel is disconnected, the 24-hour window closed:
// dead-lettered at once and shown in the inbox).
class ChannelSender {
 public:
  virtual ~ChannelSender() = default;
  virtual std::string_view kind() const = 0;
  virtual assistant::ChannelCaps caps() const = 0;
  virtual Result<SentMessage> Send(const OutboundMessage& message) = 0;
};

}  // namespace x8::conversations
