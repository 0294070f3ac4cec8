#include "core/domain/warranty.h"

namespace aftersales {
namespace {

std::optional<int> days_left(const CoveragePeriod& period, Date today) {
  if (period.lifetime || !period.end) return std::nullopt;
  return days_between(today, *period.end);
}

}  // namespace

std::string_view to_string(CoverageStatus status) {
  switch (status) {
    case CoverageStatus::manufacturer: return "manufacturer";
    case CoverageStatus::plan: return "plan";
    case CoverageStatus::workmanship: return "workmanship";
    case CoverageStatus::expired: return "expired";
    case CoverageStatus::unknown_serial: return "unknown_serial";
  }
  return "unknown_serial";
}

std::string_view coverage_label(CoverageStatus status) {
  switch (status) {
    case CoverageStatus::manufacturer: return "Under manufacturer's warranty";
    case CoverageStatus::plan: return "Covered by protection plan";
    case CoverageStatus::workmanship: return "Covered by our repair warranty";
    case CoverageStatus::expired: return "Out of warranty";
    case CoverageStatus::unknown_serial: return "Serial number not found";
  }
  return "";
}

std::optional<CoverageStatus> parse_coverage_status(std::string_view text) {
  for (auto s : {CoverageStatus::manufacturer, CoverageStatus::plan, CoverageStatus::workmanship,
                 CoverageStatus::expired, CoverageStatus::unknown_serial})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

CoveragePeriod coverage_period(Date purchase_date, CoverageTerm term) {
  if (term.lifetime) return {true, std::nullopt};
  // Covered through the day before the same date N months later: 12 months from 2024-01-31 ends
  // on 2025-01-30; with no months there is no coverage at all (ends the day before purchase).
  return {false, add_days(add_months(purchase_date, term.months), -1)};
}

CoverageVerdict evaluate_coverage(const CoverageFacts& facts, Date today) {
  CoverageVerdict verdict;
  verdict.manufacturer = coverage_period(facts.purchase_date, facts.manufacturer);
  if (facts.plan) verdict.plan = coverage_period(facts.purchase_date, *facts.plan);
  if (facts.workmanship_until) verdict.workmanship = CoveragePeriod{false, facts.workmanship_until};

  if (verdict.manufacturer.active_on(today)) {
    verdict.status = CoverageStatus::manufacturer;
    verdict.days_left = days_left(verdict.manufacturer, today);
  } else if (verdict.plan && verdict.plan->active_on(today)) {
    verdict.status = CoverageStatus::plan;
    verdict.days_left = days_left(*verdict.plan, today);
  } else if (verdict.workmanship && verdict.workmanship->active_on(today)) {
    verdict.status = CoverageStatus::workmanship;
    verdict.days_left = days_left(*verdict.workmanship, today);
  } else {
    verdict.status = CoverageStatus::expired;
  }
  return verdict;
}

}  // namespace aftersales
