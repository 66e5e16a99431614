#include "modules/assistant/domain/guided_engine.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "modules/assistant/domain/text.h"
#include "modules/assistant/domain/when.h"
#include "modules/knowledge/search/text.h"

namespace x8::assistant {
namespace {

namespace bj = boost::json;
using knowledge::Item;

constexpr size_t kOfferedSlots = 5;
constexpr int64_t kWeekMillis = 7LL * 24 * 3600 * 1000;
constexpr int64_t kDayMillis = 24LL * 3600 * 1000;
constexpr size_t kMaxWindowsScanned = 50;  // delivery windows read to match a time in words
constexpr size_t kMaxAddressChars = 300;
using knowledge::Variant;

// ---- vocabulary ----

// A set of words recognised by exact folded form or by stem.
class WordSet {
 public:
  WordSet(std::initializer_list<std::string_view> words) {
    for (auto word : words) {
      forms_.emplace(word);
      if (word.size() >= 3) {
        std::string folded(word);
        stems_.insert(knowledge::search::Stem(folded, knowledge::search::DetectScript(folded)));
      }
    }
  }
  bool Contains(const Word& word) const {
    if (forms_.contains(word.folded)) return true;
    return !word.has_digit && word.stem.size() >= 3 && stems_.contains(word.stem);
  }

 private:
  std::unordered_set<std::string> forms_;
  std::unordered_set<std::string> stems_;
};

struct Lexicon {
  WordSet greeting{"hello",       "hi",           "hey",        "hiya", "howdy", "привет",
                   "приветствую", "здравствуйте", "здравствуй", "хай",  "салют", "здрасте"};
  // "good morning", "добрый день": a greeting only as a pair.
  WordSet good{"good", "добрый", "доброе", "доброй"};
  WordSet time_of_day{"morning", "afternoon", "evening", "day", "день", "вечер", "утро", "ночи"};
  WordSet more{"more", "another", "ещё", "еще"};
  WordSet handoff{"human",    "operator", "manager",   "person",    "agent",
                  "somebody", "someone",  "оператор",  "оператора", "человек",
                  "человека", "менеджер", "менеджера", "сотрудник", "живой"};
  WordSet checkout{"checkout",   "pay",      "оформить", "оформи",   "оформляй", "оформляем",
                   "оплатить",   "оплата",   "оплачу",   "оплату",   "book",     "reserve",
                   "записаться", "запишите", "запиши",   "записать", "запишусь", "забронировать"};
  WordSet buy{"buy", "purchase", "order", "купить", "заказать", "закажу"};
  WordSet cart{"cart", "basket", "total", "корзина", "корзину", "корзине", "итого", "сколько", "итог"};
  WordSet clear{"clear", "empty", "reset", "очисти", "очистить", "очистите", "обнули"};
  WordSet remove{"remove", "delete", "drop", "убери", "убрать", "уберите", "удали", "удалить", "удалите"};
  WordSet change{"make", "change", "set", "instead", "сделай", "сделайте", "измени", "поменяй", "замени"};
  WordSet add{"add",  "take", "want",   "yes",      "ok",       "okay", "sure",
              "yep",  "get",  "добавь", "добавить", "добавьте", "беру", "возьму",
              "хочу", "да",   "давай",  "давайте",  "хорошо",   "ок"};
  WordSet farewell{"thanks", "thank",   "thx",       "bye",  "goodbye",
                   "cheers", "спасибо", "благодарю", "пока", "свидания"};
  WordSet small{"small", "little", "маленький", "маленькую", "маленькая", "небольшой", "небольшую"};
  WordSet medium{"medium", "middle", "average", "средний", "среднюю", "средняя"};
  WordSet large{"large", "big", "biggest", "большой", "большую", "большая", "крупный"};
  WordSet browse{"catalog",  "catalogue",  "menu",     "sell",        "offer",   "have",
                 "products", "assortment", "options",  "range",       "каталог", "ассортимент",
                 "меню",     "есть",       "продаете", "предлагаете", "продаёте"};
  WordSet cheaper{"under",   "below", "cheaper", "less",   "max",
                  "maximum", "до",    "дешевле", "дороже", "максимум"};
  // Words that carry no product meaning (besides the intent words above).
  WordSet filler{
      "i",         "i'd",        "i'll",       "i'm",        "me",       "my",        "we",      "you",
      "your",      "it",         "it's",       "this",       "that",     "these",     "those",   "them",
      "one",       "ones",       "a",          "an",         "the",      "to",        "of",      "for",
      "and",       "or",         "with",       "in",         "on",       "at",        "is",      "are",
      "be",        "do",         "does",       "have",       "has",      "need",      "would",   "like",
      "please",    "can",        "could",      "show",       "see",      "find",      "looking", "look",
      "some",      "any",        "also",       "too",        "what",     "which",     "how",     "much",
      "many",      "price",      "prices",     "cost",       "costs",    "size",      "colour",  "color",
      "more",      "now",        "just",       "let's",      "lets",     "there",     "here",    "thanks",
      "thank",     "good",       "great",      "view",       "my",       "in",        "what's",  "whats",
      "out",       "all",        "everything", "again",      "anything", "something", "nothing", "got",
      "нибудь",    "что-нибудь", "so",         "then",       "well",     "pcs",       "pieces",  "stems",
      "x",         "я",          "мне",        "меня",       "мы",       "вы",        "вас",     "у",
      "ты",        "это",        "этот",       "эта",        "эту",      "эти",       "то",      "тот",
      "и",         "или",        "с",          "со",         "в",        "во",        "на",      "по",
      "за",        "для",        "а",          "но",         "бы",       "же",        "ли",      "пожалуйста",
      "покажи",    "покажите",   "есть",       "нужно",      "нужен",    "нужна",     "нужны",   "какие",
      "какой",     "какая",      "что",        "как",        "цена",     "цены",      "стоит",   "стоят",
      "стоимость", "размер",     "ещё",        "еще",        "теперь",   "всё",       "все",     "спасибо",
      "шт",        "штук",       "штуки",      "заказ",      "хотел",    "хотела",    "хотим",   "бы",
      "мою",       "мой",        "моя",        "посмотреть", "товар",    "товары"};
  WordSet question{"when", "where", "why", "who",    "will",  "did",   "when",
                   "long", "когда", "где", "почему", "можно", "долго", "ли"};
};

const Lexicon& Words() {
  static const Lexicon lexicon;
  return lexicon;
}

bool AnyIn(const WordSet& set, const std::vector<Word>& words, const std::vector<bool>& used) {
  for (size_t at = 0; at < words.size(); ++at) {
    if (!used[at] && set.Contains(words[at])) return true;
  }
  return false;
}

// ---- dialog state ----

struct DialogState {
  std::string stage;  // "" | greeted | listed | choosing | added | cart | checkout | handoff
  std::vector<std::string> shown_item_ids;
  std::string pending_item_id;
  int64_t pending_quantity_milli = 0;
  std::string last_variant_id;
  int64_t not_understood = 0;
  bool welcomed = false;
  bool fresh_after_paid = false;
  std::vector<std::string> offered_payloads;  // normalised payloads of the last buttons
  // A service waiting for its time, and the free slots last offered for it.
  std::string slot_item_id;
  std::string slot_variant_id;
  std::vector<Schedule::Slot> offered_slots;
  // Delivery (goods of a company with delivery windows): the windows and zones last offered.
  std::vector<Schedule::Slot> offered_windows;
  std::vector<std::string> offered_zones;

  static std::vector<Schedule::Slot> SlotsFrom(const bj::object& json, std::string_view key) {
    std::vector<Schedule::Slot> out;
    const auto* slots = json.if_contains(key);
    if (slots == nullptr || !slots->is_array()) return out;
    for (const auto& entry : slots->as_array()) {
      if (!entry.is_object()) continue;
      const auto& slot = entry.as_object();
      const auto* starts = slot.if_contains("starts_at");
      const auto* ends = slot.if_contains("ends_at");
      const auto* label = slot.if_contains("label");
      if (starts == nullptr || !starts->is_int64() || ends == nullptr || !ends->is_int64() ||
          label == nullptr || !label->is_string()) {
        continue;
      }
      out.push_back({.starts_at = starts->as_int64(),
                     .ends_at = ends->as_int64(),
                     .label = std::string(label->as_string())});
    }
    return out;
  }

  static bj::array SlotsJson(const std::vector<Schedule::Slot>& slots) {
    bj::array out;
    for (const auto& slot : slots) {
      out.push_back(
          bj::object{{"starts_at", slot.starts_at}, {"ends_at", slot.ends_at}, {"label", slot.label}});
    }
    return out;
  }

  static DialogState From(const bj::object& json) {
    DialogState state;
    auto text = [&](std::string_view key) {
      const auto* value = json.if_contains(key);
      return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
    };
    auto integer = [&](std::string_view key) {
      const auto* value = json.if_contains(key);
      return value != nullptr && value->is_int64() ? value->as_int64() : int64_t{0};
    };
    auto flag = [&](std::string_view key) {
      const auto* value = json.if_contains(key);
      return value != nullptr && value->is_bool() && value->as_bool();
    };
    auto list = [&](std::string_view key) {
      std::vector<std::string> out;
      const auto* value = json.if_contains(key);
      if (value == nullptr || !value->is_array()) return out;
      for (const auto& entry : value->as_array()) {
        if (entry.is_string()) out.emplace_back(entry.as_string());
      }
      return out;
    };
    state.stage = text("stage");
    state.shown_item_ids = list("shown_item_ids");
    state.pending_item_id = text("pending_item_id");
    state.pending_quantity_milli = integer("pending_quantity_milli");
    state.last_variant_id = text("last_variant_id");
    state.not_understood = integer("not_understood");
    state.welcomed = flag("welcomed");
    state.fresh_after_paid = flag("fresh_after_paid");
    state.offered_payloads = list("offered_payloads");
    state.slot_item_id = text("slot_item_id");
    state.slot_variant_id = text("slot_variant_id");
    state.offered_slots = SlotsFrom(json, "offered_slots");
    state.offered_windows = SlotsFrom(json, "offered_windows");
    state.offered_zones = list("offered_zones");
    return state;
  }

  bj::object ToJson() const {
    auto strings = [](const std::vector<std::string>& values) {
      bj::array out;
      for (const auto& value : values) out.emplace_back(value);
      return out;
    };
    bj::object out{{"stage", stage},
                   {"shown_item_ids", strings(shown_item_ids)},
                   {"pending_item_id", pending_item_id},
                   {"pending_quantity_milli", pending_quantity_milli},
                   {"last_variant_id", last_variant_id},
                   {"not_understood", not_understood},
                   {"welcomed", welcomed},
                   {"fresh_after_paid", fresh_after_paid},
                   {"offered_payloads", strings(offered_payloads)},
                   {"slot_item_id", slot_item_id},
                   {"slot_variant_id", slot_variant_id},
                   {"offered_slots", SlotsJson(offered_slots)}};
    // Only while a delivery is being arranged: other dialogs keep their state's shape.
    if (!offered_windows.empty()) out["offered_windows"] = SlotsJson(offered_windows);
    if (!offered_zones.empty()) out["offered_zones"] = strings(offered_zones);
    return out;
  }
};

// ---- catalogue helpers ----

bool InStock(const Variant& variant) {
  return variant.in_stock.value_or(!variant.stock || *variant.stock > 0);
}

// Attribute names whose values differ between the item's variants: what a customer chooses by.
std::vector<std::string> DistinguishingAttributes(const Item& item) {
  std::vector<std::string> out;
  std::set<std::string> names;
  for (const auto& variant : item.variants) {
    for (const auto& [name, value] : variant.attributes) names.insert(name);
  }
  for (const auto& name : names) {
    std::set<std::string> values;
    for (const auto& variant : item.variants) {
      auto found = variant.attributes.find(name);
      values.insert(found == variant.attributes.end() ? std::string() : found->second);
    }
    if (values.size() > 1) out.push_back(name);
  }
  return out;
}

// "M (25 stems)" or "red, M": the distinguishing attribute values; "" for an item with one variant.
std::string VariantLabel(const Item& item, const Variant& variant) {
  std::string label;
  for (const auto& name : DistinguishingAttributes(item)) {
    auto found = variant.attributes.find(name);
    if (found == variant.attributes.end() || found->second.empty()) continue;
    if (!label.empty()) label += ", ";
    label += found->second;
  }
  return label;
}

// Stems of the words of `text` that carry meaning (no filler).
std::vector<std::string> MeaningfulStems(std::string_view text) {
  std::vector<std::string> out;
  const auto& words = Words();
  for (const auto& word : Analyse(text).words) {
    if (words.filler.Contains(word) || words.question.Contains(word) || words.add.Contains(word)) continue;
    if (knowledge::search::IsStopWord(word.folded)) continue;
    out.push_back(word.stem);
  }
  return out;
}

size_t CountShared(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t shared = 0;
  for (const auto& stem : a) {
    if (std::any_of(b.begin(), b.end(), [&](const std::string& other) { return SameStem(stem, other); })) {
      ++shared;
    }
  }
  return shared;
}

// "large"/"большой" → "l", "medium" → "m", "small" → "s": how people name sizes; the word itself otherwise.
std::string SizeLetterOr(const Word& word) {
  const auto& words = Words();
  if (words.small.Contains(word)) return "s";
  if (words.medium.Contains(word)) return "m";
  if (words.large.Contains(word)) return "l";
  return word.folded;
}

struct VariantChoice {
  std::vector<size_t> best;  // indexes into item.variants with the most matched values
  size_t matched_values = 0;
  std::vector<bool> used_words;  // words consumed by the matched values
};

// Which variants the message names by their attribute values ("M" ↔ "M (25 stems)", "red").
VariantChoice MatchVariants(const Item& item, const Analysed& message, const std::vector<bool>& used) {
  VariantChoice choice;
  choice.used_words.assign(message.words.size(), false);
  const auto distinguishing = DistinguishingAttributes(item);
  std::string whole;
  for (const auto& word : message.words) whole += (whole.empty() ? "" : " ") + word.folded;
  for (size_t position = 0; position < item.variants.size(); ++position) {
    const Variant& variant = item.variants[position];
    size_t matched = 0;
    std::vector<bool> consumed(message.words.size(), false);
    for (const auto& name : distinguishing) {
      auto found = variant.attributes.find(name);
      if (found == variant.attributes.end() || found->second.empty()) continue;
      const Analysed value = Analyse(found->second);
      if (value.words.empty()) continue;
      std::string value_text;
      for (const auto& word : value.words) value_text += (value_text.empty() ? "" : " ") + word.folded;
      bool hit = false;
      if (value_text == whole) {
        hit = true;
        std::fill(consumed.begin(), consumed.end(), true);
      } else if (auto start = [&]() -> std::optional<size_t> {
                   for (size_t at = 0; at + value.words.size() <= message.words.size(); ++at) {
                     bool all = true;
                     for (size_t offset = 0; offset < value.words.size() && all; ++offset) {
                       all = !used[at + offset] &&
                             message.words[at + offset].folded == value.words[offset].folded;
                     }
                     if (all) return at;
                   }
                   return std::nullopt;
                 }()) {
        hit = true;
        for (size_t offset = 0; offset < value.words.size(); ++offset) consumed[*start + offset] = true;
      } else {
        // The leading word alone: "M" for "M (25 stems)", "red" for "red and white".
        for (size_t at = 0; at < message.words.size(); ++at) {
          if (!used[at] && SizeLetterOr(message.words[at]) == value.words.front().folded &&
              !value.words.front().has_digit) {
            hit = true;
            consumed[at] = true;
            break;
          }
        }
      }
      if (hit) ++matched;
    }
    if (matched == 0) continue;
    if (matched > choice.matched_values) {
      choice.best.clear();
      choice.matched_values = matched;
      std::fill(choice.used_words.begin(), choice.used_words.end(), false);
    }
    if (matched == choice.matched_values) {
      choice.best.push_back(position);
      for (size_t at = 0; at < consumed.size(); ++at)
        choice.used_words[at] = choice.used_words[at] || consumed[at];
    }
  }
  return choice;
}

struct Part {
  std::string text;
  std::vector<Button> buttons;
  std::vector<std::string> media_urls;
};

// ---- one turn ----

class GuidedTurn {
 public:
  GuidedTurn(const TurnInput& input, Catalogue& catalogue) : input_(input), catalogue_(catalogue) {}

  Result<TurnResult> Run() {
    result_.cart = input_.cart;
    dialog_ = DialogState::From(input_.state);
    language_ = input_.language;
    if (language_ != "en" && language_ != "ru") {
      language_ = input_.settings.default_language == "ru" ? "ru" : "en";
      for (const auto& message : input_.new_messages) {
        std::string detected = DetectLanguage(message, "");
        if (!detected.empty()) {
          language_ = detected;
          break;
        }
      }
    }
    if (input_.payment_status == "paid" && !dialog_.fresh_after_paid) StartFreshAfterPayment();

    bool understood_any = false;
    bool said_anything = false;
    for (const auto& message : input_.new_messages) {
      if (stopped_) break;
      const Analysed analysed = Analyse(JoinClockTimes(message));
      if (analysed.words.empty()) continue;
      said_anything = true;
      FollowLanguage(message, analysed);
      X8_TRY(bool understood, HandleMessage(message, analysed));
      understood_any = understood_any || understood;
    }
    if (said_anything && !understood_any) {
      ++dialog_.not_understood;
      if (dialog_.not_understood >= kStuckTurnsBeforeHandoff) {
        Handoff("stuck");
      } else {
        X8_TRY_STATUS(NotUnderstood());
      }
    } else if (understood_any) {
      dialog_.not_understood = 0;
    }

    if (!parts_.empty()) result_.replies.push_back(Combine());
    result_.state = dialog_.ToJson();
    result_.language = language_;
    return std::move(result_);
  }

 private:
  std::string T(std::string_view english, std::string_view russian) const {
    return std::string(language_ == "ru" ? russian : english);
  }
  std::string Money(int64_t minor, std::string_view currency) const {
    return commerce::FormatMoney(minor, currency.empty() ? input_.company.currency : currency, language_);
  }

  void FollowLanguage(std::string_view message, const Analysed& analysed) {
    const std::string normalised = Normalised(message);
    for (const auto& payload : dialog_.offered_payloads) {
      if (payload == normalised) return;  // a pressed button says nothing about the language
    }
    std::string detected = DetectLanguage(message, language_);
    if (detected == language_) return;
    bool has_real_word = std::any_of(analysed.words.begin(), analysed.words.end(), [](const Word& word) {
      return !word.has_digit && knowledge::search::CodePointCount(word.folded) >= 3;
    });
    if (has_real_word) language_ = detected;
  }

  void StartFreshAfterPayment() {
    const bool welcomed = dialog_.welcomed;
    dialog_ = DialogState{};
    dialog_.welcomed = welcomed;
    dialog_.fresh_after_paid = true;
    if (!result_.cart.empty()) {
      result_.cart = commerce::Cart{};
      result_.trace.push_back(bj::object{{"step", "cart"}, {"action", "new_cart_after_payment"}});
    }
  }

  // ---- message dispatch ----

  Result<bool> HandleMessage(std::string_view text, const Analysed& message) {
    const auto& words = Words();
    const std::vector<Word>& list = message.words;
    std::vector<bool> used(list.size(), false);

    if (AnyIn(words.handoff, list, used)) {
      Handoff("customer_asked");
      return true;
    }

    // Button payloads of the last reply come back verbatim: an item name from a list, a slot's label.
    const std::string normalised = Normalised(text);
    X8_TRY_STATUS(ResumeWindowChoice());
    if (dialog_.stage.starts_with("delivery_")) {
      X8_TRY(bool handled, HandleDelivery(text, message, used));
      if (handled) return true;
    }
    for (const auto& slot : dialog_.offered_slots) {
      if (Normalised(slot.label) != normalised) continue;
      X8_TRY(bool chosen, ChooseOfferedSlot(Schedule::Slot(slot)));
      if (chosen) return true;
    }
    when_.reset();
    if (input_.schedule != nullptr) {
      when_ = ParseWhen(list, input_.schedule->timezone(), input_.now_ms, !dialog_.slot_item_id.empty());
      if (when_) {
        for (size_t at : when_->words) used[at] = true;
      }
    }
    for (const auto& item_id : dialog_.shown_item_ids) {
      X8_TRY(auto hit, catalogue_.Item(item_id));
      if (hit && Normalised(hit->item.name) == normalised) {
        X8_TRY_STATUS(HandleItem(hit->item, message, std::vector<bool>(list.size(), true), false));
        return true;
      }
    }

    bool greeted = false;
    for (size_t at = 0; at < list.size(); ++at) {
      if (words.greeting.Contains(list[at])) {
        used[at] = true;
        greeted = true;
      }
      if (at + 1 < list.size() && words.good.Contains(list[at]) && words.time_of_day.Contains(list[at + 1])) {
        used[at] = used[at + 1] = true;
        greeted = true;
      }
    }
    if (greeted && !when_ && Content(message, used).empty() && !FindQuantity(list, used)) {
      X8_TRY_STATUS(Greet());
      return true;
    }
    if (greeted) X8_TRY_STATUS(Greet(/*brief=*/true));

    const auto content = Content(message, used);
    const auto quantity = FindQuantity(list, used);
    const bool mentions_cart =
        AnyIn(words.cart, list, used) || (FindPhrase(list, {"how", "much"}) && content.empty() && !quantity);

    if (AnyIn(words.clear, list, used) && (mentions_cart || content.empty())) {
      ClearCart();
      return true;
    }
    if (FindPhrase(list, {"start", "over"}) || FindPhrase(list, {"начать", "заново"})) {
      ClearCart();
      return true;
    }
    if (AnyIn(words.remove, list, used) && content.empty() &&
        (FindPhrase(list, {"everything"}) || FindPhrase(list, {"all"}) || FindPhrase(list, {"всё"}) ||
         FindPhrase(list, {"все"}))) {
      ClearCart();
      return true;
    }
    if (AnyIn(words.remove, list, used)) {
      RemoveLine(message, used);
      return true;
    }
    if (AnyIn(words.change, list, used) && quantity && !result_.cart.empty()) {
      SetLineQuantity(message, used, quantity->quantity_milli);
      return true;
    }
    if (AnyIn(words.checkout, list, used) && content.empty() && !when_) {
      X8_TRY_STATUS(Checkout());
      return true;
    }
    if (when_ && content.empty()) {
      X8_TRY(bool offered, OfferForTime(when_));
      if (offered) return true;
    }
    if (FindPhrase(list, {"other", "time"}) || FindPhrase(list, {"another", "time"}) ||
        FindPhrase(list, {"другое", "время"}) || FindPhrase(list, {"другой", "день"}) ||
        FindPhrase(list, {"another", "day"})) {
      X8_TRY(bool offered, OfferForTime(std::nullopt));
      if (offered) return true;
    }
    if (!dialog_.pending_item_id.empty()) {
      X8_TRY(bool handled, HandlePending(message, used));
      if (handled) return true;
    }
    const bool wants = AnyIn(words.add, list, used) || AnyIn(words.buy, list, used);
    if (content.empty() && quantity && dialog_.stage == "added" && !result_.cart.empty() && !wants) {
      SetLineQuantity(message, used, quantity->quantity_milli);
      return true;
    }
    if (mentions_cart && content.empty()) {
      ShowCart();
      return true;
    }
    if (AnyIn(words.buy, list, used) && content.empty() && !result_.cart.empty()) {
      X8_TRY_STATUS(Checkout());
      return true;
    }
    if (auto max_price = MaxPrice(message, used)) {
      X8_TRY_STATUS(ListUnderPrice(Content(message, used), *max_price));
      return true;
    }
    if (content.empty() && AnyIn(words.farewell, list, used)) {
      Say(T("You're welcome! Write any time.", "Пожалуйста! Пишите в любое время."));
      return true;
    }
    if (content.empty() && AnyIn(words.browse, list, used)) {
      X8_TRY_STATUS(ShowCategories());
      return true;
    }
    if (content.empty()) {
      if (wants) {
        X8_TRY_STATUS(AskWhatToAdd());
        return true;
      }
      return greeted;
    }
    X8_TRY(bool listed, ListCategoryIfNamed(content));
    if (listed) return true;
    return Answer(text, message, used, wants);
  }

  // "under 20 euros", "до 2000 ₽": the price bound in minor units; marks the words it used.
  std::optional<int64_t> MaxPrice(const Analysed& message, std::vector<bool>& used) const {
    const auto& list = message.words;
    for (size_t at = 0; at < list.size(); ++at) {
      if (used[at] || !Words().cheaper.Contains(list[at])) continue;
      for (size_t next = at + 1; next < list.size() && next <= at + 3; ++next) {
        std::vector<bool> only(list.size(), true);
        only[next] = false;
        auto number = FindQuantity(list, only);
        if (!number) continue;
        used[at] = true;
        used[next] = true;
        for (size_t rest = next + 1; rest < list.size() && rest <= next + 1; ++rest) {
          if (!list[rest].has_digit) used[rest] = true;  // the currency word
        }
        if (at + 1 < list.size() && list[at + 1].folded == "than") used[at + 1] = true;
        return number->quantity_milli * commerce::MinorUnitsPer(input_.company.currency) / commerce::kMilli;
      }
    }
    return std::nullopt;
  }

  Status ListUnderPrice(const std::vector<Word>& content, int64_t max_price_minor) {
    std::string query;
    for (const auto& word : content) query += (query.empty() ? "" : " ") + word.folded;
    Catalogue::Filter filter;
    filter.max_price_minor = max_price_minor;
    filter.in_stock_only = true;
    X8_TRY(auto hits, catalogue_.Search(query, filter, 10));
    std::erase_if(hits, [](const Catalogue::Hit& hit) { return hit.kind == knowledge::KbKind::kFaq; });
    TraceSearch(query, hits);
    if (hits.empty()) {
      Say(T("Sorry, nothing matches up to ", "К сожалению, ничего не нашлось до ") +
          Money(max_price_minor, input_.company.currency) + ".");
      return Ok();
    }
    if (hits.size() == 1) {
      X8_TRY(auto full, catalogue_.Item(hits.front().item.id));
      const Item& item = full ? full->item : hits.front().item;
      return HandleItem(item, Analysed{}, {}, false);
    }
    ListItems(hits, "");
    return Ok();
  }

  Status ShowCategories() {
    X8_TRY(auto buttons, CategoryButtons());
    std::string text = T("Here is what we have:", "Вот что у нас есть:");
    for (const auto& button : buttons) text += "\n• " + button.title;
    text += T("\nWhat would you like to see?", "\nЧто вам показать?");
    dialog_.stage = "greeted";
    Say(std::move(text), std::move(buttons));
    return Ok();
  }

  // Words with product meaning: not filler, not intent words, not used.
  std::vector<Word> Content(const Analysed& message, const std::vector<bool>& used) const {
    const auto& words = Words();
    std::vector<Word> out;
    std::vector<bool> quantity_words(message.words.size(), false);
    if (auto quantity = FindQuantity(message.words, used)) {
      for (size_t at = 0; at < quantity->word_count; ++at) quantity_words[quantity->first_word + at] = true;
    }
    for (size_t at = 0; at < message.words.size(); ++at) {
      const Word& word = message.words[at];
      if (used[at] || quantity_words[at]) continue;
      if (words.filler.Contains(word) || words.add.Contains(word) || words.buy.Contains(word) ||
          words.cart.Contains(word) || words.checkout.Contains(word) || words.clear.Contains(word) ||
          words.change.Contains(word) || words.question.Contains(word) || words.greeting.Contains(word) ||
          words.farewell.Contains(word) || words.remove.Contains(word) || words.more.Contains(word)) {
        continue;
      }
      out.push_back(word);
    }
    return out;
  }

  // ---- understanding ----

  Result<bool> HandlePending(const Analysed& message, const std::vector<bool>& used) {
    X8_TRY(auto hit, catalogue_.Item(dialog_.pending_item_id));
    if (!hit) {
      dialog_.pending_item_id.clear();
      return false;
    }
    const Item& item = hit->item;
    const VariantChoice choice = MatchVariants(item, message, used);
    std::vector<bool> skip = used;
    for (size_t at = 0; at < skip.size(); ++at) skip[at] = skip[at] || choice.used_words[at];
    const auto quantity = FindQuantity(message.words, skip);
    const int64_t quantity_milli =
        quantity ? quantity->quantity_milli
                 : (dialog_.pending_quantity_milli > 0 ? dialog_.pending_quantity_milli : commerce::kMilli);
    if (choice.best.size() == 1) {
      X8_TRY_STATUS(AddVariant(item, item.variants[choice.best.front()], quantity_milli));
      return true;
    }
    const auto& words = Words();
    const bool wants = AnyIn(words.add, message.words, used) || AnyIn(words.buy, message.words, used);
    const bool nothing_else = Content(message, skip).empty();
    if (item.variants.size() == 1 && nothing_else && (wants || quantity)) {
      X8_TRY_STATUS(AddVariant(item, item.variants.front(), quantity_milli));
      return true;
    }
    if (choice.best.size() > 1 && choice.best.size() < item.variants.size()) {
      if (quantity) dialog_.pending_quantity_milli = quantity->quantity_milli;
      OfferVariants(item, choice.best, /*describe=*/false);
      return true;
    }
    if (nothing_else && (quantity || wants) && item.variants.size() > 1) {
      if (quantity) dialog_.pending_quantity_milli = quantity->quantity_milli;
      std::vector<size_t> all(item.variants.size());
      for (size_t at = 0; at < all.size(); ++at) all[at] = at;
      OfferVariants(item, all, /*describe=*/false);
      return true;
    }
    return false;
  }

  Result<bool> ListCategoryIfNamed(const std::vector<Word>& content) {
    X8_TRY(auto categories, catalogue_.Categories());
    for (const auto& category : categories) {
      const auto category_stems = MeaningfulStems(category);
      if (category_stems.empty()) continue;
      bool all_named = std::all_of(content.begin(), content.end(), [&](const Word& word) {
        return std::any_of(category_stems.begin(), category_stems.end(),
                           [&](const std::string& stem) { return SameStem(stem, word.stem); });
      });
      if (!all_named) continue;
      Catalogue::Filter filter;
      filter.category = category;
      X8_TRY(auto hits, catalogue_.Search("", filter, 10));
      std::erase_if(hits, [](const Catalogue::Hit& hit) { return hit.kind == knowledge::KbKind::kFaq; });
      if (hits.empty()) continue;
      TraceSearch(category, hits);
      ListItems(hits, category);
      return true;
    }
    return false;
  }

  Result<bool> Answer(std::string_view text, const Analysed& message, const std::vector<bool>& used,
                      bool wants) {
    std::string query;
    for (const auto& word : Content(message, used)) query += (query.empty() ? "" : " ") + word.folded;
    X8_TRY(auto hits, catalogue_.Search(query, Catalogue::Filter{}, 10));
    std::erase_if(hits, [](const Catalogue::Hit& hit) {
      return hit.kind == knowledge::KbKind::kFaq || hit.score <= 0;
    });
    TraceSearch(query, hits);

    // Name coverage: how many words of each item's name the message says.
    const auto query_stems = MeaningfulStems(query);
    size_t best_shared = 0;
    std::vector<size_t> best_items;
    bool full_name = false;
    for (size_t position = 0; position < hits.size(); ++position) {
      const auto name_stems = MeaningfulStems(hits[position].item.name);
      const size_t shared = CountShared(name_stems, query_stems);
      if (shared == 0) continue;
      full_name = full_name || shared == name_stems.size();
      if (shared > best_shared) {
        best_shared = shared;
        best_items.clear();
      }
      if (shared == best_shared) best_items.push_back(position);
    }

    X8_TRY(bool answered_faq, AnswerFaqIfBetter(text, full_name, best_shared > 0));
    if (answered_faq) return true;
    if (hits.empty()) return false;

    std::optional<size_t> single;
    if (best_items.size() == 1) {
      single = best_items.front();
    } else if (best_items.empty() && (hits.size() == 1 || hits[0].score >= 2 * hits[1].score)) {
      single = 0;
    }
    if (single) {
      X8_TRY(auto full, catalogue_.Item(hits[*single].item.id));
      const Item& item = full ? full->item : hits[*single].item;
      X8_TRY_STATUS(HandleItem(item, message, used, wants));
      return true;
    }
    if (!best_items.empty()) {
      std::vector<Catalogue::Hit> named;
      named.reserve(best_items.size());
      for (size_t position : best_items) named.push_back(hits[position]);
      ListItems(named, "");
    } else {
      ListItems(hits, "");
    }
    return true;
  }

  Status HandleItem(const Item& item, const Analysed& message, const std::vector<bool>& used, bool wants) {
    const VariantChoice choice = MatchVariants(item, message, used);
    std::vector<bool> skip = used;
    for (size_t at = 0; at < skip.size(); ++at) skip[at] = skip[at] || choice.used_words[at];
    const auto quantity = FindQuantity(message.words, skip);
    const int64_t quantity_milli = quantity ? quantity->quantity_milli : commerce::kMilli;
    dialog_.shown_item_ids = {item.id};
    if (item.variants.size() == 1 && IsBookable(item)) {
      X8_TRY(bool offered, OfferSlots(item, item.variants.front(), when_, /*describe=*/true));
      if (offered) return Ok();
    }
    if (item.variants.size() == 1) {
      if (quantity || wants) return AddVariant(item, item.variants.front(), quantity_milli);
      DescribeSingle(item);
      return Ok();
    }
    if (choice.best.size() == 1 && choice.matched_values > 0) {
      return AddVariant(item, item.variants[choice.best.front()], quantity_milli);
    }
    if (AnyIn(Words().more, message.words, used)) {
      // "2 more roses": the variant of this item already in the cart, when there is exactly one.
      const Variant* in_cart = nullptr;
      size_t lines_of_item = 0;
      for (const auto& line : result_.cart.lines) {
        if (line.item_id != item.id) continue;
        ++lines_of_item;
        for (const auto& variant : item.variants) {
          if (variant.id == line.variant_id) in_cart = &variant;
        }
      }
      if (lines_of_item == 1 && in_cart != nullptr) return AddVariant(item, *in_cart, quantity_milli);
    }
    dialog_.pending_quantity_milli = quantity ? quantity->quantity_milli : 0;
    std::vector<size_t> offered = choice.best;
    if (offered.empty()) {
      for (size_t at = 0; at < item.variants.size(); ++at) offered.push_back(at);
    }
    OfferVariants(item, offered, /*describe=*/true);
    return Ok();
  }

  Result<bool> AnswerFaqIfBetter(std::string_view text, bool product_fully_named, bool product_named) {
    X8_TRY(auto faq, catalogue_.Faq());
    if (faq.empty()) return false;
    const auto message_stems = MeaningfulStems(text);
    if (message_stems.empty()) return false;
    double best_score = 0;
    const Item* best = nullptr;
    for (const auto& entry : faq) {
      const auto question_stems = MeaningfulStems(entry.question.empty() ? entry.name : entry.question);
      if (question_stems.empty()) continue;
      const size_t shared = CountShared(question_stems, message_stems);
      const double score = 2.0 * static_cast<double>(shared) /
                           static_cast<double>(question_stems.size() + message_stems.size());
      if (score > best_score) {
        best_score = score;
        best = &entry;
      }
    }
    // A FAQ answer must beat what the message says about products: half the words when it names no
    // product, most of them when it names part of one, all of them when it names a whole item.
    const double threshold = product_fully_named ? 0.99 : product_named ? 0.75 : 0.5;
    if (best == nullptr || best_score < threshold) return false;
    result_.trace.push_back(bj::object{
        {"step", "faq"}, {"question", best->question}, {"item_id", best->id}, {"score", best_score}});
    Say(best->answer);
    dialog_.stage = "faq";
    return true;
  }

  // ---- answers ----

  void Say(std::string text, std::vector<Button> buttons = {}, std::vector<std::string> media = {}) {
    parts_.push_back(Part{std::move(text), std::move(buttons), std::move(media)});
  }

  Result<std::vector<Button>> CategoryButtons() {
    X8_TRY(auto categories, catalogue_.Categories());
    std::vector<Button> buttons;
    for (const auto& category : categories) buttons.push_back({category, category});
    return buttons;
  }

  std::vector<Button> AfterAddButtons() const {
    return {{T("Checkout", "Оформить заказ"), T("Checkout", "Оформить заказ")},
            {T("View cart", "Корзина"), T("View cart", "Корзина")}};
  }

  Status Greet(bool brief = false) {
    auto greeting = input_.settings.prompts.find("greeting");
    std::string text;
    if (greeting != input_.settings.prompts.end() && !greeting->second.empty()) {
      text = greeting->second;
    } else {
      const std::string name = input_.customer_name.empty() ? "" : ", " + input_.customer_name;
      text = T("Hello" + name + "! Welcome to " + input_.company.name + ".",
               "Здравствуйте" + name + "! Это " + input_.company.name + ".");
      if (!brief) {
        text += T(" I can help you choose, tell you prices and take your order. What are you looking for?",
                  " Помогу выбрать, подскажу цены и оформлю заказ. Что вас интересует?");
      }
    }
    std::vector<std::string> media;
    if (!dialog_.welcomed && !input_.settings.welcome_video_url.empty()) {
      media.push_back(input_.settings.welcome_video_url);
    }
    dialog_.welcomed = true;
    std::vector<Button> buttons;
    if (!brief) {
      X8_TRY(buttons, CategoryButtons());
      dialog_.stage = "greeted";
    }
    Say(std::move(text), std::move(buttons), std::move(media));
    return Ok();
  }

  Status AskWhatToAdd() {
    X8_TRY(auto buttons, CategoryButtons());
    Say(T("What would you like? Name a product or pick a category.",
          "Что бы вы хотели? Напишите название или выберите категорию."),
        std::move(buttons));
    return Ok();
  }

  Status NotUnderstood() {
    result_.trace.push_back(bj::object{{"step", "fallback"}, {"not_understood", dialog_.not_understood}});
    X8_TRY(auto buttons, CategoryButtons());
    Say(T("Sorry, I didn't get that. Ask me about a product, or pick a category. Write \"operator\" to talk "
          "to a person.",
          "Извините, не совсем поняла. Спросите о товаре или выберите категорию. Напишите «оператор», чтобы "
          "поговорить с человеком."),
        std::move(buttons));
    return Ok();
  }

  void Handoff(std::string reason) {
    auto prompt = input_.settings.prompts.find("handoff");
    Say(prompt != input_.settings.prompts.end() && !prompt->second.empty() ? prompt->second
                                                                           : HandoffText(language_));
    result_.trace.push_back(bj::object{{"step", "handoff"}, {"reason", reason}});
    result_.handoff = true;
    result_.handoff_reason = std::move(reason);
    dialog_.stage = "handoff";
    dialog_.not_understood = 0;
    stopped_ = true;
  }

  void TraceSearch(std::string_view query, const std::vector<Catalogue::Hit>& hits) {
    bj::array results;
    for (const auto& hit : hits) {
      results.push_back(bj::object{{"item_id", hit.item.id}, {"name", hit.item.name}, {"score", hit.score}});
    }
    result_.trace.push_back(
        bj::object{{"step", "search"}, {"query", query}, {"results", std::move(results)}});
  }

  std::string PriceText(const Variant& variant) const {
    if (!variant.price_minor) return T("price on request", "цена по запросу");
    if (*variant.price_minor == 0) return T("free", "бесплатно");
    return Money(*variant.price_minor, variant.currency);
  }

  std::string FromPrice(const Item& item) const {
    std::optional<int64_t> low;
    std::optional<int64_t> high;
    std::string currency;
    for (const auto& variant : item.variants) {
      if (!variant.price_minor) continue;
      if (!low || *variant.price_minor < *low) low = variant.price_minor;
      if (!high || *variant.price_minor > *high) high = variant.price_minor;
      currency = variant.currency;
    }
    if (!low) return T("price on request", "цена по запросу");
    if (*low == *high) return *low == 0 ? T("free", "бесплатно") : Money(*low, currency);
    return T("from ", "от ") + Money(*low, currency);
  }

  std::string ServiceDetails(const Item& item) const {
    std::string details;
    if (item.duration_min) details += std::to_string(*item.duration_min) + T(" min", " мин");
    if (!item.format.empty()) {
      if (!details.empty()) details += ", ";
      details += item.format == "online" ? T("online", "онлайн") : T("in person", "офлайн");
    }
    return details.empty() ? details : " (" + details + ")";
  }

  std::vector<std::string> ImageOf(const Item& item) const {
    for (const auto& variant : item.variants) {
      if (variant.linked) {
        return {variant.linked->medium_url.empty() ? variant.linked->url : variant.linked->medium_url};
      }
    }
    return {};
  }

  std::string Headline(const Item& item) const {
    std::string text = item.name + ServiceDetails(item);
    if (!item.description.empty()) text += " — " + item.description;
    return text;
  }

  void DescribeSingle(const Item& item) {
    const Variant& variant = item.variants.front();
    std::string text = Headline(item) + "\n" + T("Price: ", "Цена: ") + PriceText(variant);
    std::vector<Button> buttons;
    if (!InStock(variant)) {
      text += T("\nSorry, it is out of stock right now.", "\nК сожалению, сейчас нет в наличии.");
      dialog_.pending_item_id.clear();
    } else {
      text += T("\nShall I add it to your cart? You can also tell me how many.",
                "\nДобавить в корзину? Можно сразу написать количество.");
      buttons.push_back({T("Add to cart", "Добавить в корзину"), T("Add to cart", "Добавить в корзину")});
      dialog_.pending_item_id = item.id;
      dialog_.pending_quantity_milli = 0;
    }
    dialog_.stage = "choosing";
    Say(std::move(text), std::move(buttons), ImageOf(item));
  }

  void OfferVariants(const Item& item, const std::vector<size_t>& offered, bool describe) {
    std::string text = describe ? Headline(item) + "\n" : item.name + "\n";
    std::vector<Button> buttons;
    for (size_t position : offered) {
      const Variant& variant = item.variants[position];
      const std::string label = VariantLabel(item, variant);
      text += "• " + label + " — " + PriceText(variant);
      if (!InStock(variant)) {
        text += T(" (out of stock)", " (нет в наличии)");
      } else {
        buttons.push_back({Truncate(label + " · " + PriceText(variant), kMaxButtonTitleChars), label});
      }
      text += "\n";
    }
    if (buttons.empty()) {
      text += T("Sorry, none of these is available right now.",
                "К сожалению, сейчас ничего из этого нет в наличии.");
      dialog_.pending_item_id.clear();
    } else {
      text += T("Which one would you like?", "Какой вариант выбираете?");
      dialog_.pending_item_id = item.id;
    }
    dialog_.stage = "choosing";
    Say(std::move(text), std::move(buttons), ImageOf(item));
  }

  void ListItems(const std::vector<Catalogue::Hit>& hits, std::string_view category) {
    std::string text =
        category.empty() ? T("Here is what I found:", "Вот что я нашла:") : std::string(category) + ":";
    std::vector<Button> buttons;
    dialog_.shown_item_ids.clear();
    for (size_t at = 0; at < hits.size() && at < kMaxListedItems; ++at) {
      const Item& item = hits[at].item;
      text += "\n• " + item.name + " — " + FromPrice(item);
      buttons.push_back({Truncate(item.name, kMaxButtonTitleChars), item.name});
      dialog_.shown_item_ids.push_back(item.id);
    }
    text += T("\nWhich one interests you?", "\nЧто вас интересует?");
    dialog_.stage = "listed";
    dialog_.pending_item_id.clear();
    Say(std::move(text), std::move(buttons));
  }

  void TraceQuote() {
    auto quote = commerce::QuoteOf(result_.cart, input_.company.currency);
    if (!quote) return;
    result_.trace.push_back(bj::object{{"step", "quote"},
                                       {"total_minor", quote->total_minor},
                                       {"currency", quote->currency},
                                       {"lines", quote->lines.size()}});
  }

  std::string CartText() const {
    auto quote = commerce::QuoteOf(result_.cart, input_.company.currency);
    if (!quote) return quote.error().message;
    return QuoteText(language_, *quote);
  }

  Status AddVariant(const Item& item, const Variant& variant, int64_t quantity_milli) {
    const std::string label = VariantLabel(item, variant);
    const std::string title = item.name + (label.empty() ? "" : " (" + label + ")");
    if (!InStock(variant)) {
      Say(T("Sorry, " + title + " is out of stock right now.",
            "К сожалению, " + title + " сейчас нет в наличии."));
      std::vector<size_t> others;
      for (size_t at = 0; at < item.variants.size(); ++at) {
        if (InStock(item.variants[at])) others.push_back(at);
      }
      if (!others.empty() && item.variants.size() > 1) OfferVariants(item, others, false);
      return Ok();
    }
    if (IsBookable(item) && variant.price_minor) {
      X8_TRY(bool offered, OfferSlots(item, variant, when_, /*describe=*/false));
      if (offered) return Ok();
    }
    if (!variant.price_minor) {
      Say(T("The price of " + title + " is on request — write \"operator\" and a team member will help.",
            "Цена " + title + " по запросу — напишите «оператор», и сотрудник поможет."));
      return Ok();
    }
    commerce::CartLine line{.item_id = item.id,
                            .variant_id = variant.id,
                            .name = item.name,
                            .variant_label = label,
                            .unit = item.unit,
                            .unit_price_minor = *variant.price_minor,
                            .currency = variant.currency.empty() ? input_.company.currency : variant.currency,
                            .quantity_milli = quantity_milli,
                            .image_url = variant.linked ? variant.linked->thumb_url : ""};
    if (auto added = commerce::AddToCart(result_.cart, std::move(line)); !added) {
      result_.trace.push_back(
          bj::object{{"step", "cart"}, {"action", "add"}, {"error", added.error().message}});
      Say(T("I couldn't add that: " + added.error().message + ".",
            "Не получилось добавить: " + added.error().message + "."));
      return Ok();
    }
    result_.trace.push_back(bj::object{{"step", "cart"},
                                       {"action", "add"},
                                       {"item_id", item.id},
                                       {"variant_id", variant.id},
                                       {"quantity_milli", quantity_milli}});
    TraceQuote();
    dialog_.pending_item_id.clear();
    dialog_.pending_quantity_milli = 0;
    dialog_.last_variant_id = variant.id;
    dialog_.stage = "added";
    Say(T("Added to your cart:\n", "Добавила в корзину:\n") + CartText() +
            T("\nAnything else?", "\nЧто-нибудь ещё?"),
        AfterAddButtons());
    return Ok();
  }

  // The cart line the message names (by name or variant words), else the last one touched, else the only
  // one; nullptr when it cannot tell.
  const commerce::CartLine* TargetLine(const Analysed& message, const std::vector<bool>& used) const {
    const auto content = Content(message, used);
    std::vector<std::string> stems;
    stems.reserve(content.size());
    for (const auto& word : content) stems.push_back(word.stem);
    const commerce::CartLine* best = nullptr;
    size_t best_shared = 0;
    for (const auto& line : result_.cart.lines) {
      const size_t shared = CountShared(MeaningfulStems(line.name + " " + line.variant_label), stems);
      if (shared > best_shared) {
        best_shared = shared;
        best = &line;
      }
    }
    if (best != nullptr) return best;
    if (!stems.empty()) return nullptr;
    for (const auto& line : result_.cart.lines) {
      if (line.variant_id == dialog_.last_variant_id) return &line;
    }
    return result_.cart.lines.size() == 1 ? &result_.cart.lines.front() : nullptr;
  }

  void SetLineQuantity(const Analysed& message, const std::vector<bool>& used, int64_t quantity_milli) {
    const commerce::CartLine* line = TargetLine(message, used);
    if (line == nullptr) {
      Say(T("Which item should I change?", "Какую позицию изменить?") + std::string("\n") + CartText());
      return;
    }
    const std::string variant_id = line->variant_id;
    if (auto set = commerce::SetQuantity(result_.cart, variant_id, quantity_milli); !set) {
      Say(T("I couldn't change that: ", "Не получилось изменить: ") + set.error().message);
      return;
    }
    result_.trace.push_back(bj::object{{"step", "cart"},
                                       {"action", "set_quantity"},
                                       {"variant_id", variant_id},
                                       {"quantity_milli", quantity_milli}});
    TraceQuote();
    dialog_.last_variant_id = variant_id;
    dialog_.stage = "added";
    Say(T("Updated your cart:\n", "Обновила корзину:\n") + CartText(), AfterAddButtons());
  }

  void RemoveLine(const Analysed& message, const std::vector<bool>& used) {
    if (result_.cart.empty()) {
      Say(T("Your cart is already empty.", "Корзина уже пуста."));
      return;
    }
    const commerce::CartLine* line = TargetLine(message, used);
    if (line == nullptr && !Content(message, used).empty()) {
      Say(T("I don't see that in your cart. Your cart:\n", "Такого нет в корзине. В корзине:\n") +
          CartText());
      return;
    }
    if (line == nullptr) {
      std::vector<Button> buttons;
      for (const auto& entry : result_.cart.lines) {
        buttons.push_back({Truncate(T("Remove ", "Убрать ") + entry.name, kMaxButtonTitleChars),
                           T("remove ", "убери ") + entry.name +
                               (entry.variant_label.empty() ? "" : " " + entry.variant_label)});
      }
      Say(T("Which item should I remove?\n", "Что убрать?\n") + CartText(), std::move(buttons));
      return;
    }
    const std::string name = line->name;
    const std::string variant_id = line->variant_id;
    (void)commerce::RemoveFromCart(result_.cart, variant_id);
    result_.trace.push_back(bj::object{{"step", "cart"}, {"action", "remove"}, {"variant_id", variant_id}});
    TraceQuote();
    if (result_.cart.empty()) {
      Say(T("Removed " + name + ". Your cart is empty now.", "Убрала " + name + ". Корзина теперь пуста."));
      dialog_.stage = "cart";
      return;
    }
    dialog_.stage = "added";
    Say(T("Removed " + name + ". Your cart:\n", "Убрала " + name + ". В корзине:\n") + CartText(),
        AfterAddButtons());
  }

  void ClearCart() {
    result_.cart = commerce::Cart{};
    result_.trace.push_back(bj::object{{"step", "cart"}, {"action", "clear"}});
    dialog_.stage = "cart";
    dialog_.last_variant_id.clear();
    Say(T("Your cart is empty now. What would you like?", "Корзина очищена. Что бы вы хотели?"));
  }

  void ShowCart() {
    dialog_.stage = "cart";
    TraceQuote();
    if (result_.cart.empty()) {
      Say(T("Your cart is empty. What would you like?", "Ваша корзина пуста. Что бы вы хотели?"));
      return;
    }
    Say(T("Your cart:\n", "В корзине:\n") + CartText(),
        {{T("Checkout", "Оформить заказ"), T("Checkout", "Оформить заказ")}});
  }

  Status Checkout() {
    if (result_.cart.empty()) {
      X8_TRY(auto buttons, CategoryButtons());
      Say(T("Your cart is empty — what would you like to order?",
            "Корзина пока пуста — что бы вы хотели заказать?"),
          std::move(buttons));
      return Ok();
    }
    // A service in the cart without its time: ask for the time first.
    if (input_.schedule != nullptr) {
      for (const auto& line : result_.cart.lines) {
        if (line.slot_starts_at) continue;
        X8_TRY(auto hit, catalogue_.Item(line.item_id));
        if (!hit || !IsBookable(hit->item)) continue;
        const Variant* variant = VariantById(hit->item, line.variant_id);
        if (variant == nullptr) continue;
        Say(T("First let's pick a time for " + line.name + ".",
              "Сначала выберем время для «" + line.name + "»."));
        X8_TRY(bool offered, OfferSlots(hit->item, *variant, std::nullopt, /*describe=*/false));
        if (offered) return Ok();
      }
    }
    X8_TRY(bool asked, AskDeliveryIfMissing());
    if (asked) return Ok();
    auto quote = commerce::QuoteOf(result_.cart, input_.company.currency);
    if (!quote) return std::move(quote).error();
    const bool has_slots =
        std::any_of(result_.cart.lines.begin(), result_.cart.lines.end(),
                    [](const commerce::CartLine& line) { return line.slot_starts_at.has_value(); });
    result_.trace.push_back(bj::object{{"step", "quote"},
                                       {"total_minor", quote->total_minor},
                                       {"currency", quote->currency},
                                       {"lines", quote->lines.size()}});
    result_.trace.push_back(bj::object{{"step", "checkout"}, {"total_minor", quote->total_minor}});
    result_.checkout = true;
    dialog_.stage = "checkout";
    dialog_.pending_item_id.clear();
    dialog_.fresh_after_paid = false;
    if (quote->total_minor == 0 && has_slots) {
      Say(T("Your booking:\n", "Ваша запись:\n") + QuoteText(language_, *quote) +
          T("\nBooking it for you now.", "\nЗаписываю вас."));
      return Ok();
    }
    Say(T("Your order:\n", "Ваш заказ:\n") + QuoteText(language_, *quote) +
        T("\nI'm sending you a secure payment link now.", "\nСейчас пришлю ссылку на оплату."));
    return Ok();
  }

  Reply Combine() {
    Reply reply;
    for (auto& part : parts_) {
      if (!part.text.empty()) reply.text += (reply.text.empty() ? "" : "\n\n") + part.text;
      for (auto& url : part.media_urls) reply.media_urls.push_back(std::move(url));
      if (!part.buttons.empty()) reply.buttons = std::move(part.buttons);
    }
    dialog_.offered_payloads.clear();
    if (!input_.channel.buttons) {
      reply.buttons.clear();
    } else if (reply.buttons.size() > input_.channel.max_buttons) {
      reply.buttons.resize(input_.channel.max_buttons);
    }
    for (auto& button : reply.buttons) {
      button.title = Truncate(button.title, kMaxButtonTitleChars);
      dialog_.offered_payloads.push_back(Normalised(button.payload));
    }
    return reply;
  }

  // ---- times (services) ----

  // A service the customer books a time for: the company has scheduling and the item has a duration or
  // comes from a SERVICE knowledge base.
  bool IsBookable(const Item& item) {
    if (input_.schedule == nullptr) return false;
    if (item.duration_min) return true;
    auto hit = catalogue_.Item(item.id);
    return hit && *hit && (*hit)->kind == knowledge::KbKind::kService;
  }

  static const Variant* VariantById(const Item& item, std::string_view variant_id) {
    for (const auto& variant : item.variants) {
      if (variant.id == variant_id) return &variant;
    }
    return nullptr;
  }

  // Free slots of `item` in [from, to); nullopt when the item is not bookable (kInvalidArgument).
  Result<std::optional<std::vector<Schedule::Slot>>> Free(const Item& item, int64_t from, int64_t to) {
    auto slots = input_.schedule->FreeSlots(item.id, from, to, kOfferedSlots, language_);
    if (!slots) {
      if (slots.error().code == ErrorCode::kInvalidArgument) {
        result_.trace.push_back(
            bj::object{{"step", "slots"}, {"item_id", item.id}, {"error", slots.error().message}});
        return std::optional<std::vector<Schedule::Slot>>();
      }
      return std::move(slots).error();
    }
    result_.trace.push_back(bj::object{
        {"step", "slots"}, {"item_id", item.id}, {"from", from}, {"to", to}, {"offered", slots->size()}});
    return std::optional<std::vector<Schedule::Slot>>(std::move(*slots));
  }

  // Offers free times of the service in `when` (the next week when unset), or the nearest ones when that
  // window is full; an exact time that is free is taken at once. False when the item is not bookable.
  Result<bool> OfferSlots(const Item& item, const Variant& variant, const std::optional<When>& when,
                          bool describe) {
    const int64_t now = input_.now_ms;
    const int64_t from = when ? std::max(when->from, now) : now;
    const int64_t to = when ? when->to : now + kWeekMillis;
    std::vector<Schedule::Slot> slots;
    if (to > from) {
      X8_TRY(auto found, Free(item, from, to));
      if (!found) return false;
      slots = std::move(*found);
    }
    if (when && when->exact && !slots.empty() && slots.front().starts_at == when->from) {
      ChooseSlot(item, variant, slots.front());
      return true;
    }
    std::string text;
    if (describe) text = Headline(item) + "\n" + T("Price: ", "Цена: ") + PriceText(variant) + "\n";
    if (slots.empty()) {
      X8_TRY(auto nearest, Free(item, std::max(from, now), std::max(from, now) + 2 * kWeekMillis));
      if (!nearest) return false;
      slots = std::move(*nearest);
      if (slots.empty()) {
        text +=
            T("Sorry, there are no free times in the next two weeks. Write \"operator\" and a team member "
              "will help.",
              "К сожалению, в ближайшие две недели свободного времени нет. Напишите «оператор», и "
              "сотрудник поможет.");
        dialog_.slot_item_id.clear();
        dialog_.offered_slots.clear();
        dialog_.stage = "slots";
        Say(std::move(text));
        return true;
      }
      text += when ? T("Sorry, nothing is free then. The nearest free times:",
                       "К сожалению, на это время всё занято. Ближайшее свободное время:")
                   : T("The nearest free times:", "Ближайшее свободное время:");
    } else {
      text += T("Free times:", "Свободное время:");
    }
    std::vector<Button> buttons;
    for (const auto& slot : slots) {
      text += "\n• " + slot.label;
      buttons.push_back({slot.label, slot.label});
    }
    text += T("\nWhich time suits you? You can also name another day or time.",
              "\nКакое время вам удобно? Можно назвать другой день или время.");
    dialog_.slot_item_id = item.id;
    dialog_.slot_variant_id = variant.id;
    dialog_.offered_slots = slots;
    dialog_.pending_item_id.clear();
    dialog_.stage = "slots";
    Say(std::move(text), std::move(buttons), describe ? ImageOf(item) : std::vector<std::string>{});
    return true;
  }

  // A time said while a service waits for one (or a booked service is re-timed): offer or take it.
  Result<bool> OfferForTime(const std::optional<When>& when) {
    std::string item_id = dialog_.slot_item_id;
    std::string variant_id = dialog_.slot_variant_id;
    if (item_id.empty()) {
      // A service in the cart without a time (its time was taken), else the only service in the cart.
      const commerce::CartLine* target = nullptr;
      size_t services = 0;
      for (const auto& line : result_.cart.lines) {
        if (!line.slot_starts_at && target == nullptr) {
          X8_TRY(auto hit, catalogue_.Item(line.item_id));
          if (hit && IsBookable(hit->item)) target = &line;
        }
        if (line.slot_starts_at) ++services;
      }
      if (target == nullptr && services == 1) {
        for (const auto& line : result_.cart.lines) {
          if (line.slot_starts_at) target = &line;
        }
      }
      if (target == nullptr) return false;
      item_id = target->item_id;
      variant_id = target->variant_id;
    }
    X8_TRY(auto hit, catalogue_.Item(item_id));
    if (!hit) return false;
    const Variant* variant = VariantById(hit->item, variant_id);
    if (variant == nullptr) return false;
    return OfferSlots(hit->item, *variant, when, /*describe=*/false);
  }

  Result<bool> ChooseOfferedSlot(Schedule::Slot slot) {
    X8_TRY(auto hit, catalogue_.Item(dialog_.slot_item_id));
    if (!hit) return false;
    const Variant* variant = VariantById(hit->item, dialog_.slot_variant_id);
    if (variant == nullptr) return false;
    ChooseSlot(hit->item, *variant, std::move(slot));
    return true;
  }

  // Puts the service with its time in the cart (one line per service: a new time replaces the old one)
  // and asks to confirm.
  void ChooseSlot(const Item& item, const Variant& variant,
                  Schedule::Slot slot) {  // a copy: state is cleared
    const std::string label = VariantLabel(item, variant);
    std::optional<commerce::CartLine> previous;
    for (const auto& line : result_.cart.lines) {
      if (line.variant_id == variant.id) previous = line;
    }
    if (previous) (void)commerce::RemoveFromCart(result_.cart, variant.id);
    commerce::CartLine line{.item_id = item.id,
                            .variant_id = variant.id,
                            .name = item.name,
                            .variant_label = label,
                            .unit = item.unit,
                            .unit_price_minor = variant.price_minor.value_or(0),
                            .currency = variant.currency.empty() ? input_.company.currency : variant.currency,
                            .quantity_milli = commerce::kMilli,
                            .image_url = variant.linked ? variant.linked->thumb_url : "",
                            .slot_starts_at = slot.starts_at,
                            .slot_ends_at = slot.ends_at,
                            .slot_label = slot.label};
    dialog_.slot_item_id.clear();
    dialog_.slot_variant_id.clear();
    dialog_.offered_slots.clear();
    if (auto added = commerce::AddToCart(result_.cart, std::move(line)); !added) {
      if (previous) (void)commerce::AddToCart(result_.cart, *previous);
      result_.trace.push_back(
          bj::object{{"step", "cart"}, {"action", "add"}, {"error", added.error().message}});
      Say(T("I couldn't add that: " + added.error().message + ".",
            "Не получилось добавить: " + added.error().message + "."));
      return;
    }
    result_.trace.push_back(bj::object{{"step", "cart"},
                                       {"action", "add"},
                                       {"item_id", item.id},
                                       {"variant_id", variant.id},
                                       {"quantity_milli", commerce::kMilli},
                                       {"slot_starts_at", slot.starts_at}});
    TraceQuote();
    dialog_.last_variant_id = variant.id;
    dialog_.pending_item_id.clear();
    dialog_.stage = "added";
    const std::string title = item.name + (label.empty() ? "" : " (" + label + ")");
    const bool others = result_.cart.lines.size() > 1;
    Say(title + ", " + slot.label + " — " + PriceText(variant) + "." +
            (others ? "\n" + T("Your cart:\n", "В корзине:\n") + CartText() : std::string()) +
            T("\nShall I book it?", "\nЗаписать вас?"),
        {{T("Book", "Записаться"), T("Book", "Записаться")},
         {T("Other time", "Другое время"), T("other time", "другое время")}});
  }

  // ---- delivery (goods of a company with delivery windows) ----

  // Goods in the cart of a company that configured delivery windows: they travel in a chosen window.
  Result<bool> DeliversGoods() {
    if (input_.schedule == nullptr || input_.company.type == "SERVICE") return false;
    const bool goods = std::any_of(result_.cart.lines.begin(), result_.cart.lines.end(),
                                   [](const commerce::CartLine& line) { return !line.slot_starts_at; });
    if (!goods) return false;
    return input_.schedule->HasDeliveryWindows();
  }

  // At checkout: asks for the first missing piece of the delivery — the address, then the zone (when the
  // company has zones: windows may serve only some), then the window; false when nothing is missing (or
  // the company does not deliver in windows).
  Result<bool> AskDeliveryIfMissing() {
    X8_TRY(bool delivers, DeliversGoods());
    if (!delivers) {
      result_.cart.delivery.reset();
      return false;
    }
    if (!result_.cart.delivery) result_.cart.delivery = commerce::CartDelivery{};
    auto& delivery = *result_.cart.delivery;
    if (delivery.address.empty()) {
      AskAddress();
      return true;
    }
    X8_TRY(auto zones, input_.schedule->DeliveryZones());
    if (zones.empty()) {
      delivery.zone.clear();
      delivery.fee_minor = 0;
      delivery.free_over_minor.reset();
    } else {
      const auto zone = std::find_if(zones.begin(), zones.end(),
                                     [&](const Schedule::Zone& z) { return z.name == delivery.zone; });
      if (zone == zones.end()) {
        OfferZones(zones);
        return true;
      }
      // The zone's current fee: the business may have changed it since the customer chose.
      delivery.fee_minor = zone->fee_minor;
      delivery.free_over_minor = zone->free_over_minor;
    }
    if (delivery.starts_at == 0) {
      X8_TRY_STATUS(OfferWindows(std::nullopt));
      return true;
    }
    return false;
  }

  // The checkout's window was taken meanwhile (the turn runner cleared it and offered other windows as
  // buttons): the next message may pick one of them, or name another time.
  Status ResumeWindowChoice() {
    const auto& delivery = result_.cart.delivery;
    if (dialog_.stage != "checkout" || !delivery || delivery->starts_at != 0 || delivery->address.empty()) {
      return Ok();
    }
    X8_TRY(bool delivers, DeliversGoods());
    if (!delivers) return Ok();
    const int64_t now = input_.now_ms;
    X8_TRY(dialog_.offered_windows,
           input_.schedule->FreeDeliverySlots(delivery->zone, now, now + 2 * kWeekMillis, kMaxWindowsScanned,
                                              language_));
    dialog_.stage = "delivery_window";
    return Ok();
  }

  // Sets the zone (and its fee); a window chosen for another zone is cleared (it may not serve this one).
  void ChooseZone(const Schedule::Zone& zone, std::string_view how) {
    auto& delivery = *result_.cart.delivery;
    if (delivery.zone != zone.name && delivery.starts_at != 0) {
      delivery.starts_at = 0;
      delivery.ends_at = 0;
      delivery.label.clear();
    }
    delivery.zone = zone.name;
    delivery.fee_minor = zone.fee_minor;
    delivery.free_over_minor = zone.free_over_minor;
    dialog_.offered_zones.clear();
    result_.trace.push_back(
        bj::object{{"step", "delivery"}, {"action", "zone"}, {"zone", zone.name}, {"from", how}});
  }

  // The one zone whose name the text mentions ("Mitte please", "ул. Ленина 5, Центр"); nullptr when none
  // or several do.
  static const Schedule::Zone* ZoneNamedIn(std::string_view text, const std::vector<Schedule::Zone>& zones) {
    const std::string normalised = Normalised(text);
    for (const auto& zone : zones) {
      if (Normalised(zone.name) == normalised) return &zone;
    }
    const auto said = MeaningfulStems(text);
    const Schedule::Zone* found = nullptr;
    for (const auto& zone : zones) {
      const auto stems = MeaningfulStems(zone.name);
      if (stems.empty() || CountShared(stems, said) != stems.size()) continue;
      if (found != nullptr) return nullptr;
      found = &zone;
    }
    return found;
  }

  // Free windows in `when` (the next two weeks when unset); an exact match or the only window that
  // overlaps the named time is taken at once.
  Status OfferWindows(const std::optional<When>& when) {
    const int64_t now = input_.now_ms;
    std::vector<Schedule::Slot> windows;
    if (when) {
      // Windows that overlap the named time: "Friday afternoon" matches 10:00–14:00 and 14:00–18:00.
      const int64_t from = std::max(when->from - kDayMillis, now);
      if (when->to > from) {
        X8_TRY(auto found, input_.schedule->FreeDeliverySlots(DeliveryZone(), from, when->to,
                                                              kMaxWindowsScanned, language_));
        for (auto& window : found) {
          if (window.starts_at < when->to && window.ends_at > when->from)
            windows.push_back(std::move(window));
        }
      }
      result_.trace.push_back(bj::object{
          {"step", "delivery_windows"}, {"from", when->from}, {"to", when->to}, {"matched", windows.size()}});
      for (const auto& window : windows) {
        if (window.starts_at == when->from && (window.ends_at == when->to || when->exact)) {
          return ChooseWindow(window);
        }
      }
      if (windows.size() == 1) return ChooseWindow(windows.front());
    }
    std::string text;
    if (windows.empty()) {
      X8_TRY(windows, input_.schedule->FreeDeliverySlots(DeliveryZone(), now, now + 2 * kWeekMillis,
                                                         kOfferedSlots, language_));
      result_.trace.push_back(bj::object{{"step", "delivery_windows"}, {"offered", windows.size()}});
      if (windows.empty()) {
        dialog_.stage = "delivery_window";
        dialog_.offered_windows.clear();
        Say(
            T("Sorry, there are no free delivery windows in the next two weeks. Write \"operator\" and a "
              "team member will help.",
              "К сожалению, в ближайшие две недели свободных окон доставки нет. Напишите «оператор», и "
              "сотрудник поможет."));
        return Ok();
      }
      text = when ? T("Sorry, no delivery window is free then. The nearest ones:",
                      "К сожалению, на это время окон доставки нет. Ближайшие:")
                  : T("When should we deliver? Free delivery windows:",
                      "Когда доставить? Свободные окна доставки:");
    } else {
      text = T("Delivery windows then:", "Окна доставки в это время:");
    }
    if (windows.size() > kOfferedSlots) windows.resize(kOfferedSlots);
    std::vector<Button> buttons;
    for (const auto& window : windows) {
      text += "\n• " + window.label;
      buttons.push_back({window.label, window.label});
    }
    text += T("\nWhich window suits you? You can also name a day or time.",
              "\nКакое окно вам удобно? Можно назвать день или время.");
    dialog_.offered_windows = std::move(windows);
    dialog_.stage = "delivery_window";
    Say(std::move(text), std::move(buttons));
    return Ok();
  }

  std::string DeliveryZone() const {
    return result_.cart.delivery ? result_.cart.delivery->zone : std::string();
  }

  // Keeps the address and zone already given (a new window replaces only the time).
  Status ChooseWindow(const Schedule::Slot& window) {
    commerce::CartDelivery delivery = result_.cart.delivery.value_or(commerce::CartDelivery{});
    delivery.starts_at = window.starts_at;
    delivery.ends_at = window.ends_at;
    delivery.label = window.label;
    result_.cart.delivery = std::move(delivery);
    dialog_.offered_windows.clear();
    result_.trace.push_back(
        bj::object{{"step", "delivery"}, {"action", "window"}, {"starts_at", window.starts_at}});
    Say(T("Delivery: ", "Доставка: ") + window.label + ".");
    return Checkout();
  }

  void AskAddress() {
    dialog_.stage = "delivery_address";
    Say(T("What's the delivery address? (city, street, house, flat)",
          "Какой адрес доставки? (город, улица, дом, квартира)"));
  }

  void OfferZones(const std::vector<Schedule::Zone>& zones) {
    std::string text = T("Which delivery zone is it in?", "В какой зоне доставки этот адрес?");
    std::vector<Button> buttons;
    dialog_.offered_zones.clear();
    for (const auto& zone : zones) {
      std::string line =
          zone.name + " — " + (zone.fee_minor == 0 ? T("free", "бесплатно") : Money(zone.fee_minor, ""));
      if (zone.free_over_minor && zone.fee_minor > 0) {
        line += T(", free from ", ", бесплатно от ") + Money(*zone.free_over_minor, "");
      }
      text += "\n• " + line;
      buttons.push_back({zone.name, zone.name});
      dialog_.offered_zones.push_back(zone.name);
    }
    dialog_.stage = "delivery_zone";
    Say(std::move(text), std::move(buttons));
  }

  // A message while a delivery step waits: a window (button or words), the address, a zone.
  Result<bool> HandleDelivery(std::string_view text, const Analysed& message, const std::vector<bool>& used) {
    const std::string normalised = Normalised(text);
    const auto& list = message.words;
    if (dialog_.stage == "delivery_window") {
      for (const auto& window : dialog_.offered_windows) {
        if (Normalised(window.label) != normalised) continue;
        X8_TRY_STATUS(ChooseWindow(Schedule::Slot(window)));
        return true;
      }
      auto when = ParseWhen(list, input_.schedule->timezone(), input_.now_ms, /*expect_time=*/true);
      if (!when) return false;
      X8_TRY_STATUS(OfferWindows(when));
      return true;
    }
    if (dialog_.stage == "delivery_address") {
      // Commands keep their meaning ("checkout" asks again, "clear the cart" clears it).
      const auto& words = Words();
      if (AnyIn(words.checkout, list, used) || AnyIn(words.clear, list, used) ||
          AnyIn(words.cart, list, used)) {
        return false;
      }
      // An address names a street and a house number; anything else is handled as usual (a product,
      // a question) and the address is asked again at checkout.
      const bool has_letters =
          std::any_of(list.begin(), list.end(), [](const Word& word) { return !word.has_digit; });
      const bool has_number =
          std::any_of(list.begin(), list.end(), [](const Word& word) { return word.has_digit; });
      if (!has_letters || !has_number || !result_.cart.delivery) return false;
      std::string_view trimmed = text;
      while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front())))
        trimmed.remove_prefix(1);
      while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
        trimmed.remove_suffix(1);
      std::string address = Truncate(trimmed, kMaxAddressChars);
      result_.cart.delivery->address = address;
      result_.trace.push_back(bj::object{{"step", "delivery"}, {"action", "address"}});
      // An address that names a zone ("…, Mitte") chooses it.
      X8_TRY(auto zones, input_.schedule->DeliveryZones());
      if (const auto* zone = ZoneNamedIn(address, zones);
          zone != nullptr && result_.cart.delivery->zone.empty()) {
        ChooseZone(*zone, "address");
      }
      X8_TRY_STATUS(Checkout());
      return true;
    }
    if (dialog_.stage == "delivery_zone") {
      X8_TRY(auto zones, input_.schedule->DeliveryZones());
      const Schedule::Zone* chosen = ZoneNamedIn(text, zones);
      if (chosen == nullptr || !result_.cart.delivery) return false;
      ChooseZone(*chosen, "customer");
      X8_TRY_STATUS(Checkout());
      return true;
    }
    return false;
  }

  const TurnInput& input_;
  Catalogue& catalogue_;
  std::optional<When> when_;  // the time the current message names
  TurnResult result_;
  DialogState dialog_;
  std::string language_;
  std::vector<Part> parts_;
  bool stopped_ = false;
};

class GuidedEngine final : public Engine {
 public:
  std::string_view name() const override { return "guided"; }
  Result<TurnResult> Run(const TurnInput& input, Catalogue& catalogue) override {
    return GuidedTurn(input, catalogue).Run();
  }
};

}  // namespace

std::unique_ptr<Engine> MakeGuidedEngine() { return std::make_unique<GuidedEngine>(); }

}  // namespace x8::assistant
