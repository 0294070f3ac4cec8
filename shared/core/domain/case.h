#pragma once
// A service case (a repair or a return), its events and its estimate.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/translation.h"
#include "core/domain/case_code.h"
#include "core/domain/return_controls.h"
#include "core/domain/return_policy.h"
#include "core/domain/warranty.h"
#include "core/domain/workflow.h"

namespace aftersales {

struct Case {
  std::int64_t id = 0;
  std::string code;
  std::string token;
  CaseKind kind = CaseKind::repair;
  CaseStatus status = CaseStatus::checked_in;
  Instant created_at;
  Instant updated_at;

  std::optional<std::int64_t> product_id;
  std::string product_name;
  std::optional<std::string> serial;
  std::optional<std::int64_t> sale_line_id;
  CoverageStatus warranty = CoverageStatus::unknown_serial;

  std::string customer_name;
  std::string customer_phone;
  std::string customer_email;
  bool notify_consent = false;
  std::string customer_language;  // "es", or empty: the store's default (kiosk.default_language)

  std::string problem;
  std::string problem_category;
  std::string accessories;
  std::string condition_notes;
  std::int64_t diagnostic_fee_cents = 0;
  std::string signature_strokes;

  std::optional<int> return_quantity;
  std::optional<ReturnReason> return_reason;
  std::optional<ItemCondition> return_condition;
  std::vector<ReturnOutcome> return_outcomes;
  std::int64_t restocking_fee_cents = 0;

  std::string resolution;
  std::optional<std::string> assigned_to;
  Instant due_at;                       // the promised time, moved on by time spent paused
  std::optional<Instant> paused_since;  // waiting for parts or for the customer
  bool was_repaired = false;
  std::optional<Date> workmanship_until;
  std::optional<Instant> closed_at;
  std::string estimate_state = "none";  // none | pending | approved | declined

  std::string diagnosis;                             // repair: what the technician found
  std::optional<ItemCondition> inspected_condition;  // return: as the counter found it
  std::string inspection_notes;
  std::optional<ReturnOutcome> return_decision;  // return: what the store gave back

  std::string store_id;          // the chain's store that owns it ("" outside a chain)
  std::string transferred_to;    // a chain's store this repair went to (status transferred)
  std::string transferred_from;  // the code of the case at another store this one carries on

  // The sale it came from, read with the case (a chain's sales are the same at every store): where
  // it was bought, as the point of sale named the store (empty: no sale line, or none named), and when.
  std::string sold_by_store;
  std::optional<Instant> sold_at;

  // Set only on the case open_return gives back: what the kiosk may tell the shopper of a return
  // that waits for a manager. Not stored (the reasons are return_holds rows, for staff).
  ReturnHandover handover = ReturnHandover::none;

  bool is_open() const { return !is_final(status); }
  // While paused the promise moves with the clock: it is due_at plus the pause so far.
  Instant promised_at(Instant now) const;
  bool overdue(Instant now) const;
};

// The language the customer used at the kiosk, else the store's (`default_language`: the config's
// kiosk.default_language), else English.
Language customer_language(const Case& c, std::string_view default_language);

// What happened on a case. The system stores what it did as a kind with typed details, never as a
// sentence: the words are rendered for each reader, in their language (event_text.h).
enum class EventKind {
  opened,             // the case began (note: what was checked in, for staff)
  status,             // staff moved the case (note: their words, if any)
  note,               // a person's note
  received,           // a return's item arrived at the counter
  assigned,           // details.who ("" when unassigned)
  diagnosis,          // note: what the technician found (internal)
  inspected,          // details.condition, details.claimed; note: the inspection notes
  estimate,           // details.amount_cents
  estimate_approved,  //
  estimate_declined,  //
  return_approved,    // details.outcome, details.goodwill; note: the staff's reason
  return_rejected,    // note: the reason the customer reads
  replacement,        // details.serial: the new unit
  part_used,          // details.sku, part, quantity: taken from the store's stock for this repair
  part_put_back,      // details.sku, part, quantity: a part used by mistake, back in stock
  part_ordered,       // details.sku, part, quantity, reference, supplier, expected_on: a special order
  part_arrived,       // details.sku, part, quantity, reference: the ordered part came in
  reminder_sent,      // details.status, limit_days, days, channel or not_sent: past a status's limit (status_clock.h)
  marked_abandoned,   // details.status, limit_days, days: ready for pickup too long, for the abandoned-goods process
  loaner_requested,   // the customer asked for a loaner at check-in; the counter decides (loaner.h)
  loaner_lent,        // details.loaner, loaner_description: a loaner went out with the customer
  loaner_returned,    // details.loaner, loaner_description; note: its condition as it came back
  loaner_waived,      // details.loaner, loaner_description; note: why a manager let the repair go without it
  part_order_cancelled,  // details.sku, part, quantity, reference, supplier; note: why
};
std::string_view to_string(EventKind kind);  // "estimate_approved", as stored
std::optional<EventKind> parse_event_kind(std::string_view text);

struct EventDetails {
  std::optional<ReturnOutcome> outcome;
  bool goodwill = false;  // outside the return policy
  std::int64_t amount_cents = 0;
  std::optional<ItemCondition> condition;  // as the counter found it
  std::optional<ItemCondition> claimed;    // as the customer said, when different
  std::string who;
  std::string serial;
  std::string store;      // a transfer: the store the case went to (status event) or came from (opened)
  std::string case_code;  // a transfer's opened event: the case it carries on
  std::string at_store;   // an event copied from another store's case: where it happened
  // A part used, ordered or arrived (part.h): its SKU and name, how many, the supplier's order.
  std::string sku;
  std::string part;
  std::int64_t quantity = 0;
  std::string reference;
  std::string supplier;
  std::string expected_on;  // YYYY-MM-DD, the store's day
  // A reminder or an abandonment (status_clock.h): the status waited in ("ready_for_pickup"), its
  // limit and the days waited; how the customer was told ("email", "sms"), or why not ("no_consent",
  // "no_contact", "staff_only": a limit that only flags the case for staff).
  std::string status;
  std::int64_t limit_days = 0;
  std::int64_t days = 0;
  std::string channel;
  std::string not_sent;
  // A loaner lent, back or waived (loaner.h): its tag and what it is.
  std::string loaner;
  std::string loaner_description;
  bool operator==(const EventDetails&) const = default;
};

struct CaseEvent {
  std::int64_t id = 0;
  Instant at;
  std::string actor;
  EventKind kind = EventKind::note;
  std::optional<CaseStatus> from;
  std::optional<CaseStatus> to;
  std::string note;  // what a person wrote, shown as written
  bool customer_visible = false;
  EventDetails details = {};
};

struct EstimateLine {
  std::string kind = "part";  // part | labour
  std::string description;
  int quantity = 1;
  std::int64_t unit_cents = 0;
  std::string sku;  // a part from the parts list (part.h); empty: a free line
  std::int64_t total_cents() const { return unit_cents * quantity; }
};

std::int64_t estimate_total(const std::vector<EstimateLine>& lines);

}  // namespace aftersales
