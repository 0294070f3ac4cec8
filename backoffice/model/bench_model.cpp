#include "bench_model.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/base/text.h"
#include "core/present/report_csv.h"

namespace aftersales::backoffice {

Result<BenchFigures> bench_figures(Database& db, const Config& config, Instant now) {
  BenchFigures figures;
  auto technicians = technician_output(db, config, now, kBenchWeeks);
  if (!technicians) return std::unexpected(technicians.error());
  auto statuses = status_times(db, config, now, kBenchDays);
  if (!statuses) return std::unexpected(statuses.error());
  auto parts = parts_used(db, config, now, kBenchDays);
  if (!parts) return std::unexpected(parts.error());
  figures.technicians = std::move(*technicians);
  figures.statuses = std::move(*statuses);
  figures.parts = std::move(*parts);
  return figures;
}

WeeklyChart weekly_chart(const TechnicianReport& report, std::size_t most_series) {
  WeeklyChart chart;
  std::size_t named =
      report.technicians.size() <= most_series ? report.technicians.size() : (most_series > 0 ? most_series - 1 : 0);
  for (std::size_t i = 0; i < named; ++i) chart.series.push_back(report.technicians[i].technician);
  chart.others = named < report.technicians.size();
  if (chart.others) chart.series.emplace_back("Others");
  for (std::size_t w = 0; w < report.week_starts.size(); ++w) {
    WeekColumn column;
    column.label = iso_week(report.week_starts[w]).substr(5);
    column.starts = format_date(report.week_starts[w]);
    column.stack.assign(chart.series.size(), 0);
    for (std::size_t t = 0; t < report.technicians.size(); ++t) {
      int n = report.technicians[t].finished_per_week.at(w);
      column.stack[std::min(t, chart.series.size() - 1)] += n;
      column.total += n;
    }
    chart.top = std::max(chart.top, column.total);
    chart.weeks.push_back(std::move(column));
  }
  return chart;
}

std::vector<ValueBar> status_time_bars(const StatusTimesReport& report) {
  std::vector<ValueBar> bars;
  for (const StatusTime& s : report.statuses)
    bars.push_back({std::string(staff_status_label(s.status)), s.median_hours,
                    fmt::format("median {}, 9 in 10 by {} ({})", duration_words(s.median_hours),
                                duration_words(s.p90_hours), s.stays)});
  return bars;
}

std::vector<ValueBar> top_parts_bars(const PartsReport& report, std::size_t top) {
  std::vector<ValueBar> bars;
  for (const PartUsage& p : report.parts) {
    if (bars.size() == top) break;
    bars.push_back({fmt::format("{} {}", p.sku, p.name), static_cast<double>(p.cost_cents),
                    fmt::format("{} ({} used)", format_price(p.cost_cents), p.quantity)});
  }
  return bars;
}

std::string bench_csv(const BenchFigures& figures, BenchReport which) {
  switch (which) {
    case BenchReport::technicians: return technicians_csv(figures.technicians);
    case BenchReport::status_times: return status_times_csv(figures.statuses);
    case BenchReport::parts: return parts_csv(figures.parts);
  }
  return {};
}

std::string_view bench_file_word(BenchReport which) {
  switch (which) {
    case BenchReport::technicians: return "technicians";
    case BenchReport::status_times: return "status-times";
    case BenchReport::parts: return "parts-used";
  }
  return "report";
}

}  // namespace aftersales::backoffice
