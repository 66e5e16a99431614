// The assistant: one interface, two engines (guided: deterministic, no AI provider; llm: any
// OpenAI-compatible chat-completions API with tool calling). An engine reads the conversation, the
// company's catalogue and settings, and answers with replies and actions; it never touches the database,
// never prices anything itself (commerce::QuoteOf does) and never writes a payment URL (the turn runner
// creates the payment link and sends it as its own message). See docs/design/conversations.md.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "modules/commerce/domain/cart.h"
#include "modules/knowledge/domain/catalogue.h"

namespace x8::assistant {

// The company's catalogue as the assistant may read it (every knowledge base of one company).
// Implemented by the composition root over knowledge::KnowledgeService; thread-safe.
class Catalogue {
 public:
  struct Hit {
    std::string kb_id;
    knowledge::KbKind kind = knowledge::KbKind::kProduct;
    knowledge::Item item;  // variants narrowed to the matched ones
    double score = 0;
  };
  struct Filter {
    std::optional<std::string> category;
    std::optional<int64_t> min_price_minor;
    std::optional<int64_t> max_price_minor;
    bool in_stock_only = false;
  };
  virtual ~Catalogue() = default;
  // Ranked (stemming en/ru, typo tolerance); `limit` 1–50.
  virtual Result<std::vector<Hit>> Search(std::string_view text, const Filter& filter, size_t limit) = 0;
  // The whole item with all its variants; nullopt when the id is unknown in this company.
  virtual Result<std::optional<Hit>> Item(std::string_view item_id) = 0;
  // Every category with at least one item (product and service knowledge bases), in catalogue order.
  virtual Result<std::vector<std::string>> Categories() = 0;
  // Every FAQ entry (FAQ knowledge bases): question and answer in knowledge::Item.
  virtual Result<std::vector<knowledge::Item>> Faq() = 0;
};

// Free times of the company's services (scheduling module), for offering slots in words. Thread-safe.
class Schedule {
 public:
  struct Slot {
    int64_t starts_at = 0;  // unix ms UTC
    int64_t ends_at = 0;
    std::string label;  // local, in the conversation's language: "Sat 28 Nov, 15:00" / "сб 28 нояб., 15:00"
  };
  virtual ~Schedule() = default;
  virtual std::string_view timezone() const = 0;  // the company's IANA zone: "tomorrow" is its tomorrow
  // Free starts of the item (a service) in [from, to), earliest first, at most `limit`. kInvalidArgument
  // when the item is not bookable.
  virtual Result<std::vector<Slot>> FreeSlots(std::string_view item_id, int64_t from, int64_t to,
                                              size_t limit, std::string_view language) = 0;

  // Delivery (PRODUCT / HYBRID companies, issue 6). A zone the customer picks; its fee is free at or
  // above free_over_minor (commerce::QuoteOf applies it).
  struct Zone {
    std::string name;
    int64_t fee_minor = 0;
    std::optional<int64_t> free_over_minor;
  };
  // Free delivery windows serving `zone` ("" when the company has no zones) in [from, to), earliest
  // first, at most `limit`; label "Fri 27 Nov, 10:00–14:00". Empty when the company has no delivery
  // windows (the default: schedules without delivery). kInvalidArgument for an unknown zone.
  virtual Result<std::vector<Slot>> FreeDeliverySlots(std::string_view /*zone*/, int64_t /*from*/,
                                                      int64_t /*to*/, size_t /*limit*/,
                                                      std::string_view /*language*/) {
    return std::vector<Slot>{};
  }
  // The company's delivery zones; empty when none are configured (then no zone is asked).
  virtual Result<std::vector<Zone>> DeliveryZones() { return std::vector<Zone>{}; }
  // Whether the company configured delivery windows (then goods are delivered in a chosen window).
  virtual Result<bool> HasDeliveryWindows() { return false; }
};

enum class Author { kCustomer, kAssistant, kHuman, kSystem };
std::string_view ToString(Author author);  // customer | assistant | human | system

struct HistoryMessage {
  Author author = Author::kCustomer;
  std::string text;
  int64_t at_ms = 0;
};

struct CompanyProfile {
  std::string id;
  std::string name;
  std::string type;      // PRODUCT | SERVICE | HYBRID
  std::string currency;  // ISO 4217
  std::string timezone;  // IANA
};

// Company-level assistant settings (conversations module stores them; versioned there).
struct Settings {
  std::string engine = "guided";        // guided | llm
  std::string default_language = "en";  // en | ru: until the customer's language is detected
  // Scenario prompts: free text the business writes. The guided engine uses "greeting" and "handoff"
  // verbatim (when set) as its messages; the llm engine adds every non-empty one to its system prompt.
  // Keys: rules, greeting, selection, checkout, after_payment, handoff.
  std::map<std::string, std::string> prompts;
  std::string welcome_video_url;  // the owner's welcome video, sent with the first greeting; "" = none
};

struct ChannelCaps {
  std::string kind;     // webchat | playground | telegram | whatsapp | …
  bool buttons = true;  // quick replies shown as buttons
  size_t max_buttons = 10;
  size_t max_text_chars = 4096;
};

struct Button {
  std::string title;    // what the customer sees (≤ 40 chars)
  std::string payload;  // what comes back as the customer's message when pressed
  friend bool operator==(const Button&, const Button&) = default;
};

struct Reply {
  std::string text;
  std::vector<Button> buttons;
  std::vector<std::string> media_urls;  // images / the welcome video
  friend bool operator==(const Reply&, const Reply&) = default;
};

// What the business sees beside the chat (Playground, inbox): what the engine looked at and did.
// Each step: {"step": "search"|"faq"|"cart"|"quote"|"checkout"|"handoff"|"llm"|"tool"|"fallback", …}.
using Trace = std::vector<boost::json::object>;

struct TurnInput {
  CompanyProfile company;
  Settings settings;
  ChannelCaps channel;
  std::vector<HistoryMessage> history;    // earlier messages, oldest first (bounded by the runner)
  std::vector<std::string> new_messages;  // the burst this turn answers, oldest first
  std::string customer_name;              // "" when unknown
  commerce::Cart cart;
  // The latest order of the conversation, if any: payment status no_payment_link | payment_link_sent |
  // paid | expired | cancelled | refunded.
  std::string payment_status = "no_payment_link";
  boost::json::object state;  // the engine's own dialog state from the previous turn ({} at first)
  std::string language;       // en | ru once detected; "" at first
  int64_t now_ms = 0;
  // Free slots of the company's services; null when the company has no scheduling (engines then do not
  // offer times). Valid for the duration of Run.
  Schedule* schedule = nullptr;
};

struct TurnResult {
  std::vector<Reply> replies;
  commerce::Cart cart;    // the cart after this turn
  bool checkout = false;  // the customer confirmed: create the order and send the payment link
  bool handoff = false;   // a human should take over
  std::string handoff_reason;
  boost::json::object state;  // saved for the next turn
  std::string language;       // en | ru
  Trace trace;
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string_view name() const = 0;  // guided | llm
  // Errors: kUnavailable/kRateLimited when a provider failed (the runner falls back to the guided
  // engine for this turn and records it in the trace); kInvalidArgument for unusable input.
  virtual Result<TurnResult> Run(const TurnInput& input, Catalogue& catalogue) = 0;
};

// Messages the turn runner sends itself, in the conversation's language (en | ru).
std::string PaymentLinkText(std::string_view language, const commerce::Quote& quote, std::string_view url);
std::string PaymentReceivedText(std::string_view language, const commerce::Quote& quote);
std::string PaymentExpiredText(std::string_view language);
std::string HandoffText(std::string_view language);  // "A team member will reply here shortly."

// A booked service as the confirmation names it (issue 6): times are shown in the company's zone.
struct BookedSlot {
  std::string title;      // "Women's haircut"
  int64_t starts_at = 0;  // unix ms UTC
  int64_t ends_at = 0;
  std::string timezone;   // IANA
  std::string format;     // online | offline | ""
  std::string location;   // the place, or the meeting link for online services
  bool delivery = false;  // a delivery window (issue 6): named with its address, no duration
  std::string address;    // deliveries
};
// "You're booked: Women's haircut, Sat 28 Nov 2026, 15:00–16:00 (60 min). Place: …" / "Online: <link>";
// a delivery: "Delivery, Fri 27 Nov 2026, 10:00–14:00. Address: Berlin, Torstraße 1.".
std::string BookingConfirmedText(std::string_view language, const std::vector<BookedSlot>& bookings);
// After a payment that came once the holds were released: "The time you chose is no longer held — a team
// member will contact you to arrange a new one." (the delivery window, for a delivery).
std::string LatePaymentText(std::string_view language, bool delivery);
// "Sorry, <title> at <label> was just taken — here are other times:" (alternatives follow as buttons).
std::string SlotTakenText(std::string_view language, std::string_view title, std::string_view label,
                          bool alternatives);

// One quote line as the messages print it: "2 × Red roses bouquet (M (25 stems)) — €109.80";
// weighed units show them: "1.5 kg × Apples — €4.50".
std::string QuoteLineText(std::string_view language, const commerce::QuoteLine& line);
// Every line, one per row, then "Total: €109.80" ("Итого: …"), with delivery when it is not zero.
std::string QuoteText(std::string_view language, const commerce::Quote& quote);

// "en" or "ru" from the text's script and words; `fallback` when it cannot tell (digits, emoji).
std::string DetectLanguage(std::string_view text, std::string_view fallback);

}  // namespace x8::assistant
