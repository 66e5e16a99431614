#include "modules/scheduling/domain/model.h"

#include <date/date.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <sstream>

#include "core/json.h"

namespace x8::scheduling {
namespace {

constexpr int64_t kMaxMinutesSetting = int64_t{24} * 60;
constexpr int64_t kMaxLeadMinutes = int64_t{30} * 24 * 60;
constexpr int64_t kMaxHorizonDays = 366;
constexpr int64_t kMaxCapacity = 1000;
constexpr size_t kMaxRangesPerDay = 12;
constexpr size_t kMaxDeliveryWindows = 50;
constexpr size_t kMaxDeliveryZones = 100;
constexpr size_t kMaxZoneName = 100;
constexpr size_t kMaxNote = 500;
constexpr int64_t kMaxMoney = int64_t{1'000'000'000'000};

Error FieldError(const std::string& field, std::string message) {
  return InvalidArgument(std::move(message)).With("field", field);
}

bool ParseDigits(std::string_view text, int& out) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// [["HH:MM","HH:MM"], …] → sorted, non-overlapping ranges; errors name `field`.
Result<std::vector<TimeRange>> ParseRanges(const boost::json::value& json, const std::string& field) {
  if (!json.is_array()) return FieldError(field, field + " must be a list of [\"HH:MM\",\"HH:MM\"] ranges");
  const auto& array = json.as_array();
  if (array.size() > kMaxRangesPerDay) {
    return FieldError(field, field + " has more than " + std::to_string(kMaxRangesPerDay) + " ranges");
  }
  std::vector<TimeRange> ranges;
  for (const auto& item : array) {
    if (!item.is_array() || item.as_array().size() != 2 || !item.as_array()[0].is_string() ||
        !item.as_array()[1].is_string()) {
      return FieldError(field, field + " must be a list of [\"HH:MM\",\"HH:MM\"] ranges");
    }
    auto start = ParseClock(item.as_array()[0].as_string());
    auto end = ParseClock(item.as_array()[1].as_string());
    if (!start || !end) return FieldError(field, field + ": times are HH:MM from 00:00 to 24:00");
    if (*start >= *end) return FieldError(field, field + ": a range must end after it starts");
    ranges.push_back({*start, *end});
  }
  std::sort(ranges.begin(), ranges.end(),
            [](const TimeRange& a, const TimeRange& b) { return a.start_min < b.start_min; });
  for (size_t i = 1; i < ranges.size(); ++i) {
    if (ranges[i].start_min < ranges[i - 1].end_min) {
      return FieldError(field, field + ": ranges must not overlap");
    }
  }
  return ranges;
}

boost::json::array RangesJson(const std::vector<TimeRange>& ranges) {
  boost::json::array out;
  for (const auto& range : ranges) {
    out.push_back(boost::json::array{boost::json::string(FormatClock(range.start_min)),
                                     boost::json::string(FormatClock(range.end_min))});
  }
  return out;
}

Result<int64_t> IntField(const boost::json::object& obj, std::string_view key, const std::string& field,
                         int64_t min, int64_t max) {
  const auto* value = obj.if_contains(key);
  if (value == nullptr || !value->is_int64()) {
    if (value != nullptr && value->is_uint64() && value->as_uint64() <= static_cast<uint64_t>(max)) {
      return static_cast<int64_t>(value->as_uint64());
    }
    return FieldError(field, field + " must be a whole number");
  }
  const int64_t v = value->as_int64();
  if (v < min || v > max) {
    return FieldError(field, field + " must be from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return v;
}

Status ValidateRanges(const std::vector<TimeRange>& ranges, const std::string& field) {
  if (ranges.size() > kMaxRangesPerDay) return FieldError(field, field + " has too many ranges");
  for (size_t i = 0; i < ranges.size(); ++i) {
    const auto& r = ranges[i];
    if (r.start_min < 0 || r.end_min > 24 * 60 || r.start_min >= r.end_min) {
      return FieldError(field, field + ": a range must end after it starts, within the day");
    }
    if (i > 0 && r.start_min < ranges[i - 1].end_min) {
      return FieldError(field, field + ": ranges must be sorted and must not overlap");
    }
  }
  return Ok();
}

Result<int> ParseWeekday(std::string_view text) {
  for (size_t i = 0; i < kWeekdays.size(); ++i) {
    if (kWeekdays[i] == text) return static_cast<int>(i);
  }
  return InvalidArgument("unknown weekday");
}

}  // namespace

Result<int> ParseClock(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return InvalidArgument("a time is HH:MM");
  int hours = 0;
  int minutes = 0;
  if (!ParseDigits(text.substr(0, 2), hours) || !ParseDigits(text.substr(3, 2), minutes)) {
    return InvalidArgument("a time is HH:MM");
  }
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return InvalidArgument("a time is HH:MM");
  return hours * 60 + minutes;
}

std::string FormatClock(int minutes) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", minutes / 60, minutes % 60);
  return buffer;
}

Availability DefaultAvailability() {
  Availability availability;
  for (int day = 0; day < 5; ++day) availability.weekly[day] = {{9 * 60, 18 * 60}};
  availability.weekly[5] = {{10 * 60, 16 * 60}};
  return availability;
}

Status Validate(const Availability& a) {
  for (size_t day = 0; day < a.weekly.size(); ++day) {
    X8_TRY_STATUS(ValidateRanges(a.weekly[day], "weekly." + std::string(kWeekdays[day])));
  }
  if (a.slot_minutes < 5 || a.slot_minutes > kMaxMinutesSetting) {
    return FieldError("slot_minutes", "slot_minutes must be from 5 to 1440");
  }
  if (a.buffer_minutes < 0 || a.buffer_minutes > kMaxMinutesSetting) {
    return FieldError("buffer_minutes", "buffer_minutes must be from 0 to 1440");
  }
  if (a.lead_minutes < 0 || a.lead_minutes > kMaxLeadMinutes) {
    return FieldError("lead_minutes", "lead_minutes must be from 0 to 43200");
  }
  if (a.horizon_days < 1 || a.horizon_days > kMaxHorizonDays) {
    return FieldError("horizon_days", "horizon_days must be from 1 to 366");
  }
  if (a.service_capacity < 1 || a.service_capacity > kMaxCapacity) {
    return FieldError("service_capacity", "service_capacity must be from 1 to 1000");
  }
  if (a.delivery_windows.size() > kMaxDeliveryWindows) {
    return FieldError("delivery_windows", "at most 50 delivery windows");
  }
  for (size_t i = 0; i < a.delivery_windows.size(); ++i) {
    const auto& w = a.delivery_windows[i];
    const std::string field = "delivery_windows[" + std::to_string(i) + "]";
    if (w.days.empty()) return FieldError(field + ".days", "a delivery window needs at least one day");
    for (int d : w.days) {
      if (d < 0 || d > 6) return FieldError(field + ".days", "days are mon…sun");
    }
    if (w.hours.start_min < 0 || w.hours.end_min > 24 * 60 || w.hours.start_min >= w.hours.end_min) {
      return FieldError(field + ".to", "a delivery window must end after it starts");
    }
    if (w.capacity < 1 || w.capacity > kMaxCapacity) {
      return FieldError(field + ".capacity", "capacity must be from 1 to 1000");
    }
    for (const auto& zone : w.zones) {
      const bool known = std::any_of(a.delivery_zones.begin(), a.delivery_zones.end(),
                                     [&](const DeliveryZone& z) { return z.name == zone; });
      if (!known) return FieldError(field + ".zones", "unknown delivery zone " + zone);
    }
    // A day, a start and a zone name one window: the one a customer's choice is counted against.
    for (size_t j = 0; j < i; ++j) {
      const auto& other = a.delivery_windows[j];
      if (other.hours.start_min != w.hours.start_min) continue;
      const bool same_day = std::any_of(w.days.begin(), w.days.end(), [&](int d) {
        return std::find(other.days.begin(), other.days.end(), d) != other.days.end();
      });
      const bool shared_zone =
          w.zones.empty() || other.zones.empty() ||
          std::any_of(w.zones.begin(), w.zones.end(), [&](const auto& z) {
            return std::find(other.zones.begin(), other.zones.end(), z) != other.zones.end();
          });
      if (same_day && shared_zone) {
        return FieldError(field + ".from", "delivery windows " + std::to_string(j + 1) + " and " +
                                               std::to_string(i + 1) +
                                               " start at the same time on the same day for the same zone");
      }
    }
  }
  if (a.delivery_zones.size() > kMaxDeliveryZones) {
    return FieldError("delivery_zones", "at most 100 delivery zones");
  }
  for (size_t i = 0; i < a.delivery_zones.size(); ++i) {
    const auto& z = a.delivery_zones[i];
    const std::string field = "delivery_zones[" + std::to_string(i) + "]";
    if (z.name.empty() || z.name.size() > kMaxZoneName) {
      return FieldError(field + ".name", "a zone needs a name of at most 100 characters");
    }
    for (size_t j = 0; j < i; ++j) {
      if (a.delivery_zones[j].name == z.name) return FieldError(field + ".name", "zone names must be unique");
    }
    if (z.fee_minor < 0 || z.fee_minor > kMaxMoney) {
      return FieldError(field + ".fee_minor", "fee_minor must be a non-negative amount");
    }
    if (z.free_over_minor && (*z.free_over_minor < 0 || *z.free_over_minor > kMaxMoney)) {
      return FieldError(field + ".free_over_minor", "free_over_minor must be a non-negative amount");
    }
  }
  return Ok();
}

boost::json::object ToJson(const Availability& a) {
  boost::json::object weekly;
  for (size_t day = 0; day < a.weekly.size(); ++day) weekly[kWeekdays[day]] = RangesJson(a.weekly[day]);
  boost::json::array windows;
  for (const auto& w : a.delivery_windows) {
    boost::json::array days;
    for (int d : w.days) days.push_back(boost::json::string(kWeekdays.at(d)));
    boost::json::array zones;
    for (const auto& zone : w.zones) zones.push_back(boost::json::string(zone));
    windows.push_back(boost::json::object{{"days", std::move(days)},
                                          {"from", FormatClock(w.hours.start_min)},
                                          {"to", FormatClock(w.hours.end_min)},
                                          {"capacity", w.capacity},
                                          {"zones", std::move(zones)}});
  }
  boost::json::array zones;
  for (const auto& z : a.delivery_zones) {
    boost::json::value free_over = nullptr;
    if (z.free_over_minor) free_over = *z.free_over_minor;
    zones.push_back(boost::json::object{
        {"name", z.name}, {"fee_minor", z.fee_minor}, {"free_over_minor", std::move(free_over)}});
  }
  boost::json::value updated_at = nullptr;
  if (a.saved) updated_at = a.updated_at;
  return {{"weekly", std::move(weekly)},
          {"slot_minutes", a.slot_minutes},
          {"buffer_minutes", a.buffer_minutes},
          {"lead_minutes", a.lead_minutes},
          {"horizon_days", a.horizon_days},
          {"service_capacity", a.service_capacity},
          {"delivery_windows", std::move(windows)},
          {"delivery_zones", std::move(zones)},
          {"saved", a.saved},
          {"updated_at", std::move(updated_at)}};
}

Result<Availability> AvailabilityFromJson(const boost::json::value& json) {
  if (!json.is_object()) return InvalidArgument("the body must be a JSON object");
  const auto& obj = json.as_object();
  static constexpr std::array<std::string_view, 10> kKnown = {
      "weekly",           "slot_minutes",     "buffer_minutes", "lead_minutes", "horizon_days",
      "service_capacity", "delivery_windows", "delivery_zones", "saved",        "updated_at"};
  for (const auto& [key, _] : obj) {
    if (std::find(kKnown.begin(), kKnown.end(), std::string_view(key)) == kKnown.end()) {
      return FieldError(std::string(key), "unknown field " + std::string(key));
    }
  }
  Availability a = DefaultAvailability();
  if (const auto* weekly = obj.if_contains("weekly")) {
    if (!weekly->is_object()) return FieldError("weekly", "weekly must be an object mon…sun → ranges");
    for (auto& day : a.weekly) day.clear();
    for (const auto& [key, value] : weekly->as_object()) {
      auto day = ParseWeekday(key);
      if (!day)
        return FieldError("weekly." + std::string(key), "weekdays are mon, tue, wed, thu, fri, sat, sun");
      X8_TRY(a.weekly[*day], ParseRanges(value, "weekly." + std::string(key)));
    }
  }
  if (obj.contains("slot_minutes")) {
    X8_TRY(a.slot_minutes, IntField(obj, "slot_minutes", "slot_minutes", 5, 1440));
  }
  if (obj.contains("buffer_minutes")) {
    X8_TRY(a.buffer_minutes, IntField(obj, "buffer_minutes", "buffer_minutes", 0, 1440));
  }
  if (obj.contains("lead_minutes")) {
    X8_TRY(a.lead_minutes, IntField(obj, "lead_minutes", "lead_minutes", 0, kMaxLeadMinutes));
  }
  if (obj.contains("horizon_days")) {
    X8_TRY(a.horizon_days, IntField(obj, "horizon_days", "horizon_days", 1, kMaxHorizonDays));
  }
  if (obj.contains("service_capacity")) {
    X8_TRY(a.service_capacity, IntField(obj, "service_capacity", "service_capacity", 1, kMaxCapacity));
  }
  if (const auto* windows = obj.if_contains("delivery_windows")) {
    if (!windows->is_array()) return FieldError("delivery_windows", "delivery_windows must be a list");
    size_t i = 0;
    for (const auto& item : windows->as_array()) {
      const std::string field = "delivery_windows[" + std::to_string(i++) + "]";
      if (!item.is_object())
        return FieldError(field, "a delivery window is {days, from, to, capacity, zones}");
      const auto& w = item.as_object();
      DeliveryWindow window;
      const auto* days = w.if_contains("days");
      if (days == nullptr || !days->is_array())
        return FieldError(field + ".days", "days must be a list of mon…sun");
      for (const auto& d : days->as_array()) {
        if (!d.is_string()) return FieldError(field + ".days", "days must be a list of mon…sun");
        auto day = ParseWeekday(d.as_string());
        if (!day) return FieldError(field + ".days", "days must be a list of mon…sun");
        if (std::find(window.days.begin(), window.days.end(), *day) == window.days.end()) {
          window.days.push_back(*day);
        }
      }
      std::sort(window.days.begin(), window.days.end());
      for (const char* key : {"from", "to"}) {
        const auto* value = w.if_contains(key);
        Result<int> minutes = InvalidArgument("");
        if (value != nullptr && value->is_string()) minutes = ParseClock(value->as_string());
        if (!minutes) return FieldError(field + "." + key, std::string(key) + " must be HH:MM");
        (std::string_view(key) == "from" ? window.hours.start_min : window.hours.end_min) = *minutes;
      }
      if (w.contains("capacity")) {
        X8_TRY(window.capacity, IntField(w, "capacity", field + ".capacity", 1, kMaxCapacity));
      }
      if (const auto* zones = w.if_contains("zones"); zones != nullptr && !zones->is_null()) {
        if (!zones->is_array()) return FieldError(field + ".zones", "zones must be a list of zone names");
        for (const auto& zone : zones->as_array()) {
          if (!zone.is_string()) return FieldError(field + ".zones", "zones must be a list of zone names");
          std::string name(zone.as_string());
          if (std::find(window.zones.begin(), window.zones.end(), name) == window.zones.end()) {
            window.zones.push_back(std::move(name));
          }
        }
      }
      a.delivery_windows.push_back(std::move(window));
    }
  }
  if (const auto* zones = obj.if_contains("delivery_zones")) {
    if (!zones->is_array()) return FieldError("delivery_zones", "delivery_zones must be a list");
    size_t i = 0;
    for (const auto& item : zones->as_array()) {
      const std::string field = "delivery_zones[" + std::to_string(i++) + "]";
      if (!item.is_object()) return FieldError(field, "a zone is {name, fee_minor, free_over_minor}");
      const auto& z = item.as_object();
      DeliveryZone zone;
      const auto* name = z.if_contains("name");
      if (name == nullptr || !name->is_string()) return FieldError(field + ".name", "a zone needs a name");
      zone.name = std::string(name->as_string());
      if (z.contains("fee_minor")) {
        X8_TRY(zone.fee_minor, IntField(z, "fee_minor", field + ".fee_minor", 0, kMaxMoney));
      }
      if (const auto* free_over = z.if_contains("free_over_minor"); free_over && !free_over->is_null()) {
        X8_TRY(auto value, IntField(z, "free_over_minor", field + ".free_over_minor", 0, kMaxMoney));
        zone.free_over_minor = value;
      }
      a.delivery_zones.push_back(std::move(zone));
    }
  }
  X8_TRY_STATUS(Validate(a));
  return a;
}

bool Serves(const DeliveryWindow& window, std::string_view zone) {
  return zone.empty() || window.zones.empty() ||
         std::find(window.zones.begin(), window.zones.end(), zone) != window.zones.end();
}

std::string DeliveryResourceOf(const DeliveryWindow& window, std::string_view zone) {
  if (window.zones.empty() || zone.empty()) return std::string(kDeliveryResource);
  return std::string(kDeliveryResource) + ":" + std::string(zone);
}

Result<int64_t> DeliveryFee(const Availability& availability, std::string_view zone, int64_t subtotal_minor) {
  for (const auto& z : availability.delivery_zones) {
    if (z.name != zone) continue;
    if (z.free_over_minor && subtotal_minor >= *z.free_over_minor) return 0;
    return z.fee_minor;
  }
  return FieldError("zone", "unknown delivery zone");
}

boost::json::object ToJson(const AvailabilityException& e) {
  return {{"id", e.id},
          {"company_id", e.company_id},
          {"date", e.date},
          {"closed", e.closed},
          {"hours", RangesJson(e.hours)},
          {"note", e.note},
          {"created_at", e.created_at}};
}

Result<AvailabilityException> ExceptionFromJson(const boost::json::value& json) {
  if (!json.is_object()) return InvalidArgument("the body must be a JSON object");
  const auto& obj = json.as_object();
  for (const auto& [key, _] : obj) {
    if (key != "date" && key != "closed" && key != "hours" && key != "note") {
      return FieldError(std::string(key), "unknown field " + std::string(key));
    }
  }
  AvailabilityException e;
  const auto* date = obj.if_contains("date");
  if (date == nullptr || !date->is_string() || !ParseDate(date->as_string())) {
    return FieldError("date", "date must be YYYY-MM-DD");
  }
  e.date = std::string(date->as_string());
  const auto* hours = obj.if_contains("hours");
  const bool has_hours = hours != nullptr && !hours->is_null();
  if (const auto* closed = obj.if_contains("closed"); closed && !closed->is_null()) {
    if (!closed->is_bool()) return FieldError("closed", "closed must be true or false");
    e.closed = closed->as_bool();
  } else {
    e.closed = !has_hours;
  }
  if (has_hours) {
    X8_TRY(e.hours, ParseRanges(*hours, "hours"));
  }
  if (e.closed && !e.hours.empty()) return FieldError("hours", "a closed day has no hours");
  if (!e.closed && e.hours.empty()) return FieldError("hours", "give the day's hours, or mark it closed");
  if (const auto* note = obj.if_contains("note"); note && !note->is_null()) {
    if (!note->is_string() || note->as_string().size() > kMaxNote) {
      return FieldError("note", "note must be text of at most 500 characters");
    }
    e.note = std::string(note->as_string());
  }
  return e;
}

Result<int64_t> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return InvalidArgument("a date is YYYY-MM-DD");
  int y = 0;
  int m = 0;
  int d = 0;
  if (!ParseDigits(text.substr(0, 4), y) || !ParseDigits(text.substr(5, 2), m) ||
      !ParseDigits(text.substr(8, 2), d)) {
    return InvalidArgument("a date is YYYY-MM-DD");
  }
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || y < 1970) return InvalidArgument("a date is YYYY-MM-DD");
  return date::sys_days{ymd}.time_since_epoch().count();
}

std::string FormatDate(int64_t days) {
  const date::year_month_day ymd{date::sys_days{date::days{days}}};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

std::string ToIso(int64_t unix_ms) {
  const auto tp = date::floor<std::chrono::seconds>(
      date::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{unix_ms}});
  return date::format("%Y-%m-%dT%H:%M:%SZ", tp);
}

Result<int64_t> ParseInstant(std::string_view text) {
  int64_t ms = 0;
  if (!text.empty() && text.size() <= 15) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
    if (ec == std::errc() && end == text.data() + text.size() && ms >= 0) return ms;
  }
  const std::string input(text);
  for (const char* format :
       {"%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S%Ez", "%Y-%m-%dT%H:%MZ", "%Y-%m-%dT%H:%M%Ez"}) {
    std::istringstream in(input);
    date::sys_time<std::chrono::milliseconds> tp;
    in >> date::parse(format, tp);
    if (!in.fail() && in.peek() == std::char_traits<char>::eof()) return tp.time_since_epoch().count();
  }
  return InvalidArgument("an instant is YYYY-MM-DDTHH:MM:SSZ or with an offset");
}

boost::json::object ToJson(const Booking& b) {
  boost::json::value hold = nullptr;
  if (b.hold_expires_at) hold = *b.hold_expires_at;
  return {{"id", b.id},
          {"company_id", b.company_id},
          {"kind", ToString(b.kind)},
          {"item_id", b.item_id},
          {"variant_id", b.variant_id},
          {"title", b.title},
          {"starts_at", b.starts_at},
          {"ends_at", b.ends_at},
          {"timezone", b.timezone},
          {"status", ToString(b.status)},
          {"hold_expires_at", std::move(hold)},
          {"order_id", b.order_id},
          {"conversation_id", b.conversation_id},
          {"contact_id", b.contact_id},
          {"customer_name", b.customer_name},
          {"format", b.format},
          {"location", b.location},
          {"address", b.address},
          {"zone", b.zone},
          {"notes", b.notes},
          {"source", b.source},
          {"google_event_id", b.google_event_id},
          {"created_at", b.created_at},
          {"updated_at", b.updated_at}};
}

std::string_view ToString(BookingStatus status) {
  switch (status) {
    case BookingStatus::kPendingPayment:
      return "pending_payment";
    case BookingStatus::kConfirmed:
      return "confirmed";
    case BookingStatus::kCancelled:
      return "cancelled";
    case BookingStatus::kCompleted:
      return "completed";
    case BookingStatus::kNoShow:
      return "no_show";
  }
  return "pending_payment";
}

Result<BookingStatus> ParseBookingStatus(std::string_view text) {
  for (auto status : {BookingStatus::kPendingPayment, BookingStatus::kConfirmed, BookingStatus::kCancelled,
                      BookingStatus::kCompleted, BookingStatus::kNoShow}) {
    if (ToString(status) == text) return status;
  }
  return FieldError("status", "status is pending_payment, confirmed, cancelled, completed or no_show");
}

std::string_view ToString(BookingKind kind) {
  return kind == BookingKind::kDelivery ? "delivery" : "appointment";
}

Result<BookingKind> ParseBookingKind(std::string_view text) {
  if (text == "appointment") return BookingKind::kAppointment;
  if (text == "delivery") return BookingKind::kDelivery;
  return FieldError("kind", "kind is appointment or delivery");
}

}  // namespace x8::scheduling
