// Headquarters' dashboard as data (store_table.h): the stores side by side in words, the chain's
// total, sorting by a column, and what comes back most with the stores it comes back to.
#include "store_table.h"

#include <gtest/gtest.h>

#include "support/test_store.h"

namespace aftersales::backoffice {
namespace {

StoreFigures figures(std::string id, int opened, int open, int overdue, Turnaround repairs,
                     std::optional<double> rating, int ratings) {
  StoreFigures f;
  f.store_id = std::move(id);
  f.opened = opened;
  f.open_cases = open;
  f.overdue_cases = overdue;
  f.turnaround = {repairs, {CaseKind::return_item, 0, 0, 0}};
  f.average_rating = rating;
  f.ratings = ratings;
  return f;
}

StatsByStore chain() {
  StatsByStore s;
  s.stores = {figures("BCN01", 3, 3, 0, {CaseKind::repair, 0, 0, 0}, std::nullopt, 0),
              figures("MAD01", 12, 5, 2, {CaseKind::repair, 14, 2.5, 12}, 4.25, 8),
              figures("VLC01", 7, 1, 0, {CaseKind::repair, 4, 6.0, 2}, 3.0, 2)};
  s.total = figures("", 22, 9, 2, {CaseKind::repair, 18, 3.0, 14}, 4.0, 10);
  s.repaired_products = {
      {"Acme Model PHONE-1", 9, {{"MAD01", 4}, {"VLC01", 2}, {"BCN01", 1}, {"ZAR01", 1}, {"SEV01", 1}}},
      {"Acme Model TV-1", 1, {{"MAD01", 1}}}};
  s.repair_problems = {{"Battery or charging", 3, {{"MAD01", 2}, {"BCN01", 1}}}};
  return s;
}

TEST(StoreTable, EachStoreInWordsWithTheChainTotal) {
  StoreTable t = store_table(chain());
  ASSERT_EQ(t.stores.size(), 3u);
  const StoreRow& mad = t.stores[1];
  EXPECT_EQ(mad.store, "MAD01");
  EXPECT_EQ(mad.volume, "12");
  EXPECT_EQ(mad.backlog, "5 open, 2 overdue");
  EXPECT_TRUE(mad.overdue);
  EXPECT_EQ(mad.turnaround, "2.5 days");
  EXPECT_EQ(mad.promises, "86% (12 of 14)");
  EXPECT_EQ(mad.promise_tone, TurnaroundBar::Tone::fair);
  EXPECT_EQ(mad.rating, "4.2 (8 ratings)");

  const StoreRow& bcn = t.stores[0];
  EXPECT_EQ(bcn.backlog, "3 open");
  EXPECT_EQ(bcn.turnaround, "-") << "none closed";
  EXPECT_EQ(bcn.promises, "-");
  EXPECT_FALSE(bcn.has_promises);
  EXPECT_EQ(bcn.rating, "-");
  EXPECT_EQ(t.stores[2].promise_tone, TurnaroundBar::Tone::poor);

  EXPECT_EQ(t.total.store, "Chain total");
  EXPECT_EQ(t.total.volume, "22");
  EXPECT_EQ(t.total.promises, "78% (14 of 18)");
}

TEST(StoreTable, ARowWithoutAStoreIdIsThisStore) {
  StatsByStore s;
  s.stores = {figures("", 1, 1, 0, {CaseKind::repair, 0, 0, 0}, std::nullopt, 0)};
  s.total = s.stores[0];
  EXPECT_EQ(store_table(s).stores[0].store, "This store");
}

TEST(StoreTable, SortsByAColumnWithStoresWithoutFiguresLast) {
  StoreTable t = store_table(chain());
  sort_rows(t.stores, StoreColumn::volume, false);
  EXPECT_EQ(t.stores[0].store, "MAD01");
  EXPECT_EQ(t.stores[2].store, "BCN01");
  sort_rows(t.stores, StoreColumn::rating, false);
  EXPECT_EQ(t.stores[0].store, "MAD01");
  EXPECT_EQ(t.stores[2].store, "BCN01") << "no ratings: below any rating";
  sort_rows(t.stores, StoreColumn::turnaround, true);
  EXPECT_EQ(t.stores[0].store, "MAD01");
  EXPECT_EQ(t.stores[1].store, "VLC01");
  EXPECT_EQ(t.stores[2].store, "BCN01") << "none closed: last, shortest first or not";
  sort_rows(t.stores, StoreColumn::store, true);
  EXPECT_EQ(t.stores[0].store, "BCN01");
  EXPECT_EQ(t.stores[2].store, "VLC01");
}

TEST(StoreTable, WhatComesBackMostNamesTheStoresItComesBackToMost) {
  auto lists = chain_repeats(chain());
  ASSERT_EQ(lists.size(), 4u);
  EXPECT_EQ(lists[0].heading, "Products repaired most");
  ASSERT_EQ(lists[0].rows.size(), 2u);
  EXPECT_EQ(lists[0].rows[0].label, "Acme Model PHONE-1");
  EXPECT_EQ(lists[0].rows[0].cases, 9);
  EXPECT_EQ(lists[0].rows[0].stores, "MAD01 4 · VLC01 2 · BCN01 1 · 2 more stores");
  EXPECT_EQ(lists[0].rows[1].stores, "MAD01 1");
  EXPECT_TRUE(lists[1].rows.empty());
  EXPECT_EQ(lists[1].empty_text, "No returns in this period.");
  EXPECT_EQ(lists[2].rows[0].stores, "MAD01 2 · BCN01 1");
}

class DashboardAt : public aftersales::testing::TestStore {};

TEST_F(DashboardAt, AStoreKeepsItsDashboardAndHeadquartersSetsTheStoresSideBySide) {
  add_sale("S-1", now, {{"PHONE-1", "SN-1"}});
  ASSERT_TRUE(cases->open_repair(repair_draft("SN-1"), "kiosk"));
  auto store = dashboard_figures(*db, config, now);
  ASSERT_TRUE(store) << store.error().message;
  ASSERT_TRUE(store->service);
  EXPECT_EQ(store->service->open_cases, 1);
  EXPECT_FALSE(store->chain);

  db->exec("UPDATE cases SET store_id = 'MAD01'");
  db->exec("INSERT INTO settings (key, value) VALUES ('chain.role', 'headquarters')");
  auto hq = dashboard_figures(*db, config, now);
  ASSERT_TRUE(hq) << hq.error().message;
  EXPECT_FALSE(hq->service);
  ASSERT_TRUE(hq->chain);
  ASSERT_EQ(hq->chain->stores.size(), 1u);
  EXPECT_EQ(hq->chain->stores[0].store_id, "MAD01");
}

}  // namespace
}  // namespace aftersales::backoffice
