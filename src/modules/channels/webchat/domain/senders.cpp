#include "modules/channels/webchat/domain/senders.h"

#include <boost/json.hpp>

namespace x8::webchat {
namespace {

// The message as far as the outbox told us, for when the stored row is gone (retention ran between
// queueing and sending). It has no seq, so the widget treats it as a cue to catch up over HTTP.
boost::json::object FromOutbound(const conversations::OutboundMessage& message) {
  boost::json::array buttons;
  for (const auto& button : message.buttons) {
    buttons.push_back(boost::json::object{{"title", button.title}, {"payload", button.payload}});
  }
  boost::json::array media;
  for (const auto& url : message.media_urls) media.push_back(boost::json::string(url));
  return {{"id", message.message_id},
          {"direction", "out"},
          {"author", "assistant"},
          {"text", message.text},
          {"buttons", std::move(buttons)},
          {"media_urls", std::move(media)},
          {"attachments", boost::json::array()}};
}

}  // namespace

assistant::ChannelCaps WebchatCaps(std::string_view kind) {
  return {.kind = std::string(kind),
          .buttons = true,
          .max_buttons = kMaxButtons,
          .max_text_chars = kMaxTextChars};
}

std::string_view WebchatSender::kind() const { return conversations::kKindWebchat; }

assistant::ChannelCaps WebchatSender::caps() const { return WebchatCaps(conversations::kKindWebchat); }

Result<conversations::SentMessage> WebchatSender::Send(const conversations::OutboundMessage& message) {
  if (!IsVisitorId(message.contact_external_id)) {
    return FailedPrecondition("the contact is not a web chat visitor")
        .With("contact", message.contact_external_id);
  }
  auto channel = backend_->GetChannel(message.channel_id);
  if (!channel) {
    if (channel.error().code == ErrorCode::kNotFound) {
      return FailedPrecondition("the web chat channel is gone").With("channel_id", message.channel_id);
    }
    return Unavailable("cannot read the web chat channel: " + channel.error().message);
  }
  if (!IsWidgetKey(channel->public_key)) {
    return FailedPrecondition("the channel has no widget key").With("channel_id", message.channel_id);
  }
  auto stored = backend_->FindMessage(message.channel_id, message.contact_external_id, message.message_id);
  if (!stored) return Unavailable("cannot read the message: " + stored.error().message);
  boost::json::object data{{"kind", "message"}};
  data["message"] = *stored ? conversations::ToJson(**stored, /*for_customer=*/true) : FromOutbound(message);
  std::string token = tokens_->Issue(channel->public_key, message.contact_external_id);
  publish_(VisitorTokens::Topic(token), data);
  return conversations::SentMessage{};
}

std::string_view PlaygroundSender::kind() const { return conversations::kKindPlayground; }

assistant::ChannelCaps PlaygroundSender::caps() const { return WebchatCaps(conversations::kKindPlayground); }

Result<conversations::SentMessage> PlaygroundSender::Send(const conversations::OutboundMessage& /*message*/) {
  return conversations::SentMessage{};
}

}  // namespace x8::webchat
