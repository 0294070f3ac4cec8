#pragma once
// Warranty coverage of one sold item. The rules here are the ones repair shops often get wrong:
// - a repair does not reset the warranty: coverage always runs from the purchase date;
// - an item replaced under warranty carries the remaining coverage of the original;
// - a repair adds its own workmanship warranty on top, from the day the repair was completed;
// - lifetime coverage exists and never ends.
#include <optional>
#include <string>
#include <string_view>

#include "core/base/calendar.h"

namespace aftersales {

enum class CoverageStatus { manufacturer, plan, workmanship, expired, unknown_serial };
std::string_view to_string(CoverageStatus status);
std::string_view coverage_label(CoverageStatus status);
std::optional<CoverageStatus> parse_coverage_status(std::string_view text);
inline bool is_covered(CoverageStatus s) {
  return s == CoverageStatus::manufacturer || s == CoverageStatus::plan || s == CoverageStatus::workmanship;
}

struct CoverageTerm {
  int months = 0;
  bool lifetime = false;
};

// One coverage period; `end` is the last covered day, empty for lifetime.
struct CoveragePeriod {
  bool lifetime = false;
  std::optional<Date> end;
  bool active_on(Date day) const { return lifetime || (end && day <= *end); }
};

struct CoverageFacts {
  Date purchase_date;
  CoverageTerm manufacturer;
  std::optional<CoverageTerm> plan;
  std::optional<Date> workmanship_until;
};

struct CoverageVerdict {
  CoveragePeriod manufacturer;
  std::optional<CoveragePeriod> plan;
  std::optional<CoveragePeriod> workmanship;
  CoverageStatus status = CoverageStatus::expired;
  std::optional<int> days_left;  // of the coverage that applies; empty for lifetime or expired
};

CoveragePeriod coverage_period(Date purchase_date, CoverageTerm term);
CoverageVerdict evaluate_coverage(const CoverageFacts& facts, Date today);

}  // namespace aftersales
