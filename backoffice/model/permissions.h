#pragma once
// What each role may do to a case in the back office. The workflow (core/workflow.h) says which
// moves exist at all; this narrows them to the person's job: clerks run the counter (returns,
// pickups, cancelling before work starts), technicians the bench (diagnosis to ready for pickup,
// estimates), managers everything. The back office offers exactly these buttons.
#include <vector>

#include "core/case.h"
#include "core/staff.h"

namespace aftersales::backoffice {

enum class CaseAction { add_note, reprint, assign, record_estimate, record_replacement };

std::vector<CaseStatus> transitions_for(const Case& c, Role role);
bool may(Role role, CaseAction action, const Case& c);
// Final moves (completed, cancelled, rejected) ask the user to confirm; cancel and reject need a reason.
bool needs_confirmation(CaseStatus to);
bool needs_reason(CaseStatus to);

}  // namespace aftersales::backoffice
