// Port: where availability, exceptions, bookings and the slot_load counters live
// (store/sql_scheduling_repository). Business-facing reads take the tenant (account id).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "modules/scheduling/domain/model.h"
#include "modules/scheduling/domain/ports.h"
#include "platform/storage/database.h"

namespace x8::scheduling {

struct BookingFilter {
  std::optional<int64_t> from;  // bookings ending after `from`
  std::optional<int64_t> to;    // … and starting before `to`
  std::optional<BookingStatus> status;
  int64_t limit = 500;
};

// The counter a booking takes: its stored resource (the item id for appointments, DeliveryResourceOf
// for deliveries); rows from before migration 0011 fall back to the item id or "delivery".
std::string ResourceOf(const Booking& booking);

class SchedulingRepository {
 public:
  virtual ~SchedulingRepository() = default;

  // nullopt when never saved (the caller uses DefaultAvailability()).
  virtual Result<std::optional<Availability>> GetAvailability(storage::Executor& ex,
                                                              std::string_view company_id) = 0;
  virtual Status SaveAvailability(storage::Executor& ex, std::string_view account_id,
                                  std::string_view company_id, const Availability& availability) = 0;

  // By date, ascending; optionally only dates in [from_date, to_date] (YYYY-MM-DD).
  virtual Result<std::vector<AvailabilityException>> ListExceptions(storage::Executor& ex,
                                                                    std::string_view company_id,
                                                                    std::string_view from_date = "",
                                                                    std::string_view to_date = "") = 0;
  // kConflict (details.field "date") when the company already has an exception for that date.
  virtual Status InsertException(storage::Executor& ex, const AvailabilityException& exception) = 0;
  virtual Result<std::optional<AvailabilityException>> GetException(storage::Executor& ex,
                                                                    std::string_view exception_id) = 0;
  virtual Result<bool> DeleteException(storage::Executor& ex, std::string_view exception_id) = 0;

  virtual Status InsertBooking(storage::Executor& ex, const Booking& booking) = 0;
  virtual Result<std::optional<Booking>> GetBooking(storage::Executor& ex, std::string_view booking_id) = 0;
  // The company's bookings by starts_at ascending.
  virtual Result<std::vector<Booking>> ListBookings(storage::Executor& ex, std::string_view company_id,
                                                    const BookingFilter& filter) = 0;
  // Live bookings of one resource overlapping [from, to): confirmed, and pending_payment whose hold has
  // not expired at `now`.
  virtual Result<std::vector<Booking>> LiveBookings(storage::Executor& ex, std::string_view company_id,
                                                    BookingKind kind, std::string_view item_id, int64_t from,
                                                    int64_t to, int64_t now) = 0;
  virtual Result<std::vector<Booking>> BookingsOfOrder(storage::Executor& ex, std::string_view order_id) = 0;
  // pending_payment bookings whose hold_expires_at ≤ now, oldest first.
  virtual Result<std::vector<Booking>> ExpiredHolds(storage::Executor& ex, int64_t now, int64_t limit) = 0;
  // … only those at one (company, resource, starts_at).
  virtual Result<std::vector<Booking>> ExpiredHoldsAt(storage::Executor& ex, std::string_view company_id,
                                                      BookingKind kind, std::string_view item_id,
                                                      int64_t starts_at, int64_t now) = 0;
  // Moves the booking from `from` to `to` (clearing hold_expires_at, stamping updated_at); false when
  // it was not in `from`.
  virtual Result<bool> Transition(storage::Executor& ex, std::string_view booking_id, BookingStatus from,
                                  BookingStatus to, int64_t now) = 0;
  // Records the Google Calendar event of the booking ("" once deleted); false when there is no booking.
  virtual Result<bool> SetGoogleEventId(storage::Executor& ex, std::string_view booking_id,
                                        std::string_view event_id) = 0;

  // slot_load: takes one place at (company, resource, starts_at) when fewer than `capacity` are taken
  // (creating the row at 0); false when full.
  virtual Result<bool> TakePlace(storage::Executor& ex, std::string_view company_id,
                                 std::string_view resource, int64_t starts_at, int64_t capacity) = 0;
  // Gives one place back (never below 0).
  virtual Status ReleasePlace(storage::Executor& ex, std::string_view company_id, std::string_view resource,
                              int64_t starts_at) = 0;
  virtual Result<int64_t> PlacesTaken(storage::Executor& ex, std::string_view company_id,
                                      std::string_view resource, int64_t starts_at) = 0;
};

}  // namespace x8::scheduling
