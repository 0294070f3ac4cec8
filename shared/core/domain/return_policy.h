#pragma once
// The return policy: for one receipt line, a quantity, a reason and the item's condition on a given
// day, which outcomes are allowed (refund, exchange, store credit) or, when refused, why, in plain
// words. Rules come by product category from the configuration.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/translation.h"

namespace aftersales {

enum class ReturnReason { changed_mind, defective, wrong_item, not_as_described };
enum class ItemCondition { sealed, opened, damaged };
enum class ReturnOutcome { refund, exchange, store_credit };

std::string_view to_string(ReturnReason reason);
std::string_view to_string(ItemCondition condition);
std::string_view to_string(ReturnOutcome outcome);
std::string_view outcome_words(ReturnOutcome outcome);  // "store credit", for staff-facing text
// "Changed my mind", "Faulty", ... in the customer's language (receipts and the kiosk say it alike).
std::string return_reason_words(ReturnReason reason, Language lang);
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

// Defective or not as described: the item's fault, not the customer's choice.
bool is_faulty(ReturnReason reason);

// The policy for one product category (the configuration's [returns] table holds one per category).
struct ReturnRule {
  int window_days = 30;
  int restocking_fee_percent = 0;  // charged on refunds of opened items
  bool final_sale = false;
};

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
// The refusal for an item (a SKU or a serial) that the receipt does not list.
ReturnDecision refuse_not_on_receipt(std::string_view item, std::string_view receipt_number);
std::string outcomes_text(const std::vector<ReturnOutcome>& outcomes);  // "refund,exchange"
// The case's resolution once a return is decided, as staff read it: "Return approved: store credit
// (goodwill). Loyal customer", or with no outcome "Return rejected. <reason>".
std::string return_resolution(std::optional<ReturnOutcome> outcome, bool goodwill, const std::string& reason);

}  // namespace aftersales
