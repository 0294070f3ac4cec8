#include "core/services/bench_reports.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "core/domain/case.h"
#include "core/services/service_stats.h"
#include "core/storage/case_store.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

// The cases a period can have touched: every move and every part taken sets a case's updated_at, so
// a case closed before the period began, or open and unchanged since, had nothing happen in it. Two
// arms, so that each uses the cases_closed index; only the cases left have their events read.
constexpr std::string_view kCasesOfThePeriod =
    "(SELECT id FROM cases WHERE closed_at IS NULL AND updated_at >= ?1 "
    "UNION ALL SELECT id FROM cases WHERE closed_at >= ?1)";

Result<void> check_period(int value, int most, std::string_view unit) {
  if (value >= 1 && value <= most) return {};
  return fail(ErrorKind::invalid_input,
              fmt::format("The period must be from 1 to {} {}; {} is not.", most, unit, value), std::string(unit));
}

double days_between_instants(Instant from, Instant to) {
  return std::chrono::duration<double, std::ratio<86400>>(to - from).count();
}

double hours_between(Instant from, Instant to) {
  return std::chrono::duration<double, std::ratio<3600>>(to - from).count();
}

// Whether a stored event's details mark it as copied from another store's case.
bool copied_from_another_store(const std::string& details) {
  return details.find("at_store") != std::string::npos && !parse_event_details(details).at_store.empty();
}

struct Finish {
  std::string technician;
  Date day;
  double days = 0;
  bool repaired = false;
};

// Each repair that reached ready for pickup since `since`, with its technician.
std::vector<Finish> read_finishes(Database& db, const StoreTimeZone& zone, Instant since) {
  std::vector<Finish> finishes;
  Statement s = db.prepare(fmt::format(
      "SELECT e.case_id, e.at, e.actor, e.kind, e.details, c.created_at, coalesce(c.assigned_to, ''), c.was_repaired "
      "FROM case_events e JOIN cases c ON c.id = e.case_id "
      "WHERE e.case_id IN {} AND c.kind = 'repair' AND (e.kind = 'assigned' OR e.to_status = 'ready_for_pickup') "
      "ORDER BY e.case_id, e.id",
      kCasesOfThePeriod));
  std::string since_text = format_instant(since);
  s.bind_all(since_text);
  std::int64_t current_case = -1;
  std::optional<std::string> assigned;  // the case's latest assignment so far ("" : unassigned)
  while (s.step()) {
    std::int64_t case_id = s.get_int(0);
    if (case_id != current_case) {
      current_case = case_id;
      assigned.reset();
    }
    std::string details = s.get_text(4);
    if (copied_from_another_store(details)) continue;
    if (s.get_text(3) == "assigned") {
      assigned = parse_event_details(details).who;
      continue;
    }
    auto at = parse_instant(s.get_text(1));
    auto opened = parse_instant(s.get_text(5));
    if (!at || !opened || *at < since) continue;
    // Assigned before events recorded assignments: the case's own column tells.
    std::string technician = assigned ? *assigned : s.get_text(6);
    if (technician.empty()) technician = s.get_text(2);
    finishes.push_back(
        {std::move(technician), zone.local_date(*at), days_between_instants(*opened, *at), s.get_int(7) != 0});
  }
  return finishes;
}

TechnicianReport gather_by_technician(const std::vector<Finish>& finishes, Date first_week, int weeks) {
  TechnicianReport report;
  report.weeks = weeks;
  for (int i = 0; i < weeks; ++i) report.week_starts.push_back(add_days(first_week, 7 * i));
  report.finished_per_week.assign(static_cast<std::size_t>(weeks), 0);
  std::map<std::string, TechnicianOutput> by_name;
  std::map<std::string, std::vector<double>> days_by_name;
  std::vector<double> all_days;
  for (const Finish& f : finishes) {
    int week = days_between(first_week, f.day) / 7;
    if (week < 0 || week >= weeks) continue;
    TechnicianOutput& t = by_name[f.technician];
    if (t.finished_per_week.empty()) {
      t.technician = f.technician;
      t.finished_per_week.assign(static_cast<std::size_t>(weeks), 0);
    }
    ++t.finished_per_week[static_cast<std::size_t>(week)];
    ++t.finished;
    if (f.repaired) ++t.repaired;
    days_by_name[f.technician].push_back(f.days);
    ++report.finished_per_week[static_cast<std::size_t>(week)];
    ++report.finished;
    all_days.push_back(f.days);
  }
  for (auto& [name, t] : by_name) {
    t.median_days = median_days(days_by_name[name]);
    report.technicians.push_back(std::move(t));
  }
  std::ranges::stable_sort(
      report.technicians, [](const TechnicianOutput& a, const TechnicianOutput& b) { return a.finished > b.finished; });
  report.median_days = median_days(std::move(all_days));
  return report;
}

// Every stay of a repair in a status that ended since `since`, in hours, by status.
std::map<CaseStatus, std::vector<double>> read_stays(Database& db, Instant since) {
  std::map<CaseStatus, std::vector<double>> hours;
  Statement s = db.prepare(
      fmt::format("SELECT e.case_id, e.at, e.to_status, e.details FROM case_events e JOIN cases c ON c.id = e.case_id "
                  "WHERE e.case_id IN {} AND c.kind = 'repair' AND e.to_status IS NOT NULL "
                  "ORDER BY e.case_id, e.id",
                  kCasesOfThePeriod));
  std::string since_text = format_instant(since);
  s.bind_all(since_text);
  std::int64_t current_case = -1;
  std::optional<std::pair<CaseStatus, Instant>> stay;  // the status the case is in, since when
  while (s.step()) {
    std::int64_t case_id = s.get_int(0);
    if (case_id != current_case) {
      current_case = case_id;
      stay.reset();
    }
    if (copied_from_another_store(s.get_text(3))) continue;
    auto at = parse_instant(s.get_text(1));
    auto to = parse_case_status(s.get_text(2));
    if (!at || !to) continue;
    if (stay && stay->first == *to) continue;  // not a move: an estimate recorded, a part ordered...
    if (stay && *at >= since) hours[stay->first].push_back(std::max(0.0, hours_between(stay->second, *at)));
    stay = std::pair{*to, *at};
  }
  return hours;
}

Date first_day_of(const StoreTimeZone& zone, Instant now, int days) {
  return add_days(zone.local_date(now), 1 - days);
}

}  // namespace

Date week_start(Date day) {
  std::chrono::weekday wd{std::chrono::sys_days(day)};
  return add_days(day, -static_cast<int>((wd.c_encoding() + 6) % 7));
}

std::string iso_week(Date day) {
  Date thursday = add_days(week_start(day), 3);  // a week belongs to the year of its Thursday
  Date new_year{thursday.year(), std::chrono::January, std::chrono::day{1}};
  int week = days_between(new_year, thursday) / 7 + 1;
  return fmt::format("{:04}-W{:02}", static_cast<int>(thursday.year()), week);
}

double nearest_rank(std::vector<double> values, double share) {
  if (values.empty()) return 0;
  std::ranges::sort(values);
  auto rank = static_cast<std::size_t>(std::ceil(share * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

Result<TechnicianReport> technician_output(Database& db, const Config& config, Instant now, int weeks) {
  if (auto ok = check_period(weeks, kMaxReportWeeks, "weeks"); !ok) return std::unexpected(ok.error());
  return storage_guard<TechnicianReport>([&]() -> Result<TechnicianReport> {
    const StoreTimeZone& zone = config.time_zone;
    Date first_week = add_days(week_start(zone.local_date(now)), -7 * (weeks - 1));
    ReadTransaction snapshot(db);
    return gather_by_technician(read_finishes(db, zone, zone.start_of(first_week)), first_week, weeks);
  });
}

Result<StatusTimesReport> status_times(Database& db, const Config& config, Instant now, int days) {
  if (auto ok = check_period(days, kMaxReportDays, "days"); !ok) return std::unexpected(ok.error());
  return storage_guard<StatusTimesReport>([&]() -> Result<StatusTimesReport> {
    StatusTimesReport report;
    report.days = days;
    ReadTransaction snapshot(db);
    auto hours = read_stays(db, config.time_zone.start_of(first_day_of(config.time_zone, now, days)));
    for (CaseStatus status : kAllStatuses) {
      auto it = hours.find(status);
      if (it == hours.end()) continue;
      report.statuses.push_back(
          {status, static_cast<int>(it->second.size()), median_days(it->second), nearest_rank(it->second, 0.9)});
    }
    return report;
  });
}

Result<PartsReport> parts_used(Database& db, const Config& config, Instant now, int days) {
  if (auto ok = check_period(days, kMaxReportDays, "days"); !ok) return std::unexpected(ok.error());
  return storage_guard<PartsReport>([&]() -> Result<PartsReport> {
    PartsReport report;
    report.days = days;
    std::string since = format_instant(config.time_zone.start_of(first_day_of(config.time_zone, now, days)));
    Statement s = db.prepare(
        fmt::format("SELECT p.sku, p.name, sum(u.quantity) AS used, sum(u.quantity * u.unit_cost_cents) AS cost, "
                    "sum(u.quantity * u.unit_price_cents) AS price, count(DISTINCT u.case_id) AS repairs "
                    "FROM part_uses u JOIN parts p ON p.id = u.part_id "
                    "WHERE u.case_id IN {} AND u.used_at >= ?1 "
                    "GROUP BY p.sku, p.name HAVING sum(u.quantity) <> 0 "
                    "ORDER BY cost DESC, used DESC, p.sku",
                    kCasesOfThePeriod));
    s.bind_all(since);
    while (s.step()) {
      PartUsage part{s.get_text(0), s.get_text(1), s.get_int(2),
                     s.get_int(3),  s.get_int(4),  static_cast<int>(s.get_int(5))};
      report.quantity += part.quantity;
      report.cost_cents += part.cost_cents;
      report.price_cents += part.price_cents;
      report.parts.push_back(std::move(part));
    }
    return report;
  });
}

}  // namespace aftersales
