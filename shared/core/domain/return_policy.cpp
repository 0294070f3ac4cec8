#include "core/domain/return_policy.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/base/text.h"

namespace aftersales {
namespace {

std::string plural_days(int days) {
  return days == 1 ? "1 day" : fmt::format("{} days", days);
}

ReturnDecision refuse(ReturnDecision decision, Refusal refusal, std::string explanation) {
  decision.allowed.clear();
  decision.refusal = refusal;
  decision.refund_cents = 0;
  decision.restocking_fee_cents = 0;
  decision.explanation = std::move(explanation);
  return decision;
}

}  // namespace

bool is_faulty(ReturnReason reason) {
  return reason == ReturnReason::defective || reason == ReturnReason::not_as_described;
}

std::string_view to_string(ReturnReason reason) {
  switch (reason) {
    case ReturnReason::changed_mind: return "changed_mind";
    case ReturnReason::defective: return "defective";
    case ReturnReason::wrong_item: return "wrong_item";
    case ReturnReason::not_as_described: return "not_as_described";
  }
  return "changed_mind";
}

std::string_view to_string(ItemCondition condition) {
  switch (condition) {
    case ItemCondition::sealed: return "sealed";
    case ItemCondition::opened: return "opened";
    case ItemCondition::damaged: return "damaged";
  }
  return "sealed";
}

std::string_view to_string(ReturnOutcome outcome) {
  switch (outcome) {
    case ReturnOutcome::refund: return "refund";
    case ReturnOutcome::exchange: return "exchange";
    case ReturnOutcome::store_credit: return "store_credit";
  }
  return "refund";
}

std::string_view outcome_words(ReturnOutcome outcome) {
  return outcome == ReturnOutcome::store_credit ? "store credit" : to_string(outcome);
}

std::string return_reason_words(ReturnReason reason, Language lang) {
  switch (reason) {
    case ReturnReason::changed_mind: return std::string(tr(lang, "Changed my mind"));
    case ReturnReason::defective: return std::string(tr(lang, "Faulty"));
    case ReturnReason::wrong_item: return std::string(tr(lang, "Wrong item"));
    case ReturnReason::not_as_described: return std::string(tr(lang, "Not as described"));
  }
  return {};
}

std::string_view to_string(Refusal refusal) {
  switch (refusal) {
    case Refusal::none: return "none";
    case Refusal::not_on_receipt: return "not_on_receipt";
    case Refusal::already_returned: return "already_returned";
    case Refusal::too_many: return "too_many";
    case Refusal::final_sale: return "final_sale";
    case Refusal::past_window: return "past_window";
    case Refusal::damaged: return "damaged";
  }
  return "none";
}

std::optional<ReturnReason> parse_return_reason(std::string_view text) {
  for (auto r :
       {ReturnReason::changed_mind, ReturnReason::defective, ReturnReason::wrong_item, ReturnReason::not_as_described})
    if (to_string(r) == text) return r;
  return std::nullopt;
}

std::optional<ItemCondition> parse_item_condition(std::string_view text) {
  for (auto c : {ItemCondition::sealed, ItemCondition::opened, ItemCondition::damaged})
    if (to_string(c) == text) return c;
  return std::nullopt;
}

std::optional<ReturnOutcome> parse_return_outcome(std::string_view text) {
  for (auto o : {ReturnOutcome::refund, ReturnOutcome::exchange, ReturnOutcome::store_credit})
    if (to_string(o) == text) return o;
  return std::nullopt;
}

bool ReturnDecision::allows(ReturnOutcome outcome) const {
  return std::ranges::find(allowed, outcome) != allowed.end();
}

ReturnDecision refuse_not_on_receipt(std::string_view item, std::string_view receipt_number) {
  return refuse({}, Refusal::not_on_receipt, fmt::format("{} is not on receipt {}.", item, receipt_number));
}

std::string return_resolution(std::optional<ReturnOutcome> outcome, bool goodwill, const std::string& reason) {
  if (!outcome) return with_words("Return rejected", reason);
  std::string head = fmt::format("Return approved: {}", outcome_words(*outcome));
  if (goodwill) head += " (goodwill)";
  return with_words(head, reason);
}

std::string outcomes_text(const std::vector<ReturnOutcome>& outcomes) {
  std::string out;
  for (auto o : outcomes) {
    if (!out.empty()) out += ',';
    out += to_string(o);
  }
  return out;
}

ReturnDecision evaluate_return(const ReturnFacts& facts, const ReturnRequest& request, const ReturnRule& rule) {
  ReturnDecision d;
  d.window_days = facts.product_window_days.value_or(rule.window_days);
  d.days_since_purchase = days_between(facts.purchase_date, request.today);
  d.quantity_returnable = std::max(0, facts.quantity_bought - facts.quantity_already_returned);

  if (d.quantity_returnable == 0) return refuse(d, Refusal::already_returned, "This item has already been returned.");
  if (request.quantity < 1 || request.quantity > d.quantity_returnable)
    return refuse(d, Refusal::too_many,
                  d.quantity_returnable == 1
                      ? std::string("Only 1 of this item can still be returned.")
                      : fmt::format("Only {} of this item can still be returned.", d.quantity_returnable));

  bool faulty = is_faulty(request.reason);
  bool exchange_under_warranty = faulty && facts.under_warranty;
  if (request.condition == ItemCondition::damaged && !faulty)
    return refuse(d, Refusal::damaged, "Damaged items can't be returned. Ask at the service counter about a repair.");

  if (!facts.returnable || rule.final_sale) {
    if (exchange_under_warranty) {
      d.allowed = {ReturnOutcome::exchange};
      d.explanation = "This was a final sale, but it is faulty and under warranty: we can exchange it.";
      return d;
    }
    return refuse(d, Refusal::final_sale, "This item was a final sale and can't be returned.");
  }

  d.days_past_window = std::max(0, d.days_since_purchase - d.window_days);
  if (d.days_past_window > 0) {
    if (exchange_under_warranty) {
      d.allowed = {ReturnOutcome::exchange};
      d.explanation = fmt::format(
          "The {}-day return period ended {} ago, but the item is faulty and under warranty: we can exchange it.",
          d.window_days, plural_days(d.days_past_window));
      return d;
    }
    return refuse(d, Refusal::past_window,
                  fmt::format("The return period for this item is {} days; it ended {} ago.", d.window_days,
                              plural_days(d.days_past_window)));
  }

  d.allowed = {ReturnOutcome::refund, ReturnOutcome::exchange, ReturnOutcome::store_credit};
  std::int64_t total = facts.unit_price_cents * request.quantity;
  // A restocking fee applies to refunds of opened items returned for no fault of the item.
  bool fee_applies =
      request.condition == ItemCondition::opened && !faulty && request.reason != ReturnReason::wrong_item;
  d.restocking_fee_cents = fee_applies ? total * rule.restocking_fee_percent / 100 : 0;
  d.refund_cents = total - d.restocking_fee_cents;
  int days_left = d.window_days - d.days_since_purchase;
  d.explanation = d.restocking_fee_cents > 0
                      ? fmt::format(
                            "You can get a refund of {} (after a {}% restocking fee for an opened item), "
                            "an exchange, or store credit. {} left to return it.",
                            format_price(d.refund_cents), rule.restocking_fee_percent, plural_days(days_left))
                      : fmt::format("You can get a refund of {}, an exchange, or store credit. {} left to return it.",
                                    format_price(d.refund_cents), plural_days(days_left));
  return d;
}

}  // namespace aftersales
