#include "core/domain/return_policy.h"

#include <gtest/gtest.h>

#include "core/services/return_service.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::at;
using testing::day;

ReturnFacts facts_bought(Date when) {
  ReturnFacts f;
  f.purchase_date = when;
  f.category = "tvs";
  f.quantity_bought = 1;
  f.unit_price_cents = 50000;
  return f;
}

ReturnRequest request_on(Date today, ReturnReason reason = ReturnReason::changed_mind,
                         ItemCondition condition = ItemCondition::sealed, int quantity = 1) {
  return {quantity, reason, condition, today};
}

const ReturnRule kThirtyDays{30, 15, false};

TEST(ReturnPolicy, WithinTheWindowEveryOutcomeIsAllowed) {
  auto d = evaluate_return(facts_bought(day(2026, 3, 1)), request_on(day(2026, 3, 31)), kThirtyDays);
  ASSERT_TRUE(d.accepted());
  EXPECT_EQ(d.allowed, (std::vector{ReturnOutcome::refund, ReturnOutcome::exchange, ReturnOutcome::store_credit}));
  EXPECT_EQ(d.refund_cents, 50000);
  EXPECT_EQ(d.restocking_fee_cents, 0);
  EXPECT_EQ(d.explanation, "You can get a refund of 500.00, an exchange, or store credit. 0 days left to return it.");
}

TEST(ReturnPolicy, PastTheWindowSaysByHowManyDays) {
  auto d = evaluate_return(facts_bought(day(2026, 3, 1)), request_on(day(2026, 4, 3)), kThirtyDays);
  EXPECT_FALSE(d.accepted());
  EXPECT_EQ(d.refusal, Refusal::past_window);
  EXPECT_EQ(d.days_past_window, 3);
  EXPECT_EQ(d.explanation, "The return period for this item is 30 days; it ended 3 days ago.");
  auto one = evaluate_return(facts_bought(day(2026, 3, 1)), request_on(day(2026, 4, 1)), kThirtyDays);
  EXPECT_EQ(one.explanation, "The return period for this item is 30 days; it ended 1 day ago.");
}

TEST(ReturnPolicy, DefectiveUnderWarrantyCanBeExchangedPastTheWindow) {
  auto facts = facts_bought(day(2026, 1, 1));
  facts.under_warranty = true;
  auto d =
      evaluate_return(facts, request_on(day(2026, 6, 1), ReturnReason::defective, ItemCondition::opened), kThirtyDays);
  ASSERT_TRUE(d.accepted());
  EXPECT_EQ(d.allowed, std::vector{ReturnOutcome::exchange});
  EXPECT_NE(d.explanation.find("faulty and under warranty"), std::string::npos);

  facts.under_warranty = false;
  auto out = evaluate_return(facts, request_on(day(2026, 6, 1), ReturnReason::defective), kThirtyDays);
  EXPECT_EQ(out.refusal, Refusal::past_window);
}

TEST(ReturnPolicy, FinalSaleIsRefusedUnlessFaultyUnderWarranty) {
  ReturnRule final_sale{30, 0, true};
  auto d = evaluate_return(facts_bought(day(2026, 3, 1)), request_on(day(2026, 3, 2)), final_sale);
  EXPECT_EQ(d.refusal, Refusal::final_sale);
  EXPECT_EQ(d.explanation, "This item was a final sale and can't be returned.");

  auto not_returnable = facts_bought(day(2026, 3, 1));
  not_returnable.returnable = false;
  EXPECT_EQ(evaluate_return(not_returnable, request_on(day(2026, 3, 2)), kThirtyDays).refusal, Refusal::final_sale);

  not_returnable.under_warranty = true;
  auto faulty = evaluate_return(not_returnable, request_on(day(2026, 3, 2), ReturnReason::defective), kThirtyDays);
  EXPECT_EQ(faulty.allowed, std::vector{ReturnOutcome::exchange});
}

TEST(ReturnPolicy, RestockingFeeOnlyOnRefundsOfOpenedItemsWithoutFault) {
  auto opened =
      evaluate_return(facts_bought(day(2026, 3, 1)),
                      request_on(day(2026, 3, 5), ReturnReason::changed_mind, ItemCondition::opened), kThirtyDays);
  EXPECT_EQ(opened.restocking_fee_cents, 7500);
  EXPECT_EQ(opened.refund_cents, 42500);
  EXPECT_NE(opened.explanation.find("15% restocking fee"), std::string::npos);

  auto defective =
      evaluate_return(facts_bought(day(2026, 3, 1)),
                      request_on(day(2026, 3, 5), ReturnReason::defective, ItemCondition::opened), kThirtyDays);
  EXPECT_EQ(defective.restocking_fee_cents, 0);
  auto wrong =
      evaluate_return(facts_bought(day(2026, 3, 1)),
                      request_on(day(2026, 3, 5), ReturnReason::wrong_item, ItemCondition::opened), kThirtyDays);
  EXPECT_EQ(wrong.restocking_fee_cents, 0);
}

TEST(ReturnPolicy, DamagedByTheCustomerIsRefused) {
  auto d =
      evaluate_return(facts_bought(day(2026, 3, 1)),
                      request_on(day(2026, 3, 5), ReturnReason::changed_mind, ItemCondition::damaged), kThirtyDays);
  EXPECT_EQ(d.refusal, Refusal::damaged);
}

TEST(ReturnPolicy, QuantityCannotExceedWhatIsLeft) {
  auto facts = facts_bought(day(2026, 3, 1));
  facts.quantity_bought = 3;
  facts.quantity_already_returned = 2;
  auto too_many = evaluate_return(
      facts, request_on(day(2026, 3, 5), ReturnReason::changed_mind, ItemCondition::sealed, 2), kThirtyDays);
  EXPECT_EQ(too_many.refusal, Refusal::too_many);
  EXPECT_EQ(too_many.explanation, "Only 1 of this item can still be returned.");
  facts.quantity_already_returned = 3;
  auto all_back = evaluate_return(facts, request_on(day(2026, 3, 5)), kThirtyDays);
  EXPECT_EQ(all_back.refusal, Refusal::already_returned);
  EXPECT_EQ(all_back.explanation, "This item has already been returned.");
}

TEST(ReturnPolicy, ProductWindowOverridesTheCategory) {
  auto facts = facts_bought(day(2026, 3, 1));
  facts.product_window_days = 90;
  EXPECT_TRUE(evaluate_return(facts, request_on(day(2026, 5, 1)), kThirtyDays).accepted());
}

class ReturnChecks : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    add_sale("R-1", at("2026-02-20T10:00:00Z"),
             {{"PHONE-1", "SN-P1", 1, 30000}, {"CABLE-1", "", 3, 1500}, {"GIFT-1", "", 1, 5000}});
  }
  ReturnService service() { return ReturnService(*db, config); }
};

TEST_F(ReturnChecks, CategoryRulesComeFromTheConfig) {
  // phones: 14 days by default config; bought 9 days before `now`.
  auto phone = service().check("R-1", "PHONE-1", 1, ReturnReason::changed_mind, ItemCondition::sealed, now);
  ASSERT_TRUE(phone);
  EXPECT_TRUE(phone->decision.accepted());
  EXPECT_EQ(phone->decision.window_days, 14);
  auto gift = service().check("R-1", "GIFT-1", 1, ReturnReason::changed_mind, ItemCondition::sealed, now);
  EXPECT_EQ(gift->decision.refusal, Refusal::final_sale);
  auto late = service().check("R-1", "PHONE-1", 1, ReturnReason::changed_mind, ItemCondition::sealed,
                              at("2026-03-10T10:00:00Z"));
  EXPECT_EQ(late->decision.refusal, Refusal::past_window);
  EXPECT_EQ(late->decision.days_past_window, 4);
}

TEST_F(ReturnChecks, NotOnThisReceiptAndUnknownReceipt) {
  auto missing = service().check("R-1", "TV-1", 1, ReturnReason::changed_mind, ItemCondition::sealed, now);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->decision.refusal, Refusal::not_on_receipt);
  EXPECT_EQ(missing->decision.explanation, "TV-1 is not on receipt R-1.");
  auto unknown = service().check("R-404", "TV-1", 1, ReturnReason::changed_mind, ItemCondition::sealed, now);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);
}

TEST_F(ReturnChecks, FindsTheLineBySerialToo) {
  auto by_serial = service().check("R-1", "sn-p1", 1, ReturnReason::changed_mind, ItemCondition::sealed, now);
  ASSERT_TRUE(by_serial);
  EXPECT_EQ(by_serial->line.product.sku, "PHONE-1");
}

TEST_F(ReturnChecks, OpenReturnsCountAsReturnedAndCancelledOnesFreeTheUnits) {
  ReturnDraft draft{"R-1", "CABLE-1", 2, ReturnReason::changed_mind, ItemCondition::sealed, "", {}};
  auto first = cases->open_return(draft, "kiosk");
  ASSERT_TRUE(first) << first.error().message;
  auto check = service().check("R-1", "CABLE-1", 2, ReturnReason::changed_mind, ItemCondition::sealed, now);
  EXPECT_EQ(check->decision.refusal, Refusal::too_many);
  EXPECT_EQ(check->decision.quantity_returnable, 1);
  auto second = cases->open_return(draft, "kiosk");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, ErrorKind::refused);
  EXPECT_EQ(second.error().message, "Only 1 of this item can still be returned.");

  ASSERT_TRUE(cases->advance(first->code, CaseStatus::cancelled, {"clerk", "Customer changed their mind", true}));
  EXPECT_TRUE(cases->open_return(draft, "kiosk"));
}

TEST_F(ReturnChecks, WholeReceiptCheck) {
  auto lines = service().check_receipt("R-1", ReturnReason::changed_mind, ItemCondition::sealed, now);
  ASSERT_TRUE(lines);
  ASSERT_EQ(lines->size(), 3u);
  EXPECT_TRUE((*lines)[0].decision.accepted());
  EXPECT_EQ((*lines)[1].decision.refund_cents, 4500);  // all three cables
  EXPECT_FALSE((*lines)[2].decision.accepted());
}

}  // namespace
}  // namespace aftersales
