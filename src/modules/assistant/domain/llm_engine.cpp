#include "modules/assistant/domain/llm_engine.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>
#include <deque>
#include <string>
#include <utility>

#include "core/json.h"
#include "modules/assistant/domain/when.h"

namespace x8::assistant {
namespace {

namespace bj = boost::json;
using knowledge::Item;
using knowledge::Variant;

bj::object Schema(bj::object properties, std::initializer_list<std::string_view> required) {
  bj::array names;
  for (auto name : required) names.emplace_back(name);
  return bj::object{{"type", "object"},
                    {"properties", std::move(properties)},
                    {"required", std::move(names)},
                    {"additionalProperties", false}};
}

bj::object Property(std::string_view type, std::string_view description) {
  return bj::object{{"type", type}, {"description", description}};
}

bool InStock(const Variant& variant) {
  return variant.in_stock.value_or(!variant.stock || *variant.stock > 0);
}

std::string AttributesText(const Variant& variant) {
  std::string text;
  for (const auto& [name, value] : variant.attributes) {
    if (value.empty()) continue;
    if (!text.empty()) text += ", ";
    text.append(name).append(": ").append(value);
  }
  return text;
}

// The label a cart line shows: the attribute values that differ between the item's variants.
std::string VariantLabel(const Item& item, const Variant& variant) {
  std::string label;
  for (const auto& attribute : variant.attributes) {
    const std::string& name = attribute.first;
    const std::string& value = attribute.second;
    bool differs = std::any_of(item.variants.begin(), item.variants.end(), [&](const Variant& other) {
      auto found = other.attributes.find(name);
      return found == other.attributes.end() || found->second != value;
    });
    if (!differs || value.empty()) continue;
    if (!label.empty()) label += ", ";
    label += value;
  }
  return label;
}

std::string RoleOf(Author author) {
  switch (author) {
    case Author::kCustomer:
      return "user";
    case Author::kAssistant:
    case Author::kHuman:
      return "assistant";
    case Author::kSystem:
      return "system";
  }
  return "user";
}

// A numeric argument given as a JSON number or a numeric string.
std::optional<double> NumberArgument(const bj::object& arguments, std::string_view key) {
  const auto* value = arguments.if_contains(key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->is_int64()) return static_cast<double>(value->as_int64());
  if (value->is_uint64()) return static_cast<double>(value->as_uint64());
  if (value->is_double()) return value->as_double();
  if (value->is_string()) {
    try {
      size_t used = 0;
      double parsed = std::stod(std::string(value->as_string()), &used);
      if (used == value->as_string().size()) return parsed;
    } catch (...) {
    }
  }
  return std::nullopt;
}

std::string StringArgument(const bj::object& arguments, std::string_view key) {
  const auto* value = arguments.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

// The model is told never to write links (the payment link is X8's own message); any it writes anyway
// is removed, so a customer never sees a link X8 did not make.
std::string WithoutUrls(std::string_view text) {
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    size_t found = std::min(text.find("http://", at), text.find("https://", at));
    if (found == std::string_view::npos) {
      out.append(text.substr(at));
      break;
    }
    out.append(text.substr(at, found - at));
    size_t end = found;
    while (end < text.size() && text[end] != ' ' && text[end] != '\n' && text[end] != '\t' &&
           text[end] != ')' && text[end] != ']') {
      ++end;
    }
    at = end;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ':')) out.pop_back();
  return out;
}

bj::object ToolError(std::string message) { return bj::object{{"error", std::move(message)}}; }

constexpr int64_t kSlotWindowMillis = 7LL * 24 * 3600 * 1000;
constexpr size_t kMaxListedSlots = 8;
constexpr size_t kMaxDeliveryAddressChars = 300;

class LlmTurn {
 public:
  LlmTurn(const LlmOptions& options, ChatModel& model, const TurnInput& input, Catalogue& catalogue)
      : options_(options), model_(model), input_(input), catalogue_(catalogue) {}

  Result<TurnResult> Run() {
    result_.cart = input_.cart;
    result_.state = input_.state;
    result_.language = input_.language;
    if (result_.language != "en" && result_.language != "ru") {
      std::string all;
      for (const auto& message : input_.new_messages) all += message + " ";
      result_.language = DetectLanguage(all, input_.settings.default_language == "ru" ? "ru" : "en");
    }
    language_ = result_.language;

    ChatRequest request;
    request.model = options_.model;
    if (input_.schedule != nullptr && input_.company.type != "SERVICE") {
      X8_TRY(delivers_, input_.schedule->HasDeliveryWindows());
    }
    request.tools = AssistantTools(input_.schedule != nullptr, delivers_);
    offered_ = LoadOffered("offered_slots", "item_id");
    offered_windows_ = LoadOffered("offered_windows", "zone");
    request.messages = FitContext(request.tools);

    std::optional<std::string> final_text;
    for (int round = 1; round <= kMaxLlmRounds; ++round) {
      request.tool_choice = round == kMaxLlmRounds ? "none" : "auto";
      X8_TRY(auto response, model_.Complete(request));
      bj::array calls;
      for (const auto& call : response.message.tool_calls) {
        calls.push_back(bj::object{{"id", call.id}, {"name", call.name}, {"arguments", call.arguments}});
      }
      result_.trace.push_back(bj::object{{"step", "llm"},
                                         {"round", round},
                                         {"tool_calls", std::move(calls)},
                                         {"finish_reason", response.finish_reason},
                                         {"prompt_tokens", response.usage.prompt_tokens},
                                         {"completion_tokens", response.usage.completion_tokens}});
      if (response.message.tool_calls.empty() || round == kMaxLlmRounds) {
        final_text = response.message.content;
        break;
      }
      ChatMessage assistant{.role = "assistant",
                            .content = response.message.content,
                            .tool_calls = response.message.tool_calls,
                            .tool_call_id = ""};
      request.messages.push_back(assistant);
      for (const auto& call : response.message.tool_calls) {
        bj::object result = RunTool(call);
        request.messages.push_back(ChatMessage{
            .role = "tool", .content = bj::serialize(result), .tool_calls = {}, .tool_call_id = call.id});
      }
    }

    std::string text = WithoutUrls(final_text.value_or(""));
    if (text.empty() && result_.handoff) text = HandoffText(language_);
    if (text.empty() && result_.checkout) {
      auto quote = commerce::QuoteOf(result_.cart, input_.company.currency);
      if (quote) text = QuoteText(language_, *quote);
    }
    if (text.empty()) return Unavailable("the language model gave no answer").With("engine", "llm");
    result_.replies.push_back(Reply{.text = std::move(text), .buttons = {}, .media_urls = {}});
    return std::move(result_);
  }

 private:
  // System prompt, then as much recent history as fits the budget, then every new message.
  std::vector<ChatMessage> FitContext(const std::vector<ToolDefinition>& tools) {
    ChatMessage system{
        .role = "system", .content = SystemPrompt(input_, delivers_), .tool_calls = {}, .tool_call_id = ""};
    size_t used = EstimateTokens(system);
    for (const auto& tool : tools) {
      used += (tool.name.size() + tool.description.size() + bj::serialize(tool.parameters).size()) /
              kBytesPerToken;
    }
    std::vector<ChatMessage> fresh;
    for (const auto& text : input_.new_messages) {
      fresh.push_back(ChatMessage{.role = "user", .content = text, .tool_calls = {}, .tool_call_id = ""});
      used += EstimateTokens(fresh.back());
    }
    const auto budget = static_cast<size_t>(std::max<int64_t>(options_.max_context_tokens, 0));
    std::deque<ChatMessage> history;
    size_t dropped = 0;
    for (auto it = input_.history.rbegin(); it != input_.history.rend(); ++it) {
      ChatMessage message{
          .role = RoleOf(it->author), .content = it->text, .tool_calls = {}, .tool_call_id = ""};
      if (it->author == Author::kSystem) message.content = "[system] " + it->text;
      if (message.role == "system") message.role = "user";
      const size_t cost = EstimateTokens(message);
      if (used + cost > budget) {
        dropped = static_cast<size_t>(std::distance(it, input_.history.rend()));
        break;
      }
      used += cost;
      history.push_front(std::move(message));
    }
    result_.trace.push_back(bj::object{{"step", "context"},
                                       {"history_kept", history.size()},
                                       {"history_dropped", dropped},
                                       {"estimated_tokens", used},
                                       {"budget_tokens", budget}});
    std::vector<ChatMessage> messages;
    messages.push_back(std::move(system));
    for (auto& message : history) messages.push_back(std::move(message));
    for (auto& message : fresh) messages.push_back(std::move(message));
    return messages;
  }

  bj::object RunTool(const ToolCall& call) {
    bj::object arguments;
    bj::object result;
    std::string_view raw = call.arguments;
    if (raw.find_first_not_of(" \t\r\n") == std::string_view::npos) raw = "{}";
    auto parsed = json::Parse(raw);
    if (!parsed || !parsed->is_object()) {
      result = ToolError("the arguments are not a JSON object" +
                         (parsed ? std::string() : ": " + parsed.error().message) + "; call the tool again");
    } else {
      arguments = parsed->as_object();
      auto executed = Execute(call.name, arguments);
      result = executed ? std::move(*executed) : ToolError(executed.error().message);
    }
    result_.trace.push_back(bj::object{
        {"step", "tool"},
        {"name", call.name},
        {"arguments", parsed && parsed->is_object() ? bj::value(arguments) : bj::value(call.arguments)},
        {"result", result}});
    return result;
  }

  Result<bj::object> Execute(std::string_view name, const bj::object& arguments) {
    if (name == "search_catalogue") return SearchCatalogue(arguments);
    if (name == "item_details") return ItemDetails(arguments);
    if (name == "add_to_cart") return AddToCart(arguments);
    if (name == "remove_from_cart") return ChangeLine(arguments, false);
    if (name == "set_quantity") return ChangeLine(arguments, true);
    if (name == "view_cart") return CartJson();
    if (name == "checkout") return Checkout();
    if (name == "hand_off") return HandOff(arguments);
    if (input_.schedule != nullptr && name == "list_slots") return ListSlots(arguments);
    if (input_.schedule != nullptr && name == "choose_slot") return ChooseSlot(arguments);
    if (delivers_ && name == "list_delivery_windows") return ListDeliveryWindows(arguments);
    if (delivers_ && name == "set_delivery") return SetDelivery(arguments);
    return InvalidArgument("unknown tool " + std::string(name));
  }

  std::string Money(int64_t minor, std::string_view currency) const {
    return commerce::FormatMoney(minor, currency.empty() ? input_.company.currency : currency, language_);
  }

  bj::object ItemJson(const Item& item, const std::vector<Variant>& variants) const {
    bj::array out_variants;
    for (const auto& variant : variants) {
      bj::object entry{{"variant_id", variant.id},
                       {"attributes", AttributesText(variant)},
                       {"in_stock", InStock(variant)}};
      if (variant.price_minor) {
        entry["price"] = Money(*variant.price_minor, variant.currency);
        entry["price_minor"] = *variant.price_minor;
        entry["currency"] = variant.currency.empty() ? input_.company.currency : variant.currency;
      } else {
        entry["price"] = "on request";
      }
      out_variants.push_back(std::move(entry));
    }
    bj::object out{{"item_id", item.id}, {"name", item.name}, {"variants", std::move(out_variants)}};
    if (!item.category.empty()) out["category"] = item.category;
    if (!item.description.empty()) out["description"] = item.description;
    if (!item.unit.empty()) out["unit"] = item.unit;
    if (item.duration_min) out["duration_min"] = *item.duration_min;
    if (!item.format.empty()) out["format"] = item.format;
    if (!item.location.empty()) out["location"] = item.location;
    return out;
  }

  Result<bj::object> SearchCatalogue(const bj::object& arguments) {
    const std::string query = StringArgument(arguments, "query");
    Catalogue::Filter filter;
    if (auto category = StringArgument(arguments, "category"); !category.empty()) filter.category = category;
    if (auto max_price = NumberArgument(arguments, "max_price"); max_price && *max_price > 0) {
      filter.max_price_minor =
          std::llround(*max_price * static_cast<double>(commerce::MinorUnitsPer(input_.company.currency)));
    }
    X8_TRY(auto hits, catalogue_.Search(query, filter, kMaxToolResultItems));
    bj::array items;
    bj::array faq;
    bj::array traced;
    for (const auto& hit : hits) {
      traced.push_back(bj::object{{"item_id", hit.item.id}, {"name", hit.item.name}, {"score", hit.score}});
      if (hit.kind == knowledge::KbKind::kFaq) {
        faq.push_back(bj::object{{"question", hit.item.question}, {"answer", hit.item.answer}});
        continue;
      }
      items.push_back(ItemJson(hit.item, hit.item.variants));
    }
    result_.trace.push_back(bj::object{{"step", "search"}, {"query", query}, {"results", std::move(traced)}});
    bj::object out{{"items", std::move(items)}};
    if (!faq.empty()) out["faq"] = std::move(faq);
    return out;
  }

  Result<bj::object> ItemDetails(const bj::object& arguments) {
    const std::string item_id = StringArgument(arguments, "item_id");
    X8_TRY(auto hit, catalogue_.Item(item_id));
    if (!hit) return NotFound("no item with item_id " + item_id + "; use search_catalogue to find ids");
    return ItemJson(hit->item, hit->item.variants);
  }

  Result<bj::object> AddToCart(const bj::object& arguments) {
    const std::string item_id = StringArgument(arguments, "item_id");
    const std::string variant_id = StringArgument(arguments, "variant_id");
    X8_TRY(auto hit, catalogue_.Item(item_id));
    if (!hit) return NotFound("no item with item_id " + item_id + "; use search_catalogue to find ids");
    const Item& item = hit->item;
    const Variant* variant = nullptr;
    for (const auto& candidate : item.variants) {
      if (candidate.id == variant_id || (variant_id.empty() && item.variants.size() == 1))
        variant = &candidate;
    }
    if (variant == nullptr) return NotFound("item " + item_id + " has no variant " + variant_id);
    if (!InStock(*variant)) return FailedPrecondition("this variant is out of stock");
    if (!variant->price_minor) return FailedPrecondition("this variant has no price; offer hand_off");
    const double quantity = NumberArgument(arguments, "quantity").value_or(1.0);
    if (!(quantity > 0)) return InvalidArgument("quantity must be above zero");
    commerce::CartLine line{
        .item_id = item.id,
        .variant_id = variant->id,
        .name = item.name,
        .variant_label = VariantLabel(item, *variant),
        .unit = item.unit,
        .unit_price_minor = *variant->price_minor,
        .currency = variant->currency.empty() ? input_.company.currency : variant->currency,
        .quantity_milli = std::llround(quantity * static_cast<double>(commerce::kMilli)),
        .image_url = variant->linked ? variant->linked->thumb_url : ""};
    const int64_t quantity_milli = line.quantity_milli;
    X8_TRY_STATUS(commerce::AddToCart(result_.cart, std::move(line)));
    result_.trace.push_back(bj::object{{"step", "cart"},
                                       {"action", "add"},
                                       {"item_id", item.id},
                                       {"variant_id", variant->id},
                                       {"quantity_milli", quantity_milli}});
    return CartJson();
  }

  Result<bj::object> ChangeLine(const bj::object& arguments, bool set_quantity) {
    const std::string variant_id = StringArgument(arguments, "variant_id");
    if (set_quantity) {
      auto quantity = NumberArgument(arguments, "quantity");
      if (!quantity || *quantity < 0) return InvalidArgument("quantity must be a number ≥ 0");
      X8_TRY_STATUS(commerce::SetQuantity(result_.cart, variant_id, std::llround(*quantity * 1000.0)));
      result_.trace.push_back(bj::object{{"step", "cart"},
                                         {"action", "set_quantity"},
                                         {"variant_id", variant_id},
                                         {"quantity_milli", std::llround(*quantity * 1000.0)}});
    } else {
      X8_TRY_STATUS(commerce::RemoveFromCart(result_.cart, variant_id));
      result_.trace.push_back(bj::object{{"step", "cart"}, {"action", "remove"}, {"variant_id", variant_id}});
    }
    return CartJson();
  }

  Result<bj::object> CartJson() {
    X8_TRY(auto quote, commerce::QuoteOf(result_.cart, input_.company.currency));
    result_.trace.push_back(bj::object{{"step", "quote"},
                                       {"total_minor", quote.total_minor},
                                       {"currency", quote.currency},
                                       {"lines", quote.lines.size()}});
    bj::array lines;
    for (const auto& line : quote.lines) {
      lines.push_back(bj::object{{"item_id", line.line.item_id},
                                 {"variant_id", line.line.variant_id},
                                 {"name", line.line.name},
                                 {"variant", line.line.variant_label},
                                 {"quantity", commerce::FormatQuantity(line.line.quantity_milli)},
                                 {"unit_price", Money(line.line.unit_price_minor, line.line.currency)},
                                 {"line_total", Money(line.total_minor, line.line.currency)},
                                 {"text", QuoteLineText(language_, line)}});
    }
    bj::object out{{"lines", std::move(lines)},
                   {"total", Money(quote.total_minor, quote.currency)},
                   {"total_minor", quote.total_minor},
                   {"currency", quote.currency}};
    if (const auto& delivery = result_.cart.delivery) {
      out["delivery"] = bj::object{{"window", delivery->label},
                                   {"address", delivery->address},
                                   {"zone", delivery->zone},
                                   {"fee", Money(quote.delivery_minor, quote.currency)}};
    }
    return out;
  }

  Result<bj::object> Checkout() {
    if (result_.cart.empty()) return FailedPrecondition("the cart is empty; add items first");
    if (NeedsDelivery()) {
      const auto& delivery = result_.cart.delivery;
      if (!delivery || delivery->address.empty() || delivery->starts_at == 0) {
        return FailedPrecondition(
            "this order is delivered: ask for the address (and the zone), call list_delivery_windows, "
            "then set_delivery with the window the customer chose; then checkout");
      }
      // The zone's current fee: the business may have changed it since the customer chose.
      X8_TRY(auto zones, input_.schedule->DeliveryZones());
      for (const auto& zone : zones) {
        if (zone.name != delivery->zone) continue;
        result_.cart.delivery->fee_minor = zone.fee_minor;
        result_.cart.delivery->free_over_minor = zone.free_over_minor;
      }
    } else {
      result_.cart.delivery.reset();
    }
    X8_TRY(auto cart, CartJson());
    result_.checkout = true;
    result_.trace.push_back(bj::object{{"step", "checkout"}, {"total_minor", cart.at("total_minor")}});
    cart["status"] = "confirmed";
    cart["note"] =
        "The system sends the payment link as its own message right after your answer. Do not write any "
        "link.";
    return cart;
  }

  Result<bj::object> HandOff(const bj::object& arguments) {
    std::string reason = StringArgument(arguments, "reason");
    if (reason.empty()) reason = "model";
    result_.handoff = true;
    result_.handoff_reason = reason;
    result_.trace.push_back(bj::object{{"step", "handoff"}, {"reason", reason}});
    return bj::object{{"status", "handed_off"},
                      {"note", "A team member will reply in this chat; tell the customer so, briefly."}};
  }

  // ---- times of services ----

  // A time a listing tool returned, under its key (the service's item_id, or the delivery zone), kept in
  // the engine state so that "the 3 pm one" still works in a later turn.
  struct Offered {
    std::string key;
    Schedule::Slot slot;
  };

  std::vector<Offered> LoadOffered(std::string_view state_key, std::string_view key_field) const {
    std::vector<Offered> out;
    const auto* saved = input_.state.if_contains(state_key);
    if (saved == nullptr || !saved->is_array()) return out;
    for (const auto& entry : saved->as_array()) {
      if (!entry.is_object()) continue;
      const auto& fields = entry.as_object();
      const auto* key = fields.if_contains(key_field);
      const auto* starts = fields.if_contains("starts_at");
      const auto* ends = fields.if_contains("ends_at");
      const auto* label = fields.if_contains("label");
      if (key == nullptr || !key->is_string() || starts == nullptr || !starts->is_int64() ||
          ends == nullptr || !ends->is_int64() || label == nullptr || !label->is_string()) {
        continue;
      }
      out.push_back({std::string(key->as_string()),
                     {.starts_at = starts->as_int64(),
                      .ends_at = ends->as_int64(),
                      .label = std::string(label->as_string())}});
    }
    return out;
  }
  void SaveOffered(std::string_view state_key, std::string_view key_field,
                   const std::vector<Offered>& offered) {
    bj::array out;
    for (const auto& entry : offered) {
      out.push_back(bj::object{{key_field, entry.key},
                               {"starts_at", entry.slot.starts_at},
                               {"ends_at", entry.slot.ends_at},
                               {"label", entry.slot.label}});
    }
    result_.state[state_key] = std::move(out);
  }

  // The period a listing tool asks about: `from`/`to` as local ISO dates or date-times in the company's
  // zone; the next 7 days by default, never before now.
  struct Period {
    int64_t from = 0;
    int64_t to = 0;
  };
  Result<Period> PeriodOf(const bj::object& arguments) const {
    const std::string zone(input_.schedule->timezone());
    const int64_t now = input_.now_ms;
    Period period{now, now + kSlotWindowMillis};
    if (auto text = StringArgument(arguments, "from"); !text.empty()) {
      auto parsed = ParseLocalIso(text, zone);
      if (!parsed) return InvalidArgument("from must be an ISO local date or date-time, e.g. 2026-11-28");
      period.from = std::max(*parsed, now);
      period.to = period.from + kSlotWindowMillis;
    }
    if (auto text = StringArgument(arguments, "to"); !text.empty()) {
      auto parsed = ParseLocalIso(text, zone, /*end_of_day=*/text.size() == 10);
      if (!parsed) return InvalidArgument("to must be an ISO local date or date-time, e.g. 2026-11-29");
      period.to = *parsed;
    }
    if (period.to <= period.from) return InvalidArgument("to must be after from (and after now)");
    return period;
  }

  Result<bj::object> ListSlots(const bj::object& arguments) {
    const std::string item_id = StringArgument(arguments, "item_id");
    X8_TRY(auto hit, catalogue_.Item(item_id));
    if (!hit) return NotFound("no item with item_id " + item_id + "; use search_catalogue to find ids");
    const std::string zone(input_.schedule->timezone());
    X8_TRY(auto period, PeriodOf(arguments));
    const auto [from, to] = period;
    X8_TRY(auto slots, input_.schedule->FreeSlots(item_id, from, to, kMaxListedSlots, language_));
    bj::array out;
    std::erase_if(offered_, [&](const Offered& entry) { return entry.key == item_id; });
    for (const auto& slot : slots) {
      out.push_back(bj::object{{"starts_at", LocalIso(slot.starts_at, zone)},
                               {"ends_at", LocalIso(slot.ends_at, zone)},
                               {"label", slot.label}});
      offered_.push_back({item_id, slot});
    }
    SaveOffered("offered_slots", "item_id", offered_);
    result_.trace.push_back(bj::object{
        {"step", "slots"}, {"item_id", item_id}, {"from", from}, {"to", to}, {"offered", slots.size()}});
    bj::object result{{"item_id", item_id}, {"timezone", zone}, {"slots", std::move(out)}};
    if (slots.empty()) result["note"] = "Nothing free in this window; try a later window.";
    return result;
  }

  Result<bj::object> ChooseSlot(const bj::object& arguments) {
    const std::string item_id = StringArgument(arguments, "item_id");
    const std::string starts_text = StringArgument(arguments, "starts_at");
    const std::string zone(input_.schedule->timezone());
    auto starts_at = ParseLocalIso(starts_text, zone);
    if (!starts_at) return InvalidArgument("starts_at must be a starts_at that list_slots returned");
    const Offered* chosen = nullptr;
    for (const auto& entry : offered_) {
      if (entry.key == item_id && entry.slot.starts_at == *starts_at) chosen = &entry;
    }
    if (chosen == nullptr) {
      return FailedPrecondition("this time was not offered; call list_slots and choose one of its starts_at");
    }
    X8_TRY(auto hit, catalogue_.Item(item_id));
    if (!hit) return NotFound("no item with item_id " + item_id);
    const Item& item = hit->item;
    const std::string variant_id = StringArgument(arguments, "variant_id");
    const Variant* variant = nullptr;
    for (const auto& candidate : item.variants) {
      if (candidate.id == variant_id || (variant_id.empty() && variant == nullptr)) variant = &candidate;
    }
    if (variant == nullptr) return NotFound("item " + item_id + " has no variant " + variant_id);
    if (!variant->price_minor) return FailedPrecondition("this service has no price; offer hand_off");
    const Schedule::Slot slot = chosen->slot;
    (void)commerce::RemoveFromCart(result_.cart, variant->id);  // a new time replaces the old one
    X8_TRY_STATUS(commerce::AddToCart(
        result_.cart, commerce::CartLine{
                          .item_id = item.id,
                          .variant_id = variant->id,
                          .name = item.name,
                          .variant_label = VariantLabel(item, *variant),
                          .unit = item.unit,
                          .unit_price_minor = *variant->price_minor,
                          .currency = variant->currency.empty() ? input_.company.currency : variant->currency,
                          .quantity_milli = commerce::kMilli,
                          .image_url = variant->linked ? variant->linked->thumb_url : "",
                          .slot_starts_at = slot.starts_at,
                          .slot_ends_at = slot.ends_at,
                          .slot_label = slot.label}));
    result_.trace.push_back(bj::object{{"step", "cart"},
                                       {"action", "add"},
                                       {"item_id", item.id},
                                       {"variant_id", variant->id},
                                       {"quantity_milli", commerce::kMilli},
                                       {"slot_starts_at", slot.starts_at}});
    X8_TRY(auto cart, CartJson());
    cart["chosen"] = slot.label;
    cart["note"] =
        "Confirm the service, time and price with the customer; call checkout when they agree (a free "
        "service is booked at once, a paid one after payment).";
    return cart;
  }

  // ---- delivery of goods ----

  // Goods in the cart of a company that delivers in windows.
  bool NeedsDelivery() const {
    return delivers_ && std::any_of(result_.cart.lines.begin(), result_.cart.lines.end(),
                                    [](const commerce::CartLine& line) { return !line.slot_starts_at; });
  }

  bj::array ZonesJson(const std::vector<Schedule::Zone>& zones) const {
    bj::array out;
    for (const auto& zone : zones) {
      bj::object entry{{"name", zone.name}, {"fee", Money(zone.fee_minor, "")}};
      if (zone.free_over_minor) entry["free_from"] = Money(*zone.free_over_minor, "");
      out.push_back(std::move(entry));
    }
    return out;
  }

  Result<bj::object> ListDeliveryWindows(const bj::object& arguments) {
    X8_TRY(auto zones, input_.schedule->DeliveryZones());
    const std::string zone = StringArgument(arguments, "zone");
    if (!zones.empty() && zone.empty()) {
      return bj::object{{"zones", ZonesJson(zones)},
                        {"note",
                         "Ask the customer for the address and which of these zones it is in; then call "
                         "list_delivery_windows with that zone."}};
    }
    if (!zone.empty() &&
        std::none_of(zones.begin(), zones.end(), [&](const Schedule::Zone& z) { return z.name == zone; })) {
      return NotFound("no delivery zone " + zone +
                      "; the zones are listed by list_delivery_windows without zone");
    }
    const std::string timezone(input_.schedule->timezone());
    X8_TRY(auto period, PeriodOf(arguments));
    const auto [from, to] = period;
    X8_TRY(auto windows, input_.schedule->FreeDeliverySlots(zone, from, to, kMaxListedSlots, language_));
    std::erase_if(offered_windows_, [&](const Offered& entry) { return entry.key == zone; });
    bj::array out;
    for (const auto& window : windows) {
      out.push_back(bj::object{{"starts_at", LocalIso(window.starts_at, timezone)},
                               {"ends_at", LocalIso(window.ends_at, timezone)},
                               {"label", window.label}});
      offered_windows_.push_back({zone, window});
    }
    SaveOffered("offered_windows", "zone", offered_windows_);
    result_.trace.push_back(bj::object{{"step", "delivery_windows"},
                                       {"zone", zone},
                                       {"from", from},
                                       {"to", to},
                                       {"offered", windows.size()}});
    bj::object result{{"timezone", timezone}, {"windows", std::move(out)}};
    if (!zone.empty()) result["zone"] = zone;
    if (windows.empty()) result["note"] = "No free delivery window then; try a later period.";
    return result;
  }

  Result<bj::object> SetDelivery(const bj::object& arguments) {
    std::string address = StringArgument(arguments, "address");
    const std::string zone = StringArgument(arguments, "zone");
    const std::string starts_text = StringArgument(arguments, "starts_at");
    const bool has_digit =
        std::any_of(address.begin(), address.end(), [](unsigned char c) { return std::isdigit(c); });
    if (address.size() < 5 || !has_digit) {
      return InvalidArgument(
          "address must be the full delivery address the customer gave (street and house number)");
    }
    if (address.size() > kMaxDeliveryAddressChars) address.resize(kMaxDeliveryAddressChars);
    X8_TRY(auto zones, input_.schedule->DeliveryZones());
    const Schedule::Zone* chosen_zone = nullptr;
    for (const auto& candidate : zones) {
      if (candidate.name == zone) chosen_zone = &candidate;
    }
    if (!zones.empty() && chosen_zone == nullptr) {
      return InvalidArgument("zone must be one of the delivery zones list_delivery_windows returned");
    }
    auto starts_at = ParseLocalIso(starts_text, input_.schedule->timezone());
    if (!starts_at)
      return InvalidArgument("starts_at must be a starts_at that list_delivery_windows returned");
    const Offered* chosen = nullptr;
    for (const auto& entry : offered_windows_) {
      if (entry.key == zone && entry.slot.starts_at == *starts_at) chosen = &entry;
    }
    if (chosen == nullptr) {
      return FailedPrecondition(
          "this window was not offered for this zone; call list_delivery_windows and use one of its "
          "starts_at");
    }
    result_.cart.delivery = commerce::CartDelivery{
        .starts_at = chosen->slot.starts_at,
        .ends_at = chosen->slot.ends_at,
        .label = chosen->slot.label,
        .address = address,
        .zone = chosen_zone != nullptr ? chosen_zone->name : "",
        .fee_minor = chosen_zone != nullptr ? chosen_zone->fee_minor : 0,
        .free_over_minor = chosen_zone != nullptr ? chosen_zone->free_over_minor : std::nullopt};
    result_.trace.push_back(bj::object{{"step", "delivery"},
                                       {"action", "set"},
                                       {"zone", result_.cart.delivery->zone},
                                       {"starts_at", chosen->slot.starts_at}});
    X8_TRY(auto cart, CartJson());
    cart["note"] =
        "Confirm the items, delivery window, address and total with the customer; call checkout when "
        "they agree.";
    return cart;
  }

  std::vector<Offered> offered_;
  std::vector<Offered> offered_windows_;
  bool delivers_ = false;

  const LlmOptions& options_;
  ChatModel& model_;
  const TurnInput& input_;
  Catalogue& catalogue_;
  TurnResult result_;
  std::string language_;
};

class LlmEngine final : public Engine {
 public:
  LlmEngine(LlmOptions options, std::shared_ptr<ChatModel> model)
      : options_(std::move(options)), model_(std::move(model)) {}
  std::string_view name() const override { return "llm"; }
  Result<TurnResult> Run(const TurnInput& input, Catalogue& catalogue) override {
    return LlmTurn(options_, *model_, input, catalogue).Run();
  }

 private:
  LlmOptions options_;
  std::shared_ptr<ChatModel> model_;
};

}  // namespace

std::vector<ToolDefinition> AssistantTools(bool scheduling, bool delivery) {
  std::vector<ToolDefinition> tools{
      {"search_catalogue",
       "Search the company's products, services and FAQ. Returns items with item_id, variants (variant_id, "
       "attributes, price, in_stock).",
       Schema({{"query", Property("string", "what the customer is looking for, in their words")},
               {"category", Property("string", "only this category (optional)")},
               {"max_price", Property("number", "highest price in the company's currency (optional)")}},
              {"query"})},
      {"item_details", "All variants, prices and details of one item.",
       Schema({{"item_id", Property("string", "item_id from search_catalogue")}}, {"item_id"})},
      {"add_to_cart",
       "Add a chosen variant to the customer's cart. Returns the cart with X8-computed totals.",
       Schema({{"item_id", Property("string", "item_id from search_catalogue")},
               {"variant_id", Property("string", "variant_id of the chosen variant")},
               {"quantity", Property("number", "how many (or how much, for weighed items); default 1")}},
              {"item_id", "variant_id", "quantity"})},
      {"remove_from_cart", "Remove a line from the cart.",
       Schema({{"variant_id", Property("string", "variant_id of the cart line")}}, {"variant_id"})},
      {"set_quantity", "Change the quantity of a cart line (0 removes it).",
       Schema({{"variant_id", Property("string", "variant_id of the cart line")},
               {"quantity", Property("number", "the new quantity")}},
              {"variant_id", "quantity"})},
      {"view_cart", "The cart's lines and total as X8 computes them.", Schema({}, {})},
      {"checkout",
       "The customer confirmed the order: the system creates it and sends the payment link itself.",
       Schema({}, {})},
      {"hand_off", "Pass the conversation to a human team member.",
       Schema({{"reason", Property("string", "why, in a few words")}}, {"reason"})},
  };
  if (scheduling) {
    tools.push_back(
        {"list_slots",
         "Free start times of a service (an item with duration_min), in the company's time zone. Defaults: "
         "the next 7 days. Offer a few of them by their label.",
         Schema({{"item_id", Property("string", "item_id of the service")},
                 {"from",
                  Property("string", "local ISO date or date-time, e.g. 2026-11-28 or 2026-11-28T15:00")},
                 {"to", Property("string", "local ISO date (inclusive) or date-time (exclusive)")}},
                {"item_id"})});
    tools.push_back(
        {"choose_slot",
         "Put the service in the cart at the time the customer chose (one list_slots returned).",
         Schema({{"item_id", Property("string", "item_id of the service")},
                 {"starts_at", Property("string", "starts_at exactly as list_slots returned it")}},
                {"item_id", "starts_at"})});
  }
  if (delivery) {
    tools.push_back(
        {"list_delivery_windows",
         "The delivery zones (with their fees) and the free delivery windows of a zone, in the company's "
         "time "
         "zone. Without zone (when the company has zones) it returns just the zones. Defaults: the next 7 "
         "days.",
         Schema({{"zone", Property("string", "the zone the address is in, as the zones list names it")},
                 {"from",
                  Property("string", "local ISO date or date-time, e.g. 2026-11-28 or 2026-11-28T10:00")},
                 {"to", Property("string", "local ISO date (inclusive) or date-time (exclusive)")}},
                {})});
    tools.push_back(
        {"set_delivery",
         "Set the order's delivery: the address the customer gave, its zone and the window they chose (one "
         "list_delivery_windows returned). Returns the cart with the delivery fee.",
         Schema({{"address", Property("string", "the full delivery address: city, street, house, flat")},
                 {"zone", Property("string", "the zone (when the company has zones)")},
                 {"starts_at", Property("string", "starts_at exactly as list_delivery_windows returned it")}},
                {"address", "starts_at"})});
  }
  return tools;
}

std::string SystemPrompt(const TurnInput& input, bool delivery) {
  const bool russian = input.language == "ru";
  std::string kind = input.company.type == "SERVICE"  ? "services"
                     : input.company.type == "HYBRID" ? "products and services"
                                                      : "products";
  std::string prompt = "You are the chat assistant of " + input.company.name + ", a business selling " +
                       kind + ". Prices are in " + input.company.currency + ".\n";
  prompt += "Answer in the customer's language";
  if (!input.language.empty())
    prompt += std::string(" (currently ") + (russian ? "Russian" : "English") + ")";
  prompt += ". Keep answers short: this is a chat.\n";
  prompt +=
      "Rules:\n"
      "- Find products and services only with the tools; never invent items.\n"
      "- Prices and totals only from tool results; never compute or estimate a price yourself.\n"
      "- Never write URLs or payment links: after the checkout tool succeeds, the system sends the payment "
      "link itself.\n"
      "- When an item has several variants, ask which one before adding it.\n"
      "- Call checkout only when the customer confirms the order.\n"
      "- Call hand_off when the customer asks for a person or you cannot help.\n";
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kScenarios{{
      {"rules", "Business rules"},
      {"greeting", "When greeting"},
      {"selection", "When helping to choose"},
      {"checkout", "At checkout"},
      {"after_payment", "After payment"},
      {"handoff", "When handing off"},
  }};
  for (const auto& [key, title] : kScenarios) {
    auto found = input.settings.prompts.find(std::string(key));
    if (found == input.settings.prompts.end() || found->second.empty()) continue;
    prompt += std::string(title) + ": " + found->second + "\n";
  }
  if (!input.customer_name.empty()) prompt += "The customer's name: " + input.customer_name + ".\n";
  if (!input.cart.empty()) {
    if (auto quote = commerce::QuoteOf(input.cart, input.company.currency)) {
      prompt += "The cart now (variant ids in brackets):\n";
      for (const auto& line : quote->lines) {
        prompt += "- " + QuoteLineText("en", line) + " [" + line.line.variant_id + "]\n";
      }
      prompt += "Total: " + commerce::FormatMoney(quote->total_minor, quote->currency) + "\n";
    }
  }
  prompt += "Payment status of the latest order: " + input.payment_status + ".\n";
  if (input.schedule != nullptr) {
    const auto now = input.now_ms;
    prompt +=
        "Services are booked for a time: find free times with list_slots, put the chosen one in the cart "
        "with choose_slot, never invent times. Now it is " +
        LocalIso(now, input.schedule->timezone()) + " (" + std::string(input.schedule->timezone()) + ").\n";
  }
  if (delivery) {
    prompt +=
        "Goods are delivered in a window the customer chooses. Before checkout: ask for the delivery "
        "address, "
        "find its zone and the free windows with list_delivery_windows, and record the choice with "
        "set_delivery. The delivery fee comes only from the tools.\n";
  }
  return prompt;
}

size_t EstimateTokens(const ChatMessage& message) {
  size_t bytes = message.role.size() + message.content.value_or("").size() + message.tool_call_id.size();
  for (const auto& call : message.tool_calls)
    bytes += call.id.size() + call.name.size() + call.arguments.size();
  return std::max<size_t>(1, (bytes + kBytesPerToken - 1) / kBytesPerToken);
}

std::unique_ptr<Engine> MakeLlmEngine(LlmOptions options, std::shared_ptr<ChatModel> model) {
  return std::make_unique<LlmEngine>(std::move(options), std::move(model));
}

}  // namespace x8::assistant
