// Headquarters' figures store by store (compute_stats_by_store): three stores with a known history,
// on SQLite and on PostgreSQL (where headquarters also lists a registered store with no cases yet).
#include "core/services/stats_by_store.h"

#include <gtest/gtest.h>

#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::at;

class ByStore : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    add_sale("5001", at("2026-01-10T10:00:00Z"),
             {{"PHONE-1", "SN-A"}, {"PHONE-1", "SN-B"}, {"PHONE-1", "SN-C"}, {"PHONE-1", "SN-D"}, {"PHONE-1", "SN-E"}});
    add_sale("5003", at("2026-02-25T10:00:00Z"), {{"TV-1", "SN-TV", 1, 80000}, {"CABLE-1", "", 2, 1000}});
  }

  Case repair(const std::string& serial, const std::string& category) {
    auto draft = repair_draft(serial);
    draft.problem_category = category;
    auto opened = cases->open_repair(draft, "kiosk");
    EXPECT_TRUE(opened) << opened.error().message;
    return *opened;
  }

  void complete(const Case& c) {
    for (CaseStatus s :
         {CaseStatus::diagnosing, CaseStatus::repairing, CaseStatus::ready_for_pickup, CaseStatus::completed})
      ASSERT_TRUE(cases->advance(c.code, s, {"tech", "", true})) << to_string(s);
  }

  // The store's rows as they reach headquarters: each case and its rating carry the store's id.
  void belongs_to(const Case& c, const std::string& store) {
    db->prepare("UPDATE cases SET store_id = ?1 WHERE code = ?2").bind_all(store, c.code).run();
    db->prepare("UPDATE feedback SET store_id = ?1 WHERE case_id = ?2").bind_all(store, c.id).run();
  }

  // MAD01: two battery repairs done in 1 and 3 days (rated 5 and 3), a screen repair still open.
  // BCN01: a charging repair and a TV screen repair open, a faulty cable to take back.
  // VLC01: a phone that did not turn on, done 2 days late (rated 2).
  void three_stores() {
    Instant opened = now;
    Case a = repair("SN-A", "battery"), b = repair("SN-B", "Battery or charging"), c = repair("SN-C", "screen");
    Case d = repair("SN-D", "charging"), tv = repair("SN-TV", "screen"), e = repair("SN-E", "power");
    auto ret =
        cases->open_return({"5003", "CABLE-1", 1, ReturnReason::defective, ItemCondition::opened, "", {}}, "kiosk");
    ASSERT_TRUE(ret) << ret.error().message;
    now = opened + std::chrono::days{1};
    complete(a);
    now = opened + std::chrono::days{3};
    complete(b);
    now = opened + std::chrono::days{config.turnaround.repair_in_warranty_days + 2};
    complete(e);
    ASSERT_TRUE(cases->record_feedback(a.token, 5, ""));
    ASSERT_TRUE(cases->record_feedback(b.token, 3, ""));
    ASSERT_TRUE(cases->record_feedback(e.token, 2, ""));
    for (const Case& x : {a, b, c}) belongs_to(x, "MAD01");
    for (const Case& x : {d, tv, *ret}) belongs_to(x, "BCN01");
    belongs_to(e, "VLC01");
  }

  StatsByStore stats() {
    auto computed = compute_stats_by_store(*db, config, now);
    EXPECT_TRUE(computed) << computed.error().message;
    return computed.value_or(StatsByStore{});
  }

  static const StoreFigures& store(const StatsByStore& s, const std::string& id) {
    for (const StoreFigures& f : s.stores)
      if (f.store_id == id) return f;
    ADD_FAILURE() << "no store " << id;
    return s.total;
  }
};

TEST_F(ByStore, EachStoresVolumeBacklogTurnaroundPromisesAndRating) {
  ASSERT_NO_FATAL_FAILURE(three_stores());
  StatsByStore s = stats();
  ASSERT_EQ(s.stores.size(), 3u);
  EXPECT_EQ(s.stores[0].store_id, "BCN01") << "by store id";

  const StoreFigures& mad = store(s, "MAD01");
  EXPECT_EQ(mad.opened, 3);
  EXPECT_EQ(mad.open_cases, 1);
  EXPECT_EQ(mad.overdue_cases, 1);
  EXPECT_EQ(mad.repairs().closed, 2);
  EXPECT_DOUBLE_EQ(mad.repairs().median_days, 2.0);
  EXPECT_EQ(mad.within_promise(), 2);
  EXPECT_DOUBLE_EQ(mad.share_within_promise(), 1.0);
  ASSERT_TRUE(mad.average_rating);
  EXPECT_DOUBLE_EQ(*mad.average_rating, 4.0);
  EXPECT_EQ(mad.ratings, 2);

  const StoreFigures& bcn = store(s, "BCN01");
  EXPECT_EQ(bcn.opened, 3);
  EXPECT_EQ(bcn.open_cases, 3);
  EXPECT_EQ(bcn.closed(), 0);
  EXPECT_FALSE(bcn.average_rating);

  const StoreFigures& vlc = store(s, "VLC01");
  EXPECT_EQ(vlc.opened, 1);
  EXPECT_EQ(vlc.open_cases, 0);
  EXPECT_EQ(vlc.closed(), 1);
  EXPECT_EQ(vlc.within_promise(), 0) << "closed two days after the promise";
  EXPECT_DOUBLE_EQ(vlc.repairs().median_days, config.turnaround.repair_in_warranty_days + 2.0);
  EXPECT_DOUBLE_EQ(vlc.average_rating.value_or(0), 2.0);
}

TEST_F(ByStore, TheChainTotalIsOverEveryCaseAndMatchesTheDashboardOfTheWholeDatabase) {
  ASSERT_NO_FATAL_FAILURE(three_stores());
  StatsByStore s = stats();
  EXPECT_EQ(s.total.opened, 7);
  EXPECT_EQ(s.total.open_cases, 4);
  EXPECT_EQ(s.total.repairs().closed, 3);
  EXPECT_DOUBLE_EQ(s.total.repairs().median_days, 3.0) << "the median of all closings, not of the stores' medians";
  EXPECT_EQ(s.total.within_promise(), 2);
  EXPECT_NEAR(*s.total.average_rating, 10.0 / 3, 1e-9) << "every rating counts once, not each store's average";

  auto whole = compute_service_stats(*db, config, now);
  ASSERT_TRUE(whole) << whole.error().message;
  int opened = 0;
  for (const DayCount& d : whole->opened_per_day) opened += d.cases;
  EXPECT_EQ(s.total.opened, opened);
  EXPECT_EQ(s.total.open_cases, whole->open_cases);
  EXPECT_EQ(s.total.overdue_cases, whole->overdue_cases);
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(s.total.turnaround[k].closed, whole->turnaround[k].closed);
    EXPECT_DOUBLE_EQ(s.total.turnaround[k].median_days, whole->turnaround[k].median_days);
    EXPECT_EQ(s.total.turnaround[k].within_promise, whole->turnaround[k].within_promise);
  }
  EXPECT_EQ(s.total.ratings, whole->ratings);
  EXPECT_NEAR(*s.total.average_rating, *whole->average_rating, 1e-9);
}

TEST_F(ByStore, WhatComesBackMostAcrossTheChainWithEachStoresShare) {
  ASSERT_NO_FATAL_FAILURE(three_stores());
  StatsByStore s = stats();
  ASSERT_EQ(s.repaired_products.size(), 2u);
  EXPECT_EQ(s.repaired_products[0].label, "Acme Model PHONE-1");
  EXPECT_EQ(s.repaired_products[0].cases, 5);
  ASSERT_EQ(s.repaired_products[0].stores.size(), 3u);
  EXPECT_EQ(s.repaired_products[0].stores[0].store_id, "MAD01") << "the store with the most first";
  EXPECT_EQ(s.repaired_products[0].stores[0].cases, 3);
  EXPECT_EQ(s.repaired_products[1].label, "Acme Model TV-1");
  ASSERT_EQ(s.returned_products.size(), 1u);
  EXPECT_EQ(s.returned_products[0].label, "Acme Model CABLE-1");
  EXPECT_EQ(s.returned_products[0].stores[0].store_id, "BCN01");

  ASSERT_EQ(s.repair_problems.size(), 3u);
  EXPECT_EQ(s.repair_problems[0].label, "Battery or charging") << "three spellings, one problem";
  EXPECT_EQ(s.repair_problems[0].cases, 3);
  ASSERT_EQ(s.repair_problems[0].stores.size(), 2u);
  EXPECT_EQ(s.repair_problems[0].stores[0].store_id, "MAD01");
  EXPECT_EQ(s.repair_problems[0].stores[0].cases, 2);
  EXPECT_EQ(s.repair_problems[0].stores[1].store_id, "BCN01");
  EXPECT_EQ(s.repair_problems[1].label, "Screen");
  EXPECT_EQ(s.repair_problems[1].cases, 2);
  EXPECT_EQ(s.repair_problems[2].label, "Does not turn on");
  ASSERT_EQ(s.return_reasons.size(), 1u);
  EXPECT_EQ(s.return_reasons[0].label, "Faulty");
  EXPECT_EQ(s.return_reasons[0].stores[0].store_id, "BCN01");

  auto two = compute_stats_by_store(*db, config, now, 30, 2);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->repair_problems.size(), 2u) << "only the top ones";
}

// A repair transferred from MAD01 to BCN01 is one case for the chain: the case BCN01 received
// (transferred_from set) is not opened a second time, nor a second repair of its product.
TEST_F(ByStore, ACaseReceivedByTransferCountsOnceWhereItWasOpened) {
  ASSERT_NO_FATAL_FAILURE(three_stores());
  Case received = repair("SN-A", "battery");
  belongs_to(received, "BCN01");
  db->prepare("UPDATE cases SET transferred_from = 'R7K-4PQ-92X' WHERE code = ?1").bind_all(received.code).run();
  StatsByStore s = stats();
  EXPECT_EQ(s.total.opened, 7);
  EXPECT_EQ(store(s, "BCN01").opened, 3);
  EXPECT_EQ(s.total.open_cases, 5) << "it is BCN01's work now";
  ASSERT_FALSE(s.repaired_products.empty());
  EXPECT_EQ(s.repaired_products[0].cases, 5);
  ASSERT_FALSE(s.repair_problems.empty());
  EXPECT_EQ(s.repair_problems[0].cases, 3);
}

TEST_F(ByStore, ASingleStoreIsOneRowWithoutAnId) {
  repair("SN-A", "battery");
  StatsByStore s = stats();
  ASSERT_EQ(s.stores.size(), 1u);
  EXPECT_EQ(s.stores[0].store_id, "");
  EXPECT_EQ(s.stores[0].opened, 1);
  EXPECT_EQ(s.stores[0].turnaround.size(), 2u) << "repairs and returns, even with none closed";
}

TEST_F(ByStore, HeadquartersListsARegisteredStoreThatHasNoCasesYet) {
  if (!testing::testing_on_postgres()) GTEST_SKIP() << "a chain runs on PostgreSQL (tests/support/with_postgres.sh)";
  ASSERT_NO_FATAL_FAILURE(three_stores());
  int number = 0;
  for (const char* id : {"MAD01", "BCN01", "VLC01", "ZAR01"})
    db->prepare("INSERT INTO chain_stores (store_id, number, added_at) VALUES (?1, ?2, '2026-01-01T00:00:00Z')")
        .bind_all(std::string_view(id), ++number)
        .run();
  db->exec("INSERT INTO settings (key, value) VALUES ('chain.role', 'headquarters')");
  // At headquarters a store's rows arrive by replication only: the test's connection applies one as
  // the replication worker does.
  db->exec("SET session_replication_role = replica");
  db->exec("UPDATE cases SET store_id = 'ZAR01' WHERE store_id = 'VLC01'");
  db->exec("UPDATE feedback SET store_id = 'ZAR01' WHERE store_id = 'VLC01'");
  db->exec("SET session_replication_role = origin");

  StatsByStore s = stats();
  ASSERT_EQ(s.stores.size(), 4u);
  const StoreFigures& vlc = store(s, "VLC01");
  EXPECT_EQ(vlc.opened, 0);
  EXPECT_EQ(vlc.closed(), 0);
  EXPECT_FALSE(vlc.average_rating);
  EXPECT_EQ(store(s, "ZAR01").opened, 1);
  EXPECT_DOUBLE_EQ(store(s, "ZAR01").average_rating.value_or(0), 2.0);
  EXPECT_EQ(store(s, "MAD01").opened, 3);
  EXPECT_EQ(store(s, "MAD01").store_name, "");

  db->exec("UPDATE chain_stores SET name = 'Madrid Centro' WHERE store_id = 'MAD01'");
  EXPECT_EQ(store(stats(), "MAD01").store_name, "Madrid Centro") << "the name headquarters gave it";
}

}  // namespace
}  // namespace aftersales
