// The conversations module's use cases: accepting customer messages (IngestService), channels and the
// Playground for other modules (ConversationService), and the business's inbox and assistant settings.
// Every principal-taking call answers kNotFound for anything outside the caller's tenant.
// See docs/design/conversations.md.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "modules/accounts/domain/access.h"
#include "modules/conversations/domain/channel.h"
#include "modules/conversations/domain/model.h"
#include "modules/conversations/domain/ports.h"
#include "platform/http/message.h"
#include "platform/storage/database.h"

namespace x8::jobs {
class Queue;
class Worker;
}  // namespace x8::jobs

namespace x8::conversations {

inline constexpr std::string_view kTurnJob = "conversations.turn";
inline constexpr std::string_view kDeliverJob = "conversations.deliver";
inline constexpr std::string_view kRetentionJob = "conversations.retention";

// Publishes a WebSocket event (http::WebSocketHub::Publish in production).
using Publisher = std::function<void(std::string_view topic, const boost::json::value& data)>;

std::string InboxTopic(std::string_view company_id);  // "company.<company_id>.inbox"

// The channel senders by kind (webchat, playground, telegram, …). Thread-safe.
class SenderRegistry {
 public:
  // Replaces the sender of the same kind.
  void Register(std::shared_ptr<ChannelSender> sender);
  std::shared_ptr<ChannelSender> Find(std::string_view kind) const;
  // The sender's caps; defaults (buttons, 10, 4096) with the kind when none is registered.
  assistant::ChannelCaps Caps(std::string_view kind) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<ChannelSender>> senders_;
};

struct Accepted {
  bool duplicate = false;  // the (channel, external id) pair was seen before: nothing changed
  std::string conversation_id;
  Message message;  // the stored customer message (the original one for a duplicate)
  Conversation conversation;
};

class IngestService {
 public:
  IngestService(storage::Database& db, ConversationRepository& repository, jobs::Queue& queue,
                jobs::Worker* worker, const Clock& clock, int64_t default_debounce_ms, Publisher publish)
      : db_(db),
        repository_(repository),
        queue_(queue),
        worker_(worker),
        clock_(clock),
        default_debounce_ms_(default_debounce_ms),
        publish_(std::move(publish)) {}

  // One transaction: inbound event (dedupe) → contact → conversation (a closed one reopens) → message →
  // reply_due_at → a conversations.turn job due then. Wakes the worker and publishes the message and
  // the conversation on the company's inbox topic after the commit.
  // Errors: kNotFound (unknown channel_id, details.field "channel_id"), kInvalidArgument (empty
  // external_id / contact_external_id, or neither text nor attachments).
  Result<Accepted> Accept(const InboundMessage& message);

 private:
  Result<int64_t> DebounceMs(storage::Executor& ex, const Channel& channel);

  storage::Database& db_;
  ConversationRepository& repository_;
  jobs::Queue& queue_;
  jobs::Worker* worker_;
  const Clock& clock_;
  int64_t default_debounce_ms_;
  Publisher publish_;
};

struct ListConversationsInput {
  std::optional<std::string> channel, status, outcome, mode, q, cursor, limit;
};
struct ConversationPage {
  std::vector<Conversation> items;
  std::optional<std::string> next_cursor;
};

struct MessagePage {
  std::vector<Message> items;
  std::optional<int64_t> next_before;  // pass as before_seq for older messages; nullopt: none are left
};

// PUT /assistant-settings: every field optional.
struct SettingsPatch {
  std::optional<std::string> engine;
  std::optional<int64_t> debounce_ms;
  std::optional<int64_t> retention_days;
  std::optional<std::string> default_language;
  std::optional<std::map<std::string, std::string>> prompts;  // replaces the whole map
};

class ConversationService {
 public:
  struct Options {
    int64_t default_debounce_ms = 3'000;
    bool llm_available = false;  // a company may choose the llm engine only when one is configured
  };
  ConversationService(storage::Database& db, ConversationRepository& repository, CompanyDirectory& companies,
                      const accounts::AccessPolicy& access, jobs::Queue& queue, jobs::Worker* worker,
                      const Clock& clock, IngestService& ingest, Publisher publish, Options options)
      : db_(db),
        repository_(repository),
        companies_(companies),
        access_(access),
        queue_(queue),
        worker_(worker),
        clock_(clock),
        ingest_(ingest),
        publish_(std::move(publish)),
        options_(options) {}

  // ---- For channel modules (no principal: the caller has authenticated the channel itself) ----

  // The company's one channel of `kind` (webchat, playground), created on first use; web chat's gets a
  // public key "wc_…". kNotFound when the company is unknown or not in `account_id`.
  Result<Channel> EnsureChannel(std::string_view account_id, std::string_view company_id,
                                std::string_view kind, std::string_view name);
  Result<Channel> FindChannelByPublicKey(std::string_view public_key);  // kNotFound when unknown
  Result<Channel> GetChannel(std::string_view channel_id);              // kNotFound when unknown
  // The conversation of a contact on a channel; nullopt before their first message.
  Result<std::optional<Conversation>> FindConversationForContact(std::string_view channel_id,
                                                                 std::string_view contact_external_id);
  // A contact's messages (notes excluded) with seq > after_seq, oldest first; limit 1–500. Empty when the
  // contact has no conversation yet.
  Result<std::vector<Message>> ListMessagesForContact(std::string_view channel_id,
                                                      std::string_view contact_external_id, int64_t after_seq,
                                                      int64_t limit);

  // ---- Playground (the business tries its own assistant) ----

  // A fresh conversation on the company's playground channel with a new contact "playground-<n>".
  Result<Conversation> CreatePlaygroundConversation(const http::Principal& principal,
                                                    std::string_view company_id);
  // `text` as the customer's message in a playground conversation (answered without debounce).
  // kNotFound for other tenants' and non-playground conversations.
  Result<Accepted> PostPlaygroundMessage(const http::Principal& principal, std::string_view conversation_id,
                                         std::string_view text);

  // ---- Inbox ----

  Result<ConversationPage> List(const http::Principal& principal, std::string_view company_id,
                                const ListConversationsInput& input);
  Result<Conversation> Get(const http::Principal& principal, std::string_view conversation_id);
  // Oldest first: the newest `limit` (1–200) messages before seq `before_seq` (0 = the newest), notes
  // included.
  Result<MessagePage> Messages(const http::Principal& principal, std::string_view conversation_id,
                               int64_t before_seq, int64_t limit);
  // A human's reply: takes the conversation over (mode human) and queues the message for delivery.
  Result<Message> Reply(const http::Principal& principal, std::string_view conversation_id,
                        std::string_view text);
  Result<Conversation> TakeOver(const http::Principal& principal, std::string_view conversation_id);
  Result<Conversation> HandBack(const http::Principal& principal, std::string_view conversation_id);
  Result<Message> AddNote(const http::Principal& principal, std::string_view conversation_id,
                          std::string_view text);
  Result<Conversation> MarkRead(const http::Principal& principal, std::string_view conversation_id);
  Result<Conversation> Close(const http::Principal& principal, std::string_view conversation_id);

  // ---- Assistant settings ----

  Result<AssistantSettings> Settings(const http::Principal& principal, std::string_view company_id);
  Result<AssistantSettings> UpdateSettings(const http::Principal& principal, std::string_view company_id,
                                           const SettingsPatch& patch);
  bool llm_available() const { return options_.llm_available; }

  // The company's settings for the turn runner (defaults when never saved).
  Result<AssistantSettings> SettingsOf(storage::Executor& ex, std::string_view company_id);

  // ---- WebSocket ----

  // The topic policy for "company.<company_id>.inbox": true when the principal may access the company.
  // Other topics: false (compose with other policies).
  bool MayWatchInbox(const std::optional<http::Principal>& principal, std::string_view topic);

 private:
  Result<CompanyInfo> AccessibleCompany(const http::Principal& principal, std::string_view company_id);
  Result<Conversation> AccessibleConversation(const http::Principal& principal,
                                              std::string_view conversation_id);
  // Locks the conversation in `tx`, applies `change`, saves it and publishes it after the commit.
  Result<Conversation> Change(const http::Principal& principal, std::string_view conversation_id,
                              const std::function<Status(storage::Tx&, Conversation&)>& change);

  storage::Database& db_;
  ConversationRepository& repository_;
  CompanyDirectory& companies_;
  const accounts::AccessPolicy& access_;
  jobs::Queue& queue_;
  jobs::Worker* worker_;
  const Clock& clock_;
  IngestService& ingest_;
  Publisher publish_;
  Options options_;
};

// Validates a settings patch against `current` and returns the result (version not yet bumped).
// kInvalidArgument with details.field: engine, debounce_ms, retention_days, default_language,
// prompts (details.key names the prompt).
Result<AssistantSettings> ApplySettingsPatch(AssistantSettings current, const SettingsPatch& patch,
                                             bool llm_available);

}  // namespace x8::conversations
