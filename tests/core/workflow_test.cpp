#include "core/domain/workflow.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace aftersales {
namespace {

using S = CaseStatus;

// The whole state machine written out once more, independently of the implementation.
const std::map<std::pair<CaseKind, S>, std::set<S>> kExpected = {
    {{CaseKind::repair, S::checked_in}, {S::diagnosing, S::cancelled}},
    {{CaseKind::repair, S::diagnosing},
     {S::awaiting_approval, S::awaiting_parts, S::repairing, S::ready_for_pickup, S::cancelled}},
    {{CaseKind::repair, S::awaiting_approval}, {S::awaiting_parts, S::repairing, S::ready_for_pickup, S::cancelled}},
    {{CaseKind::repair, S::awaiting_parts}, {S::repairing, S::cancelled}},
    {{CaseKind::repair, S::repairing}, {S::awaiting_parts, S::ready_for_pickup, S::cancelled}},
    {{CaseKind::repair, S::ready_for_pickup}, {S::completed}},
    {{CaseKind::repair, S::completed}, {}},
    {{CaseKind::repair, S::cancelled}, {}},
    {{CaseKind::repair, S::transferred}, {}},
    {{CaseKind::return_item, S::requested}, {S::received, S::cancelled}},
    {{CaseKind::return_item, S::received}, {S::approved, S::rejected, S::cancelled}},
    {{CaseKind::return_item, S::approved}, {S::completed, S::cancelled}},
    {{CaseKind::return_item, S::rejected}, {}},
    {{CaseKind::return_item, S::completed}, {}},
    {{CaseKind::return_item, S::cancelled}, {}},
};

TEST(Workflow, EveryPairOfStatusesIsAllowedExactlyWhenExpected) {
  for (CaseKind kind : {CaseKind::repair, CaseKind::return_item}) {
    for (S from : kAllStatuses) {
      auto expected_it = kExpected.find({kind, from});
      std::set<S> expected = expected_it == kExpected.end() ? std::set<S>{} : expected_it->second;
      for (S to : kAllStatuses) {
        bool allowed = transition_allowed(kind, from, to);
        EXPECT_EQ(allowed, expected.contains(to))
            << to_string(kind) << ": " << to_string(from) << " -> " << to_string(to);
        auto checked = check_transition(kind, from, to, "because");
        EXPECT_EQ(checked.has_value(), allowed) << to_string(from) << " -> " << to_string(to);
      }
    }
  }
}

TEST(Workflow, RefusalSaysWhatIsPossibleInstead) {
  auto refused = check_transition(CaseKind::repair, S::checked_in, S::completed, "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::refused);
  EXPECT_EQ(refused.error().message,
            "A case that is \"Checked in\" cannot go to \"Completed\". Next it can be: Being diagnosed or Cancelled.");
}

TEST(Workflow, ClosedCasesAndForeignStatusesAreRefused) {
  auto closed = check_transition(CaseKind::repair, S::completed, S::repairing, "");
  ASSERT_FALSE(closed);
  EXPECT_NE(closed.error().message.find("already closed"), std::string::npos);
  auto foreign = check_transition(CaseKind::return_item, S::requested, S::repairing, "");
  ASSERT_FALSE(foreign);
  EXPECT_NE(foreign.error().message.find("A return case cannot be"), std::string::npos);
  auto same = check_transition(CaseKind::repair, S::diagnosing, S::diagnosing, "");
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().kind, ErrorKind::conflict);
}

TEST(Workflow, RejectingOrCancellingNeedsAReason) {
  EXPECT_FALSE(check_transition(CaseKind::return_item, S::received, S::rejected, "  "));
  EXPECT_TRUE(check_transition(CaseKind::return_item, S::received, S::rejected, "Water damage"));
  auto cancel = check_transition(CaseKind::repair, S::diagnosing, S::cancelled, "");
  ASSERT_FALSE(cancel);
  EXPECT_EQ(cancel.error().field, "reason") << "the back office's reason box";
}

TEST(Workflow, StatusNamesRoundTripAndOnlyPartsAndApprovalPause) {
  for (S s : kAllStatuses) EXPECT_EQ(parse_case_status(to_string(s)), s);
  EXPECT_FALSE(parse_case_status("lost"));
  EXPECT_TRUE(pauses_turnaround(S::awaiting_parts));
  EXPECT_TRUE(pauses_turnaround(S::awaiting_approval));
  EXPECT_FALSE(pauses_turnaround(S::repairing));
  EXPECT_EQ(initial_status(CaseKind::repair), S::checked_in);
  EXPECT_EQ(initial_status(CaseKind::return_item), S::requested);
}

// A repair leaves for another store of a chain only by a transfer (CaseService::transfer), never
// by a status change; there it closes, and carries on as another store's case.
TEST(Workflow, OnlyAnOpenRepairNobodyIsDecidingOnIsTransferredAndThatClosesIt) {
  EXPECT_TRUE(is_final(S::transferred));
  EXPECT_TRUE(status_belongs_to(CaseKind::repair, S::transferred));
  EXPECT_FALSE(status_belongs_to(CaseKind::return_item, S::transferred));
  EXPECT_EQ(status_label(S::transferred), "Transferred to another store");
  for (S from : {S::checked_in, S::diagnosing, S::awaiting_parts, S::repairing, S::ready_for_pickup})
    EXPECT_TRUE(check_transfer(CaseKind::repair, from, "none")) << to_string(from);
  EXPECT_TRUE(check_transfer(CaseKind::repair, S::awaiting_approval, "approved"));
  EXPECT_FALSE(check_transfer(CaseKind::repair, S::awaiting_approval, "pending"));
  for (S from : {S::completed, S::cancelled, S::transferred})
    EXPECT_FALSE(check_transfer(CaseKind::repair, from, "none")) << to_string(from);
  auto a_return = check_transfer(CaseKind::return_item, S::received, "none");
  ASSERT_FALSE(a_return);
  EXPECT_NE(a_return.error().message.find("Only a repair"), std::string::npos);
}

TEST(Workflow, StaffLabelsAreStaffWordingNotTheCustomers) {
  EXPECT_EQ(staff_status_label(S::awaiting_approval), "Waiting for the customer's approval");
  EXPECT_EQ(status_label(S::awaiting_approval), "Waiting for your approval") << "the customer's own page";
  for (S s : kAllStatuses) {
    std::string label(staff_status_label(s));
    EXPECT_FALSE(label.empty());
    EXPECT_EQ(label.find("your"), std::string::npos) << label;
    EXPECT_EQ(label.find("Your"), std::string::npos) << label;
  }
}

}  // namespace
}  // namespace aftersales
