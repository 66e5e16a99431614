// An in-memory Backend for the web chat tests: channels, companies, one conversation per (channel,
// contact), messages with seqs, dedupe by (channel, external id), tenant-checked Playground calls.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/ids.h"
#include "modules/channels/webchat/domain/ports.h"

namespace x8::webchat::testing {

class FakeBackend final : public Backend {
 public:
  struct Company {
    std::string id, account_id, name;
    bool active = true;
  };

  // A company with its web chat channel; returns the channel.
  conversations::Channel AddCompany(const std::string& company_id, const std::string& account_id,
                                    const std::string& name, bool active = true) {
    std::lock_guard lock(mutex_);
    companies_[company_id] = Company{company_id, account_id, name, active};
    return EnsureLocked(account_id, company_id, conversations::kKindWebchat, "Web chat");
  }
  void SetChannelStatus(const std::string& channel_id, const std::string& status) {
    std::lock_guard lock(mutex_);
    channels_.at(channel_id).status = status;
  }
  // A business message (direction out) in the contact's conversation, like the turn runner writes.
  conversations::Message AddReply(const std::string& channel_id, const std::string& contact, std::string text,
                                  std::vector<assistant::Button> buttons = {}) {
    std::lock_guard lock(mutex_);
    auto& conversation = ConversationLocked(channel_id, contact);
    conversations::Message message{.id = NewId("msg"),
                                   .account_id = conversation.account_id,
                                   .conversation_id = conversation.id,
                                   .seq = ++conversation.last_seq,
                                   .direction = "out",
                                   .author = "assistant",
                                   .author_user_id = std::nullopt,
                                   .text = std::move(text),
                                   .buttons = std::move(buttons),
                                   .trace = boost::json::array{boost::json::object{{"step", "search"}}},
                                   .status = "queued",
                                   .error = "secret error"};
    messages_[conversation.id].push_back(message);
    return message;
  }
  void AddNote(const std::string& channel_id, const std::string& contact, std::string text) {
    std::lock_guard lock(mutex_);
    auto& conversation = ConversationLocked(channel_id, contact);
    messages_[conversation.id].push_back(conversations::Message{.id = NewId("msg"),
                                                                .conversation_id = conversation.id,
                                                                .seq = ++conversation.last_seq,
                                                                .direction = "note",
                                                                .author = "human",
                                                                .author_user_id = "usr_1",
                                                                .text = std::move(text)});
  }
  std::vector<conversations::InboundMessage> accepted() const {
    std::lock_guard lock(mutex_);
    return accepted_;
  }
  // The next calls of every method fail with this error (nullopt: succeed again).
  void FailWith(std::optional<Error> error) {
    std::lock_guard lock(mutex_);
    fail_ = std::move(error);
  }

  Result<PublicCompany> FindCompany(std::string_view company_id) override {
    std::lock_guard lock(mutex_);
    if (fail_) return *fail_;
    auto it = companies_.find(std::string(company_id));
    if (it == companies_.end()) return NotFound("company not found");
    return PublicCompany{it->second.account_id, it->second.name, it->second.active};
  }
  Result<conversations::Channel> FindChannelByPublicKey(std::string_view widget_key) override {
    std::lock_guard lock(mutex_);
    if (fail_) return *fail_;
    for (const auto& [id, channel] : channels_) {
      if (channel.public_key == widget_key) return channel;
    }
    return NotFound("channel not found");
  }
  Result<conversations::Channel> GetChannel(std::string_view channel_id) override {
    std::lock_guard lock(mutex_);
    if (fail_) return *fail_;
    auto it = channels_.find(std::string(channel_id));
    if (it == channels_.end()) return NotFound("channel not found");
    return it->second;
  }
  Result<conversations::Channel> EnsureChannel(std::string_view account_id, std::string_view company_id,
                                               std::string_view kind, std::string_view name) override {
    std::lock_guard lock(mutex_);
    if (fail_) return *fail_;
    auto company = companies_.find(std::string(company_id));
    if (company == companies_.end() || company->second.account_id != account_id) {
      return NotFound("company not found");
    }
    return EnsureLocked(std::string(account_id), std::string(company_id), kind, name);
  }
  Result<conversations::Accepted> Accept(const conversations::InboundMessage& message) override {
    std::lock_guard lock(mutex_);
    if (fail_) return *fail_;
    if (!channels_.contains(message.channel_id))
      return NotFound("channel not found").With("field", "channel_id");
    auto& conversation = ConversationLocked(message.channel_id, message.contact_external_id);
    auto key = std::make_pair(message.channel_id, message.external_id);
    if (auto seen = by_external_.find(key); seen != by_external_.end()) {
      for (const auto& stored : messages_[conversation.id]) {
        if (stored.id == seen->second) {
          return conversations::Accepted{.duplicate = true,
                                         .conversation_id = conversation.id,
                                         .message = stored,
                                         .conversation = conversation};
        }
      }
    }
    accepted_.push_back(message);
    conversations::Message stored{.id = NewId("msg"),
                                  .account_id = conversation.account_id,
                                  .conversation_id = conversation.id,
                                  .seq = ++conversation.last_seq,
                                  .direction = "in",
                                  .author = "customer",
                                  .text = message.text,
                                  .status = "received",
                                  .external_id = message.external_id};
    messages_[conversation.id].push_back(stored);
    by_external_[key] = stored.id;
    return conversations::Accepted{.duplicate = false,
                                   .conversation_id = conversation.id,
                                   .message = stored,
                                   .conversation = conversation};
  }
  Result<std::optional<conversations::Conversation>> FindConversationForContact(
      std::string_view channel_id, std::string_view contact_external_id) override {
    std::lock_guard lock(mutex_);
    if (fail_) return *fail_;
    auto it = conversations_.find({std::string(channel_id), std::string(contact_external_id)});
    if (it == conversations_.end()) return std::optional<conversations::Conversation>();
    return std::optional<conversations::Conversation>(it->second);
  }
  Result<std::vector<conversations::Message>> ListMessagesForContact(std::string_view channel_id,
                                                                     std::string_view contact_external_id,
                                                                     int64_t after_seq,
                                                                     int64_t limit) override {
    std::lock_guard lock(mutex_);
    if (fail_) return *fail_;
    std::vector<conversations::Message> out;
    auto it = conversations_.find({std::string(channel_id), std::string(contact_external_id)});
    if (it == conversations_.end()) return out;
    for (const auto& message : messages_[it->second.id]) {
      if (message.seq > after_seq && message.direction != "note" &&
          static_cast<int64_t>(out.size()) < limit) {
        out.push_back(message);
      }
    }
    return out;
  }
  Result<std::optional<conversations::Message>> FindMessage(std::string_view /*channel_id*/,
                                                            std::string_view /*contact_external_id*/,
                                                            std::string_view message_id) override {
    std::lock_guard lock(mutex_);
    if (fail_) return *fail_;
    for (const auto& [conversation, list] : messages_) {
      for (const auto& message : list) {
        if (message.id == message_id) return std::optional<conversations::Message>(message);
      }
    }
    return std::optional<conversations::Message>();
  }
  Result<conversations::Conversation> CreatePlaygroundConversation(const http::Principal& principal,
                                                                   std::string_view company_id) override {
    std::lock_guard lock(mutex_);
    if (fail_) return *fail_;
    auto company = companies_.find(std::string(company_id));
    if (company == companies_.end() || company->second.account_id != principal.tenant_id) {
      return NotFound("company not found");
    }
    auto channel = EnsureLocked(company->second.account_id, company->second.id,
                                conversations::kKindPlayground, "Playground");
    return ConversationLocked(channel.id, "playground-" + std::to_string(++playground_contacts_));
  }
  Result<conversations::Accepted> PostPlaygroundMessage(const http::Principal& principal,
                                                        std::string_view conversation_id,
                                                        std::string_view text) override {
    std::string channel_id, contact;
    {
      std::lock_guard lock(mutex_);
      if (fail_) return *fail_;
      for (const auto& [key, conversation] : conversations_) {
        if (conversation.id == conversation_id && conversation.account_id == principal.tenant_id &&
            channels_.at(conversation.channel_id).kind == conversations::kKindPlayground) {
          channel_id = key.first;
          contact = key.second;
        }
      }
    }
    if (channel_id.empty()) return NotFound("conversation not found");
    return Accept({.channel_id = channel_id,
                   .external_id = NewId("pg"),
                   .contact_external_id = contact,
                   .contact_name = "",
                   .text = std::string(text)});
  }

 private:
  conversations::Channel EnsureLocked(const std::string& account_id, const std::string& company_id,
                                      std::string_view kind, std::string_view name) {
    for (const auto& [id, channel] : channels_) {
      if (channel.company_id == company_id && channel.kind == kind) return channel;
    }
    conversations::Channel channel{
        .id = NewId("chn"),
        .account_id = account_id,
        .company_id = company_id,
        .kind = std::string(kind),
        .name = std::string(name),
        .status = "active",
        .public_key = kind == conversations::kKindWebchat ? "wc_" + RandomHex(16) : ""};
    channels_[channel.id] = channel;
    return channel;
  }
  conversations::Conversation& ConversationLocked(const std::string& channel_id, const std::string& contact) {
    auto key = std::make_pair(channel_id, contact);
    auto it = conversations_.find(key);
    if (it == conversations_.end()) {
      const auto& channel = channels_.at(channel_id);
      conversations::Conversation conversation{.id = NewId("conv"),
                                               .account_id = channel.account_id,
                                               .company_id = channel.company_id,
                                               .channel_id = channel_id};
      conversation.channel_kind = channel.kind;
      conversation.contact.external_id = contact;
      it = conversations_.emplace(key, std::move(conversation)).first;
    }
    return it->second;
  }

  mutable std::mutex mutex_;
  std::map<std::string, Company> companies_;
  std::map<std::string, conversations::Channel> channels_;
  std::map<std::pair<std::string, std::string>, conversations::Conversation> conversations_;
  std::map<std::string, std::vector<conversations::Message>> messages_;
  std::map<std::pair<std::string, std::string>, std::string> by_external_;
  std::vector<conversations::InboundMessage> accepted_;
  std::optional<Error> fail_;
  int playground_contacts_ = 0;
};

}  // namespace x8::webchat::testing
