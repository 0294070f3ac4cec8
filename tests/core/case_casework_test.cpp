// A repair's diagnosis and a return's inspection and decision (CaseService casework).
#include <gtest/gtest.h>

#include "core/notify/outbox.h"
#include "core/present/event_text.h"
#include "core/services/case_service.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::at;

class Casework : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    add_sale("5001", at("2026-01-10T10:00:00Z"), {{"PHONE-1", "SN-IN"}});
    add_sale("5003", at("2026-02-25T10:00:00Z"), {{"TV-1", "SN-TV", 1, 80000}, {"CABLE-1", "", 2, 1000}});
  }

  Case open_tv_return(ItemCondition declared) {
    ReturnDraft draft{"5003", "TV-1", 1, ReturnReason::changed_mind, declared, "", {}};
    draft.brought_serial = "SN-TV";
    draft.customer = {"Ana Ruiz", "+34 600 123 456", "ana@example.com", true};
    auto opened = cases->open_return(draft, "kiosk");
    EXPECT_TRUE(opened) << opened.error().message;
    return *opened;
  }
};

TEST_F(Casework, TheDiagnosisIsKeptOnTheRepairAsAnInternalNote) {
  auto repair = *cases->open_repair(repair_draft("SN-IN"), "kiosk");
  EXPECT_EQ(cases->record_diagnosis(repair.code, "  ", "tech").error().field, "diagnosis");
  EXPECT_EQ(cases->record_diagnosis(repair.code, std::string(4001, 'x'), "tech").error().field, "diagnosis");

  auto diagnosed = cases->record_diagnosis(repair.code, " Charging port corroded ", "tech");
  ASSERT_TRUE(diagnosed) << diagnosed.error().message;
  EXPECT_EQ(cases->find_by_code(repair.code)->diagnosis, "Charging port corroded");
  auto events = *cases->events(repair.id);
  EXPECT_EQ(events.back().kind, EventKind::diagnosis);
  EXPECT_EQ(events.back().note, "Charging port corroded") << "the technician's words, without a label";
  EXPECT_EQ(staff_event_text(events.back()), "Diagnosis: Charging port corroded");
  EXPECT_FALSE(events.back().customer_visible);
  EXPECT_EQ(events.back().actor, "tech");

  auto tv_return = open_tv_return(ItemCondition::sealed);
  EXPECT_EQ(cases->record_diagnosis(tv_return.code, "n/a", "tech").error().kind, ErrorKind::refused);
}

TEST_F(Casework, TheEstimatesExplanationIsFixedOnceTheCustomerHasAnswered) {
  add_sale("5002", at("2026-01-12T10:00:00Z"), {{"PHONE-1", "SN-TWO"}});
  const std::vector<EstimateLine> lines{{"part", "Battery", 1, 4900}};
  for (bool approved : {true, false}) {
    auto repair = *cases->open_repair(repair_draft(approved ? "SN-IN" : "SN-TWO"), "kiosk");
    ASSERT_TRUE(cases->advance(repair.code, CaseStatus::diagnosing, {"tech", "", false}));
    ASSERT_TRUE(cases->record_estimate(repair.code, lines, "tech"));
    ASSERT_TRUE(cases->explain_estimate(repair.code, "The battery no longer holds a charge."));
    ASSERT_TRUE(cases->explain_estimate(repair.code, " The battery is swollen; we replace it. "))
        << "while they decide";
    EXPECT_EQ(*cases->estimate_explanation(repair.id), "The battery is swollen; we replace it.");
    ASSERT_TRUE(cases->decide_estimate(repair.code, approved, "clerk"));

    auto late = cases->explain_estimate(repair.code, "Something else");
    ASSERT_FALSE(late) << "the customer answered the estimate as it was explained";
    EXPECT_EQ(late.error().kind, ErrorKind::refused);
    EXPECT_EQ(late.error().field, "estimate_explanation");
    EXPECT_NE(late.error().message.find(approved ? "already approved" : "already declined"), std::string::npos)
        << late.error().message;
    EXPECT_FALSE(cases->explain_estimate(repair.code, "")) << "not even cleared";
    EXPECT_EQ(*cases->estimate_explanation(repair.id), "The battery is swollen; we replace it.");
  }
}

TEST_F(Casework, InspectionReceivesTheReturnAndRecordsTheConditionFound) {
  Case c = open_tv_return(ItemCondition::sealed);
  auto refused = cases->decide_return(c.code, {ReturnOutcome::refund, ""}, "clerk");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("Inspect the item first"), std::string::npos);

  auto inspected = cases->inspect_return(c.code, ItemCondition::opened, "Seal cut, all parts present", "clerk");
  ASSERT_TRUE(inspected) << inspected.error().message;
  Case stored = *cases->find_by_code(c.code);
  EXPECT_EQ(stored.status, CaseStatus::received);
  EXPECT_EQ(stored.inspected_condition, ItemCondition::opened);
  EXPECT_EQ(stored.inspection_notes, "Seal cut, all parts present");
  auto events = *cases->events(c.id);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].to, CaseStatus::received);
  EXPECT_EQ(events[2].kind, EventKind::inspected);
  EXPECT_EQ(events[2].details.condition, ItemCondition::opened);
  EXPECT_EQ(events[2].details.claimed, ItemCondition::sealed);
  EXPECT_EQ(staff_event_text(events[2]), "Inspected: opened (the customer said sealed). Seal cut, all parts present");

  // A second look corrects the first without receiving it twice.
  ASSERT_TRUE(cases->inspect_return(c.code, ItemCondition::damaged, "", "manager"));
  EXPECT_EQ(cases->events(c.id)->size(), 4u);
  EXPECT_EQ(cases->find_by_code(c.code)->inspected_condition, ItemCondition::damaged);
}

TEST_F(Casework, ADecisionWithinThePolicyApprovesAndTellsTheCustomer) {
  Case c = open_tv_return(ItemCondition::opened);
  ASSERT_TRUE(cases->inspect_return(c.code, ItemCondition::opened, "", "clerk"));
  auto approved = cases->decide_return(c.code, {ReturnOutcome::store_credit, ""}, "clerk");
  ASSERT_TRUE(approved) << approved.error().message;
  Case stored = *cases->find_by_code(c.code);
  EXPECT_EQ(stored.status, CaseStatus::approved);
  EXPECT_EQ(stored.return_decision, ReturnOutcome::store_credit);
  EXPECT_EQ(stored.resolution, "Return approved: store credit");
  auto events = *cases->events(c.id);
  EXPECT_EQ(events.back().kind, EventKind::return_approved);
  EXPECT_EQ(events.back().details.outcome, ReturnOutcome::store_credit);
  EXPECT_TRUE(events.back().customer_visible);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE case_id = " + std::to_string(c.id)), 1);

  auto again = cases->decide_return(c.code, {ReturnOutcome::refund, ""}, "clerk");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message, "This return has already been decided.");
}

TEST_F(Casework, AnOutcomeOutsideThePolicyNeedsAGoodwillReason) {
  Case c = open_tv_return(ItemCondition::opened);
  db->exec("UPDATE cases SET return_outcomes = 'exchange' WHERE id = " + std::to_string(c.id));
  ASSERT_TRUE(cases->inspect_return(c.code, ItemCondition::opened, "", "clerk"));
  auto refused = cases->decide_return(c.code, {ReturnOutcome::refund, " "}, "clerk");
  ASSERT_FALSE(refused);
  EXPECT_EQ(
      refused.error().message,
      "The policy allows exchange for this return. To give refund anyway, write the reason (a goodwill decision).");
  EXPECT_EQ(cases->find_by_code(c.code)->status, CaseStatus::received);

  auto goodwill = cases->decide_return(c.code, {ReturnOutcome::refund, "Loyal customer, manager approved"}, "manager");
  ASSERT_TRUE(goodwill) << goodwill.error().message;
  EXPECT_EQ(goodwill->resolution, "Return approved: refund (goodwill). Loyal customer, manager approved");
}

TEST_F(Casework, ARejectionNeedsTheReasonTheCustomerWillRead) {
  Case c = open_tv_return(ItemCondition::sealed);
  ASSERT_TRUE(cases->inspect_return(c.code, ItemCondition::damaged, "Screen cracked", "clerk"));
  auto no_reason = cases->decide_return(c.code, {std::nullopt, "   "}, "clerk");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "reason");

  auto rejected = cases->decide_return(c.code, {std::nullopt, "The screen is cracked"}, "clerk");
  ASSERT_TRUE(rejected) << rejected.error().message;
  Case stored = *cases->find_by_code(c.code);
  EXPECT_EQ(stored.status, CaseStatus::rejected);
  EXPECT_FALSE(stored.return_decision);
  EXPECT_EQ(stored.resolution, "Return rejected. The screen is cracked");
  EXPECT_TRUE(stored.closed_at);
  auto repair = *cases->open_repair(repair_draft("SN-IN"), "kiosk");
  EXPECT_EQ(cases->inspect_return(repair.code, ItemCondition::sealed, "", "clerk").error().kind, ErrorKind::refused);
}

}  // namespace
}  // namespace aftersales
