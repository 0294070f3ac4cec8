#include "core/domain/status_clock.h"

#include <algorithm>
#include <chrono>

namespace aftersales {

std::optional<int> StatusLimits::limit_for(CaseStatus status) const {
  auto it = days.find(status);
  if (it == days.end() || it->second <= 0) return std::nullopt;
  return it->second;
}

StatusLimits default_status_limits() {
  return StatusLimits{.days = {}, .abandon_days = 90};
}

bool reminds_customer(CaseStatus status) {
  return status == CaseStatus::awaiting_approval || status == CaseStatus::ready_for_pickup;
}

bool may_have_limit(CaseStatus status) {
  return !is_final(status);
}

StatusStay current_stay(const Case& c, std::span<const CaseEvent> events) {
  for (auto e = events.rbegin(); e != events.rend(); ++e) {
    if (!e->details.at_store.empty()) continue;
    if (e->to == c.status && e->from != e->to) return StatusStay{e->at, e->id};
  }
  return StatusStay{c.created_at, 0};
}

namespace {

// Whether an event of `kind` about `status` was written during the stay that began with `since_event`
// (by this store: a transfer's copied history is the other case's).
bool recorded_during(std::span<const CaseEvent> events, const StatusStay& stay, EventKind kind, CaseStatus status) {
  return std::ranges::any_of(events, [&](const CaseEvent& e) {
    return e.kind == kind && e.id > stay.since_event && e.details.at_store.empty() &&
           e.details.status == to_string(status);
  });
}

}  // namespace

StatusClock read_status_clock(const Case& c, std::span<const CaseEvent> events, Instant now,
                              const StatusLimits& limits) {
  StatusStay stay = current_stay(c, events);
  StatusClock clock;
  clock.status = c.status;
  clock.since = stay.since;
  clock.days = now > stay.since ? static_cast<int>(std::chrono::floor<std::chrono::days>(now - stay.since).count()) : 0;
  if (!c.is_open()) return clock;
  clock.limit_days = limits.limit_for(c.status);
  if (clock.limit_days && clock.days >= *clock.limit_days) {
    clock.overdue = true;
    clock.days_over = clock.days - *clock.limit_days;
    clock.reminder_due = !recorded_during(events, stay, EventKind::reminder_sent, c.status);
    clock.customer_reminder = clock.reminder_due && reminds_customer(c.status);
  }
  if (c.status == CaseStatus::ready_for_pickup && limits.abandon_days > 0 && clock.days >= limits.abandon_days) {
    clock.abandoned = true;
    clock.abandon_due = !recorded_during(events, stay, EventKind::marked_abandoned, c.status);
  }
  return clock;
}

}  // namespace aftersales
