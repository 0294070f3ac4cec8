// The back office's view models without a window: which buttons each role gets, and the queue's
// filters, sorting and "new from the kiosk" notice.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "case_queue.h"
#include "core/case_export.h"
#include "permissions.h"
#include "queue_export.h"
#include "support/test_store.h"

namespace aftersales::backoffice {
namespace {

using aftersales::testing::at;

bool has(const std::vector<CaseStatus>& moves, CaseStatus s) { return std::find(moves.begin(), moves.end(), s) != moves.end(); }

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
  EXPECT_TRUE(may(Role::manager, CaseAction::goodwill, received));
}

TEST(Permissions, StatusButtonsLeaveOutMovesThatHaveTheirOwnForm) {
  Case diagnosing = repair_in(CaseStatus::diagnosing);
  EXPECT_TRUE(has(transitions_for(diagnosing, Role::technician), CaseStatus::awaiting_approval));
  EXPECT_FALSE(has(status_buttons(diagnosing, Role::technician), CaseStatus::awaiting_approval)) << "the estimate does it";
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
  EXPECT_EQ(move_label(ready, CaseStatus::cancelled), "Cancelled");
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
