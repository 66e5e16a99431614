// The whole path with the real guided engine, the flower shop catalogue and the real commerce module
// (orders, sandbox provider, payment events): a customer buys two bouquets, pays, and the
// conversation ends paid. SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "modules/assistant/domain/guided_engine.h"
#include "modules/assistant/testing/indexed_catalogue.h"
#include "modules/commerce/module.h"
#include "modules/conversations/testing/fixture.h"

namespace x8::conversations {
namespace {

using testing::ConversationsTest;

class FlowerShopCatalogues final : public CatalogueProvider {
 public:
  std::unique_ptr<assistant::Catalogue> For(const assistant::CompanyProfile&) override {
    return std::make_unique<assistant::testing::IndexedCatalogue>(assistant::testing::FlowerShopCatalogue());
  }
};

class Merchants final : public commerce::MerchantDirectory, public commerce::CompanyAccess {
 public:
  explicit Merchants(CompanyDirectory& companies, const accounts::AccessPolicy& access)
      : companies_(companies), access_(access) {}
  Result<std::string> NameOf(std::string_view company_id) override {
    X8_TRY(auto company, companies_.Find(company_id));
    return company.profile.name;
  }
  Result<std::string> AccountOf(const http::Principal& principal, std::string_view company_id) override {
    X8_TRY(auto company, companies_.Find(company_id));
    X8_TRY_STATUS(access_.CanAccess(principal, company.account_id));
    return company.account_id;
  }

 private:
  CompanyDirectory& companies_;
  const accounts::AccessPolicy& access_;
};

class FlowTest : public ConversationsTest {
 protected:
  void SetUp() override {
    ConversationsTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Orders reference real account and company rows.
    const int64_t now = clock_.NowMillis();
    ASSERT_TRUE(db().Exec("INSERT INTO accounts (id, owner_user_id, created_at) VALUES (?, ?, ?)",
                          {account_id_, owner_.user_id, now}));
    ASSERT_TRUE(
        db().Exec("INSERT INTO users (id, email, role, account_id, created_at, updated_at) "
                  "VALUES (?, ?, 'CLIENT', ?, ?, ?)",
                  {owner_.user_id, std::string("owner@example.test"), account_id_, now, now}));
    ASSERT_TRUE(
        db().Exec("INSERT INTO companies (id, seq, code, account_id, name, search_text, type, status, "
                  "timezone, currency, created_at, updated_at) VALUES (?, 1, 'COMP001', ?, 'Flowers', "
                  "'flowers comp001', 'PRODUCT', 'ACTIVE', 'UTC', 'EUR', ?, ?)",
                  {company_id_, account_id_, now, now}));
    merchants_ = std::make_unique<Merchants>(companies_, *access_);
    flow_worker_ = std::make_unique<jobs::Worker>(db(), clock_, jobs::WorkerOptions{.worker_id = "flow"});
    flow_scheduler_ = std::make_unique<jobs::Scheduler>(db(), clock_);
    commerce_ = commerce::Register(commerce::Dependencies{.router = flow_router_,
                                                          .db = db(),
                                                          .queue = *queue_,
                                                          .worker = *flow_worker_,
                                                          .scheduler = *flow_scheduler_,
                                                          .clock = clock_,
                                                          .access = *access_,
                                                          .public_url = "http://x8.test",
                                                          .companies = *merchants_,
                                                          .merchants = *merchants_});
    module_ = Register(Dependencies{.router = flow_router_,
                                    .db = db(),
                                    .queue = *queue_,
                                    .worker = *flow_worker_,
                                    .scheduler = *flow_scheduler_,
                                    .clock = clock_,
                                    .access = *access_,
                                    .hub = hub_,
                                    .config = config_,
                                    .companies = companies_,
                                    .catalogues = flower_shop_,
                                    .engines = {{"guided", guided_engine_.get()}},
                                    .checkout = commerce_.checkout.get()});
    commerce_.service->SetObserver(module_.payment_observer.get());
    module_.senders->Register(sender_);
  }

  // The customer writes; the buffer elapses; every due job runs (turn, deliveries).
  void Say(const std::string& text) {
    auto accepted = module_.ingest->Accept(InboundMessage{.channel_id = channel_.id,
                                                          .external_id = "m" + std::to_string(++sent_),
                                                          .contact_external_id = "visitor-7",
                                                          .contact_name = "Olga",
                                                          .text = text});
    ASSERT_TRUE(accepted) << accepted.error().message;
    conversation_id_ = accepted->conversation_id;
    clock_.Advance(Millis(3'000));
    RunAll();
  }
  void RunAll() {
    for (;;) {
      auto ran = flow_worker_->RunOnce();
      ASSERT_TRUE(ran) << ran.error().message;
      if (!*ran) return;
    }
  }
  Message LastMessage() { return MessagesOf(conversation_id_).back(); }

  // A second wiring beside the fixture's fakes: its own router, worker and scheduler.
  std::unique_ptr<jobs::Worker> flow_worker_;
  std::unique_ptr<jobs::Scheduler> flow_scheduler_;
  http::Router flow_router_;
  std::unique_ptr<assistant::Engine> guided_engine_ = assistant::MakeGuidedEngine();
  FlowerShopCatalogues flower_shop_;
  std::unique_ptr<Merchants> merchants_;
  commerce::Registered commerce_;
  Registered module_;
  std::string conversation_id_;
  int sent_ = 0;
};

TEST_P(FlowTest, CustomerBuysTwoBouquetsAndPays) {
  Say("I want 2 red roses bouquets size M");
  auto conversation = MustGet(conversation_id_);
  ASSERT_EQ(conversation.cart.lines.size(), 1u) << LastMessage().text;
  EXPECT_EQ(conversation.cart.lines[0].quantity_milli, 2'000);
  EXPECT_EQ(conversation.outcome, "cart");
  EXPECT_NE(LastMessage().text.find("€109.80"), std::string::npos) << LastMessage().text;

  Say("checkout");
  conversation = MustGet(conversation_id_);
  EXPECT_EQ(conversation.payment_status, "payment_link_sent");
  EXPECT_EQ(conversation.outcome, "link_sent");
  auto link = LastMessage();
  ASSERT_EQ(link.buttons.size(), 1u) << link.text;
  const std::string url = link.buttons[0].payload;
  ASSERT_TRUE(url.starts_with("http://x8.test/pay/sandbox/")) << url;
  EXPECT_EQ(link.status, "sent");

  auto paid =
      commerce_.service->SandboxAct(url.substr(url.rfind('/') + 1), commerce::PaymentEventType::kCompleted);
  ASSERT_TRUE(paid) << paid.error().message;
  RunAll();  // payments.apply_event → the observer → the thank-you's delivery
  conversation = MustGet(conversation_id_);
  EXPECT_EQ(conversation.payment_status, "paid");
  EXPECT_EQ(conversation.outcome, "paid");
  auto thanks = LastMessage();
  EXPECT_NE(thanks.text.find("€109.80"), std::string::npos) << thanks.text;
  EXPECT_EQ(thanks.status, "sent");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM jobs WHERE state = 'dead'"), 0);
}

X8_INSTANTIATE_ENGINE_TEST(FlowTest);

}  // namespace
}  // namespace x8::conversations
