// CheckoutService on SQLite and PostgreSQL: checkout rules, one live link per conversation, events
// applied exactly once by the job, the expiry sweep, cancel/refund transitions and tenancy.
#include "modules/commerce/domain/service.h"

#include <gtest/gtest.h>

#include "modules/commerce/testing/fixtures.h"

namespace x8::commerce {
namespace {

using testing::CommerceTest;

class CheckoutServiceTest : public CommerceTest {
 protected:
  Status ApplyInTx(std::string_view event_id) {
    return db().Transact([&](storage::Tx& tx) { return service_->ApplyEvent(tx, event_id); });
  }
  Result<int64_t> ExpireInTx() {
    return db().Transact<int64_t>([&](storage::Tx& tx) { return service_->ExpireLinks(tx); });
  }
  std::string OnlyEventId(std::string_view order_id) {
    auto events = repository_.EventsOf(db(), order_id).value();
    EXPECT_EQ(events.size(), 1u);
    return events.empty() ? std::string() : events[0].id;
  }
};

TEST_P(CheckoutServiceTest, CheckoutWritesTheOrderAndItsSandboxSession) {
  auto link = Checkout(Request(shop_)).value();
  EXPECT_TRUE(IsValidId(link.order_id, "ord"));
  EXPECT_EQ(link.expires_at_ms, clock_.NowMillis() + 3'600'000);
  EXPECT_EQ(link.quote.total_minor, 6990);
  auto order = Load(link.order_id);
  EXPECT_EQ(order.payment_status, PaymentStatus::kPaymentLinkSent);
  EXPECT_EQ(order.provider, "sandbox");
  EXPECT_TRUE(IsValidId(order.session_id, "cs_sandbox"));
  EXPECT_EQ(link.url, "https://shop.example/pay/sandbox/" + order.session_id);
  EXPECT_EQ(order.payment_url, link.url);
  EXPECT_EQ(order.customer_name, "Anna Petrova");
  EXPECT_EQ(order.quote.lines.size(), 2u);
  auto session = repository_.SessionOfOrder(db(), order.id).value().value();
  EXPECT_EQ(session.external_id, order.session_id);
  EXPECT_EQ(session.status, SessionStatus::kOpen);
  EXPECT_TRUE(observer_.events.empty());  // the caller knows it sent a link
}

TEST_P(CheckoutServiceTest, CheckoutRefusesEmptyZeroMixedAndTamperedQuotes) {
  auto empty = Request(shop_);
  empty.quote = QuoteOf(Cart{}, "EUR").value();
  EXPECT_EQ(Checkout(empty).error().details.at("field"), "quote");

  auto zero = Request(shop_);
  Cart free_cart;
  ASSERT_TRUE(
      AddToCart(free_cart, CartLine{.item_id = "i", .variant_id = "v", .name = "Gift", .currency = "EUR"}));
  zero.quote = QuoteOf(free_cart, "EUR").value();
  EXPECT_EQ(Checkout(zero).error().details.at("field"), "total_minor");

  auto mixed = Request(shop_);
  mixed.quote.lines[1].line.currency = "USD";
  EXPECT_EQ(Checkout(mixed).error().details.at("field"), "currency");

  auto tampered = Request(shop_);
  tampered.quote.total_minor = 1;
  EXPECT_EQ(Checkout(tampered).error().code, ErrorCode::kInvalidArgument);
  auto line = Request(shop_);
  line.quote.lines[0].total_minor -= 100;
  line.quote.subtotal_minor -= 100;
  line.quote.total_minor -= 100;
  EXPECT_EQ(Checkout(line).error().code, ErrorCode::kInvalidArgument);

  EXPECT_TRUE(repository_.List(db(), shop_.principal.tenant_id, shop_.company_id, {}).value().items.empty());
}

TEST_P(CheckoutServiceTest, ANewLinkCancelsTheConversationsLiveOne) {
  auto first = Checkout(Request(shop_, "conv_1")).value();
  auto elsewhere = Checkout(Request(shop_, "conv_2")).value();
  clock_.Advance(std::chrono::minutes(5));
  auto second = Checkout(Request(shop_, "conv_1")).value();
  EXPECT_NE(first.order_id, second.order_id);
  EXPECT_EQ(Load(first.order_id).payment_status, PaymentStatus::kCancelled);
  EXPECT_EQ(Load(first.order_id).cancelled_at, clock_.NowMillis());
  EXPECT_EQ(repository_.SessionOfOrder(db(), first.order_id).value()->status, SessionStatus::kCancelled);
  EXPECT_EQ(Load(second.order_id).payment_status, PaymentStatus::kPaymentLinkSent);
  EXPECT_EQ(Load(elsewhere.order_id).payment_status, PaymentStatus::kPaymentLinkSent);
  ASSERT_EQ(observer_.events.size(), 1u);
  EXPECT_EQ(observer_.events[0].order_id, first.order_id);
  EXPECT_EQ(observer_.events[0].status, PaymentStatus::kCancelled);
  EXPECT_EQ(observer_.events[0].conversation_id, "conv_1");
  // The replaced link cannot be paid any more.
  EXPECT_EQ(service_->SandboxAct(SessionIdOf(first.order_id), PaymentEventType::kCompleted).error().code,
            ErrorCode::kConflict);
}

TEST_P(CheckoutServiceTest, PayingOnTheSandboxEnqueuesTheEventAndTheJobAppliesItOnce) {
  auto link = Checkout(Request(shop_, "conv_1", "ru")).value();
  auto paid = service_->SandboxAct(SessionIdOf(link.order_id), PaymentEventType::kCompleted).value();
  EXPECT_EQ(paid.session.status, SessionStatus::kPaid);
  EXPECT_EQ(CountJobs(kApplyEventJob), 1);
  EXPECT_EQ(Load(link.order_id).payment_status, PaymentStatus::kPaymentLinkSent);  // not yet applied
  // A second pay before the job ran changes nothing.
  auto again = service_->SandboxAct(SessionIdOf(link.order_id), PaymentEventType::kCompleted);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().details.at("reason"), "paid");
  EXPECT_EQ(CountJobs(kApplyEventJob), 1);

  clock_.Advance(std::chrono::seconds(3));
  EXPECT_EQ(RunJobs(), 1);
  auto order = Load(link.order_id);
  EXPECT_EQ(order.payment_status, PaymentStatus::kPaid);
  EXPECT_EQ(order.paid_at, clock_.NowMillis());
  ASSERT_EQ(observer_.events.size(), 1u);
  EXPECT_EQ(observer_.events[0].status, PaymentStatus::kPaid);
  EXPECT_EQ(observer_.events[0].language, "ru");
  EXPECT_EQ(observer_.events[0].quote.total_minor, 6990);
  auto events = repository_.EventsOf(db(), link.order_id).value();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].provider, "sandbox");
  EXPECT_TRUE(IsValidId(events[0].external_id, "evt"));
  EXPECT_TRUE(events[0].applied_at);
  EXPECT_NE(events[0].payload.find("checkout.session.completed"), std::string::npos);

  // The handler run again (a redelivered job) is a no-op.
  ASSERT_TRUE(ApplyInTx(events[0].id));
  EXPECT_EQ(observer_.events.size(), 1u);
  EXPECT_EQ(Load(link.order_id).paid_at, order.paid_at);
}

TEST_P(CheckoutServiceTest, APaymentInFlightIsNeverCancelled) {
  auto link = Checkout(Request(shop_, "conv_1")).value();
  ASSERT_TRUE(service_->SandboxAct(SessionIdOf(link.order_id), PaymentEventType::kCompleted));
  // Before the job applied the payment: neither a new link nor the business may cancel the order.
  auto replaced = Checkout(Request(shop_, "conv_1"));
  ASSERT_FALSE(replaced);
  EXPECT_EQ(replaced.error().code, ErrorCode::kConflict);  // retryable: the conversation's turn runs again
  EXPECT_EQ(service_->Cancel(shop_.principal, link.order_id).error().details.at("reason"), "paid");
  EXPECT_EQ(RunJobs(), 1);
  EXPECT_EQ(Load(link.order_id).payment_status, PaymentStatus::kPaid);
  // After it, a new cart gets a new link and the paid order stays paid.
  auto next = Checkout(Request(shop_, "conv_1")).value();
  EXPECT_EQ(Load(link.order_id).payment_status, PaymentStatus::kPaid);
  EXPECT_EQ(Load(next.order_id).payment_status, PaymentStatus::kPaymentLinkSent);
}

TEST_P(CheckoutServiceTest, ADuplicateProviderEventIsStoredOnce) {
  auto link = Checkout(Request(shop_)).value();
  PaymentEvent event{.provider = "sandbox",
                     .external_id = "evt_same",
                     .order_id = link.order_id,
                     .type = PaymentEventType::kCompleted};
  auto first = db().Transact<std::string>([&](storage::Tx& tx) { return service_->RecordEvent(tx, event); });
  auto second = db().Transact<std::string>([&](storage::Tx& tx) { return service_->RecordEvent(tx, event); });
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(first->empty());
  EXPECT_TRUE(second->empty());
  EXPECT_EQ(CountJobs(kApplyEventJob), 1);
  EXPECT_EQ(RunJobs(), 1);
  EXPECT_EQ(Load(link.order_id).payment_status, PaymentStatus::kPaid);
  EXPECT_EQ(observer_.events.size(), 1u);
}

TEST_P(CheckoutServiceTest, AFailingObserverRollsTheEventBackForARetry) {
  auto link = Checkout(Request(shop_)).value();
  ASSERT_TRUE(service_->SandboxAct(SessionIdOf(link.order_id), PaymentEventType::kCompleted));
  const auto event_id = OnlyEventId(link.order_id);
  observer_.fail_next = true;
  EXPECT_FALSE(ApplyInTx(event_id));
  EXPECT_EQ(Load(link.order_id).payment_status, PaymentStatus::kPaymentLinkSent);
  EXPECT_FALSE(repository_.GetEvent(db(), event_id).value()->applied_at);
  ASSERT_TRUE(ApplyInTx(event_id));
  EXPECT_EQ(Load(link.order_id).payment_status, PaymentStatus::kPaid);
  EXPECT_EQ(observer_.events.size(), 1u);
  EXPECT_EQ(ApplyInTx("pev_unknown").error().code, ErrorCode::kNotFound);
}

TEST_P(CheckoutServiceTest, CancellingOnTheSandboxCancelsTheOrder) {
  auto link = Checkout(Request(shop_)).value();
  ASSERT_TRUE(service_->SandboxAct(SessionIdOf(link.order_id), PaymentEventType::kCancelled));
  EXPECT_EQ(service_->SandboxAct(SessionIdOf(link.order_id), PaymentEventType::kCompleted).error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(RunJobs(), 1);
  EXPECT_EQ(Load(link.order_id).payment_status, PaymentStatus::kCancelled);
  ASSERT_EQ(observer_.events.size(), 1u);
  EXPECT_EQ(observer_.events[0].status, PaymentStatus::kCancelled);
}

TEST_P(CheckoutServiceTest, UnknownSandboxSessionsAreNotFound) {
  EXPECT_EQ(service_->SandboxView("cs_sandbox_01JD3V9K2M8Q4T6X0YB5C7N2PA").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(service_->SandboxView("../etc").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->SandboxAct("nope", PaymentEventType::kCompleted).error().code, ErrorCode::kNotFound);
}

TEST_P(CheckoutServiceTest, TheSweepExpiresUnpaidLinksPastTheirTime) {
  auto old_link = Checkout(Request(shop_, "conv_1")).value();
  clock_.Advance(std::chrono::minutes(30));
  auto newer = Checkout(Request(shop_, "conv_2")).value();
  auto paying = Checkout(Request(shop_, "conv_3")).value();
  ASSERT_TRUE(service_->SandboxAct(SessionIdOf(paying.order_id), PaymentEventType::kCompleted));

  clock_.Advance(std::chrono::minutes(31));  // the first link is 61 min old, the others 31
  EXPECT_EQ(service_->SandboxAct(SessionIdOf(old_link.order_id), PaymentEventType::kCompleted).error().code,
            ErrorCode::kConflict);  // expired by the clock even before the sweep
  EXPECT_EQ(ExpireInTx().value(), 1);
  EXPECT_EQ(Load(old_link.order_id).payment_status, PaymentStatus::kExpired);
  EXPECT_EQ(repository_.SessionOfOrder(db(), old_link.order_id).value()->status, SessionStatus::kExpired);
  EXPECT_EQ(Load(newer.order_id).payment_status, PaymentStatus::kPaymentLinkSent);
  ASSERT_EQ(observer_.events.size(), 1u);
  EXPECT_EQ(observer_.events[0].status, PaymentStatus::kExpired);

  clock_.Advance(std::chrono::minutes(30));
  // Through the queue, as the scheduler runs it; the paid-on-the-page link is not expired.
  ASSERT_TRUE(queue_->Enqueue(jobs::JobSpec{.kind = std::string(kExpireLinksJob)}));
  EXPECT_EQ(RunJobs(), 2);  // the sweep and the pending apply_event
  EXPECT_EQ(Load(newer.order_id).payment_status, PaymentStatus::kExpired);
  EXPECT_EQ(Load(paying.order_id).payment_status, PaymentStatus::kPaid);
  EXPECT_EQ(ExpireInTx().value(), 0);
}

TEST_P(CheckoutServiceTest, CancelOnlyALiveLinkAndRefundOnlyAPaidOrder) {
  auto link = Checkout(Request(shop_)).value();
  auto refund_early = service_->Refund(shop_.principal, link.order_id);
  EXPECT_EQ(refund_early.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refund_early.error().details.at("field"), "payment_status");

  auto cancelled = service_->Cancel(shop_.principal, link.order_id).value();
  EXPECT_EQ(cancelled.payment_status, PaymentStatus::kCancelled);
  EXPECT_TRUE(cancelled.cancelled_at);
  EXPECT_EQ(service_->Cancel(shop_.principal, link.order_id).error().code, ErrorCode::kConflict);
  EXPECT_EQ(service_->SandboxAct(cancelled.session_id, PaymentEventType::kCompleted).error().code,
            ErrorCode::kConflict);

  auto second = Checkout(Request(shop_)).value();
  ASSERT_TRUE(service_->SandboxAct(SessionIdOf(second.order_id), PaymentEventType::kCompleted));
  RunJobs();
  EXPECT_EQ(service_->Cancel(shop_.principal, second.order_id).error().code, ErrorCode::kConflict);
  clock_.Advance(std::chrono::hours(2));
  auto refunded = service_->Refund(shop_.principal, second.order_id).value();
  EXPECT_EQ(refunded.payment_status, PaymentStatus::kRefunded);
  EXPECT_EQ(refunded.refunded_at, clock_.NowMillis());
  EXPECT_TRUE(refunded.paid_at);
  EXPECT_EQ(service_->Refund(shop_.principal, second.order_id).error().code, ErrorCode::kConflict);
  auto events = repository_.EventsOf(db(), second.order_id).value();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].type, PaymentEventType::kRefunded);
  EXPECT_TRUE(events[1].applied_at);

  ASSERT_EQ(observer_.events.size(), 3u);  // cancelled, paid, refunded
  EXPECT_EQ(observer_.events[0].status, PaymentStatus::kCancelled);
  EXPECT_EQ(observer_.events[1].status, PaymentStatus::kPaid);
  EXPECT_EQ(observer_.events[2].status, PaymentStatus::kRefunded);
}

TEST_P(CheckoutServiceTest, AnotherTenantGetsNotFound) {
  auto link = Checkout(Request(shop_)).value();
  EXPECT_TRUE(service_->Get(shop_.principal, link.order_id));
  EXPECT_EQ(service_->Get(other_.principal, link.order_id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Cancel(other_.principal, link.order_id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Refund(other_.principal, link.order_id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->List(other_.principal, shop_.company_id, {}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Get(shop_.principal, "ord_nonsense").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Load(link.order_id).payment_status, PaymentStatus::kPaymentLinkSent);
  auto own = service_->List(shop_.principal, shop_.company_id, {}).value();
  ASSERT_EQ(own.items.size(), 1u);
  EXPECT_TRUE(service_->List(other_.principal, other_.company_id, {}).value().items.empty());
}

X8_INSTANTIATE_ENGINE_TEST(CheckoutServiceTest);

}  // namespace
}  // namespace x8::commerce
