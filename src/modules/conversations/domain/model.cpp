#include "modules/conversations/domain/model.h"

namespace x8::conversations {
namespace {

namespace json = boost::json;

json::value OptString(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  return json::string(*text);
}

json::value OptInt(const std::optional<int64_t>& value) {
  if (!value) return nullptr;
  return *value;
}

std::string StringField(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) return {};
  return std::string(value->get_string());
}

}  // namespace

std::string VisitorName(std::string_view external_id) {
  std::string code;
  for (auto it = external_id.rbegin(); it != external_id.rend() && code.size() < 4; ++it) {
    const char c = *it;
    if (c >= '0' && c <= '9') code.insert(code.begin(), c);
    if (c >= 'A' && c <= 'Z') code.insert(code.begin(), c);
    if (c >= 'a' && c <= 'z') code.insert(code.begin(), static_cast<char>(c - 'a' + 'A'));
  }
  return code.empty() ? std::string() : "Visitor " + code;
}

std::string GivenName(const Contact& contact) {
  if (contact.display_name.empty() || contact.display_name == VisitorName(contact.external_id)) return {};
  return contact.display_name;
}

json::array ButtonsToJson(const std::vector<assistant::Button>& buttons) {
  json::array out;
  for (const auto& button : buttons)
    out.push_back(json::object{{"title", button.title}, {"payload", button.payload}});
  return out;
}

std::vector<assistant::Button> ButtonsFromJson(const json::value& value) {
  std::vector<assistant::Button> out;
  if (!value.is_array()) return out;
  for (const auto& entry : value.get_array()) {
    if (!entry.is_object()) continue;
    out.push_back({StringField(entry.get_object(), "title"), StringField(entry.get_object(), "payload")});
  }
  return out;
}

json::array AttachmentsToJson(const std::vector<Attachment>& attachments) {
  json::array out;
  for (const auto& attachment : attachments) {
    out.push_back(json::object{{"kind", attachment.kind},
                               {"url", attachment.url},
                               {"mime_type", attachment.mime_type},
                               {"file_name", attachment.file_name}});
  }
  return out;
}

std::vector<Attachment> AttachmentsFromJson(const json::value& value) {
  std::vector<Attachment> out;
  if (!value.is_array()) return out;
  for (const auto& entry : value.get_array()) {
    if (!entry.is_object()) continue;
    const auto& object = entry.get_object();
    out.push_back({StringField(object, "kind"), StringField(object, "url"), StringField(object, "mime_type"),
                   StringField(object, "file_name")});
  }
  return out;
}

json::array StringsToJson(const std::vector<std::string>& strings) {
  json::array out;
  for (const auto& text : strings) out.push_back(json::string(text));
  return out;
}

std::vector<std::string> StringsFromJson(const json::value& value) {
  std::vector<std::string> out;
  if (!value.is_array()) return out;
  for (const auto& entry : value.get_array()) {
    if (entry.is_string()) out.emplace_back(entry.get_string());
  }
  return out;
}

json::object ToJson(const Conversation& conversation) {
  const auto& cart = conversation.cart;
  std::string currency = cart.empty() ? "" : cart.lines.front().currency;
  int64_t total_minor = 0;
  if (auto quote = commerce::QuoteOf(cart, currency)) {
    total_minor = quote->total_minor;
    currency = quote->currency;
  }
  const auto& contact = conversation.contact;
  return json::object{
      {"id", conversation.id},
      {"company_id", conversation.company_id},
      {"channel", json::object{{"id", conversation.channel_id},
                               {"kind", conversation.channel_kind},
                               {"name", conversation.channel_name}}},
      {"contact", json::object{{"id", conversation.contact_id},
                               {"name", contact.display_name},
                               {"external_id", contact.external_id},
                               {"source", contact.source},
                               {"campaign", contact.campaign}}},
      {"status", conversation.status},
      {"mode", conversation.mode},
      {"needs_human", conversation.needs_human},
      {"payment_status", conversation.payment_status},
      {"outcome", conversation.outcome},
      {"language", conversation.language},
      {"handled_by_user_id", OptString(conversation.handled_by_user_id)},
      {"last_message_at", conversation.last_message_at},
      {"last_message_preview", conversation.last_message_preview},
      {"message_count", conversation.message_count},
      {"unread_count", conversation.unread_count},
      {"cart", commerce::ToJson(cart)},
      {"total_minor", total_minor},
      {"currency", currency.empty() ? json::value(nullptr) : json::value(json::string(currency))},
      {"created_at", conversation.created_at},
      {"updated_at", conversation.updated_at},
  };
}

json::object ToJson(const Message& message, bool for_customer) {
  json::object out{
      {"id", message.id},
      {"conversation_id", message.conversation_id},
      {"seq", message.seq},
      {"direction", message.direction},
      {"author", message.author},
      {"text", message.text},
      {"buttons", ButtonsToJson(message.buttons)},
      {"media_urls", StringsToJson(message.media_urls)},
      {"attachments", AttachmentsToJson(message.attachments)},
      {"status", message.status},
      {"created_at", message.created_at},
      {"sent_at", OptInt(message.sent_at)},
  };
  if (!for_customer) {
    out["author_user_id"] = OptString(message.author_user_id);
    out["trace"] = message.trace ? json::value(*message.trace) : json::value(nullptr);
    out["error"] = OptString(message.error);
  }
  return out;
}

json::object ToJson(const AssistantSettings& settings, bool llm_available) {
  json::object prompts;
  for (auto key : kPromptKeys) {
    auto found = settings.prompts.find(std::string(key));
    prompts[key] = found == settings.prompts.end() ? "" : found->second;
  }
  return json::object{
      {"company_id", settings.company_id},
      {"engine", settings.engine},
      {"llm_available", llm_available},
      {"debounce_ms", settings.debounce_ms},
      {"retention_days", settings.retention_days},
      {"default_language", settings.default_language},
      {"prompts", std::move(prompts)},
      {"version", settings.version},
      {"updated_at", settings.updated_at},
  };
}

}  // namespace x8::conversations
