#include "core/domain/warranty.h"

#include <gtest/gtest.h>

#include "core/services/warranty_service.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::at;
using testing::day;

TEST(CoverageRules, TwelveMonthsFromJanuary31EndsTheDayBeforeTheAnniversary) {
  auto period = coverage_period(day(2024, 1, 31), {12, false});
  EXPECT_EQ(period.end, day(2025, 1, 30));
  EXPECT_EQ(coverage_period(day(2024, 1, 31), {1, false}).end, day(2024, 2, 28));  // Feb 29 - 1 day
  EXPECT_EQ(coverage_period(day(2025, 1, 31), {1, false}).end, day(2025, 2, 27));
  EXPECT_TRUE(period.active_on(day(2025, 1, 30)));
  EXPECT_FALSE(period.active_on(day(2025, 1, 31)));
}

TEST(CoverageRules, StatusIsManufacturerThenPlanThenWorkmanshipThenExpired) {
  CoverageFacts facts{day(2024, 1, 15), {12, false}, CoverageTerm{36, false}, day(2027, 6, 1)};
  auto v = evaluate_coverage(facts, day(2024, 6, 1));
  EXPECT_EQ(v.status, CoverageStatus::manufacturer);
  EXPECT_EQ(v.days_left, days_between(day(2024, 6, 1), day(2025, 1, 14)));

  v = evaluate_coverage(facts, day(2026, 1, 1));
  EXPECT_EQ(v.status, CoverageStatus::plan);
  EXPECT_EQ(v.days_left, days_between(day(2026, 1, 1), day(2027, 1, 14)));

  v = evaluate_coverage(facts, day(2027, 3, 1));
  EXPECT_EQ(v.status, CoverageStatus::workmanship);
  EXPECT_EQ(v.days_left, 92);

  v = evaluate_coverage(facts, day(2027, 6, 2));
  EXPECT_EQ(v.status, CoverageStatus::expired);
  EXPECT_FALSE(v.days_left);
}

TEST(CoverageRules, LifetimeNeverEndsAndNoWarrantyMeansExpiredAtOnce) {
  auto lifetime = evaluate_coverage({day(2001, 1, 1), {0, true}, {}, {}}, day(2099, 1, 1));
  EXPECT_EQ(lifetime.status, CoverageStatus::manufacturer);
  EXPECT_TRUE(lifetime.manufacturer.lifetime);
  EXPECT_FALSE(lifetime.days_left);
  auto none = evaluate_coverage({day(2026, 1, 1), {0, false}, {}, {}}, day(2026, 1, 1));
  EXPECT_EQ(none.status, CoverageStatus::expired);
}

class WarrantyLookup : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    add_sale("1001", at("2025-01-31T12:00:00Z"), {{"PHONE-1", "SN-PHONE-1"}, {"TV-1", "SN-TV-1", 1, 50000, "CARE-2Y"}});
  }
  WarrantyService service() { return WarrantyService(*db, config); }
};

TEST_F(WarrantyLookup, FindsTheSaleAndComputesCoverage) {
  auto info = service().by_serial("  sn-phone-1 ", at("2025-06-01T10:00:00Z"));
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->line.product.sku, "PHONE-1");
  EXPECT_EQ(info->line.receipt_number, "1001");
  EXPECT_EQ(info->purchase_date, day(2025, 1, 31));
  EXPECT_EQ(info->verdict.manufacturer.end, day(2026, 1, 30));
  EXPECT_EQ(info->verdict.status, CoverageStatus::manufacturer);
  EXPECT_EQ(info->verdict.days_left, days_between(day(2025, 6, 1), day(2026, 1, 30)));
}

TEST_F(WarrantyLookup, ProtectionPlanCoversAfterTheManufacturer) {
  auto info = service().by_serial("SN-TV-1", at("2026-06-01T10:00:00Z"));
  ASSERT_TRUE(info);
  ASSERT_TRUE(info->line.plan);
  EXPECT_EQ(info->line.plan->sku, "CARE-2Y");
  EXPECT_EQ(info->verdict.plan->end, day(2027, 1, 30));
  EXPECT_EQ(info->verdict.manufacturer.end, day(2027, 1, 30));  // both 24 months here
  auto later = service().by_serial("SN-TV-1", at("2027-02-01T10:00:00Z"));
  EXPECT_EQ(later->verdict.status, CoverageStatus::expired);
}

TEST_F(WarrantyLookup, UsesTheStoreTimeZoneForThePurchaseDay) {
  add_sale("1002", at("2025-03-31T23:30:00Z"), {{"PHONE-1", "SN-LATE"}});
  config.time_zone = *StoreTimeZone::named("Europe/Madrid");
  auto info = service().by_serial("SN-LATE", at("2025-06-01T10:00:00Z"));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->purchase_date, day(2025, 4, 1));
}

TEST_F(WarrantyLookup, UnknownSerialIsNotFoundWithAHelpfulMessage) {
  auto info = service().by_serial("NOPE-123", now);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().kind, ErrorKind::not_found);
  EXPECT_NE(info.error().message.find("NOPE-123"), std::string::npos);
  EXPECT_EQ(service().by_serial("   ", now).error().kind, ErrorKind::invalid_input);
}

TEST_F(WarrantyLookup, TheLatestSaleOfASerialCounts) {
  add_sale("2001", at("2025-09-01T10:00:00Z"), {{"PHONE-1", "SN-PHONE-1"}});  // returned, then sold again
  auto info = service().by_serial("SN-PHONE-1", at("2025-10-01T10:00:00Z"));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->line.receipt_number, "2001");
}

TEST_F(WarrantyLookup, ARepairDoesNotResetTheWarrantyButAddsWorkmanship) {
  now = at("2025-12-15T10:00:00Z");
  auto before = service().by_serial("SN-PHONE-1", now);
  ASSERT_TRUE(before);
  auto opened = cases->open_repair(repair_draft("SN-PHONE-1"), "kiosk");
  ASSERT_TRUE(opened) << opened.error().message;
  for (CaseStatus s :
       {CaseStatus::diagnosing, CaseStatus::repairing, CaseStatus::ready_for_pickup, CaseStatus::completed})
    ASSERT_TRUE(cases->advance(opened->code, s, {"tech", "", true}));

  auto after = service().by_serial("SN-PHONE-1", now);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->verdict.manufacturer.end, before->verdict.manufacturer.end);
  ASSERT_TRUE(after->verdict.workmanship);
  EXPECT_EQ(after->verdict.workmanship->end, add_days(day(2025, 12, 15), config.warranty.workmanship_days));
  // After the manufacturer's year, the repair's own warranty still covers it.
  auto next_year = service().by_serial("SN-PHONE-1", at("2026-02-15T10:00:00Z"));
  EXPECT_EQ(next_year->verdict.status, CoverageStatus::workmanship);
}

TEST_F(WarrantyLookup, AReplacementCarriesTheRemainingCoverage) {
  now = at("2025-06-01T10:00:00Z");
  auto opened = cases->open_repair(repair_draft("SN-PHONE-1"), "kiosk");
  ASSERT_TRUE(opened);
  ASSERT_TRUE(cases->record_replacement(opened->code, "sn-new-9", "tech"));

  auto info = service().by_serial("SN-NEW-9", now);
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->serial, "SN-NEW-9");
  EXPECT_EQ(info->original_serial, "SN-PHONE-1");
  EXPECT_EQ(info->purchase_date, day(2025, 1, 31));
  EXPECT_EQ(info->verdict.manufacturer.end, day(2026, 1, 30));
  EXPECT_EQ(info->replacement_chain, (std::vector<std::string>{"SN-PHONE-1", "SN-NEW-9"}));

  // A second replacement chains on.
  auto second = cases->open_repair(repair_draft("SN-NEW-9"), "kiosk");
  ASSERT_TRUE(second);
  ASSERT_TRUE(cases->record_replacement(second->code, "SN-NEWER", "tech"));
  auto chained = service().by_serial("SN-NEWER", now);
  ASSERT_TRUE(chained);
  EXPECT_EQ(chained->purchase_date, day(2025, 1, 31));
  EXPECT_EQ(chained->replacement_chain.size(), 3u);

  // A serial can't be used twice, nor replace itself.
  auto again = cases->record_replacement(opened->code, "SN-NEW-9", "tech");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  auto itself = cases->record_replacement(second->code, "SN-NEW-9", "tech");
  ASSERT_FALSE(itself);
  EXPECT_EQ(itself.error().kind, ErrorKind::invalid_input);
}

TEST_F(WarrantyLookup, ByReceiptLine) {
  auto info = service().by_receipt_line("1001", 2, at("2025-06-01T10:00:00Z"));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->line.product.sku, "TV-1");
  EXPECT_EQ(service().by_receipt_line("1001", 9, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(service().by_receipt_line("nope", 1, now).error().kind, ErrorKind::not_found);
}

}  // namespace
}  // namespace aftersales
