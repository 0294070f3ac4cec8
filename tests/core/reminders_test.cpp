// Reminders and clocks per status (core/domain/status_clock.h, core/services/reminders.h): the clock
// of a case's current status, the reminder once per stay past its limit (the customer's message with
// consent, in their language), abandoned goods marked once; on both backends. Two passes at once are
// in storage_backends_test.cpp (SeveralConnections).
#include "core/services/reminders.h"

#include <gtest/gtest.h>

#include "core/notify/outbox.h"
#include "core/present/clock_text.h"
#include "core/present/event_text.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using namespace std::chrono_literals;
using testing::at;

// --- the rule, on plain facts ---

Case case_in(CaseStatus status, Instant opened) {
  Case c;
  c.status = status;
  c.created_at = opened;
  return c;
}

CaseEvent moved(std::int64_t id, Instant when, std::optional<CaseStatus> from, CaseStatus to) {
  return CaseEvent{.id = id, .at = when, .kind = EventKind::status, .from = from, .to = to};
}

CaseEvent clock_event(std::int64_t id, EventKind kind, CaseStatus status) {
  return CaseEvent{.id = id, .kind = kind, .details = {.status = std::string(to_string(status))}};
}

StatusLimits limits(std::map<CaseStatus, int> days, int abandon_days = 90) {
  return StatusLimits{.days = std::move(days), .abandon_days = abandon_days};
}

TEST(StatusClock, CountsWholeDaysSinceTheCaseEnteredItsStatus) {
  Instant opened = at("2026-03-01T10:00:00Z");
  Case c = case_in(CaseStatus::awaiting_approval, opened);
  std::vector<CaseEvent> events = {moved(1, opened, std::nullopt, CaseStatus::checked_in),
                                   moved(2, opened + 1h, CaseStatus::checked_in, CaseStatus::diagnosing),
                                   moved(3, opened + 5h, CaseStatus::diagnosing, CaseStatus::awaiting_approval)};
  auto rule = limits({{CaseStatus::awaiting_approval, 3}});
  StatusClock before = read_status_clock(c, events, opened + 5h + 72h - 1s, rule);
  EXPECT_EQ(before.since, opened + 5h);
  EXPECT_EQ(before.days, 2);
  EXPECT_FALSE(before.overdue);
  EXPECT_FALSE(before.reminder_due);
  EXPECT_EQ(status_clock_flag(before), "");
  StatusClock after = read_status_clock(c, events, opened + 5h + 4 * 24h, rule);
  EXPECT_EQ(after.days, 4);
  EXPECT_TRUE(after.overdue);
  EXPECT_EQ(after.days_over, 1);
  EXPECT_TRUE(after.reminder_due);
  EXPECT_TRUE(after.customer_reminder);
  EXPECT_EQ(status_clock_flag(after), "Waiting 4 days for approval (limit 3)");
}

TEST(StatusClock, AnEventThatKeepsTheStatusDoesNotRestartItsClock) {
  Instant opened = at("2026-03-01T10:00:00Z");
  Case c = case_in(CaseStatus::awaiting_parts, opened);
  std::vector<CaseEvent> events = {moved(1, opened, CaseStatus::repairing, CaseStatus::awaiting_parts),
                                   moved(2, opened + 48h, CaseStatus::awaiting_parts, CaseStatus::awaiting_parts)};
  StatusClock clock = read_status_clock(c, events, opened + 72h, limits({{CaseStatus::awaiting_parts, 3}}));
  EXPECT_EQ(clock.since, opened) << "a second part ordered while waiting for parts";
  EXPECT_TRUE(clock.overdue);
  EXPECT_FALSE(clock.customer_reminder) << "waiting for parts flags staff only";
  EXPECT_EQ(status_clock_flag(clock), "Waiting 3 days for parts (limit 3)");
}

TEST(StatusClock, OneReminderPerStayInTheStatus) {
  Instant opened = at("2026-03-01T10:00:00Z");
  Case c = case_in(CaseStatus::repairing, opened);
  auto rule = limits({{CaseStatus::repairing, 2}});
  std::vector<CaseEvent> events = {moved(1, opened, CaseStatus::diagnosing, CaseStatus::repairing),
                                   clock_event(2, EventKind::reminder_sent, CaseStatus::repairing)};
  StatusClock reminded = read_status_clock(c, events, opened + 72h, rule);
  EXPECT_TRUE(reminded.overdue) << "still flagged for staff";
  EXPECT_FALSE(reminded.reminder_due) << "reminded once in this stay";
  // It went to wait for parts and came back: a new stay, a new clock, a new reminder when due.
  events.push_back(moved(3, opened + 80h, CaseStatus::repairing, CaseStatus::awaiting_parts));
  events.push_back(moved(4, opened + 100h, CaseStatus::awaiting_parts, CaseStatus::repairing));
  StatusClock back = read_status_clock(c, events, opened + 100h + 47h, rule);
  EXPECT_EQ(back.since, opened + 100h);
  EXPECT_FALSE(back.overdue);
  StatusClock late = read_status_clock(c, events, opened + 100h + 48h, rule);
  EXPECT_TRUE(late.reminder_due);
  EXPECT_FALSE(late.customer_reminder);
  EXPECT_EQ(status_clock_flag(late), "Repairing for 2 days (limit 2)");
}

TEST(StatusClock, ReadyForPickupTooLongIsAbandonedOnce) {
  Instant ready = at("2026-01-01T10:00:00Z");
  Case c = case_in(CaseStatus::ready_for_pickup, ready - 100h);
  std::vector<CaseEvent> events = {moved(1, ready, CaseStatus::repairing, CaseStatus::ready_for_pickup)};
  auto rule = limits({{CaseStatus::ready_for_pickup, 7}}, 90);
  StatusClock day89 = read_status_clock(c, events, ready + 89 * 24h + 23h, rule);
  EXPECT_FALSE(day89.abandoned);
  EXPECT_EQ(status_clock_flag(day89), "Ready 89 days, not collected (limit 7)");
  StatusClock day95 = read_status_clock(c, events, ready + 95 * 24h, rule);
  EXPECT_TRUE(day95.abandoned);
  EXPECT_TRUE(day95.abandon_due);
  EXPECT_EQ(status_clock_flag(day95), "Abandoned: 95 days ready");
  events.push_back(clock_event(2, EventKind::marked_abandoned, CaseStatus::ready_for_pickup));
  EXPECT_FALSE(read_status_clock(c, events, ready + 95 * 24h, rule).abandon_due);
  EXPECT_FALSE(read_status_clock(c, events, ready + 500 * 24h, limits({}, 0)).abandoned) << "0: never abandoned";
}

// A repair transferred from another store carries that case's history (details.at_store): its moves
// and reminders are the other case's, not this one's stay.
TEST(StatusClock, AnotherStoresHistoryIsNotThisStay) {
  Instant opened = at("2026-03-01T10:00:00Z");
  Case c = case_in(CaseStatus::checked_in, opened);
  CaseEvent copied_move = moved(1, opened - 240h, CaseStatus::diagnosing, CaseStatus::checked_in);
  copied_move.details.at_store = "BCN01";
  CaseEvent copied_reminder = clock_event(2, EventKind::reminder_sent, CaseStatus::checked_in);
  copied_reminder.details.at_store = "BCN01";
  std::vector<CaseEvent> events = {copied_move, copied_reminder};
  StatusClock clock = read_status_clock(c, events, opened + 48h, limits({{CaseStatus::checked_in, 2}}));
  EXPECT_EQ(clock.since, opened);
  EXPECT_TRUE(clock.reminder_due);
}

TEST(StatusClock, NoLimitOrAClosedCaseIsNeverFlagged) {
  Instant opened = at("2026-03-01T10:00:00Z");
  Case waiting = case_in(CaseStatus::diagnosing, opened);
  EXPECT_FALSE(read_status_clock(waiting, {}, opened + 900h, limits({})).flagged());
  EXPECT_FALSE(read_status_clock(waiting, {}, opened + 900h, limits({{CaseStatus::diagnosing, 0}})).flagged());
  EXPECT_TRUE(read_status_clock(waiting, {}, opened + 48h, limits({{CaseStatus::diagnosing, 2}})).overdue)
      << "a case opened in its status: its clock starts when it was opened";
  Case done = case_in(CaseStatus::completed, opened);
  EXPECT_FALSE(read_status_clock(done, {}, opened + 900h, limits({{CaseStatus::completed, 1}})).flagged());
}

// --- the pass, on a store's database ---

class Reminding : public testing::TestStore {
 protected:
  void SetUp() override {
    config.status_limits =
        limits({{CaseStatus::awaiting_approval, 3}, {CaseStatus::ready_for_pickup, 7}, {CaseStatus::repairing, 5}}, 90);
    TestStore::SetUp();
  }
  Case repair_for(CustomerContact customer) {
    std::string serial = "SN-R" + std::to_string(++repairs_);
    add_sale("R-" + serial, now - std::chrono::days{30}, {{"PHONE-1", serial}});
    RepairDraft draft = repair_draft(serial);
    draft.customer = std::move(customer);
    auto opened = cases->open_repair(draft, "kiosk");
    EXPECT_TRUE(opened) << opened.error().message;
    EXPECT_TRUE(cases->advance(opened->code, CaseStatus::diagnosing, {"tech", "", false}));
    return *cases->find_by_code(opened->code);
  }
  Case estimate_waiting(CustomerContact customer = {"Jane Doe", "+34 600 123 456", "jane@example.com", true}) {
    Case c = repair_for(std::move(customer));
    EXPECT_TRUE(cases->record_estimate(c.code, {{"part", "Screen", 1, 8900}}, "tech"));
    return *cases->find_by_code(c.code);
  }
  Case ready_for_pickup() {
    Case c = repair_for({"Jane Doe", "+34 600 123 456", "jane@example.com", true});
    EXPECT_TRUE(cases->advance(c.code, CaseStatus::repairing, {"tech", "", false}));
    EXPECT_TRUE(cases->advance(c.code, CaseStatus::ready_for_pickup, {"tech", "", true}));
    return *cases->find_by_code(c.code);
  }
  RemindersReport pass(bool dry_run = false) {
    auto report = Reminders(*db, config, [this] { return now; }).run(dry_run);
    EXPECT_TRUE(report) << report.error().message;
    return report ? *report : RemindersReport{};
  }
  std::vector<CaseEvent> events_of(const Case& c, EventKind kind) {
    std::vector<CaseEvent> found;
    auto events = cases->events(c.id);
    EXPECT_TRUE(events) << events.error().message;
    for (const CaseEvent& e : events.value_or(std::vector<CaseEvent>{}))
      if (e.kind == kind) found.push_back(e);
    return found;
  }
  std::vector<OutboxMessage> messages_of(const Case& c) { return *Outbox(*db).for_case(c.id); }
  int repairs_ = 0;
};

TEST_F(Reminding, AnEstimateWaitingPastItsLimitIsRemindedOnce) {
  Case c = estimate_waiting();
  ASSERT_EQ(messages_of(c).size(), 1u) << "the estimate's own notice";
  now += 72h - 1s;
  EXPECT_TRUE(pass().actions.empty()) << "not before the limit";
  EXPECT_TRUE(events_of(c, EventKind::reminder_sent).empty());
  now += 1s;
  RemindersReport report = pass();
  ASSERT_EQ(report.actions.size(), 1u);
  EXPECT_EQ(report.actions[0].code, c.code);
  EXPECT_EQ(report.actions[0].channel, "email");
  EXPECT_EQ(report.messages(), 1);
  auto messages = messages_of(c);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1].recipient, "jane@example.com");
  EXPECT_EQ(messages[1].subject, "Reminder: your estimate for " + c.code + " is waiting for your answer");
  EXPECT_NE(messages[1].body.find("Your estimate is waiting for your answer."), std::string::npos) << messages[1].body;
  EXPECT_NE(messages[1].body.find(config.status_url(c.token)), std::string::npos) << "with the status link";
  auto reminders = events_of(c, EventKind::reminder_sent);
  ASSERT_EQ(reminders.size(), 1u);
  EXPECT_EQ(reminders[0].details.status, "awaiting_approval");
  EXPECT_EQ(reminders[0].details.limit_days, 3);
  EXPECT_EQ(reminders[0].details.days, 3);
  EXPECT_FALSE(reminders[0].customer_visible);
  EXPECT_EQ(staff_event_text(reminders[0]),
            "Past the limit: Waiting for the customer's approval for 3 days (limit 3); reminder e-mailed to the "
            "customer");
  now += 24h;
  EXPECT_TRUE(pass().actions.empty()) << "a second pass sends nothing";
  EXPECT_EQ(messages_of(c).size(), 2u);
  EXPECT_EQ(events_of(c, EventKind::reminder_sent).size(), 1u);
}

TEST_F(Reminding, WithoutConsentNoMessageButTheCaseIsFlaggedForStaff) {
  Case c = estimate_waiting({"Jane Doe", "+34 600 123 456", "jane@example.com", false});
  now += 4 * 24h;
  RemindersReport report = pass();
  ASSERT_EQ(report.actions.size(), 1u);
  EXPECT_EQ(report.actions[0].not_sent, "no_consent");
  EXPECT_EQ(report.messages(), 0);
  EXPECT_TRUE(messages_of(c).empty());
  auto reminders = events_of(c, EventKind::reminder_sent);
  ASSERT_EQ(reminders.size(), 1u);
  EXPECT_EQ(reminders[0].details.not_sent, "no_consent");
  EXPECT_NE(staff_event_text(reminders[0]).find("no reminder: the customer did not agree to messages"),
            std::string::npos);
  EXPECT_TRUE(pass().actions.empty()) << "flagged once, not at every pass";
}

TEST_F(Reminding, TheReminderIsInTheCustomersLanguage) {
  Case es = estimate_waiting({"Ana Ruiz", "", "ana@example.com", true, "es"});
  Case fr = estimate_waiting({"Luc Roy", "+33 6 12 34 56 78", "", true, "fr"});
  now += 3 * 24h;
  EXPECT_EQ(pass().messages(), 2);
  auto in_spanish = messages_of(es);
  ASSERT_EQ(in_spanish.size(), 2u);
  EXPECT_EQ(in_spanish[1].subject, "Recordatorio: su presupuesto para " + es.code + " espera su respuesta");
  auto in_french = messages_of(fr);
  ASSERT_EQ(in_french.size(), 2u);
  EXPECT_EQ(in_french[1].channel, "sms");
  EXPECT_NE(in_french[1].body.find("Votre devis attend votre réponse."), std::string::npos) << in_french[1].body;
}

TEST_F(Reminding, ARepairReadyTooLongIsRemindedThenMarkedAbandonedOnce) {
  Case c = ready_for_pickup();
  now += 7 * 24h;
  RemindersReport week = pass();
  ASSERT_EQ(week.actions.size(), 1u);
  EXPECT_EQ(week.actions[0].what, ReminderAction::What::reminded);
  auto messages = messages_of(c);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1].subject, "Reminder: your " + c.product_name + " is ready to collect (" + c.code + ")");
  EXPECT_NE(messages[1].body.find("Your repair is ready to collect."), std::string::npos);
  now += 83 * 24h - 1s;
  EXPECT_TRUE(pass().actions.empty()) << "not abandoned before 90 days";
  now += 1s;
  RemindersReport abandoned = pass();
  ASSERT_EQ(abandoned.actions.size(), 1u);
  EXPECT_EQ(abandoned.actions[0].what, ReminderAction::What::abandoned);
  EXPECT_EQ(abandoned.messages(), 0) << "the customer is not told: staff decide";
  auto marked = events_of(c, EventKind::marked_abandoned);
  ASSERT_EQ(marked.size(), 1u);
  EXPECT_EQ(marked[0].details.days, 90);
  EXPECT_EQ(staff_event_text(marked[0]),
            "Marked abandoned, for the store's abandoned-goods process: ready for pickup for 90 days (limit 90)");
  now += 30 * 24h;
  EXPECT_TRUE(pass().actions.empty()) << "marked once";
  EXPECT_EQ(cases->find_by_code(c.code)->status, CaseStatus::ready_for_pickup) << "it stays open";
  EXPECT_EQ(messages_of(c).size(), 2u);
}

TEST_F(Reminding, LeavingTheStatusAndComingBackStartsANewClock) {
  Case c = repair_for({"Jane Doe", "+34 600 123 456", "jane@example.com", true});
  ASSERT_TRUE(cases->advance(c.code, CaseStatus::repairing, {"tech", "", false}));
  now += 5 * 24h;
  RemindersReport first = pass();
  ASSERT_EQ(first.actions.size(), 1u);
  EXPECT_EQ(first.actions[0].not_sent, "staff_only") << "repairing: the customer has nothing to do";
  EXPECT_EQ(messages_of(c).size(), 0u);
  ASSERT_TRUE(cases->advance(c.code, CaseStatus::awaiting_parts, {"tech", "", false}));
  now += 24h;
  ASSERT_TRUE(cases->advance(c.code, CaseStatus::repairing, {"tech", "", false}));
  now += 5 * 24h - 1s;
  EXPECT_TRUE(pass().actions.empty()) << "the new stay's clock began when it came back";
  now += 1s;
  EXPECT_EQ(pass().actions.size(), 1u) << "a new stay past its limit: a new reminder";
  EXPECT_EQ(events_of(c, EventKind::reminder_sent).size(), 2u);
}

TEST_F(Reminding, ADryRunSaysWhatItWouldDoAndWritesNothing) {
  Case c = estimate_waiting();
  now += 4 * 24h;
  RemindersReport dry = pass(true);
  ASSERT_EQ(dry.actions.size(), 1u);
  EXPECT_EQ(dry.actions[0].code, c.code);
  EXPECT_TRUE(events_of(c, EventKind::reminder_sent).empty());
  EXPECT_EQ(messages_of(c).size(), 1u);
  EXPECT_EQ(pass().actions.size(), 1u) << "the real pass then does it";
}

// Headquarters holds a copy of every store's cases and writes none of them: each store reminds its
// own customers, so a pass there does nothing at all.
TEST_F(Reminding, AtAChainsHeadquartersAPassDoesNothing) {
  Case c = estimate_waiting();
  db->exec("INSERT INTO settings (key, value) VALUES ('chain.role', 'headquarters')");
  now += 4 * 24h;
  RemindersReport report = pass();
  EXPECT_TRUE(report.at_headquarters);
  EXPECT_TRUE(report.actions.empty());
  EXPECT_TRUE(events_of(c, EventKind::reminder_sent).empty());
  EXPECT_EQ(messages_of(c).size(), 1u);
}

TEST_F(Reminding, TheQueuesClocksAreReadInOneGo) {
  Case waiting = estimate_waiting();
  Case fresh = ready_for_pickup();
  now += 4 * 24h;
  auto clocks = read_status_clocks(*db, {waiting, fresh}, now, config.status_limits);
  ASSERT_TRUE(clocks) << clocks.error().message;
  ASSERT_EQ(clocks->size(), 2u);
  EXPECT_EQ(status_clock_flag((*clocks)[0]), "Waiting 4 days for approval (limit 3)");
  EXPECT_EQ(status_clock_flag((*clocks)[1]), "");
}

}  // namespace
}  // namespace aftersales
