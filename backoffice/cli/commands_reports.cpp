// report technicians | status-times | parts: the bench's reports (core/services/bench_reports.h) as a
// table, as CSV for a spreadsheet (--csv) or as JSON (--json).
#include <fmt/format.h>

#include <memory>

#include "cli_context.h"
#include "core/base/text.h"
#include "core/present/report_csv.h"
#include "core/services/bench_reports.h"

namespace aftersales::cli {
namespace {

struct ReportOptions {
  int period = 0;
  bool csv = false;
};

template <typename Report>
using Compute = Result<Report> (*)(Database&, const Config&, Instant, int);

// Runs a report and prints it three ways.
template <typename Report>
void add_report(CLI::App& parent, CliContext& ctx, const char* name, const char* description, const char* period_flag,
                int default_period, Compute<Report> compute, std::string (*as_csv)(const Report&),
                nlohmann::json (*as_json)(const Report&), void (*as_text)(const Report&)) {
  auto options = std::make_shared<ReportOptions>();
  options->period = default_period;
  auto* cmd = parent.add_subcommand(name, description);
  std::string unit = std::string(period_flag).substr(2);
  cmd->add_option(period_flag, options->period,
                  fmt::format("The period, in {} up to today (default {})", unit, default_period));
  cmd->add_flag("--csv", options->csv, "CSV with a header row, for a spreadsheet (cents, ISO weeks)");
  ctx.on(cmd, [&ctx, options, compute, as_csv, as_json, as_text]() -> Result<void> {
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    auto report = compute(**db, **config, system_now(), options->period);
    if (!report) return std::unexpected(report.error());
    if (options->csv) {
      fmt::print("{}", as_csv(*report));
      return {};
    }
    ctx.print(as_json(*report), [&] { as_text(*report); });
    return {};
  });
}

nlohmann::json technicians_json(const TechnicianReport& r) {
  nlohmann::json weeks = nlohmann::json::array();
  for (Date week : r.week_starts) weeks.push_back({{"week", iso_week(week)}, {"starts", format_date(week)}});
  nlohmann::json people = nlohmann::json::array();
  for (const TechnicianOutput& t : r.technicians)
    people.push_back({{"technician", t.technician},
                      {"finished", t.finished},
                      {"repaired", t.repaired},
                      {"median_days", t.median_days},
                      {"finished_per_week", t.finished_per_week}});
  return {{"weeks", weeks},
          {"technicians", people},
          {"finished", r.finished},
          {"finished_per_week", r.finished_per_week},
          {"median_days", r.median_days}};
}

void technicians_text(const TechnicianReport& r) {
  fmt::print("Repairs finished (moved to ready for pickup) per technician, last {} weeks\n", r.weeks);
  std::string header = fmt::format("{:<20}", "technician");
  for (Date week : r.week_starts) header += fmt::format(" {:>5}", iso_week(week).substr(5));
  fmt::print("{}  {:>6} {:>8} {:>12}\n", header, "total", "repaired", "median days");
  for (const TechnicianOutput& t : r.technicians) {
    std::string line = fmt::format("{:<20.20}", t.technician);
    for (int n : t.finished_per_week) line += fmt::format(" {:>5}", n);
    fmt::print("{}  {:>6} {:>8} {:>12.1f}\n", line, t.finished, t.repaired, t.median_days);
  }
  if (r.technicians.empty()) {
    fmt::print("No repair was finished in this period.\n");
    return;
  }
  std::string line = fmt::format("{:<20}", "everyone");
  for (int n : r.finished_per_week) line += fmt::format(" {:>5}", n);
  fmt::print("{}  {:>6} {:>8} {:>12.1f}\n", line, r.finished, "", r.median_days);
}

nlohmann::json status_times_json(const StatusTimesReport& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const StatusTime& s : r.statuses)
    rows.push_back({{"status", to_string(s.status)},
                    {"stays", s.stays},
                    {"median_hours", s.median_hours},
                    {"p90_hours", s.p90_hours}});
  return {{"days", r.days}, {"statuses", rows}};
}

void status_times_text(const StatusTimesReport& r) {
  fmt::print("Time repairs spent in each status (stays that ended in the last {} days)\n", r.days);
  if (r.statuses.empty()) {
    fmt::print("No repair moved on from a status in this period.\n");
    return;
  }
  fmt::print("{:<36} {:>6} {:>10} {:>12}\n", "status", "stays", "median", "9 in 10 by");
  for (const StatusTime& s : r.statuses)
    fmt::print("{:<36} {:>6} {:>10} {:>12}\n", staff_status_label(s.status), s.stays, duration_words(s.median_hours),
               duration_words(s.p90_hours));
}

nlohmann::json parts_json(const PartsReport& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const PartUsage& p : r.parts)
    rows.push_back({{"sku", p.sku},
                    {"name", p.name},
                    {"quantity", p.quantity},
                    {"cost_cents", p.cost_cents},
                    {"price_cents", p.price_cents},
                    {"repairs", p.repairs}});
  return {{"days", r.days},
          {"parts", rows},
          {"quantity", r.quantity},
          {"cost_cents", r.cost_cents},
          {"price_cents", r.price_cents}};
}

void parts_text(const PartsReport& r) {
  fmt::print("Parts used on repairs in the last {} days (net of parts put back), highest cost first\n", r.days);
  if (r.parts.empty()) {
    fmt::print("No part was used in this period.\n");
    return;
  }
  fmt::print("{:<16} {:<30} {:>6} {:>12} {:>12} {:>8}\n", "sku", "name", "used", "cost", "price", "repairs");
  for (const PartUsage& p : r.parts)
    fmt::print("{:<16.16} {:<30.30} {:>6} {:>12} {:>12} {:>8}\n", p.sku, p.name, p.quantity, format_price(p.cost_cents),
               format_price(p.price_cents), p.repairs);
  fmt::print("{:<16} {:<30} {:>6} {:>12} {:>12}\n", "total", "", r.quantity, format_price(r.cost_cents),
             format_price(r.price_cents));
}

}  // namespace

void add_report_commands(CLI::App& app, CliContext& ctx) {
  auto* report = app.add_subcommand("report", "The bench's reports: technicians' output, time per status, parts used");
  report->require_subcommand(1);
  add_report<TechnicianReport>(
      *report, ctx, "technicians", "Repairs finished per technician per ISO week, with the median days from check-in",
      "--weeks", 8, &technician_output, &technicians_csv, &technicians_json, &technicians_text);
  add_report<StatusTimesReport>(*report, ctx, "status-times",
                                "The median and 90th-percentile time repairs spent in each status", "--days", 30,
                                &status_times, &status_times_csv, &status_times_json, &status_times_text);
  add_report<PartsReport>(*report, ctx, "parts", "Parts used net of put-backs, with their cost and price", "--days", 30,
                          &parts_used, &parts_csv, &parts_json, &parts_text);
}

}  // namespace aftersales::cli
