#pragma once
// Looking up an item's warranty: the sold line behind a serial (following warranty replacements back
// to the serial that was sold) or a receipt line, the repairs done on it, and the coverage rule
// (core/domain/warranty.h) applied to them on the store's date.
#include <string>
#include <vector>

#include "core/base/error.h"
#include "core/config/config.h"
#include "core/domain/warranty.h"
#include "core/storage/catalog.h"

namespace aftersales {

class Database;

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
