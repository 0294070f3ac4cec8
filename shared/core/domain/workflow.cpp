#include "core/domain/workflow.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace aftersales {
namespace {

using S = CaseStatus;

// Optional steps may be skipped: diagnosing straight to repairing (no estimate needed for warranty
// work), or to ready_for_pickup (no fault found); an approved estimate goes on to parts or to the
// bench; a declined one sends the item back unrepaired.
constexpr S kFromCheckedIn[] = {S::diagnosing, S::cancelled};
constexpr S kFromDiagnosing[] = {S::awaiting_approval, S::awaiting_parts, S::repairing, S::ready_for_pickup,
                                 S::cancelled};
constexpr S kFromAwaitingApproval[] = {S::awaiting_parts, S::repairing, S::ready_for_pickup, S::cancelled};
constexpr S kFromAwaitingParts[] = {S::repairing, S::cancelled};
constexpr S kFromRepairing[] = {S::awaiting_parts, S::ready_for_pickup, S::cancelled};
constexpr S kFromReadyForPickup[] = {S::completed};
constexpr S kFromRequested[] = {S::received, S::cancelled};
constexpr S kFromReceived[] = {S::approved, S::rejected, S::cancelled};
constexpr S kFromApproved[] = {S::completed, S::cancelled};

constexpr S kRepairSteps[] = {S::checked_in, S::diagnosing,       S::awaiting_approval, S::awaiting_parts,
                              S::repairing,  S::ready_for_pickup, S::completed};
constexpr S kReturnSteps[] = {S::requested, S::received, S::approved, S::completed};

std::string list_labels(std::span<const CaseStatus> statuses) {
  std::string out;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    if (i > 0) out += i + 1 == statuses.size() ? " or " : ", ";
    out += status_label(statuses[i]);
  }
  return out;
}

}  // namespace

std::string_view to_string(CaseStatus status) {
  switch (status) {
    case S::checked_in: return "checked_in";
    case S::diagnosing: return "diagnosing";
    case S::awaiting_approval: return "awaiting_approval";
    case S::awaiting_parts: return "awaiting_parts";
    case S::repairing: return "repairing";
    case S::ready_for_pickup: return "ready_for_pickup";
    case S::requested: return "requested";
    case S::received: return "received";
    case S::approved: return "approved";
    case S::rejected: return "rejected";
    case S::completed: return "completed";
    case S::cancelled: return "cancelled";
    case S::transferred: return "transferred";
  }
  return "unknown";
}

std::string_view status_label(CaseStatus status) {
  switch (status) {
    case S::checked_in: return "Checked in";
    case S::diagnosing: return "Being diagnosed";
    case S::awaiting_approval: return "Waiting for your approval";
    case S::awaiting_parts: return "Waiting for parts";
    case S::repairing: return "Being repaired";
    case S::ready_for_pickup: return "Ready for pickup";
    case S::requested: return "Return requested";
    case S::received: return "Item received";
    case S::approved: return "Return approved";
    case S::rejected: return "Return declined";
    case S::completed: return "Completed";
    case S::cancelled: return "Cancelled";
    case S::transferred: return "Transferred to another store";
  }
  return "Unknown";
}

std::string_view staff_status_label(CaseStatus status) {
  switch (status) {
    case S::diagnosing: return "Diagnosing";
    case S::awaiting_approval: return "Waiting for the customer's approval";
    case S::repairing: return "Repairing";
    case S::rejected: return "Return rejected";
    default: return status_label(status);
  }
}

std::optional<CaseStatus> parse_case_status(std::string_view text) {
  for (CaseStatus status : kAllStatuses)
    if (to_string(status) == text) return status;
  return std::nullopt;
}

CaseStatus initial_status(CaseKind kind) {
  return kind == CaseKind::repair ? S::checked_in : S::requested;
}

bool status_belongs_to(CaseKind kind, CaseStatus status) {
  if (status == S::completed || status == S::cancelled) return true;
  if (status == S::transferred) return kind == CaseKind::repair;
  auto steps = progress_steps(kind);
  return std::ranges::find(steps, status) != steps.end() || (kind == CaseKind::return_item && status == S::rejected);
}

bool is_final(CaseStatus status) {
  return status == S::completed || status == S::rejected || status == S::cancelled || status == S::transferred;
}

bool pauses_turnaround(CaseStatus status) {
  return status == S::awaiting_parts || status == S::awaiting_approval;
}

std::span<const CaseStatus> progress_steps(CaseKind kind) {
  if (kind == CaseKind::repair) return kRepairSteps;
  return kReturnSteps;
}

std::span<const CaseStatus> allowed_next(CaseKind kind, CaseStatus from) {
  if (!status_belongs_to(kind, from)) return {};
  switch (from) {
    case S::checked_in: return kFromCheckedIn;
    case S::diagnosing: return kFromDiagnosing;
    case S::awaiting_approval: return kFromAwaitingApproval;
    case S::awaiting_parts: return kFromAwaitingParts;
    case S::repairing: return kFromRepairing;
    case S::ready_for_pickup: return kFromReadyForPickup;
    case S::requested: return kFromRequested;
    case S::received: return kFromReceived;
    case S::approved: return kFromApproved;
    case S::rejected:
    case S::completed:
    case S::cancelled:
    case S::transferred: return {};
  }
  return {};
}

bool transition_allowed(CaseKind kind, CaseStatus from, CaseStatus to) {
  auto next = allowed_next(kind, from);
  return status_belongs_to(kind, to) && std::ranges::find(next, to) != next.end();
}

Result<void> check_transfer(CaseKind kind, CaseStatus from, std::string_view estimate_state) {
  if (kind != CaseKind::repair)
    return fail(ErrorKind::refused, "Only a repair can go to another store: a return is settled where it was made.",
                "store");
  if (is_final(from))
    return fail(ErrorKind::refused,
                fmt::format("This case is already closed ({}); it cannot go to another store.", status_label(from)),
                "store");
  if (from == S::awaiting_approval && estimate_state == "pending")
    return fail(ErrorKind::refused,
                "The customer has not decided on the estimate yet. Record their decision first, then transfer the "
                "repair.",
                "store");
  return {};
}

Result<void> check_transition(CaseKind kind, CaseStatus from, CaseStatus to, std::string_view note) {
  if (!status_belongs_to(kind, to))
    return fail(ErrorKind::refused, fmt::format("A {} case cannot be \"{}\".", to_string(kind), status_label(to)),
                "status");
  if (is_final(from))
    return fail(ErrorKind::refused,
                fmt::format("This case is already closed ({}); it cannot change any more.", status_label(from)),
                "status");
  if (from == to)
    return fail(ErrorKind::conflict, fmt::format("This case is already \"{}\".", status_label(from)), "status");
  if (!transition_allowed(kind, from, to))
    return fail(ErrorKind::refused,
                fmt::format("A case that is \"{}\" cannot go to \"{}\". Next it can be: {}.", status_label(from),
                            status_label(to), list_labels(allowed_next(kind, from))),
                "status");
  bool blank = std::ranges::all_of(note, [](char c) { return c == ' ' || c == '\t' || c == '\n'; });
  if ((to == S::rejected || to == S::cancelled) && blank)
    return fail(ErrorKind::invalid_input,
                fmt::format("Say why the case is {}: the customer will see the reason.",
                            to == S::rejected ? "declined" : "cancelled"),
                "reason");
  return {};
}

}  // namespace aftersales
