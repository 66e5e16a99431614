// The conversations.turn job through the real worker: buffering, no-op rules, handoff, checkout,
// the LLM fallback and crash safety, on SQLite and PostgreSQL.
#include "modules/conversations/domain/turn_runner.h"

#include <gtest/gtest.h>

#include "core/json.h"
#include "modules/conversations/store/sql_conversation_repository.h"
#include "modules/conversations/testing/fixture.h"

namespace x8::conversations {
namespace {

using testing::ConversationsTest;
using testing::Roses;

class TurnTest : public ConversationsTest {
 protected:
  // Commerce telling the conversation about its order, as the payment event job does.
  Status OrderChanged(const std::string& order_id, const std::string& conversation_id,
                      commerce::PaymentStatus status, commerce::Quote quote = {},
                      std::string language = "en") {
    return db().Transact([&](storage::Tx& tx) {
      return registered_.payment_observer->PaymentStatusChanged(
          tx, commerce::OrderEvent{.order_id = order_id,
                                   .account_id = account_id_,
                                   .company_id = company_id_,
                                   .conversation_id = conversation_id,
                                   .status = status,
                                   .quote = std::move(quote),
                                   .language = std::move(language)});
    });
  }
  // The engine answers the next turn with `cart` checked out, saying `text`; the turn
  // runs once the debounce window has passed.
  void CheckOutNextTurn(commerce::Cart cart, std::string text = "Your order", std::string language = "en") {
    assistant::TurnResult result;
    result.replies.push_back({.text = std::move(text)});
    result.cart = std::move(cart);
    result.checkout = true;
    result.language = std::move(language);
    guided_.next = std::move(result);
    clock_.Advance(Millis(3'000));
    RunDueJobs();
  }

  std::vector<Message> AssistantMessages(const std::string& conversation_id) {
    std::vector<Message> out;
    for (auto& message : MessagesOf(conversation_id)) {
      if (message.direction == "out") out.push_back(std::move(message));
    }
    return out;
  }
};

TEST_P(TurnTest, BurstOfThreeGetsExactlyOneReplyAnsweringAll) {
  auto first = MustAccept("hi", "e1");
  clock_.Advance(Millis(1'000));
  MustAccept("do you have roses?", "e2");
  clock_.Advance(Millis(1'000));
  MustAccept("red ones", "e3");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM jobs WHERE kind = 'conversations.turn'"), 3);
  clock_.Advance(Millis(3'000));
  RunDueJobs();
  ASSERT_EQ(guided_.inputs.size(), 1u);
  EXPECT_EQ(guided_.inputs[0].new_messages,
            (std::vector<std::string>{"hi", "do you have roses?", "red ones"}));
  EXPECT_EQ(guided_.inputs[0].company.name, "Flowers");
  EXPECT_EQ(guided_.inputs[0].channel.max_buttons, 3u);  // the sender's caps
  auto replies = AssistantMessages(first.conversation_id);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].text, "guided: hi | do you have roses? | red ones");
  EXPECT_EQ(replies[0].status, "sent");
  ASSERT_TRUE(replies[0].trace);
  EXPECT_EQ(replies[0].trace->at(0).at("step"), "search");
  auto conversation = MustGet(first.conversation_id);
  EXPECT_EQ(conversation.answered_seq, 3);
  EXPECT_FALSE(conversation.reply_due_at);
  EXPECT_EQ(conversation.language, "en");
  EXPECT_EQ(conversation.engine_state.at("turns"), 1);
  EXPECT_EQ(sender_->sent.size(), 1u);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM jobs WHERE state <> 'done'"), 0);
}

TEST_P(TurnTest, JobBeforeTheMovedDeadlineIsANoOp) {
  auto first = MustAccept("hi", "e1");
  clock_.Advance(Millis(2'000));
  MustAccept("anyone?", "e2");
  clock_.Advance(Millis(1'000));  // the first job is due, but the second message moved the deadline
  EXPECT_EQ(RunDueJobs(), 1);
  EXPECT_TRUE(guided_.inputs.empty());
  EXPECT_TRUE(AssistantMessages(first.conversation_id).empty());
  clock_.Advance(Millis(2'000));
  RunDueJobs();
  ASSERT_EQ(guided_.inputs.size(), 1u);
  EXPECT_EQ(guided_.inputs[0].new_messages.size(), 2u);
  // History holds the earlier exchange on the next turn.
  MustAccept("thanks", "e3");
  clock_.Advance(Millis(3'000));
  RunDueJobs();
  ASSERT_EQ(guided_.inputs.size(), 2u);
  ASSERT_EQ(guided_.inputs[1].history.size(), 3u);
  EXPECT_EQ(guided_.inputs[1].history[2].author, assistant::Author::kAssistant);
  EXPECT_EQ(guided_.inputs[1].new_messages, std::vector<std::string>{"thanks"});
}

TEST_P(TurnTest, HumanModeSkipsTheEngineAndMarksAnswered) {
  auto accepted = MustAccept("hi", "e1");
  ASSERT_TRUE(registered_.conversations->TakeOver(owner_, accepted.conversation_id));
  clock_.Advance(Millis(3'000));
  RunDueJobs();
  EXPECT_TRUE(guided_.inputs.empty());
  auto conversation = MustGet(accepted.conversation_id);
  EXPECT_EQ(conversation.answered_seq, conversation.last_inbound_seq);
  EXPECT_TRUE(AssistantMessages(accepted.conversation_id).empty());
}

TEST_P(TurnTest, CheckoutWritesThePaymentLinkMessage) {
  auto accepted = MustAccept("checkout", "e1");
  CheckOutNextTurn(commerce::Cart{.lines = {Roses()}}, "Great choice!");
  ASSERT_EQ(checkout_.requests.size(), 1u);
  EXPECT_EQ(checkout_.requests[0].quote.total_minor, 5'000);
  EXPECT_EQ(checkout_.requests[0].conversation_id, accepted.conversation_id);
  EXPECT_EQ(checkout_.requests[0].customer_name, "Anna");
  auto replies = AssistantMessages(accepted.conversation_id);
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].text, "Great choice!");
  ASSERT_EQ(replies[1].buttons.size(), 1u);
  EXPECT_EQ(replies[1].buttons[0].title, "Pay");
  EXPECT_EQ(replies[1].buttons[0].payload, "http://localhost/pay/sandbox/ps_1");
  EXPECT_NE(replies[1].text.find("http://localhost/pay/sandbox/ps_1"), std::string::npos);
  ASSERT_TRUE(replies[0].trace);
  EXPECT_EQ(replies[0].trace->back().at("step"), "payment_link");
  EXPECT_EQ(replies[0].trace->back().at("total_minor"), 5'000);
  auto conversation = MustGet(accepted.conversation_id);
  EXPECT_EQ(conversation.payment_status, "payment_link_sent");
  EXPECT_EQ(conversation.outcome, "link_sent");
  EXPECT_EQ(conversation.cart.lines.size(), 1u);
  EXPECT_EQ(sender_->sent.size(), 2u);
}

TEST_P(TurnTest, DeletedCompanyGetsNoAnswerAndNoDeadLetter) {
  auto accepted = MustAccept("hi", "e1");
  companies_.companies.erase(company_id_);
  clock_.Advance(Millis(3'000));
  RunDueJobs();
  EXPECT_TRUE(guided_.inputs.empty());
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM jobs WHERE state = 'dead'"), 0);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM messages WHERE direction = 'out'"), 0);
}

TEST_P(TurnTest, CheckoutOfAnEmptyCartSendsNoLinkButStillAnswers) {
  auto accepted = MustAccept("pay", "e1");
  assistant::TurnResult result;
  result.replies.push_back({.text = "Your cart is empty."});
  result.checkout = true;
  guided_.next = result;
  clock_.Advance(Millis(3'000));
  RunDueJobs();
  EXPECT_EQ(checkout_.requests.size(), 1u);  // asked, and refused
  auto replies = AssistantMessages(accepted.conversation_id);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].text, "Your cart is empty.");
  EXPECT_EQ(replies[0].trace->back().at("step"), "payment_link");
  EXPECT_TRUE(replies[0].trace->back().as_object().contains("error"));
  EXPECT_EQ(MustGet(accepted.conversation_id).payment_status, "no_payment_link");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM jobs WHERE state = 'dead'"), 0);
}

TEST_P(TurnTest, HandoffSwitchesToHumanWithTheHandoffMessage) {
  auto accepted = MustAccept("operator!", "e1");
  assistant::TurnResult result;
  result.handoff = true;
  result.handoff_reason = "asked";
  result.language = "en";
  guided_.next = result;
  clock_.Advance(Millis(3'000));
  RunDueJobs();
  auto conversation = MustGet(accepted.conversation_id);
  EXPECT_EQ(conversation.mode, "human");
  EXPECT_TRUE(conversation.needs_human);
  EXPECT_EQ(conversation.outcome, "handoff");
  auto replies = AssistantMessages(accepted.conversation_id);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].text, assistant::HandoffText("en"));
}

TEST_P(TurnTest, CartOutcomeWhenTheCartFills) {
  auto accepted = MustAccept("2 roses", "e1");
  assistant::TurnResult result;
  result.replies.push_back({.text = "Added."});
  result.cart.lines.push_back(Roses());
  guided_.next = result;
  clock_.Advance(Millis(3'000));
  RunDueJobs();
  auto conversation = MustGet(accepted.conversation_id);
  EXPECT_EQ(conversation.outcome, "cart");
  auto json = ToJson(conversation);
  EXPECT_EQ(json.at("total_minor"), 5'000);
  EXPECT_EQ(json.at("currency"), "EUR");
}

TEST_P(TurnTest, ACartOnlyTurnPublishesTheConversationToTheInbox) {
  auto accepted = MustAccept("2 roses", "e1");
  assistant::TurnResult result;  // no reply: only the cart changes
  result.cart.lines.push_back(Roses());
  guided_.next = result;
  const size_t before = Events().size();
  clock_.Advance(Millis(3'000));
  EXPECT_EQ(RunDueJobs(), 1);  // the turn; no message, so no delivery job
  EXPECT_TRUE(AssistantMessages(accepted.conversation_id).empty());
  auto events = Events();
  ASSERT_EQ(events.size(), before + 1) << "the inbox gets the changed conversation";
  auto event = json::ParseObject(events.back());
  ASSERT_TRUE(event);
  const auto& data = event->at("data").as_object();
  EXPECT_EQ(data.at("kind"), "conversation");
  EXPECT_EQ(data.at("conversation").at("id").as_string(), accepted.conversation_id);
  EXPECT_EQ(data.at("conversation").at("outcome"), "cart");
  EXPECT_EQ(data.at("conversation").at("total_minor"), 5'000);
}

TEST_P(TurnTest, LlmFailureFallsBackToGuidedWithATraceStep) {
  ASSERT_TRUE(registered_.conversations->UpdateSettings(owner_, company_id_, {.engine = "llm"}));
  llm_.fail_with = ErrorCode::kUnavailable;
  auto accepted = MustAccept("hi", "e1");
  clock_.Advance(Millis(3'000));
  RunDueJobs();
  EXPECT_EQ(llm_.inputs.size(), 1u);
  EXPECT_EQ(guided_.inputs.size(), 1u);
  auto replies = AssistantMessages(accepted.conversation_id);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].text, "guided: hi");
  ASSERT_TRUE(replies[0].trace);
  EXPECT_EQ(replies[0].trace->at(0).at("step"), "fallback");
  EXPECT_EQ(replies[0].trace->at(0).at("from"), "llm");
  // Without a failure the llm engine answers.
  llm_.fail_with.reset();
  MustAccept("again", "e2");
  clock_.Advance(Millis(3'000));
  RunDueJobs();
  EXPECT_EQ(AssistantMessages(accepted.conversation_id).back().text, "llm: again");
}

// A checkout port that fails once after the reply was written: the turn's transaction rolls back and
// the retried job writes the reply exactly once.
class FlakyCheckout final : public commerce::CheckoutPort {
 public:
  explicit FlakyCheckout(commerce::CheckoutPort& inner) : inner_(inner) {}
  Result<commerce::CheckoutLink> CreateCheckout(storage::Tx& tx,
                                                const commerce::CheckoutRequest& request) override {
    if (failures_left_ > 0) {
      --failures_left_;
      return Unavailable("payment provider timed out");
    }
    return inner_.CreateCheckout(tx, request);
  }

 private:
  commerce::CheckoutPort& inner_;
  int failures_left_ = 1;
};

TEST_P(TurnTest, RolledBackTurnReRunsAndWritesTheReplyOnce) {
  // Rebuild the module with the flaky port on a fresh router and worker.
  FlakyCheckout flaky(checkout_);
  http::Router router;
  jobs::Worker worker(db(), clock_, jobs::WorkerOptions{.backoff_base_ms = 1'000, .worker_id = "crash"});
  jobs::Scheduler scheduler(db(), clock_);
  Dependencies deps{.router = router,
                    .db = db(),
                    .queue = *queue_,
                    .worker = worker,
                    .scheduler = scheduler,
                    .clock = clock_,
                    .access = *access_,
                    .hub = hub_,
                    .config = config_,
                    .companies = companies_,
                    .catalogues = catalogues_,
                    .engines = {{"guided", &guided_}},
                    .checkout = &flaky};
  auto module = Register(deps);
  module.senders->Register(sender_);
  auto accepted = module.ingest->Accept(InboundMessage{
      .channel_id = channel_.id, .external_id = "e1", .contact_external_id = "v", .text = "buy"});
  ASSERT_TRUE(accepted);
  for (int turn = 0; turn < 2; ++turn) {
    assistant::TurnResult result;
    result.replies.push_back({.text = "Here you go"});
    result.cart.lines.push_back(Roses());
    result.checkout = true;
    guided_.next = result;
    clock_.Advance(Millis(3'000));
    auto ran = worker.RunOnce();
    ASSERT_TRUE(ran && *ran);
    clock_.Advance(Millis(2'000));  // past the retry backoff
  }
  while (*worker.RunOnce()) {
  }
  EXPECT_EQ(guided_.inputs.size(), 2u);  // the turn ran twice…
  auto replies = AssistantMessages(accepted->conversation_id);
  ASSERT_EQ(replies.size(), 2u);  // …but its reply and link exist once
  EXPECT_EQ(replies[0].text, "Here you go");
  EXPECT_EQ(replies[1].buttons.at(0).title, "Pay");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM messages WHERE direction = 'out'"), 2);
  EXPECT_EQ(checkout_.requests.size(), 1u);
}

TEST_P(TurnTest, HandlerRolledBackThenRunAgainWritesTheReplyOnce) {
  auto accepted = MustAccept("hi", "e1");
  clock_.Advance(Millis(3'000));
  auto rows =
      db().Query("SELECT " + std::string(jobs::kJobColumns) + " FROM jobs WHERE kind = 'conversations.turn'");
  ASSERT_TRUE(rows);
  auto job = jobs::JobFromRow(rows->rows[0]);
  ASSERT_TRUE(job);
  // The turn handler on its own, as a worker runs it.
  SqlConversationRepository repository;
  IngestService ingest(db(), repository, *queue_, nullptr, clock_, 3'000, nullptr);
  ConversationService service(db(), repository, companies_, *access_, *queue_, nullptr, clock_, ingest,
                              nullptr, {});
  SenderRegistry senders;
  TurnRunner runner(db(), repository, service, companies_, catalogues_, nullptr, senders,
                    {{"guided", &guided_}}, &checkout_, *queue_, clock_, {});
  auto run = [&](bool commit) {
    auto tx = db().Begin();
    ASSERT_TRUE(tx) << tx.error().message;
    auto status = runner.Run(*job, **tx);
    ASSERT_TRUE(status) << status.error().message;
    ASSERT_TRUE(commit ? (*tx)->Commit() : (*tx)->Rollback());
  };
  run(/*commit=*/false);  // a crash before the commit: nothing of the turn remains
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM messages WHERE direction = 'out'"), 0);
  EXPECT_EQ(MustGet(accepted.conversation_id).answered_seq, 0);
  run(/*commit=*/true);
  run(/*commit=*/true);  // a duplicate run after the commit (a lost lease) is a no-op
  EXPECT_EQ(guided_.inputs.size(), 2u);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM messages WHERE direction = 'out'"), 1);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM jobs WHERE kind = 'conversations.deliver'"), 1);
  EXPECT_EQ(MustGet(accepted.conversation_id).answered_seq, 1);
}

// A service line with its time, as an engine puts it in the cart.
commerce::CartLine Haircut(int64_t price_minor, int64_t starts_at) {
  return {.item_id = "itm_cut",
          .variant_id = "var_cut",
          .name = "Women's haircut",
          .unit_price_minor = price_minor,
          .currency = "EUR",
          .quantity_milli = 1000,
          .slot_starts_at = starts_at,
          .slot_ends_at = starts_at + 3'600'000,
          .slot_label = "Sat 28 Nov, 15:00"};
}

constexpr int64_t kSlot = 1795874400000;  // Sat 28 Nov 2026 15:00 Berlin

TEST_P(TurnTest, PaidSlotIsHeldWithTheOrderUntilTheLinkExpires) {
  schedules_.enabled = true;
  auto accepted = MustAccept("book", "e1");
  CheckOutNextTurn(commerce::Cart{.lines = {Haircut(2'500, kSlot)}});
  ASSERT_NE(guided_.inputs.back().schedule, nullptr);  // the engine was given the company's times
  ASSERT_EQ(checkout_.requests.size(), 1u);
  ASSERT_EQ(bookings_.requests.size(), 1u);
  EXPECT_EQ(bookings_.requests[0].order_id, "ord_1");
  EXPECT_EQ(bookings_.requests[0].starts_at, kSlot);
  EXPECT_EQ(bookings_.requests[0].item_id, "itm_cut");
  EXPECT_EQ(bookings_.requests[0].conversation_id, accepted.conversation_id);
  EXPECT_EQ(bookings_.requests[0].expires_at, 0);  // the link's expiry (the fake link's)
  EXPECT_EQ(bookings_.bookings.at(0).status, scheduling::BookingStatus::kPendingPayment);
  auto replies = AssistantMessages(accepted.conversation_id);
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[1].buttons.at(0).title, "Pay");
  EXPECT_EQ(MustGet(accepted.conversation_id).payment_status, "payment_link_sent");

  // Paid: the hold is confirmed and the message names the time and the place.
  auto paid = OrderChanged("ord_1", accepted.conversation_id, commerce::PaymentStatus::kPaid,
                           commerce::Quote{.currency = "EUR", .subtotal_minor = 2'500, .total_minor = 2'500});
  ASSERT_TRUE(paid) << paid.error().message;
  EXPECT_EQ(bookings_.bookings.at(0).status, scheduling::BookingStatus::kConfirmed);
  const std::string text = MessagesOf(accepted.conversation_id).back().text;
  EXPECT_NE(
      text.find("You're booked:\nWomen's haircut, Sat 28 Nov 2026, 15:00–16:00 (60 min). Place: Main St 1."),
      std::string::npos)
      << text;
}

TEST_P(TurnTest, PaidAfterTheHoldWasReleasedAsksAPersonToArrangeTheTime) {
  auto accepted = MustAccept("hi", "e1");
  bookings_.bookings.push_back({.id = "bkg_late",
                                .kind = scheduling::BookingKind::kAppointment,
                                .status = scheduling::BookingStatus::kCancelled,
                                .order_id = "ord_late"});
  commerce::Quote quote{.currency = "EUR", .subtotal_minor = 2'500, .total_minor = 2'500};
  quote.lines.push_back({.line = Haircut(2'500, kSlot), .total_minor = 2'500});
  auto paid = OrderChanged("ord_late", accepted.conversation_id, commerce::PaymentStatus::kPaid, quote);
  ASSERT_TRUE(paid) << paid.error().message;
  EXPECT_EQ(bookings_.confirmed_orders, (std::vector<std::string>{"ord_late"}));
  EXPECT_NE(MessagesOf(accepted.conversation_id).back().text.find("no longer held"), std::string::npos);
  EXPECT_TRUE(MustGet(accepted.conversation_id).needs_human);
}

TEST_P(TurnTest, PaidWithoutAnyBookingNeedsNobody) {
  auto accepted = MustAccept("hi", "e1");
  commerce::Quote quote{.currency = "EUR", .subtotal_minor = 2'500, .total_minor = 2'500};
  auto paid = OrderChanged("ord_goods", accepted.conversation_id, commerce::PaymentStatus::kPaid, quote);
  ASSERT_TRUE(paid) << paid.error().message;
  EXPECT_EQ(MessagesOf(accepted.conversation_id).back().text.find("no longer held"), std::string::npos);
  EXPECT_FALSE(MustGet(accepted.conversation_id).needs_human);
}

TEST_P(TurnTest, ExpiredOrCancelledLinksReleaseTheirHolds) {
  auto accepted = MustAccept("hi", "e1");
  for (auto status : {commerce::PaymentStatus::kExpired, commerce::PaymentStatus::kCancelled}) {
    auto done = OrderChanged("ord_9", accepted.conversation_id, status);
    ASSERT_TRUE(done) << done.error().message;
  }
  EXPECT_EQ(bookings_.released_orders, (std::vector<std::string>{"ord_9", "ord_9"}));
}

TEST_P(TurnTest, FreeServiceIsBookedAtOnceWithoutALink) {
  auto accepted = MustAccept("записаться", "e1");
  CheckOutNextTurn(commerce::Cart{.lines = {Haircut(0, kSlot)}}, "Ваша запись", "ru");
  EXPECT_TRUE(checkout_.requests.empty());
  ASSERT_EQ(bookings_.bookings.size(), 1u);
  EXPECT_EQ(bookings_.bookings[0].status, scheduling::BookingStatus::kConfirmed);
  EXPECT_EQ(bookings_.requests[0].order_id, "");
  auto replies = AssistantMessages(accepted.conversation_id);
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_NE(replies[1].text.find("Вы записаны:\nWomen's haircut, сб 28 ноября 2026, 15:00–16:00 (60 мин)"),
            std::string::npos)
      << replies[1].text;
  EXPECT_TRUE(replies[1].buttons.empty());
  auto conversation = MustGet(accepted.conversation_id);
  EXPECT_EQ(conversation.payment_status, "no_payment_link");
  EXPECT_TRUE(conversation.cart.empty());
}

TEST_P(TurnTest, TakenSlotSendsNoLinkAndOffersOtherTimes) {
  schedules_.enabled = true;
  bookings_.taken.insert(kSlot);
  auto accepted = MustAccept("book", "e1");
  CheckOutNextTurn(commerce::Cart{.lines = {Haircut(2'500, kSlot)}});
  EXPECT_EQ(checkout_.requests.size(), 1u);  // created, then rolled back with the failed hold
  auto replies = AssistantMessages(accepted.conversation_id);
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_NE(
      replies[1].text.find("Sorry, Sat 28 Nov, 15:00 for Women's haircut was just taken — here are other "
                           "times:"),
      std::string::npos)
      << replies[1].text;
  ASSERT_FALSE(replies[1].buttons.empty());
  for (const auto& button : replies[1].buttons) {
    EXPECT_EQ(button.title, button.payload);
    EXPECT_EQ(button.payload.find("http"), std::string::npos);
  }
  ASSERT_TRUE(replies[0].trace);
  EXPECT_EQ(replies[0].trace->back().at("step"), "booking");
  auto conversation = MustGet(accepted.conversation_id);
  EXPECT_EQ(conversation.payment_status, "no_payment_link");
  ASSERT_EQ(conversation.cart.lines.size(), 1u);
  EXPECT_FALSE(conversation.cart.lines[0].slot_starts_at);
  EXPECT_TRUE(conversation.cart.lines[0].slot_label.empty());
}

// Goods with a delivery window, address and zone, as an engine puts them in the cart.
commerce::Cart RosesDelivered(int64_t starts_at) {
  commerce::Cart cart;
  cart.lines.push_back({.item_id = "itm_roses",
                        .variant_id = "var_roses_m",
                        .name = "Red roses bouquet",
                        .unit_price_minor = 5'490,
                        .currency = "EUR",
                        .quantity_milli = 2'000});
  cart.delivery = commerce::CartDelivery{.starts_at = starts_at,
                                         .ends_at = starts_at + int64_t{4} * 3'600'000,
                                         .label = "Sat 28 Nov, 15:00\u201319:00",
                                         .address = "Berlin, Torstraße 1",
                                         .zone = "Mitte",
                                         .fee_minor = 590};
  return cart;
}

TEST_P(TurnTest, DeliveryWindowIsHeldWithTheOrderAndConfirmedOnPayment) {
  schedules_.enabled = true;
  auto accepted = MustAccept("checkout", "e1");
  CheckOutNextTurn(RosesDelivered(kSlot));
  ASSERT_EQ(checkout_.requests.size(), 1u);
  const auto& quote = checkout_.requests[0].quote;
  EXPECT_EQ(quote.subtotal_minor, 10'980);
  EXPECT_EQ(quote.delivery_minor, 590);  // the zone's fee, priced by X8
  EXPECT_EQ(quote.total_minor, 11'570);
  ASSERT_EQ(bookings_.requests.size(), 1u);
  const auto& hold = bookings_.requests[0];
  EXPECT_TRUE(hold.item_id.empty());  // a delivery
  EXPECT_EQ(hold.starts_at, kSlot);
  EXPECT_EQ(hold.order_id, "ord_1");
  EXPECT_EQ(hold.address, "Berlin, Torstraße 1");
  EXPECT_EQ(hold.zone, "Mitte");
  EXPECT_EQ(hold.conversation_id, accepted.conversation_id);
  EXPECT_EQ(bookings_.bookings.at(0).status, scheduling::BookingStatus::kPendingPayment);
  auto replies = AssistantMessages(accepted.conversation_id);
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[1].buttons.at(0).title, "Pay");
  EXPECT_NE(replies[1].text.find("€115.70"), std::string::npos) << replies[1].text;
  EXPECT_EQ(MustGet(accepted.conversation_id).cart.delivery, RosesDelivered(kSlot).delivery);

  auto paid = OrderChanged("ord_1", accepted.conversation_id, commerce::PaymentStatus::kPaid, quote);
  ASSERT_TRUE(paid) << paid.error().message;
  EXPECT_EQ(bookings_.bookings.at(0).status, scheduling::BookingStatus::kConfirmed);
  const std::string text = MessagesOf(accepted.conversation_id).back().text;
  EXPECT_NE(
      text.find("Your delivery is booked:\nDelivery, Sat 28 Nov 2026, 15:00\u201319:00. Address: Berlin, "
                "Torstraße 1."),
      std::string::npos)
      << text;
}

TEST_P(TurnTest, AnExpiredLinkReleasesTheDeliveryWindow) {
  schedules_.enabled = true;
  auto accepted = MustAccept("checkout", "e1");
  CheckOutNextTurn(RosesDelivered(kSlot), "Your order", "ru");
  ASSERT_EQ(bookings_.bookings.size(), 1u);
  auto expired = OrderChanged("ord_1", accepted.conversation_id, commerce::PaymentStatus::kExpired,
                              commerce::Quote{}, "ru");
  ASSERT_TRUE(expired) << expired.error().message;
  EXPECT_EQ(bookings_.released_orders, (std::vector<std::string>{"ord_1"}));
  EXPECT_EQ(bookings_.bookings.at(0).status, scheduling::BookingStatus::kCancelled);
}

TEST_P(TurnTest, TakenDeliveryWindowSendsNoLinkAndOffersTheZonesOtherWindows) {
  schedules_.enabled = true;
  schedules_.delivers = true;
  schedules_.zones = {{.name = "Mitte", .fee_minor = 590}};
  bookings_.taken.insert(kSlot);
  auto accepted = MustAccept("checkout", "e1");
  CheckOutNextTurn(RosesDelivered(kSlot));
  auto replies = AssistantMessages(accepted.conversation_id);
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_NE(replies[1].text.find("the delivery window Sat 28 Nov, 15:00\u201319:00 was just taken"),
            std::string::npos)
      << replies[1].text;
  EXPECT_NE(replies[1].text.find("Free windows:"), std::string::npos) << replies[1].text;
  ASSERT_FALSE(replies[1].buttons.empty());
  for (const auto& button : replies[1].buttons) {
    EXPECT_EQ(button.payload, button.title);
    EXPECT_NE(button.title, "Sat 28 Nov, 15:00\u201319:00");  // not the taken one
  }
  auto conversation = MustGet(accepted.conversation_id);
  EXPECT_EQ(conversation.payment_status, "no_payment_link");
  ASSERT_TRUE(conversation.cart.delivery);
  EXPECT_EQ(conversation.cart.delivery->starts_at, 0);                    // chosen again from the buttons
  EXPECT_EQ(conversation.cart.delivery->address, "Berlin, Torstraße 1");  // kept
}

TEST_P(TurnTest, TakenDeliveryWindowWithNothingElseFreeAsksForAnotherTime) {
  schedules_.enabled = true;  // no free windows to offer
  bookings_.taken.insert(kSlot);
  auto accepted = MustAccept("checkout", "e1");
  CheckOutNextTurn(RosesDelivered(kSlot), "Ваш заказ", "ru");
  auto replies = AssistantMessages(accepted.conversation_id);
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_NE(replies[1].text.find("только что заняли. Назовите другой день или время доставки."),
            std::string::npos)
      << replies[1].text;
  EXPECT_TRUE(replies[1].buttons.empty());
}

TEST_P(TurnTest, PaidAfterTheDeliveryWindowWasReleasedAsksAPersonForANewWindow) {
  auto accepted = MustAccept("привет", "e1");
  bookings_.bookings.push_back({.id = "bkg_late",
                                .kind = scheduling::BookingKind::kDelivery,
                                .status = scheduling::BookingStatus::kCancelled,
                                .order_id = "ord_late"});
  auto quote = commerce::QuoteOf(RosesDelivered(kSlot), "EUR").value();
  auto paid = OrderChanged("ord_late", accepted.conversation_id, commerce::PaymentStatus::kPaid, quote, "ru");
  ASSERT_TRUE(paid) << paid.error().message;
  const std::string text = MessagesOf(accepted.conversation_id).back().text;
  EXPECT_NE(text.find("Выбранное окно доставки уже освободилось"), std::string::npos) << text;
  EXPECT_TRUE(MustGet(accepted.conversation_id).needs_human);
}

X8_INSTANTIATE_ENGINE_TEST(TurnTest);

}  // namespace
}  // namespace x8::conversations
