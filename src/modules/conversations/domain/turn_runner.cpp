#include "modules/conversations/domain/turn_runner.h"

#include <algorithm>

#include "core/json.h"
#include "modules/conversations/domain/writer.h"
#include "platform/jobs/worker.h"

namespace x8::conversations {
namespace {

assistant::Author AuthorOf(std::string_view author) {
  if (author == "assistant") return assistant::Author::kAssistant;
  if (author == "human") return assistant::Author::kHuman;
  if (author == "system") return assistant::Author::kSystem;
  return assistant::Author::kCustomer;
}

constexpr int64_t kAlternativesWindowMillis = 7LL * 24 * 3600 * 1000;
constexpr size_t kAlternatives = 5;

bool HasDelivery(const commerce::Cart& cart) { return cart.delivery && cart.delivery->starts_at > 0; }

bool HasSlots(const commerce::Cart& cart) {
  return HasDelivery(cart) ||
         std::any_of(cart.lines.begin(), cart.lines.end(),
                     [](const commerce::CartLine& line) { return line.slot_starts_at.has_value(); });
}

assistant::BookedSlot BookedOf(const scheduling::Booking& booking, std::string_view fallback_zone) {
  return assistant::BookedSlot{
      .title = booking.title,
      .starts_at = booking.starts_at,
      .ends_at = booking.ends_at,
      .timezone = booking.timezone.empty() ? std::string(fallback_zone) : booking.timezone,
      .format = booking.format,
      .location = booking.location,
      .delivery = booking.kind == scheduling::BookingKind::kDelivery,
      .address = booking.address};
}

Result<std::string> ConversationIdOf(const jobs::Job& job) {
  X8_TRY(auto payload, json::ParseObject(job.payload));
  return json::RequireString(payload, "conversation_id");
}

}  // namespace

Result<assistant::TurnResult> TurnRunner::RunEngine(const std::string& engine_name,
                                                    const assistant::TurnInput& input,
                                                    assistant::Catalogue& catalogue) {
  auto guided = engines_.find(kEngineGuided);
  if (guided == engines_.end()) return Internal("the guided engine is not registered");
  auto chosen = engines_.find(engine_name);
  if (chosen == engines_.end()) chosen = guided;
  auto result = chosen->second->Run(input, catalogue);
  if (result || chosen == guided) return result;
  const auto code = result.error().code;
  if (code != ErrorCode::kUnavailable && code != ErrorCode::kRateLimited) return result;
  const Error failure = result.error();
  X8_TRY(auto fallback, guided->second->Run(input, catalogue));
  fallback.trace.insert(fallback.trace.begin(), boost::json::object{{"step", "fallback"},
                                                                    {"from", chosen->first},
                                                                    {"to", guided->first},
                                                                    {"code", ToString(failure.code)},
                                                                    {"error", failure.message}});
  return fallback;
}

Status TurnRunner::MarkAnswered(storage::Tx& tx, const std::string& conversation_id,
                                int64_t last_inbound_seq) {
  X8_TRY(auto locked, repository_.LockConversation(tx, conversation_id));
  if (!locked || locked->answered_seq >= last_inbound_seq) return Ok();
  locked->answered_seq = last_inbound_seq;
  locked->reply_due_at.reset();
  return repository_.SaveConversation(tx, *locked);
}

Status TurnRunner::Run(const jobs::Job& job, storage::Tx& tx) {
  X8_TRY(auto conversation_id, ConversationIdOf(job));
  // ---- Reads, outside the transaction ----
  X8_TRY(auto found, repository_.GetConversation(db_, conversation_id));
  if (!found) return Ok();  // deleted by retention
  const Conversation conversation = std::move(*found);
  const int64_t now = clock_.NowMillis();
  if (conversation.reply_due_at && *conversation.reply_due_at > now) return Ok();  // a later job answers
  if (conversation.answered_seq >= conversation.last_inbound_seq) return Ok();
  const int64_t answering_seq = conversation.last_inbound_seq;
  if (conversation.mode == "human") return MarkAnswered(tx, conversation.id, answering_seq);

  X8_TRY(auto unanswered,
         repository_.CustomerMessagesBetween(db_, conversation.id, conversation.answered_seq, answering_seq));
  if (unanswered.empty()) return MarkAnswered(tx, conversation.id, answering_seq);
  X8_TRY(auto history, repository_.ListMessagesBefore(db_, conversation.id, unanswered.front().seq,
                                                      options_.history_messages, /*include_notes=*/false));
  auto found_company = companies_.Find(conversation.company_id);
  if (!found_company) {
    // A deleted company's customers get no more answers; the turn is done, not a dead letter.
    if (found_company.error().code == ErrorCode::kNotFound)
      return MarkAnswered(tx, conversation.id, answering_seq);
    return found_company.error();
  }
  const CompanyInfo company = std::move(*found_company);
  X8_TRY(auto settings, conversations_.SettingsOf(db_, conversation.company_id));

  assistant::TurnInput input;
  input.company = company.profile;
  input.settings.engine = settings.engine;
  input.settings.default_language = settings.default_language;
  input.settings.prompts = settings.prompts;
  if (welcome_video_ != nullptr) {
    X8_TRY(input.settings.welcome_video_url,
           welcome_video_->WelcomeVideoUrl(conversation.account_id, conversation.company_id));
  }
  input.channel = senders_.Caps(conversation.channel_kind);
  for (const auto& message : history) {
    input.history.push_back({AuthorOf(message.author), message.text, message.created_at});
  }
  for (const auto& message : unanswered) input.new_messages.push_back(message.text);
  input.customer_name = GivenName(conversation.contact);  // never the generated "Visitor 4A8L"
  input.cart = conversation.cart;
  input.payment_status = conversation.payment_status;
  input.state = conversation.engine_state;
  input.language = conversation.language;
  input.now_ms = now;

  std::unique_ptr<assistant::Schedule> schedule;
  if (schedules_ != nullptr) schedule = schedules_->For(company.profile);
  input.schedule = schedule.get();

  auto catalogue = catalogues_.For(company.profile);
  if (!catalogue) return Internal("no catalogue for company " + conversation.company_id);
  X8_TRY(auto result, RunEngine(settings.engine, input, *catalogue));

  // Other free times of each slot at checkout, read now (outside the transaction) for the message that
  // offers them when the slot is taken meanwhile.
  std::map<std::string, std::vector<assistant::Schedule::Slot>> alternatives;
  const std::string turn_language = result.language.empty() ? settings.default_language : result.language;
  if (result.checkout && bookings_ != nullptr && schedule != nullptr) {
    for (const auto& line : result.cart.lines) {
      if (!line.slot_starts_at) continue;
      auto free = schedule->FreeSlots(line.item_id, now, now + kAlternativesWindowMillis, kAlternatives + 1,
                                      turn_language);
      if (!free) continue;  // the message then asks for another time in words
      std::erase_if(*free, [&](const auto& slot) { return slot.starts_at == *line.slot_starts_at; });
      if (free->size() > kAlternatives) free->resize(kAlternatives);
      alternatives[line.variant_id] = std::move(*free);
    }
  }
  std::vector<assistant::Schedule::Slot> other_windows;
  if (result.checkout && bookings_ != nullptr && schedule != nullptr && HasDelivery(result.cart)) {
    const auto& delivery = *result.cart.delivery;
    auto free = schedule->FreeDeliverySlots(delivery.zone, now, now + kAlternativesWindowMillis,
                                            kAlternatives + 1, turn_language);
    if (free) {
      std::erase_if(*free, [&](const auto& window) { return window.starts_at == delivery.starts_at; });
      if (free->size() > kAlternatives) free->resize(kAlternatives);
      other_windows = std::move(*free);
    }
  }

  // ---- Writes, in the job's transaction ----
  X8_TRY(auto locked, repository_.LockConversation(tx, conversation.id));
  if (!locked) return Ok();
  Conversation current = std::move(*locked);
  // A newer message arrived while the engine ran: its own job answers the whole burst.
  if (current.last_inbound_seq != answering_seq) return Ok();
  if (current.answered_seq >= answering_seq) return Ok();
  const int64_t write_at = clock_.NowMillis();
  current.answered_seq = answering_seq;
  current.reply_due_at.reset();
  if (current.mode == "human") return repository_.SaveConversation(tx, current);  // taken over meanwhile

  const std::string language = result.language.empty() ? settings.default_language : result.language;
  // Collected first and written together, so the trace on the first one includes the runner's own steps.
  std::vector<Message> pending;
  for (const auto& reply : result.replies) {
    pending.push_back(Message{.direction = "out",
                              .author = "assistant",
                              .text = reply.text,
                              .buttons = reply.buttons,
                              .media_urls = reply.media_urls,
                              .status = "queued"});
  }

  const bool cart_changed = result.cart != current.cart;
  current.cart = result.cart;
  current.engine_state = result.state;
  current.language = language;
  if (!current.cart.empty() && (cart_changed || current.outcome == "none")) current.outcome = "cart";

  if (result.checkout) {
    auto quote = commerce::QuoteOf(current.cart, company.profile.currency);
    const bool books = bookings_ != nullptr && HasSlots(current.cart);
    // The slots that could not be held: the line's slot is cleared and other times are offered.
    auto slot_taken = [&](const commerce::CartLine& line, const Error& error) {
      result.trace.push_back({{"step", "booking"},
                              {"item_id", line.item_id},
                              {"starts_at", *line.slot_starts_at},
                              {"error", error.message}});
      std::vector<assistant::Button> buttons;
      std::string text = assistant::SlotTakenText(
          language, line.name, line.slot_label,
          alternatives.contains(line.variant_id) && !alternatives.at(line.variant_id).empty());
      if (auto found = alternatives.find(line.variant_id); found != alternatives.end()) {
        buttons.reserve(found->second.size());
        for (const auto& slot : found->second) {
          buttons.push_back({.title = slot.label, .payload = slot.label});
          text += "\n• " + slot.label;
        }
      }
      pending.push_back(Message{.direction = "out",
                                .author = "assistant",
                                .text = std::move(text),
                                .buttons = std::move(buttons),
                                .status = "queued"});
      for (auto& cart_line : current.cart.lines) {
        if (cart_line.variant_id != line.variant_id) continue;
        cart_line.slot_starts_at.reset();
        cart_line.slot_ends_at.reset();
        cart_line.slot_label.clear();
      }
    };
    // The delivery window could not be held: it is cleared (address and zone stay) and the other free
    // windows are offered as buttons (the engine takes the one pressed and checks out again).
    auto window_taken = [&](const Error& error) {
      result.trace.push_back({{"step", "booking"},
                              {"kind", "delivery"},
                              {"starts_at", current.cart.delivery->starts_at},
                              {"error", error.message}});
      const bool ru = language == "ru";
      std::string text = (ru ? "К сожалению, окно доставки " : "Sorry, the delivery window ") +
                         current.cart.delivery->label + (ru ? " только что заняли." : " was just taken.");
      std::vector<assistant::Button> buttons;
      if (other_windows.empty()) {
        text +=
            ru ? " Назовите другой день или время доставки." : " Name another day or time for the delivery.";
      } else {
        text += ru ? " Свободные окна:" : " Free windows:";
        for (const auto& window : other_windows) {
          text += "\n• " + window.label;
          buttons.push_back({.title = window.label, .payload = window.label});
        }
      }
      pending.push_back(Message{.direction = "out",
                                .author = "assistant",
                                .text = std::move(text),
                                .buttons = std::move(buttons),
                                .status = "queued"});
      current.cart.delivery->starts_at = 0;
      current.cart.delivery->ends_at = 0;
      current.cart.delivery->label.clear();
    };
    // Holds (or books at once) every slotted line; false when one was taken (everything of this
    // checkout is then rolled back to the savepoint by the caller).
    auto book_lines = [&](const std::string& order_id, std::optional<int64_t> expires_at,
                          std::vector<scheduling::Booking>& booked) -> Result<bool> {
      for (const auto& line : current.cart.lines) {
        if (!line.slot_starts_at) continue;
        scheduling::HoldRequest request{.account_id = current.account_id,
                                        .company_id = current.company_id,
                                        .item_id = line.item_id,
                                        .variant_id = line.variant_id,
                                        .starts_at = *line.slot_starts_at,
                                        .conversation_id = current.id,
                                        .contact_id = current.contact_id,
                                        .customer_name = current.contact.display_name,
                                        .order_id = order_id,
                                        .expires_at = expires_at};
        auto booking = order_id.empty() ? bookings_->BookNow(tx, request) : bookings_->Hold(tx, request);
        if (!booking) {
          const auto code = booking.error().code;
          if (code != ErrorCode::kConflict && code != ErrorCode::kInvalidArgument) return booking.error();
          slot_taken(line, booking.error());
          return false;
        }
        result.trace.push_back({{"step", "booking"},
                                {"booking_id", booking->id},
                                {"status", order_id.empty() ? "confirmed" : "pending_payment"},
                                {"starts_at", booking->starts_at}});
        booked.push_back(std::move(*booking));
      }
      if (HasDelivery(current.cart)) {
        const auto& delivery = *current.cart.delivery;
        scheduling::HoldRequest request{.account_id = current.account_id,
                                        .company_id = current.company_id,
                                        .item_id = "",  // a delivery window
                                        .starts_at = delivery.starts_at,
                                        .conversation_id = current.id,
                                        .contact_id = current.contact_id,
                                        .customer_name = current.contact.display_name,
                                        .order_id = order_id,
                                        .expires_at = expires_at,
                                        .address = delivery.address,
                                        .zone = delivery.zone};
        auto booking = order_id.empty() ? bookings_->BookNow(tx, request) : bookings_->Hold(tx, request);
        if (!booking) {
          const auto code = booking.error().code;
          if (code != ErrorCode::kConflict && code != ErrorCode::kInvalidArgument) return booking.error();
          window_taken(booking.error());
          return false;
        }
        result.trace.push_back({{"step", "booking"},
                                {"kind", "delivery"},
                                {"booking_id", booking->id},
                                {"status", order_id.empty() ? "confirmed" : "pending_payment"},
                                {"starts_at", booking->starts_at}});
        booked.push_back(std::move(*booking));
      }
      return true;
    };
    // The order and the holds commit together or not at all: a taken slot rolls back to here.
    bool savepoint = false;
    if (books) {
      X8_TRY_STATUS(tx.Exec("SAVEPOINT x8_booking"));
      savepoint = true;
    }
    auto rollback = [&]() -> Status {
      X8_TRY_STATUS(tx.Exec("ROLLBACK TO SAVEPOINT x8_booking"));
      X8_TRY_STATUS(tx.Exec("RELEASE SAVEPOINT x8_booking"));
      savepoint = false;
      return Ok();
    };
    if (!quote) {
      result.trace.push_back({{"step", "payment_link"}, {"error", quote.error().message}});
    } else if (books && quote->total_minor == 0) {
      // Free services: booked at once, no payment link.
      std::vector<scheduling::Booking> booked;
      X8_TRY(bool all, book_lines("", std::nullopt, booked));
      if (!all) {
        X8_TRY_STATUS(rollback());
      } else {
        std::vector<assistant::BookedSlot> slots;
        slots.reserve(booked.size());
        for (const auto& booking : booked) slots.push_back(BookedOf(booking, company.profile.timezone));
        pending.push_back(Message{.direction = "out",
                                  .author = "assistant",
                                  .text = assistant::BookingConfirmedText(language, slots),
                                  .status = "queued"});
        current.cart = commerce::Cart{};  // booked: a new request starts a new cart
      }
    } else if (checkout_ == nullptr) {
      result.trace.push_back({{"step", "payment_link"}, {"error", "no payment provider is configured"}});
    } else {
      auto link = checkout_->CreateCheckout(
          tx, commerce::CheckoutRequest{.account_id = current.account_id,
                                        .company_id = current.company_id,
                                        .conversation_id = current.id,
                                        .contact_id = current.contact_id,
                                        .customer_name = current.contact.display_name,
                                        .language = language,
                                        .quote = *quote});
      bool held = true;
      if (link && books) {
        std::vector<scheduling::Booking> booked;
        X8_TRY(held, book_lines(link->order_id, link->expires_at_ms, booked));
        if (!held) X8_TRY_STATUS(rollback());
      }
      if (link && held) {
        pending.push_back(Message{.direction = "out",
                                  .author = "assistant",
                                  .text = assistant::PaymentLinkText(language, link->quote, link->url),
                                  .buttons = {assistant::Button{
                                      .title = language == "ru" ? "Оплатить" : "Pay", .payload = link->url}},
                                  .status = "queued"});
        result.trace.push_back({{"step", "payment_link"},
                                {"order_id", link->order_id},
                                {"url", link->url},
                                {"total_minor", link->quote.total_minor},
                                {"currency", link->quote.currency}});
        current.payment_status = "payment_link_sent";
        current.outcome = "link_sent";
      } else if (link) {
        // A slot was taken: the order was rolled back with the holds; no link.
      } else if (link.error().code == ErrorCode::kInvalidArgument) {
        // An empty cart or a zero total: no link; the engine's own replies stand.
        result.trace.push_back({{"step", "payment_link"}, {"error", link.error().message}});
      } else {
        return link.error();  // retried: the turn runs again from the stored state
      }
    }
    if (savepoint) X8_TRY_STATUS(tx.Exec("RELEASE SAVEPOINT x8_booking"));
  }
  if (result.handoff) {
    current.mode = "human";
    current.needs_human = true;
    current.outcome = "handoff";
    pending.push_back(Message{.direction = "out",
                              .author = "assistant",
                              .text = assistant::HandoffText(language),
                              .status = "queued"});
  }
  if (!pending.empty()) pending.front().trace = boost::json::array(result.trace.begin(), result.trace.end());
  std::vector<Message> outgoing;
  for (auto& message : pending) {
    X8_TRY(auto written, AppendMessage(tx, repository_, current, std::move(message), write_at));
    outgoing.push_back(std::move(written));
  }
  X8_TRY_STATUS(repository_.SaveConversation(tx, current));
  for (const auto& message : outgoing) X8_TRY_STATUS(EnqueueDelivery(tx, queue_, message, write_at));
  if (outgoing.empty() && publish_) {
    // No message for the deliver job to publish with the conversation (a turn that only changed the
    // cart): the inbox gets the conversation itself once it is committed.
    jobs::AfterCommit(tx, [publish = publish_, conversation = std::move(current)] {
      publish(InboxTopic(conversation.company_id), ConversationEvent(conversation));
    });
  }
  return Ok();
}

}  // namespace x8::conversations
