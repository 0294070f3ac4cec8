#pragma once
// Reminders and clocks per status (core/domain/status_clock.h has the rules). A pass finds the open
// cases past their status's limit ([reminders] in the config) and, once per stay in that status,
// records a reminder event, with the customer's reminder in the outbox where they act on that
// status and agreed to messages; a repair ready for pickup past [pickup] abandon_days is marked,
// once, for the store's abandoned-goods process (it stays open: staff decide). Each case is done in
// one write transaction that locks its row first, so two back-office PCs running a pass at the same
// moment remind a customer once. `aftersales notify` runs a pass before each round of sending;
// `aftersales remind` runs one. At a chain's headquarters a pass does nothing: each store reminds
// its own customers (headquarters writes none of the stores' cases).
#include <string>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/config/config.h"
#include "core/domain/status_clock.h"

namespace aftersales {

class Database;

// What a pass did (or, dry, would do) to one case.
struct ReminderAction {
  enum class What { reminded, abandoned };
  What what = What::reminded;
  std::string code;
  CaseStatus status = CaseStatus::checked_in;
  int days = 0;
  int limit_days = 0;
  std::string channel;   // the customer's reminder: "email", "sms"; empty: no message
  std::string not_sent;  // why no message: "no_consent", "no_contact", "staff_only"
};

struct RemindersReport {
  bool at_headquarters = false;  // nothing done: the stores remind their own customers
  std::vector<ReminderAction> actions;
  int messages() const;  // customer reminders written to the outbox (dry: that would be)
};

class Reminders {
 public:
  Reminders(Database& db, const Config& config, Clock clock = system_now)
      : db_(db), config_(config), clock_(std::move(clock)) {}

  // One pass over the open cases. `dry_run`: what it would do, writing nothing.
  Result<RemindersReport> run(bool dry_run = false);

 private:
  // Inside its own write transaction: one case's due reminder and abandonment, checked again under
  // the case's lock. Nothing when another pass did them first.
  Result<std::vector<ReminderAction>> remind_case(const Case& candidate, Instant now);

  Database& db_;
  const Config& config_;
  Clock clock_;
};

// The clocks of these cases (for the queue), read in one query; in the order given.
Result<std::vector<StatusClock>> read_status_clocks(Database& db, const std::vector<Case>& cases, Instant now,
                                                    const StatusLimits& limits);

}  // namespace aftersales
