#include "core/present/event_text.h"

#include <fmt/format.h>

#include "core/base/text.h"
#include "core/domain/local_format.h"
#include "core/present/clock_text.h"

namespace aftersales {

bool event_has_words(const CaseEvent& e) {
  if (!e.details.store.empty()) return true;  // a transfer, out or in
  switch (e.kind) {
    case EventKind::opened:
    case EventKind::status:
    case EventKind::note: return !e.note.empty();
    default: return true;
  }
}

namespace {

// A transfer: the status event at the store it left, the opened event at the store it reached.
bool is_transfer_out(const CaseEvent& e) {
  return e.kind == EventKind::status && e.to == CaseStatus::transferred && !e.details.store.empty();
}
bool is_transfer_in(const CaseEvent& e) {
  return e.kind == EventKind::opened && !e.details.store.empty();
}

// How a reminder reached the customer, or why it did not.
std::string reminder_outcome(const EventDetails& d) {
  if (d.channel == "email") return "reminder e-mailed to the customer";
  if (d.channel == "sms") return "reminder texted to the customer";
  if (d.not_sent == "no_consent") return "no reminder: the customer did not agree to messages";
  if (d.not_sent == "no_contact") return "no reminder: no e-mail or phone to reach the customer";
  return "flagged for staff";
}

// "Waiting for the customer's approval", from a status as stored.
std::string_view stored_status_label(const std::string& status) {
  auto parsed = parse_case_status(status);
  return parsed ? staff_status_label(*parsed) : std::string_view(status);
}

std::string staff_words(const CaseEvent& e) {
  const EventDetails& d = e.details;
  if (is_transfer_out(e)) return with_words("Transferred to store " + d.store, e.note);
  if (is_transfer_in(e)) return fmt::format("Received from store {} (case {})", d.store, d.case_code);
  switch (e.kind) {
    case EventKind::opened:
    case EventKind::status:
    case EventKind::note: return e.note;
    case EventKind::received: return "Item received at the counter";
    case EventKind::assigned: return d.who.empty() ? "Unassigned" : "Assigned to " + d.who;
    case EventKind::diagnosis: return "Diagnosis: " + e.note;
    case EventKind::inspected: {
      std::string head = fmt::format("Inspected: {}", d.condition ? to_string(*d.condition) : "unknown");
      if (d.claimed) head += fmt::format(" (the customer said {})", to_string(*d.claimed));
      return with_words(head, e.note);
    }
    case EventKind::estimate: return fmt::format("Estimate: {} (parts and labour)", format_price(d.amount_cents));
    case EventKind::estimate_approved: return "Estimate approved";
    case EventKind::estimate_declined: return "Estimate declined: the item is returned unrepaired";
    case EventKind::return_approved:
      return return_resolution(d.outcome.value_or(ReturnOutcome::refund), d.goodwill, e.note);
    case EventKind::return_rejected: return return_resolution(std::nullopt, false, e.note);
    case EventKind::replacement: return "Replaced under warranty by a new unit, serial " + d.serial;
    case EventKind::part_used: return fmt::format("Used {} x {} ({}) from stock", d.quantity, d.part, d.sku);
    case EventKind::part_put_back: return fmt::format("Put back {} x {} ({}) into stock", d.quantity, d.part, d.sku);
    case EventKind::part_ordered:
      return fmt::format("Ordered {} x {} ({}) from {}, reference {}, expected {}", d.quantity, d.part, d.sku,
                         d.supplier, d.reference, d.expected_on);
    case EventKind::part_order_cancelled:
      return with_words(
          fmt::format("Order {} cancelled: {} x {} ({}) from {}", d.reference, d.quantity, d.part, d.sku, d.supplier),
          e.note);
    case EventKind::part_arrived:
      return with_words(fmt::format("Part arrived: {} x {} ({}), order {}", d.quantity, d.part, d.sku, d.reference),
                        e.note);  // part of the order: how many more are to come
    case EventKind::reminder_sent:
      return fmt::format("Past the limit: {} for {} (limit {}); {}", stored_status_label(d.status), days_text(d.days),
                         d.limit_days, reminder_outcome(d));
    case EventKind::marked_abandoned:
      return fmt::format(
          "Marked abandoned, for the store's abandoned-goods process: ready for pickup for {} (limit {})",
          days_text(d.days), d.limit_days);
    case EventKind::loaner_requested: return "The customer asked for a loaner at check-in";
    case EventKind::loaner_lent: return fmt::format("Loaner {} ({}) lent", d.loaner, d.loaner_description);
    case EventKind::loaner_returned:
      return with_words(fmt::format("Loaner {} ({}) back", d.loaner, d.loaner_description), e.note);
    case EventKind::loaner_waived:
      return with_words(fmt::format("Loaner {} ({}) not back: {} let the repair go without it", d.loaner,
                                    d.loaner_description, e.actor),
                        e.note);
  }
  return e.note;
}

}  // namespace

std::string staff_event_text(const CaseEvent& e) {
  std::string words = staff_words(e);
  // History carried over from another store's case says where it happened.
  if (!e.details.at_store.empty()) return fmt::format("{} (at store {})", words, e.details.at_store);
  return words;
}

std::string customer_event_text(const CaseEvent& e, Language lang, const std::string& currency,
                                const std::vector<ChainStore>& stores) {
  const EventDetails& d = e.details;
  if (is_transfer_out(e)) return with_words(trf(lang, "Sent to our store {}", store_label(stores, d.store)), e.note);
  if (is_transfer_in(e)) return trf(lang, "Arrived from our store {}", store_label(stores, d.store));
  switch (e.kind) {
    case EventKind::estimate:
      return trf(lang, "Estimate: {} (parts and labour)", customer_price(d.amount_cents, currency));
    case EventKind::estimate_approved: return std::string(tr(lang, "Estimate approved"));
    case EventKind::estimate_declined:
      return std::string(tr(lang, "Estimate declined: the item is returned unrepaired"));
    case EventKind::return_approved:
      return with_words(
          trf(lang, "Return approved: {}", tr(lang, outcome_words(d.outcome.value_or(ReturnOutcome::refund)))), e.note);
    case EventKind::return_rejected: return with_words(std::string(tr(lang, "Return rejected")), e.note);
    case EventKind::received: return std::string(tr(lang, "Item received at the counter"));
    case EventKind::replacement: return trf(lang, "Replaced under warranty by a new unit, serial {}", d.serial);
    case EventKind::part_ordered: {
      auto expected = parse_date(d.expected_on);
      return trf(lang, "Part ordered: {}, expected by {}", d.part,
                 expected ? format_date(*expected, lang) : d.expected_on);
    }
    case EventKind::part_arrived: return trf(lang, "Part arrived: {}", d.part);
    case EventKind::loaner_lent: return trf(lang, "Loaner {} lent: please bring it back when you collect", d.loaner);
    case EventKind::loaner_returned: return trf(lang, "Loaner {} returned, thank you", d.loaner);
    default: return staff_words(e);
  }
}

}  // namespace aftersales
