#pragma once
// The case workflow: one state machine for repairs and returns. Every status change anywhere in the
// system goes through check_transition; anything it does not allow is refused with a message.
#include <optional>
#include <span>
#include <string_view>

#include "core/base/error.h"
#include "core/domain/case_code.h"

namespace aftersales {

enum class CaseStatus {
  // repair
  checked_in,
  diagnosing,
  awaiting_approval,
  awaiting_parts,
  repairing,
  ready_for_pickup,
  // return
  requested,
  received,
  approved,
  rejected,
  // both
  completed,
  cancelled,
  // repair, in a chain of stores: closed here, carried on at another store (case_transfer.h)
  transferred,
};

inline constexpr CaseStatus kAllStatuses[] = {
    CaseStatus::checked_in,  CaseStatus::diagnosing,       CaseStatus::awaiting_approval, CaseStatus::awaiting_parts,
    CaseStatus::repairing,   CaseStatus::ready_for_pickup, CaseStatus::requested,         CaseStatus::received,
    CaseStatus::approved,    CaseStatus::rejected,         CaseStatus::completed,         CaseStatus::cancelled,
    CaseStatus::transferred,
};

std::string_view to_string(CaseStatus status);     // "awaiting_parts"
std::string_view status_label(CaseStatus status);  // "Waiting for parts", for people
// The same for staff, in staff wording: "Waiting for the customer's approval", not "your".
std::string_view staff_status_label(CaseStatus status);
std::optional<CaseStatus> parse_case_status(std::string_view text);

CaseStatus initial_status(CaseKind kind);
bool status_belongs_to(CaseKind kind, CaseStatus status);
bool is_final(CaseStatus status);
// While a case waits for parts or for the customer, its promised-date clock stands still.
bool pauses_turnaround(CaseStatus status);
// The steps a customer sees on the progress line, in order (cancelled/rejected excluded).
std::span<const CaseStatus> progress_steps(CaseKind kind);

std::span<const CaseStatus> allowed_next(CaseKind kind, CaseStatus from);
bool transition_allowed(CaseKind kind, CaseStatus from, CaseStatus to);
// Whether a case may leave for another store: an open repair the customer is not deciding on. Ok, or
// the reason why not. No status change leads to `transferred` but a transfer (CaseService::transfer).
Result<void> check_transfer(CaseKind kind, CaseStatus from, std::string_view estimate_state);
// Ok, or a refusal that says what is possible instead. Rejecting or cancelling needs a reason.
Result<void> check_transition(CaseKind kind, CaseStatus from, CaseStatus to, std::string_view note);

}  // namespace aftersales
