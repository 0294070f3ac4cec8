// A repair transferred to another store of a chain (core/services/case_transfer.h): the refusals,
// the closed case and its record, headquarters passing the record on, and the destination opening
// its own case once, with the history. Both stores share this one database here (each turn under
// its own store id); replication itself runs in tests/integration/chain_of_stores_test.sh.
#include "core/services/case_transfer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/domain/case_code.h"
#include "core/present/event_text.h"
#include "core/storage/chain.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::TestStore;

// A single store (a SQLite file, or PostgreSQL outside a chain) has nowhere to send a repair.
TEST_F(TestStore, ATransferNeedsAChainOfStores) {
  add_sale("S-1", now, {{"PHONE-1", "SN-1"}});
  auto opened = cases->open_repair(repair_draft("SN-1"), "kiosk");
  ASSERT_TRUE(opened) << opened.error().message;
  auto moved = cases->transfer(opened->code, "BCN01", "tech", "");
  ASSERT_FALSE(moved);
  EXPECT_NE(moved.error().message.find("chain of stores"), std::string::npos) << moved.error().message;
  EXPECT_EQ(cases->find_by_code(opened->code)->status, CaseStatus::checked_in);
  EXPECT_EQ(count("SELECT count(*) FROM case_transfers"), 0);
  auto stores = CaseTransfers(*db).destinations();
  ASSERT_TRUE(stores);
  EXPECT_TRUE(stores->empty());
}

TEST(TransferSnapshot, BadTextIsRefusedNeverUsedHalfWay) {
  for (const char* bad : {"", "not json", "[]", "{\"version\": 1}", "{\"version\": 2, \"case\": {}}",
                          "{\"version\": 1, \"case\": {\"code\": 5}, \"events\": [], \"estimate\": []}"}) {
    auto parsed = parse_transfer_snapshot(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().kind, ErrorKind::invalid_input) << bad;
  }
  TransferredCase sent;
  sent.c.code = "RZW-TH9-Z57";
  sent.estimate = {{"part", "Screen", 1, 8900}};
  ASSERT_TRUE(parse_transfer_snapshot(transfer_snapshot(sent)));
  for (const EstimateLine& bad : {EstimateLine{"gift", "Screen", 1, 8900}, EstimateLine{"part", "Screen", 0, 8900},
                                  EstimateLine{"part", "Screen", 1, -1}}) {
    sent.estimate = {bad};
    EXPECT_FALSE(parse_transfer_snapshot(transfer_snapshot(sent))) << bad.kind << " x" << bad.quantity;
  }
  sent.estimate.clear();
  sent.paid_cents = -1;
  EXPECT_FALSE(parse_transfer_snapshot(transfer_snapshot(sent))) << "a negative amount paid";
  sent.paid_cents = 4000;
  EXPECT_EQ(parse_transfer_snapshot(transfer_snapshot(sent))->paid_cents, 4000);
  // Written before money was recorded: no amount, nothing paid.
  auto older = nlohmann::json::parse(transfer_snapshot(sent));
  older.erase("paid_cents");
  auto parsed_older = parse_transfer_snapshot(older.dump());
  ASSERT_TRUE(parsed_older);
  EXPECT_EQ(parsed_older->paid_cents, 0);
  sent.c.kind = CaseKind::return_item;
  EXPECT_FALSE(parse_transfer_snapshot(transfer_snapshot(sent))) << "only repairs travel";
}

class Transfers : public TestStore {
 protected:
  void SetUp() override {
    if (!testing::testing_on_postgres()) GTEST_SKIP() << "a chain runs on PostgreSQL (tests/support/with_postgres.sh)";
    TestStore::SetUp();
    add_sale("S-1", now, {{"PHONE-1", "SN-1"}});
    add_sale("S-2", now, {{"TV-1", ""}});  // a store takes its sales from headquarters: before it is one
    db->exec(
        "INSERT INTO chain_stores (store_id, number, added_at, name) VALUES ('MAD01', 1, 'x', 'Madrid Centro'), "
        "('BCN01', 2, 'x', 'Barcelona Diagonal')");
  }
  void become(std::string_view role, std::string_view store_id = "", int number = 0) {
    std::string number_text = std::to_string(number);
    for (auto [key, value] : {std::pair<std::string_view, std::string_view>{"chain.role", role},
                              {"chain.store_id", store_id},
                              {"chain.store_number", number_text}})
      db->prepare("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2")
          .bind_all(key, value)
          .run();
  }
  // At store MAD01: a repair diagnosed, estimated and approved, then being repaired.
  Case repair_being_repaired() {
    auto opened = cases->open_repair(repair_draft("SN-1"), "kiosk");
    EXPECT_TRUE(opened) << opened.error().message;
    EXPECT_TRUE(cases->advance(opened->code, CaseStatus::diagnosing, CaseChange{.actor = "tech-a"}));
    EXPECT_TRUE(cases->add_note(opened->code, CaseChange{"tech-a", "Board looks fine", true}));
    EXPECT_TRUE(cases->record_estimate(opened->code, {{"part", "Screen", 1, 8900}}, "tech-a"));
    EXPECT_TRUE(cases->decide_estimate(opened->code, true, "customer"));
    return *cases->find_by_code(opened->code);
  }
  // What headquarters' apply worker does with a store's record: the row arrives under
  // session_replication_role = replica, where only ENABLE ALWAYS triggers fire.
  void arrive_at_headquarters() {
    become("headquarters");
    db->exec("SET session_replication_role = replica");
    db->exec(
        "CREATE TEMP TABLE arriving AS SELECT * FROM case_transfers; DELETE FROM case_transfers; "
        "INSERT INTO case_transfers SELECT * FROM arriving; DROP TABLE arriving");
    db->exec("SET session_replication_role = origin");
  }
};

TEST_F(Transfers, RefusedClearly) {
  become("store", "MAD01", 1);
  auto opened = cases->open_repair(repair_draft("SN-1"), "kiosk");
  ASSERT_TRUE(opened) << opened.error().message;
  auto refusal = [&](std::string_view code, std::string_view store) {
    auto moved = cases->transfer(code, store, "tech", "");
    return moved ? std::string("(transferred)") : moved.error().message;
  };
  EXPECT_NE(refusal(opened->code, "MAD01").find("already at store MAD01"), std::string::npos);
  EXPECT_NE(refusal(opened->code, "mad01").find("already at store MAD01"), std::string::npos);
  EXPECT_NE(refusal(opened->code, "VLC09").find("no store VLC09"), std::string::npos);
  EXPECT_NE(refusal(opened->code, "B-1").find("like MAD01"), std::string::npos);

  ASSERT_TRUE(cases->advance(opened->code, CaseStatus::diagnosing, CaseChange{.actor = "tech"}));
  ASSERT_TRUE(cases->record_estimate(opened->code, {{"part", "Screen", 1, 8900}}, "tech"));
  EXPECT_NE(refusal(opened->code, "BCN01").find("not decided on the estimate"), std::string::npos);

  ASSERT_TRUE(cases->advance(opened->code, CaseStatus::cancelled, CaseChange{.actor = "tech", .note = "Gone"}));
  EXPECT_NE(refusal(opened->code, "BCN01").find("already closed"), std::string::npos);

  auto returned =
      cases->open_return({"S-2", "TV-1", 1, ReturnReason::changed_mind, ItemCondition::sealed, "", {}}, "c");
  ASSERT_TRUE(returned) << returned.error().message;
  EXPECT_NE(refusal(returned->code, "BCN01").find("Only a repair"), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM case_transfers"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE status = 'transferred'"), 0);

  // A loaner stays with its store: back before the repair goes.
  ASSERT_TRUE(cases->add_loaner({"L-07", "iPhone 8", "", ""}));
  auto lent = cases->open_repair(repair_draft("SN-1"), "kiosk");
  ASSERT_TRUE(lent) << lent.error().message;
  ASSERT_TRUE(cases->lend_loaner(lent->code, "L-07", "clerk"));
  EXPECT_EQ(refusal(lent->code, "BCN01"),
            "Loaner L-07 (iPhone 8) is out with this repair. Take it back before transferring it: loaners stay with "
            "their store.");
  ASSERT_TRUE(cases->return_loaner(lent->code, "", "clerk"));
  EXPECT_EQ(refusal(lent->code, "BCN01"), "(transferred)");

  // Nor does any ordinary status change lead there.
  auto other = cases->open_repair(repair_draft("SN-1"), "kiosk");
  ASSERT_TRUE(other);
  EXPECT_FALSE(cases->advance(other->code, CaseStatus::transferred, CaseChange{.actor = "tech"}));
}

TEST_F(Transfers, FromAToBKeepsTheHistoryAndTheCustomersLink) {
  become("store", "MAD01", 1);
  Case before = repair_being_repaired();
  auto history = cases->events(before.id);
  ASSERT_TRUE(history);
  auto stores = CaseTransfers(*db).destinations();
  ASSERT_TRUE(stores);
  EXPECT_EQ(*stores, std::vector<std::string>{"BCN01"});

  now += std::chrono::hours{2};
  auto moved = cases->transfer(before.code, "bcn01", "tech-a", "Needs the depot's board station");
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(moved->status, CaseStatus::transferred);
  EXPECT_EQ(moved->transferred_to, "BCN01");
  EXPECT_FALSE(moved->is_open());
  Case left = *cases->find_by_code(before.code);
  EXPECT_EQ(left.status, CaseStatus::transferred);
  EXPECT_EQ(left.transferred_to, "BCN01");
  auto left_events = cases->events(before.id);
  ASSERT_TRUE(left_events);
  EXPECT_EQ(staff_event_text(left_events->back()), "Transferred to store BCN01. Needs the depot's board station");
  EXPECT_EQ(count("SELECT count(*) FROM case_transfers WHERE store_id = 'MAD01' AND to_store = 'BCN01'"), 1);
  // At A, until B has it: the customer's case says where it went.
  auto whereabouts = follow_transfers(*db, left);
  ASSERT_TRUE(whereabouts);
  EXPECT_TRUE(whereabouts->in_transit);
  EXPECT_EQ(whereabouts->moved_to, "BCN01");
  EXPECT_EQ(whereabouts->current.code, before.code);

  arrive_at_headquarters();
  EXPECT_EQ(count("SELECT count(*) FROM chain_transfers WHERE from_store = 'MAD01' AND to_store = 'BCN01'"), 1);

  become("store", "BCN01", 2);
  now += std::chrono::hours{20};
  auto applied = CaseTransfers(*db, [this] { return now; }).apply_waiting(*cases);
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(applied->applied, 1);
  EXPECT_EQ(applied->refused, 0);
  auto again = CaseTransfers(*db).apply_waiting(*cases);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->applied + again->refused, 0) << "a transfer opens one case";

  auto carried = load_case_carrying_on(*db, before.code);
  ASSERT_TRUE(carried);
  EXPECT_EQ(case_code_store_number(carried->code), 2) << carried->code;
  EXPECT_NE(carried->token, before.token);
  EXPECT_EQ(carried->status, CaseStatus::checked_in);
  EXPECT_EQ(carried->transferred_from, before.code);
  EXPECT_EQ(carried->customer_phone, before.customer_phone);
  EXPECT_EQ(carried->estimate_state, "approved");
  EXPECT_TRUE(carried->was_repaired);
  EXPECT_EQ(carried->created_at, before.created_at);
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE store_id = 'BCN01'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM transfers_applied WHERE store_id = 'BCN01' AND outcome = 'applied' AND "
                  "case_id = " +
                  std::to_string(carried->id)),
            1);

  auto estimate = cases->estimate(carried->id);
  ASSERT_TRUE(estimate);
  ASSERT_EQ(estimate->size(), 1u);
  EXPECT_EQ((*estimate)[0].unit_cents, 8900);
  auto events = cases->events(carried->id);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), left_events->size() + 1) << "A's history, then the arrival";
  for (std::size_t i = 0; i < left_events->size(); ++i) {
    EXPECT_EQ((*events)[i].at, (*left_events)[i].at) << i;
    EXPECT_EQ((*events)[i].actor, (*left_events)[i].actor) << i;
    EXPECT_EQ((*events)[i].kind, (*left_events)[i].kind) << i;
    EXPECT_EQ((*events)[i].details.at_store, "MAD01") << i;
  }
  EXPECT_EQ(staff_event_text((*events)[2]), "Board looks fine (at store MAD01)");
  EXPECT_EQ(staff_event_text(events->back()), "Received from store MAD01 (case " + before.code + ")");
  EXPECT_EQ(customer_event_text(events->back(), Language::es, "EUR"), "Llegado de nuestra tienda MAD01");
  EXPECT_EQ(customer_event_text(events->back(), Language::es, "EUR", chain_stores(*db)),
            "Llegado de nuestra tienda Madrid Centro")
      << "customers read a store's name where headquarters gave one";

  // The customer is told where it is now (they agreed to messages).
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE case_id = " + std::to_string(carried->id) +
                  " AND subject LIKE '%now at our store Barcelona Diagonal%'"),
            1);

  // The old link leads to B's case; B works it as its own.
  whereabouts = follow_transfers(*db, left);
  ASSERT_TRUE(whereabouts);
  EXPECT_FALSE(whereabouts->in_transit);
  EXPECT_EQ(whereabouts->moved_to, "BCN01");
  EXPECT_EQ(whereabouts->current.code, carried->code);
  ASSERT_TRUE(cases->advance(carried->code, CaseStatus::diagnosing, CaseChange{.actor = "tech-b"}));

  // A record applied again by hand (say its confirmation was lost) opens no second case.
  TransferRecord record{before.id, "MAD01", "BCN01", ""};
  Statement snapshot = db->prepare("SELECT snapshot FROM chain_transfers");
  ASSERT_TRUE(snapshot.step());
  record.snapshot = snapshot.get_text(0);
  auto twice = cases->receive_transfer(record);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, ErrorKind::conflict);
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE transferred_from = '" + before.code + "'"), 1);
}

TEST_F(Transfers, WhatWasPaidGoesWithTheRepairAndAPartOnOrderKeepsItHere) {
  become("store", "MAD01", 1);
  Case before = repair_being_repaired();
  ASSERT_TRUE(cases->record_payment(before.code, {PaymentKind::deposit, PaymentMethod::card, 5000, ""}, "clerk"));
  ASSERT_TRUE(
      cases->record_payment(before.code, {PaymentKind::refund, PaymentMethod::card, 1000, "Price match"}, "clerk"));
  db->exec("INSERT INTO parts (sku, name, cost_cents, price_cents, stock) VALUES ('BAT-1', 'Battery', 1500, 4900, 0)");
  ASSERT_TRUE(cases->order_part(
      before.code, PartOrderDraft{.sku = "BAT-1", .supplier = "Acme", .reference = "PO-77", .expected = "2026-03-20"},
      "clerk"));
  auto held = cases->transfer(before.code, "BCN01", "tech-a", "");
  ASSERT_FALSE(held);
  EXPECT_EQ(held.error().message,
            "The part Battery is on order for this repair here (PO-77). Record its arrival or cancel the order "
            "before the transfer, or keep the repair at this store.");
  EXPECT_EQ(count("SELECT count(*) FROM case_transfers"), 0);
  ASSERT_TRUE(cases->record_part_arrival("PO-77", std::nullopt, "clerk"));

  auto moved = cases->transfer(before.code, "BCN01", "tech-a", "");
  ASSERT_TRUE(moved) << moved.error().message;
  auto here = cases->money(*moved);
  ASSERT_TRUE(here);
  EXPECT_EQ(here->due_cents(), 0) << "settled here: the money went on with the repair";
  EXPECT_EQ(here->credit_cents(), 0);
  auto more = cases->record_payment(before.code, {PaymentKind::payment, PaymentMethod::cash, 100, ""}, "clerk");
  ASSERT_FALSE(more);
  EXPECT_EQ(more.error().message,
            "This repair went on at store BCN01, with what was paid here; its money is taken there.");

  arrive_at_headquarters();
  become("store", "BCN01", 2);
  auto applied = CaseTransfers(*db, [this] { return now; }).apply_waiting(*cases);
  ASSERT_TRUE(applied) << applied.error().message;
  ASSERT_EQ(applied->applied, 1);
  auto carried = load_case_carrying_on(*db, before.code);
  ASSERT_TRUE(carried);
  auto money = cases->money(*carried);
  ASSERT_TRUE(money);
  EXPECT_EQ(money->paid_cents, 4000) << "the deposit less the refund";
  EXPECT_EQ(money->due_cents(), 8900 - 4000);
  auto paid = cases->payments(carried->id);
  ASSERT_TRUE(paid);
  ASSERT_EQ(paid->size(), 1u);
  EXPECT_EQ((*paid)[0].note, "Paid at store MAD01 before the transfer");
  EXPECT_EQ((*paid)[0].actor, "transfer");
  EXPECT_EQ(count("SELECT count(*) FROM payments WHERE store_id = 'BCN01'"), 1);
}

TEST_F(Transfers, AnUnreadableRecordIsRecordedOnceAndHoldsNothingBack) {
  become("headquarters");
  db->exec(
      "INSERT INTO chain_transfers (case_id, from_store, to_store, transferred_at, snapshot) VALUES "
      "(7, 'MAD01', 'BCN01', '2026-03-01T10:00:00Z', '{broken')");
  become("store", "BCN01", 2);
  auto applied = CaseTransfers(*db).apply_waiting(*cases);
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(applied->applied, 0);
  EXPECT_EQ(applied->refused, 1);
  EXPECT_EQ(count("SELECT count(*) FROM cases"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM transfers_applied WHERE transfer_id = 7 AND case_id IS NULL"), 1);
  auto again = CaseTransfers(*db).apply_waiting(*cases);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->refused, 0);
}

}  // namespace
}  // namespace aftersales
