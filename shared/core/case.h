#pragma once
// A service case (a repair or a return), its events and its estimate.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/case_code.h"
#include "core/return_policy.h"
#include "core/warranty.h"
#include "core/workflow.h"

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

  bool is_open() const { return !is_final(status); }
  // While paused the promise moves with the clock: it is due_at plus the pause so far.
  Instant promised_at(Instant now) const;
  bool overdue(Instant now) const;
};

struct CaseEvent {
  std::int64_t id = 0;
  Instant at;
  std::string actor;
  std::string kind;  // opened | status | note | estimate | decision | replacement
  std::optional<CaseStatus> from;
  std::optional<CaseStatus> to;
  std::string note;
  bool customer_visible = false;
};

struct EstimateLine {
  std::string kind = "part";  // part | labour
  std::string description;
  int quantity = 1;
  std::int64_t unit_cents = 0;
  std::int64_t total_cents() const { return unit_cents * quantity; }
};

std::int64_t estimate_total(const std::vector<EstimateLine>& lines);

}  // namespace aftersales
