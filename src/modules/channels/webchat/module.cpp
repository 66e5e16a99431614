#include "modules/channels/webchat/module.h"

#include "modules/accounts/domain/rate_limiter.h"
#include "modules/channels/webchat/api/routes.h"
#include "modules/channels/webchat/domain/senders.h"
#include "modules/channels/webchat/domain/visitor.h"
#include "platform/http/router.h"

namespace x8::webchat {
namespace {

// How far behind the conversation's newest message the sender looks for the message it delivers (the
// outbox sends in order, right after writing, so it is nearly always among the last few).
constexpr int64_t kFindWindow = 50;

// Backend over the conversations module's services.
class ServiceBackend final : public Backend {
 public:
  ServiceBackend(std::shared_ptr<conversations::ConversationService> conversations,
                 std::shared_ptr<conversations::IngestService> ingest, CompanyLookup companies)
      : conversations_(std::move(conversations)),
        ingest_(std::move(ingest)),
        companies_(std::move(companies)) {}

  Result<PublicCompany> FindCompany(std::string_view company_id) override { return companies_(company_id); }

  Result<conversations::Channel> FindChannelByPublicKey(std::string_view widget_key) override {
    return conversations_->FindChannelByPublicKey(widget_key);
  }
  Result<conversations::Channel> GetChannel(std::string_view channel_id) override {
    return conversations_->GetChannel(channel_id);
  }
  Result<conversations::Channel> EnsureChannel(std::string_view account_id, std::string_view company_id,
                                               std::string_view kind, std::string_view name) override {
    return conversations_->EnsureChannel(account_id, company_id, kind, name);
  }

  Result<conversations::Accepted> Accept(const conversations::InboundMessage& message) override {
    return ingest_->Accept(message);
  }
  Result<std::optional<conversations::Conversation>> FindConversationForContact(
      std::string_view channel_id, std::string_view contact_external_id) override {
    return conversations_->FindConversationForContact(channel_id, contact_external_id);
  }
  Result<std::vector<conversations::Message>> ListMessagesForContact(std::string_view channel_id,
                                                                     std::string_view contact_external_id,
                                                                     int64_t after_seq,
                                                                     int64_t limit) override {
    return conversations_->ListMessagesForContact(channel_id, contact_external_id, after_seq, limit);
  }
  Result<std::optional<conversations::Message>> FindMessage(std::string_view channel_id,
                                                            std::string_view contact_external_id,
                                                            std::string_view message_id) override {
    X8_TRY(auto conversation, conversations_->FindConversationForContact(channel_id, contact_external_id));
    if (!conversation) return std::optional<conversations::Message>();
    int64_t after = std::max<int64_t>(0, conversation->last_seq - kFindWindow);
    X8_TRY(auto messages,
           conversations_->ListMessagesForContact(channel_id, contact_external_id, after, kFindWindow + 1));
    for (auto& message : messages) {
      if (message.id == message_id) return std::optional<conversations::Message>(std::move(message));
    }
    return std::optional<conversations::Message>();
  }

  Result<conversations::Conversation> CreatePlaygroundConversation(const http::Principal& principal,
                                                                   std::string_view company_id) override {
    return conversations_->CreatePlaygroundConversation(principal, company_id);
  }
  Result<conversations::Accepted> PostPlaygroundMessage(const http::Principal& principal,
                                                        std::string_view conversation_id,
                                                        std::string_view text) override {
    return conversations_->PostPlaygroundMessage(principal, conversation_id, text);
  }

 private:
  std::shared_ptr<conversations::ConversationService> conversations_;
  std::shared_ptr<conversations::IngestService> ingest_;
  CompanyLookup companies_;
};

}  // namespace

Registered Register(const Dependencies& deps) {
  auto backend = std::make_shared<ServiceBackend>(deps.conversations, deps.ingest, deps.companies);
  auto tokens = std::make_shared<const VisitorTokens>(deps.master_key);
  auto limiter = std::make_shared<accounts::RateLimiter>(deps.clock);
  AddRoutes(deps.router, backend, tokens, deps.access, limiter,
            RouteOptions{.public_url = deps.public_url,
                         .messages_per_minute = deps.messages_per_minute,
                         .sessions_per_minute = deps.sessions_per_minute});
  http::WebSocketHub* hub = &deps.hub;
  Registered registered;
  registered.webchat_sender = std::make_shared<WebchatSender>(
      backend, tokens,
      deps.publish ? deps.publish : Publisher([hub](std::string_view topic, const boost::json::value& data) {
        hub->Publish(topic, data);
      }));
  registered.playground_sender = std::make_shared<PlaygroundSender>();
  registered.topic_policy = &VisitorTokens::MayWatch;
  return registered;
}

}  // namespace x8::webchat
