// Money at the counter (CaseService::record_payment, core/domain/payment.h): deposits, payments
// and refunds on a repair, checked against what it charges; on both backends. Four counters at
// once are in storage_backends_test.cpp.
#include <gtest/gtest.h>

#include "core/present/status_view.h"
#include "core/services/case_service.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

class Payments : public testing::TestStore {
 protected:
  // A repair on the bench for a phone sold a month ago (in warranty: no diagnostic fee).
  Case bench_repair() {
    std::string serial = "SN-M" + std::to_string(++repairs_);
    add_sale("M-" + serial, now - std::chrono::days{30}, {{"PHONE-1", serial}});
    auto opened = cases->open_repair(repair_draft(serial), "kiosk");
    EXPECT_TRUE(opened) << opened.error().message;
    EXPECT_TRUE(cases->advance(opened->code, CaseStatus::diagnosing, {"tech", "", false}));
    return *cases->find_by_code(opened->code);
  }
  // The same with an estimate of 119.00 the customer approved.
  Case approved_repair() {
    Case c = bench_repair();
    EXPECT_TRUE(cases->record_estimate(c.code, {{"part", "Screen", 1, 8900}, {"labour", "Fitting", 1, 3000}}, "tech"));
    EXPECT_TRUE(cases->decide_estimate(c.code, true, "clerk"));
    return *cases->find_by_code(c.code);
  }
  Result<CaseMoney> pay(const Case& c, PaymentKind kind, std::int64_t cents, std::string note = "") {
    return cases->record_payment(c.code, {kind, PaymentMethod::card, cents, std::move(note)}, "clerk");
  }
  // A repair of a phone sold three years ago: out of warranty, the diagnostic fee (25.00) accepted,
  // and an estimate of 119.00 approved.
  Case out_of_warranty_approved_repair() {
    add_sale("M-OLD", now - std::chrono::days{3 * 365}, {{"PHONE-1", "SN-OLD"}});
    auto draft = repair_draft("SN-OLD");
    draft.accepts_diagnostic_fee = true;
    auto opened = cases->open_repair(draft, "kiosk");
    EXPECT_TRUE(opened) << opened.error().message;
    EXPECT_TRUE(cases->advance(opened->code, CaseStatus::diagnosing, {"tech", "", false}));
    EXPECT_TRUE(
        cases->record_estimate(opened->code, {{"part", "Screen", 1, 8900}, {"labour", "Fitting", 1, 3000}}, "tech"));
    EXPECT_TRUE(cases->decide_estimate(opened->code, true, "clerk"));
    return *cases->find_by_code(opened->code);
  }
  std::size_t payments_of(const Case& c) { return cases->payments(c.id)->size(); }
  int repairs_ = 0;
};

TEST_F(Payments, ADepositCountsTowardsTheApprovedEstimate) {
  Case c = bench_repair();
  auto deposit = pay(c, PaymentKind::deposit, 3000);
  ASSERT_TRUE(deposit) << deposit.error().message;
  EXPECT_EQ(deposit->charged_cents, 0) << "nothing is charged before the estimate is approved";
  EXPECT_EQ(deposit->paid_cents, 3000);
  EXPECT_EQ(deposit->credit_cents(), 3000);
  ASSERT_TRUE(cases->record_estimate(c.code, {{"part", "Screen", 1, 8900}, {"labour", "Fitting", 1, 3000}}, "tech"));
  auto pending = cases->money(*cases->find_by_code(c.code));
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->charged_cents, 0) << "an estimate charges once it is approved";
  ASSERT_TRUE(cases->decide_estimate(c.code, true, "clerk"));
  auto approved = cases->money(*cases->find_by_code(c.code));
  ASSERT_TRUE(approved);
  EXPECT_EQ(approved->charged_cents, 11900);
  EXPECT_EQ(approved->due_cents(), 8900);
  EXPECT_EQ(approved->credit_cents(), 0);
}

TEST_F(Payments, APaymentTakesNoMoreThanIsDue) {
  Case c = approved_repair();
  auto too_much = pay(c, PaymentKind::payment, 12000);
  ASSERT_FALSE(too_much);
  EXPECT_EQ(too_much.error().message, "Only 119.00 is due on this repair; please take no more.");
  EXPECT_EQ(payments_of(c), 0u) << "nothing saved";
  auto part = pay(c, PaymentKind::payment, 10000);
  ASSERT_TRUE(part) << part.error().message;
  EXPECT_EQ(part->due_cents(), 1900);
  auto rest = pay(c, PaymentKind::payment, 1900);
  ASSERT_TRUE(rest) << rest.error().message;
  EXPECT_EQ(rest->due_cents(), 0);
  auto more = pay(c, PaymentKind::payment, 100);
  ASSERT_FALSE(more);
  EXPECT_EQ(more.error().message, "Nothing is due on this repair.");
  EXPECT_EQ(payments_of(c), 2u);
}

TEST_F(Payments, ARefundNeedsAReasonAndNoMoreThanWasPaid) {
  Case c = approved_repair();
  ASSERT_TRUE(pay(c, PaymentKind::payment, 5000));
  auto no_reason = pay(c, PaymentKind::refund, 1000, "  ");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "note");
  auto too_much = pay(c, PaymentKind::refund, 5001, "Overcharged");
  ASSERT_FALSE(too_much);
  EXPECT_EQ(too_much.error().message, "Only 50.00 was paid on this repair; no more can go back.");
  auto back = pay(c, PaymentKind::refund, 1000, "Price matched");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->paid_cents, 4000);
  EXPECT_EQ(back->due_cents(), 7900);
  auto kept = cases->payments(c.id);
  ASSERT_TRUE(kept);
  ASSERT_EQ(kept->size(), 2u);
  EXPECT_EQ((*kept)[1].kind, PaymentKind::refund);
  EXPECT_EQ((*kept)[1].note, "Price matched");
  EXPECT_EQ((*kept)[1].actor, "clerk");
}

TEST_F(Payments, ACancelledRepairGivesItsDepositBackButTakesNoMore) {
  Case c = bench_repair();
  ASSERT_TRUE(pay(c, PaymentKind::deposit, 2000));
  ASSERT_TRUE(cases->advance(c.code, CaseStatus::cancelled, {"clerk", "Customer changed their mind", true}));
  auto deposit = pay(c, PaymentKind::deposit, 1000);
  ASSERT_FALSE(deposit);
  EXPECT_EQ(deposit.error().kind, ErrorKind::refused);
  auto back = pay(c, PaymentKind::refund, 2000, "Cancelled: deposit returned");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->paid_cents, 0);
}

TEST_F(Payments, ACancelledRepairChargesItsDiagnosticFeeOnlyAndMayStillTakeIt) {
  Case c = out_of_warranty_approved_repair();
  ASSERT_EQ(c.diagnostic_fee_cents, 2500);
  ASSERT_EQ(cases->money(c)->charged_cents, 14400);
  ASSERT_TRUE(cases->advance(c.code, CaseStatus::cancelled, {"clerk", "Customer changed their mind", true}));
  auto money = cases->money(*cases->find_by_code(c.code));
  ASSERT_TRUE(money);
  EXPECT_EQ(money->charged_cents, 2500) << "the approved repair was never done; the diagnosis was";
  auto too_much = pay(c, PaymentKind::payment, 2600);
  ASSERT_FALSE(too_much);
  EXPECT_EQ(too_much.error().message, "Only 25.00 is due on this repair; please take no more.");
  auto fee = pay(c, PaymentKind::payment, 2500);
  ASSERT_TRUE(fee) << fee.error().message;
  EXPECT_EQ(fee->due_cents(), 0);
}

TEST_F(Payments, WhatIsDueCanBeTakenAfterPickupIsRecorded) {
  Case c = approved_repair();
  ASSERT_TRUE(cases->advance(c.code, CaseStatus::ready_for_pickup, {"tech", "", true}));
  ASSERT_TRUE(cases->advance(c.code, CaseStatus::completed, {"clerk", "", false}));
  auto deposit = pay(c, PaymentKind::deposit, 1000);
  ASSERT_FALSE(deposit) << "a deposit is for a repair still to be done";
  EXPECT_EQ(deposit.error().kind, ErrorKind::refused);
  auto too_much = pay(c, PaymentKind::payment, 11901);
  ASSERT_FALSE(too_much);
  auto paid = pay(c, PaymentKind::payment, 11900);
  ASSERT_TRUE(paid) << paid.error().message;
  EXPECT_EQ(paid->due_cents(), 0);
  EXPECT_EQ(payments_of(c), 1u);
  // Closed and settled: a refund would show the repair as owed again.
  auto back = pay(c, PaymentKind::refund, 11900, "Unhappy");
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().message, "This repair is closed and was paid no more than it charged; nothing goes back.");
}

TEST_F(Payments, OnceTheEstimateIsApprovedADepositTakesNoMoreThanIsDue) {
  Case c = approved_repair();
  auto too_much = pay(c, PaymentKind::deposit, 11901);
  ASSERT_FALSE(too_much);
  EXPECT_EQ(too_much.error().message, "Only 119.00 is due on this repair; please take no more.");
  EXPECT_EQ(payments_of(c), 0u) << "nothing saved";
  ASSERT_TRUE(pay(c, PaymentKind::deposit, 11900));
  auto more = pay(c, PaymentKind::deposit, 100);
  ASSERT_FALSE(more);
  EXPECT_EQ(more.error().message, "Nothing is due on this repair.");
  // Before the price is known a deposit is the counter's call: it may be more than the fee.
  Case fresh = bench_repair();
  EXPECT_TRUE(pay(fresh, PaymentKind::deposit, 5000));
  // Ready for pickup the price is known too: a repair under warranty with no estimate charges nothing.
  Case free = bench_repair();
  ASSERT_TRUE(cases->advance(free.code, CaseStatus::repairing, {"tech", "", false}));
  ASSERT_TRUE(cases->advance(free.code, CaseStatus::ready_for_pickup, {"tech", "", false}));
  auto on_free = pay(free, PaymentKind::deposit, 100);
  ASSERT_FALSE(on_free);
  EXPECT_EQ(on_free.error().message, "Nothing is due on this repair.");
}

TEST_F(Payments, BadAmountsAndReturnsAreRefusedAndNothingIsSaved) {
  Case c = approved_repair();
  for (std::int64_t cents : {std::int64_t{0}, std::int64_t{-500}, kMaxPaymentCents + 1}) {
    auto r = pay(c, PaymentKind::deposit, cents);
    ASSERT_FALSE(r) << cents;
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_input) << cents;
    EXPECT_EQ(r.error().field, "amount");
  }
  auto unknown = cases->record_payment("ZZZ-ZZZ-ZZZ", {PaymentKind::deposit, PaymentMethod::cash, 100, ""}, "clerk");
  ASSERT_FALSE(unknown);
  add_sale("R-1", now - std::chrono::days{3}, {{"TV-1", "SN-RET", 1, 80000}});
  ReturnDraft draft{"R-1", "TV-1", 1, ReturnReason::changed_mind, ItemCondition::sealed, "", {}};
  draft.brought_serial = "SN-RET";
  draft.customer = {"Ana Ruiz", "+34 600 123 456", "ana@example.com", true};
  auto ret = cases->open_return(draft, "kiosk");
  ASSERT_TRUE(ret) << ret.error().message;
  auto on_return = pay(*ret, PaymentKind::payment, 100);
  ASSERT_FALSE(on_return);
  EXPECT_NE(on_return.error().message.find("Only repairs"), std::string::npos);
  EXPECT_EQ(payments_of(c), 0u);
}

TEST_F(Payments, ThePhonePageShowsWhatWasPaidAndWhatIsLeft) {
  Case c = approved_repair();
  ASSERT_TRUE(pay(c, PaymentKind::deposit, 3000));
  auto bench = build_status_view(*cases, c.token, config, Language::es, Language::es);
  ASSERT_TRUE(bench) << bench.error().message;
  EXPECT_EQ(bench->paid_cents, 3000);
  EXPECT_EQ(bench->due_cents, 8900);
  ASSERT_TRUE(cases->advance(c.code, CaseStatus::ready_for_pickup, {"tech", "", true}));
  auto pickup = build_status_view(*cases, c.token, config, Language::en, Language::en);
  ASSERT_TRUE(pickup) << pickup.error().message;
  ASSERT_EQ(pickup->due_at_pickup.size(), 2u);
  EXPECT_EQ(pickup->due_at_pickup[0].cents, 11900);
  EXPECT_EQ(pickup->due_at_pickup[1].label, "Paid already");
  EXPECT_EQ(pickup->due_at_pickup[1].cents, -3000);
  EXPECT_EQ(pickup->due_at_pickup[0].cents + pickup->due_at_pickup[1].cents, 8900);
  // Picked up and paid at the till without a record here: the page claims no debt once it is closed.
  ASSERT_TRUE(cases->advance(c.code, CaseStatus::completed, {"clerk", "", false}));
  auto completed = build_status_view(*cases, c.token, config, Language::en, Language::en);
  ASSERT_TRUE(completed) << completed.error().message;
  EXPECT_EQ(completed->paid_cents, 3000);
  EXPECT_EQ(completed->due_cents, 0);
  EXPECT_EQ(completed->credit_cents, 0);
}

TEST_F(Payments, ACancelledRepairsPageClaimsNoDebt) {
  Case c = approved_repair();
  ASSERT_TRUE(cases->advance(c.code, CaseStatus::cancelled, {"clerk", "Customer changed their mind", true}));
  auto view = build_status_view(*cases, c.token, config, Language::en, Language::en);
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_EQ(view->due_cents, 0) << "the approved repair was never done";
  EXPECT_FALSE(view->repair_warranty_until_on) << "no warranty on work never done";
}

}  // namespace
}  // namespace aftersales
