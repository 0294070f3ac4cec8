// A chain of stores (shared/core/storage/chain.h): who owns each row, and the guards that keep a
// store's rows its own. Replication itself runs in tests/integration/chain_of_stores_test.sh, on
// three PostgreSQL servers.
#include "core/storage/chain.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/domain/case_code.h"
#include "core/services/phone_answers.h"
#include "core/storage/migrations.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::TestStore;

TEST(StoreId, IsShortCapitalsAndDigits) {
  EXPECT_EQ(*parse_store_id("mad01"), "MAD01");
  EXPECT_EQ(*parse_store_id("BCN2"), "BCN2");
  for (const char* bad : {"", "A", "MAD-01", "TOOLONGSTOREID", "HQ", "mad 1", "MÁD01"}) {
    auto parsed = parse_store_id(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_NE(parsed.error().message.find("like MAD01"), std::string::npos);
  }
}

// A store on its own (a SQLite file, or PostgreSQL outside a chain) is what it always was.
TEST_F(TestStore, OutsideAChainRowsBelongToNoStoreAndCodesUseEveryBit) {
  ChainMembership self = chain_membership(*db);
  EXPECT_EQ(self.role, ChainRole::none);
  EXPECT_EQ(self.store_number, 0);
  add_sale("S-1", now, {{"PHONE-1", "SN-1"}});
  auto opened = cases->open_repair(repair_draft("SN-1"), "kiosk");
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE store_id = ''"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM case_events WHERE store_id = ''"), 1);
}

// A unit returned at another store of the chain (chain_returns, kept by headquarters) is not taken
// back again here; the store's own returns count as before. On both backends: the same SQL.
TEST_F(TestStore, AUnitReturnedAtAnotherStoreIsNotReturnedAgain) {
  add_sale("S-9", now - std::chrono::days{2}, {{"TV-1", "", 2}});
  db->exec("INSERT INTO settings (key, value) VALUES ('chain.store_id', 'MAD01')");
  long long line =
      count("SELECT id FROM sale_lines WHERE sale_id = (SELECT id FROM sales WHERE receipt_number = 'S-9')");
  std::string one_returned_elsewhere =
      "INSERT INTO chain_returns (case_id, store_id, sale_line_id, quantity) VALUES (7, 'BCN01', " +
      std::to_string(line) + ", 1)";
  db->exec(one_returned_elsewhere);
  ReturnDraft draft{"S-9", "TV-1", 2, ReturnReason::changed_mind, ItemCondition::sealed, "", {}};
  auto both = cases->open_return(draft, "counter");
  ASSERT_FALSE(both) << "two returned where one is left";
  draft.quantity = 1;
  auto one = cases->open_return(draft, "counter");
  ASSERT_TRUE(one) << one.error().message;
  auto again = cases->open_return(draft, "counter");
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("already been returned"), std::string::npos) << again.error().message;
  // A row for this store's own return is not counted twice.
  db->exec("DELETE FROM chain_returns");
  db->exec("INSERT INTO chain_returns (case_id, store_id, sale_line_id, quantity) VALUES (8, 'MAD01', " +
           std::to_string(line) + ", 1)");
  EXPECT_TRUE(cases->open_return(draft, "counter"));
}

class ChainGuards : public TestStore {
 protected:
  void SetUp() override {
    if (!testing::testing_on_postgres()) GTEST_SKIP() << "a chain runs on PostgreSQL (tests/support/with_postgres.sh)";
    TestStore::SetUp();
    add_sale("S-1", now, {{"PHONE-1", "SN-1"}});
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
  std::string refusal(const std::string& sql) {
    try {
      db->exec(sql);
    } catch (const StorageError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(ChainGuards, AStoreWritesItsOwnRowsUnderItsIdAndCodesFromItsShare) {
  become("store", "MAD01", 5);
  ChainMembership self = chain_membership(*db);
  EXPECT_EQ(self.role, ChainRole::store);
  EXPECT_EQ(self.store_id, "MAD01");
  EXPECT_EQ(self.store_number, 5);
  for (int i = 0; i < 20; ++i) {
    auto opened = cases->open_repair(repair_draft("SN-1"), "kiosk");
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(case_code_store_number(opened->code), 5) << opened->code;
  }
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE store_id = 'MAD01'"), 20);
  EXPECT_EQ(count("SELECT count(*) FROM case_events WHERE store_id = 'MAD01'"), 20);
  EXPECT_EQ(count("SELECT count(*) FROM case_search WHERE store_id = 'MAD01'"), 20);
}

// The store's id and role are folded into constants (schema 18), rewritten whenever a chain.*
// setting changes: a connection that was writing before the database joined the chain writes
// under the store's id after, as headquarters writes no case, and a change rolled back is undone.
// A store of a chain upgraded to schemas 20 to 29: the new store-owned tables draw their ids from
// the store's share, like the tables `chain add-store` gave it (otherwise two stores' first payments
// are both id 1 and collide at headquarters, stalling replication).
TEST_F(ChainGuards, AStoreUpgradedToNewTablesDrawsTheirIdsFromItsShare) {
  become("store", "MAD01", 5);
  // Back to schema 19, as the store was before the upgrade.
  db->exec(
      "ALTER TABLE outbox DROP COLUMN attachment_name, DROP COLUMN attachment; "
      "DROP TABLE case_photos; DROP TABLE return_holds; DROP TABLE return_blocklist; "
      "DROP FUNCTION aftersales_return_contact_blocked(text, text, text); "
      "DROP FUNCTION aftersales_return_blocklist_in_force(text); DROP FUNCTION aftersales_return_handover(bigint); "
      "DROP TABLE claim_lines; DROP TABLE vendor_claims; DROP TABLE loans; DROP TABLE loaners; DROP TABLE payments; "
      "DROP TABLE part_orders; DROP TABLE part_uses; "
      "ALTER TABLE estimate_lines DROP COLUMN part_id; DROP TABLE parts; "
      "DROP FUNCTION aftersales_take_store_ids(regclass)");
  {
    WriteTransaction tx(*db);
    db->connection().set_schema_version(19);
    tx.commit();
  }
  auto upgraded = apply_migrations(*db, all_migrations(Backend::postgresql));
  ASSERT_TRUE(upgraded) << upgraded.error().message;
  auto opened = cases->open_repair(repair_draft("SN-1"), "kiosk");
  ASSERT_TRUE(opened) << opened.error().message;
  ASSERT_TRUE(cases->record_payment(opened->code, {PaymentKind::deposit, PaymentMethod::cash, 1000, ""}, "clerk"));
  EXPECT_EQ(count("SELECT count(*) FROM payments WHERE id > 5000000000000 AND id < 6000000000000"), 1);
  for (const char* owned : {"parts", "part_uses", "part_orders", "loaners", "loans", "vendor_claims", "claim_lines",
                            "return_blocklist", "return_holds", "case_photos"})
    EXPECT_EQ(count(fmt::format("SELECT min_value FROM pg_sequences WHERE sequencename = '{}_id_seq'", owned)),
              5000000000001)
        << owned;
}

TEST_F(ChainGuards, AConnectionOpenBeforeTheChainChangedFollowsItsSettings) {
  auto other = Database::open(where.location());
  ASSERT_TRUE(other) << other.error().message;
  CaseService there(*other, config, [this] { return now; });
  ASSERT_TRUE(there.open_repair(repair_draft("SN-1"), "kiosk"));
  {
    WriteTransaction tx(*db);
    become("store", "BCN01", 3);
  }  // rolled back
  ASSERT_TRUE(there.open_repair(repair_draft("SN-1"), "kiosk"));
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE store_id = ''"), 2);
  become("store", "MAD01", 5);
  auto opened = there.open_repair(repair_draft("SN-1"), "kiosk");
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(case_code_store_number(opened->code), 5) << opened->code;
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE store_id = 'MAD01'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM case_search WHERE store_id = 'MAD01'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM case_events WHERE store_id = 'MAD01'"), 1);
  become("headquarters");
  auto at_headquarters = there.open_repair(repair_draft("SN-1"), "kiosk");
  ASSERT_FALSE(at_headquarters);
  EXPECT_NE(at_headquarters.error().message.find("headquarters"), std::string::npos) << at_headquarters.error().message;
}

TEST_F(ChainGuards, AStoreNeitherTakesAnotherStoresRowNorWritesTheCatalog) {
  become("store", "MAD01", 5);
  ASSERT_TRUE(cases->open_repair(repair_draft("SN-1"), "kiosk"));
  EXPECT_NE(refusal("UPDATE cases SET store_id = 'BCN01'").find("only that store may change it"), std::string::npos);
  EXPECT_NE(refusal("INSERT INTO products (sku, name) VALUES ('NEW-1', 'New')").find("from headquarters"),
            std::string::npos);
  EXPECT_NE(refusal("UPDATE sales SET store = 'X'").find("from headquarters"), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE store_id = 'MAD01'"), 1);
}

TEST_F(ChainGuards, HeadquartersOpensNoCaseButKeepsTheCatalog) {
  become("headquarters");
  auto opened = cases->open_repair(repair_draft("SN-1"), "counter");
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("headquarters"), std::string::npos) << opened.error().message;
  EXPECT_EQ(count("SELECT count(*) FROM cases"), 0);
  EXPECT_EQ(refusal("INSERT INTO products (sku, name) VALUES ('NEW-1', 'New')"), "");
}

// The phone page's answer at headquarters, then the store applying it: once, and an answer whose
// case is not at the store is recorded as not possible without holding the others back.
TEST_F(ChainGuards, AnAnswerKeptAtHeadquartersIsAppliedOnceAtItsStore) {
  auto opened = cases->open_repair(repair_draft("SN-1"), "kiosk");
  ASSERT_TRUE(opened) << opened.error().message;
  ASSERT_TRUE(cases->advance(opened->code, CaseStatus::diagnosing, CaseChange{.actor = "tech"}));
  auto estimated = cases->record_estimate(opened->code, {{"part", "Screen", 1, 8900}}, "tech");
  ASSERT_TRUE(estimated) << estimated.error().message;

  become("headquarters");
  PhoneAnswers answers(*db, [this] { return now; });
  ASSERT_TRUE(answers.keep_estimate_answer(*estimated, true));
  auto second = answers.keep_estimate_answer(*estimated, false);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, ErrorKind::conflict);
  auto waiting = answers.waiting(estimated->id, PhoneAnswerKind::estimate);
  ASSERT_TRUE(waiting && *waiting);
  EXPECT_TRUE((*waiting)->approved);
  db->exec(
      "INSERT INTO phone_answers (store_id, case_id, kind, approved, received_at) "
      "VALUES ('', 999999, 'estimate', 1, '2026-03-01T10:00:00Z')");  // a case this store does not have

  become("store", "", 1);  // the case was opened before, under store id ''
  auto applied = answers.apply_waiting(*cases);
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(applied->applied, 1);
  EXPECT_EQ(applied->refused, 1);
  auto after = cases->find_by_code(opened->code);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, CaseStatus::repairing);
  EXPECT_EQ(after->estimate_state, "approved");
  auto again = answers.apply_waiting(*cases);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->applied + again->refused, 0);
  EXPECT_EQ(count("SELECT count(*) FROM case_events WHERE kind = 'estimate_approved'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM phone_answers_applied WHERE outcome = 'applied'"), 1);
  auto none = answers.waiting(estimated->id, PhoneAnswerKind::estimate);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

TEST_F(ChainGuards, ChainStatusOutsideAChainHasNoLinksAndNoWarnings) {
  auto status = chain_status(*db);
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(status->self.role, ChainRole::none);
  EXPECT_TRUE(status->links.empty());
  EXPECT_TRUE(status->warnings.empty());
}

}  // namespace
}  // namespace aftersales
