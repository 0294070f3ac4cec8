#include "core/present/clock_text.h"

#include <fmt/format.h>

namespace aftersales {
namespace {

// What the case has been doing for that long, for each status a case waits in.
std::string waiting(CaseStatus status, const std::string& days) {
  switch (status) {
    case CaseStatus::checked_in: return fmt::format("Checked in {} ago, not started", days);
    case CaseStatus::diagnosing: return fmt::format("Diagnosing for {}", days);
    case CaseStatus::awaiting_approval: return fmt::format("Waiting {} for approval", days);
    case CaseStatus::awaiting_parts: return fmt::format("Waiting {} for parts", days);
    case CaseStatus::repairing: return fmt::format("Repairing for {}", days);
    case CaseStatus::ready_for_pickup: return fmt::format("Ready {}, not collected", days);
    case CaseStatus::requested: return fmt::format("Return requested {} ago, item not received", days);
    case CaseStatus::received: return fmt::format("Return received {} ago, not decided", days);
    case CaseStatus::approved: return fmt::format("Return approved {} ago, not completed", days);
    default: return fmt::format("{} for {}", staff_status_label(status), days);
  }
}

}  // namespace

std::string days_text(std::int64_t days) {
  return fmt::format("{} day{}", days, days == 1 ? "" : "s");
}

std::string status_clock_flag(const StatusClock& clock) {
  if (clock.abandoned) return fmt::format("Abandoned: {} ready", days_text(clock.days));
  if (!clock.overdue || !clock.limit_days) return {};
  return fmt::format("{} (limit {})", waiting(clock.status, days_text(clock.days)), *clock.limit_days);
}

}  // namespace aftersales
