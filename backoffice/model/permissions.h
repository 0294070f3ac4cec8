#pragma once
// What each role may do to a case in the back office. The workflow (core/domain/workflow.h) says which
// moves exist at all; this narrows them to the person's job: clerks run the counter (returns,
// pickups, cancelling before work starts), technicians the bench (diagnosis to ready for pickup,
// estimates), managers everything. The back office offers exactly these buttons.
#include <optional>
#include <string>
#include <vector>

#include "core/domain/case.h"
#include "core/services/staff.h"

namespace aftersales::backoffice {

enum class CaseAction {
  add_note,
  reprint,
  assign,
  diagnose,
  record_estimate,
  record_customer_decision,  // the customer answered the estimate at the counter or on the phone
  record_replacement,
  inspect_return,
  decide_return,
  goodwill,     // give a return an outcome its policy did not allow
  transfer,     // send a repair to another store of the chain (a repair depot)
  take_money,   // record a deposit, a payment or a refund on a repair (CaseService::record_payment)
  lend_loaner,  // lend a loaner with a repair, take it back (a manager also waives it)
  work_parts,   // take a part from stock, order one, record its arrival or cancel the order
};

std::vector<CaseStatus> transitions_for(const Case& c, Role role);
bool may(Role role, CaseAction action, const Case& c);

// The plain status buttons: transitions_for without the moves that have their own form (an
// estimate sends a repair to awaiting approval; a return is received by its inspection and approved
// or rejected by its decision), and without moves that would be refused now (while the customer has
// an estimate to answer, only cancelling).
std::vector<CaseStatus> status_buttons(const Case& c, Role role);
// The usual next step from here ("next status" on the keyboard), when it is the user's to make.
std::optional<CaseStatus> next_step(const Case& c, Role role);
// Named for what the person does ("Start diagnosis", "Record pickup"), not for the status it leads to.
std::string move_label(const Case& c, CaseStatus to);
// The button: the move's name, with "…" when it asks something first (confirm, or the reason).
std::string button_label(const Case& c, CaseStatus to);
// Final moves (completed, cancelled, rejected) ask the user to confirm; cancel and reject need a reason.
bool needs_confirmation(CaseStatus to);
bool needs_reason(CaseStatus to);

}  // namespace aftersales::backoffice
