#pragma once
// The bench's reports, for `aftersales report` and the dashboard's Bench section: what each
// technician finished per week, how long repairs stay in each status, and the parts used with what
// they cost. Plain figures over a period that ends now. Each report reads only the cases changed
// within the period (open ones updated since it began, closed ones closed since: the cases_closed
// index) and their rows, in one query whatever the number of cases: never a query per case.
//
// What counts:
// - A repair is finished when it moves to ready for pickup (repaired, or going back unrepaired: no
//   fault found, estimate declined); it is the work of whoever it was assigned to at that moment (the
//   latest assignment before the move), or, when nobody was, of whoever moved it. Its days run from
//   check-in to that move. Weeks are ISO weeks (Monday to Sunday) in the store's time zone.
// - A status's time is each stay in it that ended within the period (a repair moved on from it),
//   in hours. A stay still going is left out: its length is not known yet (the queue's clock flags
//   the ones that wait too long). History copied from another store's case (a transfer) is that
//   store's and is left out of both.
// - A part's use is its quantity taken from stock within the period, net of what was put back, at
//   the cost and price recorded on the day.
#include <cstdint>
#include <string>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/config/config.h"
#include "core/domain/workflow.h"

namespace aftersales {

class Database;

inline constexpr int kMaxReportWeeks = 520;
inline constexpr int kMaxReportDays = 3660;

struct TechnicianOutput {
  std::string technician;
  std::vector<int> finished_per_week;  // one count per week of the report, oldest first
  int finished = 0;
  int repaired = 0;        // of those, the ones that went through repairing
  double median_days = 0;  // check-in to ready for pickup
};

struct TechnicianReport {
  int weeks = 0;
  std::vector<Date> week_starts;              // Mondays, oldest first, this week last
  std::vector<TechnicianOutput> technicians;  // most finished first, then by name
  std::vector<int> finished_per_week;         // everyone's, per week
  int finished = 0;
  double median_days = 0;
};

struct StatusTime {
  CaseStatus status = CaseStatus::checked_in;
  int stays = 0;
  double median_hours = 0;
  double p90_hours = 0;  // nine stays in ten were this short or shorter (nearest rank)
};

struct StatusTimesReport {
  int days = 0;
  std::vector<StatusTime> statuses;  // in workflow order; a status with no stay ended in the period is left out
};

struct PartUsage {
  std::string sku;
  std::string name;
  std::int64_t quantity = 0;  // used net of put-backs
  std::int64_t cost_cents = 0;
  std::int64_t price_cents = 0;
  int repairs = 0;  // repairs that used some
};

struct PartsReport {
  int days = 0;
  std::vector<PartUsage> parts;  // by cost, highest first; a part all put back is left out
  std::int64_t quantity = 0;
  std::int64_t cost_cents = 0;
  std::int64_t price_cents = 0;
};

// Each fails with invalid_input for a period out of range (1 to kMaxReportWeeks weeks, 1 to
// kMaxReportDays days), and with a storage error when the database cannot be read.
Result<TechnicianReport> technician_output(Database& db, const Config& config, Instant now, int weeks);
Result<StatusTimesReport> status_times(Database& db, const Config& config, Instant now, int days);
Result<PartsReport> parts_used(Database& db, const Config& config, Instant now, int days);

// The Monday that starts the ISO week of `day`, and that week's name ("2026-W09").
Date week_start(Date day);
std::string iso_week(Date day);
// The value below which `share` (0..1) of the values lie, by nearest rank; 0 for none.
double nearest_rank(std::vector<double> values, double share);

}  // namespace aftersales
