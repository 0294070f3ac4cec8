// The back office's casework on a case: a repair's diagnosis, a return's inspection and decision.
#include <fmt/format.h>

#include <algorithm>

#include "core/base/text.h"
#include "core/notify/outbox.h"
#include "core/services/case_service.h"
#include "core/services/staff.h"
#include "core/storage/database.h"
#include "core/storage/return_controls_store.h"

namespace aftersales {
namespace {

std::string allowed_words(const std::vector<ReturnOutcome>& allowed) {
  std::string words;
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) words += i + 1 == allowed.size() ? " or " : ", ";
    words += outcome_words(allowed[i]);
  }
  return words.empty() ? std::string("nothing") : words;
}

Result<void> check_return_case(const Case& c) {
  if (c.kind != CaseKind::return_item)
    return fail(ErrorKind::refused, "Only returns are inspected and decided.", "kind");
  if (!c.is_open()) return fail(ErrorKind::refused, "This return is already closed.", "status");
  return {};
}

// A return that waits for a manager is approved only by one, who writes why: the manager's name;
// empty when nothing holds the return or it is rejected (anyone may reject, with the reason).
Result<std::string> manager_over_holds(Database& db, const std::vector<ReturnHold>& holds, const ReturnVerdict& verdict,
                                       const std::string& reason, std::string_view actor) {
  if (holds.empty() || !verdict.outcome) return std::string();
  auto manager = check_manager(db, actor, "approve a return that waits for a manager");
  if (!manager) return manager;
  if (reason.empty())
    return fail(ErrorKind::refused, "This return waits for a manager: write why you approve it.", "reason");
  return manager;
}

// The staff-only record of a manager's approval over holds: which, and the manager's words.
std::string override_note(const std::vector<ReturnHold>& holds, const std::string& reason) {
  std::string kinds;
  for (const ReturnHold& hold : holds) {
    if (!kinds.empty()) kinds += ", ";
    kinds += to_string(hold.kind);
  }
  return fmt::format("Approved over the hold ({}): {}", kinds, reason);
}

}  // namespace

Result<Case> CaseService::record_diagnosis(std::string_view code, std::string_view diagnosis, std::string_view actor) {
  std::string text = trim(diagnosis);
  if (text.empty())
    return fail(ErrorKind::invalid_input, "Write what you found before saving the diagnosis.", "diagnosis");
  if (text.size() > kMaxCaseworkText)
    return fail(ErrorKind::invalid_input, fmt::format("A diagnosis is limited to {} characters.", kMaxCaseworkText),
                "diagnosis");
  return storage_guard<Case>([&]() -> Result<Case> {
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return c;
    if (c->kind != CaseKind::repair) return fail(ErrorKind::refused, "Only repairs have a diagnosis.", "diagnosis");
    if (!c->is_open())
      return fail(ErrorKind::refused, "This repair is closed; its diagnosis can no longer change.", "diagnosis");
    c->diagnosis = text;
    c->updated_at = clock_();
    update_case_progress(db_, *c);
    insert_case_event(
        db_, c->id,
        CaseEvent{.at = c->updated_at, .actor = std::string(actor), .kind = EventKind::diagnosis, .note = text});
    tx.commit();
    return c;
  });
}

Result<Case> CaseService::inspect_return(std::string_view code, ItemCondition condition, std::string_view notes,
                                         std::string_view actor) {
  std::string text = trim(notes);
  if (text.size() > kMaxCaseworkText)
    return fail(ErrorKind::invalid_input,
                fmt::format("Inspection notes are limited to {} characters.", kMaxCaseworkText), "inspection_notes");
  return storage_guard<Case>([&]() -> Result<Case> {
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return c;
    if (auto ok = check_return_case(*c); !ok) return std::unexpected(ok.error());
    if (c->status != CaseStatus::requested && c->status != CaseStatus::received)
      return fail(ErrorKind::refused, "This return has already been decided.", "status");
    Instant now = clock_();
    if (c->status == CaseStatus::requested) {
      if (auto moved = transition(*c, CaseStatus::received, "", now); !moved) return std::unexpected(moved.error());
      insert_case_event(db_, c->id,
                        CaseEvent{.at = now,
                                  .actor = std::string(actor),
                                  .kind = EventKind::received,
                                  .from = CaseStatus::requested,
                                  .to = CaseStatus::received,
                                  .customer_visible = true});
    }
    c->inspected_condition = condition;
    c->inspection_notes = text;
    c->updated_at = now;
    update_case_progress(db_, *c);
    EventDetails found{.condition = condition};
    if (c->return_condition && *c->return_condition != condition) found.claimed = c->return_condition;
    insert_case_event(
        db_, c->id,
        CaseEvent{
            .at = now, .actor = std::string(actor), .kind = EventKind::inspected, .note = text, .details = found});
    tx.commit();
    return c;
  });
}

Result<Case> CaseService::decide_return(std::string_view code, const ReturnVerdict& verdict, std::string_view actor) {
  std::string reason = trim(verdict.reason);
  if (reason.size() > kMaxCaseworkText)
    return fail(ErrorKind::invalid_input, fmt::format("The reason is limited to {} characters.", kMaxCaseworkText),
                "reason");
  return storage_guard<Case>([&]() -> Result<Case> {
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return c;
    if (auto ok = check_return_case(*c); !ok) return std::unexpected(ok.error());
    if (c->status == CaseStatus::requested)
      return fail(ErrorKind::refused, "Inspect the item first: it has not been received yet.", "status");
    if (c->status != CaseStatus::received)
      return fail(ErrorKind::refused, "This return has already been decided.", "status");
    auto holds = load_return_holds(db_, c->id);
    auto manager = manager_over_holds(db_, holds, verdict, reason, actor);
    if (!manager) return std::unexpected(manager.error());
    bool in_policy =
        !verdict.outcome || std::ranges::find(c->return_outcomes, *verdict.outcome) != c->return_outcomes.end();
    if (!in_policy && reason.empty())
      return fail(ErrorKind::refused,
                  fmt::format("The policy allows {} for this return. To give {} anyway, write the reason "
                              "(a goodwill decision).",
                              allowed_words(c->return_outcomes), outcome_words(*verdict.outcome)),
                  "outcome");
    Instant now = clock_();
    CaseStatus from = c->status;
    CaseStatus to = verdict.outcome ? CaseStatus::approved : CaseStatus::rejected;
    if (auto moved = transition(*c, to, reason, now); !moved)
      return std::unexpected(moved.error());  // a rejection needs the reason
    c->return_decision = verdict.outcome;
    CaseEvent decided{.at = now,
                      .actor = std::string(actor),
                      .kind = verdict.outcome ? EventKind::return_approved : EventKind::return_rejected,
                      .from = from,
                      .to = to,
                      // The manager's words on a hold are staff-only (below), goodwill or not: they may say
                      // why the return was held, which the customer is never told.
                      .note = manager->empty() ? reason : std::string(),
                      .customer_visible = true,
                      .details = {.outcome = verdict.outcome, .goodwill = !in_policy}};
    c->resolution = return_resolution(verdict.outcome, !in_policy, reason);  // as the staff timeline words it
    update_case_progress(db_, *c);
    insert_case_event(db_, c->id, decided);
    if (!manager->empty())
      insert_case_event(
          db_, c->id,
          CaseEvent{.at = now, .actor = *manager, .kind = EventKind::note, .note = override_note(holds, reason)});
    queue_customer_notice(db_, config_, *c, to, now);
    tx.commit();
    return c;
  });
}

Result<void> CaseService::explain_estimate(std::string_view code, std::string_view explanation) {
  std::string text = trim(explanation);
  if (text.size() > kMaxEstimateExplanation)
    return fail(ErrorKind::invalid_input, "Keep the explanation for the customer to one line (300 characters).",
                "estimate_explanation");
  return storage_guard<void>([&]() -> Result<void> {
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return std::unexpected(c.error());
    if (c->kind != CaseKind::repair) return fail(ErrorKind::refused, "Only repairs have estimates.", "estimate");
    if (!c->is_open())
      return fail(ErrorKind::refused, "This repair is closed; its estimate can no longer change.", "estimate");
    // The customer said yes or no to the estimate as it was explained to them: that stays.
    if (c->estimate_state == "approved" || c->estimate_state == "declined")
      return fail(ErrorKind::refused,
                  fmt::format("The customer has already {} this estimate; its explanation can no longer change.",
                              c->estimate_state),
                  "estimate_explanation");
    save_estimate_explanation(db_, c->id, text, clock_());
    tx.commit();
    return {};
  });
}

Result<std::string> CaseService::estimate_explanation(std::int64_t case_id) {
  return storage_guard<std::string>([&]() -> Result<std::string> { return load_estimate_explanation(db_, case_id); });
}

Result<std::vector<ReturnHold>> CaseService::return_holds(std::int64_t case_id) {
  return storage_guard<std::vector<ReturnHold>>(
      [&]() -> Result<std::vector<ReturnHold>> { return load_return_holds(db_, case_id); });
}

}  // namespace aftersales
