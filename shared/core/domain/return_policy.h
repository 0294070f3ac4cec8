#pragma once
// The return policy: for one receipt line, a quantity, a reason and the item's condition on a given
// day, which outcomes are allowed (refund, exchange, store credit) or, when refused, why, in plain
// words. Rules come by product category from the configuration.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/catalog.h"
#include "core/config.h"
#include "core/error.h"

namespace aftersales {

class Database;

enum class ReturnReason { changed_mind, defective, wrong_item, not_as_described };
enum class ItemCondition { sealed, opened, damaged };
enum class ReturnOutcome { refund, exchange, store_credit };

std::string_view to_string(ReturnReason reason);
std::string_view to_string(ItemCondition condition);
std::string_view to_string(ReturnOutcome outcome);
std::string_view outcome_words(ReturnOutcome outcome);  // "store credit", for staff-facing text
std::optional<ReturnReason> parse_return_reason(std::string_view text);
std::optional<ItemCondition> parse_item_condition(std::string_view text);
std::optional<ReturnOutcome> parse_return_outcome(std::string_view text);

enum class Refusal {
  none,
  not_on_receipt,
  already_returned,
  too_many,
  final_sale,
  past_window,
  damaged,
};
std::string_view to_string(Refusal refusal);

struct ReturnFacts {
  Date purchase_date;
  std::string category;
  bool returnable = true;
  std::optional<int> product_window_days;
  int quantity_bought = 1;
  int quantity_already_returned = 0;
  std::int64_t unit_price_cents = 0;
  bool under_warranty = false;
};

struct ReturnRequest {
  int quantity = 1;
  ReturnReason reason = ReturnReason::changed_mind;
  ItemCondition condition = ItemCondition::sealed;
  Date today;
};

struct ReturnDecision {
  std::vector<ReturnOutcome> allowed;  // empty when refused
  Refusal refusal = Refusal::none;
  int window_days = 0;
  int days_since_purchase = 0;
  int days_past_window = 0;  // when refused or only exchangeable for being late
  int quantity_returnable = 0;
  std::int64_t refund_cents = 0;  // what a refund pays back, after any restocking fee
  std::int64_t restocking_fee_cents = 0;
  std::string explanation;  // the answer in plain words

  bool accepted() const { return !allowed.empty(); }
  bool allows(ReturnOutcome outcome) const;
};

ReturnDecision evaluate_return(const ReturnFacts& facts, const ReturnRequest& request, const ReturnRule& rule);
std::string outcomes_text(const std::vector<ReturnOutcome>& outcomes);  // "refund,exchange"

struct ReturnCheckLine {
  SoldLine line;
  ReturnDecision decision;
};

class ReturnService {
 public:
  ReturnService(Database& db, const Config& config) : db_(db), config_(config) {}

  // The decision for one line of a receipt, chosen by SKU (or serial, for a serialised item).
  Result<ReturnCheckLine> check(std::string_view receipt_number, std::string_view sku_or_serial, int quantity,
                                ReturnReason reason, ItemCondition condition, Instant now);
  // Every line of a receipt, each with the decision for returning all that is left of it.
  Result<std::vector<ReturnCheckLine>> check_receipt(std::string_view receipt_number, ReturnReason reason,
                                                     ItemCondition condition, Instant now);

 private:
  ReturnDecision decide(const SoldLine& line, int quantity, ReturnReason reason, ItemCondition condition, Instant now);
  Database& db_;
  const Config& config_;
};

}  // namespace aftersales
