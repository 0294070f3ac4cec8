#include "core/domain/part.h"

#include <fmt/format.h>

#include "core/base/text.h"

namespace aftersales {

Result<void> check_part_quantity(std::int64_t quantity) {
  if (quantity < 1 || quantity > kMaxPartQuantity)
    return fail(ErrorKind::invalid_input,
                fmt::format("The quantity must be a whole number from 1 to {} (got {}).", kMaxPartQuantity, quantity),
                "quantity");
  return {};
}

Result<void> check_stock(const Part& part, std::int64_t wanted) {
  if (part.stock >= wanted) return {};
  if (part.stock == 0)
    return fail(
        ErrorKind::refused,
        fmt::format("{} ({}) is out of stock. Order it for the repair with `parts order`.", part.sku, part.name),
        "quantity");
  return fail(ErrorKind::refused,
              fmt::format("Only {} of {} ({}) in stock; {} wanted. Use what is there, or order the rest.", part.stock,
                          part.sku, part.name, wanted),
              "quantity");
}

Result<void> check_part_use(CaseKind kind, CaseStatus status) {
  if (kind != CaseKind::repair) return fail(ErrorKind::refused, "Only repairs use parts.", "code");
  if (status == CaseStatus::diagnosing || status == CaseStatus::repairing) return {};
  return fail(ErrorKind::refused,
              fmt::format("Parts are used while a repair is being diagnosed or repaired; this one is \"{}\".",
                          staff_status_label(status)),
              "status");
}

Result<Date> parse_expected_date(std::string_view text, Date today) {
  std::string typed = trim(text);
  auto date = parse_date(typed);
  if (!date)
    return fail(ErrorKind::invalid_input,
                fmt::format("The expected date '{}' is not a date like {}.", typed, format_date(add_days(today, 7))),
                "expected");
  if (*date < today)
    return fail(
        ErrorKind::invalid_input,
        fmt::format("The expected date {} is in the past (today is {}).", format_date(*date), format_date(today)),
        "expected");
  return *date;
}

Result<void> check_order_draft(const PartOrderDraft& draft) {
  if (trim(draft.sku).empty()) return fail(ErrorKind::invalid_input, "Say which part to order (its SKU).", "sku");
  if (auto ok = check_part_quantity(draft.quantity); !ok) return ok;
  std::string reference = trim(draft.reference);
  if (reference.empty())
    return fail(ErrorKind::invalid_input, "Give the supplier's order reference (--ref).", "reference");
  if (reference.size() > kMaxOrderReference)
    return fail(ErrorKind::invalid_input,
                fmt::format("An order reference is at most {} characters.", kMaxOrderReference), "reference");
  if (trim(draft.supplier).size() > 200)
    return fail(ErrorKind::invalid_input, "The supplier's name is at most 200 characters.", "supplier");
  return {};
}

}  // namespace aftersales
