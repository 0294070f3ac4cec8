#pragma once
// The clock of a case's current status: how long it has waited there, against the store's limit
// for that status ([reminders] in the config). Past its limit a case is flagged for staff, and,
// where the customer has something to do (approve an estimate, collect the item), they get one
// reminder per stay in that status. A repair ready for pickup long enough is abandoned: marked once
// for the store's abandoned-goods process, and still open. Pure functions over the case's events.
#include <cstdint>
#include <map>
#include <optional>
#include <span>

#include "core/base/calendar.h"
#include "core/domain/case.h"

namespace aftersales {

struct StatusLimits {
  std::map<CaseStatus, int> days;  // whole days a case may wait in a status; absent or 0: no limit
  int abandon_days = 90;           // ready for pickup this long: abandoned; 0: never
  std::optional<int> limit_for(CaseStatus status) const;
};

// No status limits (a store turns reminders on in its config: nobody is messaged on an upgrade
// unasked); abandoned after 90 days ready.
StatusLimits default_status_limits();

// Statuses where the customer has something to do, so a reminder goes to them as well as the flag
// for staff: an estimate to answer, an item to collect. Any other open status's limit only flags.
bool reminds_customer(CaseStatus status);
// Any status a case can wait in: every open one.
bool may_have_limit(CaseStatus status);

// When the case entered its current status: the latest event that moved it there from another (a
// status change, an estimate, a decision, a part order), else when it was opened. Events copied
// from another store's case (a transfer) are that case's history, not this one's.
struct StatusStay {
  Instant since;
  std::int64_t since_event = 0;  // the event that began it; 0: the case was opened in it
};
StatusStay current_stay(const Case& c, std::span<const CaseEvent> events);

struct StatusClock {
  CaseStatus status = CaseStatus::checked_in;
  Instant since;
  int days = 0;  // whole days in the status so far
  std::optional<int> limit_days;
  bool overdue = false;  // an open case at or past its status's limit
  int days_over = 0;
  bool abandoned = false;          // ready for pickup abandon_days or more
  bool reminder_due = false;       // overdue, and not yet reminded during this stay
  bool customer_reminder = false;  // reminder_due, in a status the customer acts on
  bool abandon_due = false;        // abandoned, and not yet marked during this stay
  bool flagged() const { return overdue || abandoned; }
};

// `events`: the case's events, oldest first (at least those with a `to` status and its reminder and
// abandonment events).
StatusClock read_status_clock(const Case& c, std::span<const CaseEvent> events, Instant now,
                              const StatusLimits& limits);

}  // namespace aftersales
