#include "core/present/event_text.h"

#include <fmt/format.h>

#include "core/base/text.h"
#include "core/domain/local_format.h"

namespace aftersales {

bool event_has_words(const CaseEvent& e) {
  switch (e.kind) {
    case EventKind::opened:
    case EventKind::status:
    case EventKind::note: return !e.note.empty();
    default: return true;
  }
}

std::string staff_event_text(const CaseEvent& e) {
  const EventDetails& d = e.details;
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
  }
  return e.note;
}

std::string customer_event_text(const CaseEvent& e, Language lang, const std::string& currency) {
  const EventDetails& d = e.details;
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
    default: return staff_event_text(e);
  }
}

}  // namespace aftersales
