// The back office's view models without a window: which buttons each role gets, and the queue's
// filters, sorting and "new from the kiosk" notice.
#include <gtest/gtest.h>

#include <algorithm>

#include "case_queue.h"
#include "permissions.h"
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

  queue.filters = {};
  queue.filters.status = CaseStatus::checked_in;
  queue.filters.kind = CaseKind::return_item;
  ASSERT_TRUE(queue.refresh());
  EXPECT_TRUE(queue.rows().empty());
}

}  // namespace
}  // namespace aftersales::backoffice
