#pragma once
// The bench's reports (bench_reports.h) as CSV for a spreadsheet: RFC 4180, a header row, CRLF line
// ends, machine values (integer cents, ISO weeks and dates, hours and days with two decimals).
#include <string>

#include "core/services/bench_reports.h"

namespace aftersales {

// technician,finished,repaired,median_days, then a column per week ("2026-W09"), oldest first.
std::string technicians_csv(const TechnicianReport& report);
// status,stays,median_hours,p90_hours
std::string status_times_csv(const StatusTimesReport& report);
// sku,name,quantity,cost_cents,price_cents,repairs
std::string parts_csv(const PartsReport& report);

// What the tables and the dashboard show of a stay: "5.0 h" up to two days, then "3.5 d".
std::string duration_words(double hours);

}  // namespace aftersales
