#include "core/base/calendar.h"

#include <gtest/gtest.h>

#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::at;
using testing::day;

TEST(Calendar, AddMonthsClampsToTheEndOfShorterMonths) {
  EXPECT_EQ(add_months(day(2025, 1, 31), 1), day(2025, 2, 28));
  EXPECT_EQ(add_months(day(2024, 1, 31), 1), day(2024, 2, 29));  // leap year
  EXPECT_EQ(add_months(day(2024, 2, 29), 12), day(2025, 2, 28));
  EXPECT_EQ(add_months(day(2024, 2, 29), 48), day(2028, 2, 29));
  EXPECT_EQ(add_months(day(2025, 3, 31), 1), day(2025, 4, 30));
  EXPECT_EQ(add_months(day(2025, 8, 31), 1), day(2025, 9, 30));
  EXPECT_EQ(add_months(day(2025, 12, 15), 1), day(2026, 1, 15));  // across the year
  EXPECT_EQ(add_months(day(2025, 1, 15), 0), day(2025, 1, 15));
  EXPECT_EQ(add_months(day(2025, 3, 31), -1), day(2025, 2, 28));
  EXPECT_EQ(add_months(day(2023, 5, 31), 24), day(2025, 5, 31));
  EXPECT_EQ(add_months(day(2100, 1, 31), 1), day(2100, 2, 28));  // 2100 is not a leap year
}

TEST(Calendar, DaysBetweenCountsCalendarDays) {
  EXPECT_EQ(days_between(day(2024, 2, 28), day(2024, 3, 1)), 2);
  EXPECT_EQ(days_between(day(2025, 2, 28), day(2025, 3, 1)), 1);
  EXPECT_EQ(days_between(day(2025, 3, 1), day(2025, 2, 28)), -1);
  EXPECT_EQ(days_between(day(2025, 1, 1), day(2026, 1, 1)), 365);
  EXPECT_EQ(add_days(day(2025, 12, 31), 1), day(2026, 1, 1));
}

TEST(Calendar, StoredInstantsRoundTrip) {
  Instant t = at("2026-03-01T09:30:05Z");
  EXPECT_EQ(format_instant(t), "2026-03-01T09:30:05Z");
  EXPECT_EQ(parse_instant("2026-03-01T10:30:05+01:00"), t);
  EXPECT_EQ(parse_instant("2026-03-01 09:30:05"), t);
  EXPECT_FALSE(parse_instant("2026-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_instant("2026-03-01T25:00:00Z"));
  EXPECT_FALSE(parse_instant("yesterday"));
  EXPECT_FALSE(parse_instant("2026-03-01T10:00:00Zjunk"));
  EXPECT_EQ(format_date(day(2026, 3, 1)), "2026-03-01");
  EXPECT_EQ(parse_date("2026-03-01"), day(2026, 3, 1));
  EXPECT_FALSE(parse_date("2026-3-1"));
}

TEST(Calendar, LocalDateFollowsTheStoreTimeZone) {
  auto madrid = StoreTimeZone::named("Europe/Madrid");
  ASSERT_TRUE(madrid);
  // 23:30 UTC on New Year's Eve is already the first of January in Madrid (UTC+1).
  EXPECT_EQ(madrid->local_date(at("2025-12-31T23:30:00Z")), day(2026, 1, 1));
  EXPECT_EQ(StoreTimeZone::utc().local_date(at("2025-12-31T23:30:00Z")), day(2025, 12, 31));
  auto new_york = StoreTimeZone::named("America/New_York");
  ASSERT_TRUE(new_york);
  EXPECT_EQ(new_york->local_date(at("2026-01-01T03:00:00Z")), day(2025, 12, 31));
  EXPECT_EQ(madrid->format_local(at("2026-07-01T08:00:00Z")), "2026-07-01 10:00");  // summer time, UTC+2
}

TEST(Calendar, LocalTimesWithoutOffsetAreStoreTime) {
  auto madrid = StoreTimeZone::named("Europe/Madrid");
  ASSERT_TRUE(madrid);
  EXPECT_EQ(madrid->parse_timestamp("2026-01-15 10:00"), at("2026-01-15T09:00:00Z"));
  EXPECT_EQ(madrid->parse_timestamp("2026-01-15T10:00:00Z"), at("2026-01-15T10:00:00Z"));
  EXPECT_EQ(madrid->start_of(day(2026, 7, 1)), at("2026-06-30T22:00:00Z"));
  // 02:30 on the spring-forward night does not exist; the earliest valid reading is used.
  EXPECT_TRUE(madrid->parse_timestamp("2026-03-29 02:30"));
}

TEST(Calendar, UnknownTimeZoneIsAConfigError) {
  auto zone = StoreTimeZone::named("Mars/Olympus_Mons");
  ASSERT_FALSE(zone);
  EXPECT_EQ(zone.error().kind, ErrorKind::config);
  EXPECT_NE(zone.error().message.find("Mars/Olympus_Mons"), std::string::npos);
}

}  // namespace
}  // namespace aftersales
