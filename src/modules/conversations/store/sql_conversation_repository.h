// ConversationRepository over the tables of migration 0007, portable SQL for SQLite and PostgreSQL.
#pragma once

#include "modules/conversations/domain/ports.h"

namespace x8::conversations {

class SqlConversationRepository final : public ConversationRepository {
 public:
  Result<std::optional<Channel>> GetChannel(storage::Executor& ex, std::string_view channel_id) override;
  Result<std::optional<Channel>> FindChannelByKey(storage::Executor& ex,
                                                  std::string_view public_key) override;
  Result<std::optional<Channel>> FindCompanyChannel(storage::Executor& ex, std::string_view company_id,
                                                    std::string_view kind) override;
  Status InsertChannel(storage::Executor& ex, const Channel& channel) override;

  Result<Contact> UpsertContact(storage::Executor& ex, const Contact& contact,
                                std::string_view fallback_name = {}) override;
  Result<int64_t> CountContacts(storage::Executor& ex, std::string_view company_id,
                                std::string_view channel_kind) override;

  Result<std::optional<Conversation>> GetConversation(storage::Executor& ex, std::string_view id) override;
  Result<std::optional<Conversation>> LockConversation(storage::Tx& tx, std::string_view id) override;
  Result<std::optional<Conversation>> FindConversation(storage::Executor& ex, std::string_view channel_id,
                                                       std::string_view contact_id) override;
  Result<std::optional<Conversation>> FindConversationByContact(
      storage::Executor& ex, std::string_view channel_id, std::string_view contact_external_id) override;
  Status InsertConversation(storage::Executor& ex, const Conversation& conversation) override;
  Status SaveConversation(storage::Executor& ex, const Conversation& conversation) override;
  Result<std::vector<Conversation>> ListConversations(storage::Executor& ex, std::string_view account_id,
                                                      std::string_view company_id,
                                                      const ConversationFilter& filter) override;

  Status InsertMessage(storage::Executor& ex, const Message& message) override;
  Result<std::optional<Message>> GetMessage(storage::Executor& ex, std::string_view id) override;
  Status SaveMessageDelivery(storage::Executor& ex, const Message& message) override;
  Result<std::vector<Message>> ListMessagesBefore(storage::Executor& ex, std::string_view conversation_id,
                                                  int64_t before_seq, int64_t limit,
                                                  bool include_notes) override;
  Result<std::vector<Message>> ListMessagesAfter(storage::Executor& ex, std::string_view conversation_id,
                                                 int64_t after_seq, int64_t limit) override;
  Result<std::vector<Message>> CustomerMessagesBetween(storage::Executor& ex,
                                                       std::string_view conversation_id, int64_t from_seq,
                                                       int64_t to_seq) override;

  Result<bool> InsertInboundEvent(storage::Executor& ex, std::string_view channel_id,
                                  std::string_view external_id, std::string_view payload,
                                  int64_t received_at) override;
  Status LinkInboundEvent(storage::Executor& ex, std::string_view channel_id, std::string_view external_id,
                          std::string_view message_id) override;
  Result<std::string> InboundEventMessage(storage::Executor& ex, std::string_view channel_id,
                                          std::string_view external_id) override;

  Result<std::optional<AssistantSettings>> GetSettings(storage::Executor& ex,
                                                       std::string_view company_id) override;
  Status SaveSettings(storage::Executor& ex, const AssistantSettings& settings) override;

  Result<RetentionCounts> DeleteExpired(storage::Executor& ex, int64_t now_ms, int64_t default_retention_days,
                                        int64_t inbound_before_ms) override;
  Result<int64_t> TrimAccounts(storage::Executor& ex, int64_t max_messages) override;
  Result<CompanyMessageStats> StatsFor(storage::Executor& ex, std::string_view company_id) override;
};

}  // namespace x8::conversations
