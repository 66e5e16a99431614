// Test fixtures for commerce: a migrated database on each engine, two tenants with a company each, the
// service wired with the sandbox provider, a recording observer and fakes of the ports the application
// implements (CompanyAccess, MerchantDirectory) over the companies table.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "modules/accounts/domain/access.h"
#include "modules/commerce/domain/sandbox_provider.h"
#include "modules/commerce/domain/service.h"
#include "modules/commerce/store/sql_order_repository.h"
#include "modules/companies/testing/fixtures.h"
#include "platform/jobs/queue.h"
#include "platform/jobs/worker.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::commerce::testing {

class EveryAccountExists final : public accounts::AccountDirectory {
 public:
  Result<std::optional<std::string>> ManagerOf(std::string_view) override {
    return std::optional<std::string>("");
  }
};

class CompaniesTableAccess final : public CompanyAccess {
 public:
  CompaniesTableAccess(storage::Database& db, const accounts::AccessPolicy& policy)
      : db_(db), policy_(policy) {}
  Result<std::string> AccountOf(const http::Principal& principal, std::string_view company_id) override {
    X8_TRY(auto rows, db_.Query("SELECT account_id FROM companies WHERE id = ? AND deleted_at IS NULL",
                                {std::string(company_id)}));
    if (rows.empty()) return NotFound("no such company");
    std::string account_id = rows[0].Text("account_id");
    X8_TRY_STATUS(policy_.CanAccess(principal, account_id));
    return account_id;
  }

 private:
  storage::Database& db_;
  const accounts::AccessPolicy& policy_;
};

class CompaniesTableMerchants final : public MerchantDirectory {
 public:
  explicit CompaniesTableMerchants(storage::Database& db) : db_(db) {}
  Result<std::string> NameOf(std::string_view company_id) override {
    X8_TRY(auto rows, db_.Query("SELECT name FROM companies WHERE id = ?", {std::string(company_id)}));
    if (rows.empty()) return NotFound("no such company");
    return rows[0].Text("name");
  }

 private:
  storage::Database& db_;
};

class RecordingObserver final : public PaymentObserver {
 public:
  Status PaymentStatusChanged(storage::Tx& tx, const OrderEvent& event) override {
    // Proves it runs inside the transaction that moved the order: the new status is visible in `tx`.
    X8_TRY(auto rows, tx.Query("SELECT payment_status FROM orders WHERE id = ?", {event.order_id}));
    if (rows.empty() || rows[0].Text("payment_status") != ToString(event.status)) {
      return Internal("the observer does not see the change");
    }
    if (fail_next) {
      fail_next = false;
      return Unavailable("the observer failed");
    }
    events.push_back(event);
    return Ok();
  }
  std::vector<OrderEvent> events;
  bool fail_next = false;
};

struct Tenant {
  http::Principal principal;
  std::string company_id;
};

inline Tenant InsertTenant(storage::Database& db, std::string company_name) {
  static int64_t seq = 0;
  Tenant tenant{.principal = companies::testing::InsertClient(db)};
  tenant.company_id = NewId("cmp");
  ++seq;
  auto inserted = db.Exec(
      "INSERT INTO companies (id, seq, code, account_id, name, search_text, type, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, 'PRODUCT', 0, 0)",
      {tenant.company_id, seq, "COMP" + std::to_string(seq), tenant.principal.tenant_id, company_name,
       company_name});
  EXPECT_TRUE(inserted) << inserted.error().message;
  return tenant;
}

inline Quote SampleQuote(const std::string& currency = "EUR") {
  Cart cart;
  EXPECT_TRUE(AddToCart(cart, CartLine{.item_id = "itm_roses",
                                       .variant_id = "var_roses_red",
                                       .name = "Red roses",
                                       .variant_label = "25 stems",
                                       .unit_price_minor = 2745,
                                       .currency = currency,
                                       .quantity_milli = 2 * kMilli}));
  EXPECT_TRUE(AddToCart(cart, CartLine{.item_id = "itm_tulips",
                                       .variant_id = "var_tulips",
                                       .name = "Tulips <b>&",
                                       .unit = "kg",
                                       .unit_price_minor = 1000,
                                       .currency = currency,
                                       .quantity_milli = 1500}));
  return QuoteOf(cart, currency).value();  // 54.90 + 15.00 = 69.90
}

class CommerceTest : public storage::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(storage::Migrate(db()));
    queue_ = std::make_unique<jobs::Queue>(db(), clock_);
    access_ = std::make_unique<CompaniesTableAccess>(db(), policy_);
    merchants_ = std::make_unique<CompaniesTableMerchants>(db());
    service_ =
        std::make_shared<CheckoutService>(db(), repository_, provider_, *queue_, clock_, policy_, *access_,
                                          CheckoutOptions{.link_ttl_ms = int64_t{60} * 60'000});
    service_->SetObserver(&observer_);
    worker_ = std::make_unique<jobs::Worker>(db(), clock_);
    worker_->Register(std::string(kApplyEventJob), [this](const jobs::Job& job, storage::Tx& tx) -> Status {
      auto payload = boost::json::parse(job.payload).as_object();
      return service_->ApplyEvent(tx, std::string(payload.at("event_id").as_string()));
    });
    worker_->Register(std::string(kExpireLinksJob), [this](const jobs::Job&, storage::Tx& tx) -> Status {
      X8_TRY_STATUS(service_->ExpireLinks(tx));
      return Ok();
    });
    shop_ = InsertTenant(db(), "Flowers & Co");
    other_ = InsertTenant(db(), "Other shop");
  }

  CheckoutRequest Request(const Tenant& tenant, std::string conversation_id = "conv_1",
                          std::string language = "en") {
    return CheckoutRequest{.account_id = tenant.principal.tenant_id,
                           .company_id = tenant.company_id,
                           .conversation_id = std::move(conversation_id),
                           .contact_id = "ctc_1",
                           .customer_name = "Anna Petrova",
                           .language = std::move(language),
                           .quote = SampleQuote()};
  }

  Result<CheckoutLink> Checkout(const CheckoutRequest& request) {
    return db().Transact<CheckoutLink>(
        [&](storage::Tx& tx) -> Result<CheckoutLink> { return service_->CreateCheckout(tx, request); });
  }

  Order Load(std::string_view order_id) { return repository_.GetUnscoped(db(), order_id).value().value(); }
  std::string SessionIdOf(std::string_view order_id) { return Load(order_id).session_id; }

  int64_t CountJobs(std::string_view kind) {
    auto rows = db().Query("SELECT COUNT(*) AS n FROM jobs WHERE kind = ?", {std::string(kind)});
    return rows ? rows->rows[0].Int("n") : -1;
  }
  // Runs due jobs until none is left; returns how many ran.
  int RunJobs() {
    int ran = 0;
    while (true) {
      auto once = worker_->RunOnce();
      EXPECT_TRUE(once) << once.error().message;
      if (!once || !*once) return ran;
      ++ran;
    }
  }

  FakeClock clock_;
  EveryAccountExists directory_;
  accounts::AccessPolicy policy_{directory_};
  SqlOrderRepository repository_;
  SandboxProvider provider_{"https://shop.example/"};
  RecordingObserver observer_;
  std::unique_ptr<jobs::Queue> queue_;
  std::unique_ptr<CompaniesTableAccess> access_;
  std::unique_ptr<CompaniesTableMerchants> merchants_;
  std::shared_ptr<CheckoutService> service_;
  std::unique_ptr<jobs::Worker> worker_;
  Tenant shop_;
  Tenant other_;
};

}  // namespace x8::commerce::testing
