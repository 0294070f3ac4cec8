#pragma once
// Import of point-of-sale exports. Each file imports entirely or not at all; every bad row is
// reported with its line number and reason; importing the same file again adds nothing.
//
// products.csv: sku,name,brand,category,warranty_months,return_days,returnable
//   warranty_months is a number or "lifetime"; return_days empty means the category's window.
// plans.csv:    sku,name,months,covers                  (months: a number or "lifetime")
// sales.csv:    receipt_number,sold_at,store,sku,serial,quantity,price_cents,plan_sku
//   one row per receipt line; sold_at with Z or an offset, or local store time without either.
// parts.csv:    sku,name,cost_cents,price_cents,stock,low_at,supplier   (schema 20, the store's own)
//   stock, low_at, supplier empty: a known part keeps its own (a new one: 0, 1, none); low_at: at or
//   below it the part is low (`parts list --low`).
#include <istream>
#include <string>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"

namespace aftersales {

class Database;

struct ImportIssue {
  int line = 0;
  std::string message;
};

struct ImportReport {
  int rows = 0;
  int added = 0;
  int updated = 0;
  int unchanged = 0;
  int error_count = 0;
  std::vector<ImportIssue> errors;  // the first kMaxReportedErrors of them
  bool committed() const { return error_count == 0; }
};

inline constexpr int kMaxReportedErrors = 200;

enum class ImportKind { products, plans, sales, parts };

// Fails only when the file cannot be read or stored; bad rows come back in the report, and then
// nothing was written.
Result<ImportReport> import_csv(Database& db, ImportKind kind, std::istream& in, const StoreTimeZone& zone);

}  // namespace aftersales
