// Ports one module defines and another module's services implement, joined here so that no module
// depends on another's internals: the companies module seen by conversations, commerce and web chat; the
// knowledge module as the assistant's catalogue; the media module's welcome video.
#pragma once

#include <memory>

#include "modules/calendar/google/domain/ports.h"
#include "modules/channels/webchat/domain/ports.h"
#include "modules/commerce/domain/order.h"
#include "modules/companies/domain/ports.h"
#include "modules/companies/domain/service.h"
#include "modules/conversations/domain/ports.h"
#include "modules/knowledge/domain/service.h"
#include "modules/scheduling/domain/ports.h"
#include "modules/scheduling/domain/repository.h"
#include "modules/scheduling/domain/service.h"
#include "platform/storage/database.h"

namespace x8::app {

class CompanyBridge final : public conversations::CompanyDirectory,
                            public commerce::CompanyAccess,
                            public commerce::MerchantDirectory,
                            public calendar::google::CompanyAccess {
 public:
  explicit CompanyBridge(std::shared_ptr<companies::CompanyService> companies)
      : companies_(std::move(companies)) {}

  Result<conversations::CompanyInfo> Find(std::string_view company_id) override;
  Result<std::string> AccountOf(const http::Principal& principal, std::string_view company_id) override;
  Result<std::string> NameOf(std::string_view company_id) override;
  Result<webchat::PublicCompany> PublicCompany(std::string_view company_id);

 private:
  std::shared_ptr<companies::CompanyService> companies_;
};

// One consistent catalogue snapshot per assistant turn.
class KnowledgeCatalogues final : public conversations::CatalogueProvider {
 public:
  KnowledgeCatalogues(std::shared_ptr<knowledge::KnowledgeService> knowledge, CompanyBridge& companies)
      : knowledge_(std::move(knowledge)), companies_(companies) {}
  std::unique_ptr<assistant::Catalogue> For(const assistant::CompanyProfile& company) override;

 private:
  std::shared_ptr<knowledge::KnowledgeService> knowledge_;
  CompanyBridge& companies_;
};

class WelcomeVideos final : public conversations::WelcomeVideoSource {
 public:
  explicit WelcomeVideos(storage::Database& db) : db_(db) {}
  Result<std::string> WelcomeVideoUrl(std::string_view account_id, std::string_view company_id) override;

 private:
  storage::Database& db_;
};

// Scheduling's view of the companies module (zone, type, account).
class SchedulingCompanies final : public scheduling::CompanyDirectory {
 public:
  explicit SchedulingCompanies(std::shared_ptr<companies::CompanyService> companies)
      : companies_(std::move(companies)) {}
  Result<scheduling::CompanyInfo> Find(std::string_view company_id) override;

 private:
  std::shared_ptr<companies::CompanyService> companies_;
};

// Scheduling's view of the knowledge module: the items of SERVICE knowledge bases.
class KnowledgeServices final : public scheduling::ServiceDirectory {
 public:
  KnowledgeServices(std::shared_ptr<knowledge::KnowledgeService> knowledge,
                    std::shared_ptr<companies::CompanyService> companies)
      : knowledge_(std::move(knowledge)), companies_(std::move(companies)) {}
  Result<scheduling::ServiceInfo> Find(std::string_view company_id, std::string_view item_id) override;

 private:
  std::shared_ptr<knowledge::KnowledgeService> knowledge_;
  std::shared_ptr<companies::CompanyService> companies_;
};

// The assistant's Schedule per turn, from the scheduling module; none for a company selling only goods
// unless it configured delivery windows (then the assistant asks for a window, address and zone).
class Schedules final : public conversations::ScheduleProvider {
 public:
  explicit Schedules(std::shared_ptr<scheduling::ScheduleFactory> factory) : factory_(std::move(factory)) {}
  std::unique_ptr<assistant::Schedule> For(const assistant::CompanyProfile& company) override {
    auto schedule = factory_->For(company);
    if (company.type == "PRODUCT") {
      auto delivers = schedule->HasDeliveryWindows();
      if (!delivers || !*delivers) return nullptr;
    }
    return schedule;
  }

 private:
  std::shared_ptr<scheduling::ScheduleFactory> factory_;
};

// The bookings the Google Calendar module mirrors, over the scheduling store.
class SchedulingBookings final : public calendar::google::BookingReader {
 public:
  SchedulingBookings(std::shared_ptr<scheduling::SchedulingRepository> repository, storage::Database& db)
      : repository_(std::move(repository)), db_(db) {}
  Result<scheduling::Booking> Get(std::string_view booking_id) override;
  Status SetGoogleEventId(storage::Tx& tx, std::string_view booking_id, std::string_view event_id) override;
  Result<std::vector<scheduling::Booking>> WithStatusFrom(std::string_view company_id,
                                                          scheduling::BookingStatus status, int64_t from_ms,
                                                          int64_t limit) override;

 private:
  std::shared_ptr<scheduling::SchedulingRepository> repository_;
  storage::Database& db_;
};

}  // namespace x8::app
