// Vendor claims (ClaimsService, core/domain/vendor_claim.h): which repairs can be claimed, claim
// totals, shipping, partial credits, the aged list, and bad input; on both backends. Several
// counters batching the same repairs at once are in storage_backends_test.cpp.
#include <gtest/gtest.h>

#include <sstream>

#include "core/services/claims_service.h"
#include "core/storage/csv_import.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::day;

class Claims : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    db->prepare(
          "INSERT INTO products (sku, name, brand, category, warranty_months) "
          "VALUES ('TAB-Z', 'Tab Z', 'Zeta', 'tablets', 12)")
        .run();
    claims.emplace(*db, config, [this] { return now; });
  }
  // A repair of an item sold a month ago (the manufacturer's warranty), on the bench.
  Case bench_repair(const std::string& sku = "PHONE-1") {
    std::string serial = "SN-C" + std::to_string(++repairs_);
    add_sale("C-" + serial, now - std::chrono::days{30}, {{sku, serial}});
    auto opened = cases->open_repair(repair_draft(serial), "kiosk");
    EXPECT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(opened->warranty, CoverageStatus::manufacturer);
    EXPECT_TRUE(cases->advance(opened->code, CaseStatus::diagnosing, {"tech", "", false}));
    return *cases->find_by_code(opened->code);
  }
  // Estimated at `part` + `labour` cents, repaired and picked up.
  Case completed_repair(std::int64_t part, std::int64_t labour, const std::string& sku = "PHONE-1") {
    Case c = bench_repair(sku);
    EXPECT_TRUE(
        cases->record_estimate(c.code, {{"part", "Screen", 1, part}, {"labour", "Fitting", 1, labour}}, "tech"));
    EXPECT_TRUE(cases->decide_estimate(c.code, true, "clerk"));
    finish(c);
    return *cases->find_by_code(c.code);
  }
  void finish(const Case& c) {
    auto ready = cases->advance(c.code, CaseStatus::ready_for_pickup, {"tech", "", true});
    EXPECT_TRUE(ready) << ready.error().message;
    auto done = cases->advance(c.code, CaseStatus::completed, {"clerk", "", false});
    EXPECT_TRUE(done) << done.error().message;
  }
  std::vector<std::string> codes_of(const std::vector<ClaimCandidate>& found) {
    std::vector<std::string> codes;
    for (const auto& c : found) codes.push_back(c.line.case_code);
    return codes;
  }
  // A claim for the repair `c`, opened and shipped on the day `on`.
  VendorClaim shipped_claim(const Case& c, const std::string& rma, Date on) {
    Instant today = now;
    now = config.time_zone.start_of(on);
    auto opened = claims->open_claim("Acme", {c.code}, "clerk");
    EXPECT_TRUE(opened) << opened.error().message;
    auto shipped = claims->ship(opened->id, rma, on);
    now = today;
    EXPECT_TRUE(shipped) << shipped.error().message;
    return shipped.value_or(VendorClaim{});
  }
  std::optional<ClaimsService> claims;
  int repairs_ = 0;
};

TEST_F(Claims, OnlyCompletedRepairsUnderTheManufacturersWarrantyAreClaimable) {
  Case done = completed_repair(8900, 3000);
  Case on_bench = bench_repair();
  add_sale("C-OLD", now - std::chrono::days{3 * 365}, {{"PHONE-1", "SN-OLD"}});
  auto draft = repair_draft("SN-OLD");
  draft.accepts_diagnostic_fee = true;
  auto old = cases->open_repair(draft, "kiosk");
  ASSERT_TRUE(old) << old.error().message;
  ASSERT_TRUE(cases->advance(old->code, CaseStatus::diagnosing, {"tech", "", false}));
  finish(*old);
  Case zeta = completed_repair(5000, 1000, "TAB-Z");

  auto all = claims->claimable();
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(codes_of(*all), (std::vector<std::string>{done.code, zeta.code}))
      << "not the repair on the bench, not the one out of warranty";
  auto acme = claims->claimable("acme");
  ASSERT_TRUE(acme) << acme.error().message;
  ASSERT_EQ(codes_of(*acme), std::vector<std::string>{done.code}) << "a vendor's, in any case of its name";
  EXPECT_EQ(acme->front().vendor, "Acme");
  EXPECT_EQ(acme->front().line.claimed_cents, 11900) << "its estimate, parts and labour";
  EXPECT_EQ(acme->front().line.what, ClaimWhat::repaired);
  (void)on_bench;
}

TEST_F(Claims, AVendorConfiguredForABrandTakesItsRepairs) {
  config.claims.vendor_of_brand["zeta"] = "Nordic Parts";
  Case zeta = completed_repair(5000, 1000, "TAB-Z");
  auto found = claims->claimable("nordic parts");
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(codes_of(*found), std::vector<std::string>{zeta.code});
  EXPECT_EQ(found->front().vendor, "Nordic Parts");
  EXPECT_EQ(claims->claimable("Zeta").error().message,
            "Zeta repairs are claimed from Nordic Parts ([claims.vendors] in the config).");
  auto opened = claims->open_claim("Nordic Parts", {}, "clerk");
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->vendor, "Nordic Parts");
  EXPECT_EQ(opened->claimed_cents(), 6000);
}

TEST_F(Claims, AClaimTotalsItsRepairsAndTakesThemOffTheClaimableList) {
  Case a = completed_repair(8900, 3000);
  Case b = completed_repair(4000, 1500);
  Case zeta = completed_repair(5000, 1000, "TAB-Z");
  auto opened = claims->open_claim("ACME", {}, "clerk");
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->vendor, "Acme") << "as the catalog spells it";
  ASSERT_EQ(opened->lines.size(), 2u);
  EXPECT_EQ(opened->lines[0].case_code, a.code);
  EXPECT_EQ(opened->lines[1].case_code, b.code);
  EXPECT_EQ(opened->claimed_cents(), 11900 + 5500);
  EXPECT_EQ(opened->owed_cents(), 17400);
  EXPECT_EQ(opened->status(), ClaimStatus::open);
  EXPECT_EQ(codes_of(*claims->claimable()), std::vector<std::string>{zeta.code});
  auto of_case = claims->claim_of_case(a.id);
  ASSERT_TRUE(of_case && *of_case);
  EXPECT_EQ((*of_case)->claim_id, opened->id);
}

TEST_F(Claims, ARepairThatUsedPartsClaimsThemAtCostWithTheLabour) {
  std::istringstream csv("sku,name,cost_cents,price_cents,stock\nSCR-1,Screen assembly,4200,9400,5\n");
  ASSERT_TRUE(import_csv(*db, ImportKind::parts, csv, config.time_zone));
  Case c = bench_repair();
  ASSERT_TRUE(cases->record_estimate(c.code, {{"part", "Screen", 1, 9400}, {"labour", "Fitting", 1, 3000}}, "tech"));
  ASSERT_TRUE(cases->decide_estimate(c.code, true, "clerk"));
  auto used = cases->use_part(c.code, "SCR-1", 2, "tech");
  ASSERT_TRUE(used) << used.error().message;
  finish(c);
  auto found = claims->claimable("Acme");
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().line.claimed_cents, 2 * 4200 + 3000);
}

TEST_F(Claims, ASwappedUnitIsClaimedAsReplacedWithBothSerials) {
  Case c = bench_repair();
  ASSERT_TRUE(cases->advance(c.code, CaseStatus::repairing, {"tech", "", false}));
  ASSERT_TRUE(cases->record_replacement(c.code, "SN-NEW-1", "tech"));
  finish(c);
  auto opened = claims->open_claim("Acme", {c.code}, "clerk");
  ASSERT_TRUE(opened) << opened.error().message;
  ASSERT_EQ(opened->lines.size(), 1u);
  EXPECT_EQ(opened->lines[0].what, ClaimWhat::replaced);
  EXPECT_EQ(opened->lines[0].old_serial, *c.serial);
  EXPECT_EQ(opened->lines[0].new_serial, "SN-NEW-1");
}

TEST_F(Claims, ACaseIsClaimedOnce) {
  Case a = completed_repair(8900, 3000);
  Case b = completed_repair(4000, 1500);
  auto first = claims->open_claim("Acme", {a.code}, "clerk");
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(claims->ship(first->id, "RMA-1", day(2026, 3, 1)));
  auto again = claims->open_claim("Acme", {b.code, a.code}, "clerk");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message, "Case " + a.code + " is already on claim " + std::to_string(first->id) +
                                       " (RMA RMA-1); a case is claimed once.");
  EXPECT_EQ(count("SELECT count(*) FROM vendor_claims"), 1) << "nothing saved";
  EXPECT_EQ(count("SELECT count(*) FROM claim_lines"), 1);
  auto rest = claims->open_claim("Acme", {}, "clerk");
  ASSERT_TRUE(rest) << rest.error().message;
  ASSERT_EQ(rest->lines.size(), 1u);
  EXPECT_EQ(rest->lines[0].case_code, b.code);
  auto none = claims->open_claim("Acme", {}, "clerk");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message,
            "There are no repairs to claim from Acme: none completed under the manufacturer's warranty that is not on "
            "a claim already.");
}

TEST_F(Claims, BadInputIsRefusedClearlyAndSavesNothing) {
  Case done = completed_repair(8900, 3000);
  Case zeta = completed_repair(5000, 1000, "TAB-Z");
  Case on_bench = bench_repair();
  auto unknown = claims->open_claim("Nokla", {}, "clerk");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "No product in the catalog is made by \"Nokla\".");
  EXPECT_FALSE(claims->claimable("Nokla"));
  EXPECT_EQ(claims->open_claim(" ", {}, "clerk").error().message,
            "Please name the vendor to claim from (a product's brand).");
  EXPECT_EQ(claims->open_claim("Acme", {zeta.code}, "clerk").error().message,
            "Case " + zeta.code + " is not a Acme product.");
  EXPECT_EQ(
      claims->open_claim("Acme", {on_bench.code}, "clerk").error().message,
      "Case " + on_bench.code + " cannot be claimed: only a completed repair under the manufacturer's warranty can.");
  EXPECT_FALSE(claims->open_claim("Acme", {"not a code"}, "clerk"));
  EXPECT_EQ(count("SELECT count(*) FROM vendor_claims"), 0) << "nothing saved";

  auto opened = claims->open_claim("Acme", {done.code}, "clerk");
  ASSERT_TRUE(opened);
  EXPECT_EQ(claims->ship(opened->id, "", std::nullopt).error().message, "Please type the vendor's RMA number.");
  EXPECT_EQ(claims->ship(opened->id, "RMA 12; drop", std::nullopt).error().message,
            "\"RMA 12; drop\" is not an RMA number: use the vendor's letters and digits (- / . _ allowed), up to 40 "
            "characters.");
  EXPECT_EQ(claims->ship(opened->id, "RMA-1", day(2026, 3, 2)).error().message,
            "2026-03-02 is in the future; please give the day it happened.");
  EXPECT_EQ(claims->ship(999, "RMA-1").error().message,
            "There is no claim 999; `aftersales claims list` shows the claims.");
  EXPECT_EQ(
      claims->credit(opened->id, 1000).error().message,
      "Claim " + std::to_string(opened->id) + " has not been shipped yet; record its RMA number and shipping first.");
  EXPECT_EQ(count("SELECT count(*) FROM vendor_claims WHERE shipped_on IS NOT NULL OR credit_cents > 0"), 0);
  ASSERT_TRUE(claims->ship(opened->id, "  RMA-1 ", day(2026, 3, 1)));
  EXPECT_EQ(claims->claim(opened->id)->rma, "RMA-1") << "trimmed";
  EXPECT_EQ(claims->ship(opened->id, "RMA-2").error().message,
            "Claim " + std::to_string(opened->id) + " was already shipped on 2026-03-01 (RMA RMA-1).");
  EXPECT_EQ(claims->credit(opened->id, -500).error().message, "Please type a credit of more than 0.00.");
  EXPECT_EQ(claims->credit(opened->id, 0).error().message, "Please type a credit of more than 0.00.");
  EXPECT_EQ(claims->claim(opened->id)->credit_cents, 0) << "nothing saved";
  EXPECT_EQ(claims->claim(opened->id)->rma, "RMA-1");
}

TEST_F(Claims, PartialCreditsAddUpAndMoreThanClaimedIsRefusedUnlessForced) {
  Case c = completed_repair(8900, 3000);
  VendorClaim claim = shipped_claim(c, "RMA-7", day(2026, 2, 20));
  auto part = claims->credit(claim.id, 5000, day(2026, 2, 25));
  ASSERT_TRUE(part) << part.error().message;
  EXPECT_EQ(part->credit_cents, 5000);
  EXPECT_EQ(part->owed_cents(), 6900);
  EXPECT_EQ(part->status(), ClaimStatus::shipped);
  auto too_much = claims->credit(claim.id, 7000);
  ASSERT_FALSE(too_much);
  EXPECT_EQ(too_much.error().message, "Only 69.00 is still owed on claim " + std::to_string(claim.id) +
                                          "; a larger credit needs --force and a note saying why.");
  EXPECT_EQ(claims->credit(claim.id, 7000, std::nullopt, true, "").error().message,
            "A credit beyond what was claimed needs a note saying why.");
  EXPECT_EQ(claims->claim(claim.id)->credit_cents, 5000) << "nothing saved";
  EXPECT_EQ(claims->credit(claim.id, 100, day(2026, 2, 19)).error().message,
            "Claim " + std::to_string(claim.id) + " was shipped on 2026-02-20; its credit cannot have come before.");
  auto rest = claims->credit(claim.id, 6900, day(2026, 2, 28));
  ASSERT_TRUE(rest) << rest.error().message;
  EXPECT_EQ(rest->credit_cents, 11900);
  EXPECT_EQ(rest->owed_cents(), 0);
  EXPECT_EQ(rest->status(), ClaimStatus::credited);
  EXPECT_EQ(rest->credited_on, day(2026, 2, 28));
  auto extra = claims->credit(claim.id, 500, std::nullopt, true, "Vendor paid a handling fee");
  ASSERT_TRUE(extra) << extra.error().message;
  EXPECT_EQ(extra->credit_cents, 12400);
  EXPECT_EQ(extra->note, "Vendor paid a handling fee");
}

TEST_F(Claims, TheAgedListShowsCreditStillOwedOldestFirstWithTotalsPerVendor) {
  VendorClaim newer = shipped_claim(completed_repair(8900, 3000), "RMA-NEW", day(2026, 2, 20));
  VendorClaim older = shipped_claim(completed_repair(4000, 1000), "RMA-OLD", day(2026, 1, 10));
  VendorClaim paid = shipped_claim(completed_repair(2000, 0), "RMA-PAID", day(2026, 1, 1));
  ASSERT_TRUE(claims->credit(paid.id, 2000, day(2026, 1, 20)));
  ASSERT_TRUE(claims->credit(older.id, 1500, day(2026, 2, 1)));
  std::string zeta_repair = completed_repair(3000, 500, "TAB-Z").code;
  Instant today = now;
  now = config.time_zone.start_of(day(2026, 2, 1));
  auto zeta = claims->open_claim("Zeta", {zeta_repair}, "clerk");
  ASSERT_TRUE(zeta);
  ASSERT_TRUE(claims->ship(zeta->id, "Z-1", day(2026, 2, 1)));
  now = today;
  auto unshipped = claims->open_claim("Acme", {completed_repair(1000, 0).code}, "clerk");
  ASSERT_TRUE(unshipped);

  auto aged = claims->aged();
  ASSERT_TRUE(aged) << aged.error().message;
  ASSERT_EQ(aged->claims.size(), 3u) << "not the one fully credited, not the one not shipped";
  EXPECT_EQ(aged->claims[0].claim.id, older.id);
  EXPECT_EQ(aged->claims[0].days_outstanding, 50);  // 2026-01-10 to 2026-03-01
  EXPECT_EQ(aged->claims[0].claim.owed_cents(), 3500);
  EXPECT_EQ(aged->claims[1].claim.id, zeta->id);
  EXPECT_EQ(aged->claims[1].days_outstanding, 28);
  EXPECT_EQ(aged->claims[2].claim.id, newer.id);
  EXPECT_EQ(aged->claims[2].days_outstanding, 9);
  EXPECT_EQ(aged->claims[2].claim.owed_cents(), 11900);
  ASSERT_EQ(aged->by_vendor.size(), 2u);
  EXPECT_EQ(aged->by_vendor[0].vendor, "Acme");
  EXPECT_EQ(aged->by_vendor[0].owed_cents, 3500 + 11900);
  EXPECT_EQ(aged->by_vendor[0].claims, 2);
  EXPECT_EQ(aged->by_vendor[1].vendor, "Zeta");
  EXPECT_EQ(aged->by_vendor[1].owed_cents, 3500);
  EXPECT_EQ(aged->owed_cents, 3500 + 11900 + 3500);
}

}  // namespace
}  // namespace aftersales
