// SchedulingRepository over storage::Database (SQLite and PostgreSQL, migration 0009_scheduling).
#pragma once

#include "modules/scheduling/domain/repository.h"

namespace x8::scheduling {

class SqlSchedulingRepository final : public SchedulingRepository {
 public:
  Result<std::optional<Availability>> GetAvailability(storage::Executor& ex,
                                                      std::string_view company_id) override;
  Status SaveAvailability(storage::Executor& ex, std::string_view account_id, std::string_view company_id,
                          const Availability& availability) override;

  Result<std::vector<AvailabilityException>> ListExceptions(storage::Executor& ex,
                                                            std::string_view company_id,
                                                            std::string_view from_date,
                                                            std::string_view to_date) override;
  Status InsertException(storage::Executor& ex, const AvailabilityException& exception) override;
  Result<std::optional<AvailabilityException>> GetException(storage::Executor& ex,
                                                            std::string_view exception_id) override;
  Result<bool> DeleteException(storage::Executor& ex, std::string_view exception_id) override;

  Status InsertBooking(storage::Executor& ex, const Booking& booking) override;
  Result<std::optional<Booking>> GetBooking(storage::Executor& ex, std::string_view booking_id) override;
  Result<std::vector<Booking>> ListBookings(storage::Executor& ex, std::string_view company_id,
                                            const BookingFilter& filter) override;
  Result<std::vector<Booking>> LiveBookings(storage::Executor& ex, std::string_view company_id,
                                            BookingKind kind, std::string_view item_id, int64_t from,
                                            int64_t to, int64_t now) override;
  Result<std::vector<Booking>> BookingsOfOrder(storage::Executor& ex, std::string_view order_id) override;
  Result<std::vector<Booking>> ExpiredHolds(storage::Executor& ex, int64_t now, int64_t limit) override;
  Result<std::vector<Booking>> ExpiredHoldsAt(storage::Executor& ex, std::string_view company_id,
                                              BookingKind kind, std::string_view item_id, int64_t starts_at,
                                              int64_t now) override;
  Result<bool> Transition(storage::Executor& ex, std::string_view booking_id, BookingStatus from,
                          BookingStatus to, int64_t now) override;
  Result<bool> SetGoogleEventId(storage::Executor& ex, std::string_view booking_id,
                                std::string_view event_id) override;

  Result<bool> TakePlace(storage::Executor& ex, std::string_view company_id, std::string_view resource,
                         int64_t starts_at, int64_t capacity) override;
  Status ReleasePlace(storage::Executor& ex, std::string_view company_id, std::string_view resource,
                      int64_t starts_at) override;
  Result<int64_t> PlacesTaken(storage::Executor& ex, std::string_view company_id, std::string_view resource,
                              int64_t starts_at) override;
};

}  // namespace x8::scheduling
