#pragma once
// Warranty coverage of one sold item. The rules here are the ones repair shops often get wrong:
// - a repair does not reset the warranty: coverage always runs from the purchase date;
// - an item replaced under warranty carries the remaining coverage of the original;
// - a repair adds its own workmanship warranty on top, from the day the repair was completed;
// - lifetime coverage exists and never ends.
#include <optional>
#include <string>
#include <vector>

#include "core/catalog.h"
#include "core/config.h"
#include "core/error.h"

namespace aftersales {

class Database;

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

struct WarrantyInfo {
  std::string serial;                          // as looked up
  std::string original_serial;                 // as sold; differs after a warranty replacement
  std::vector<std::string> replacement_chain;  // from the sold serial to the one looked up
  SoldLine line;
  Date purchase_date;
  CoverageVerdict verdict;
};

class WarrantyService {
 public:
  WarrantyService(Database& db, const Config& config) : db_(db), config_(config) {}

  // not_found (unknown serial) is an Error with kind not_found; the caller shows "unknown serial".
  Result<WarrantyInfo> by_serial(std::string_view serial, Instant now);
  Result<WarrantyInfo> by_receipt_line(std::string_view receipt_number, int line_no, Instant now);
  // The lines of a receipt, to pick the item from (not_found for an unknown receipt).
  Result<std::vector<SoldLine>> receipt_lines(std::string_view receipt_number);

 private:
  Result<WarrantyInfo> evaluate(SoldLine line, std::string looked_up, std::vector<std::string> chain, Instant now);
  Database& db_;
  const Config& config_;
};

}  // namespace aftersales
