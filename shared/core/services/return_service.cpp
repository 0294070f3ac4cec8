#include "core/services/return_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/domain/warranty.h"
#include "core/services/return_controls.h"
#include "core/storage/database.h"

namespace aftersales {

ReturnDecision ReturnService::decide(const SoldLine& line, int quantity, ReturnReason reason, ItemCondition condition,
                                     Instant now) {
  ReturnFacts facts;
  facts.purchase_date = config_.time_zone.local_date(line.sold_at);
  facts.category = line.product.category;
  facts.returnable = line.product.returnable;
  facts.product_window_days = line.product.return_days;
  facts.quantity_bought = line.quantity;
  facts.quantity_already_returned = quantity_already_returned(db_, line.sale_line_id);
  facts.unit_price_cents = line.price_cents;
  if (is_faulty(reason)) {
    CoverageFacts coverage{facts.purchase_date, {line.product.warranty_months, line.product.warranty_lifetime}, {}, {}};
    if (line.plan) coverage.plan = CoverageTerm{line.plan->months, line.plan->lifetime};
    facts.under_warranty = is_covered(evaluate_coverage(coverage, config_.time_zone.local_date(now)).status);
  }
  ReturnRequest request{quantity, reason, condition, config_.time_zone.local_date(now)};
  return evaluate_return(facts, request, config_.returns.for_category(line.product.category));
}

Result<ReturnCheckLine> ReturnService::check(std::string_view receipt_number, std::string_view sku_or_serial,
                                             int quantity, ReturnReason reason, ItemCondition condition, Instant now) {
  return storage_guard<ReturnCheckLine>([&]() -> Result<ReturnCheckLine> {
    auto lines = find_receipt_lines(db_, receipt_number);
    if (lines.empty())
      return fail(ErrorKind::not_found,
                  fmt::format("We can't find receipt {}. Check the number printed under the barcode.", receipt_number),
                  "receipt");
    std::string serial = normalize_serial(sku_or_serial);
    auto it = std::ranges::find_if(
        lines, [&](const SoldLine& l) { return l.product.sku == sku_or_serial || (l.serial && *l.serial == serial); });
    if (it == lines.end()) {
      ReturnCheckLine result;
      result.decision = refuse_not_on_receipt(sku_or_serial, receipt_number);
      return result;
    }
    return ReturnCheckLine{*it, decide(*it, quantity, reason, condition, now)};
  });
}

Result<bool> ReturnService::needs_contact(Instant now) {
  return storage_guard<bool>([&]() -> Result<bool> { return return_needs_contact(db_, config_, now); });
}

Result<std::vector<ReturnCheckLine>> ReturnService::check_receipt(std::string_view receipt_number, ReturnReason reason,
                                                                  ItemCondition condition, Instant now) {
  return storage_guard<std::vector<ReturnCheckLine>>([&]() -> Result<std::vector<ReturnCheckLine>> {
    auto lines = find_receipt_lines(db_, receipt_number);
    if (lines.empty())
      return fail(ErrorKind::not_found,
                  fmt::format("We can't find receipt {}. Check the number printed under the barcode.", receipt_number),
                  "receipt");
    std::vector<ReturnCheckLine> result;
    for (const SoldLine& line : lines) {
      int left = std::max(1, line.quantity - quantity_already_returned(db_, line.sale_line_id));
      result.push_back({line, decide(line, left, reason, condition, now)});
    }
    return result;
  });
}

}  // namespace aftersales
