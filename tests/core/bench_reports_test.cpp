// The bench's reports (bench_reports.h) and their CSV (report_csv.h) on a store with a known
// history: repairs finished per technician per ISO week, hours per status, parts used net of
// put-backs. On both backends.
#include "core/services/bench_reports.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/present/report_csv.h"
#include "core/storage/csv_import.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::at;
using testing::day;

constexpr const char* kPartsCsv =
    "sku,name,cost_cents,price_cents,stock,low_at,supplier\n"
    "SCR-1,\"Screen, 6.1\"\" OLED\",4000,8900,5,1,Acme Parts\n"
    "BAT-1,Battery,1500,4900,3,1,Acme Parts\n"
    "PORT-1,Charging port,300,2900,10,2,\n";

class BenchReports : public testing::TestStore {
 protected:
  // A repair opened at `when` for a phone sold a month before.
  Case repair_at(const std::string& when) {
    now = at(when);
    std::string serial = "SN-R" + std::to_string(++repairs_);
    add_sale("R-" + serial, now - std::chrono::days{30}, {{"PHONE-1", serial}});
    auto opened = cases->open_repair(repair_draft(serial), "kiosk");
    EXPECT_TRUE(opened) << opened.error().message;
    return opened.value_or(Case{});
  }
  void move_at(const Case& c, const std::string& when, CaseStatus to, const std::string& actor = "tech") {
    now = at(when);
    auto moved = cases->advance(c.code, to, {actor, "", false});
    ASSERT_TRUE(moved) << to_string(to) << ": " << moved.error().message;
  }
  void assign_at(const Case& c, const std::string& when, const std::string& technician) {
    now = at(when);
    auto assigned = cases->assign(c.code, technician, "manager");
    ASSERT_TRUE(assigned) << assigned.error().message;
  }
  void import_parts() {
    std::istringstream in(kPartsCsv);
    auto report = import_csv(*db, ImportKind::parts, in, config.time_zone);
    ASSERT_TRUE(report) << report.error().message;
    ASSERT_TRUE(report->committed());
  }

  TechnicianReport technicians(int weeks) {
    auto report = technician_output(*db, config, now, weeks);
    EXPECT_TRUE(report) << report.error().message;
    return report.value_or(TechnicianReport{});
  }
  StatusTimesReport statuses(int days) {
    auto report = status_times(*db, config, now, days);
    EXPECT_TRUE(report) << report.error().message;
    return report.value_or(StatusTimesReport{});
  }
  PartsReport parts(int days) {
    auto report = parts_used(*db, config, now, days);
    EXPECT_TRUE(report) << report.error().message;
    return report.value_or(PartsReport{});
  }
  int repairs_ = 0;
};

TEST(IsoWeeks, StartOnMondayAndBelongToTheYearOfTheirThursday) {
  EXPECT_EQ(week_start(day(2026, 3, 1)), day(2026, 2, 23)) << "a Sunday ends its week";
  EXPECT_EQ(week_start(day(2026, 2, 23)), day(2026, 2, 23));
  EXPECT_EQ(iso_week(day(2026, 3, 1)), "2026-W09");
  EXPECT_EQ(iso_week(day(2026, 1, 1)), "2026-W01");
  EXPECT_EQ(iso_week(day(2027, 1, 1)), "2026-W53");
  EXPECT_EQ(iso_week(day(2024, 12, 30)), "2025-W01");
}

TEST(NearestRank, NineInTenAreAtOrBelowTheNinetiethPercentile) {
  EXPECT_EQ(nearest_rank({}, 0.9), 0.0);
  EXPECT_EQ(nearest_rank({7}, 0.9), 7.0);
  EXPECT_EQ(nearest_rank({6, 2, 4}, 0.9), 6.0);
  EXPECT_EQ(nearest_rank({10, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 0.9), 9.0);
}

TEST_F(BenchReports, AnEmptyStoreGivesEmptyReportsWithTheirWeeks) {
  TechnicianReport t = technicians(4);
  ASSERT_EQ(t.week_starts.size(), 4u);
  EXPECT_EQ(t.week_starts.front(), day(2026, 2, 2));
  EXPECT_EQ(t.week_starts.back(), day(2026, 2, 23)) << "this week last";
  EXPECT_TRUE(t.technicians.empty());
  EXPECT_EQ(t.finished, 0);
  EXPECT_EQ(t.median_days, 0.0);
  EXPECT_EQ(t.finished_per_week, std::vector<int>(4, 0));
  EXPECT_TRUE(statuses(30).statuses.empty());
  PartsReport p = parts(30);
  EXPECT_TRUE(p.parts.empty());
  EXPECT_EQ(p.cost_cents, 0);
  EXPECT_EQ(technicians_csv(t), "technician,finished,repaired,median_days,2026-W06,2026-W07,2026-W08,2026-W09\r\n");
  EXPECT_EQ(status_times_csv(statuses(30)), "status,stays,median_hours,p90_hours\r\n");
  EXPECT_EQ(parts_csv(p), "sku,name,quantity,cost_cents,price_cents,repairs\r\n");
}

TEST_F(BenchReports, CountsEachTechniciansFinishedRepairsPerIsoWeek) {
  Case old = repair_at("2026-02-02T10:00:00Z");
  move_at(old, "2026-02-02T12:00:00Z", CaseStatus::diagnosing);
  move_at(old, "2026-02-02T13:00:00Z", CaseStatus::repairing);
  move_at(old, "2026-02-13T10:00:00Z", CaseStatus::ready_for_pickup, "ana");  // the week before the report's
  Case a = repair_at("2026-02-20T10:00:00Z");
  Case b = repair_at("2026-02-20T10:00:00Z");
  Case c = repair_at("2026-02-20T10:00:00Z");
  Case d = repair_at("2026-02-20T10:00:00Z");
  assign_at(a, "2026-02-20T11:00:00Z", "ana");
  assign_at(b, "2026-02-20T11:00:00Z", "ana");
  assign_at(d, "2026-02-20T11:00:00Z", "ana");
  assign_at(d, "2026-02-21T11:00:00Z", "carl");  // taken over: carl finished it
  for (const Case& r : {a, b, c, d}) move_at(r, "2026-02-20T12:00:00Z", CaseStatus::diagnosing);
  for (const Case& r : {a, b, d}) move_at(r, "2026-02-20T13:00:00Z", CaseStatus::repairing);
  move_at(a, "2026-02-22T23:30:00Z", CaseStatus::ready_for_pickup, "clerk");  // Sunday: week 8
  move_at(b, "2026-02-23T00:30:00Z", CaseStatus::ready_for_pickup, "clerk");  // Monday: week 9
  move_at(c, "2026-02-23T10:00:00Z", CaseStatus::ready_for_pickup, "bob");    // no fault found, unassigned
  move_at(d, "2026-02-24T10:00:00Z", CaseStatus::ready_for_pickup, "clerk");
  assign_at(d, "2026-02-25T10:00:00Z", "dora");  // after it was finished: not dora's work
  now = at("2026-03-01T10:00:00Z");

  TechnicianReport t = technicians(2);
  ASSERT_EQ(t.week_starts.size(), 2u);
  EXPECT_EQ(t.week_starts.front(), day(2026, 2, 16));
  ASSERT_EQ(t.technicians.size(), 3u);
  EXPECT_EQ(t.technicians[0].technician, "ana");
  EXPECT_EQ(t.technicians[0].finished_per_week, (std::vector<int>{1, 1}));
  EXPECT_EQ(t.technicians[0].finished, 2);
  EXPECT_EQ(t.technicians[0].repaired, 2);
  EXPECT_NEAR(t.technicians[0].median_days, (2.5625 + 2.6041667) / 2, 1e-4);
  EXPECT_EQ(t.technicians[1].technician, "bob") << "unassigned: whoever moved it to ready";
  EXPECT_EQ(t.technicians[1].finished_per_week, (std::vector<int>{0, 1}));
  EXPECT_EQ(t.technicians[1].repaired, 0) << "no fault found: finished, not repaired";
  EXPECT_EQ(t.technicians[2].technician, "carl");
  EXPECT_EQ(t.technicians[2].finished_per_week, (std::vector<int>{0, 1}));
  EXPECT_EQ(t.finished_per_week, (std::vector<int>{1, 3}));
  EXPECT_EQ(t.finished, 4);

  TechnicianReport longer = technicians(3);
  EXPECT_EQ(longer.technicians[0].finished_per_week, (std::vector<int>{1, 1, 1}));
  EXPECT_EQ(longer.finished, 5);

  EXPECT_EQ(technicians_csv(t),
            "technician,finished,repaired,median_days,2026-W08,2026-W09\r\n"
            "ana,2,2,2.58,1,1\r\n"
            "bob,1,0,3.00,0,1\r\n"
            "carl,1,1,4.00,0,1\r\n");
}

TEST_F(BenchReports, StatusTimesAreTheMedianAndNinetiethPercentileOfStaysEndedInThePeriod) {
  Case old = repair_at("2026-01-01T00:00:00Z");
  move_at(old, "2026-01-01T01:00:00Z", CaseStatus::diagnosing);  // a stay that ended before the period
  Case first = repair_at("2026-02-20T00:00:00Z");
  Case second = repair_at("2026-02-20T00:00:00Z");
  Case third = repair_at("2026-02-20T00:00:00Z");
  move_at(first, "2026-02-20T02:00:00Z", CaseStatus::diagnosing);
  move_at(second, "2026-02-20T04:00:00Z", CaseStatus::diagnosing);
  move_at(third, "2026-02-20T06:00:00Z", CaseStatus::diagnosing);  // still diagnosing: not counted there
  move_at(first, "2026-02-20T12:00:00Z", CaseStatus::repairing);
  move_at(first, "2026-02-20T17:00:00Z", CaseStatus::ready_for_pickup);
  move_at(second, "2026-02-21T00:00:00Z", CaseStatus::repairing);
  // Not moves of this repair: an event naming the status it is already in, and a move copied from
  // another store's case (a transfer's history).
  const std::string same_status = "2026-02-20T09:00:00Z", copied = "2026-02-20T03:00:00Z";
  db->prepare(
        "INSERT INTO case_events (case_id, at, actor, kind, from_status, to_status, details) "
        "VALUES (?1, ?2, 'tech', 'note', 'diagnosing', 'diagnosing', '{}')")
      .bind_all(third.id, same_status)
      .run();
  db->prepare(
        "INSERT INTO case_events (case_id, at, actor, kind, from_status, to_status, details) "
        "VALUES (?1, ?2, 'tech', 'status', 'checked_in', 'awaiting_parts', '{\"at_store\": \"BCN01\"}')")
      .bind_all(second.id, copied)
      .run();
  now = at("2026-03-01T10:00:00Z");

  StatusTimesReport s = statuses(30);
  EXPECT_EQ(s.days, 30);
  ASSERT_EQ(s.statuses.size(), 3u);
  EXPECT_EQ(s.statuses[0].status, CaseStatus::checked_in);
  EXPECT_EQ(s.statuses[0].stays, 3);
  EXPECT_DOUBLE_EQ(s.statuses[0].median_hours, 4);
  EXPECT_DOUBLE_EQ(s.statuses[0].p90_hours, 6);
  EXPECT_EQ(s.statuses[1].status, CaseStatus::diagnosing);
  EXPECT_EQ(s.statuses[1].stays, 2);
  EXPECT_DOUBLE_EQ(s.statuses[1].median_hours, 15);
  EXPECT_DOUBLE_EQ(s.statuses[1].p90_hours, 20);
  EXPECT_EQ(s.statuses[2].status, CaseStatus::repairing);
  EXPECT_DOUBLE_EQ(s.statuses[2].median_hours, 5);
  EXPECT_EQ(status_times_csv(s),
            "status,stays,median_hours,p90_hours\r\n"
            "checked_in,3,4.00,6.00\r\n"
            "diagnosing,2,15.00,20.00\r\n"
            "repairing,1,5.00,5.00\r\n");

  EXPECT_EQ(statuses(1).statuses.size(), 0u) << "nothing moved today";
  StatusTimesReport since_the_21st = statuses(9);
  ASSERT_EQ(since_the_21st.statuses.size(), 1u) << "the second repair's check-in ended before";
  EXPECT_EQ(since_the_21st.statuses[0].status, CaseStatus::diagnosing);
  EXPECT_DOUBLE_EQ(since_the_21st.statuses[0].median_hours, 20);
}

TEST_F(BenchReports, PartsUsedAreNetOfPutBacksWithTheirCostAndPrice) {
  import_parts();
  Case earlier = repair_at("2026-01-05T10:00:00Z");
  move_at(earlier, "2026-01-05T11:00:00Z", CaseStatus::diagnosing);
  ASSERT_TRUE(cases->use_part(earlier.code, "BAT-1", 1, "tech"));  // before the period
  Case first = repair_at("2026-02-20T10:00:00Z");
  Case second = repair_at("2026-02-20T10:00:00Z");
  move_at(first, "2026-02-20T11:00:00Z", CaseStatus::diagnosing);
  move_at(second, "2026-02-20T11:00:00Z", CaseStatus::diagnosing);
  ASSERT_TRUE(cases->use_part(first.code, "SCR-1", 2, "tech"));
  ASSERT_TRUE(cases->put_back_part(first.code, "SCR-1", 1, "tech"));
  ASSERT_TRUE(cases->use_part(first.code, "PORT-1", 3, "tech"));
  ASSERT_TRUE(cases->use_part(second.code, "PORT-1", 1, "tech"));
  ASSERT_TRUE(cases->use_part(second.code, "BAT-1", 1, "tech"));
  ASSERT_TRUE(cases->put_back_part(second.code, "BAT-1", 1, "tech"));  // all of it back: not used
  now = at("2026-03-01T10:00:00Z");

  PartsReport p = parts(30);
  ASSERT_EQ(p.parts.size(), 2u);
  EXPECT_EQ(p.parts[0].sku, "SCR-1") << "the highest cost first";
  EXPECT_EQ(p.parts[0].quantity, 1);
  EXPECT_EQ(p.parts[0].cost_cents, 4000);
  EXPECT_EQ(p.parts[0].price_cents, 8900);
  EXPECT_EQ(p.parts[1].sku, "PORT-1");
  EXPECT_EQ(p.parts[1].quantity, 4);
  EXPECT_EQ(p.parts[1].cost_cents, 1200);
  EXPECT_EQ(p.parts[1].price_cents, 11600);
  EXPECT_EQ(p.parts[1].repairs, 2);
  EXPECT_EQ(p.quantity, 5);
  EXPECT_EQ(p.cost_cents, 5200);
  EXPECT_EQ(p.price_cents, 20500);
  EXPECT_EQ(parts_csv(p),
            "sku,name,quantity,cost_cents,price_cents,repairs\r\n"
            "SCR-1,\"Screen, 6.1\"\" OLED\",1,4000,8900,1\r\n"
            "PORT-1,Charging port,4,1200,11600,2\r\n");

  PartsReport longer = parts(60);
  ASSERT_EQ(longer.parts.size(), 3u);
  EXPECT_EQ(longer.parts[1].sku, "BAT-1") << "used on the earlier repair";
  EXPECT_EQ(longer.parts[1].quantity, 1);
  EXPECT_EQ(longer.parts[1].cost_cents, 1500);
}

TEST_F(BenchReports, APeriodOutOfRangeIsRefusedWithWhatIsAllowed) {
  auto no_weeks = technician_output(*db, config, now, 0);
  ASSERT_FALSE(no_weeks);
  EXPECT_EQ(no_weeks.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(no_weeks.error().message, "The period must be from 1 to 520 weeks; 0 is not.");
  EXPECT_FALSE(technician_output(*db, config, now, 521));
  auto negative = status_times(*db, config, now, -1);
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().message, "The period must be from 1 to 3660 days; -1 is not.");
  EXPECT_FALSE(parts_used(*db, config, now, 0));
  EXPECT_FALSE(parts_used(*db, config, now, 3661));
  EXPECT_TRUE(parts_used(*db, config, now, 3660));
}

}  // namespace
}  // namespace aftersales
