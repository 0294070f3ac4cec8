#include "kiosk_text.h"

#include "core/base/text.h"
#include "core/printing/receipt.h"

namespace aftersales::kiosk {

std::string days_text(int days, Language lang) {
  return days == 1 ? std::string(tr(lang, "1 day")) : trf(lang, "{} days", days);
}

std::string error_text(const Error& error, Language lang) {
  // Saving failed for want of the database (kiosk/flows/save_attempts.h): its own words.
  if (error.kind == ErrorKind::storage && error.field == "confirm") return std::string(tr(lang, error.message));
  switch (error.kind) {
    case ErrorKind::storage:
    case ErrorKind::io:
    case ErrorKind::config:
    case ErrorKind::conflict:
      return std::string(tr(lang,
                            "Something went wrong on our side. Nothing you saved is lost: please try again, or "
                            "ask at the service counter."));
    default: break;
  }
  std::string_view translated = tr(lang, error.message);
  if (lang == Language::en || translated != error.message) return std::string(translated);
  // A message with the shopper's own input in it has no catalog entry: say it by what it is about.
  if (error.field == "receipt")
    return std::string(tr(lang, "We can't find that receipt. Check the number printed under the barcode."));
  if (error.field == "serial")
    return std::string(tr(lang, "We can't find that serial number. Check it, or ask at the service counter."));
  if (error.field == "code" || error.field == "token")
    return std::string(tr(lang, "We can't find that case. Check the code on your receipt."));
  if (error.field == "diagnostic_fee")
    return std::string(tr(lang, "Please accept the diagnostic fee to continue, or ask at the service counter."));
  if (error.field == "item" || error.field == "quantity")
    return std::string(tr(lang, "This item can't be returned here. Please ask at the service counter."));
  return std::string(tr(lang, "Something is not right. Please check and try again, or ask at the service counter."));
}

std::string refusal_text(const ReturnDecision& d, Language lang) {
  switch (d.refusal) {
    case Refusal::none: return {};
    case Refusal::not_on_receipt: return std::string(tr(lang, "This item is not on the receipt."));
    case Refusal::already_returned: return std::string(tr(lang, "This item has already been returned."));
    case Refusal::too_many: return trf(lang, "Only {} of this item can still be returned.", d.quantity_returnable);
    case Refusal::final_sale: return std::string(tr(lang, "This item was a final sale and can't be returned."));
    case Refusal::past_window:
      return trf(lang, "The return period for this item is {} days; it ended {} ago.", d.window_days,
                 days_text(d.days_past_window, lang));
    case Refusal::damaged:
      return std::string(tr(lang, "Damaged items can't be returned. Ask at the service counter about a repair."));
  }
  return {};
}

std::string decision_text(const ReturnDecision& d, Language lang) {
  if (!d.accepted()) return refusal_text(d, lang);
  if (!d.allows(ReturnOutcome::refund))
    return std::string(tr(lang, "The item is faulty and under warranty: we can exchange it."));
  int days_left = d.window_days - d.days_since_purchase;
  if (d.restocking_fee_cents > 0)
    return trf(lang,
               "You can get a refund of {} (after a restocking fee of {} for an opened item), an exchange, or store "
               "credit. {} left to return it.",
               format_price(d.refund_cents), format_price(d.restocking_fee_cents), days_text(days_left, lang));
  return trf(lang, "You can get a refund of {}, an exchange, or store credit. {} left to return it.",
             format_price(d.refund_cents), days_text(days_left, lang));
}

std::string reason_label(ReturnReason reason, Language lang) {
  return return_reason_words(reason, lang);
}

std::string condition_label(ItemCondition condition, Language lang) {
  switch (condition) {
    case ItemCondition::sealed: return std::string(tr(lang, "Unopened"));
    case ItemCondition::opened: return std::string(tr(lang, "Opened"));
    case ItemCondition::damaged: return std::string(tr(lang, "Damaged"));
  }
  return {};
}

std::string condition_hint(ItemCondition condition, Language lang) {
  switch (condition) {
    case ItemCondition::sealed: return std::string(tr(lang, "Still sealed in its original box"));
    case ItemCondition::opened: return std::string(tr(lang, "Opened or used, with nothing broken"));
    case ItemCondition::damaged: return std::string(tr(lang, "Broken, cracked or missing parts"));
  }
  return {};
}

std::string coverage_text(CoverageStatus status, Language lang) {
  switch (status) {
    case CoverageStatus::manufacturer: return std::string(tr(lang, "Under manufacturer's warranty"));
    case CoverageStatus::plan: return std::string(tr(lang, "Covered by your protection plan"));
    case CoverageStatus::workmanship: return std::string(tr(lang, "Covered by our repair warranty"));
    case CoverageStatus::expired: return std::string(tr(lang, "Out of warranty"));
    case CoverageStatus::unknown_serial: return std::string(tr(lang, "Not bought here"));
  }
  return {};
}

}  // namespace aftersales::kiosk
