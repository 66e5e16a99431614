#include "modules/scheduling/store/sql_scheduling_repository.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "modules/scheduling/testing/fixture.h"

namespace x8::scheduling {
namespace {

using testing::kHourMs;
using testing::kMonday0900Utc;

class SqlSchedulingRepositoryTest : public testing::SchedulingTest {
 protected:
  Booking Sample(std::string id, BookingStatus status, int64_t starts_at) {
    Booking b;
    b.id = std::move(id);
    b.account_id = salon_.principal.tenant_id;
    b.company_id = salon_.company_id;
    b.item_id = "itm_cut";
    b.title = "Cut";
    b.starts_at = starts_at;
    b.ends_at = starts_at + kHourMs;
    b.timezone = "Europe/Berlin";
    b.status = status;
    if (status == BookingStatus::kPendingPayment) b.hold_expires_at = starts_at - kHourMs;
    b.order_id = "ord_1";
    b.customer_name = "Anna";
    b.created_at = 1;
    b.updated_at = 1;
    return b;
  }
};

TEST_P(SqlSchedulingRepositoryTest, AvailabilityIsAbsentUntilSaved) {
  auto none = repository_.GetAvailability(db(), salon_.company_id);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto a = DefaultAvailability();
  a.buffer_minutes = 10;
  a.delivery_zones = {{.name = "Centre", .fee_minor = 300, .free_over_minor = 3000}};
  a.updated_at = 42;
  ASSERT_TRUE(repository_.SaveAvailability(db(), salon_.principal.tenant_id, salon_.company_id, a));
  a.buffer_minutes = 20;
  ASSERT_TRUE(repository_.SaveAvailability(db(), salon_.principal.tenant_id, salon_.company_id, a));
  auto loaded = repository_.GetAvailability(db(), salon_.company_id);
  ASSERT_TRUE(loaded);
  ASSERT_TRUE(*loaded);
  a.saved = true;
  EXPECT_EQ(**loaded, a);
}

TEST_P(SqlSchedulingRepositoryTest, ExceptionsAreOnePerDate) {
  AvailabilityException e{.id = "axc_1",
                          .account_id = salon_.principal.tenant_id,
                          .company_id = salon_.company_id,
                          .date = "2026-12-31",
                          .closed = false,
                          .hours = {{600, 840}},
                          .note = "short day",
                          .created_at = 5};
  ASSERT_TRUE(repository_.InsertException(db(), e));
  e.id = "axc_2";
  auto duplicate = repository_.InsertException(db(), e);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
  e.date = "2026-12-24";
  e.closed = true;
  e.hours.clear();
  ASSERT_TRUE(repository_.InsertException(db(), e));
  auto all = repository_.ListExceptions(db(), salon_.company_id, "", "");
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].date, "2026-12-24");
  EXPECT_EQ((*all)[1].hours, (std::vector<TimeRange>{{600, 840}}));
  auto ranged = repository_.ListExceptions(db(), salon_.company_id, "2026-12-25", "2027-01-01");
  ASSERT_TRUE(ranged);
  ASSERT_EQ(ranged->size(), 1u);
  EXPECT_EQ(ranged->front().id, "axc_1");
  EXPECT_TRUE(repository_.ListExceptions(db(), other_.company_id, "", "").value().empty());
  EXPECT_TRUE(repository_.DeleteException(db(), "axc_1").value());
  EXPECT_FALSE(repository_.DeleteException(db(), "axc_1").value());
}

TEST_P(SqlSchedulingRepositoryTest, BookingsRoundTripAndLiveOnesAreFound) {
  auto hold = Sample("bkg_1", BookingStatus::kPendingPayment, kMonday0900Utc);
  hold.notes = "note";
  hold.zone = "z";
  ASSERT_TRUE(repository_.InsertBooking(db(), hold));
  auto loaded = repository_.GetBooking(db(), "bkg_1");
  ASSERT_TRUE(loaded);
  ASSERT_TRUE(*loaded);
  EXPECT_EQ(ToJson(**loaded), ToJson(hold));
  ASSERT_TRUE(
      repository_.InsertBooking(db(), Sample("bkg_2", BookingStatus::kConfirmed, kMonday0900Utc + kHourMs)));
  ASSERT_TRUE(repository_.InsertBooking(db(), Sample("bkg_3", BookingStatus::kCancelled, kMonday0900Utc)));

  const int64_t before_expiry = kMonday0900Utc - 2 * kHourMs;
  auto live = repository_.LiveBookings(db(), salon_.company_id, BookingKind::kAppointment, "itm_cut", 0,
                                       kMonday0900Utc + 10 * kHourMs, before_expiry);
  ASSERT_TRUE(live);
  EXPECT_EQ(live->size(), 2u);
  auto after = repository_.LiveBookings(db(), salon_.company_id, BookingKind::kAppointment, "itm_cut", 0,
                                        kMonday0900Utc + 10 * kHourMs, kMonday0900Utc);
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), 1u);  // the hold expired
  EXPECT_EQ(after->front().id, "bkg_2");

  auto expired = repository_.ExpiredHolds(db(), kMonday0900Utc, 10);
  ASSERT_TRUE(expired);
  ASSERT_EQ(expired->size(), 1u);
  EXPECT_EQ(repository_
                .ExpiredHoldsAt(db(), salon_.company_id, BookingKind::kAppointment, "itm_cut", kMonday0900Utc,
                                kMonday0900Utc)
                .value()
                .size(),
            1u);
  EXPECT_EQ(repository_.BookingsOfOrder(db(), "ord_1").value().size(), 3u);
  EXPECT_TRUE(repository_.BookingsOfOrder(db(), "").value().empty());

  EXPECT_TRUE(
      repository_.Transition(db(), "bkg_1", BookingStatus::kPendingPayment, BookingStatus::kConfirmed, 9)
          .value());
  EXPECT_FALSE(
      repository_.Transition(db(), "bkg_1", BookingStatus::kPendingPayment, BookingStatus::kCancelled, 9)
          .value());
  auto confirmed = repository_.GetBooking(db(), "bkg_1").value().value();
  EXPECT_EQ(confirmed.status, BookingStatus::kConfirmed);
  EXPECT_FALSE(confirmed.hold_expires_at);
  EXPECT_EQ(confirmed.updated_at, 9);

  // The Google Calendar module records its event on the booking, and clears it once deleted.
  EXPECT_TRUE(repository_.SetGoogleEventId(db(), "bkg_1", "a1b2c3d4e5").value());
  EXPECT_EQ(repository_.GetBooking(db(), "bkg_1").value()->google_event_id, "a1b2c3d4e5");
  EXPECT_TRUE(repository_.SetGoogleEventId(db(), "bkg_1", "").value());
  EXPECT_EQ(repository_.GetBooking(db(), "bkg_1").value()->google_event_id, "");
  EXPECT_FALSE(repository_.SetGoogleEventId(db(), "bkg_missing", "a1b2c3d4e5").value());

  auto listed = repository_.ListBookings(
      db(), salon_.company_id,
      BookingFilter{.from = kMonday0900Utc + kHourMs, .to = kMonday0900Utc + 5 * kHourMs});
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, "bkg_2");
  EXPECT_TRUE(repository_.ListBookings(db(), other_.company_id, {}).value().empty());
}

TEST_P(SqlSchedulingRepositoryTest, SlotLoadNeverPassesCapacity) {
  EXPECT_TRUE(repository_.TakePlace(db(), salon_.company_id, "itm_cut", kMonday0900Utc, 2).value());
  EXPECT_TRUE(repository_.TakePlace(db(), salon_.company_id, "itm_cut", kMonday0900Utc, 2).value());
  EXPECT_FALSE(repository_.TakePlace(db(), salon_.company_id, "itm_cut", kMonday0900Utc, 2).value());
  EXPECT_EQ(Taken("itm_cut", kMonday0900Utc), 2);
  ASSERT_TRUE(repository_.ReleasePlace(db(), salon_.company_id, "itm_cut", kMonday0900Utc));
  EXPECT_EQ(Taken("itm_cut", kMonday0900Utc), 1);
  ASSERT_TRUE(repository_.ReleasePlace(db(), salon_.company_id, "itm_cut", kMonday0900Utc));
  ASSERT_TRUE(repository_.ReleasePlace(db(), salon_.company_id, "itm_cut", kMonday0900Utc));
  EXPECT_EQ(Taken("itm_cut", kMonday0900Utc), 0);  // never below zero
  EXPECT_EQ(Taken("delivery", kMonday0900Utc), 0);
}

TEST_P(SqlSchedulingRepositoryTest, ConcurrentTakersGetExactlyCapacityPlaces) {
  // The counter alone (no service-level lock): 10 transactions race for 4 places.
  constexpr int kThreads = 10;
  std::atomic<int> won{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      auto took = db().Transact<bool>([&](storage::Tx& tx) {
        return repository_.TakePlace(tx, salon_.company_id, "itm_race", kMonday0900Utc, 4);
      });
      ASSERT_TRUE(took) << took.error().message;
      if (*took) ++won;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(won.load(), 4);
  EXPECT_EQ(Taken("itm_race", kMonday0900Utc), 4);
}

X8_INSTANTIATE_ENGINE_TEST(SqlSchedulingRepositoryTest);

}  // namespace
}  // namespace x8::scheduling
