// A unit's history by serial (core/services/device_history.h): every case for it and for the
// units it was swapped with under warranty, oldest first, from any serial of the chain; on both
// backends.
#include "core/services/device_history.h"

#include <gtest/gtest.h>

#include "core/services/case_service.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

class DeviceHistoryOf : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    add_sale("H-1", now - std::chrono::days{200}, {{"PHONE-1", "SN-FIRST"}});
    add_sale("H-2", now - std::chrono::days{100}, {{"PHONE-1", "SN-OTHER"}});
  }
  // A repair of `serial`, an hour after the last one.
  Case repair_of(const std::string& serial) {
    now += std::chrono::hours{1};
    auto opened = cases->open_repair(repair_draft(serial), "kiosk");
    EXPECT_TRUE(opened) << opened.error().message;
    return *opened;
  }
  static std::vector<std::string> codes(const DeviceHistory& h) {
    std::vector<std::string> out;
    for (const Case& c : h.cases) out.push_back(c.code);
    return out;
  }
};

TEST_F(DeviceHistoryOf, EveryCaseOfTheUnitAndOfTheUnitsSwappedForItOldestFirst) {
  Case first = repair_of("SN-FIRST");
  ASSERT_TRUE(cases->advance(first.code, CaseStatus::diagnosing, {"tech", "", false}));
  ASSERT_TRUE(cases->advance(first.code, CaseStatus::ready_for_pickup, {"tech", "", false}));
  ASSERT_TRUE(cases->advance(first.code, CaseStatus::completed, {"clerk", "", false}));
  Case second = repair_of("SN-FIRST");
  now += std::chrono::hours{1};
  ASSERT_TRUE(cases->record_replacement(second.code, "SN-SWAP-1", "tech"));
  Case third = repair_of("SN-SWAP-1");
  now += std::chrono::hours{1};
  ASSERT_TRUE(cases->record_replacement(third.code, "SN-SWAP-2", "tech"));
  Case fourth = repair_of("SN-SWAP-2");
  repair_of("SN-OTHER");  // another unit: not in this one's history

  for (const char* asked : {"SN-FIRST", "SN-SWAP-1", "SN-SWAP-2", " sn-swap-2 "}) {
    auto h = device_history(*db, asked);
    ASSERT_TRUE(h) << h.error().message;
    EXPECT_EQ(h->serials, (std::vector<std::string>{"SN-FIRST", "SN-SWAP-1", "SN-SWAP-2"})) << asked;
    EXPECT_EQ(codes(*h), (std::vector<std::string>{first.code, second.code, third.code, fourth.code})) << asked;
    ASSERT_EQ(h->swaps.size(), 2u) << asked;
    EXPECT_EQ(h->swaps[0].old_serial, "SN-FIRST");
    EXPECT_EQ(h->swaps[0].new_serial, "SN-SWAP-1");
    EXPECT_EQ(h->swaps[0].case_code, second.code);
    EXPECT_EQ(h->swaps[1].case_code, third.code);
  }
  auto other = device_history(*db, "SN-OTHER");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->cases.size(), 1u);
  EXPECT_TRUE(other->swaps.empty());
}

// One warranty, one unit: a unit is swapped once, by one repair, and only under warranty.
TEST_F(DeviceHistoryOf, AUnitIsSwappedOnceAndOnlyUnderWarranty) {
  Case first = repair_of("SN-FIRST");
  ASSERT_TRUE(cases->record_replacement(first.code, "SN-SWAP-1", "tech"));
  auto again = cases->record_replacement(first.code, "SN-SWAP-9", "tech");
  ASSERT_FALSE(again) << "a second unit on the same warranty";
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_EQ(again.error().message,
            "Unit SN-FIRST was already swapped for SN-SWAP-1; its warranty went with that unit.");
  Case old_unit = repair_of("SN-FIRST");  // the unit swapped away, brought in again
  EXPECT_FALSE(cases->record_replacement(old_unit.code, "SN-SWAP-8", "tech"));
  add_sale("H-3", now - std::chrono::days{3 * 365}, {{"PHONE-1", "SN-EXPIRED"}});
  auto draft = repair_draft("SN-EXPIRED");
  draft.accepts_diagnostic_fee = true;
  Case expired = *cases->open_repair(draft, "kiosk");
  auto sold = cases->record_replacement(expired.code, "SN-SWAP-7", "tech");
  ASSERT_FALSE(sold);
  EXPECT_NE(sold.error().message.find("not under warranty"), std::string::npos) << sold.error().message;
  EXPECT_EQ(count("SELECT count(*) FROM serial_replacements"), 1);
}

TEST_F(DeviceHistoryOf, AnUnknownOrEmptySerialHasNoHistory) {
  for (const char* asked : {"NEVER-SEEN", "", "   "}) {
    auto h = device_history(*db, asked);
    ASSERT_TRUE(h) << h.error().message;
    EXPECT_TRUE(h->serials.empty()) << asked;
    EXPECT_TRUE(h->cases.empty()) << asked;
  }
}

// Bad data (a swap back to an earlier unit, written by hand) never hangs the lookup.
TEST_F(DeviceHistoryOf, ALoopOfSwapsEnds) {
  Case c = repair_of("SN-FIRST");
  ASSERT_TRUE(cases->record_replacement(c.code, "SN-SWAP-1", "tech"));
  db->exec(
      "INSERT INTO serial_replacements (old_serial, new_serial, case_id, replaced_at) VALUES "
      "('SN-SWAP-1', 'SN-FIRST', NULL, '2026-03-01T12:00:00Z')");
  auto h = device_history(*db, "SN-FIRST");
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(h->swaps.size(), 2u);
  EXPECT_EQ(h->serials.size(), 2u);
  EXPECT_EQ(h->cases.size(), 1u);
}

}  // namespace
}  // namespace aftersales
