// The scheduling use cases: the BookingPort (holds and book-now inside the caller's transaction, order
// confirmation and release), the hold sweep, the business's calendar API (availability, exceptions,
// slots, bookings) and the assistant's Schedule over the same slots. docs/design/scheduling.md.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "modules/accounts/domain/access.h"
#include "modules/assistant/domain/engine.h"
#include "modules/scheduling/domain/model.h"
#include "modules/scheduling/domain/ports.h"
#include "modules/scheduling/domain/repository.h"
#include "modules/scheduling/domain/slots.h"
#include "platform/http/message.h"
#include "platform/storage/database.h"

namespace x8::scheduling {

// The job (and its schedule name) that releases holds past hold_expires_at; payload {}.
inline constexpr std::string_view kReleaseHoldsJob = "scheduling.release_holds";

struct SchedulingOptions {
  int64_t release_batch = 200;  // holds one release_holds run handles
  int64_t max_range_days = 62;  // the widest slots/bookings window one request may ask for
};

// A booking the business enters by hand (POST /api/v1/companies/{id}/bookings): confirmed at once.
struct ManualBooking {
  BookingKind kind = BookingKind::kAppointment;
  std::string item_id;  // appointments
  std::string variant_id;
  int64_t starts_at = 0;
  std::string customer_name;
  std::string contact_id;
  std::string notes;
  std::string address;  // deliveries
  std::string zone;
};
Result<ManualBooking> ManualBookingFromJson(const boost::json::value& json);

// Makes the assistant's Schedule for one company (its zone is the profile's).
class ScheduleFactory {
 public:
  virtual ~ScheduleFactory() = default;
  virtual std::unique_ptr<assistant::Schedule> For(const assistant::CompanyProfile& company) = 0;
};

class SchedulingService final : public BookingPort, public ScheduleFactory {
 public:
  SchedulingService(storage::Database& db, SchedulingRepository& repository, CompanyDirectory& companies,
                    ServiceDirectory& services, const Clock& clock, const accounts::AccessPolicy& access,
                    SchedulingOptions options = {});

  // Both may arrive after construction (nullptr: nobody is told / no outside busy times).
  void SetObserver(BookingObserver* observer) { observer_.store(observer); }
  void SetBusyTimes(BusyTimes* busy) { busy_.store(busy); }

  // BookingPort.
  Result<Booking> Hold(storage::Tx& tx, const HoldRequest& request) override;
  Result<Booking> BookNow(storage::Tx& tx, const HoldRequest& request) override;
  Result<std::vector<Booking>> ConfirmForOrder(storage::Tx& tx, std::string_view order_id) override;
  Result<std::vector<Booking>> ReleaseForOrder(storage::Tx& tx, std::string_view order_id) override;
  Result<std::vector<Booking>> BookingsOfOrder(storage::Tx& tx, std::string_view order_id) override;

  // ScheduleFactory.
  std::unique_ptr<assistant::Schedule> For(const assistant::CompanyProfile& company) override;

  // Job scheduling.release_holds: cancels pending holds past hold_expires_at; returns how many.
  Result<int64_t> ReleaseExpiredHolds(storage::Tx& tx);

  // Free slots of an item ("" with kind delivery: the delivery windows) in [from, to), no principal:
  // the assistant's view. kInvalidArgument when the item is not a bookable service.
  // Deliveries: `zone` narrows to the windows serving it ("" = every window); kInvalidArgument (field
  // "zone") for a zone the company does not have.
  Result<std::vector<FreeSlot>> FreeSlots(std::string_view company_id, BookingKind kind,
                                          std::string_view item_id, int64_t from, int64_t to,
                                          std::string_view zone = "");

  // The company's availability (delivery windows and zones), no principal: the assistant's view.
  Result<Availability> DeliveryOf(std::string_view company_id);

  // The calendar API. kNotFound whenever the principal cannot reach the company or the row.
  // The company's IANA zone (API query bounds given as dates are its local days).
  Result<std::string> TimezoneOf(const http::Principal& principal, std::string_view company_id);
  Result<Availability> GetAvailability(const http::Principal& principal, std::string_view company_id);
  Result<Availability> PutAvailability(const http::Principal& principal, std::string_view company_id,
                                       Availability availability);
  Result<std::vector<AvailabilityException>> ListExceptions(const http::Principal& principal,
                                                            std::string_view company_id);
  Result<AvailabilityException> AddException(const http::Principal& principal, std::string_view company_id,
                                             AvailabilityException exception);
  Status DeleteException(const http::Principal& principal, std::string_view exception_id);
  Result<std::vector<FreeSlot>> Slots(const http::Principal& principal, std::string_view company_id,
                                      BookingKind kind, std::string_view item_id, int64_t from, int64_t to,
                                      std::string_view zone = "");
  Result<std::vector<Booking>> ListBookings(const http::Principal& principal, std::string_view company_id,
                                            const BookingFilter& filter);
  Result<Booking> CreateManual(const http::Principal& principal, std::string_view company_id,
                               const ManualBooking& booking);
  Result<Booking> Get(const http::Principal& principal, std::string_view booking_id);
  // pending_payment|confirmed → cancelled (gives the place back); kConflict otherwise.
  Result<Booking> Cancel(const http::Principal& principal, std::string_view booking_id);
  // confirmed → completed / no_show, once the booking has started; kConflict otherwise.
  Result<Booking> Complete(const http::Principal& principal, std::string_view booking_id);
  Result<Booking> NoShow(const http::Principal& principal, std::string_view booking_id);

  const Clock& clock() const { return clock_; }

 private:
  Result<CompanyInfo> Reachable(const http::Principal& principal, std::string_view company_id);
  Result<Booking> ReachableBooking(const http::Principal& principal, std::string_view booking_id);
  Result<Booking> Place(storage::Tx& tx, const HoldRequest& request, BookingStatus status,
                        std::string_view source, std::string_view notes);
  Result<Booking> Finish(const http::Principal& principal, std::string_view booking_id, BookingStatus to);
  Result<Booking> Move(storage::Tx& tx, Booking booking, BookingStatus to, int64_t now);
  Result<Availability> LoadAvailability(storage::Executor& ex, std::string_view company_id);
  Result<SlotInput> InputFor(storage::Executor& ex, const CompanyInfo& company, BookingKind kind,
                             const std::optional<ServiceInfo>& service, int64_t from, int64_t to,
                             int64_t now);
  Result<std::optional<ServiceInfo>> ServiceOf(std::string_view company_id, BookingKind kind,
                                               std::string_view item_id);
  Status Notify(storage::Tx& tx, const Booking& booking);

  storage::Database& db_;
  SchedulingRepository& repository_;
  CompanyDirectory& companies_;
  ServiceDirectory& services_;
  const Clock& clock_;
  const accounts::AccessPolicy& access_;
  SchedulingOptions options_;
  std::atomic<BookingObserver*> observer_{nullptr};
  std::atomic<BusyTimes*> busy_{nullptr};
};

// "Sat 28 Nov, 15:00" (en) / "сб, 28 нояб., 15:00" (ru) in `timezone`.
Result<std::string> SlotLabel(int64_t unix_ms, std::string_view timezone, std::string_view language);

}  // namespace x8::scheduling
