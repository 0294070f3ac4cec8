#include "core/services/reminders.h"

#include <algorithm>

#include "core/notify/outbox.h"
#include "core/storage/case_store.h"
#include "core/storage/chain.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

constexpr std::string_view kActor = "reminders";

// The open cases whose status can be past a limit now: the statuses with one, and ready for
// pickup when abandoned goods are marked.
CaseFilter waiting_cases(const StatusLimits& limits) {
  CaseFilter filter;
  filter.open_only = true;
  for (CaseStatus status : kAllStatuses)
    if (limits.limit_for(status) || (status == CaseStatus::ready_for_pickup && limits.abandon_days > 0))
      filter.statuses.push_back(status);
  filter.limit = 1'000'000;
  return filter;
}

// `plan`: the customer's reminder, written or (a dry run) as it would be.
ReminderAction reminded(const Case& c, const StatusClock& clock, const NoticePlan& plan) {
  ReminderAction action{.what = ReminderAction::What::reminded,
                        .code = c.code,
                        .status = c.status,
                        .days = clock.days,
                        .limit_days = clock.limit_days.value_or(0)};
  if (!reminds_customer(c.status))
    action.not_sent = "staff_only";
  else if (plan.queued())
    action.channel = plan.channel;
  else
    action.not_sent = plan.skip == NoticeSkip::no_consent ? "no_consent" : "no_contact";
  return action;
}

ReminderAction abandoned(const Case& c, const StatusClock& clock, int abandon_days) {
  return ReminderAction{.what = ReminderAction::What::abandoned,
                        .code = c.code,
                        .status = c.status,
                        .days = clock.days,
                        .limit_days = abandon_days};
}

CaseEvent event_for(const ReminderAction& action, Instant now) {
  return CaseEvent{
      .at = now,
      .actor = std::string(kActor),
      .kind = action.what == ReminderAction::What::reminded ? EventKind::reminder_sent : EventKind::marked_abandoned,
      .customer_visible = false,
      .details = {.status = std::string(to_string(action.status)),
                  .limit_days = action.limit_days,
                  .days = action.days,
                  .channel = action.channel,
                  .not_sent = action.not_sent}};
}

// A case of another store (a chain's store holds only its own; this is the guard if not).
bool someone_elses(const Case& c, const ChainMembership& chain) {
  return chain.role == ChainRole::store && !c.store_id.empty() && c.store_id != chain.store_id;
}

}  // namespace

int RemindersReport::messages() const {
  return static_cast<int>(std::ranges::count_if(actions, [](const ReminderAction& a) { return !a.channel.empty(); }));
}

Result<std::vector<StatusClock>> read_status_clocks(Database& db, const std::vector<Case>& cases, Instant now,
                                                    const StatusLimits& limits) {
  return storage_guard<std::vector<StatusClock>>([&]() -> Result<std::vector<StatusClock>> {
    std::vector<std::int64_t> ids;
    for (const Case& c : cases) ids.push_back(c.id);
    ReadTransaction tx(db);
    auto events = load_clock_events(db, ids);
    std::vector<StatusClock> clocks;
    for (const Case& c : cases) clocks.push_back(read_status_clock(c, events[c.id], now, limits));
    return clocks;
  });
}

Result<RemindersReport> Reminders::run(bool dry_run) {
  RemindersReport report;
  Instant now = clock_();
  auto chain = storage_guard<ChainMembership>([&]() -> Result<ChainMembership> { return chain_membership(db_); });
  if (!chain) return std::unexpected(chain.error());
  if (chain->role == ChainRole::headquarters) {
    report.at_headquarters = true;
    return report;
  }
  const StatusLimits& limits = config_.status_limits;
  CaseFilter waiting = waiting_cases(limits);
  if (waiting.statuses.empty()) return report;  // no limits set: nothing can be past one
  auto candidates = storage_guard<std::vector<Case>>([&]() -> Result<std::vector<Case>> {
    ReadTransaction tx(db_);
    return query_cases(db_, waiting, now);
  });
  if (!candidates) return std::unexpected(candidates.error());
  std::erase_if(*candidates, [&](const Case& c) { return someone_elses(c, *chain); });
  auto clocks = read_status_clocks(db_, *candidates, now, limits);
  if (!clocks) return std::unexpected(clocks.error());
  for (std::size_t i = 0; i < candidates->size(); ++i) {
    const Case& c = (*candidates)[i];
    const StatusClock& clock = (*clocks)[i];
    if (!clock.reminder_due && !clock.abandon_due) continue;
    if (dry_run) {
      if (clock.reminder_due) report.actions.push_back(reminded(c, clock, plan_customer_notice(c, c.status)));
      if (clock.abandon_due) report.actions.push_back(abandoned(c, clock, limits.abandon_days));
      continue;
    }
    auto done = remind_case(c, now);
    if (!done) return std::unexpected(done.error());
    report.actions.insert(report.actions.end(), done->begin(), done->end());
  }
  return report;
}

Result<std::vector<ReminderAction>> Reminders::remind_case(const Case& candidate, Instant now) {
  return storage_guard<std::vector<ReminderAction>>([&]() -> Result<std::vector<ReminderAction>> {
    // The case's row locked first, then read again: a second pass waits here, and then finds the
    // first one's event (READ COMMITTED reads what committed before each statement).
    WriteTransaction tx(db_, WriteIsolation::row_locks);
    if (db_.backend() == Backend::postgresql)
      db_.prepare("SELECT id FROM cases WHERE id = ?1 FOR UPDATE").bind(1, candidate.id).step();
    std::vector<ReminderAction> actions;
    std::optional<Case> c = load_case_by_code(db_, candidate.code);
    if (!c) return actions;
    std::vector<CaseEvent> events = load_case_events(db_, c->id);
    StatusClock clock = read_status_clock(*c, events, now, config_.status_limits);
    if (clock.reminder_due) {
      NoticePlan plan = clock.customer_reminder ? queue_reminder_notice(db_, config_, *c, now) : NoticePlan{};
      actions.push_back(reminded(*c, clock, plan));
    }
    if (clock.abandon_due) actions.push_back(abandoned(*c, clock, config_.status_limits.abandon_days));
    for (const ReminderAction& action : actions) insert_case_event(db_, c->id, event_for(action, now));
    tx.commit();
    return actions;
  });
}

}  // namespace aftersales
