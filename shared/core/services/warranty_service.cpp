#include "core/services/warranty_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/storage/database.h"

namespace aftersales {
namespace {

constexpr int kMaxReplacementChain = 20;

}  // namespace

Result<WarrantyInfo> WarrantyService::by_serial(std::string_view serial, Instant now) {
  return storage_guard<WarrantyInfo>([&]() -> Result<WarrantyInfo> {
    std::string looked_up = normalize_serial(serial);
    if (looked_up.empty()) return fail(ErrorKind::invalid_input, "Please scan or type the serial number.", "serial");
    // Follow warranty replacements back to the serial that was sold.
    std::vector<std::string> chain{looked_up};
    for (int hops = 0; hops < kMaxReplacementChain; ++hops) {
      if (auto line = find_sold_line_by_serial(db_, chain.back())) {
        std::ranges::reverse(chain);
        return evaluate(std::move(*line), looked_up, std::move(chain), now);
      }
      Statement stmt = db_.prepare("SELECT old_serial FROM serial_replacements WHERE new_serial = ?1");
      stmt.bind(1, chain.back());
      if (!stmt.step()) break;
      std::string previous = stmt.get_text(0);
      chain.push_back(std::move(previous));
    }
    return fail(ErrorKind::not_found,
                fmt::format("We can't find serial number {} in our sales. Check it on the product's label, or "
                            "ask at the service counter.",
                            looked_up),
                "serial");
  });
}

Result<WarrantyInfo> WarrantyService::by_receipt_line(std::string_view receipt_number, int line_no, Instant now) {
  return storage_guard<WarrantyInfo>([&]() -> Result<WarrantyInfo> {
    auto lines = find_receipt_lines(db_, receipt_number);
    if (lines.empty())
      return fail(ErrorKind::not_found, fmt::format("We can't find receipt {}.", receipt_number), "receipt");
    auto it = std::ranges::find(lines, line_no, &SoldLine::line_no);
    if (it == lines.end())
      return fail(ErrorKind::not_found, fmt::format("Receipt {} has no line {}.", receipt_number, line_no), "line");
    std::string serial = it->serial.value_or("");
    return evaluate(*it, serial, {serial}, now);
  });
}

Result<std::vector<SoldLine>> WarrantyService::receipt_lines(std::string_view receipt_number) {
  return storage_guard<std::vector<SoldLine>>([&]() -> Result<std::vector<SoldLine>> {
    auto lines = find_receipt_lines(db_, receipt_number);
    if (lines.empty())
      return fail(ErrorKind::not_found,
                  fmt::format("We can't find receipt {}. Check the number printed under the barcode.", receipt_number),
                  "receipt");
    return lines;
  });
}

Result<WarrantyInfo> WarrantyService::evaluate(SoldLine line, std::string looked_up, std::vector<std::string> chain,
                                               Instant now) {
  WarrantyInfo info;
  info.serial = std::move(looked_up);
  info.original_serial = line.serial.value_or("");
  info.replacement_chain = std::move(chain);
  info.purchase_date = config_.time_zone.local_date(line.sold_at);

  CoverageFacts facts;
  facts.purchase_date = info.purchase_date;
  facts.manufacturer = {line.product.warranty_months, line.product.warranty_lifetime};
  if (line.plan) facts.plan = CoverageTerm{line.plan->months, line.plan->lifetime};
  // The latest repair we completed on this item or on any serial it replaced.
  for (const std::string& serial : info.replacement_chain) {
    if (serial.empty()) continue;
    Statement stmt = db_.prepare(
        "SELECT max(workmanship_until) FROM cases WHERE serial = ?1 AND kind = 'repair' AND workmanship_until IS NOT "
        "NULL");
    stmt.bind(1, serial);
    stmt.step();
    if (auto until = stmt.get_optional_text(0)) {
      auto date = parse_date(*until);
      if (date && (!facts.workmanship_until || *date > *facts.workmanship_until)) facts.workmanship_until = date;
    }
  }
  info.verdict = evaluate_coverage(facts, config_.time_zone.local_date(now));
  info.line = std::move(line);
  return info;
}

}  // namespace aftersales
