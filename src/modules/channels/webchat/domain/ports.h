// What the web chat channel needs from the rest of X8. One interface, so the HTTP handlers and the
// senders are tested against a fake; module.cpp implements it over the conversations module's services
// and the company lookup the composition root provides.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "modules/conversations/domain/channel.h"
#include "modules/conversations/domain/model.h"
#include "modules/conversations/domain/service.h"
#include "platform/http/message.h"

namespace x8::webchat {

// A company as a web chat visitor may see it.
struct PublicCompany {
  std::string account_id;
  std::string name;
  bool active = true;  // companies.status == ACTIVE: an inactive or suspended company's widget answers 404
};

// The company by id, whoever asks (callers check access themselves); kNotFound when it does not exist or
// was deleted. Implemented by the composition root over the companies module.
using CompanyLookup = std::function<Result<PublicCompany>(std::string_view company_id)>;

class Backend {
 public:
  virtual ~Backend() = default;

  virtual Result<PublicCompany> FindCompany(std::string_view company_id) = 0;

  // Channels (conversations::ConversationService).
  virtual Result<conversations::Channel> FindChannelByPublicKey(std::string_view widget_key) = 0;
  virtual Result<conversations::Channel> GetChannel(std::string_view channel_id) = 0;
  virtual Result<conversations::Channel> EnsureChannel(std::string_view account_id,
                                                       std::string_view company_id, std::string_view kind,
                                                       std::string_view name) = 0;

  // The visitor's side.
  virtual Result<conversations::Accepted> Accept(const conversations::InboundMessage& message) = 0;
  virtual Result<std::optional<conversations::Conversation>> FindConversationForContact(
      std::string_view channel_id, std::string_view contact_external_id) = 0;
  virtual Result<std::vector<conversations::Message>> ListMessagesForContact(
      std::string_view channel_id, std::string_view contact_external_id, int64_t after_seq,
      int64_t limit) = 0;
  // One message of the contact's conversation by id (the sender publishes the stored message); nullopt
  // when it is not among the conversation's recent messages (or is gone).
  virtual Result<std::optional<conversations::Message>> FindMessage(std::string_view channel_id,
                                                                    std::string_view contact_external_id,
                                                                    std::string_view message_id) = 0;

  // The Playground (tenant-checked by the conversations module: other tenants' ids are kNotFound).
  virtual Result<conversations::Conversation> CreatePlaygroundConversation(const http::Principal& principal,
                                                                           std::string_view company_id) = 0;
  virtual Result<conversations::Accepted> PostPlaygroundMessage(const http::Principal& principal,
                                                                std::string_view conversation_id,
                                                                std::string_view text) = 0;
};

// Publishes a WebSocket event (http::WebSocketHub::Publish in production).
using Publisher = std::function<void(std::string_view topic, const boost::json::value& data)>;

}  // namespace x8::webchat
