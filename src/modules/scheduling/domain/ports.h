// The scheduling module's contract with the rest of X8 (docs/design/scheduling.md): bookings and their
// statuses, the port conversations uses to hold or book a slot inside its own transaction, the port
// that tells the Google Calendar module about booking changes, and the port Google's busy times come in
// through.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "platform/storage/database.h"

namespace x8::scheduling {

enum class BookingStatus { kPendingPayment, kConfirmed, kCancelled, kCompleted, kNoShow };
std::string_view ToString(
    BookingStatus status);  // pending_payment | confirmed | cancelled | completed | no_show
Result<BookingStatus> ParseBookingStatus(std::string_view text);

enum class BookingKind { kAppointment, kDelivery };
std::string_view ToString(BookingKind kind);  // appointment | delivery

struct Booking {
  std::string id;  // bkg_…
  std::string account_id;
  std::string company_id;
  BookingKind kind = BookingKind::kAppointment;
  std::string item_id;  // the service (appointments); "" for a delivery
  std::string variant_id;
  std::string title;      // "Women's haircut" / "Delivery"
  int64_t starts_at = 0;  // unix ms UTC
  int64_t ends_at = 0;    // exclusive
  std::string timezone;   // the company's, for showing local times
  BookingStatus status = BookingStatus::kPendingPayment;
  std::optional<int64_t> hold_expires_at;  // pending_payment only
  std::string order_id;                    // "" for free and manual bookings
  std::string conversation_id;
  std::string contact_id;
  std::string customer_name;
  std::string format;    // online | offline | ""
  std::string location;  // the place, or the meeting link for online services
  std::string address;   // delivery address
  std::string zone;      // delivery zone
  std::string notes;
  std::string source = "assistant";  // assistant | manual
  std::string google_event_id;       // set once the Google module created the event
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// A slot the turn runner asks for at checkout (or at once for a free service).
struct HoldRequest {
  std::string account_id;
  std::string company_id;
  std::string item_id;
  std::string variant_id;
  int64_t starts_at = 0;
  std::string conversation_id;
  std::string contact_id;
  std::string customer_name;
  std::string order_id;               // the order whose payment confirms the hold ("" for book-now)
  std::optional<int64_t> expires_at;  // the payment link's expiry (holds only)
  std::string address;                // deliveries
  std::string zone;
};

// Implemented by the scheduling module; called inside the caller's transaction so the booking commits
// with the order and the messages.
class BookingPort {
 public:
  virtual ~BookingPort() = default;
  // pending_payment until the order is paid. kConflict (details.reason "slot_taken") when the slot is
  // full or no longer offered; kInvalidArgument when the item is not a bookable service.
  virtual Result<Booking> Hold(storage::Tx& tx, const HoldRequest& request) = 0;
  // A free service: confirmed at once. Same errors as Hold.
  virtual Result<Booking> BookNow(storage::Tx& tx, const HoldRequest& request) = 0;
  // The order was paid: its holds become confirmed (returned); expired/cancelled: released.
  virtual Result<std::vector<Booking>> ConfirmForOrder(storage::Tx& tx, std::string_view order_id) = 0;
  virtual Result<std::vector<Booking>> ReleaseForOrder(storage::Tx& tx, std::string_view order_id) = 0;
};

// Told about every booking change inside its transaction (the Google module enqueues its sync job).
class BookingObserver {
 public:
  virtual ~BookingObserver() = default;
  virtual Status BookingChanged(storage::Tx& tx, const Booking& booking) = 0;
};

struct BusyRange {
  int64_t starts_at = 0;
  int64_t ends_at = 0;
};

// Busy times from outside X8 (the company's Google Calendar), for slot computation. An error makes the
// slots be computed without them (logged), never fails the customer's turn.
class BusyTimes {
 public:
  virtual ~BusyTimes() = default;
  virtual Result<std::vector<BusyRange>> Busy(std::string_view company_id, int64_t from, int64_t to) = 0;
};

}  // namespace x8::scheduling
