// Test fixtures for scheduling: a migrated database on each engine, two tenants with a company each
// (Europe/Berlin), the service wired with fakes of the ports the application implements
// (CompanyDirectory over the companies table, ServiceDirectory over a map), a recording observer and
// settable busy times.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "modules/accounts/domain/access.h"
#include "modules/companies/testing/fixtures.h"
#include "modules/scheduling/domain/service.h"
#include "modules/scheduling/store/sql_scheduling_repository.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::scheduling::testing {

class EveryAccountExists final : public accounts::AccountDirectory {
 public:
  Result<std::optional<std::string>> ManagerOf(std::string_view) override {
    return std::optional<std::string>("");
  }
};

// Rows are cached after the first read: the racing tests hold every pooled connection in their own
// transactions, and the application's directory does not share the caller's pool budget either.
class CompaniesTable final : public CompanyDirectory {
 public:
  explicit CompaniesTable(storage::Database& db) : db_(db) {}
  Result<CompanyInfo> Find(std::string_view company_id) override {
    {
      std::lock_guard lock(mutex_);
      if (auto it = cache_.find(std::string(company_id)); it != cache_.end()) return it->second;
    }
    X8_TRY(auto info, Read(company_id));
    std::lock_guard lock(mutex_);
    cache_[info.id] = info;
    return info;
  }

 private:
  Result<CompanyInfo> Read(std::string_view company_id) {
    X8_TRY(auto rows,
           db_.Query("SELECT id, account_id, name, type, timezone, currency FROM companies WHERE id = ? "
                     "AND deleted_at IS NULL",
                     {std::string(company_id)}));
    if (rows.empty()) return NotFound("no such company");
    return CompanyInfo{.id = rows[0].Text("id"),
                       .account_id = rows[0].Text("account_id"),
                       .name = rows[0].Text("name"),
                       .type = rows[0].Text("type"),
                       .timezone = rows[0].Text("timezone"),
                       .currency = rows[0].Text("currency")};
  }

  storage::Database& db_;
  std::mutex mutex_;
  std::map<std::string, CompanyInfo> cache_;
};

class FakeServices final : public ServiceDirectory {
 public:
  void Add(const std::string& company_id, ServiceInfo info) {
    std::lock_guard lock(mutex_);
    services_[company_id + "/" + info.item_id] = std::move(info);
  }
  void AddProduct(const std::string& company_id, const std::string& item_id) {
    std::lock_guard lock(mutex_);
    products_.push_back(company_id + "/" + item_id);
  }
  Result<ServiceInfo> Find(std::string_view company_id, std::string_view item_id) override {
    std::lock_guard lock(mutex_);
    const std::string key = std::string(company_id) + "/" + std::string(item_id);
    if (std::find(products_.begin(), products_.end(), key) != products_.end()) {
      return InvalidArgument("not a service");
    }
    auto it = services_.find(key);
    if (it == services_.end()) return NotFound("no such item");
    return it->second;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, ServiceInfo> services_;
  std::vector<std::string> products_;
};

class RecordingObserver final : public BookingObserver {
 public:
  Status BookingChanged(storage::Tx& tx, const Booking& booking) override {
    // Runs inside the transaction that changed the booking: the new status is visible in `tx`.
    X8_TRY(auto rows, tx.Query("SELECT status FROM bookings WHERE id = ?", {booking.id}));
    if (rows.empty() || rows[0].Text("status") != ToString(booking.status)) {
      return Internal("the observer does not see the change");
    }
    std::lock_guard lock(mutex);
    changes.push_back(booking);
    return Ok();
  }
  std::mutex mutex;
  std::vector<Booking> changes;
};

class FixedBusyTimes final : public BusyTimes {
 public:
  Result<std::vector<BusyRange>> Busy(std::string_view, int64_t, int64_t) override {
    if (fail) return Unavailable("google is down");
    return ranges;
  }
  std::vector<BusyRange> ranges;
  bool fail = false;
};

struct Tenant {
  http::Principal principal;
  std::string company_id;
};

inline Tenant InsertTenant(storage::Database& db, const std::string& name, const std::string& timezone) {
  static std::atomic<int64_t> seq{1000};
  Tenant tenant{.principal = companies::testing::InsertClient(db)};
  tenant.company_id = NewId("cmp");
  const int64_t n = ++seq;
  auto inserted = db.Exec(
      "INSERT INTO companies (id, seq, code, account_id, name, search_text, type, timezone, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, 'SERVICE', ?, 0, 0)",
      {tenant.company_id, n, "COMP" + std::to_string(n), tenant.principal.tenant_id, name, name, timezone});
  EXPECT_TRUE(inserted) << inserted.error().message;
  return tenant;
}

// 2026-01-05 is a Monday; Berlin is UTC+1 in January.
inline constexpr int64_t kMonday0900Utc = 1'767'603'600'000;  // 2026-01-05T09:00:00Z = 10:00 Berlin
inline constexpr int64_t kMinuteMs = 60'000;
inline constexpr int64_t kHourMs = 60 * kMinuteMs;

class SchedulingTest : public storage::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(storage::Migrate(db()));
    companies_ = std::make_unique<CompaniesTable>(db());
    service_ =
        std::make_shared<SchedulingService>(db(), repository_, *companies_, services_, clock_, policy_);
    service_->SetObserver(&observer_);
    salon_ = InsertTenant(db(), "Salon", "Europe/Berlin");
    other_ = InsertTenant(db(), "Other", "Europe/Berlin");
    ASSERT_TRUE(companies_->Find(salon_.company_id));
    ASSERT_TRUE(companies_->Find(other_.company_id));
    services_.Add(salon_.company_id, ServiceInfo{.item_id = "itm_cut",
                                                 .title = "Women's haircut",
                                                 .duration_min = 60,
                                                 .format = "offline",
                                                 .location = "Main St 1",
                                                 .price_minor = 4500,
                                                 .currency = "EUR"});
    services_.Add(salon_.company_id, ServiceInfo{.item_id = "itm_yoga",
                                                 .title = "Group yoga",
                                                 .duration_min = 30,
                                                 .format = "online",
                                                 .location = "https://meet.example/yoga",
                                                 .price_minor = 0,
                                                 .currency = "EUR",
                                                 .capacity = 3});
    services_.AddProduct(salon_.company_id, "itm_shampoo");
    services_.Add(other_.company_id,
                  ServiceInfo{.item_id = "itm_other", .title = "Other", .duration_min = 30});
    clock_.SetMillis(kMonday0900Utc - 24 * kHourMs);  // Sunday 10:00 Berlin
  }

  HoldRequest Request(const std::string& item_id, int64_t starts_at, std::string order_id = "ord_1") {
    return HoldRequest{.account_id = salon_.principal.tenant_id,
                       .company_id = salon_.company_id,
                       .item_id = item_id,
                       .starts_at = starts_at,
                       .conversation_id = "conv_1",
                       .contact_id = "ctc_1",
                       .customer_name = "Anna Petrova",
                       .order_id = std::move(order_id),
                       .expires_at = clock_.NowMillis() + kHourMs};
  }

  Result<Booking> Hold(const HoldRequest& request) {
    return db().Transact<Booking>([&](storage::Tx& tx) { return service_->Hold(tx, request); });
  }
  Result<Booking> BookNow(const HoldRequest& request) {
    return db().Transact<Booking>([&](storage::Tx& tx) { return service_->BookNow(tx, request); });
  }
  int64_t Taken(const std::string& resource, int64_t starts_at) {
    return repository_.PlacesTaken(db(), salon_.company_id, resource, starts_at).value();
  }
  Booking Load(const std::string& id) { return repository_.GetBooking(db(), id).value().value(); }

  FakeClock clock_;
  EveryAccountExists directory_;
  accounts::AccessPolicy policy_{directory_};
  SqlSchedulingRepository repository_;
  FakeServices services_;
  RecordingObserver observer_;
  std::unique_ptr<CompaniesTable> companies_;
  std::shared_ptr<SchedulingService> service_;
  Tenant salon_;
  Tenant other_;
};

inline std::string ReasonOf(const Error& error) {
  const auto* reason = error.details.if_contains("reason");
  return reason != nullptr && reason->is_string() ? std::string(reason->as_string()) : "";
}
inline std::string FieldOf(const Error& error) {
  const auto* field = error.details.if_contains("field");
  return field != nullptr && field->is_string() ? std::string(field->as_string()) : "";
}

}  // namespace x8::scheduling::testing
