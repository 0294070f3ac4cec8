#include "permissions.h"

#include <algorithm>

namespace aftersales::backoffice {
namespace {

bool clerk_may_move(const Case& c, CaseStatus to) {
  if (c.kind == CaseKind::return_item) return true;  // returns are the counter's work end to end
  if (to == CaseStatus::completed) return c.status == CaseStatus::ready_for_pickup;  // the pickup
  return to == CaseStatus::cancelled && c.status == CaseStatus::checked_in;          // before any work
}

bool technician_may_move(const Case& c, CaseStatus to) {
  return c.kind == CaseKind::repair && to != CaseStatus::completed && to != CaseStatus::cancelled;
}

}  // namespace

std::vector<CaseStatus> transitions_for(const Case& c, Role role) {
  std::vector<CaseStatus> moves;
  for (CaseStatus to : allowed_next(c.kind, c.status)) {
    bool ok = role == Role::manager || (role == Role::clerk && clerk_may_move(c, to)) ||
              (role == Role::technician && technician_may_move(c, to));
    if (ok) moves.push_back(to);
  }
  return moves;
}

bool may(Role role, CaseAction action, const Case& c) {
  bool repair = c.kind == CaseKind::repair;
  bool counter = role != Role::technician;
  bool bench = role != Role::clerk;
  switch (action) {
    case CaseAction::add_note:
    case CaseAction::reprint: return true;
    case CaseAction::assign: return c.is_open() && bench && repair;  // to a technician, for the bench
    case CaseAction::diagnose: return bench && repair && c.is_open();
    case CaseAction::record_estimate: return bench && repair && c.status == CaseStatus::diagnosing;
    case CaseAction::record_customer_decision:
      return c.status == CaseStatus::awaiting_approval && c.estimate_state == "pending";
    case CaseAction::record_replacement: return bench && repair && c.is_open() && c.serial.has_value();
    case CaseAction::inspect_return:
      return counter && !repair && (c.status == CaseStatus::requested || c.status == CaseStatus::received);
    case CaseAction::decide_return: return counter && !repair && c.status == CaseStatus::received;
    case CaseAction::goodwill: return role == Role::manager && !repair && c.status == CaseStatus::received;
    // Whoever may change a repair may send it where it can be repaired; the workflow says when.
    case CaseAction::transfer: return check_transfer(c.kind, c.status, c.estimate_state).has_value();
    // The counter's till: its rules (what is due, what was paid) are the service's. A loaner too,
    // also on a closed repair: a loaner waived at pickup still comes back to the shelf.
    case CaseAction::take_money:
    case CaseAction::lend_loaner: return counter && repair && c.status != CaseStatus::transferred;
    // The bench uses and orders parts; the counter orders them too and receives the deliveries.
    case CaseAction::work_parts: return repair && c.is_open();
  }
  return false;
}

std::vector<CaseStatus> status_buttons(const Case& c, Role role) {
  std::vector<CaseStatus> moves = transitions_for(c, role);
  // While the customer has the estimate, only cancelling can succeed (CaseService::advance refuses
  // the rest): their answer, from the status page or recorded at the counter, moves the case on.
  bool customer_has_estimate = c.status == CaseStatus::awaiting_approval && c.estimate_state == "pending";
  std::erase_if(moves, [&](CaseStatus to) {
    if (to == CaseStatus::awaiting_approval) return true;  // the estimate form does it
    if (customer_has_estimate && to != CaseStatus::cancelled) return true;
    // A return is received by its inspection and approved or rejected by its decision.
    return c.kind == CaseKind::return_item &&
           (to == CaseStatus::received || to == CaseStatus::approved || to == CaseStatus::rejected);
  });
  return moves;
}

std::optional<CaseStatus> next_step(const Case& c, Role role) {
  std::optional<CaseStatus> usual;
  switch (c.status) {
    case CaseStatus::checked_in: usual = CaseStatus::diagnosing; break;
    case CaseStatus::diagnosing:
    case CaseStatus::awaiting_parts: usual = CaseStatus::repairing; break;
    case CaseStatus::repairing: usual = CaseStatus::ready_for_pickup; break;
    case CaseStatus::ready_for_pickup:
    case CaseStatus::approved: usual = CaseStatus::completed; break;
    case CaseStatus::requested: usual = CaseStatus::received; break;
    default: break;  // waiting for the customer, or for the store's decision, or closed
  }
  auto mine = status_buttons(c, role);
  if (usual && std::ranges::find(mine, *usual) != mine.end()) return usual;
  return std::nullopt;
}

std::string move_label(const Case& c, CaseStatus to) {
  switch (to) {
    case CaseStatus::diagnosing: return "Start diagnosis";
    case CaseStatus::awaiting_approval: return "Send an estimate";
    case CaseStatus::awaiting_parts: return "Wait for parts";
    case CaseStatus::repairing:
      return c.status == CaseStatus::awaiting_parts ? "Parts are in: start the repair" : "Start the repair";
    case CaseStatus::ready_for_pickup: return "Mark ready for pickup";
    case CaseStatus::received: return "Mark the item received";
    case CaseStatus::approved: return "Approve the return";
    case CaseStatus::rejected: return "Reject the return";
    case CaseStatus::completed:
      if (c.kind == CaseKind::repair) return "Record pickup";
      return "Record the handover";
    case CaseStatus::cancelled: return "Cancel case";
    case CaseStatus::transferred: return "Transfer to another store";
    case CaseStatus::checked_in:
    case CaseStatus::requested: break;
  }
  return std::string(staff_status_label(to));
}

std::string button_label(const Case& c, CaseStatus to) {
  return move_label(c, to) + (needs_confirmation(to) || needs_reason(to) ? "\u2026" : "");
}

bool needs_confirmation(CaseStatus to) {
  return is_final(to);
}

bool needs_reason(CaseStatus to) {
  return to == CaseStatus::cancelled || to == CaseStatus::rejected;
}

}  // namespace aftersales::backoffice
