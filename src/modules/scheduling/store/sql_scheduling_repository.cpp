#include "modules/scheduling/store/sql_scheduling_repository.h"

#include <boost/json.hpp>
#include <string>

#include "core/json.h"

namespace x8::scheduling {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kGetAvailability =
    "SELECT settings_json, updated_at FROM availability WHERE company_id = ?";
constexpr std::string_view kSaveAvailability =
    "INSERT INTO availability (company_id, account_id, settings_json, updated_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (company_id) DO UPDATE SET account_id = excluded.account_id, "
    "settings_json = excluded.settings_json, updated_at = excluded.updated_at";

constexpr std::string_view kExceptionColumns =
    "SELECT id, account_id, company_id, date, closed, hours_json, note, created_at FROM "
    "availability_exceptions";
constexpr std::string_view kInsertException =
    "INSERT INTO availability_exceptions (id, account_id, company_id, date, closed, hours_json, note, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (company_id, date) DO NOTHING";
constexpr std::string_view kDeleteException = "DELETE FROM availability_exceptions WHERE id = ?";

constexpr std::string_view kBookingColumns =
    "SELECT id, account_id, company_id, kind, item_id, variant_id, title, starts_at, ends_at, timezone, "
    "status, hold_expires_at, order_id, conversation_id, contact_id, customer_name, format, location, "
    "address, zone, resource, notes, source, google_event_id, created_at, updated_at FROM bookings";
constexpr std::string_view kInsertBooking =
    "INSERT INTO bookings (id, account_id, company_id, kind, item_id, variant_id, title, starts_at, ends_at, "
    "timezone, status, hold_expires_at, order_id, conversation_id, contact_id, customer_name, format, "
    "location, address, zone, resource, notes, source, google_event_id, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// Confirmed bookings and unexpired holds.
constexpr std::string_view kLiveCondition =
    " AND (status = 'confirmed' OR (status = 'pending_payment' AND (hold_expires_at IS NULL OR "
    "hold_expires_at > ?)))";
constexpr std::string_view kSetGoogleEventId = "UPDATE bookings SET google_event_id = ? WHERE id = ?";

constexpr std::string_view kTransition =
    "UPDATE bookings SET status = ?, hold_expires_at = CASE WHEN ? = 'pending_payment' THEN hold_expires_at "
    "ELSE NULL END, updated_at = ? WHERE id = ? AND status = ?";

// slot_load: the row is created at 0, then one place is taken only while fewer than capacity are.
constexpr std::string_view kEnsureLoad =
    "INSERT INTO slot_load (company_id, resource, starts_at, taken, capacity) VALUES (?, ?, ?, 0, ?) "
    "ON CONFLICT (company_id, resource, starts_at) DO NOTHING";
constexpr std::string_view kTakePlace =
    "UPDATE slot_load SET taken = taken + 1, capacity = ? "
    "WHERE company_id = ? AND resource = ? AND starts_at = ? AND taken < ?";
constexpr std::string_view kReleasePlace =
    "UPDATE slot_load SET taken = taken - 1 WHERE company_id = ? AND resource = ? AND starts_at = ? AND "
    "taken > 0";
constexpr std::string_view kPlacesTaken =
    "SELECT taken FROM slot_load WHERE company_id = ? AND resource = ? AND starts_at = ?";

Value Text(std::string_view text) { return std::string(text); }

Value OptInt(const std::optional<int64_t>& value) {
  if (value) return *value;
  return nullptr;
}

Result<AvailabilityException> ExceptionFromRow(const Row& row) {
  AvailabilityException e;
  e.id = row.Text("id");
  e.account_id = row.Text("account_id");
  e.company_id = row.Text("company_id");
  e.date = row.Text("date");
  e.closed = row.Int("closed") != 0;
  X8_TRY(auto hours, json::Parse(row.Text("hours_json")));
  if (hours.is_array()) {
    for (const auto& range : hours.as_array()) {
      if (!range.is_array() || range.as_array().size() != 2)
        return Internal("bad hours_json in an exception");
      X8_TRY(int start, ParseClock(range.as_array()[0].as_string()));
      X8_TRY(int end, ParseClock(range.as_array()[1].as_string()));
      e.hours.push_back({start, end});
    }
  }
  e.note = row.Text("note");
  e.created_at = row.Int("created_at");
  return e;
}

Result<Booking> BookingFromRow(const Row& row) {
  Booking b;
  b.id = row.Text("id");
  b.account_id = row.Text("account_id");
  b.company_id = row.Text("company_id");
  X8_TRY(b.kind, ParseBookingKind(row.Text("kind")));
  b.item_id = row.Text("item_id");
  b.variant_id = row.Text("variant_id");
  b.title = row.Text("title");
  b.starts_at = row.Int("starts_at");
  b.ends_at = row.Int("ends_at");
  b.timezone = row.Text("timezone");
  X8_TRY(b.status, ParseBookingStatus(row.Text("status")));
  b.hold_expires_at = row.OptInt("hold_expires_at");
  b.order_id = row.Text("order_id");
  b.conversation_id = row.Text("conversation_id");
  b.contact_id = row.Text("contact_id");
  b.customer_name = row.Text("customer_name");
  b.format = row.Text("format");
  b.location = row.Text("location");
  b.address = row.Text("address");
  b.zone = row.Text("zone");
  b.resource = row.Text("resource");
  b.notes = row.Text("notes");
  b.source = row.Text("source");
  b.google_event_id = row.Text("google_event_id");
  b.created_at = row.Int("created_at");
  b.updated_at = row.Int("updated_at");
  return b;
}

Result<std::vector<Booking>> Bookings(storage::Executor& ex, const std::string& sql,
                                      const std::vector<Value>& params) {
  X8_TRY(auto rows, ex.Query(sql, params));
  std::vector<Booking> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    X8_TRY(auto booking, BookingFromRow(row));
    out.push_back(std::move(booking));
  }
  return out;
}

}  // namespace

std::string ResourceOf(const Booking& booking) {
  if (!booking.resource.empty()) return booking.resource;
  return booking.kind == BookingKind::kDelivery ? std::string(kDeliveryResource) : booking.item_id;
}

Result<std::optional<Availability>> SqlSchedulingRepository::GetAvailability(storage::Executor& ex,
                                                                             std::string_view company_id) {
  X8_TRY(auto rows, ex.Query(kGetAvailability, {Text(company_id)}));
  if (rows.empty()) return std::optional<Availability>();
  X8_TRY(auto json, json::Parse(rows[0].Text("settings_json")));
  auto availability = AvailabilityFromJson(json);
  if (!availability) return Internal("stored availability is not valid: " + availability.error().message);
  availability->saved = true;
  availability->updated_at = rows[0].Int("updated_at");
  return std::optional<Availability>(std::move(*availability));
}

Status SqlSchedulingRepository::SaveAvailability(storage::Executor& ex, std::string_view account_id,
                                                 std::string_view company_id,
                                                 const Availability& availability) {
  auto json = ToJson(availability);
  json.erase("saved");
  json.erase("updated_at");
  X8_TRY_STATUS(ex.Exec(kSaveAvailability, {Text(company_id), Text(account_id), json::Serialize(json),
                                            availability.updated_at}));
  return Ok();
}

Result<std::vector<AvailabilityException>> SqlSchedulingRepository::ListExceptions(
    storage::Executor& ex, std::string_view company_id, std::string_view from_date,
    std::string_view to_date) {
  std::string sql = std::string(kExceptionColumns) + " WHERE company_id = ?";
  std::vector<Value> params{Text(company_id)};
  if (!from_date.empty()) {
    sql += " AND date >= ?";
    params.push_back(Text(from_date));
  }
  if (!to_date.empty()) {
    sql += " AND date <= ?";
    params.push_back(Text(to_date));
  }
  sql += " ORDER BY date";
  X8_TRY(auto rows, ex.Query(sql, params));
  std::vector<AvailabilityException> out;
  for (const auto& row : rows) {
    X8_TRY(auto e, ExceptionFromRow(row));
    out.push_back(std::move(e));
  }
  return out;
}

Status SqlSchedulingRepository::InsertException(storage::Executor& ex, const AvailabilityException& e) {
  boost::json::array hours;
  for (const auto& range : e.hours) {
    hours.push_back(boost::json::array{boost::json::string(FormatClock(range.start_min)),
                                       boost::json::string(FormatClock(range.end_min))});
  }
  X8_TRY(auto inserted, ex.Exec(kInsertException, {Text(e.id), Text(e.account_id), Text(e.company_id),
                                                   Text(e.date), int64_t{e.closed ? 1 : 0},
                                                   json::Serialize(hours), Text(e.note), e.created_at}));
  if (inserted == 0) {
    return Conflict("there is already an exception for " + e.date).With("field", "date");
  }
  return Ok();
}

Result<std::optional<AvailabilityException>> SqlSchedulingRepository::GetException(
    storage::Executor& ex, std::string_view exception_id) {
  X8_TRY(auto rows, ex.Query(std::string(kExceptionColumns) + " WHERE id = ?", {Text(exception_id)}));
  if (rows.empty()) return std::optional<AvailabilityException>();
  X8_TRY(auto e, ExceptionFromRow(rows[0]));
  return std::optional<AvailabilityException>(std::move(e));
}

Result<bool> SqlSchedulingRepository::DeleteException(storage::Executor& ex, std::string_view exception_id) {
  X8_TRY(auto deleted, ex.Exec(kDeleteException, {Text(exception_id)}));
  return deleted > 0;
}

Status SqlSchedulingRepository::InsertBooking(storage::Executor& ex, const Booking& b) {
  X8_TRY_STATUS(ex.Exec(kInsertBooking, {Text(b.id),
                                         Text(b.account_id),
                                         Text(b.company_id),
                                         Text(ToString(b.kind)),
                                         Text(b.item_id),
                                         Text(b.variant_id),
                                         Text(b.title),
                                         b.starts_at,
                                         b.ends_at,
                                         Text(b.timezone),
                                         Text(ToString(b.status)),
                                         OptInt(b.hold_expires_at),
                                         Text(b.order_id),
                                         Text(b.conversation_id),
                                         Text(b.contact_id),
                                         Text(b.customer_name),
                                         Text(b.format),
                                         Text(b.location),
                                         Text(b.address),
                                         Text(b.zone),
                                         Text(b.resource),
                                         Text(b.notes),
                                         Text(b.source),
                                         Text(b.google_event_id),
                                         b.created_at,
                                         b.updated_at}));
  return Ok();
}

Result<std::optional<Booking>> SqlSchedulingRepository::GetBooking(storage::Executor& ex,
                                                                   std::string_view booking_id) {
  X8_TRY(auto found, Bookings(ex, std::string(kBookingColumns) + " WHERE id = ?", {Text(booking_id)}));
  if (found.empty()) return std::optional<Booking>();
  return std::optional<Booking>(std::move(found.front()));
}

Result<std::vector<Booking>> SqlSchedulingRepository::ListBookings(storage::Executor& ex,
                                                                   std::string_view company_id,
                                                                   const BookingFilter& filter) {
  std::string sql = std::string(kBookingColumns) + " WHERE company_id = ?";
  std::vector<Value> params{Text(company_id)};
  if (filter.from) {
    sql += " AND ends_at > ?";
    params.emplace_back(*filter.from);
  }
  if (filter.to) {
    sql += " AND starts_at < ?";
    params.emplace_back(*filter.to);
  }
  if (filter.status) {
    sql += " AND status = ?";
    params.push_back(Text(ToString(*filter.status)));
  }
  sql += " ORDER BY starts_at, id LIMIT ?";
  params.emplace_back(filter.limit);
  return Bookings(ex, sql, params);
}

Result<std::vector<Booking>> SqlSchedulingRepository::LiveBookings(storage::Executor& ex,
                                                                   std::string_view company_id,
                                                                   BookingKind kind, std::string_view item_id,
                                                                   int64_t from, int64_t to, int64_t now) {
  return Bookings(ex,
                  std::string(kBookingColumns) +
                      " WHERE company_id = ? AND kind = ? AND item_id = ? AND starts_at < ? AND ends_at > ?" +
                      std::string(kLiveCondition) + " ORDER BY starts_at, id",
                  {Text(company_id), Text(ToString(kind)), Text(item_id), to, from, now});
}

Result<std::vector<Booking>> SqlSchedulingRepository::BookingsOfOrder(storage::Executor& ex,
                                                                      std::string_view order_id) {
  if (order_id.empty()) return std::vector<Booking>();
  return Bookings(ex, std::string(kBookingColumns) + " WHERE order_id = ? ORDER BY starts_at, id",
                  {Text(order_id)});
}

Result<std::vector<Booking>> SqlSchedulingRepository::ExpiredHolds(storage::Executor& ex, int64_t now,
                                                                   int64_t limit) {
  return Bookings(
      ex,
      std::string(kBookingColumns) +
          " WHERE status = 'pending_payment' AND hold_expires_at <= ? ORDER BY hold_expires_at, id "
          "LIMIT ?",
      {now, limit});
}

Result<std::vector<Booking>> SqlSchedulingRepository::ExpiredHoldsAt(storage::Executor& ex,
                                                                     std::string_view company_id,
                                                                     BookingKind kind,
                                                                     std::string_view item_id,
                                                                     int64_t starts_at, int64_t now) {
  return Bookings(ex,
                  std::string(kBookingColumns) +
                      " WHERE company_id = ? AND kind = ? AND item_id = ? AND starts_at = ? AND "
                      "status = 'pending_payment' AND hold_expires_at <= ? ORDER BY id",
                  {Text(company_id), Text(ToString(kind)), Text(item_id), starts_at, now});
}

Result<bool> SqlSchedulingRepository::SetGoogleEventId(storage::Executor& ex, std::string_view booking_id,
                                                       std::string_view event_id) {
  X8_TRY(auto changed, ex.Exec(kSetGoogleEventId, {Text(event_id), Text(booking_id)}));
  return changed > 0;
}

Result<bool> SqlSchedulingRepository::Transition(storage::Executor& ex, std::string_view booking_id,
                                                 BookingStatus from, BookingStatus to, int64_t now) {
  X8_TRY(auto changed, ex.Exec(kTransition, {Text(ToString(to)), Text(ToString(to)), now, Text(booking_id),
                                             Text(ToString(from))}));
  return changed > 0;
}

Result<bool> SqlSchedulingRepository::TakePlace(storage::Executor& ex, std::string_view company_id,
                                                std::string_view resource, int64_t starts_at,
                                                int64_t capacity) {
  X8_TRY_STATUS(ex.Exec(kEnsureLoad, {Text(company_id), Text(resource), starts_at, capacity}));
  X8_TRY(auto taken, ex.Exec(kTakePlace, {capacity, Text(company_id), Text(resource), starts_at, capacity}));
  return taken > 0;
}

Status SqlSchedulingRepository::ReleasePlace(storage::Executor& ex, std::string_view company_id,
                                             std::string_view resource, int64_t starts_at) {
  X8_TRY_STATUS(ex.Exec(kReleasePlace, {Text(company_id), Text(resource), starts_at}));
  return Ok();
}

Result<int64_t> SqlSchedulingRepository::PlacesTaken(storage::Executor& ex, std::string_view company_id,
                                                     std::string_view resource, int64_t starts_at) {
  X8_TRY(auto rows, ex.Query(kPlacesTaken, {Text(company_id), Text(resource), starts_at}));
  if (rows.empty()) return int64_t{0};
  return rows[0].Int("taken");
}

}  // namespace x8::scheduling
