// SqlOrderRepository on SQLite and PostgreSQL: rows round-trip, tenant scoping, compare-and-set
// transitions, the payments log's filters and pages, one live link per conversation, event dedupe.
#include "modules/commerce/store/sql_order_repository.h"

#include <gtest/gtest.h>

#include "modules/commerce/testing/fixtures.h"

namespace x8::commerce {
namespace {

using testing::CommerceTest;

class SqlOrderRepositoryTest : public CommerceTest {
 protected:
  Order Make(const testing::Tenant& tenant, std::string conversation_id, std::string customer,
             PaymentStatus status = PaymentStatus::kPaymentLinkSent, int64_t at = 1'767'225'600'000) {
    Order order;
    order.id = NewId("ord", at);
    order.account_id = tenant.principal.tenant_id;
    order.company_id = tenant.company_id;
    order.conversation_id = std::move(conversation_id);
    order.contact_id = "ctc_1";
    order.customer_name = std::move(customer);
    order.payment_status = status;
    order.quote = testing::SampleQuote();
    order.provider = "sandbox";
    order.session_id = NewId("cs_sandbox", at);
    order.payment_url = "https://shop.example/pay/sandbox/" + order.session_id;
    order.expires_at = at + 3'600'000;
    order.language = "en";
    order.created_at = at;
    order.updated_at = at;
    EXPECT_TRUE(repository_.Insert(db(), order));
    EXPECT_TRUE(repository_.InsertSession(db(), PaymentSession{.id = NewId("ps", at),
                                                               .order_id = order.id,
                                                               .provider = "sandbox",
                                                               .external_id = order.session_id,
                                                               .url = order.payment_url,
                                                               .expires_at = order.expires_at,
                                                               .created_at = at,
                                                               .updated_at = at}));
    return order;
  }
};

TEST_P(SqlOrderRepositoryTest, OrderRoundTripsWithItsFrozenQuote) {
  auto order = Make(shop_, "conv_a", "Anna");
  auto loaded = repository_.Get(db(), shop_.principal.tenant_id, order.id).value().value();
  EXPECT_EQ(loaded.customer_name, "Anna");
  EXPECT_EQ(loaded.payment_status, PaymentStatus::kPaymentLinkSent);
  EXPECT_EQ(loaded.quote.total_minor, 6990);
  EXPECT_EQ(loaded.quote.currency, "EUR");
  ASSERT_EQ(loaded.quote.lines.size(), 2u);
  EXPECT_EQ(loaded.quote.lines[1].line.quantity_milli, 1500);
  EXPECT_EQ(loaded.quote.lines[1].total_minor, 1500);
  EXPECT_EQ(loaded.session_id, order.session_id);
  EXPECT_FALSE(loaded.paid_at);
  auto session = repository_.FindSession(db(), "sandbox", order.session_id).value().value();
  EXPECT_EQ(session.order_id, order.id);
  EXPECT_EQ(session.status, SessionStatus::kOpen);
}

TEST_P(SqlOrderRepositoryTest, AnotherTenantsOrderIsNotFound) {
  auto order = Make(shop_, "conv_a", "Anna");
  EXPECT_FALSE(repository_.Get(db(), other_.principal.tenant_id, order.id).value());
  EXPECT_TRUE(repository_.List(db(), other_.principal.tenant_id, shop_.company_id, {}).value().items.empty());
  EXPECT_FALSE(repository_.FindLive(db(), other_.principal.tenant_id, "conv_a").value());
  EXPECT_TRUE(repository_.FindLive(db(), shop_.principal.tenant_id, "conv_a").value());
}

TEST_P(SqlOrderRepositoryTest, TransitionIsACompareAndSetThatStampsTheTime) {
  auto order = Make(shop_, "conv_a", "Anna");
  EXPECT_TRUE(
      repository_.Transition(db(), order.id, PaymentStatus::kPaymentLinkSent, PaymentStatus::kPaid, 42)
          .value());
  EXPECT_FALSE(
      repository_.Transition(db(), order.id, PaymentStatus::kPaymentLinkSent, PaymentStatus::kCancelled, 43)
          .value());
  auto loaded = Load(order.id);
  EXPECT_EQ(loaded.payment_status, PaymentStatus::kPaid);
  EXPECT_EQ(loaded.paid_at, 42);
  EXPECT_FALSE(loaded.cancelled_at);
  EXPECT_EQ(loaded.updated_at, 42);
}

TEST_P(SqlOrderRepositoryTest, OneLiveLinkPerConversation) {
  auto first = Make(shop_, "conv_a", "Anna");
  Order second = first;
  second.id = NewId("ord");
  second.session_id = NewId("cs_sandbox");
  auto duplicate = repository_.Insert(db(), second);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(
      repository_.Transition(db(), first.id, PaymentStatus::kPaymentLinkSent, PaymentStatus::kCancelled, 1));
  EXPECT_TRUE(repository_.Insert(db(), second));
}

TEST_P(SqlOrderRepositoryTest, ListsNewestFirstWithFiltersAndPages) {
  const int64_t t0 = 1'767'225'600'000;
  auto anna = Make(shop_, "conv_a", "Анна Ёлкина", PaymentStatus::kPaymentLinkSent, t0);
  auto bob = Make(shop_, "conv_b", "Bob", PaymentStatus::kPaymentLinkSent, t0 + 1000);
  auto carl = Make(shop_, "conv_c", "Carl 100%", PaymentStatus::kPaymentLinkSent, t0 + 2000);
  Make(other_, "conv_x", "Bob", PaymentStatus::kPaymentLinkSent, t0 + 3000);
  ASSERT_TRUE(
      repository_.Transition(db(), bob.id, PaymentStatus::kPaymentLinkSent, PaymentStatus::kPaid, t0 + 5));

  const auto& account = shop_.principal.tenant_id;
  auto all = repository_.List(db(), account, shop_.company_id, {.limit = 2}).value();
  ASSERT_EQ(all.items.size(), 2u);
  EXPECT_EQ(all.items[0].id, carl.id);
  EXPECT_EQ(all.items[1].id, bob.id);
  ASSERT_TRUE(all.next_cursor);
  auto rest =
      repository_.List(db(), account, shop_.company_id, {.cursor = all.next_cursor, .limit = 2}).value();
  ASSERT_EQ(rest.items.size(), 1u);
  EXPECT_EQ(rest.items[0].id, anna.id);
  EXPECT_FALSE(rest.next_cursor);

  auto paid =
      repository_.List(db(), account, shop_.company_id, {.payment_status = PaymentStatus::kPaid}).value();
  ASSERT_EQ(paid.items.size(), 1u);
  EXPECT_EQ(paid.items[0].id, bob.id);

  auto by_name = repository_.List(db(), account, shop_.company_id, {.q = "ЕЛКИН"}).value();
  ASSERT_EQ(by_name.items.size(), 1u);
  EXPECT_EQ(by_name.items[0].id, anna.id);
  auto by_id = repository_.List(db(), account, shop_.company_id, {.q = carl.id}).value();
  ASSERT_EQ(by_id.items.size(), 1u);
  EXPECT_EQ(by_id.items[0].id, carl.id);
  auto wildcard = repository_.List(db(), account, shop_.company_id, {.q = "%"}).value();
  ASSERT_EQ(wildcard.items.size(), 1u);
  EXPECT_EQ(wildcard.items[0].id, carl.id);
}

// The payments log's ?q= folds Unicode case on both engines (x8_fold on SQLite, whose LOWER() is ASCII-only).
TEST_P(SqlOrderRepositoryTest, SearchFoldsUnicodeCaseAndTakesWildcardsLiterally) {
  const int64_t t0 = 1'767'225'600'000;
  auto olga = Make(shop_, "conv_o", "Ольга Petrova", PaymentStatus::kPaymentLinkSent, t0);
  auto emile = Make(shop_, "conv_e", "Émile Größe", PaymentStatus::kPaymentLinkSent, t0 + 1000);
  auto zoe = Make(shop_, "conv_z", "ZOË 50%_off", PaymentStatus::kPaymentLinkSent, t0 + 2000);
  using Ids = std::vector<std::string>;
  auto search = [&](const std::string& q) {
    Ids ids;
    for (const auto& order :
         repository_.List(db(), shop_.principal.tenant_id, shop_.company_id, {.q = q}).value().items) {
      ids.push_back(order.id);
    }
    return ids;
  };
  for (const char* q : {"Ольга", "ольга", "ОЛЬГА", "ОЛЬГА PETROVA"}) EXPECT_EQ(search(q), Ids{olga.id}) << q;
  for (const char* q : {"Émile", "émile", "ÉMILE"}) EXPECT_EQ(search(q), Ids{emile.id}) << q;
  EXPECT_EQ(search("größe"), Ids{emile.id});
  EXPECT_EQ(search("zoë"), Ids{zoe.id});
  EXPECT_EQ(search("Zoë"), Ids{zoe.id});
  EXPECT_EQ(search("50%_OFF"), Ids{zoe.id});
  EXPECT_TRUE(search("50%off").empty()) << "% is not a wildcard";
  EXPECT_TRUE(search("zo_").empty()) << "_ is not a wildcard";
  EXPECT_TRUE(search("\\").empty());
}

TEST_P(SqlOrderRepositoryTest, ExpiringListsOnlyLiveLinksWithOpenSessionsPastTheirTime) {
  const int64_t t0 = 1'767'225'600'000;
  auto due = Make(shop_, "conv_a", "Anna", PaymentStatus::kPaymentLinkSent, t0);
  auto later = Make(shop_, "conv_b", "Bob", PaymentStatus::kPaymentLinkSent, t0 + 600'000);
  auto paying = Make(shop_, "conv_c", "Carl", PaymentStatus::kPaymentLinkSent, t0);
  auto session = repository_.SessionOfOrder(db(), paying.id).value().value();
  ASSERT_TRUE(repository_.CloseSession(db(), session.id, SessionStatus::kPaid, t0 + 1).value());
  EXPECT_FALSE(repository_.CloseSession(db(), session.id, SessionStatus::kExpired, t0 + 2).value());

  auto expiring = repository_.ListExpiring(db(), t0 + 3'600'000, 10).value();
  ASSERT_EQ(expiring.size(), 1u);
  EXPECT_EQ(expiring[0].id, due.id);
  EXPECT_EQ(repository_.ListExpiring(db(), t0 + 4'200'000, 10).value().size(), 2u);
  (void)later;
}

TEST_P(SqlOrderRepositoryTest, EventsAreStoredOnceAndAppliedOnce) {
  auto order = Make(shop_, "conv_a", "Anna");
  PaymentEvent event{.id = NewId("pev"),
                     .provider = "sandbox",
                     .external_id = "evt_1",
                     .order_id = order.id,
                     .type = PaymentEventType::kCompleted,
                     .payload = R"({"id":"evt_1"})",
                     .created_at = 5};
  ASSERT_TRUE(db().Transact([&](storage::Tx& tx) -> Status {
    X8_TRY(bool first, repository_.InsertEvent(tx, event));
    EXPECT_TRUE(first);
    PaymentEvent again = event;
    again.id = NewId("pev");
    X8_TRY(bool second, repository_.InsertEvent(tx, again));  // same (provider, external_id)
    EXPECT_FALSE(second);
    // The transaction is still usable after the duplicate (PostgreSQL aborts on a raised conflict).
    X8_TRY(auto stored, repository_.GetEvent(tx, event.id));
    EXPECT_TRUE(stored);
    return Ok();
  }));
  EXPECT_TRUE(repository_.MarkEventApplied(db(), event.id, 7).value());
  EXPECT_FALSE(repository_.MarkEventApplied(db(), event.id, 8).value());
  auto events = repository_.EventsOf(db(), order.id).value();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, PaymentEventType::kCompleted);
  EXPECT_EQ(events[0].applied_at, 7);
  EXPECT_EQ(events[0].payload, R"({"id":"evt_1"})");
}

X8_INSTANTIATE_ENGINE_TEST(SqlOrderRepositoryTest);

}  // namespace
}  // namespace x8::commerce
