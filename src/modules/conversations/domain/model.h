// The conversations module's entities: channels, contacts, conversations, messages and the company's
// assistant settings, as the tables of migration 0007 hold them. Times are unix ms UTC.
// See docs/design/conversations.md.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/assistant/domain/engine.h"
#include "modules/commerce/domain/cart.h"
#include "modules/conversations/domain/channel.h"

namespace x8::conversations {

inline constexpr std::string_view kKindWebchat = "webchat";
inline constexpr std::string_view kKindPlayground = "playground";

struct Channel {
  std::string id;  // chn_…
  std::string account_id;
  std::string company_id;
  std::string kind;  // webchat | playground | telegram | …
  std::string name;
  std::string status = "active";
  std::string public_key;  // web chat's widget key "wc_…"; "" for other kinds
  boost::json::object settings;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct Contact {
  std::string id;  // ctc_…
  std::string account_id;
  std::string company_id;
  std::string channel_kind;
  std::string external_id;
  std::string display_name;
  std::string source;
  std::string campaign;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
};

// "Visitor 4A8L": the name a web chat visitor's contact is given while they have not told theirs — the
// last four letters or digits of the contact's external id (the visitor id), upper-cased, the code the
// inbox has always shown for them. "" when the id has no letter or digit.
std::string VisitorName(std::string_view external_id);
// The contact's name as the customer gave it: the display name, or "" when it is only the generated
// VisitorName (the assistant does not greet "Visitor 4A8L" by name).
std::string GivenName(const Contact& contact);

struct Conversation {
  std::string id;  // conv_…
  std::string account_id;
  std::string company_id;
  std::string channel_id;
  std::string contact_id;
  std::string status = "open";     // open | closed
  std::string mode = "assistant";  // assistant | human
  bool needs_human = false;
  std::string payment_status = "no_payment_link";
  std::string outcome = "none";  // none | cart | link_sent | paid | expired | cancelled | refunded | handoff
  std::string language;          // "" until detected
  boost::json::object engine_state;
  commerce::Cart cart;
  int64_t last_seq = 0;          // seq of the newest message (each message takes the next one)
  int64_t last_inbound_seq = 0;  // seq of the newest customer message
  int64_t answered_seq = 0;      // the assistant answered every customer message up to this seq
  std::optional<int64_t> reply_due_at;
  int64_t last_message_at = 0;
  std::string last_message_preview;
  int64_t message_count = 0;
  int64_t unread_count = 0;
  std::optional<std::string> handled_by_user_id;
  int64_t created_at = 0;
  int64_t updated_at = 0;

  // Joined for display (read-only: not written by the repository's Save).
  std::string channel_kind;
  std::string channel_name;
  Contact contact;
};

struct Message {
  std::string id;  // msg_…
  std::string account_id;
  std::string conversation_id;
  int64_t seq = 0;
  std::string direction = "in";     // in | out | note
  std::string author = "customer";  // customer | assistant | human | system
  std::optional<std::string> author_user_id;
  std::string text;
  std::vector<assistant::Button> buttons;
  std::vector<std::string> media_urls;
  std::vector<Attachment> attachments;
  std::optional<boost::json::array> trace;  // the assistant's trace steps, on the first reply of a turn
  std::string status = "received";          // received | queued | sent | failed
  std::optional<std::string> error;
  std::optional<std::string> external_id;
  int64_t created_at = 0;
  std::optional<int64_t> sent_at;
};

inline constexpr std::string_view kEngineGuided = "guided";
inline constexpr std::string_view kEngineLlm = "llm";
inline constexpr int64_t kMaxDebounceMs = 60'000;
inline constexpr int64_t kDefaultRetentionDays = 365;
inline constexpr int64_t kMinRetentionDays = 1;
inline constexpr int64_t kMaxRetentionDays = 3650;
inline constexpr size_t kMaxPromptChars = 4000;
// The scenario prompts a business may write (assistant::Settings::prompts).
inline constexpr std::string_view kPromptKeys[] = {"rules",    "greeting",      "selection",
                                                   "checkout", "after_payment", "handoff"};

struct AssistantSettings {
  std::string company_id;
  std::string account_id;
  std::string engine = "guided";  // guided | llm
  int64_t debounce_ms = 3'000;
  int64_t retention_days = kDefaultRetentionDays;
  std::string default_language = "en";
  std::map<std::string, std::string> prompts;
  int64_t version = 0;  // 0: never saved (defaults)
  int64_t updated_at = 0;
  std::optional<std::string> updated_by;
};

// JSON shapes of docs/design/conversations.md ("JSON shapes").
boost::json::object ToJson(const Conversation& conversation);
// `for_customer`: the web chat visitor's view — without trace, author_user_id and error.
boost::json::object ToJson(const Message& message, bool for_customer = false);
boost::json::object ToJson(const AssistantSettings& settings, bool llm_available);

}  // namespace x8::conversations

namespace x8::conversations {

// Column encodings shared by the store and the JSON shapes.
boost::json::array ButtonsToJson(const std::vector<assistant::Button>& buttons);
std::vector<assistant::Button> ButtonsFromJson(const boost::json::value& json);
boost::json::array AttachmentsToJson(const std::vector<Attachment>& attachments);
std::vector<Attachment> AttachmentsFromJson(const boost::json::value& json);
boost::json::array StringsToJson(const std::vector<std::string>& strings);
std::vector<std::string> StringsFromJson(const boost::json::value& json);

}  // namespace x8::conversations
