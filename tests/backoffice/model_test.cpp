// The back office's view models without a window: which buttons each role gets, and the queue's
// filters, sorting and "new from the kiosk" notice.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "bench_model.h"
#include "case_presenter.h"
#include "case_queue.h"
#include "core/base/text.h"
#include "core/notify/outbox.h"
#include "core/present/case_export.h"
#include "core/present/status_view.h"
#include "core/services/staff.h"
#include "dashboard_model.h"
#include "permissions.h"
#include "queue_export.h"
#include "support/test_store.h"

namespace aftersales::backoffice {
namespace {

using aftersales::testing::at;

bool has(const std::vector<CaseStatus>& moves, CaseStatus s) {
  return std::find(moves.begin(), moves.end(), s) != moves.end();
}

Case repair_in(CaseStatus status) {
  Case c;
  c.kind = CaseKind::repair;
  c.status = status;
  c.serial = "SN-1";
  return c;
}

TEST(Permissions, EachRoleGetsItsOwnMovesWithinTheWorkflow) {
  Case checked_in = repair_in(CaseStatus::checked_in);
  EXPECT_EQ(transitions_for(checked_in, Role::clerk), std::vector<CaseStatus>{CaseStatus::cancelled});
  EXPECT_TRUE(has(transitions_for(checked_in, Role::technician), CaseStatus::diagnosing));
  EXPECT_FALSE(has(transitions_for(checked_in, Role::technician), CaseStatus::cancelled));
  EXPECT_TRUE(has(transitions_for(checked_in, Role::manager), CaseStatus::cancelled));

  Case ready = repair_in(CaseStatus::ready_for_pickup);
  EXPECT_TRUE(has(transitions_for(ready, Role::clerk), CaseStatus::completed)) << "the pickup is the counter's";
  EXPECT_FALSE(has(transitions_for(ready, Role::technician), CaseStatus::completed));

  Case repairing = repair_in(CaseStatus::repairing);
  EXPECT_TRUE(transitions_for(repairing, Role::clerk).empty());
  EXPECT_TRUE(has(transitions_for(repairing, Role::technician), CaseStatus::ready_for_pickup));

  Case received;
  received.kind = CaseKind::return_item;
  received.status = CaseStatus::received;
  EXPECT_TRUE(has(transitions_for(received, Role::clerk), CaseStatus::approved));
  EXPECT_TRUE(has(transitions_for(received, Role::clerk), CaseStatus::rejected));
  EXPECT_TRUE(transitions_for(received, Role::technician).empty());

  // Never more than the workflow allows, for any role and status.
  for (CaseStatus s : kAllStatuses)
    for (CaseKind kind : {CaseKind::repair, CaseKind::return_item}) {
      if (!status_belongs_to(kind, s)) continue;
      Case c;
      c.kind = kind;
      c.status = s;
      for (Role r : {Role::clerk, Role::technician, Role::manager})
        for (CaseStatus to : transitions_for(c, r)) EXPECT_TRUE(transition_allowed(kind, s, to));
    }
  EXPECT_TRUE(needs_confirmation(CaseStatus::completed));
  EXPECT_FALSE(needs_confirmation(CaseStatus::repairing));
  EXPECT_TRUE(needs_reason(CaseStatus::rejected));
}

TEST(Permissions, ActionsByRole) {
  Case diagnosing = repair_in(CaseStatus::diagnosing);
  EXPECT_TRUE(may(Role::clerk, CaseAction::add_note, diagnosing));
  EXPECT_TRUE(may(Role::clerk, CaseAction::reprint, diagnosing));
  EXPECT_FALSE(may(Role::clerk, CaseAction::record_estimate, diagnosing));
  EXPECT_TRUE(may(Role::technician, CaseAction::record_estimate, diagnosing));
  EXPECT_FALSE(may(Role::technician, CaseAction::record_estimate, repair_in(CaseStatus::repairing)));
  EXPECT_FALSE(may(Role::clerk, CaseAction::assign, diagnosing));
  EXPECT_FALSE(may(Role::manager, CaseAction::assign, repair_in(CaseStatus::completed)));
  EXPECT_TRUE(may(Role::technician, CaseAction::diagnose, diagnosing));
  EXPECT_FALSE(may(Role::clerk, CaseAction::diagnose, diagnosing));

  Case waiting = repair_in(CaseStatus::awaiting_approval);
  EXPECT_FALSE(may(Role::clerk, CaseAction::record_customer_decision, waiting)) << "no estimate sent yet";
  waiting.estimate_state = "pending";
  EXPECT_TRUE(may(Role::clerk, CaseAction::record_customer_decision, waiting)) << "the customer phoned in";

  // Sending a repair to another store of the chain: anyone, while it is open and nobody is deciding.
  for (Role r : {Role::clerk, Role::technician, Role::manager}) EXPECT_TRUE(may(r, CaseAction::transfer, diagnosing));
  EXPECT_FALSE(may(Role::manager, CaseAction::transfer, waiting)) << "the customer is deciding on the estimate";
  EXPECT_FALSE(may(Role::manager, CaseAction::transfer, repair_in(CaseStatus::completed)));
  EXPECT_FALSE(may(Role::manager, CaseAction::transfer, repair_in(CaseStatus::transferred)));

  Case requested;
  requested.kind = CaseKind::return_item;
  requested.status = CaseStatus::requested;
  EXPECT_TRUE(may(Role::clerk, CaseAction::inspect_return, requested));
  EXPECT_FALSE(may(Role::technician, CaseAction::inspect_return, requested));
  EXPECT_FALSE(may(Role::clerk, CaseAction::decide_return, requested)) << "inspect it first";
  Case received = requested;
  received.status = CaseStatus::received;
  EXPECT_TRUE(may(Role::clerk, CaseAction::decide_return, received));
  EXPECT_FALSE(may(Role::clerk, CaseAction::goodwill, received));
  EXPECT_FALSE(may(Role::manager, CaseAction::transfer, received)) << "a return is settled where it was made";
  EXPECT_TRUE(may(Role::manager, CaseAction::goodwill, received));
}

TEST(Permissions, StatusButtonsLeaveOutMovesThatHaveTheirOwnForm) {
  Case diagnosing = repair_in(CaseStatus::diagnosing);
  EXPECT_TRUE(has(transitions_for(diagnosing, Role::technician), CaseStatus::awaiting_approval));
  EXPECT_FALSE(has(status_buttons(diagnosing, Role::technician), CaseStatus::awaiting_approval))
      << "the estimate does it";
  EXPECT_TRUE(has(status_buttons(diagnosing, Role::technician), CaseStatus::repairing));

  Case received;
  received.kind = CaseKind::return_item;
  received.status = CaseStatus::received;
  EXPECT_EQ(status_buttons(received, Role::clerk), std::vector<CaseStatus>{CaseStatus::cancelled});
}

TEST(Permissions, NextStepIsTheUsualOneAndOnlyWhenItIsTheUsers) {
  EXPECT_EQ(next_step(repair_in(CaseStatus::checked_in), Role::technician), CaseStatus::diagnosing);
  EXPECT_EQ(next_step(repair_in(CaseStatus::diagnosing), Role::technician), CaseStatus::repairing);
  EXPECT_EQ(next_step(repair_in(CaseStatus::repairing), Role::technician), CaseStatus::ready_for_pickup);
  EXPECT_EQ(next_step(repair_in(CaseStatus::ready_for_pickup), Role::clerk), CaseStatus::completed);
  EXPECT_EQ(next_step(repair_in(CaseStatus::ready_for_pickup), Role::technician), std::nullopt) << "the counter's";
  EXPECT_EQ(next_step(repair_in(CaseStatus::checked_in), Role::clerk), std::nullopt);
  EXPECT_EQ(next_step(repair_in(CaseStatus::awaiting_approval), Role::manager), std::nullopt) << "the customer's";
  EXPECT_EQ(next_step(repair_in(CaseStatus::completed), Role::manager), std::nullopt);

  Case ready = repair_in(CaseStatus::ready_for_pickup);
  EXPECT_EQ(move_label(ready, CaseStatus::completed), "Record pickup");
  EXPECT_EQ(move_label(ready, CaseStatus::cancelled), "Cancel case");
}

class Queue : public aftersales::testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    add_sale("1001", at("2026-02-20T10:00:00Z"), {{"PHONE-1", "SN-A"}, {"TV-1", "SN-B"}, {"PHONE-1", "SN-C"}});
  }
  Case open(const std::string& serial, const std::string& name, Instant when) {
    now = when;
    RepairDraft draft = repair_draft(serial);
    draft.customer.name = name;
    auto c = cases->open_repair(draft, "kiosk");
    EXPECT_TRUE(c) << c.error().message;
    return *c;
  }
};

TEST_F(Queue, FiltersSortsAndNoticesNewCases) {
  Case a = open("SN-A", "Zoe Adams", at("2026-02-21T10:00:00Z"));
  Case b = open("SN-B", "Al Brown", at("2026-02-25T10:00:00Z"));
  now = at("2026-03-01T10:00:00Z");
  ASSERT_TRUE(cases->assign(b.code, "tech1", "manager"));

  CaseQueue queue(*cases, "tech1");
  ASSERT_TRUE(queue.refresh());
  ASSERT_EQ(queue.rows().size(), 2u);
  EXPECT_TRUE(queue.arrived().empty()) << "nothing is new on the first look";
  EXPECT_EQ(queue.rows()[0].code, a.code) << "promised soonest first";

  queue.sort = {QueueColumn::customer, true};
  ASSERT_TRUE(queue.refresh());
  EXPECT_EQ(queue.rows()[0].customer_name, "Al Brown");
  queue.sort = {QueueColumn::customer, false};
  ASSERT_TRUE(queue.refresh());
  EXPECT_EQ(queue.rows()[0].customer_name, "Zoe Adams");

  queue.filters.mine = true;
  ASSERT_TRUE(queue.refresh());
  ASSERT_EQ(queue.rows().size(), 1u);
  EXPECT_EQ(queue.rows()[0].code, b.code);
  queue.filters = {};
  queue.filters.search = "zoe";
  ASSERT_TRUE(queue.refresh());
  ASSERT_EQ(queue.rows().size(), 1u);
  EXPECT_EQ(queue.rows()[0].code, a.code);

  // A kiosk opens a case: the next refresh says so, even though the search hides it.
  Case c = open("SN-C", "Cy Chen", at("2026-03-01T11:00:00Z"));
  ASSERT_TRUE(queue.refresh());
  ASSERT_EQ(queue.arrived().size(), 1u);
  EXPECT_EQ(queue.arrived()[0].code, c.code);
  ASSERT_TRUE(queue.refresh());
  EXPECT_TRUE(queue.arrived().empty());
  EXPECT_FALSE(queue.changed()) << "nothing happened: the app need not draw";
  ASSERT_TRUE(cases->advance(b.code, CaseStatus::diagnosing, {"tech", "", true}));
  ASSERT_TRUE(queue.refresh());
  EXPECT_FALSE(queue.changed()) << "the search still hides everything that changed";
  queue.filters = {};
  ASSERT_TRUE(queue.refresh());
  EXPECT_TRUE(queue.changed());
  ASSERT_TRUE(queue.refresh());
  EXPECT_FALSE(queue.changed());
  now += std::chrono::hours{1};
  ASSERT_TRUE(queue.refresh());
  EXPECT_TRUE(queue.changed()) << "the ages shown went up";

  queue.filters = {};
  queue.filters.status = CaseStatus::checked_in;
  queue.filters.kind = CaseKind::return_item;
  ASSERT_TRUE(queue.refresh());
  EXPECT_TRUE(queue.rows().empty());
}

}  // namespace
}  // namespace aftersales::backoffice

namespace aftersales::backoffice {
namespace {

TEST_F(Queue, ExportSavesTheFilteredRowsToANewFileEachTime) {
  open("SN-A", "Ana", at("2026-03-01T09:00:00Z"));
  open("SN-B", "Bea", at("2026-03-01T09:30:00Z"));
  now = at("2026-03-01T10:30:00Z");
  CaseQueue queue(*cases, "clerk");
  queue.filters.search = "Bea";
  ASSERT_TRUE(queue.refresh());
  ASSERT_EQ(queue.rows().size(), 1u);

  auto first = export_queue(queue.rows(), config, now, dir.path());
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->filename(), "aftersales-cases-2026-03-01-1030.csv");
  std::ifstream in(*first, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, cases_csv(queue.rows(), config.time_zone, now));
  EXPECT_NE(text.find("Bea"), std::string::npos);
  EXPECT_EQ(text.find("Ana"), std::string::npos);

  auto second = export_queue(queue.rows(), config, now, dir.path());
  ASSERT_TRUE(second);
  EXPECT_EQ(second->filename(), "aftersales-cases-2026-03-01-1030-2.csv") << "the first export is kept";
  EXPECT_TRUE(std::filesystem::exists(*first));
}

TEST_F(Queue, ExportToAFolderThatIsNotThereSaysWhatToCheck) {
  auto failed = export_queue({}, config, now, dir.path() / "missing");
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("backoffice.export_directory"), std::string::npos);
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    EXPECT_NE(entry.path().extension(), ".part") << "nothing half-written left behind";
}

}  // namespace
}  // namespace aftersales::backoffice

namespace aftersales::backoffice {
namespace {

// Issue 13: buttons say what the person does, and only moves that can succeed are offered.
TEST(Permissions, ButtonsAreNamedForTheActionNotTheStatus) {
  EXPECT_EQ(move_label(repair_in(CaseStatus::checked_in), CaseStatus::diagnosing), "Start diagnosis");
  EXPECT_EQ(move_label(repair_in(CaseStatus::repairing), CaseStatus::ready_for_pickup), "Mark ready for pickup");
  EXPECT_EQ(move_label(repair_in(CaseStatus::diagnosing), CaseStatus::repairing), "Start the repair");
  EXPECT_EQ(move_label(repair_in(CaseStatus::awaiting_parts), CaseStatus::repairing), "Parts are in: start the repair");
  EXPECT_EQ(button_label(repair_in(CaseStatus::checked_in), CaseStatus::cancelled), "Cancel case\u2026")
      << "it asks for the reason first";
  EXPECT_EQ(button_label(repair_in(CaseStatus::ready_for_pickup), CaseStatus::completed), "Record pickup\u2026");
  EXPECT_EQ(button_label(repair_in(CaseStatus::checked_in), CaseStatus::diagnosing), "Start diagnosis");
  for (CaseStatus from : kAllStatuses)
    for (CaseKind kind : {CaseKind::repair, CaseKind::return_item}) {
      Case c = repair_in(from);
      c.kind = kind;
      for (CaseStatus to : allowed_next(kind, from)) {
        EXPECT_NE(move_label(c, to), status_label(to))
            << "named after the status: " << to_string(from) << " -> " << to_string(to);
        EXPECT_NE(move_label(c, to), staff_status_label(to));
      }
    }
}

TEST(Permissions, WhileTheCustomerHasTheEstimateOnlyCancellingIsOffered) {
  Case waiting = repair_in(CaseStatus::awaiting_approval);
  waiting.estimate_state = "pending";
  EXPECT_EQ(status_buttons(waiting, Role::manager), std::vector<CaseStatus>{CaseStatus::cancelled});
  EXPECT_TRUE(status_buttons(waiting, Role::technician).empty());
  EXPECT_EQ(next_step(waiting, Role::manager), std::nullopt);
}

TEST(Permissions, AReturnIsReceivedByItsInspectionOnly) {
  Case requested;
  requested.kind = CaseKind::return_item;
  requested.status = CaseStatus::requested;
  EXPECT_FALSE(has(status_buttons(requested, Role::clerk), CaseStatus::received)) << "one received action, not two";
  EXPECT_TRUE(may(Role::clerk, CaseAction::inspect_return, requested));
  EXPECT_EQ(status_buttons(requested, Role::clerk), std::vector<CaseStatus>{CaseStatus::cancelled});
}

class Casework : public aftersales::testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    add_sale("1001", at("2026-02-20T10:00:00Z"), {{"PHONE-1", "SN-A"}, {"PHONE-1", "SN-B"}, {"PHONE-1", "SN-C"}});
    outbox.emplace(*db);
  }
  int serial_ = 0;
  Case repair(bool consent = true, std::string email = "jane@example.com") {
    add_sale(fmt::format("9{:03}", serial_), at("2026-02-20T10:00:00Z"), {{"PHONE-1", fmt::format("SN-X{}", serial_)}});
    RepairDraft draft = repair_draft(fmt::format("SN-X{}", serial_++));
    draft.customer.notify_consent = consent;
    draft.customer.email = std::move(email);
    draft.accessories = "Charger, case";
    auto c = cases->open_repair(draft, "kiosk");
    EXPECT_TRUE(c) << c.error().message;
    return *c;
  }
  int receipts_ = 0;
  Case returned() {  // two cables, each on its own receipt so that every return is possible
    std::string receipt = fmt::format("R{:03}", receipts_++);
    add_sale(receipt, at("2026-02-25T10:00:00Z"), {{"CABLE-1", "", 2, 1000}});
    auto c =
        cases->open_return({receipt, "CABLE-1", 2, ReturnReason::changed_mind, ItemCondition::opened, "", {}}, "kiosk");
    EXPECT_TRUE(c) << c.error().message;
    return *c;
  }
  Case reload(const Case& c) { return *cases->find_by_code(c.code); }
  // A fresh case of the kind in `status`, got there the way the back office gets there.
  Case in_status(CaseKind kind, CaseStatus status) {
    using S = CaseStatus;
    if (kind == CaseKind::return_item) {
      Case c = returned();
      if (status == S::requested) return c;
      EXPECT_TRUE(cases->inspect_return(c.code, ItemCondition::opened, "", "clerk"));
      if (status == S::received) return reload(c);
      EXPECT_TRUE(cases->decide_return(c.code, {ReturnOutcome::refund, ""}, "clerk"));
      return reload(c);
    }
    Case c = repair();
    auto go = [&](S s) { EXPECT_TRUE(cases->advance(c.code, s, {"tech", "", true})) << to_string(s); };
    if (status == S::checked_in) return c;
    go(S::diagnosing);
    if (status == S::diagnosing) return reload(c);
    if (status == S::awaiting_approval) {
      EXPECT_TRUE(cases->record_estimate(c.code, {{"part", "Battery", 1, 11900}}, "tech"));
      return reload(c);
    }
    if (status == S::awaiting_parts) {
      go(S::awaiting_parts);
      return reload(c);
    }
    go(S::repairing);
    if (status == S::repairing) return reload(c);
    go(S::ready_for_pickup);
    return reload(c);
  }
  std::optional<Outbox> outbox;
};

TEST_F(Casework, EveryOfferedStatusButtonSucceeds) {
  using S = CaseStatus;
  std::vector<std::pair<CaseKind, S>> states = {
      {CaseKind::repair, S::checked_in},        {CaseKind::repair, S::diagnosing},
      {CaseKind::repair, S::awaiting_approval}, {CaseKind::repair, S::awaiting_parts},
      {CaseKind::repair, S::repairing},         {CaseKind::repair, S::ready_for_pickup},
      {CaseKind::return_item, S::requested},    {CaseKind::return_item, S::received},
      {CaseKind::return_item, S::approved}};
  for (const auto& [kind, status] : states)
    for (Role role : {Role::clerk, Role::technician, Role::manager}) {
      Case shown = in_status(kind, status);
      ASSERT_EQ(shown.status, status);
      for (S to : status_buttons(shown, role)) {
        Case fresh = in_status(kind, status);
        auto moved = cases->advance(fresh.code, to, {"staff", needs_reason(to) ? "The customer asked" : "", true});
        EXPECT_TRUE(moved) << to_string(status) << " -> " << to_string(to) << " for " << to_string(role) << ": "
                           << (moved ? "" : moved.error().message);
      }
    }
}

TEST_F(Casework, TheHeaderIsInStaffWording) {
  Case waiting = in_status(CaseKind::repair, CaseStatus::awaiting_approval);
  std::string title = case_title(waiting);
  EXPECT_NE(title.find("Waiting for the customer's approval"), std::string::npos) << title;
  EXPECT_EQ(title.find("your"), std::string::npos) << title;
}

TEST_F(Casework, AnEstimateWithoutConsentSaysNotSentAndWhomToCallUntilAnswered) {
  Case c = repair(/*consent=*/false);
  ASSERT_TRUE(cases->advance(c.code, CaseStatus::diagnosing, {"tech", "", true}));
  auto sent = cases->record_estimate(c.code, {{"part", "Battery", 1, 11900}}, "tech");
  ASSERT_TRUE(sent);
  EXPECT_TRUE(outbox->for_case(c.id)->empty()) << "nothing was written";
  std::string told = notice_outcome(*sent, CaseStatus::awaiting_approval, config.notifications);
  EXPECT_EQ(told, "Not sent: the customer did not agree to messages; call them at +34 600 123 456.");

  // Still said when the case is opened again later, as long as the customer has not answered.
  auto events = *cases->events(c.id);
  auto banner = notice_banner(reload(c), events, *outbox->for_case(c.id), config.notifications, config.time_zone, now);
  ASSERT_TRUE(banner);
  EXPECT_TRUE(banner->warning);
  EXPECT_NE(banner->text.find("Not sent: the customer did not agree to messages; call them at +34 600 123 456."),
            std::string::npos)
      << banner->text;
  ASSERT_TRUE(cases->decide_estimate(c.code, true, "clerk"));
  Case answered = reload(c);
  EXPECT_FALSE(notice_banner(answered, *cases->events(c.id), {}, config.notifications, config.time_zone, now))
      << "answered: nothing left to tell";
}

TEST_F(Casework, AQueuedMessageIsNotCalledSentUntilItIs) {
  config.notifications.email_command = "";  // nothing can send e-mail here
  Case c = in_status(CaseKind::repair, CaseStatus::repairing);
  auto ready = cases->advance(c.code, CaseStatus::ready_for_pickup, {"tech", "", true});
  ASSERT_TRUE(ready);
  EXPECT_EQ(notice_outcome(*ready, CaseStatus::ready_for_pickup, config.notifications),
            "Not sent: no e-mail sender is set up (notifications.email_command); call them at +34 600 123 456.");
  auto notices = *outbox->for_case(c.id);
  ASSERT_EQ(notices.size(), 1u);
  auto banner = notice_banner(*ready, *cases->events(c.id), notices, config.notifications, config.time_zone, now);
  ASSERT_TRUE(banner);
  EXPECT_TRUE(banner->warning);

  config.notifications.email_command = "sendmail -t";
  EXPECT_EQ(notice_outcome(*ready, CaseStatus::ready_for_pickup, config.notifications),
            "An e-mail to jane@example.com is queued; the case shows when it has gone out.");
  banner = notice_banner(*ready, *cases->events(c.id), notices, config.notifications, config.time_zone, now);
  ASSERT_TRUE(banner);
  EXPECT_FALSE(banner->warning);
  EXPECT_NE(banner->text.find("waiting to be sent"), std::string::npos) << banner->text;
  EXPECT_EQ(banner->text.find("was told"), std::string::npos) << banner->text;
  auto stuck = notice_banner(*ready, *cases->events(c.id), notices, config.notifications, config.time_zone,
                             now + std::chrono::hours{2});
  ASSERT_TRUE(stuck);
  EXPECT_TRUE(stuck->warning) << "two hours unsent: nothing is sending";
  EXPECT_NE(stuck->text.find("aftersales notify"), std::string::npos) << stuck->text;

  ASSERT_TRUE(outbox->mark_failed(notices[0].id, "mail server down", now));
  banner =
      notice_banner(*ready, *cases->events(c.id), *outbox->for_case(c.id), config.notifications, config.time_zone, now);
  ASSERT_TRUE(banner);
  EXPECT_TRUE(banner->warning);
  EXPECT_NE(banner->text.find("mail server down"), std::string::npos) << banner->text;

  ASSERT_TRUE(outbox->mark_sent(notices[0].id, now));
  banner =
      notice_banner(*ready, *cases->events(c.id), *outbox->for_case(c.id), config.notifications, config.time_zone, now);
  ASSERT_TRUE(banner);
  EXPECT_FALSE(banner->warning);
  EXPECT_NE(banner->text.find("sent 1 Mar 2026, 10:00"), std::string::npos) << banner->text;

  EXPECT_EQ(notice_outcome(*ready, CaseStatus::repairing, config.notifications), "") << "not a status they hear of";
}

TEST_F(Casework, ADeclinedEstimateGoesToPickupWithoutACallToMake) {
  Case c = in_status(CaseKind::repair, CaseStatus::awaiting_approval);
  now += std::chrono::hours{3};
  ASSERT_TRUE(cases->decide_estimate(c.code, false, "customer"));
  Case ready = reload(c);
  auto notices = *outbox->for_case(c.id);
  auto events = *cases->events(c.id);
  // Only the estimate's own message exists; it is older than the move to pickup.
  auto banner = notice_banner(ready, events, notices, config.notifications, config.time_zone, now);
  ASSERT_TRUE(banner);
  EXPECT_FALSE(banner->warning) << banner->text;
  EXPECT_NE(banner->text.find("declined"), std::string::npos) << banner->text;
}

TEST_F(Casework, AReturnDecisionWithoutConsentSaysNotSent) {
  Case received = in_status(CaseKind::return_item, CaseStatus::received);
  auto decided = cases->decide_return(received.code, {ReturnOutcome::refund, ""}, "clerk");
  ASSERT_TRUE(decided);
  std::string told = notice_outcome(*decided, decided->status, config.notifications);
  EXPECT_TRUE(told.starts_with("Not sent")) << told << " (a kiosk return carries no contact by default)";
  auto banner = notice_banner(*decided, *cases->events(decided->id), {}, config.notifications, config.time_zone, now);
  ASSERT_TRUE(banner);
  EXPECT_FALSE(banner->warning) << "nobody to call: " << banner->text;
  EXPECT_NE(banner->text.find("status page"), std::string::npos) << banner->text;
  auto rows = timeline_rows(*cases->events(decided->id), config.time_zone);
  EXPECT_EQ(rows[0].text, "Item received \u2192 Return approved: refund") << "said once";
}

TEST_F(Casework, NotesAreInternalByDefaultAndTheTimelineMarksWhatTheCustomerSees) {
  NoteForm form;
  EXPECT_FALSE(form.customer_visible);
  EXPECT_STRNE(kNoteLabel, "");
  Case c = repair();
  ASSERT_TRUE(cases->add_note(c.code, {"clara", "Called the customer", false}));
  ASSERT_TRUE(cases->add_note(c.code, {"clara", "Screen ordered", true}));
  ASSERT_TRUE(cases->add_note(c.code, {"clara", "Parts ordered, two days", true}));
  ASSERT_TRUE(cases->advance(c.code, CaseStatus::diagnosing, {"tech", "", true}));
  auto rows = timeline_rows(*cases->events(c.id), config.time_zone);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].text, "Checked in \u2192 Diagnosing") << "newest first, staff wording";
  EXPECT_FALSE(rows[0].customer_sees || rows[0].customer_saw) << "a move without words is no update on the page";
  // Only the page's "Latest update" is on the page now; an older one was, and is no longer.
  EXPECT_EQ(rows[1].text, "Parts ordered, two days");
  EXPECT_TRUE(rows[1].customer_sees);
  EXPECT_FALSE(rows[1].customer_saw);
  EXPECT_EQ(rows[2].text, "Screen ordered");
  EXPECT_FALSE(rows[2].customer_sees);
  EXPECT_TRUE(rows[2].customer_saw);
  EXPECT_EQ(rows[3].text, "Called the customer");
  EXPECT_FALSE(rows[3].customer_sees || rows[3].customer_saw) << "internal";
  EXPECT_NE(rows[3].heading.find("clara"), std::string::npos);
  EXPECT_NE(rows[3].heading.find("1 Mar 2026, 10:00"), std::string::npos)
      << "a date staff read, not ISO: " << rows[3].heading;
  EXPECT_EQ(rows.back().text, "Checked in for repair") << "the opening note says it once";
  EXPECT_FALSE(rows.back().customer_sees || rows.back().customer_saw) << "the page never shows the opening note";
  auto view = build_status_view(*cases, c.token, config, Language::en);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->last_note, "Parts ordered, two days") << "the row marked is the one the page shows";
}

// The case view's "This unit" line (unit_history_summary): the unit's other cases and its swaps.
TEST_F(Casework, TheCaseSaysWhatElseHappenedToItsUnit) {
  Case first = repair();
  ASSERT_TRUE(cases->advance(first.code, CaseStatus::cancelled, {"clerk", "Gone", true}));
  auto only = device_history(*db, *first.serial);
  ASSERT_TRUE(only);
  EXPECT_EQ(unit_history_summary(*only, first, config.time_zone), "") << "its only case";
  now += std::chrono::hours{30};
  Case second = *cases->open_repair(repair_draft(*first.serial), "kiosk");
  ASSERT_TRUE(cases->record_replacement(second.code, "SN-SWAPPED", "tech"));
  auto h = device_history(*db, "SN-SWAPPED");
  ASSERT_TRUE(h);
  EXPECT_EQ(unit_history_summary(*h, second, config.time_zone),
            fmt::format("1 other case: {} Cancelled {}; swapped {} -> SN-SWAPPED (case {})", first.code,
                        format_date(config.time_zone.local_date(first.created_at), Language::en), *first.serial,
                        second.code));
}

TEST_F(Casework, PickupShowsWhatToTakeWhatToHandBackAndWhomToCheck) {
  Case c = in_status(CaseKind::repair, CaseStatus::awaiting_approval);
  ASSERT_TRUE(cases->decide_estimate(c.code, true, "clerk"));
  ASSERT_TRUE(cases->advance(c.code, CaseStatus::ready_for_pickup, {"tech", "", true}));
  Case ready = reload(c);
  PickupChecklist p = pickup_checklist(ready, *cases->estimate(c.id), *cases->money(ready));
  EXPECT_EQ(p.total_cents, 11900 + ready.diagnostic_fee_cents);
  EXPECT_NE(p.amount_due.find(format_price(p.total_cents)), std::string::npos) << p.amount_due;
  // A deposit taken earlier comes off what is left to take.
  ASSERT_TRUE(cases->record_payment(c.code, {PaymentKind::deposit, PaymentMethod::card, 5000, ""}, "clerk"));
  PickupChecklist paid = pickup_checklist(ready, *cases->estimate(c.id), *cases->money(ready));
  EXPECT_EQ(paid.total_cents, 6900 + ready.diagnostic_fee_cents);
  EXPECT_TRUE(paid.amount_due.starts_with(format_price(paid.total_cents) + ": ")) << paid.amount_due;
  EXPECT_NE(paid.amount_due.find(" - paid already " + format_price(5000)), std::string::npos) << paid.amount_due;
  ASSERT_TRUE(
      cases->record_payment(c.code, {PaymentKind::payment, PaymentMethod::cash, paid.total_cents, ""}, "clerk"));
  PickupChecklist settled = pickup_checklist(ready, *cases->estimate(c.id), *cases->money(ready));
  EXPECT_EQ(settled.total_cents, 0);
  EXPECT_TRUE(settled.amount_due.starts_with("Nothing to pay (")) << settled.amount_due;
  EXPECT_NE(p.hand_back.find("Charger, case"), std::string::npos);
  EXPECT_NE(p.id_check.find("Jane Doe"), std::string::npos);

  Case plain = in_status(CaseKind::repair, CaseStatus::ready_for_pickup);
  plain.accessories.clear();
  PickupChecklist free = pickup_checklist(plain, {}, case_money(plain, 0, 0));
  EXPECT_EQ(free.total_cents, plain.diagnostic_fee_cents);
  if (plain.diagnostic_fee_cents == 0) {
    EXPECT_TRUE(free.amount_due.starts_with("Nothing to pay")) << free.amount_due;
  }
  EXPECT_NE(free.hand_back.find("nothing else"), std::string::npos);

  Case fee = plain;
  fee.diagnostic_fee_cents = 1900;
  EXPECT_EQ(pickup_checklist(fee, {}, case_money(fee, 0, 0)).amount_due, format_price(1900) + " (diagnostic fee)");
  EXPECT_EQ(pickup_checklist(fee, {}, case_money(fee, 0, 2500)).amount_due,
            "Nothing to pay; give back " + format_price(600) + " (diagnostic fee " + format_price(1900) +
                " - paid already " + format_price(2500) + ")");
  EXPECT_TRUE(free.take_back.empty()) << "no loaner out";
}

TEST_F(Casework, PickupSaysWhichLoanerToTakeBack) {
  ASSERT_TRUE(cases->add_loaner({"L-07", "iPhone 8", "", ""}));
  Case c = in_status(CaseKind::repair, CaseStatus::ready_for_pickup);
  ASSERT_TRUE(cases->lend_loaner(c.code, "L-07", "clerk"));
  auto out = *cases->current_loan(c.id);
  EXPECT_EQ(pickup_checklist(c, {}, CaseMoney{}, out).take_back,
            "Loaner L-07 (iPhone 8): take it back first, or a manager records why not.");
  ASSERT_TRUE(StaffService(*db).add("marta", "Marta", Role::manager, "pin-4711"));
  ASSERT_TRUE(cases->waive_loaner(c.code, "Posting it back", "marta"));
  EXPECT_EQ(pickup_checklist(c, {}, CaseMoney{}, *cases->current_loan(c.id)).take_back,
            "Loaner L-07 (iPhone 8) not back: marta recorded why (Posting it back).");
  ASSERT_TRUE(cases->return_loaner(c.code, "", "clerk"));
  EXPECT_TRUE(pickup_checklist(c, {}, CaseMoney{}, *cases->current_loan(c.id)).take_back.empty());
}

TEST_F(Casework, AReturnShowsItsReceiptAndTheRefund) {
  Case r = returned();
  auto line = sold_line_of(*db, r);
  ASSERT_TRUE(line);
  ASSERT_TRUE(*line);
  ReturnSummary s = return_summary(r, *line, config.time_zone);
  EXPECT_TRUE(s.receipt.starts_with("Receipt R000, line 1, sold 25 Feb 2026")) << s.receipt;
  ASSERT_TRUE(s.refund_cents);
  EXPECT_EQ(*s.refund_cents, 2000 - r.restocking_fee_cents);
  EXPECT_NE(s.refund.find(format_price(*s.refund_cents)), std::string::npos) << s.refund;
  if (r.restocking_fee_cents > 0) {
    EXPECT_NE(s.refund.find("restocking fee"), std::string::npos);
  }
  Case fee = r;  // an opened item returned for no fault of its own
  fee.restocking_fee_cents = 300;
  ReturnSummary less = return_summary(fee, *line, config.time_zone);
  EXPECT_EQ(less.refund_cents, 1700);
  EXPECT_EQ(less.refund,
            format_price(1700) + " (2 x " + format_price(1000) + ", less a " + format_price(300) + " restocking fee)");
  EXPECT_TRUE(return_summary(r, std::nullopt, config.time_zone).receipt.empty());
}

TEST(Dashboard, ReturnReasonsAndRepairFaultsAreKeptApart) {
  ServiceStats s;
  s.top_repair_problems = {{"Battery or charging", 3}, {"Screen", 1}};
  s.top_return_reasons = {{"Changed my mind", 2}};
  s.top_problems = {{"Repair: battery", 3}, {"Return: Changed my mind", 2}};
  auto [faults, reasons] = comes_back_most(s);
  ASSERT_EQ(faults.rows.size(), 2u);
  EXPECT_EQ(faults.rows[0].first, "Battery or charging");
  ASSERT_EQ(reasons.rows.size(), 1u);
  EXPECT_EQ(reasons.rows[0].first, "Changed my mind");
  EXPECT_NE(faults.heading, reasons.heading);
}

TEST(Dashboard, BarLabelsHaveEnoughContrastOnTheirFill) {
  Rgb text{27, 31, 36}, white{255, 255, 255};
  Rgb primary{0, 82, 204}, success{16, 122, 64}, danger{176, 0, 32}, track{255, 255, 255};
  EXPECT_LT(contrast_ratio(text, primary), kMinTextContrast) << "dark text on saturated blue was the bug";
  for (Rgb fill : {primary, success, danger, track, Rgb{233, 236, 240}})
    EXPECT_GE(contrast_ratio(readable_text_on(fill, text, white), fill), kMinTextContrast)
        << int(fill.r) << "," << int(fill.g) << "," << int(fill.b);
  EXPECT_NEAR(contrast_ratio(white, Rgb{0, 0, 0}), 21.0, 1e-9);

  ServiceStats s;
  s.turnaround = {{CaseKind::repair, 10, 2.5, 8}, {CaseKind::return_item, 0, 0, 0}};
  auto bars = turnaround_bars(s);
  ASSERT_EQ(bars.size(), 2u);
  EXPECT_EQ(bars[0].label, "80% within the promised date (8 of 10)");
  EXPECT_EQ(bars[0].tone, TurnaroundBar::Tone::fair);
  EXPECT_TRUE(bars[1].empty);
}

TEST(Bench, TheWeeklyChartStacksTheBusiestTechniciansAndGathersTheRestAsOthers) {
  TechnicianReport report;
  report.weeks = 2;
  report.week_starts = {aftersales::testing::day(2026, 2, 16), aftersales::testing::day(2026, 2, 23)};
  int n = 7;
  for (const char* name : {"ana", "bob", "cy", "di", "ed", "flo", "gus"}) {
    report.technicians.push_back({name, {n, 1}, n + 1, 0, 1.0});
    --n;
  }
  WeeklyChart chart = weekly_chart(report, 5);
  ASSERT_EQ(chart.series, (std::vector<std::string>{"ana", "bob", "cy", "di", "Others"}));
  EXPECT_TRUE(chart.others);
  ASSERT_EQ(chart.weeks.size(), 2u);
  EXPECT_EQ(chart.weeks[0].label, "W08");
  EXPECT_EQ(chart.weeks[0].starts, "2026-02-16");
  EXPECT_EQ(chart.weeks[0].stack, (std::vector<int>{7, 6, 5, 4, 3 + 2 + 1}));
  EXPECT_EQ(chart.weeks[0].total, 28);
  EXPECT_EQ(chart.weeks[1].total, 7);
  EXPECT_EQ(chart.top, 28);

  report.technicians.resize(5);
  WeeklyChart five = weekly_chart(report, 5);
  EXPECT_FALSE(five.others) << "five fit without Others";
  EXPECT_EQ(five.series.back(), "ed");
  EXPECT_EQ(weekly_chart(TechnicianReport{}, 5).top, 0);
}

TEST(Bench, StatusAndPartsBarsSayWhatTheyShow) {
  StatusTimesReport statuses{30, {{CaseStatus::diagnosing, 2, 15, 20}, {CaseStatus::awaiting_parts, 4, 72, 120}}};
  auto status_bars = status_time_bars(statuses);
  ASSERT_EQ(status_bars.size(), 2u);
  EXPECT_EQ(status_bars[0].label, "Diagnosing");
  EXPECT_EQ(status_bars[0].value, 15);
  EXPECT_EQ(status_bars[0].text, "median 15.0 h, 9 in 10 by 20.0 h (2)");
  EXPECT_EQ(status_bars[1].text, "median 3.0 d, 9 in 10 by 5.0 d (4)") << "days past two days";

  PartsReport parts;
  for (int i = 0; i < 10; ++i) parts.parts.push_back({fmt::format("P-{}", i), "Part", 1, 1000 - i, 2000, 1});
  auto part_bars = top_parts_bars(parts, 8);
  ASSERT_EQ(part_bars.size(), 8u);
  EXPECT_EQ(part_bars[0].label, "P-0 Part");
  EXPECT_EQ(part_bars[0].value, 1000);
  EXPECT_EQ(part_bars[0].text, format_price(1000) + " (1 used)");
}

TEST_F(Queue, TheBenchOfAnEmptyStoreExportsEachReportWithItsHeader) {
  auto figures = bench_figures(*db, config, now);
  ASSERT_TRUE(figures) << figures.error().message;
  EXPECT_EQ(figures->technicians.weeks, kBenchWeeks);
  EXPECT_TRUE(figures->technicians.technicians.empty());
  EXPECT_TRUE(figures->statuses.statuses.empty());
  EXPECT_TRUE(figures->parts.parts.empty());
  const std::pair<BenchReport, std::string> reports[] = {{BenchReport::technicians, "technician,finished,"},
                                                         {BenchReport::status_times, "status,stays,"},
                                                         {BenchReport::parts, "sku,name,"}};
  for (const auto& [which, header] : reports) {
    auto saved = export_csv(bench_file_word(which), bench_csv(*figures, which), config, now, dir.path());
    ASSERT_TRUE(saved) << saved.error().message;
    std::ifstream in(*saved, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, bench_csv(*figures, which));
    EXPECT_TRUE(text.starts_with(header)) << text;
  }
  EXPECT_TRUE(std::filesystem::exists(dir.file("aftersales-technicians-2026-03-01-1000.csv")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("aftersales-status-times-2026-03-01-1000.csv")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("aftersales-parts-used-2026-03-01-1000.csv")));
  auto missing = export_csv("parts-used", "x", config, now, dir.path() / "missing");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("backoffice.export_directory"), std::string::npos);
}

TEST_F(Queue, OverdueRowsGetABadgeNotARedRow) {
  Case late = open("SN-A", "Zoe Adams", at("2026-02-21T10:00:00Z"));
  Case fresh = open("SN-B", "Al Brown", at("2026-03-20T09:00:00Z"));
  now = at("2026-03-20T10:00:00Z");
  ASSERT_TRUE(late.overdue(now));
  QueueRow row = queue_row(late, now, config.time_zone);
  EXPECT_TRUE(row.overdue_badge.starts_with("OVERDUE ")) << row.overdue_badge;
  EXPECT_EQ(row.promised.find("overdue"), std::string::npos) << "the date stays a date";
  EXPECT_EQ(row.status, "Checked in");
  QueueRow ok = queue_row(fresh, now, config.time_zone);
  EXPECT_TRUE(ok.overdue_badge.empty());
  EXPECT_EQ(ok.age, "1 h");
  // Late by minutes: said in minutes, never "OVERDUE 0 h".
  Instant due = late.promised_at(now);
  EXPECT_EQ(queue_row(late, due + std::chrono::minutes(25), config.time_zone).overdue_badge, "OVERDUE 25 min");
  EXPECT_EQ(queue_row(late, due + std::chrono::seconds(5), config.time_zone).overdue_badge, "OVERDUE 1 min");
  EXPECT_EQ(queue_row(late, due + std::chrono::hours(50), config.time_zone).overdue_badge, "OVERDUE 2 d");
}

// A case past its status's limit ([reminders]) is flagged in the queue, from its status clock: how
// long it waited, against the limit; ready for pickup past [pickup] abandon_days, abandoned.
TEST_F(Queue, ACasePastItsStatusLimitIsFlagged) {
  config.status_limits =
      StatusLimits{.days = {{CaseStatus::diagnosing, 2}, {CaseStatus::ready_for_pickup, 7}}, .abandon_days = 90};
  Case diagnosed = open("SN-A", "Zoe Adams", at("2026-02-21T10:00:00Z"));
  ASSERT_TRUE(cases->advance(diagnosed.code, CaseStatus::diagnosing, {"tech", "", false}));
  Case fresh = open("SN-B", "Al Brown", at("2026-02-22T10:00:00Z"));
  Case ready = open("SN-C", "Cy Cole", at("2026-02-22T10:00:00Z"));
  for (CaseStatus to : {CaseStatus::diagnosing, CaseStatus::repairing, CaseStatus::ready_for_pickup})
    ASSERT_TRUE(cases->advance(ready.code, to, {"tech", "", false}));
  auto flag_of = [](const CaseQueue& queue, const Case& c, const StoreTimeZone& zone) {
    for (std::size_t i = 0; i < queue.rows().size(); ++i)
      if (queue.rows()[i].code == c.code) return queue.row(i, zone).clock_flag;
    return std::string("not in the queue");
  };
  CaseQueue queue(*cases, "clerk");
  now = at("2026-02-23T09:59:59Z");
  ASSERT_TRUE(queue.refresh());
  EXPECT_EQ(flag_of(queue, diagnosed, config.time_zone), "") << "not yet two days";
  now = at("2026-02-25T10:00:00Z");
  ASSERT_TRUE(queue.refresh());
  EXPECT_EQ(flag_of(queue, diagnosed, config.time_zone), "Diagnosing for 4 days (limit 2)");
  EXPECT_EQ(flag_of(queue, fresh, config.time_zone), "") << "checked in: no limit";
  EXPECT_EQ(flag_of(queue, ready, config.time_zone), "");
  now = at("2026-05-28T10:00:00Z");
  ASSERT_TRUE(queue.refresh());
  EXPECT_EQ(flag_of(queue, ready, config.time_zone), "Abandoned: 95 days ready");
  ASSERT_TRUE(cases->advance(diagnosed.code, CaseStatus::repairing, {"tech", "", false}));
  ASSERT_TRUE(queue.refresh());
  EXPECT_EQ(flag_of(queue, diagnosed, config.time_zone), "") << "a new status, a new clock (repairing has no limit)";
}

}  // namespace
}  // namespace aftersales::backoffice
