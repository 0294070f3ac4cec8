#include "core/present/report_csv.h"

#include <fmt/format.h>

#include <vector>

#include "core/present/case_export.h"

namespace aftersales {
namespace {

void add_row(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_cell(cells[i]);
  }
  out += "\r\n";
}

std::string two_decimals(double value) {
  return fmt::format("{:.2f}", value);
}

}  // namespace

std::string technicians_csv(const TechnicianReport& report) {
  std::string out;
  std::vector<std::string> header{"technician", "finished", "repaired", "median_days"};
  for (Date week : report.week_starts) header.push_back(iso_week(week));
  add_row(out, header);
  for (const TechnicianOutput& t : report.technicians) {
    std::vector<std::string> row{t.technician, std::to_string(t.finished), std::to_string(t.repaired),
                                 two_decimals(t.median_days)};
    for (int n : t.finished_per_week) row.push_back(std::to_string(n));
    add_row(out, row);
  }
  return out;
}

std::string status_times_csv(const StatusTimesReport& report) {
  std::string out;
  add_row(out, {"status", "stays", "median_hours", "p90_hours"});
  for (const StatusTime& s : report.statuses)
    add_row(out, {std::string(to_string(s.status)), std::to_string(s.stays), two_decimals(s.median_hours),
                  two_decimals(s.p90_hours)});
  return out;
}

std::string duration_words(double hours) {
  return hours < 48 ? fmt::format("{:.1f} h", hours) : fmt::format("{:.1f} d", hours / 24);
}

std::string parts_csv(const PartsReport& report) {
  std::string out;
  add_row(out, {"sku", "name", "quantity", "cost_cents", "price_cents", "repairs"});
  for (const PartUsage& p : report.parts)
    add_row(out, {p.sku, p.name, std::to_string(p.quantity), std::to_string(p.cost_cents),
                  std::to_string(p.price_cents), std::to_string(p.repairs)});
  return out;
}

}  // namespace aftersales
