#include "app/bridges.h"

#include "app/assistant_catalogue.h"
#include "modules/media/store/sql_media_repository.h"

namespace x8::app {
namespace {

// A turn whose catalogue could not be loaded answers every lookup with that error; the engine reports
// it and the turn is retried by the job queue.
class FailedCatalogue final : public assistant::Catalogue {
 public:
  explicit FailedCatalogue(Error error) : error_(std::move(error)) {}
  Result<std::vector<Hit>> Search(std::string_view, const Filter&, size_t) override { return error_; }
  Result<std::optional<Hit>> Item(std::string_view) override { return error_; }
  Result<std::vector<std::string>> Categories() override { return error_; }
  Result<std::vector<knowledge::Item>> Faq() override { return error_; }

 private:
  Error error_;
};

}  // namespace

Result<conversations::CompanyInfo> CompanyBridge::Find(std::string_view company_id) {
  X8_TRY(auto company, companies_->Find(company_id));
  return conversations::CompanyInfo{.account_id = company.account_id,
                                    .profile = {.id = company.id,
                                                .name = company.name,
                                                .type = std::string(companies::ToString(company.type)),
                                                .currency = company.currency,
                                                .timezone = company.timezone}};
}

Result<std::string> CompanyBridge::AccountOf(const http::Principal& principal, std::string_view company_id) {
  X8_TRY(auto view, companies_->Get(principal, company_id));
  return view.company.account_id;
}

Result<std::string> CompanyBridge::NameOf(std::string_view company_id) {
  X8_TRY(auto company, companies_->Find(company_id));
  return company.name;
}

Result<webchat::PublicCompany> CompanyBridge::PublicCompany(std::string_view company_id) {
  X8_TRY(auto company, companies_->Find(company_id));
  return webchat::PublicCompany{.account_id = company.account_id,
                                .name = company.name,
                                .active = company.status == companies::CompanyStatus::kActive};
}

std::unique_ptr<assistant::Catalogue> KnowledgeCatalogues::For(const assistant::CompanyProfile& company) {
  auto found = companies_.Find(company.id);
  if (!found) return std::make_unique<FailedCatalogue>(found.error());
  auto snapshot = knowledge_->CatalogueOf(
      knowledge::CompanyRef{.id = company.id, .account_id = found->account_id, .currency = company.currency});
  if (!snapshot) return std::make_unique<FailedCatalogue>(snapshot.error());
  return std::make_unique<SnapshotCatalogue>(std::move(*snapshot));
}

Result<scheduling::CompanyInfo> SchedulingCompanies::Find(std::string_view company_id) {
  X8_TRY(auto company, companies_->Find(company_id));
  return scheduling::CompanyInfo{.id = company.id,
                                 .account_id = company.account_id,
                                 .name = company.name,
                                 .type = std::string(companies::ToString(company.type)),
                                 .timezone = company.timezone,
                                 .currency = company.currency};
}

Result<scheduling::ServiceInfo> KnowledgeServices::Find(std::string_view company_id,
                                                        std::string_view item_id) {
  X8_TRY(auto company, companies_->Find(company_id));
  X8_TRY(auto snapshot,
         knowledge_->CatalogueOf(knowledge::CompanyRef{
             .id = company.id, .account_id = company.account_id, .currency = company.currency}));
  for (const auto& entry : snapshot->items) {
    if (entry.item.id != item_id) continue;
    if (entry.kind != knowledge::KbKind::kService) return InvalidArgument("the item is not a service");
    const auto& item = entry.item;
    scheduling::ServiceInfo info{.item_id = item.id,
                                 .title = item.name,
                                 .duration_min = item.duration_min,
                                 .format = item.format,
                                 .location = item.location,
                                 .currency = company.currency};
    if (!item.variants.empty()) {
      info.price_minor = item.variants.front().price_minor.value_or(0);
      if (!item.variants.front().currency.empty()) info.currency = item.variants.front().currency;
    }
    return info;
  }
  return NotFound("no such item in the company");
}

Result<std::string> WelcomeVideos::WelcomeVideoUrl(std::string_view account_id, std::string_view) {
  X8_TRY(auto video, media::FindWelcomeVideo(db_, account_id));
  if (!video) return std::string();
  auto original = video->variants.find("original");
  return original == video->variants.end() ? std::string() : original->second;
}

Result<scheduling::Booking> SchedulingBookings::Get(std::string_view booking_id) {
  X8_TRY(auto booking, repository_->GetBooking(db_, booking_id));
  if (!booking) return NotFound("no such booking").With("booking_id", booking_id);
  return *booking;
}

Status SchedulingBookings::SetGoogleEventId(storage::Tx& tx, std::string_view booking_id,
                                            std::string_view event_id) {
  X8_TRY(auto found, repository_->SetGoogleEventId(tx, booking_id, event_id));
  if (!found) return NotFound("no such booking").With("booking_id", booking_id);
  return Ok();
}

Result<std::vector<scheduling::Booking>> SchedulingBookings::WithStatusFrom(std::string_view company_id,
                                                                            scheduling::BookingStatus status,
                                                                            int64_t from_ms, int64_t limit) {
  return repository_->ListBookings(
      db_, company_id, scheduling::BookingFilter{.from = from_ms, .status = status, .limit = limit});
}

}  // namespace x8::app
