#pragma once
// The dashboard's Bench section as plain data: the bench's three reports (bench_reports.h) over the
// dashboard's period, and what its charts draw of them: repairs finished per week stacked by
// technician, the time per status, the parts that cost most. No ImGui.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"
#include "core/config/config.h"
#include "core/services/bench_reports.h"

namespace aftersales {
class Database;
}

namespace aftersales::backoffice {

inline constexpr int kBenchWeeks = 8;
inline constexpr int kBenchDays = 30;

struct BenchFigures {
  TechnicianReport technicians;
  StatusTimesReport statuses;
  PartsReport parts;
};
Result<BenchFigures> bench_figures(Database& db, const Config& config, Instant now);

// One column a week, its bar stacked with a segment per technician (the same order every week).
struct WeekColumn {
  std::string label;       // "W09"
  std::string starts;      // "2026-02-23"
  std::vector<int> stack;  // per series
  int total = 0;
};
struct WeeklyChart {
  std::vector<std::string> series;  // the busiest technicians, then "Others" when there are more
  bool others = false;              // the last series is "Others"
  std::vector<WeekColumn> weeks;    // oldest first
  int top = 0;                      // the tallest column's total
};
WeeklyChart weekly_chart(const TechnicianReport& report, std::size_t most_series = 5);

// A labelled bar: its length from `value`, `text` written beside it.
struct ValueBar {
  std::string label;
  double value = 0;
  std::string text;
};
// "Diagnosing": the median's bar, "median 15.0 h, 9 in 10 by 20.0 h (2)".
std::vector<ValueBar> status_time_bars(const StatusTimesReport& report);
// The parts that cost most, "SCR-1 Screen assembly": the cost's bar, "€40.00 (1 used)".
std::vector<ValueBar> top_parts_bars(const PartsReport& report, std::size_t top = 8);

enum class BenchReport { technicians, status_times, parts };
// The report as CSV (report_csv.h), and the word its file is named with ("technicians").
std::string bench_csv(const BenchFigures& figures, BenchReport which);
std::string_view bench_file_word(BenchReport which);

}  // namespace aftersales::backoffice
