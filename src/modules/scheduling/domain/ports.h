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
Result<BookingKind> ParseBookingKind(std::string_view text);

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
  // The capacity counter it took: the item id, "delivery" or "delivery:<zone>" (DeliveryResourceOf);
  // "" in rows from before migration 0011 (then ResourceOf falls back to the kind's old counter).
  std::string resource;
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
  // Every booking the order ever held, whatever its status (a paid order whose holds were released
  // meanwhile is a late payment: a person arranges the time).
  virtual Result<std::vector<Booking>> BookingsOfOrder(storage::Tx& tx, std::string_view order_id) = 0;
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

// ---- What the module needs from the rest of X8 (implemented by the composition root) ----

// A bookable service as scheduling needs it (knowledge module: an item of a SERVICE knowledge base).
struct ServiceInfo {
  std::string item_id;
  std::string title;                    // the item's name
  std::optional<int64_t> duration_min;  // nullopt: the company's slot_minutes
  std::string format;                   // online | offline | ""
  std::string location;                 // the place, or the meeting link for online services
  int64_t price_minor = 0;              // the first variant's price; 0 = free
  std::string currency;
  std::optional<int64_t> capacity;  // customers per start; nullopt: availability.service_capacity
};

// The company's catalogue as scheduling needs it. Reads only; may be called inside a caller's
// transaction (it must not write through the Database).
class ServiceDirectory {
 public:
  virtual ~ServiceDirectory() = default;
  // kNotFound when the company has no such item; kInvalidArgument when the item exists but is not a
  // service (not in a SERVICE knowledge base).
  virtual Result<ServiceInfo> Find(std::string_view company_id, std::string_view item_id) = 0;
};

struct CompanyInfo {
  std::string id;
  std::string account_id;
  std::string name;
  std::string type;      // PRODUCT | SERVICE | HYBRID
  std::string timezone;  // IANA, e.g. Europe/Berlin
  std::string currency;
};

// The companies module as scheduling needs it. Reads only.
class CompanyDirectory {
 public:
  virtual ~CompanyDirectory() = default;
  // The company, whoever asks (callers check access through account_id); kNotFound when it does not
  // exist or was deleted.
  virtual Result<CompanyInfo> Find(std::string_view company_id) = 0;
};

}  // namespace x8::scheduling
