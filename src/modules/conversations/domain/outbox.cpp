#include "modules/conversations/domain/outbox.h"

#include <algorithm>

#include "core/json.h"
#include "modules/assistant/domain/engine.h"
#include "modules/conversations/domain/writer.h"
#include "platform/jobs/worker.h"

namespace x8::conversations {
namespace {

constexpr int64_t kInboundEventsKeptMillis = 7LL * 24 * 3600 * 1000;

// Sends `message` within the channel's limits: text longer than max_text_chars goes in several parts
// (media with the first, buttons with the last; parts after the first get "<message id>#<n>" as their
// idempotency key), buttons beyond max_buttons — or all of them where the channel has none — are dropped.
Result<SentMessage> SendInParts(ChannelSender& sender, const Conversation& conversation,
                                const Message& message) {
  const auto caps = sender.caps();
  std::vector<assistant::Button> buttons = caps.buttons ? message.buttons : std::vector<assistant::Button>{};
  if (buttons.size() > caps.max_buttons) buttons.resize(caps.max_buttons);
  const auto parts = SplitText(message.text, caps.max_text_chars);
  std::optional<SentMessage> first;
  for (size_t i = 0; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    X8_TRY(auto sent, sender.Send(OutboundMessage{
                          .message_id = i == 0 ? message.id : message.id + "#" + std::to_string(i + 1),
                          .channel_id = conversation.channel_id,
                          .contact_external_id = conversation.contact.external_id,
                          .text = parts[i],
                          .buttons = last ? buttons : std::vector<assistant::Button>{},
                          .media_urls = i == 0 ? message.media_urls : std::vector<std::string>{}}));
    if (!first) first = std::move(sent);
  }
  return std::move(*first);
}

}  // namespace

Status DeliveryRunner::Run(const jobs::Job& job, storage::Tx& tx) {
  X8_TRY(auto payload, json::ParseObject(job.payload));
  X8_TRY(auto message_id, json::RequireString(payload, "message_id"));
  // ---- Reads and the send, outside the transaction ----
  X8_TRY(auto found, repository_.GetMessage(db_, message_id));
  if (!found || found->direction != "out" || found->status == "sent") return Ok();
  Message message = std::move(*found);
  X8_TRY(auto conversation, repository_.GetConversation(db_, message.conversation_id));
  if (!conversation) return Ok();  // deleted by retention

  Result<SentMessage> sent = FailedPrecondition("no sender for channel kind " + conversation->channel_kind);
  if (auto sender = senders_.Find(conversation->channel_kind))
    sent = SendInParts(*sender, *conversation, message);
  if (!sent) {
    const bool last_attempt = job.attempts >= job.max_attempts;
    if (jobs::IsRetryable(sent.error()) && !last_attempt) return sent.error();
    message.status = "failed";
    message.error = sent.error().message;
  } else {
    message.status = "sent";
    message.error.reset();
    if (!sent->external_id.empty()) message.external_id = sent->external_id;
    message.sent_at = clock_.NowMillis();
  }
  // ---- Writes ----
  X8_TRY_STATUS(repository_.SaveMessageDelivery(tx, message));
  if (publish_) {
    // Published once the job's writes commit; the events carry the rows, so no client needs to refetch.
    jobs::AfterCommit(
        tx, [publish = publish_, message = std::move(message), conversation = std::move(*conversation)] {
          const auto topic = InboxTopic(conversation.company_id);
          publish(topic, MessageEvent(message));
          publish(topic, ConversationEvent(conversation));
        });
  }
  return Ok();
}

Status ConversationPaymentObserver::PaymentStatusChanged(storage::Tx& tx, const commerce::OrderEvent& event) {
  // The order's holds first: they follow the payment even when the conversation is gone.
  std::vector<scheduling::Booking> booked;
  if (bookings_ != nullptr) {
    if (event.status == commerce::PaymentStatus::kPaid) {
      X8_TRY(booked, bookings_->ConfirmForOrder(tx, event.order_id));
    } else if (event.status == commerce::PaymentStatus::kExpired ||
               event.status == commerce::PaymentStatus::kCancelled) {
      X8_TRY_STATUS(bookings_->ReleaseForOrder(tx, event.order_id));
    }
  }
  X8_TRY(auto locked, repository_.LockConversation(tx, event.conversation_id));
  if (!locked || locked->account_id != event.account_id) return Ok();  // history already deleted
  Conversation conversation = std::move(*locked);
  const int64_t now = clock_.NowMillis();
  conversation.payment_status = std::string(commerce::ToString(event.status));
  const std::string language = event.language.empty() ? conversation.language : event.language;
  std::optional<std::string> text;
  switch (event.status) {
    case commerce::PaymentStatus::kPaid:
      conversation.outcome = "paid";
      text = assistant::PaymentReceivedText(language, event.quote);
      if (!booked.empty()) {
        std::vector<assistant::BookedSlot> slots;
        slots.reserve(booked.size());
        for (const auto& booking : booked) {
          slots.push_back(
              assistant::BookedSlot{.title = booking.title,
                                    .starts_at = booking.starts_at,
                                    .ends_at = booking.ends_at,
                                    .timezone = booking.timezone,
                                    .format = booking.format,
                                    .location = booking.location,
                                    .delivery = booking.kind == scheduling::BookingKind::kDelivery,
                                    .address = booking.address});
        }
        *text += "\n\n" + assistant::BookingConfirmedText(language, slots);
      } else if (bookings_ != nullptr) {
        // Paid after its holds were released (a late payment): a person arranges a new time.
        X8_TRY(auto released, bookings_->BookingsOfOrder(tx, event.order_id));
        if (!released.empty()) {
          *text += "\n\n" + assistant::LatePaymentText(
                                language, released.front().kind == scheduling::BookingKind::kDelivery);
          conversation.needs_human = true;
        }
      }
      break;
    case commerce::PaymentStatus::kExpired:
      conversation.outcome = "expired";
      text = assistant::PaymentExpiredText(language);
      break;
    case commerce::PaymentStatus::kCancelled:
      conversation.outcome = "cancelled";
      break;
    case commerce::PaymentStatus::kRefunded:
      conversation.outcome = "refunded";
      break;
    case commerce::PaymentStatus::kPaymentLinkSent:
      conversation.outcome = "link_sent";
      break;
    case commerce::PaymentStatus::kNoPaymentLink:
      break;
  }
  conversation.updated_at = now;
  std::optional<Message> written;
  if (text) {
    X8_TRY(written,
           AppendMessage(
               tx, repository_, conversation,
               Message{.direction = "out", .author = "assistant", .text = *text, .status = "queued"}, now));
  }
  X8_TRY_STATUS(repository_.SaveConversation(tx, conversation));
  if (written) {
    X8_TRY_STATUS(EnqueueDelivery(tx, queue_, *written, now));
    // Woken once the delivery job is committed, so it is there to claim.
    if (worker_ != nullptr) jobs::AfterCommit(tx, [worker = worker_] { worker->Wake(); });
  }
  if (publish_) {
    jobs::AfterCommit(tx, [publish = publish_, conversation = std::move(conversation)] {
      publish(InboxTopic(conversation.company_id), ConversationEvent(conversation));
    });
  }
  return Ok();
}

Status RetentionRunner::Run(const jobs::Job&, storage::Tx& tx) {
  const int64_t now = clock_.NowMillis();
  X8_TRY_STATUS(repository_.DeleteExpired(tx, now, kDefaultRetentionDays, now - kInboundEventsKeptMillis));
  X8_TRY_STATUS(repository_.TrimAccounts(tx, max_messages_per_account_));
  return Ok();
}

Result<std::unordered_map<std::string, companies::CompanyStats>> ConversationStats::StatsFor(
    std::span<const std::string> company_ids) {
  std::unordered_map<std::string, companies::CompanyStats> out;
  for (const auto& company_id : company_ids) {
    X8_TRY(auto stats, repository_.StatsFor(db_, company_id));
    out[company_id] = companies::CompanyStats{.messages_in = stats.messages_in,
                                              .messages_out = stats.messages_out,
                                              .conversations = stats.conversations};
  }
  return out;
}

}  // namespace x8::conversations
