// The outbox's senders for web chat and the Playground (conversations::ChannelSender).
#pragma once

#include <memory>

#include "modules/channels/webchat/domain/ports.h"
#include "modules/channels/webchat/domain/visitor.h"

namespace x8::webchat {

inline constexpr size_t kMaxButtons = 6;
inline constexpr size_t kMaxTextChars = 4000;

// Caps of both kinds: the Playground shows the business what a web chat visitor would see.
assistant::ChannelCaps WebchatCaps(std::string_view kind);

// Publishes {kind: "message", message} (the visitor's view of the stored message) on the visitor's topic
// "webchat.<visitor_token>", the token recomputed from the channel's widget key and the
// contact's visitor id. Nobody listening is fine: the widget catches up over HTTP (GET …/messages?after=)
// when it (re)connects or polls, so a closed socket loses nothing. Errors: kUnavailable when the channel
// or message cannot be read (retried), kFailedPrecondition when the contact is not a web chat visitor or
// the channel has no widget key.
class WebchatSender final : public conversations::ChannelSender {
 public:
  WebchatSender(std::shared_ptr<Backend> backend, std::shared_ptr<const VisitorTokens> tokens,
                Publisher publish)
      : backend_(std::move(backend)), tokens_(std::move(tokens)), publish_(std::move(publish)) {}
  std::string_view kind() const override;
  assistant::ChannelCaps caps() const override;
  Result<conversations::SentMessage> Send(const conversations::OutboundMessage& message) override;

 private:
  std::shared_ptr<Backend> backend_;
  std::shared_ptr<const VisitorTokens> tokens_;
  Publisher publish_;
};

// The Playground's "customer" is the business itself, watching its inbox topic: sending is a no-op that
// succeeds (the message row, marked sent, is what the Playground page shows).
class PlaygroundSender final : public conversations::ChannelSender {
 public:
  std::string_view kind() const override;
  assistant::ChannelCaps caps() const override;
  Result<conversations::SentMessage> Send(const conversations::OutboundMessage& message) override;
};

}  // namespace x8::webchat
