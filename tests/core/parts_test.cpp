// Parts on repairs: the parts list imported by CSV, parts taken from stock (never below zero), an
// estimate that picks parts, special orders and their arrival (CaseService, case_parts.cpp). On both
// backends; the four writers at once are in storage_backends_test.cpp.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sstream>

#include "core/domain/local_format.h"
#include "core/notify/outbox.h"
#include "core/present/event_text.h"
#include "core/present/status_view.h"
#include "core/services/case_service.h"
#include "core/services/parts_service.h"
#include "core/storage/csv_import.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::at;

constexpr const char* kPartsCsv =
    "sku,name,cost_cents,price_cents,stock,low_at,supplier\n"
    "SCR-1,Screen assembly,4000,8900,2,1,Acme Parts\n"
    "BAT-1,Battery,1500,4900,0,1,Acme Parts\n"
    "PORT-1,Charging port,300,2900,10,2,\n";

class Parts : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    auto report = import_parts(kPartsCsv);
    ASSERT_TRUE(report.committed());
  }
  ImportReport import_parts(const std::string& csv) {
    std::istringstream in(csv);
    auto report = import_csv(*db, ImportKind::parts, in, config.time_zone);
    EXPECT_TRUE(report) << report.error().message;
    return report.value_or(ImportReport{});
  }
  // A repair on the bench (being diagnosed), for a phone sold a month ago.
  Case bench_repair(bool consent = true) {
    std::string serial = "SN-P" + std::to_string(++repairs_);
    add_sale("P-" + serial, now - std::chrono::days{30}, {{"PHONE-1", serial}});
    RepairDraft draft = repair_draft(serial);
    draft.customer.notify_consent = consent;
    auto opened = cases->open_repair(draft, "kiosk");
    EXPECT_TRUE(opened) << opened.error().message;
    auto diagnosing = cases->advance(opened->code, CaseStatus::diagnosing, {"tech", "", false});
    EXPECT_TRUE(diagnosing) << diagnosing.error().message;
    return *diagnosing;
  }
  std::int64_t stock(const std::string& sku) {
    auto part = PartsService(*db).find(sku);
    EXPECT_TRUE(part) << part.error().message;
    return part ? part->stock : -1;
  }
  Case reload(const Case& c) { return *cases->find_by_code(c.code); }
  PartOrderDraft order(const std::string& sku, const std::string& ref, const std::string& expected) {
    return PartOrderDraft{.sku = sku, .quantity = 1, .supplier = "", .reference = ref, .expected = expected};
  }
  int repairs_ = 0;
};

TEST_F(Parts, TheListIsImportedByCsvAndAnEmptyStockKeepsTheCount) {
  auto parts = PartsService(*db).list(false);
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ(parts->front().sku, "BAT-1") << "by SKU";
  auto screen = PartsService(*db).find(" SCR-1 ");
  ASSERT_TRUE(screen);
  EXPECT_EQ(screen->name, "Screen assembly");
  EXPECT_EQ(screen->cost_cents, 4000);
  EXPECT_EQ(screen->price_cents, 8900);
  EXPECT_EQ(screen->stock, 2);
  EXPECT_EQ(screen->supplier, "Acme Parts");

  // The supplier's new price list: no stock column, so the counts stay.
  auto again =
      import_parts("sku,name,cost_cents,price_cents\nSCR-1,Screen assembly,4200,9400\nBAT-1,Battery,1500,4900\n");
  EXPECT_EQ(again.updated, 1);
  EXPECT_EQ(again.unchanged, 1);
  EXPECT_EQ(stock("SCR-1"), 2);
  EXPECT_EQ(PartsService(*db).find("SCR-1")->price_cents, 9400);
  // A stock count replaces it.
  EXPECT_EQ(import_parts("sku,name,cost_cents,price_cents,stock\nSCR-1,Screen assembly,4200,9400,7\n").updated, 1);
  EXPECT_EQ(stock("SCR-1"), 7);

  auto low = PartsService(*db).list(true);
  ASSERT_TRUE(low);
  ASSERT_EQ(low->size(), 1u) << "at or below low_at: BAT-1 (0 of 1); not PORT-1 (10 of 2) nor SCR-1 (7 of 1)";
  EXPECT_EQ(low->front().sku, "BAT-1");
}

TEST_F(Parts, BadRowsOfThePartsListAreReportedWithTheirLinesAndNothingIsImported) {
  auto report = import_parts(
      "sku,name,cost_cents,price_cents,stock,supplier\n"
      "NEW-1,Back cover,500,1900,3,Acme\n"
      ",No sku,1,1,1,\n"
      "NEW-2,,1,1,1,\n"
      "NEW-3,Speaker,-5,1900,1,\n"
      "NEW-4,Speaker,500,12.50,1,\n"
      "NEW-5,Speaker,500,1900,-1,\n"
      "NEW-1,Back cover again,500,1900,3,Acme\n");
  EXPECT_FALSE(report.committed());
  ASSERT_EQ(report.errors.size(), 6u);
  EXPECT_EQ(report.errors[0].line, 3);
  EXPECT_EQ(report.errors[0].message, "sku is empty");
  EXPECT_EQ(report.errors[1].line, 4);
  EXPECT_EQ(report.errors[1].message, "name is empty for part NEW-2");
  EXPECT_EQ(report.errors[2].message, "cost_cents '-5' must be whole cents, like 4500 for 45.00");
  EXPECT_EQ(report.errors[3].message, "price_cents '12.50' must be whole cents, like 4500 for 45.00");
  EXPECT_EQ(report.errors[4].message, "stock '-1' must be a whole number of at least 0");
  EXPECT_EQ(report.errors[5].line, 8);
  EXPECT_EQ(report.errors[5].message, "part NEW-1 is in the file twice");
  EXPECT_EQ(count("SELECT count(*) FROM parts"), 3) << "NEW-1 (a good row) was not kept either";

  std::istringstream no_prices("sku,name\nX,Y\n");
  auto refused = import_csv(*db, ImportKind::parts, no_prices, config.time_zone);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "line 1: the header lacks the columns cost_cents, price_cents; expected the columns "
            "sku,name,cost_cents,price_cents,stock,low_at,supplier");
}

TEST_F(Parts, UsingAPartTakesItFromStockWithItsRecordAndTheCasesEvent) {
  Case repair = bench_repair();
  auto used = cases->use_part(repair.code, "SCR-1", 1, "tech");
  ASSERT_TRUE(used) << used.error().message;
  EXPECT_EQ(stock("SCR-1"), 1);
  auto on_case = PartsService(*db).used_on(repair.id);
  ASSERT_TRUE(on_case);
  ASSERT_EQ(on_case->size(), 1u);
  EXPECT_EQ(on_case->front().sku, "SCR-1");
  EXPECT_EQ(on_case->front().unit_price_cents, 8900) << "at the day's price";
  auto events = *cases->events(repair.id);
  EXPECT_EQ(events.back().kind, EventKind::part_used);
  EXPECT_FALSE(events.back().customer_visible);
  EXPECT_EQ(staff_event_text(events.back()), "Used 1 x Screen assembly (SCR-1) from stock");
}

TEST_F(Parts, StockNeverGoesBelowZeroAndTheRefusalSaysWhatIsThere) {
  Case repair = bench_repair();
  auto short_of = cases->use_part(repair.code, "SCR-1", 3, "tech");
  ASSERT_FALSE(short_of);
  EXPECT_EQ(short_of.error().kind, ErrorKind::refused);
  EXPECT_EQ(short_of.error().message,
            "Only 2 of SCR-1 (Screen assembly) in stock; 3 wanted. Use what is there, or order the rest.");
  auto none = cases->use_part(repair.code, "BAT-1", 1, "tech");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "BAT-1 (Battery) is out of stock. Order it for the repair with `parts order`.");
  ASSERT_TRUE(cases->use_part(repair.code, "SCR-1", 2, "tech")) << "all there is";
  EXPECT_EQ(stock("SCR-1"), 0);
  EXPECT_FALSE(cases->use_part(repair.code, "SCR-1", 1, "tech"));
  EXPECT_EQ(stock("SCR-1"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM part_uses"), 1) << "nothing recorded for the refusals";
  EXPECT_EQ(count("SELECT count(*) FROM case_events WHERE kind = 'part_used'"), 1);
}

TEST_F(Parts, APartUsedByMistakeGoesBackOnTheShelfButNoMoreThanWasUsed) {
  Case repair = bench_repair();
  ASSERT_TRUE(cases->use_part(repair.code, "PORT-1", 2, "tech"));
  auto too_many = cases->put_back_part(repair.code, "PORT-1", 3, "tech");
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().message, "This repair used 2 of PORT-1 (Charging port); 3 cannot go back.");
  auto never_used = cases->put_back_part(repair.code, "SCR-1", 1, "tech");
  ASSERT_FALSE(never_used);
  EXPECT_EQ(never_used.error().message, "This repair used 0 of SCR-1 (Screen assembly); 1 cannot go back.");
  EXPECT_EQ(stock("SCR-1"), 2);

  auto back = cases->put_back_part(repair.code, "PORT-1", 1, "tech");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(stock("PORT-1"), 9);
  auto events = *cases->events(repair.id);
  EXPECT_EQ(events.back().kind, EventKind::part_put_back);
  EXPECT_FALSE(events.back().customer_visible);
  EXPECT_EQ(staff_event_text(events.back()), "Put back 1 x Charging port (PORT-1) into stock");
  ASSERT_TRUE(cases->put_back_part(repair.code, "PORT-1", 1, "tech"));
  EXPECT_FALSE(cases->put_back_part(repair.code, "PORT-1", 1, "tech")) << "all of it is back";
  EXPECT_EQ(stock("PORT-1"), 10);

  // Cancelling a repair puts nothing back by itself: what was used was fitted or opened.
  ASSERT_TRUE(cases->use_part(repair.code, "SCR-1", 1, "tech"));
  ASSERT_TRUE(cases->advance(repair.code, CaseStatus::cancelled, {"clerk", "Customer withdrew", true}));
  EXPECT_EQ(stock("SCR-1"), 1);
}

TEST_F(Parts, TheDatabaseItselfRefusesStockBelowZero) {
  EXPECT_THROW(db->exec("UPDATE parts SET stock = stock - 1 WHERE sku = 'BAT-1'"), StorageError);
  EXPECT_EQ(stock("BAT-1"), 0);
}

TEST_F(Parts, BadRequestsToUseAPartAreClearAndChangeNothing) {
  Case repair = bench_repair();
  auto unknown = cases->use_part(repair.code, "NOPE-9", 1, "tech");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);
  EXPECT_EQ(unknown.error().message,
            "There is no part NOPE-9 in the parts list. Check the SKU, or import it with `parts import`.");
  for (std::int64_t quantity : {0, -2, 1001}) {
    auto bad = cases->use_part(repair.code, "PORT-1", quantity, "tech");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message,
              fmt::format("The quantity must be a whole number from 1 to 1000 (got {}).", quantity));
  }
  auto no_case = cases->use_part("R00-000-000", "PORT-1", 1, "tech");
  EXPECT_FALSE(no_case);

  add_sale("P-NEW", now - std::chrono::days{30}, {{"PHONE-1", "SN-NEW"}});
  Case checked_in = *cases->open_repair(repair_draft("SN-NEW"), "kiosk");
  auto too_early = cases->use_part(checked_in.code, "PORT-1", 1, "tech");
  ASSERT_FALSE(too_early);
  EXPECT_EQ(too_early.error().message,
            "Parts are used while a repair is being diagnosed or repaired; this one is \"Checked in\".");
  EXPECT_EQ(stock("PORT-1"), 10);
}

TEST_F(Parts, AnEstimatePicksPartsFromTheListOrAFreeLine) {
  Case repair = bench_repair();
  std::vector<EstimateLine> lines{{"part", "", 1, 8900, "SCR-1"}, {"labour", "Fitting", 1, 3000}};
  auto estimated = cases->record_estimate(repair.code, lines, "tech");
  ASSERT_TRUE(estimated) << estimated.error().message;
  auto saved = *cases->estimate(repair.id);
  ASSERT_EQ(saved.size(), 2u);
  EXPECT_EQ(saved[0].sku, "SCR-1");
  EXPECT_EQ(saved[0].description, "Screen assembly") << "named as the list names it";
  EXPECT_EQ(saved[1].sku, "") << "a free line, as before";
  EXPECT_EQ(stock("SCR-1"), 2) << "an estimate takes nothing from stock";

  Case other = bench_repair();
  auto unknown = cases->record_estimate(other.code, {{"part", "", 1, 100, "NOPE-9"}}, "tech");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "There is no part NOPE-9 in the parts list. Check the SKU, or write a free line.");
  EXPECT_EQ(reload(other).status, CaseStatus::diagnosing) << "nothing recorded";
  EXPECT_TRUE(cases->estimate(other.id)->empty());
}

TEST_F(Parts, AnOrderedPartMakesTheRepairWaitAndThePromiseFollowsTheExpectedDay) {
  Case repair = bench_repair();
  Instant promised_before = repair.promised_at(now);
  auto ordered = cases->order_part(repair.code, order("BAT-1", "PO-1001", "2026-03-20"), "clerk");
  ASSERT_TRUE(ordered) << ordered.error().message;
  EXPECT_EQ(ordered->supplier, "Acme Parts") << "the part's own supplier, when none is given";
  Case waiting = reload(repair);
  EXPECT_EQ(waiting.status, CaseStatus::awaiting_parts);
  // The promise: the supplier's day plus what the repair had left to do; it does not move with the clock.
  Instant end_of_expected = config.time_zone.start_of(testing::day(2026, 3, 21)) - std::chrono::seconds{1};
  EXPECT_EQ(waiting.promised_at(now), end_of_expected + (promised_before - now));
  EXPECT_EQ(waiting.promised_at(now + std::chrono::days{5}), waiting.promised_at(now));
  EXPECT_EQ(*cases->part_expected_by(repair.id), testing::day(2026, 3, 20));

  auto events = *cases->events(repair.id);
  const CaseEvent& e = events.back();
  EXPECT_EQ(e.kind, EventKind::part_ordered);
  EXPECT_TRUE(e.customer_visible);
  EXPECT_EQ(e.to, CaseStatus::awaiting_parts);
  EXPECT_EQ(staff_event_text(e), "Ordered 1 x Battery (BAT-1) from Acme Parts, reference PO-1001, expected 2026-03-20");
  EXPECT_EQ(customer_event_text(e, Language::en, "EUR", {}), "Part ordered: Battery, expected by 20 Mar 2026");
  EXPECT_EQ(customer_event_text(e, Language::es, "EUR", {}),
            "Pieza pedida: Battery, prevista para el " + format_date(testing::day(2026, 3, 20), Language::es));
}

TEST_F(Parts, ThePhonePageSaysWhenThePartIsExpectedInTheCustomersLanguage) {
  Case repair = bench_repair();
  ASSERT_TRUE(cases->order_part(repair.code, order("BAT-1", "PO-2001", "2026-03-20"), "clerk"));
  const std::pair<Language, std::string> expected[] = {{Language::en, "Part expected by 20 Mar 2026"},
                                                       {Language::es, "Pieza prevista para el "},
                                                       {Language::fr, "Pièce attendue pour le "}};
  for (const auto& [language, words] : expected) {
    auto view = build_status_view(*cases, repair.token, config, language);
    ASSERT_TRUE(view) << view.error().message;
    ASSERT_TRUE(view->part_expected);
    EXPECT_EQ(*view->part_expected,
              trf(language, "Part expected by {}", format_date(testing::day(2026, 3, 20), language)));
    EXPECT_TRUE(view->part_expected->starts_with(words)) << *view->part_expected;
    EXPECT_EQ(view->part_expected_on, "2026-03-20");
    EXPECT_EQ(view->next_step, tr(language, "We are waiting for a part; the promised date follows its delivery."))
        << "the promise is not paused by an ordered part's wait";
  }
  ASSERT_TRUE(cases->record_part_arrival("PO-2001", std::nullopt, "clerk"));
  auto after = build_status_view(*cases, repair.token, config, Language::en);
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->part_expected) << "once it is in, the line goes";
}

TEST_F(Parts, BadOrdersAreRefusedClearlyAndChangeNothing) {
  Case repair = bench_repair();
  auto refused = [&](const PartOrderDraft& draft) {
    auto r = cases->order_part(repair.code, draft, "clerk");
    EXPECT_FALSE(r);
    return r ? std::string() : r.error().message;
  };
  EXPECT_EQ(refused(order("BAT-1", "PO-1", "2026-02-28")),
            "The expected date 2026-02-28 is in the past (today is 2026-03-01).");
  EXPECT_EQ(refused(order("BAT-1", "PO-1", "next week")),
            "The expected date 'next week' is not a date like 2026-03-08.");
  EXPECT_EQ(refused(order("BAT-1", "PO-1", "2026-13-01")),
            "The expected date '2026-13-01' is not a date like 2026-03-08.");
  EXPECT_EQ(refused(order("NOPE-9", "PO-1", "2026-03-20")),
            "There is no part NOPE-9 in the parts list. Check the SKU, or import it with `parts import`.");
  EXPECT_EQ(refused(order("BAT-1", " ", "2026-03-20")), "Give the supplier's order reference (--ref).");
  EXPECT_EQ(refused(order("PORT-1", "PO-1", "2026-03-20")),
            "Say which supplier the part is ordered from (--supplier): the parts list names none for PORT-1.");
  PartOrderDraft none = order("BAT-1", "PO-1", "2026-03-20");
  none.quantity = 0;
  EXPECT_EQ(refused(none), "The quantity must be a whole number from 1 to 1000 (got 0).");
  EXPECT_EQ(reload(repair).status, CaseStatus::diagnosing);
  EXPECT_EQ(count("SELECT count(*) FROM part_orders"), 0);

  ASSERT_TRUE(cases->order_part(repair.code, order("BAT-1", "PO-1", "2026-03-20"), "clerk"));
  Case other = bench_repair();
  auto taken = cases->order_part(other.code, order("BAT-1", "PO-1", "2026-03-20"), "clerk");
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().kind, ErrorKind::conflict);
  EXPECT_EQ(taken.error().message, "The order reference PO-1 is already recorded. Each order has its own reference.");
  EXPECT_EQ(reload(other).status, CaseStatus::diagnosing);

  ASSERT_TRUE(cases->record_estimate(other.code, {{"labour", "Fitting", 1, 3000}}, "tech"));
  auto undecided = cases->order_part(other.code, order("BAT-1", "PO-2", "2026-03-20"), "clerk");
  ASSERT_FALSE(undecided);
  EXPECT_EQ(undecided.error().message,
            "The customer has not decided on the estimate yet. Record their decision first, then order the part.");
  ASSERT_TRUE(cases->advance(other.code, CaseStatus::cancelled, {"clerk", "Customer withdrew", true}));
  auto closed = cases->order_part(other.code, order("BAT-1", "PO-2", "2026-03-20"), "clerk");
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().message, "This repair is closed (Cancelled); it needs no more parts.");
}

TEST_F(Parts, TheArrivalAddsStockMovesTheRepairOnAndTellsTheCustomer) {
  Case repair = bench_repair();
  ASSERT_TRUE(cases->order_part(repair.code, order("BAT-1", "PO-3001", "2026-03-20"), "clerk"));
  long long messages = count("SELECT count(*) FROM outbox");
  auto arrived = cases->record_part_arrival(" PO-3001 ", std::nullopt, "clerk");
  ASSERT_TRUE(arrived) << arrived.error().message;
  EXPECT_TRUE(arrived->moved_on);
  EXPECT_EQ(arrived->quantity, 1);
  EXPECT_EQ(stock("BAT-1"), 1);
  Case on_bench = reload(repair);
  EXPECT_EQ(on_bench.status, CaseStatus::repairing);
  EXPECT_FALSE(on_bench.paused_since);
  auto events = *cases->events(repair.id);
  EXPECT_EQ(events.back().kind, EventKind::part_arrived);
  EXPECT_EQ(events.back().from, CaseStatus::awaiting_parts);
  EXPECT_EQ(events.back().to, CaseStatus::repairing);
  EXPECT_EQ(customer_event_text(events.back(), Language::en, "EUR", {}), "Part arrived: Battery");
  EXPECT_EQ(staff_event_text(events.back()), "Part arrived: 1 x Battery (BAT-1), order PO-3001");
  EXPECT_EQ(count("SELECT count(*) FROM outbox"), messages + 1);
  auto sent = Outbox(*db).for_case(repair.id);
  ASSERT_TRUE(sent);
  ASSERT_FALSE(sent->empty());
  EXPECT_EQ(sent->back().subject, fmt::format("The part for your repair {} has arrived", repair.code));
  ASSERT_TRUE(cases->use_part(repair.code, "BAT-1", 1, "tech")) << "and the technician fits it";

  auto twice = cases->record_part_arrival("PO-3001", std::nullopt, "clerk");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().message, "The order PO-3001 already arrived, on 2026-03-01.");
  auto unknown = cases->record_part_arrival("PO-9999", std::nullopt, "clerk");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "There is no part order with the reference PO-9999.");
  auto negative = cases->record_part_arrival("PO-3001", -1, "clerk");
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().message, "The quantity must be a whole number from 1 to 1000 (got -1).");
  EXPECT_EQ(stock("BAT-1"), 0);
}

TEST_F(Parts, PartOfAnOrderArrivingLeavesTheRestOnOrderAndTheRepairWaiting) {
  Case repair = bench_repair();
  PartOrderDraft three = order("BAT-1", "PO-3101", "2026-03-20");
  three.quantity = 3;
  ASSERT_TRUE(cases->order_part(repair.code, three, "clerk"));
  long long messages = count("SELECT count(*) FROM outbox");
  auto some = cases->record_part_arrival("PO-3101", 2, "clerk");
  ASSERT_TRUE(some) << some.error().message;
  EXPECT_EQ(some->still_to_come, 1);
  EXPECT_FALSE(some->moved_on);
  EXPECT_EQ(stock("BAT-1"), 2);
  EXPECT_EQ(reload(repair).status, CaseStatus::awaiting_parts) << "one battery is still on its way";
  EXPECT_EQ(*cases->part_expected_by(repair.id), testing::day(2026, 3, 20));
  EXPECT_EQ(count("SELECT count(*) FROM outbox"), messages) << "the customer hears when the repair goes on";
  auto events = *cases->events(repair.id);
  EXPECT_FALSE(events.back().customer_visible);
  EXPECT_EQ(staff_event_text(events.back()), "Part arrived: 2 x Battery (BAT-1), order PO-3101. 1 more to come");

  // The rest by the supplier's file, naming only the SKU: it goes to the order waiting for it.
  std::istringstream rest("reference,sku,quantity\n,BAT-1,1\n");
  auto report = cases->record_part_arrivals(rest, "clerk");
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_TRUE(report->committed());
  EXPECT_EQ(report->to_stock, 0);
  EXPECT_EQ(stock("BAT-1"), 3);
  EXPECT_EQ(reload(repair).status, CaseStatus::repairing);
  EXPECT_EQ(count("SELECT count(*) FROM outbox"), messages + 1);
  auto again = cases->record_part_arrival("PO-3101", std::nullopt, "clerk");
  ASSERT_FALSE(again) << "the order is complete";
}

TEST_F(Parts, WithoutConsentTheArrivalTellsNobody) {
  Case repair = bench_repair(false);
  ASSERT_TRUE(cases->order_part(repair.code, order("BAT-1", "PO-4001", "2026-03-20"), "clerk"));
  ASSERT_TRUE(cases->record_part_arrival("PO-4001", std::nullopt, "clerk"));
  EXPECT_EQ(reload(repair).status, CaseStatus::repairing);
  EXPECT_EQ(count(fmt::format("SELECT count(*) FROM outbox WHERE case_id = {}", repair.id)), 0);
}

TEST_F(Parts, ARepairWaitingForTwoPartsGoesOnWhenTheLastArrivesAndALatePartMovesThePromise) {
  Case repair = bench_repair();
  ASSERT_TRUE(cases->order_part(repair.code, order("BAT-1", "PO-A", "2026-03-05"), "clerk"));
  ASSERT_TRUE(cases->order_part(repair.code, order("SCR-1", "PO-B", "2026-03-10"), "clerk"));
  EXPECT_EQ(*cases->part_expected_by(repair.id), testing::day(2026, 3, 10)) << "the later of the two";
  Instant promised = reload(repair).promised_at(now);

  auto first = cases->record_part_arrival("PO-B", std::nullopt, "clerk");
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->moved_on) << "the battery is still on its way";
  EXPECT_EQ(reload(repair).status, CaseStatus::awaiting_parts);

  // The battery comes two days after the day it was expected by... the later day of the two was
  // 2026-03-10; it comes on 2026-03-12 in the afternoon.
  now = at("2026-03-12T15:00:00Z");
  auto last = cases->record_part_arrival("PO-A", std::nullopt, "clerk");
  ASSERT_TRUE(last);
  EXPECT_TRUE(last->moved_on);
  Case on_bench = reload(repair);
  EXPECT_EQ(on_bench.status, CaseStatus::repairing);
  Instant end_of_expected = config.time_zone.start_of(testing::day(2026, 3, 11)) - std::chrono::seconds{1};
  EXPECT_EQ(on_bench.promised_at(now), promised + (now - end_of_expected)) << "late by as much as the part was";
}

TEST_F(Parts, ACancelledOrderNoLongerHoldsTheRepairOrItsPromise) {
  Case repair = bench_repair();
  Instant promised_before = repair.promised_at(now);
  ASSERT_TRUE(cases->order_part(repair.code, order("BAT-1", "PO-C1", "2026-03-05"), "clerk"));
  ASSERT_TRUE(cases->order_part(repair.code, order("SCR-1", "PO-C2", "2026-03-10"), "clerk"));
  Instant work_left = promised_before;  // measured from now, before the orders
  auto end_of = [&](int day) {
    return config.time_zone.start_of(testing::day(2026, 3, day + 1)) - std::chrono::seconds{1};
  };

  // The later order is cancelled: the promise follows the one still on its way.
  auto cancelled = cases->cancel_part_order("PO-C2", "  Discontinued by the supplier ", "clerk");
  ASSERT_TRUE(cancelled) << cancelled.error().message;
  EXPECT_TRUE(cancelled->cancelled_at);
  EXPECT_EQ(cancelled->cancel_reason, "Discontinued by the supplier");
  EXPECT_FALSE(cancelled->waiting());
  Case waiting = reload(repair);
  EXPECT_EQ(waiting.status, CaseStatus::awaiting_parts);
  EXPECT_EQ(*cases->part_expected_by(repair.id), testing::day(2026, 3, 5));
  EXPECT_EQ(waiting.promised_at(now), end_of(5) + (work_left - now));
  auto events = *cases->events(repair.id);
  EXPECT_EQ(events.back().kind, EventKind::part_order_cancelled);
  EXPECT_FALSE(events.back().customer_visible) << "the page's promise says it; the reason is the store's";
  EXPECT_EQ(staff_event_text(events.back()),
            "Order PO-C2 cancelled: 1 x Screen assembly (SCR-1) from Acme Parts. Discontinued by the supplier");

  // The last one too: the repair waits for a part with no order, its clock paused with the time it had left.
  ASSERT_TRUE(cases->cancel_part_order("PO-C1", "Customer brings the part", "clerk"));
  waiting = reload(repair);
  EXPECT_EQ(waiting.status, CaseStatus::awaiting_parts);
  EXPECT_FALSE(cases->part_expected_by(repair.id)->has_value());
  EXPECT_EQ(waiting.promised_at(now), now + (work_left - now));
  EXPECT_EQ(waiting.promised_at(now + std::chrono::days{3}), waiting.promised_at(now) + std::chrono::days{3})
      << "paused: the wait moves the promise";
  auto view = build_status_view(*cases, repair.token, config, Language::en);
  ASSERT_TRUE(view);
  EXPECT_FALSE(view->part_expected) << "no part is expected any more";

  // An arrival of a cancelled order is refused and changes nothing; the order can be placed again.
  std::int64_t stock_before = stock("BAT-1");
  auto late = cases->record_part_arrival("PO-C1", std::nullopt, "clerk");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().kind, ErrorKind::conflict);
  EXPECT_NE(late.error().message.find("was cancelled on"), std::string::npos) << late.error().message;
  EXPECT_EQ(stock("BAT-1"), stock_before);
  ASSERT_TRUE(cases->order_part(repair.code, order("BAT-1", "PO-C3", "2026-03-08"), "clerk"));
  EXPECT_EQ(*cases->part_expected_by(repair.id), testing::day(2026, 3, 8));
  ASSERT_TRUE(cases->record_part_arrival("PO-C3", std::nullopt, "clerk"));
  EXPECT_EQ(reload(repair).status, CaseStatus::repairing) << "the cancelled orders hold nothing";
}

TEST_F(Parts, BadCancellationsAreRefusedClearlyAndChangeNothing) {
  Case repair = bench_repair();
  ASSERT_TRUE(cases->order_part(repair.code, order("BAT-1", "PO-D1", "2026-03-05"), "clerk"));
  auto refused = [&](std::string_view ref, std::string_view reason, ErrorKind kind, std::string_view words) {
    auto r = cases->cancel_part_order(ref, reason, "clerk");
    ASSERT_FALSE(r) << ref;
    EXPECT_EQ(r.error().kind, kind) << r.error().message;
    EXPECT_NE(r.error().message.find(words), std::string::npos) << r.error().message;
  };
  refused("PO-D1", "   ", ErrorKind::invalid_input, "Say why");
  refused("PO-D1", std::string(kMaxCancelReason + 1, 'x'), ErrorKind::invalid_input, "under 200");
  refused("PO-NONE", "gone", ErrorKind::not_found, "no part order with the reference PO-NONE");
  EXPECT_TRUE(*cases->part_expected_by(repair.id)) << "still waiting after the refusals";
  ASSERT_TRUE(cases->cancel_part_order("PO-D1", "gone", "clerk"));
  refused("PO-D1", "again", ErrorKind::conflict, "already cancelled");
  ASSERT_TRUE(cases->order_part(repair.code, order("BAT-1", "PO-D2", "2026-03-05"), "clerk"));
  ASSERT_TRUE(cases->record_part_arrival("PO-D2", std::nullopt, "clerk"));
  refused("PO-D2", "late", ErrorKind::conflict, "already arrived");

  // The order of a repair cancelled while the part was on its way: the closed repair is left alone.
  Case gone = bench_repair();
  ASSERT_TRUE(cases->order_part(gone.code, order("BAT-1", "PO-D3", "2026-03-05"), "clerk"));
  ASSERT_TRUE(cases->advance(gone.code, CaseStatus::cancelled, {"clerk", "Customer withdrew", false}));
  std::size_t events_before = cases->events(gone.id)->size();
  refused("PO-D3", "not needed", ErrorKind::refused, "is closed");
  EXPECT_EQ(cases->events(gone.id)->size(), events_before);
}

TEST_F(Parts, AnOrderCancelledAfterTheRepairWentOnGivesBackThePromiseItHeld) {
  Case repair = bench_repair();
  Instant promised_before = repair.promised_at(now);
  ASSERT_TRUE(cases->order_part(repair.code, order("BAT-1", "PO-E1", "2026-03-20"), "clerk"));
  ASSERT_NE(reload(repair).promised_at(now), promised_before) << "the order moved the promise";
  // A battery turned up in a drawer: the bench goes on, and the order is cancelled after.
  ASSERT_TRUE(cases->advance(repair.code, CaseStatus::repairing, {"tech", "", false}));
  ASSERT_TRUE(cases->cancel_part_order("PO-E1", "Found one in stock", "clerk"));
  Case on_bench = reload(repair);
  EXPECT_EQ(on_bench.status, CaseStatus::repairing);
  EXPECT_EQ(on_bench.promised_at(now), promised_before) << "the time it had left, from now";
  EXPECT_FALSE(on_bench.paused_since) << "a repair on the bench does not wait";
}

TEST_F(Parts, ASuppliersFileOfArrivalsIsRecordedEntirelyOrNotAtAll) {
  Case repair = bench_repair();
  ASSERT_TRUE(cases->order_part(repair.code, order("BAT-1", "PO-5001", "2026-03-20"), "clerk"));
  Case other = bench_repair();
  ASSERT_TRUE(cases->order_part(other.code, order("SCR-1", "PO-5002", "2026-03-20"), "clerk"));
  auto record = [&](const std::string& csv) {
    std::istringstream in(csv);
    auto report = cases->record_part_arrivals(in, "clerk");
    EXPECT_TRUE(report) << report.error().message;
    return report.value_or(ArrivalsReport{});
  };
  auto bad = record(
      "reference,sku,quantity\n"
      "PO-5001,,1\n"
      "PO-7777,,1\n"
      ",NOPE-9,2\n"
      "PO-5002,BAT-1,1\n"
      ",PORT-1,-3\n"
      ",,1\n");
  EXPECT_FALSE(bad.committed());
  ASSERT_EQ(bad.errors.size(), 5u);
  EXPECT_EQ(bad.errors[0].line, 3);
  EXPECT_EQ(bad.errors[0].message, "no part order has the reference 'PO-7777'");
  EXPECT_EQ(bad.errors[1].message, "unknown part SKU 'NOPE-9': import the parts first");
  EXPECT_EQ(bad.errors[2].message, "the order PO-5002 is for SCR-1, not BAT-1");
  EXPECT_EQ(bad.errors[3].message, "quantity '-3' must be a whole number from 1 to 1000");
  EXPECT_EQ(bad.errors[4].line, 7);
  EXPECT_EQ(bad.errors[4].message, "the row names neither an order reference nor a SKU");
  EXPECT_EQ(reload(repair).status, CaseStatus::awaiting_parts) << "the good first row was not kept either";
  EXPECT_EQ(stock("BAT-1"), 0);

  // By reference, and by SKU: a delivery of 3 screens closes the order waiting for one; 2 go to the shelf.
  auto good = record("reference,sku,quantity\nPO-5001,,1\n,SCR-1,3\n");
  ASSERT_TRUE(good.committed());
  ASSERT_EQ(good.arrivals.size(), 2u);
  EXPECT_EQ(good.to_stock, 2);
  EXPECT_EQ(reload(repair).status, CaseStatus::repairing);
  EXPECT_EQ(reload(other).status, CaseStatus::repairing);
  EXPECT_EQ(stock("BAT-1"), 1);
  EXPECT_EQ(stock("SCR-1"), 5);

  std::istringstream no_quantity("reference\nPO-5001\n");
  auto refused = cases->record_part_arrivals(no_quantity, "clerk");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "line 1: the header needs the columns reference,quantity (or sku,quantity for a delivery that names no "
            "order)");
}

}  // namespace
}  // namespace aftersales
