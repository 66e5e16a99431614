#include "modules/scheduling/domain/service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "modules/scheduling/testing/fixture.h"

namespace x8::scheduling {
namespace {

using testing::FieldOf;
using testing::kHourMs;
using testing::kMinuteMs;
using testing::kMonday0900Utc;
using testing::ReasonOf;

class SchedulingServiceTest : public testing::SchedulingTest {};

TEST_P(SchedulingServiceTest, HoldTakesAPlaceAndPaymentConfirmsIt) {
  auto held = Hold(Request("itm_cut", kMonday0900Utc));
  ASSERT_TRUE(held) << held.error().message;
  EXPECT_TRUE(IsValidId(held->id, "bkg"));
  EXPECT_EQ(held->status, BookingStatus::kPendingPayment);
  EXPECT_EQ(held->title, "Women's haircut");
  EXPECT_EQ(held->ends_at, kMonday0900Utc + kHourMs);
  EXPECT_EQ(held->timezone, "Europe/Berlin");
  EXPECT_EQ(held->location, "Main St 1");
  EXPECT_EQ(held->hold_expires_at, clock_.NowMillis() + kHourMs);
  EXPECT_EQ(held->account_id, salon_.principal.tenant_id);
  EXPECT_EQ(Taken("itm_cut", kMonday0900Utc), 1);

  // The slot is gone for the next customer, and so are the overlapping starts.
  auto again = Hold(Request("itm_cut", kMonday0900Utc, "ord_2"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(ReasonOf(again.error()), "slot_taken");
  auto overlapping = Hold(Request("itm_cut", kMonday0900Utc + 30 * kMinuteMs, "ord_2"));
  ASSERT_FALSE(overlapping);
  EXPECT_EQ(ReasonOf(overlapping.error()), "slot_taken");
  auto slots = service_->FreeSlots(salon_.company_id, BookingKind::kAppointment, "itm_cut",
                                   kMonday0900Utc - kHourMs, kMonday0900Utc + 2 * kHourMs);
  ASSERT_TRUE(slots);
  // 09:00 Berlin ends as the hold starts; 10:30 overlaps it; 11:00 and 11:30 are after it.
  ASSERT_EQ(slots->size(), 3u);
  EXPECT_EQ((*slots)[0].starts_at, kMonday0900Utc - kHourMs);
  EXPECT_EQ((*slots)[1].starts_at, kMonday0900Utc + kHourMs);
  EXPECT_EQ((*slots)[2].starts_at, kMonday0900Utc + kHourMs + 30 * kMinuteMs);

  auto confirmed = db().Transact<std::vector<Booking>>(
      [&](storage::Tx& tx) { return service_->ConfirmForOrder(tx, "ord_1"); });
  ASSERT_TRUE(confirmed);
  ASSERT_EQ(confirmed->size(), 1u);
  EXPECT_EQ(confirmed->front().status, BookingStatus::kConfirmed);
  EXPECT_FALSE(confirmed->front().hold_expires_at);
  EXPECT_EQ(Load(held->id).status, BookingStatus::kConfirmed);
  EXPECT_EQ(Taken("itm_cut", kMonday0900Utc), 1);
  ASSERT_EQ(observer_.changes.size(), 2u);
  EXPECT_EQ(observer_.changes[0].status, BookingStatus::kPendingPayment);
  EXPECT_EQ(observer_.changes[1].status, BookingStatus::kConfirmed);
}

TEST_P(SchedulingServiceTest, ReleaseForOrderGivesThePlaceBack) {
  auto held = Hold(Request("itm_cut", kMonday0900Utc));
  ASSERT_TRUE(held);
  auto released = db().Transact<std::vector<Booking>>(
      [&](storage::Tx& tx) { return service_->ReleaseForOrder(tx, "ord_1"); });
  ASSERT_TRUE(released);
  ASSERT_EQ(released->size(), 1u);
  EXPECT_EQ(released->front().status, BookingStatus::kCancelled);
  EXPECT_EQ(Taken("itm_cut", kMonday0900Utc), 0);
  EXPECT_TRUE(Hold(Request("itm_cut", kMonday0900Utc, "ord_2")));
  // Releasing again changes nothing.
  auto twice = db().Transact<std::vector<Booking>>(
      [&](storage::Tx& tx) { return service_->ReleaseForOrder(tx, "ord_1"); });
  ASSERT_TRUE(twice);
  EXPECT_TRUE(twice->empty());
}

TEST_P(SchedulingServiceTest, BookNowConfirmsAtOnceAndCapacityAllowsGroups) {
  for (int i = 0; i < 3; ++i) {
    auto booked = BookNow(Request("itm_yoga", kMonday0900Utc, ""));
    ASSERT_TRUE(booked) << booked.error().message;
    EXPECT_EQ(booked->status, BookingStatus::kConfirmed);
    EXPECT_FALSE(booked->hold_expires_at);
    EXPECT_EQ(booked->format, "online");
  }
  auto fourth = BookNow(Request("itm_yoga", kMonday0900Utc, ""));
  ASSERT_FALSE(fourth);
  EXPECT_EQ(ReasonOf(fourth.error()), "slot_taken");
  EXPECT_EQ(Taken("itm_yoga", kMonday0900Utc), 3);
}

TEST_P(SchedulingServiceTest, RejectsTimesThatAreNotOffered) {
  // Sunday is closed by default; 08:00 Berlin is before opening; an off-grid start; inside the lead time.
  for (int64_t start : {kMonday0900Utc - 24 * kHourMs, kMonday0900Utc - 2 * kHourMs,
                        kMonday0900Utc + 7 * kMinuteMs, clock_.NowMillis() + 10 * kMinuteMs}) {
    auto held = Hold(Request("itm_cut", start));
    ASSERT_FALSE(held);
    EXPECT_EQ(held.error().code, ErrorCode::kConflict);
    EXPECT_EQ(ReasonOf(held.error()), "slot_taken");
  }
  auto product = Hold(Request("itm_shampoo", kMonday0900Utc));
  ASSERT_FALSE(product);
  EXPECT_EQ(product.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(product.error()), "item_id");
  auto unknown = Hold(Request("itm_none", kMonday0900Utc));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  auto request = Request("itm_cut", kMonday0900Utc);
  request.expires_at.reset();
  auto no_expiry = Hold(request);
  ASSERT_FALSE(no_expiry);
  EXPECT_EQ(FieldOf(no_expiry.error()), "expires_at");
  request = Request("itm_cut", kMonday0900Utc);
  request.account_id = other_.principal.tenant_id;  // another tenant's account with this company
  auto foreign = Hold(request);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(observer_.changes.empty());
}

TEST_P(SchedulingServiceTest, ExceptionsAndBusyTimesApplyToHolds) {
  testing::FixedBusyTimes busy;
  busy.ranges = {{kMonday0900Utc, kMonday0900Utc + 30 * kMinuteMs}};
  service_->SetBusyTimes(&busy);
  auto held = Hold(Request("itm_cut", kMonday0900Utc));
  ASSERT_FALSE(held);
  EXPECT_EQ(ReasonOf(held.error()), "slot_taken");
  busy.fail = true;  // an outage of the outside calendar never blocks a booking
  EXPECT_TRUE(Hold(Request("itm_cut", kMonday0900Utc)));
  service_->SetBusyTimes(nullptr);

  AvailabilityException closed;
  closed.date = "2026-01-06";  // Tuesday
  ASSERT_TRUE(service_->AddException(salon_.principal, salon_.company_id, closed));
  auto tuesday = Hold(Request("itm_cut", kMonday0900Utc + 24 * kHourMs));
  ASSERT_FALSE(tuesday);
  EXPECT_EQ(ReasonOf(tuesday.error()), "slot_taken");
}

TEST_P(SchedulingServiceTest, SweepReleasesExpiredHolds) {
  auto held = Hold(Request("itm_cut", kMonday0900Utc));
  ASSERT_TRUE(held);
  auto none = db().Transact<int64_t>([&](storage::Tx& tx) { return service_->ReleaseExpiredHolds(tx); });
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0);
  clock_.Advance(std::chrono::minutes(61));
  auto swept = db().Transact<int64_t>([&](storage::Tx& tx) { return service_->ReleaseExpiredHolds(tx); });
  ASSERT_TRUE(swept);
  EXPECT_EQ(*swept, 1);
  EXPECT_EQ(Load(held->id).status, BookingStatus::kCancelled);
  EXPECT_FALSE(Load(held->id).hold_expires_at);
  EXPECT_EQ(Taken("itm_cut", kMonday0900Utc), 0);
  EXPECT_EQ(observer_.changes.back().status, BookingStatus::kCancelled);
  // A paid order whose hold was already released confirms nothing.
  auto confirmed = db().Transact<std::vector<Booking>>(
      [&](storage::Tx& tx) { return service_->ConfirmForOrder(tx, "ord_1"); });
  ASSERT_TRUE(confirmed);
  EXPECT_TRUE(confirmed->empty());
}

TEST_P(SchedulingServiceTest, AnExpiredHoldAtTheSameStartIsReleasedByTheNextHold) {
  auto held = Hold(Request("itm_cut", kMonday0900Utc));
  ASSERT_TRUE(held);
  clock_.Advance(std::chrono::minutes(61));  // the sweep has not run yet
  auto next = Hold(Request("itm_cut", kMonday0900Utc, "ord_2"));
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(Load(held->id).status, BookingStatus::kCancelled);
  EXPECT_EQ(Taken("itm_cut", kMonday0900Utc), 1);
}

TEST_P(SchedulingServiceTest, RacingForTheLastPlaceExactlyCapacityWin) {
  // Group yoga has 3 places; 8 customers press "book" at once, each in its own transaction.
  constexpr int kThreads = 8;
  std::atomic<int> won{0};
  std::atomic<int> taken{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto request = Request("itm_yoga", kMonday0900Utc, "ord_race_" + std::to_string(i));
      auto held = Hold(request);
      if (held) {
        ++won;
      } else if (held.error().code == ErrorCode::kConflict && ReasonOf(held.error()) == "slot_taken") {
        ++taken;
      } else {
        ADD_FAILURE() << held.error().message;
        ++other;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(won.load(), 3);
  EXPECT_EQ(taken.load(), kThreads - 3);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Taken("itm_yoga", kMonday0900Utc), 3);
  auto rows = db().Query("SELECT COUNT(*) AS n FROM bookings WHERE item_id = 'itm_yoga'");
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->rows[0].Int("n"), 3);
}

TEST_P(SchedulingServiceTest, DeliveriesUseTheWindows) {
  auto availability = DefaultAvailability();
  availability.delivery_windows = {{.days = {0}, .hours = {10 * 60, 14 * 60}, .capacity = 1}};
  availability.delivery_zones = {{.name = "Centre", .fee_minor = 500}};
  ASSERT_TRUE(service_->PutAvailability(salon_.principal, salon_.company_id, availability));
  auto request = Request("", kMonday0900Utc);
  request.address = "Main St 2";
  request.zone = "Centre";
  auto held = Hold(request);
  ASSERT_TRUE(held) << held.error().message;
  EXPECT_EQ(held->kind, BookingKind::kDelivery);
  EXPECT_EQ(held->title, "Delivery");
  EXPECT_EQ(held->ends_at, kMonday0900Utc + 4 * kHourMs);
  EXPECT_EQ(Taken("delivery", kMonday0900Utc), 1);
  auto full = Hold(request);
  ASSERT_FALSE(full);
  EXPECT_EQ(ReasonOf(full.error()), "slot_taken");
  request.zone = "Moon";
  request.starts_at += int64_t{7} * 24 * kHourMs;
  auto zone = Hold(request);
  ASSERT_FALSE(zone);
  EXPECT_EQ(FieldOf(zone.error()), "zone");
}

TEST_P(SchedulingServiceTest, BusinessCancelsCompletesAndMarksNoShows) {
  ManualBooking manual{.item_id = "itm_cut", .starts_at = kMonday0900Utc, .customer_name = "Walk-in"};
  manual.notes = "prefers scissors";
  auto booking = service_->CreateManual(salon_.principal, salon_.company_id, manual);
  ASSERT_TRUE(booking) << booking.error().message;
  EXPECT_EQ(booking->status, BookingStatus::kConfirmed);
  EXPECT_EQ(booking->source, "manual");
  EXPECT_EQ(booking->notes, "prefers scissors");

  auto early = service_->Complete(salon_.principal, booking->id);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  clock_.SetMillis(kMonday0900Utc + 2 * kHourMs);
  auto completed = service_->Complete(salon_.principal, booking->id);
  ASSERT_TRUE(completed);
  EXPECT_EQ(completed->status, BookingStatus::kCompleted);
  auto cancel_done = service_->Cancel(salon_.principal, booking->id);
  ASSERT_FALSE(cancel_done);
  EXPECT_EQ(cancel_done.error().code, ErrorCode::kConflict);

  clock_.SetMillis(kMonday0900Utc - 24 * kHourMs);
  manual.starts_at = kMonday0900Utc + 24 * kHourMs;
  auto second = service_->CreateManual(salon_.principal, salon_.company_id, manual);
  ASSERT_TRUE(second);
  auto cancelled = service_->Cancel(salon_.principal, second->id);
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->status, BookingStatus::kCancelled);
  EXPECT_EQ(Taken("itm_cut", manual.starts_at), 0);

  // Another tenant sees none of it.
  EXPECT_EQ(service_->Get(other_.principal, booking->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Cancel(other_.principal, second->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->NoShow(other_.principal, booking->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->ListBookings(other_.principal, salon_.company_id, {}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(service_->CreateManual(other_.principal, salon_.company_id, manual).error().code,
            ErrorCode::kNotFound);
  auto listed = service_->ListBookings(salon_.principal, salon_.company_id, {});
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 2u);
  auto only_cancelled = service_->ListBookings(salon_.principal, salon_.company_id,
                                               BookingFilter{.status = BookingStatus::kCancelled});
  ASSERT_TRUE(only_cancelled);
  ASSERT_EQ(only_cancelled->size(), 1u);
  EXPECT_EQ(only_cancelled->front().id, second->id);
}

TEST_P(SchedulingServiceTest, AvailabilityDefaultsSavesAndExceptions) {
  auto defaults = service_->GetAvailability(salon_.principal, salon_.company_id);
  ASSERT_TRUE(defaults);
  EXPECT_FALSE(defaults->saved);
  EXPECT_EQ(*defaults, DefaultAvailability());
  auto changed = DefaultAvailability();
  changed.slot_minutes = 15;
  changed.weekly[6] = {{10 * 60, 12 * 60}};
  auto saved = service_->PutAvailability(salon_.principal, salon_.company_id, changed);
  ASSERT_TRUE(saved);
  auto loaded = service_->GetAvailability(salon_.principal, salon_.company_id);
  ASSERT_TRUE(loaded);
  EXPECT_TRUE(loaded->saved);
  EXPECT_EQ(loaded->slot_minutes, 15);
  EXPECT_EQ(loaded->weekly[6], changed.weekly[6]);
  changed.slot_minutes = 0;
  EXPECT_EQ(FieldOf(service_->PutAvailability(salon_.principal, salon_.company_id, changed).error()),
            "slot_minutes");
  EXPECT_EQ(service_->GetAvailability(other_.principal, salon_.company_id).error().code,
            ErrorCode::kNotFound);

  AvailabilityException exception;
  exception.date = "2026-12-24";
  auto added = service_->AddException(salon_.principal, salon_.company_id, exception);
  ASSERT_TRUE(added);
  EXPECT_TRUE(IsValidId(added->id, "axc"));
  auto duplicate = service_->AddException(salon_.principal, salon_.company_id, exception);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
  EXPECT_EQ(FieldOf(duplicate.error()), "date");
  EXPECT_EQ(service_->DeleteException(other_.principal, added->id).error().code, ErrorCode::kNotFound);
  auto listed = service_->ListExceptions(salon_.principal, salon_.company_id);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE(service_->DeleteException(salon_.principal, added->id));
  EXPECT_EQ(service_->DeleteException(salon_.principal, added->id).error().code, ErrorCode::kNotFound);
}

TEST_P(SchedulingServiceTest, TheAssistantsScheduleLabelsSlotsInTheCompanysZone) {
  assistant::CompanyProfile profile{.id = salon_.company_id, .timezone = "Europe/Berlin"};
  auto schedule = service_->For(profile);
  EXPECT_EQ(schedule->timezone(), "Europe/Berlin");
  auto en = schedule->FreeSlots("itm_cut", kMonday0900Utc, kMonday0900Utc + 24 * kHourMs, 2, "en");
  ASSERT_TRUE(en) << en.error().message;
  ASSERT_EQ(en->size(), 2u);
  EXPECT_EQ((*en)[0].label, "Mon 5 Jan, 10:00");
  EXPECT_EQ((*en)[1].label, "Mon 5 Jan, 10:30");
  EXPECT_EQ((*en)[0].ends_at, kMonday0900Utc + kHourMs);
  auto ru = schedule->FreeSlots("itm_cut", kMonday0900Utc, kMonday0900Utc + 24 * kHourMs, 1, "ru");
  ASSERT_TRUE(ru);
  EXPECT_EQ((*ru)[0].label, "пн, 5 янв., 10:00");
  auto product = schedule->FreeSlots("itm_shampoo", kMonday0900Utc, kMonday0900Utc + kHourMs, 5, "en");
  ASSERT_FALSE(product);
  EXPECT_EQ(product.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(SchedulingServiceTest, TheAssistantsScheduleListsDeliveryWindowsAndZones) {
  assistant::CompanyProfile profile{.id = salon_.company_id, .timezone = "Europe/Berlin"};
  auto schedule = service_->For(profile);
  // No delivery windows configured: nothing to offer, no zones (today's flow).
  auto none = schedule->FreeDeliverySlots("", kMonday0900Utc, kMonday0900Utc + 24 * kHourMs, 5, "en");
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_TRUE(none->empty());
  EXPECT_TRUE(schedule->DeliveryZones()->empty());
  EXPECT_FALSE(schedule->HasDeliveryWindows().value());

  auto availability = DefaultAvailability();
  availability.delivery_windows = {{.days = {0}, .hours = {10 * 60, 14 * 60}, .capacity = 1}};
  availability.delivery_zones = {{.name = "Mitte", .fee_minor = 590, .free_over_minor = 5000},
                                 {.name = "Pankow", .fee_minor = 990}};
  ASSERT_TRUE(service_->PutAvailability(salon_.principal, salon_.company_id, availability));
  EXPECT_TRUE(schedule->HasDeliveryWindows().value());
  const int64_t week = int64_t{7} * 24 * kHourMs;
  auto en = schedule->FreeDeliverySlots("", kMonday0900Utc, kMonday0900Utc + 2 * week, 5, "en");
  ASSERT_TRUE(en) << en.error().message;
  ASSERT_EQ(en->size(), 2u);
  EXPECT_EQ((*en)[0].starts_at, kMonday0900Utc);
  EXPECT_EQ((*en)[0].ends_at, kMonday0900Utc + 4 * kHourMs);
  EXPECT_EQ((*en)[0].label, "Mon 5 Jan, 10:00\u201314:00");
  auto ru = schedule->FreeDeliverySlots("", kMonday0900Utc, kMonday0900Utc + week, 5, "ru");
  ASSERT_TRUE(ru);
  ASSERT_EQ(ru->size(), 1u);
  EXPECT_EQ((*ru)[0].label, "пн, 5 янв., 10:00\u201314:00");
  auto zones = schedule->DeliveryZones();
  ASSERT_TRUE(zones);
  ASSERT_EQ(zones->size(), 2u);
  EXPECT_EQ((*zones)[0].name, "Mitte");
  EXPECT_EQ((*zones)[0].free_over_minor, 5000);
  EXPECT_EQ((*zones)[1].fee_minor, 990);
  EXPECT_FALSE((*zones)[1].free_over_minor);

  // A held window is no longer offered.
  auto request = Request("", kMonday0900Utc);
  request.address = "Berlin, Torstraße 1";
  request.zone = "Mitte";
  ASSERT_TRUE(Hold(request));
  auto after = schedule->FreeDeliverySlots("", kMonday0900Utc, kMonday0900Utc + week, 5, "en");
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->empty());
}

// Mitte's own morning window (one delivery a zone) and an afternoon window for every zone.
TEST_P(SchedulingServiceTest, ZonedDeliveryWindowsHoldOnTheZonesCounter) {
  auto availability = DefaultAvailability();
  availability.delivery_zones = {{.name = "Mitte", .fee_minor = 590}, {.name = "Pankow", .fee_minor = 990}};
  availability.delivery_windows = {
      {.days = {0}, .hours = {10 * 60, 14 * 60}, .capacity = 1, .zones = {"Mitte"}},
      {.days = {0}, .hours = {14 * 60, 18 * 60}, .capacity = 1}};
  ASSERT_TRUE(service_->PutAvailability(salon_.principal, salon_.company_id, availability));
  const int64_t morning = kMonday0900Utc;
  const int64_t afternoon = kMonday0900Utc + 4 * kHourMs;
  auto schedule = service_->For({.id = salon_.company_id, .timezone = "Europe/Berlin"});
  auto pankow = schedule->FreeDeliverySlots("Pankow", morning, morning + 24 * kHourMs, 5, "en");
  ASSERT_TRUE(pankow) << pankow.error().message;
  ASSERT_EQ(pankow->size(), 1u);
  EXPECT_EQ((*pankow)[0].starts_at, afternoon);
  EXPECT_EQ(schedule->FreeDeliverySlots("Mitte", morning, morning + 24 * kHourMs, 5, "en")->size(), 2u);
  auto unknown = schedule->FreeDeliverySlots("Moon", morning, morning + 24 * kHourMs, 5, "en");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(FieldOf(unknown.error()), "zone");

  auto request = Request("", morning);
  request.address = "Berlin, Torstraße 1";
  auto no_zone = Hold(request);
  ASSERT_FALSE(no_zone);
  EXPECT_EQ(FieldOf(no_zone.error()), "zone");
  request.zone = "Pankow";
  auto not_served = Hold(request);
  ASSERT_FALSE(not_served);
  EXPECT_EQ(not_served.error().code, ErrorCode::kConflict);
  request.zone = "Mitte";
  auto held = Hold(request);
  ASSERT_TRUE(held) << held.error().message;
  EXPECT_EQ(held->resource, "delivery:Mitte");
  EXPECT_EQ(service_->Get(salon_.principal, held->id)->resource, "delivery:Mitte");
  auto second = Hold(request);
  ASSERT_FALSE(second);  // Mitte's morning is full
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);

  // The shared afternoon window: a Pankow delivery fills it for Mitte too.
  request.zone = "Pankow";
  request.starts_at = afternoon;
  auto shared = Hold(request);
  ASSERT_TRUE(shared) << shared.error().message;
  EXPECT_EQ(shared->resource, "delivery");
  EXPECT_TRUE(schedule->FreeDeliverySlots("Mitte", morning, morning + 24 * kHourMs, 5, "en")->empty());

  // Cancelling gives the zone's place back.
  ASSERT_TRUE(service_->Cancel(salon_.principal, held->id));
  request.zone = "Mitte";
  request.starts_at = morning;
  EXPECT_TRUE(Hold(request));
}

TEST(SlotLabelTest, EnglishAndRussian) {
  // 2026-11-28T14:00:00Z is Saturday 15:00 in Berlin.
  EXPECT_EQ(SlotLabel(1'795'874'400'000, "Europe/Berlin", "en").value(), "Sat 28 Nov, 15:00");
  EXPECT_EQ(SlotLabel(1'795'874'400'000, "Europe/Berlin", "ru").value(), "сб, 28 нояб., 15:00");
  EXPECT_EQ(SlotLabel(1'795'874'400'000, "Asia/Tokyo", "en").value(), "Sat 28 Nov, 23:00");
  EXPECT_FALSE(SlotLabel(0, "Nowhere/Land", "en"));
}

X8_INSTANTIATE_ENGINE_TEST(SchedulingServiceTest);

}  // namespace
}  // namespace x8::scheduling
