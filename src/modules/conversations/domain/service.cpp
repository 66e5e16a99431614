#include "modules/conversations/domain/service.h"

#include <algorithm>
#include <charconv>

#include "core/ids.h"
#include "core/json.h"
#include "modules/conversations/domain/writer.h"
#include "platform/jobs/queue.h"
#include "platform/jobs/worker.h"

namespace x8::conversations {
namespace {

constexpr int64_t kDefaultPageSize = 50;
constexpr int64_t kMaxPageSize = 100;
constexpr int64_t kMaxMessagesPage = 200;
constexpr int64_t kMaxContactMessagesPage = 500;
constexpr size_t kMaxMessageChars = 4096;
constexpr size_t kMaxQueryChars = 120;

Error FieldError(std::string message, std::string_view field) {
  return InvalidArgument(std::move(message)).With("field", field);
}

Error ConversationNotFound() { return NotFound("conversation not found").With("field", "conversation_id"); }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Cursor "<last_message_at>.<conversation id>".
std::string EncodeCursor(const Conversation& conversation) {
  return std::to_string(conversation.last_message_at) + "." + conversation.id;
}

std::optional<std::pair<int64_t, std::string>> DecodeCursor(std::string_view cursor) {
  auto dot = cursor.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto at = ParseInt(cursor.substr(0, dot));
  std::string id(cursor.substr(dot + 1));
  if (!at || !IsValidId(id, "conv")) return std::nullopt;
  return std::make_pair(*at, id);
}

Status CheckOneOf(const std::optional<std::string>& value, std::initializer_list<std::string_view> allowed,
                  std::string_view field) {
  if (!value) return Ok();
  if (std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
    return FieldError(std::string(field) + " is not one of the allowed values", field);
  }
  return Ok();
}

Result<std::string> MessageText(std::string_view text) {
  auto trimmed = Trim(text);
  if (trimmed.empty()) return FieldError("text is required", "text");
  if (trimmed.size() > kMaxMessageChars) return FieldError("text is longer than 4096 bytes", "text");
  return std::string(trimmed);
}

}  // namespace

std::string InboxTopic(std::string_view company_id) {
  return "company." + std::string(company_id) + ".inbox";
}

// ---- SenderRegistry ----

void SenderRegistry::Register(std::shared_ptr<ChannelSender> sender) {
  std::lock_guard lock(mutex_);
  std::erase_if(senders_, [&](const auto& existing) { return existing->kind() == sender->kind(); });
  senders_.push_back(std::move(sender));
}

std::shared_ptr<ChannelSender> SenderRegistry::Find(std::string_view kind) const {
  std::lock_guard lock(mutex_);
  for (const auto& sender : senders_) {
    if (sender->kind() == kind) return sender;
  }
  return nullptr;
}

assistant::ChannelCaps SenderRegistry::Caps(std::string_view kind) const {
  if (auto sender = Find(kind)) return sender->caps();
  assistant::ChannelCaps caps;
  caps.kind = std::string(kind);
  return caps;
}

// ---- IngestService ----

Result<int64_t> IngestService::DebounceMs(storage::Executor& ex, const Channel& channel) {
  if (channel.kind == kKindPlayground) return int64_t{0};
  X8_TRY(auto settings, repository_.GetSettings(ex, channel.company_id));
  return settings ? settings->debounce_ms : default_debounce_ms_;
}

Result<Accepted> IngestService::Accept(const InboundMessage& inbound) {
  if (inbound.external_id.empty()) return FieldError("external_id is required", "external_id");
  if (inbound.contact_external_id.empty()) {
    return FieldError("contact_external_id is required", "contact_external_id");
  }
  if (Trim(inbound.text).empty() && inbound.attachments.empty())
    return FieldError("text is required", "text");
  X8_TRY(auto found, repository_.GetChannel(db_, inbound.channel_id));
  if (!found) return NotFound("channel not found").With("field", "channel_id");
  const Channel channel = std::move(*found);

  boost::json::object payload{{"text", inbound.text},
                              {"contact_external_id", inbound.contact_external_id},
                              {"contact_name", inbound.contact_name},
                              {"attachments", AttachmentsToJson(inbound.attachments)},
                              {"sent_at", inbound.sent_at_ms}};
  const std::string payload_text = json::Serialize(payload);

  X8_TRY(auto accepted, db_.Transact<Accepted>([&](storage::Tx& tx) -> Result<Accepted> {
    const int64_t now = clock_.NowMillis();
    X8_TRY(bool fresh,
           repository_.InsertInboundEvent(tx, channel.id, inbound.external_id, payload_text, now));
    if (!fresh) {
      Accepted duplicate{.duplicate = true};
      X8_TRY(auto message_id, repository_.InboundEventMessage(tx, channel.id, inbound.external_id));
      X8_TRY(auto message, repository_.GetMessage(tx, message_id));
      if (message) {
        X8_TRY(auto conversation, repository_.GetConversation(tx, message->conversation_id));
        if (conversation) {
          duplicate.conversation_id = conversation->id;
          duplicate.conversation = std::move(*conversation);
        }
        duplicate.message = std::move(*message);
      }
      return duplicate;
    }
    X8_TRY(int64_t debounce_ms, DebounceMs(tx, channel));

    Contact contact{.id = NewId("ctc", now),
                    .account_id = channel.account_id,
                    .company_id = channel.company_id,
                    .channel_kind = channel.kind,
                    .external_id = inbound.contact_external_id,
                    .display_name = inbound.contact_name,
                    .source = inbound.referral ? inbound.referral->source : "",
                    .campaign = inbound.referral ? inbound.referral->campaign : "",
                    .created_at = now,
                    .last_seen_at = now};
    X8_TRY(contact, repository_.UpsertContact(tx, contact, inbound.contact_fallback_name));

    X8_TRY(auto existing, repository_.FindConversation(tx, channel.id, contact.id));
    std::string conversation_id;
    if (existing) {
      conversation_id = existing->id;
    } else {
      Conversation fresh_conversation{.id = NewId("conv", now),
                                      .account_id = channel.account_id,
                                      .company_id = channel.company_id,
                                      .channel_id = channel.id,
                                      .contact_id = contact.id,
                                      .last_message_at = now,
                                      .created_at = now,
                                      .updated_at = now};
      X8_TRY_STATUS(repository_.InsertConversation(tx, fresh_conversation));
      // A concurrent ingest may have inserted it first (ON CONFLICT DO NOTHING): read what is there.
      X8_TRY(auto inserted, repository_.FindConversation(tx, channel.id, contact.id));
      if (!inserted) return Internal("conversation vanished after insert");
      conversation_id = inserted->id;
    }
    X8_TRY(auto locked, repository_.LockConversation(tx, conversation_id));
    if (!locked) return Internal("conversation vanished while locking");
    Conversation conversation = std::move(*locked);
    conversation.status = "open";

    Message message{.direction = "in",
                    .author = "customer",
                    .text = std::string(Trim(inbound.text)),
                    .attachments = inbound.attachments,
                    .status = "received",
                    .external_id = inbound.external_id};
    X8_TRY(message, AppendMessage(tx, repository_, conversation, std::move(message), now));
    conversation.last_inbound_seq = message.seq;
    conversation.unread_count += 1;
    conversation.reply_due_at = now + debounce_ms;
    conversation.contact = contact;
    X8_TRY_STATUS(repository_.SaveConversation(tx, conversation));
    X8_TRY_STATUS(repository_.LinkInboundEvent(tx, channel.id, inbound.external_id, message.id));

    boost::json::object job_payload{{"conversation_id", conversation.id},
                                    {"account_id", conversation.account_id}};
    X8_TRY_STATUS(queue_.Enqueue(tx, jobs::JobSpec{.kind = std::string(kTurnJob),
                                                   .payload = json::Serialize(job_payload),
                                                   .run_at = *conversation.reply_due_at,
                                                   .serial_key = "conv:" + conversation.id}));
    return Accepted{.duplicate = false,
                    .conversation_id = conversation_id,
                    .message = std::move(message),
                    .conversation = std::move(conversation)};
  }));
  if (!accepted.duplicate) {
    if (worker_ != nullptr) worker_->Wake();
    if (publish_) {
      const std::string topic = InboxTopic(channel.company_id);
      publish_(topic, MessageEvent(accepted.message));
      publish_(topic, ConversationEvent(accepted.conversation));
    }
  }
  return accepted;
}

// ---- ConversationService: channels ----

Result<Channel> ConversationService::EnsureChannel(std::string_view account_id, std::string_view company_id,
                                                   std::string_view kind, std::string_view name) {
  if (kind.empty()) return FieldError("kind is required", "kind");
  X8_TRY(auto company, companies_.Find(company_id));
  if (company.account_id != account_id) return NotFound("company not found").With("field", "company_id");
  const bool one_per_company = kind == kKindWebchat || kind == kKindPlayground;
  if (one_per_company) {
    X8_TRY(auto existing, repository_.FindCompanyChannel(db_, company_id, kind));
    if (existing) return std::move(*existing);
  }
  const int64_t now = clock_.NowMillis();
  Channel channel{.id = NewId("chn", now),
                  .account_id = std::string(account_id),
                  .company_id = std::string(company_id),
                  .kind = std::string(kind),
                  .name = std::string(name),
                  .public_key = kind == kKindWebchat ? "wc_" + RandomHex(16) : "",
                  .created_at = now,
                  .updated_at = now};
  X8_TRY_STATUS(repository_.InsertChannel(db_, channel));
  if (!one_per_company) return channel;
  // Another request may have created it first; the stored one wins.
  X8_TRY(auto stored, repository_.FindCompanyChannel(db_, company_id, kind));
  if (!stored) return Internal("channel vanished after insert");
  return std::move(*stored);
}

Result<Channel> ConversationService::FindChannelByPublicKey(std::string_view public_key) {
  X8_TRY(auto channel, repository_.FindChannelByKey(db_, public_key));
  if (!channel) return NotFound("channel not found").With("field", "widget_key");
  return std::move(*channel);
}

Result<Channel> ConversationService::GetChannel(std::string_view channel_id) {
  X8_TRY(auto channel, repository_.GetChannel(db_, channel_id));
  if (!channel) return NotFound("channel not found").With("field", "channel_id");
  return std::move(*channel);
}

Result<std::optional<Conversation>> ConversationService::FindConversationForContact(
    std::string_view channel_id, std::string_view contact_external_id) {
  return repository_.FindConversationByContact(db_, channel_id, contact_external_id);
}

Result<std::vector<Message>> ConversationService::ListMessagesForContact(std::string_view channel_id,
                                                                         std::string_view contact_external_id,
                                                                         int64_t after_seq, int64_t limit) {
  if (limit < 1 || limit > kMaxContactMessagesPage) return FieldError("limit must be 1–500", "limit");
  X8_TRY(auto conversation, repository_.FindConversationByContact(db_, channel_id, contact_external_id));
  if (!conversation) return std::vector<Message>{};
  return repository_.ListMessagesAfter(db_, conversation->id, std::max<int64_t>(after_seq, 0), limit);
}

// ---- Playground ----

Result<Conversation> ConversationService::CreatePlaygroundConversation(const http::Principal& principal,
                                                                       std::string_view company_id) {
  X8_TRY(auto company, AccessibleCompany(principal, company_id));
  X8_TRY(auto channel, EnsureChannel(company.account_id, company_id, kKindPlayground, "Playground"));
  X8_TRY(auto conversation, db_.Transact<Conversation>([&](storage::Tx& tx) -> Result<Conversation> {
    const int64_t now = clock_.NowMillis();
    X8_TRY(int64_t existing, repository_.CountContacts(tx, company_id, kKindPlayground));
    const std::string number = std::to_string(existing + 1);
    Contact contact{.id = NewId("ctc", now),
                    .account_id = company.account_id,
                    .company_id = std::string(company_id),
                    .channel_kind = std::string(kKindPlayground),
                    .external_id = "playground-" + number,
                    .display_name = "Playground " + number,
                    .source = "playground",
                    .created_at = now,
                    .last_seen_at = now};
    X8_TRY(contact, repository_.UpsertContact(tx, contact));
    Conversation fresh{.id = NewId("conv", now),
                       .account_id = company.account_id,
                       .company_id = std::string(company_id),
                       .channel_id = channel.id,
                       .contact_id = contact.id,
                       .last_message_at = now,
                       .created_at = now,
                       .updated_at = now};
    X8_TRY_STATUS(repository_.InsertConversation(tx, fresh));
    X8_TRY(auto stored, repository_.FindConversation(tx, channel.id, contact.id));
    if (!stored) return Internal("conversation vanished after insert");
    return std::move(*stored);
  }));
  if (publish_) publish_(InboxTopic(company_id), ConversationEvent(conversation));
  return conversation;
}

Result<Accepted> ConversationService::PostPlaygroundMessage(const http::Principal& principal,
                                                            std::string_view conversation_id,
                                                            std::string_view text) {
  X8_TRY(auto conversation, AccessibleConversation(principal, conversation_id));
  if (conversation.channel_kind != kKindPlayground) return ConversationNotFound();
  X8_TRY(auto body, MessageText(text));
  return ingest_.Accept(InboundMessage{.channel_id = conversation.channel_id,
                                       .external_id = NewId("pgm", clock_.NowMillis()),
                                       .contact_external_id = conversation.contact.external_id,
                                       .contact_name = conversation.contact.display_name,
                                       .text = body});
}

// ---- Inbox ----

Result<CompanyInfo> ConversationService::AccessibleCompany(const http::Principal& principal,
                                                           std::string_view company_id) {
  auto company = companies_.Find(company_id);
  if (!company) {
    if (company.error().code == ErrorCode::kNotFound) {
      return NotFound("company not found").With("field", "company_id");
    }
    return company.error();
  }
  auto allowed = access_.CanAccess(principal, company->account_id);
  if (!allowed) {
    if (allowed.error().code == ErrorCode::kNotFound) {
      return NotFound("company not found").With("field", "company_id");
    }
    return allowed.error();
  }
  return std::move(*company);
}

Result<Conversation> ConversationService::AccessibleConversation(const http::Principal& principal,
                                                                 std::string_view conversation_id) {
  if (!IsValidId(conversation_id, "conv")) return ConversationNotFound();
  X8_TRY(auto conversation, repository_.GetConversation(db_, conversation_id));
  if (!conversation) return ConversationNotFound();
  auto allowed = access_.CanAccess(principal, conversation->account_id);
  if (!allowed) {
    if (allowed.error().code == ErrorCode::kNotFound) return ConversationNotFound();
    return allowed.error();
  }
  return std::move(*conversation);
}

Result<Conversation> ConversationService::Change(
    const http::Principal& principal, std::string_view conversation_id,
    const std::function<Status(storage::Tx&, Conversation&)>& change) {
  X8_TRY(auto accessible, AccessibleConversation(principal, conversation_id));
  X8_TRY(auto changed, db_.Transact<Conversation>([&](storage::Tx& tx) -> Result<Conversation> {
    X8_TRY(auto locked, repository_.LockConversation(tx, accessible.id));
    if (!locked || locked->account_id != accessible.account_id) return ConversationNotFound();
    Conversation conversation = std::move(*locked);
    X8_TRY_STATUS(change(tx, conversation));
    conversation.updated_at = clock_.NowMillis();
    X8_TRY_STATUS(repository_.SaveConversation(tx, conversation));
    return conversation;
  }));
  if (publish_) publish_(InboxTopic(changed.company_id), ConversationEvent(changed));
  return changed;
}

Result<ConversationPage> ConversationService::List(const http::Principal& principal,
                                                   std::string_view company_id,
                                                   const ListConversationsInput& input) {
  X8_TRY(auto company, AccessibleCompany(principal, company_id));
  X8_TRY_STATUS(CheckOneOf(input.status, {"open", "closed"}, "status"));
  X8_TRY_STATUS(CheckOneOf(input.mode, {"assistant", "human"}, "mode"));
  X8_TRY_STATUS(CheckOneOf(
      input.outcome, {"none", "cart", "link_sent", "paid", "expired", "cancelled", "refunded", "handoff"},
      "outcome"));
  ConversationFilter filter{
      .channel_kind = input.channel, .status = input.status, .outcome = input.outcome, .mode = input.mode};
  if (input.q) {
    auto q = Trim(*input.q);
    if (q.size() > kMaxQueryChars) return FieldError("q is longer than 120 bytes", "q");
    filter.query = std::string(q);
  }
  filter.limit = kDefaultPageSize;
  if (input.limit) {
    auto limit = ParseInt(*input.limit);
    if (!limit || *limit < 1 || *limit > kMaxPageSize) return FieldError("limit must be 1–100", "limit");
    filter.limit = *limit;
  }
  if (input.cursor && !input.cursor->empty()) {
    filter.before = DecodeCursor(*input.cursor);
    if (!filter.before) return FieldError("cursor is not valid", "cursor");
  }
  const int64_t page_size = filter.limit;
  filter.limit = page_size + 1;
  X8_TRY(auto items, repository_.ListConversations(db_, company.account_id, company_id, filter));
  ConversationPage page;
  if (static_cast<int64_t>(items.size()) > page_size) {
    items.resize(page_size);
    page.next_cursor = EncodeCursor(items.back());
  }
  page.items = std::move(items);
  return page;
}

Result<Conversation> ConversationService::Get(const http::Principal& principal,
                                              std::string_view conversation_id) {
  return AccessibleConversation(principal, conversation_id);
}

Result<MessagePage> ConversationService::Messages(const http::Principal& principal,
                                                  std::string_view conversation_id, int64_t before_seq,
                                                  int64_t limit) {
  if (limit < 1 || limit > kMaxMessagesPage) return FieldError("limit must be 1–200", "limit");
  if (before_seq < 0) return FieldError("before must not be negative", "before");
  X8_TRY(auto conversation, AccessibleConversation(principal, conversation_id));
  X8_TRY(auto items, repository_.ListMessagesBefore(db_, conversation.id, before_seq, limit + 1,
                                                    /*include_notes=*/true));
  MessagePage page;
  if (static_cast<int64_t>(items.size()) > limit) {
    items.erase(items.begin());  // oldest first: the extra one is the oldest
    page.next_before = items.front().seq;
  }
  page.items = std::move(items);
  return page;
}

Result<Message> ConversationService::Reply(const http::Principal& principal, std::string_view conversation_id,
                                           std::string_view text) {
  X8_TRY(auto body, MessageText(text));
  Message written;
  X8_TRY(auto conversation,
         Change(principal, conversation_id, [&](storage::Tx& tx, Conversation& c) -> Status {
           const int64_t now = clock_.NowMillis();
           c.mode = "human";
           c.needs_human = false;
           c.handled_by_user_id = principal.user_id;
           c.status = "open";
           c.unread_count = 0;
           Message message{.direction = "out",
                           .author = "human",
                           .author_user_id = principal.user_id,
                           .text = body,
                           .status = "queued"};
           X8_TRY(written, AppendMessage(tx, repository_, c, std::move(message), now));
           return EnqueueDelivery(tx, queue_, written, now);
         }));
  if (worker_ != nullptr) worker_->Wake();
  if (publish_) publish_(InboxTopic(conversation.company_id), MessageEvent(written));
  return written;
}

Result<Conversation> ConversationService::TakeOver(const http::Principal& principal,
                                                   std::string_view conversation_id) {
  return Change(principal, conversation_id, [&](storage::Tx&, Conversation& c) -> Status {
    c.mode = "human";
    c.needs_human = false;
    c.handled_by_user_id = principal.user_id;
    return Ok();
  });
}

Result<Conversation> ConversationService::HandBack(const http::Principal& principal,
                                                   std::string_view conversation_id) {
  return Change(principal, conversation_id, [&](storage::Tx&, Conversation& c) -> Status {
    c.mode = "assistant";
    c.needs_human = false;
    c.handled_by_user_id.reset();
    // What the customer wrote while a human had the conversation was theirs to answer.
    c.answered_seq = std::max(c.answered_seq, c.last_inbound_seq);
    return Ok();
  });
}

Result<Message> ConversationService::AddNote(const http::Principal& principal,
                                             std::string_view conversation_id, std::string_view text) {
  X8_TRY(auto body, MessageText(text));
  Message written;
  X8_TRY(auto conversation,
         Change(principal, conversation_id, [&](storage::Tx& tx, Conversation& c) -> Status {
           Message note{.direction = "note",
                        .author = "human",
                        .author_user_id = principal.user_id,
                        .text = body,
                        .status = "received"};
           X8_TRY(written, AppendMessage(tx, repository_, c, std::move(note), clock_.NowMillis()));
           return Ok();
         }));
  if (publish_) publish_(InboxTopic(conversation.company_id), MessageEvent(written));
  return written;
}

Result<Conversation> ConversationService::MarkRead(const http::Principal& principal,
                                                   std::string_view conversation_id) {
  return Change(principal, conversation_id, [](storage::Tx&, Conversation& c) -> Status {
    c.unread_count = 0;
    return Ok();
  });
}

Result<Conversation> ConversationService::Close(const http::Principal& principal,
                                                std::string_view conversation_id) {
  return Change(principal, conversation_id, [](storage::Tx&, Conversation& c) -> Status {
    c.status = "closed";
    return Ok();
  });
}

// ---- Settings ----

Result<AssistantSettings> ApplySettingsPatch(AssistantSettings current, const SettingsPatch& patch,
                                             bool llm_available) {
  if (patch.engine) {
    if (*patch.engine != kEngineGuided && *patch.engine != kEngineLlm) {
      return FieldError("engine must be guided or llm", "engine");
    }
    if (*patch.engine == kEngineLlm && !llm_available) {
      return FieldError("the llm engine is not configured on this server", "engine");
    }
    current.engine = *patch.engine;
  }
  if (patch.debounce_ms) {
    if (*patch.debounce_ms < 0 || *patch.debounce_ms > kMaxDebounceMs) {
      return FieldError("debounce_ms must be 0–60000", "debounce_ms");
    }
    current.debounce_ms = *patch.debounce_ms;
  }
  if (patch.retention_days) {
    if (*patch.retention_days < kMinRetentionDays || *patch.retention_days > kMaxRetentionDays) {
      return FieldError("retention_days must be 1–3650", "retention_days");
    }
    current.retention_days = *patch.retention_days;
  }
  if (patch.default_language) {
    if (*patch.default_language != "en" && *patch.default_language != "ru") {
      return FieldError("default_language must be en or ru", "default_language");
    }
    current.default_language = *patch.default_language;
  }
  if (patch.prompts) {
    std::map<std::string, std::string> prompts;
    for (const auto& [key, text] : *patch.prompts) {
      if (std::find(std::begin(kPromptKeys), std::end(kPromptKeys), key) == std::end(kPromptKeys)) {
        return FieldError("unknown prompt " + key, "prompts").With("key", key);
      }
      if (text.size() > kMaxPromptChars) {
        return FieldError("prompt " + key + " is longer than 4000 bytes", "prompts").With("key", key);
      }
      if (!text.empty()) prompts[key] = text;
    }
    current.prompts = std::move(prompts);
  }
  return current;
}

Result<AssistantSettings> ConversationService::SettingsOf(storage::Executor& ex,
                                                          std::string_view company_id) {
  X8_TRY(auto stored, repository_.GetSettings(ex, company_id));
  if (stored) return std::move(*stored);
  AssistantSettings defaults;
  defaults.company_id = std::string(company_id);
  defaults.debounce_ms = options_.default_debounce_ms;
  return defaults;
}

Result<AssistantSettings> ConversationService::Settings(const http::Principal& principal,
                                                        std::string_view company_id) {
  X8_TRY(auto company, AccessibleCompany(principal, company_id));
  X8_TRY(auto settings, SettingsOf(db_, company_id));
  settings.account_id = company.account_id;
  return settings;
}

Result<AssistantSettings> ConversationService::UpdateSettings(const http::Principal& principal,
                                                              std::string_view company_id,
                                                              const SettingsPatch& patch) {
  X8_TRY(auto company, AccessibleCompany(principal, company_id));
  return db_.Transact<AssistantSettings>([&](storage::Tx& tx) -> Result<AssistantSettings> {
    X8_TRY(auto current, SettingsOf(tx, company_id));
    X8_TRY(auto updated, ApplySettingsPatch(std::move(current), patch, options_.llm_available));
    updated.account_id = company.account_id;
    updated.version += 1;
    updated.updated_at = clock_.NowMillis();
    updated.updated_by = principal.user_id;
    X8_TRY_STATUS(repository_.SaveSettings(tx, updated));
    return updated;
  });
}

// ---- WebSocket ----

bool ConversationService::MayWatchInbox(const std::optional<http::Principal>& principal,
                                        std::string_view topic) {
  constexpr std::string_view kPrefix = "company.";
  constexpr std::string_view kSuffix = ".inbox";
  if (!principal || !topic.starts_with(kPrefix) || !topic.ends_with(kSuffix)) return false;
  auto company_id = topic.substr(kPrefix.size(), topic.size() - kPrefix.size() - kSuffix.size());
  if (company_id.empty()) return false;
  return AccessibleCompany(*principal, company_id).has_value();
}

}  // namespace x8::conversations
