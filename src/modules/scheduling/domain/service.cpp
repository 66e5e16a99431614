#include "modules/scheduling/domain/service.h"

#include <date/tz.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <chrono>

#include "core/ids.h"

namespace x8::scheduling {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kDay = int64_t{24} * 60 * kMinute;
constexpr size_t kMaxName = 200;
constexpr size_t kMaxNotes = 2000;
constexpr size_t kMaxAddress = 500;

Error SlotTaken(std::string message) { return Conflict(std::move(message)).With("reason", "slot_taken"); }

bool IsLive(BookingStatus status) {
  return status == BookingStatus::kPendingPayment || status == BookingStatus::kConfirmed;
}

Result<std::string> OptionalText(const boost::json::object& obj, std::string_view key, size_t max) {
  const auto* value = obj.if_contains(key);
  if (value == nullptr || value->is_null()) return std::string();
  if (!value->is_string() || value->as_string().size() > max) {
    return InvalidArgument(std::string(key) + " must be text of at most " + std::to_string(max) +
                           " characters")
        .With("field", key);
  }
  return std::string(value->as_string());
}

// The assistant's view of one company's free times.
class CompanySchedule final : public assistant::Schedule {
 public:
  CompanySchedule(SchedulingService& service, std::string company_id, std::string timezone)
      : service_(service), company_id_(std::move(company_id)), timezone_(std::move(timezone)) {}

  std::string_view timezone() const override { return timezone_; }

  Result<std::vector<Slot>> FreeSlots(std::string_view item_id, int64_t from, int64_t to, size_t limit,
                                      std::string_view language) override {
    X8_TRY(auto free, service_.FreeSlots(company_id_, BookingKind::kAppointment, item_id, from, to));
    std::vector<Slot> out;
    for (const auto& slot : free) {
      if (out.size() >= limit) break;
      X8_TRY(auto label, SlotLabel(slot.starts_at, timezone_, language));
      out.push_back({.starts_at = slot.starts_at, .ends_at = slot.ends_at, .label = std::move(label)});
    }
    return out;
  }

  Result<std::vector<Slot>> FreeDeliverySlots(std::string_view zone, int64_t from, int64_t to, size_t limit,
                                              std::string_view language) override {
    X8_TRY(auto availability, service_.DeliveryOf(company_id_));
    if (availability.delivery_windows.empty()) return std::vector<Slot>{};
    X8_TRY(auto free, service_.FreeSlots(company_id_, BookingKind::kDelivery, "", from, to, zone));
    std::vector<Slot> out;
    for (const auto& slot : free) {
      if (out.size() >= limit) break;
      X8_TRY(auto label, SlotLabel(slot.starts_at, timezone_, language));
      X8_TRY(auto end, SlotLabel(slot.ends_at, timezone_, language));
      // "Fri 27 Nov, 10:00" + "–14:00": the window's end is its local time of day.
      if (auto comma = end.rfind(", "); comma != std::string::npos) label += "\u2013" + end.substr(comma + 2);
      out.push_back({.starts_at = slot.starts_at, .ends_at = slot.ends_at, .label = std::move(label)});
    }
    return out;
  }

  Result<bool> HasDeliveryWindows() override {
    X8_TRY(auto availability, service_.DeliveryOf(company_id_));
    return !availability.delivery_windows.empty();
  }

  Result<std::vector<Zone>> DeliveryZones() override {
    X8_TRY(auto availability, service_.DeliveryOf(company_id_));
    std::vector<Zone> out;
    for (const auto& zone : availability.delivery_zones) {
      out.push_back(
          {.name = zone.name, .fee_minor = zone.fee_minor, .free_over_minor = zone.free_over_minor});
    }
    return out;
  }

 private:
  SchedulingService& service_;
  std::string company_id_;
  std::string timezone_;
};

}  // namespace

Result<ManualBooking> ManualBookingFromJson(const boost::json::value& json) {
  if (!json.is_object()) return InvalidArgument("the body must be a JSON object");
  const auto& obj = json.as_object();
  for (const auto& [key, _] : obj) {
    static constexpr std::array<std::string_view, 9> kKnown = {"kind",      "item_id",       "variant_id",
                                                               "starts_at", "customer_name", "contact_id",
                                                               "notes",     "address",       "zone"};
    if (std::find(kKnown.begin(), kKnown.end(), std::string_view(key)) == kKnown.end()) {
      return InvalidArgument("unknown field " + std::string(key)).With("field", std::string_view(key));
    }
  }
  ManualBooking booking;
  X8_TRY(auto kind, OptionalText(obj, "kind", 20));
  if (!kind.empty()) {
    X8_TRY(booking.kind, ParseBookingKind(kind));
  }
  X8_TRY(booking.item_id, OptionalText(obj, "item_id", 100));
  X8_TRY(booking.variant_id, OptionalText(obj, "variant_id", 100));
  if (booking.kind == BookingKind::kAppointment && booking.item_id.empty()) {
    return InvalidArgument("choose the service").With("field", "item_id");
  }
  if (booking.kind == BookingKind::kDelivery) booking.item_id.clear();
  const auto* starts_at = obj.if_contains("starts_at");
  Result<int64_t> start = InvalidArgument("");
  if (starts_at != nullptr && starts_at->is_int64()) start = starts_at->as_int64();
  if (starts_at != nullptr && starts_at->is_string()) start = ParseInstant(starts_at->as_string());
  if (!start || *start <= 0) {
    return InvalidArgument("starts_at must be an instant (unix ms or ISO 8601)").With("field", "starts_at");
  }
  booking.starts_at = *start;
  X8_TRY(booking.customer_name, OptionalText(obj, "customer_name", kMaxName));
  if (booking.customer_name.empty())
    return InvalidArgument("give the customer's name").With("field", "customer_name");
  X8_TRY(booking.contact_id, OptionalText(obj, "contact_id", 100));
  X8_TRY(booking.notes, OptionalText(obj, "notes", kMaxNotes));
  X8_TRY(booking.address, OptionalText(obj, "address", kMaxAddress));
  X8_TRY(booking.zone, OptionalText(obj, "zone", 100));
  return booking;
}

Result<std::string> SlotLabel(int64_t unix_ms, std::string_view timezone, std::string_view language) {
  static constexpr std::array<std::string_view, 7> kEnDays = {"Sun", "Mon", "Tue", "Wed",
                                                              "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> kEnMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static constexpr std::array<std::string_view, 7> kRuDays = {"вс", "пн", "вт", "ср", "чт", "пт", "сб"};
  static constexpr std::array<std::string_view, 12> kRuMonths = {
      "янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.", "нояб.", "дек."};
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(std::string(timezone));
  } catch (const std::exception&) {
    return InvalidArgument("unknown time zone " + std::string(timezone));
  }
  const auto local =
      zone->to_local(date::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{unix_ms}});
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss hms{date::floor<std::chrono::minutes>(local - day)};
  const auto weekday = date::weekday{day}.c_encoding();
  const auto month = static_cast<unsigned>(ymd.month()) - 1;
  char clock[8];
  std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()));
  const std::string day_number = std::to_string(static_cast<unsigned>(ymd.day()));
  if (language == "ru") {
    return std::string(kRuDays[weekday]) + ", " + day_number + " " + std::string(kRuMonths[month]) + ", " +
           clock;
  }
  return std::string(kEnDays[weekday]) + " " + day_number + " " + std::string(kEnMonths[month]) + ", " +
         clock;
}

SchedulingService::SchedulingService(storage::Database& db, SchedulingRepository& repository,
                                     CompanyDirectory& companies, ServiceDirectory& services,
                                     const Clock& clock, const accounts::AccessPolicy& access,
                                     SchedulingOptions options)
    : db_(db),
      repository_(repository),
      companies_(companies),
      services_(services),
      clock_(clock),
      access_(access),
      options_(options) {}

// ---- Shared pieces ----

Result<Availability> SchedulingService::LoadAvailability(storage::Executor& ex, std::string_view company_id) {
  X8_TRY(auto stored, repository_.GetAvailability(ex, company_id));
  if (stored) return std::move(*stored);
  return DefaultAvailability();
}

Result<std::optional<ServiceInfo>> SchedulingService::ServiceOf(std::string_view company_id, BookingKind kind,
                                                                std::string_view item_id) {
  if (kind == BookingKind::kDelivery) return std::optional<ServiceInfo>();
  if (item_id.empty()) return InvalidArgument("choose the service").With("field", "item_id");
  auto service = services_.Find(company_id, item_id);
  if (!service) {
    if (service.error().code == ErrorCode::kNotFound || service.error().code == ErrorCode::kInvalidArgument) {
      return InvalidArgument("the item is not a bookable service").With("field", "item_id");
    }
    return service.error();
  }
  return std::optional<ServiceInfo>(std::move(*service));
}

Result<SlotInput> SchedulingService::InputFor(storage::Executor& ex, const CompanyInfo& company,
                                              BookingKind kind, const std::optional<ServiceInfo>& service,
                                              int64_t from, int64_t to, int64_t now) {
  SlotInput input;
  input.timezone = company.timezone.empty() ? "UTC" : company.timezone;
  X8_TRY(input.availability, LoadAvailability(ex, company.id));
  // Exception dates are local: a day either side of the UTC dates covers every offset.
  X8_TRY(input.exceptions,
         repository_.ListExceptions(ex, company.id, FormatDate(from / kDay - 2), FormatDate(to / kDay + 2)));
  input.duration_min = input.availability.slot_minutes;
  input.capacity = input.availability.service_capacity;
  if (service) {
    if (service->duration_min && *service->duration_min > 0) input.duration_min = *service->duration_min;
    if (service->capacity && *service->capacity > 0) input.capacity = *service->capacity;
  }
  const int64_t reach = (input.duration_min + input.availability.buffer_minutes) * kMinute + kDay;
  X8_TRY(auto live, repository_.LiveBookings(ex, company.id, kind, service ? service->item_id : "",
                                             from - reach, to + reach, now));
  for (const auto& booking : live) {
    input.occupied.push_back({booking.starts_at, booking.ends_at, ResourceOf(booking)});
  }
  input.now = now;
  input.from = from;
  input.to = to;
  if (kind == BookingKind::kAppointment) {
    if (auto* busy = busy_.load()) {
      auto ranges = busy->Busy(company.id, from, to + input.duration_min * kMinute);
      if (ranges) {
        input.busy = std::move(*ranges);
      } else {
        spdlog::warn("scheduling: busy times of {} unavailable ({}); slots computed without them", company.id,
                     ranges.error().message);
      }
    }
  }
  return input;
}

Status SchedulingService::Notify(storage::Tx& tx, const Booking& booking) {
  if (auto* observer = observer_.load()) return observer->BookingChanged(tx, booking);
  return Ok();
}

Result<Booking> SchedulingService::Move(storage::Tx& tx, Booking booking, BookingStatus to, int64_t now) {
  const BookingStatus from = booking.status;
  X8_TRY(auto moved, repository_.Transition(tx, booking.id, from, to, now));
  if (!moved) {
    return Conflict("the booking changed meanwhile").With("status", ToString(from));
  }
  if (to == BookingStatus::kCancelled && IsLive(from)) {
    X8_TRY_STATUS(repository_.ReleasePlace(tx, booking.company_id, ResourceOf(booking), booking.starts_at));
  }
  booking.status = to;
  if (to != BookingStatus::kPendingPayment) booking.hold_expires_at.reset();
  booking.updated_at = now;
  X8_TRY_STATUS(Notify(tx, booking));
  return booking;
}

// ---- BookingPort ----

Result<Booking> SchedulingService::Place(storage::Tx& tx, const HoldRequest& request, BookingStatus status,
                                         std::string_view source, std::string_view notes) {
  const int64_t now = clock_.NowMillis();
  if (request.starts_at <= 0) return InvalidArgument("choose a time").With("field", "starts_at");
  auto company = companies_.Find(request.company_id);
  if (!company) {
    if (company.error().code == ErrorCode::kNotFound) return NotFound("no such company");
    return company.error();
  }
  if (!request.account_id.empty() && request.account_id != company->account_id) {
    return NotFound("no such company");
  }
  if (status == BookingStatus::kPendingPayment && (!request.expires_at || *request.expires_at <= now)) {
    return InvalidArgument("a hold needs an expiry in the future").With("field", "expires_at");
  }
  const BookingKind kind = request.item_id.empty() ? BookingKind::kDelivery : BookingKind::kAppointment;
  X8_TRY(auto service, ServiceOf(company->id, kind, request.item_id));
  // PostgreSQL: one booking per (company, item) — or per company's deliveries — at a time until commit,
  // so the overlap check below sees every other booking it competes with (SQLite serializes writers
  // already). The slot_load counter is what decides same-start races on both engines.
  const std::string lock_key =
      kind == BookingKind::kDelivery ? std::string(kDeliveryResource) : request.item_id;
  if (tx.dialect() == storage::Dialect::kPostgres) {
    X8_TRY_STATUS(tx.Query("SELECT pg_advisory_xact_lock(hashtext(?))", {company->id + "/" + lock_key}));
  }
  // Holds at this very start whose payment link expired but which the sweep has not reached yet.
  X8_TRY(auto expired,
         repository_.ExpiredHoldsAt(tx, company->id, kind, request.item_id, request.starts_at, now));
  for (auto& hold : expired) {
    X8_TRY_STATUS(Move(tx, std::move(hold), BookingStatus::kCancelled, now));
  }

  // The start must be offered right now; bookings at the same start are left to the counter.
  X8_TRY(auto input,
         InputFor(tx, *company, kind, service, request.starts_at - kDay, request.starts_at + kDay, now));
  std::erase_if(input.occupied, [&](const Occupied& o) { return o.starts_at == request.starts_at; });
  int64_t capacity = input.capacity;
  std::string resource = request.item_id;
  std::vector<FreeSlot> offered;
  if (kind == BookingKind::kDelivery) {
    if (!request.zone.empty()) {
      X8_TRY_STATUS(DeliveryFee(input.availability, request.zone, 0));
    }
    input.zone = request.zone;
    X8_TRY(auto place, DeliveryWindowAt(input, request.starts_at));
    if (!place) return SlotTaken("no delivery window starts then for that zone");
    if (place->zoned && request.zone.empty()) {
      return InvalidArgument("choose the delivery zone").With("field", "zone");
    }
    capacity = place->capacity;
    resource = place->resource;
    X8_TRY(offered, ComputeDeliverySlots(input));
  } else {
    X8_TRY(offered, ComputeSlots(input));
  }
  auto slot = std::find_if(offered.begin(), offered.end(),
                           [&](const FreeSlot& s) { return s.starts_at == request.starts_at; });
  if (slot == offered.end() || capacity <= 0) return SlotTaken("that time is not available");
  X8_TRY(auto took, repository_.TakePlace(tx, company->id, resource, request.starts_at, capacity));
  if (!took) return SlotTaken("that time was just taken");

  Booking booking;
  booking.id = NewId("bkg", now);
  booking.account_id = company->account_id;
  booking.company_id = company->id;
  booking.kind = kind;
  booking.item_id = request.item_id;
  booking.variant_id = request.variant_id;
  booking.title = service ? service->title : "Delivery";
  booking.starts_at = slot->starts_at;
  booking.ends_at = slot->ends_at;
  booking.timezone = input.timezone;
  booking.status = status;
  if (status == BookingStatus::kPendingPayment) booking.hold_expires_at = request.expires_at;
  booking.order_id = request.order_id;
  booking.conversation_id = request.conversation_id;
  booking.contact_id = request.contact_id;
  booking.customer_name = request.customer_name;
  if (service) {
    booking.format = service->format;
    booking.location = service->location;
  }
  booking.address = request.address;
  booking.zone = request.zone;
  booking.resource = resource;
  booking.notes = std::string(notes);
  booking.source = std::string(source);
  booking.created_at = now;
  booking.updated_at = now;
  X8_TRY_STATUS(repository_.InsertBooking(tx, booking));
  X8_TRY_STATUS(Notify(tx, booking));
  return booking;
}

Result<Booking> SchedulingService::Hold(storage::Tx& tx, const HoldRequest& request) {
  return Place(tx, request, BookingStatus::kPendingPayment, "assistant", "");
}

Result<Booking> SchedulingService::BookNow(storage::Tx& tx, const HoldRequest& request) {
  return Place(tx, request, BookingStatus::kConfirmed, "assistant", "");
}

Result<std::vector<Booking>> SchedulingService::ConfirmForOrder(storage::Tx& tx, std::string_view order_id) {
  const int64_t now = clock_.NowMillis();
  X8_TRY(auto bookings, repository_.BookingsOfOrder(tx, order_id));
  std::vector<Booking> confirmed;
  for (auto& booking : bookings) {
    if (booking.status != BookingStatus::kPendingPayment) continue;
    X8_TRY(auto moved, Move(tx, std::move(booking), BookingStatus::kConfirmed, now));
    confirmed.push_back(std::move(moved));
  }
  return confirmed;
}

Result<std::vector<Booking>> SchedulingService::ReleaseForOrder(storage::Tx& tx, std::string_view order_id) {
  const int64_t now = clock_.NowMillis();
  X8_TRY(auto bookings, repository_.BookingsOfOrder(tx, order_id));
  std::vector<Booking> released;
  for (auto& booking : bookings) {
    if (booking.status != BookingStatus::kPendingPayment) continue;
    X8_TRY(auto moved, Move(tx, std::move(booking), BookingStatus::kCancelled, now));
    released.push_back(std::move(moved));
  }
  return released;
}

Result<std::vector<Booking>> SchedulingService::BookingsOfOrder(storage::Tx& tx, std::string_view order_id) {
  return repository_.BookingsOfOrder(tx, order_id);
}

Result<int64_t> SchedulingService::ReleaseExpiredHolds(storage::Tx& tx) {
  const int64_t now = clock_.NowMillis();
  X8_TRY(auto expired, repository_.ExpiredHolds(tx, now, options_.release_batch));
  int64_t released = 0;
  for (auto& hold : expired) {
    X8_TRY(auto moved, Move(tx, std::move(hold), BookingStatus::kCancelled, now));
    (void)moved;
    ++released;
  }
  return released;
}

Result<Availability> SchedulingService::DeliveryOf(std::string_view company_id) {
  return LoadAvailability(db_, company_id);
}

std::unique_ptr<assistant::Schedule> SchedulingService::For(const assistant::CompanyProfile& company) {
  return std::make_unique<CompanySchedule>(*this, company.id,
                                           company.timezone.empty() ? "UTC" : company.timezone);
}

Result<std::vector<FreeSlot>> SchedulingService::FreeSlots(std::string_view company_id, BookingKind kind,
                                                           std::string_view item_id, int64_t from, int64_t to,
                                                           std::string_view zone) {
  if (to <= from) return InvalidArgument("`to` must be after `from`").With("field", "to");
  to = std::min(to, from + options_.max_range_days * kDay);
  X8_TRY(auto company, companies_.Find(company_id));
  X8_TRY(auto service, ServiceOf(company.id, kind, item_id));
  X8_TRY(auto input, InputFor(db_, company, kind, service, from, to, clock_.NowMillis()));
  if (kind == BookingKind::kDelivery) {
    if (!zone.empty()) X8_TRY_STATUS(DeliveryFee(input.availability, zone, 0));
    input.zone = std::string(zone);
    return ComputeDeliverySlots(input);
  }
  return ComputeSlots(input);
}

// ---- The calendar API ----

Result<CompanyInfo> SchedulingService::Reachable(const http::Principal& principal,
                                                 std::string_view company_id) {
  auto company = companies_.Find(company_id);
  if (!company) {
    if (company.error().code == ErrorCode::kNotFound) return NotFound("no such company");
    return company.error();
  }
  X8_TRY_STATUS(access_.CanAccess(principal, company->account_id));
  return std::move(*company);
}

Result<Booking> SchedulingService::ReachableBooking(const http::Principal& principal,
                                                    std::string_view booking_id) {
  if (!IsValidId(booking_id, "bkg")) return NotFound("no such booking");
  X8_TRY(auto booking, repository_.GetBooking(db_, booking_id));
  if (!booking) return NotFound("no such booking");
  auto allowed = access_.CanAccess(principal, booking->account_id);
  if (!allowed) {
    if (allowed.error().code == ErrorCode::kNotFound) return NotFound("no such booking");
    return allowed.error();
  }
  return std::move(*booking);
}

Result<std::string> SchedulingService::TimezoneOf(const http::Principal& principal,
                                                  std::string_view company_id) {
  X8_TRY(auto company, Reachable(principal, company_id));
  return company.timezone.empty() ? std::string("UTC") : company.timezone;
}

Result<Availability> SchedulingService::GetAvailability(const http::Principal& principal,
                                                        std::string_view company_id) {
  X8_TRY(auto company, Reachable(principal, company_id));
  return LoadAvailability(db_, company.id);
}

Result<Availability> SchedulingService::PutAvailability(const http::Principal& principal,
                                                        std::string_view company_id,
                                                        Availability availability) {
  X8_TRY(auto company, Reachable(principal, company_id));
  X8_TRY_STATUS(Validate(availability));
  availability.saved = true;
  availability.updated_at = clock_.NowMillis();
  X8_TRY_STATUS(repository_.SaveAvailability(db_, company.account_id, company.id, availability));
  return availability;
}

Result<std::vector<AvailabilityException>> SchedulingService::ListExceptions(const http::Principal& principal,
                                                                             std::string_view company_id) {
  X8_TRY(auto company, Reachable(principal, company_id));
  return repository_.ListExceptions(db_, company.id, "", "");
}

Result<AvailabilityException> SchedulingService::AddException(const http::Principal& principal,
                                                              std::string_view company_id,
                                                              AvailabilityException exception) {
  X8_TRY(auto company, Reachable(principal, company_id));
  if (!ParseDate(exception.date)) return InvalidArgument("date must be YYYY-MM-DD").With("field", "date");
  const int64_t now = clock_.NowMillis();
  exception.id = NewId("axc", now);
  exception.account_id = company.account_id;
  exception.company_id = company.id;
  exception.created_at = now;
  if (exception.closed) exception.hours.clear();
  X8_TRY_STATUS(repository_.InsertException(db_, exception));
  return exception;
}

Status SchedulingService::DeleteException(const http::Principal& principal, std::string_view exception_id) {
  if (!IsValidId(exception_id, "axc")) return NotFound("no such exception");
  X8_TRY(auto exception, repository_.GetException(db_, exception_id));
  if (!exception) return NotFound("no such exception");
  auto allowed = access_.CanAccess(principal, exception->account_id);
  if (!allowed) return NotFound("no such exception");
  X8_TRY(auto deleted, repository_.DeleteException(db_, exception_id));
  if (!deleted) return NotFound("no such exception");
  return Ok();
}

Result<std::vector<FreeSlot>> SchedulingService::Slots(const http::Principal& principal,
                                                       std::string_view company_id, BookingKind kind,
                                                       std::string_view item_id, int64_t from, int64_t to,
                                                       std::string_view zone) {
  X8_TRY(auto company, Reachable(principal, company_id));
  if (to <= from) return InvalidArgument("`to` must be after `from`").With("field", "to");
  if (to - from > options_.max_range_days * kDay) {
    return InvalidArgument("ask for at most " + std::to_string(options_.max_range_days) + " days")
        .With("field", "to");
  }
  return FreeSlots(company.id, kind, item_id, from, to, zone);
}

Result<std::vector<Booking>> SchedulingService::ListBookings(const http::Principal& principal,
                                                             std::string_view company_id,
                                                             const BookingFilter& filter) {
  X8_TRY(auto company, Reachable(principal, company_id));
  if (filter.from && filter.to && *filter.to <= *filter.from) {
    return InvalidArgument("`to` must be after `from`").With("field", "to");
  }
  return repository_.ListBookings(db_, company.id, filter);
}

Result<Booking> SchedulingService::CreateManual(const http::Principal& principal, std::string_view company_id,
                                                const ManualBooking& manual) {
  X8_TRY(auto company, Reachable(principal, company_id));
  HoldRequest request{.account_id = company.account_id,
                      .company_id = company.id,
                      .item_id = manual.kind == BookingKind::kDelivery ? std::string() : manual.item_id,
                      .variant_id = manual.variant_id,
                      .starts_at = manual.starts_at,
                      .contact_id = manual.contact_id,
                      .customer_name = manual.customer_name,
                      .address = manual.address,
                      .zone = manual.zone};
  return db_.Transact<Booking>([&](storage::Tx& tx) -> Result<Booking> {
    return Place(tx, request, BookingStatus::kConfirmed, "manual", manual.notes);
  });
}

Result<Booking> SchedulingService::Get(const http::Principal& principal, std::string_view booking_id) {
  return ReachableBooking(principal, booking_id);
}

Result<Booking> SchedulingService::Cancel(const http::Principal& principal, std::string_view booking_id) {
  X8_TRY(auto reachable, ReachableBooking(principal, booking_id));
  return db_.Transact<Booking>([&](storage::Tx& tx) -> Result<Booking> {
    X8_TRY(auto booking, repository_.GetBooking(tx, reachable.id));
    if (!booking) return NotFound("no such booking");
    if (!IsLive(booking->status)) {
      return Conflict("only pending or confirmed bookings can be cancelled")
          .With("status", ToString(booking->status));
    }
    return Move(tx, std::move(*booking), BookingStatus::kCancelled, clock_.NowMillis());
  });
}

Result<Booking> SchedulingService::Finish(const http::Principal& principal, std::string_view booking_id,
                                          BookingStatus to) {
  X8_TRY(auto reachable, ReachableBooking(principal, booking_id));
  const int64_t now = clock_.NowMillis();
  return db_.Transact<Booking>([&](storage::Tx& tx) -> Result<Booking> {
    X8_TRY(auto booking, repository_.GetBooking(tx, reachable.id));
    if (!booking) return NotFound("no such booking");
    if (booking->status != BookingStatus::kConfirmed) {
      return Conflict("only confirmed bookings can be marked so").With("status", ToString(booking->status));
    }
    if (booking->starts_at > now) {
      return Conflict("the booking has not started yet").With("reason", "not_started");
    }
    return Move(tx, std::move(*booking), to, now);
  });
}

Result<Booking> SchedulingService::Complete(const http::Principal& principal, std::string_view booking_id) {
  return Finish(principal, booking_id, BookingStatus::kCompleted);
}

Result<Booking> SchedulingService::NoShow(const http::Principal& principal, std::string_view booking_id) {
  return Finish(principal, booking_id, BookingStatus::kNoShow);
}

}  // namespace x8::scheduling
