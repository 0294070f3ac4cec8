// A chain of stores (shared/core/storage/chain.h): who owns each row, and the guards that keep a
// store's rows its own. Replication itself runs in tests/integration/chain_of_stores_test.sh, on
// three PostgreSQL servers.
#include "core/storage/chain.h"

#include <gtest/gtest.h>

#include "core/domain/case_code.h"
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

TEST_F(ChainGuards, ChainStatusOutsideAChainHasNoLinksAndNoWarnings) {
  auto status = chain_status(*db);
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(status->self.role, ChainRole::none);
  EXPECT_TRUE(status->links.empty());
  EXPECT_TRUE(status->warnings.empty());
}

}  // namespace
}  // namespace aftersales
