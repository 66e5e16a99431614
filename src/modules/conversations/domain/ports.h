// Ports of the conversations domain: storage (implemented in store/) and what the module needs from
// other modules (implemented by the composition root, src/app/application.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "modules/assistant/domain/engine.h"
#include "modules/conversations/domain/model.h"
#include "platform/storage/database.h"

namespace x8::conversations {

// ---- Other modules ----

struct CompanyInfo {
  std::string account_id;
  assistant::CompanyProfile profile;
};

// The companies module as this module needs it.
class CompanyDirectory {
 public:
  virtual ~CompanyDirectory() = default;
  // The company, whoever asks (callers check access through account_id); kNotFound when it does not
  // exist or was deleted.
  virtual Result<CompanyInfo> Find(std::string_view company_id) = 0;
};

// The company's catalogue for one assistant turn (knowledge module).
class CatalogueProvider {
 public:
  virtual ~CatalogueProvider() = default;
  virtual std::unique_ptr<assistant::Catalogue> For(const assistant::CompanyProfile& company) = 0;
};

// The company's free times for the assistant (scheduling module), per turn; null when the company has no
// scheduling. Valid while the returned object lives.
class ScheduleProvider {
 public:
  virtual ~ScheduleProvider() = default;
  virtual std::unique_ptr<assistant::Schedule> For(const assistant::CompanyProfile& company) = 0;
};

// The owner's welcome video (media module): its URL, "" when there is none.
class WelcomeVideoSource {
 public:
  virtual ~WelcomeVideoSource() = default;
  virtual Result<std::string> WelcomeVideoUrl(std::string_view account_id, std::string_view company_id) = 0;
};

// ---- Storage ----

struct ConversationFilter {
  std::optional<std::string> channel_kind;
  std::optional<std::string> status;
  std::optional<std::string> outcome;
  std::optional<std::string> mode;
  // A substring of the contact's name or a message's text (not a note), Unicode case-insensitive on both
  // engines ("ольга" finds "Ольга"); % and _ match literally; "" = all.
  std::string query;
  // Keyset cursor: conversations with (last_message_at, id) strictly before this pair.
  std::optional<std::pair<int64_t, std::string>> before;
  int64_t limit = 50;
};

struct RetentionCounts {
  int64_t messages_deleted = 0;
  int64_t conversations_deleted = 0;
  int64_t inbound_events_deleted = 0;
};

struct CompanyMessageStats {
  int64_t messages_in = 0;
  int64_t messages_out = 0;
  int64_t conversations = 0;
};

// Every call runs on the executor it is given (the database or a transaction). Rows are addressed by
// their opaque ids; the services check the tenant through the account_id each row carries, and list
// calls take the account in their WHERE clause.
class ConversationRepository {
 public:
  virtual ~ConversationRepository() = default;

  // Channels.
  virtual Result<std::optional<Channel>> GetChannel(storage::Executor& ex, std::string_view channel_id) = 0;
  virtual Result<std::optional<Channel>> FindChannelByKey(storage::Executor& ex,
                                                          std::string_view public_key) = 0;
  // The single channel of `kind` in the company (webchat, playground).
  virtual Result<std::optional<Channel>> FindCompanyChannel(storage::Executor& ex,
                                                            std::string_view company_id,
                                                            std::string_view kind) = 0;
  // Inserts unless the company already has its one channel of that kind (then nothing happens).
  virtual Status InsertChannel(storage::Executor& ex, const Channel& channel) = 0;

  // Contacts: inserted unless (company, kind, external id) exists; then last_seen_at (and a non-empty
  // display name) is refreshed. `fallback_name` (when not "") names a contact that would otherwise
  // have no name: it is the new contact's name when display_name is "", and fills a stored empty name;
  // it never replaces a name. Returns the stored contact.
  virtual Result<Contact> UpsertContact(storage::Executor& ex, const Contact& contact,
                                        std::string_view fallback_name = {}) = 0;
  virtual Result<int64_t> CountContacts(storage::Executor& ex, std::string_view company_id,
                                        std::string_view channel_kind) = 0;

  // Conversations.
  virtual Result<std::optional<Conversation>> GetConversation(storage::Executor& ex, std::string_view id) = 0;
  // Like GetConversation, and on PostgreSQL locks the row until the transaction ends.
  virtual Result<std::optional<Conversation>> LockConversation(storage::Tx& tx, std::string_view id) = 0;
  virtual Result<std::optional<Conversation>> FindConversation(storage::Executor& ex,
                                                               std::string_view channel_id,
                                                               std::string_view contact_id) = 0;
  // The conversation on `channel_id` of the contact with that external id.
  virtual Result<std::optional<Conversation>> FindConversationByContact(
      storage::Executor& ex, std::string_view channel_id, std::string_view contact_external_id) = 0;
  // Inserts unless the (channel, contact) pair already has its conversation.
  virtual Status InsertConversation(storage::Executor& ex, const Conversation& conversation) = 0;
  // Writes every mutable field (status … updated_at; not the joined display fields).
  virtual Status SaveConversation(storage::Executor& ex, const Conversation& conversation) = 0;
  virtual Result<std::vector<Conversation>> ListConversations(storage::Executor& ex,
                                                              std::string_view account_id,
                                                              std::string_view company_id,
                                                              const ConversationFilter& filter) = 0;

  // Messages.
  virtual Status InsertMessage(storage::Executor& ex, const Message& message) = 0;
  virtual Result<std::optional<Message>> GetMessage(storage::Executor& ex, std::string_view id) = 0;
  virtual Status SaveMessageDelivery(storage::Executor& ex, const Message& message) = 0;  // status, error, …
  // Oldest first: the newest `limit` messages with seq < before_seq (before_seq 0 = no bound).
  virtual Result<std::vector<Message>> ListMessagesBefore(storage::Executor& ex,
                                                          std::string_view conversation_id,
                                                          int64_t before_seq, int64_t limit,
                                                          bool include_notes) = 0;
  // Oldest first: messages with seq > after_seq (notes excluded).
  virtual Result<std::vector<Message>> ListMessagesAfter(storage::Executor& ex,
                                                         std::string_view conversation_id, int64_t after_seq,
                                                         int64_t limit) = 0;
  // Customer messages with from_seq < seq <= to_seq, oldest first.
  virtual Result<std::vector<Message>> CustomerMessagesBetween(storage::Executor& ex,
                                                               std::string_view conversation_id,
                                                               int64_t from_seq, int64_t to_seq) = 0;

  // Inbound events: false when (channel_id, external_id) was already there.
  virtual Result<bool> InsertInboundEvent(storage::Executor& ex, std::string_view channel_id,
                                          std::string_view external_id, std::string_view payload,
                                          int64_t received_at) = 0;
  virtual Status LinkInboundEvent(storage::Executor& ex, std::string_view channel_id,
                                  std::string_view external_id, std::string_view message_id) = 0;
  // The message an inbound event became ("" when none was recorded).
  virtual Result<std::string> InboundEventMessage(storage::Executor& ex, std::string_view channel_id,
                                                  std::string_view external_id) = 0;

  // Assistant settings (nullopt: never saved).
  virtual Result<std::optional<AssistantSettings>> GetSettings(storage::Executor& ex,
                                                               std::string_view company_id) = 0;
  virtual Status SaveSettings(storage::Executor& ex, const AssistantSettings& settings) = 0;

  // Retention and statistics.
  virtual Result<RetentionCounts> DeleteExpired(storage::Executor& ex, int64_t now_ms,
                                                int64_t default_retention_days,
                                                int64_t inbound_before_ms) = 0;
  // Deletes whole conversations, oldest activity first, until every account holds at most
  // `max_messages` messages; returns the messages deleted.
  virtual Result<int64_t> TrimAccounts(storage::Executor& ex, int64_t max_messages) = 0;
  virtual Result<CompanyMessageStats> StatsFor(storage::Executor& ex, std::string_view company_id) = 0;
};

}  // namespace x8::conversations
