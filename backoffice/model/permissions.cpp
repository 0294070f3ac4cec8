#include "permissions.h"

#include <algorithm>

namespace aftersales::backoffice {
namespace {

bool clerk_may_move(const Case& c, CaseStatus to) {
  if (c.kind == CaseKind::return_item) return true;  // returns are the counter's work end to end
  if (to == CaseStatus::completed) return c.status == CaseStatus::ready_for_pickup;  // the pickup
  return to == CaseStatus::cancelled && c.status == CaseStatus::checked_in;  // before any work
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
  switch (action) {
    case CaseAction::add_note:
    case CaseAction::reprint: return true;
    case CaseAction::assign: return c.is_open() && role != Role::clerk;
    case CaseAction::record_estimate:
      return role != Role::clerk && c.kind == CaseKind::repair && c.status == CaseStatus::diagnosing;
    case CaseAction::record_replacement:
      return role != Role::clerk && c.kind == CaseKind::repair && c.is_open() && c.serial.has_value();
  }
  return false;
}

bool needs_confirmation(CaseStatus to) { return is_final(to); }

bool needs_reason(CaseStatus to) { return to == CaseStatus::cancelled || to == CaseStatus::rejected; }

}  // namespace aftersales::backoffice
