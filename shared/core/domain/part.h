#pragma once
// Parts for repairs: a part as the store's parts list has it (sku, name, cost, price, stock,
// supplier), a special order of a part not in stock, and the rules of taking parts from stock and
// of ordering them. Pure rules over plain facts; parts_store.h keeps them, CaseService applies them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/domain/workflow.h"

namespace aftersales {

struct Part {
  std::int64_t id = 0;
  std::string sku;
  std::string name;
  std::int64_t cost_cents = 0;   // what the store pays the supplier
  std::int64_t price_cents = 0;  // what the customer pays
  std::int64_t stock = 0;
  std::int64_t low_at = 1;  // at or below this the stock is low (`parts list --low`)
  std::string supplier;
  bool low() const { return stock <= low_at; }
};

// A part ordered from a supplier for one repair; it has arrived once arrived_at is set, and no
// longer comes once cancelled_at is.
struct PartOrder {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string case_code;
  std::string sku;
  std::string part_name;
  std::int64_t quantity = 1;  // still to come: part of an order that arrived is off it
  std::string supplier;
  std::string reference;  // the supplier's order reference, unique in the store
  Date expected_on;       // the store's day the supplier promised
  Instant ordered_at;
  std::optional<Instant> arrived_at;
  std::optional<Instant> cancelled_at;
  std::string cancel_reason;
  bool waiting() const { return !arrived_at && !cancelled_at; }
};

// What the counter types to order a part for a repair.
struct PartOrderDraft {
  std::string sku;
  std::int64_t quantity = 1;
  std::string supplier;  // empty: the part's own supplier
  std::string reference;
  std::string expected;  // YYYY-MM-DD
};

inline constexpr std::int64_t kMaxPartQuantity = 1000;
inline constexpr std::size_t kMaxOrderReference = 64;
inline constexpr std::size_t kMaxCancelReason = 200;

// A quantity of parts to use, order or receive: 1 to kMaxPartQuantity.
Result<void> check_part_quantity(std::int64_t quantity);
// Whether `wanted` of the part can come from its stock; refused with what is there ("only 2 in stock").
Result<void> check_stock(const Part& part, std::int64_t wanted);
// Parts are used on the bench: while a repair is diagnosed or repaired. Refused otherwise, with why.
Result<void> check_part_use(CaseKind kind, CaseStatus status);
// The supplier's promised day, typed as YYYY-MM-DD, not before `today` (the store's day).
Result<Date> parse_expected_date(std::string_view text, Date today);
// The order's reference and supplier, trimmed and checked.
Result<void> check_order_draft(const PartOrderDraft& draft);

}  // namespace aftersales
